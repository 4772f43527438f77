"""Text cut into pages by form feeds (pdftotext's output): running heads and feet and page
numbers left out, paragraphs a page break cuts made whole."""

from __future__ import annotations

import textwrap

import pytest
from cases import params
from corpora import SEED_004

from bialign import align_texts
from bialign.inputs import input_text
from bialign.inputs.pages import pages_to_text
from bialign.split import split_article


@pytest.mark.parametrize(("pages", "text"), params("pages", "pages", "text", id_field="name"))
def test_pages_are_read_as_the_document_has_its_text(pages: list[str], text: str) -> None:
    assert pages_to_text("\f".join(pages))[0] == text


def test_a_text_with_form_feeds_is_read_as_pages_and_says_what_it_left_out() -> None:
    data = b"A/70/100\n\nThe Council met on\n\n2\n\fA/70/100\n\nMonday.\n\n3\n"
    read = input_text(data, "report.txt")
    assert read.text == "The Council met on\nMonday."
    assert dict(read.changes)["page-furniture"] == 4
    assert input_text(b"A/70/100\n\nThe Council met.\n", "report.txt").changes == ()


def _pdf_text(paragraphs: tuple[str, ...], head: str, lines_a_page: int) -> str:
    """``paragraphs`` as pdftotext writes a document: wrapped at 72 columns, a blank line
    between paragraphs, pages of ``lines_a_page`` lines, each under a running head and over
    a job number and its page number."""
    lines = [line for p in paragraphs for line in (*textwrap.wrap(p, 72), "")]
    pages = [lines[at : at + lines_a_page] for at in range(0, len(lines), lines_a_page)]
    return "\f".join(
        "\n".join([head, "", *page, "", "16-02145", "", f"{number}/{len(pages)}", ""])
        for number, page in enumerate(pages, 1)
    )


@pytest.mark.parametrize("lines_a_page", [7, 12, 20])
def test_seed_004_printed_as_two_pdfs_aligns_as_its_text(lines_a_page: int) -> None:
    # Each edition of seed 004 as a PDF's text, a page cutting paragraphs where it falls:
    # the same pairs as the text unpaged, and no head, job number or page number among them.
    split = split_article(SEED_004.read_text(encoding="utf-8"))
    paged = [
        input_text(_pdf_text(side, "A/70/100", lines_a_page).encode(), f"004.{lang}.txt").text
        for lang, side in (("ar", split.ar), ("en", split.en))
    ]
    flat = [
        "\n\n".join("\n".join(textwrap.wrap(p, 72)) for p in side) for side in (split.ar, split.en)
    ]
    expected = align_texts(*flat)
    found = align_texts(*paged)
    assert (found.ar, found.en) == (expected.ar, expected.en)
    assert [(b.ar, b.en) for b in found.beads] == [(b.ar, b.en) for b in expected.beads]
