"""Text cut into pages by form feeds (pdftotext's output): running heads and feet and page
numbers left out, paragraphs a page break cuts made whole."""

from __future__ import annotations

import textwrap

import pytest
from cases import params
from corpora import SEED_004

from bialign import align_article, align_texts
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


# Page numbers as a PDF viewer's copy may have them, by page: styles may change within a
# document (a title page's, an annex's).
NUMBER_STYLES = ("- {n} -", "{n}/{pages}", "Page {n} of {pages}", "- {n} -", "صفحة {n}")


def _pdf_text(paragraphs: tuple[str, ...], head: str, lines_a_page: int, feeds: bool = True) -> str:
    """``paragraphs`` as pdftotext writes a document: wrapped at 72 columns, a blank line
    between paragraphs, pages of ``lines_a_page`` lines, each under a running head and over
    a job number and its page number; without ``feeds``, as a PDF viewer copies it: no form
    feed between pages, and the page numbers in :data:`NUMBER_STYLES` in turn."""
    lines = [line for p in paragraphs for line in (*textwrap.wrap(p, 72), "")]
    pages = [lines[at : at + lines_a_page] for at in range(0, len(lines), lines_a_page)]
    numbers = [
        f"{n}/{len(pages)}" if feeds else NUMBER_STYLES[n % 5].format(n=n, pages=len(pages))
        for n in range(1, len(pages) + 1)
    ]
    return ("\f" if feeds else "\n").join(
        "\n".join([head, "", *page, "", "16-02145", "", number, ""])
        for number, page in zip(numbers, pages, strict=True)
    )


def _sides() -> tuple[tuple[str, ...], tuple[str, ...]]:
    split = split_article(SEED_004.read_text(encoding="utf-8"))
    return split.ar, split.en


def _wrapped(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join("\n".join(textwrap.wrap(p, 72)) for p in paragraphs)


@pytest.mark.parametrize("feeds", [True, False], ids=["form feeds", "page numbers"])
@pytest.mark.parametrize("lines_a_page", [7, 12, 20])
def test_seed_004_printed_as_two_pdfs_aligns_as_its_text(lines_a_page: int, feeds: bool) -> None:
    # Each edition of seed 004 as a PDF's text, a page cutting paragraphs where it falls:
    # the same pairs as the text unpaged, and no head, job number or page number among them.
    sides = _sides()
    paged = [
        input_text(
            _pdf_text(side, "A/70/100", lines_a_page, feeds).encode(), f"004.{lang}.txt"
        ).text
        for lang, side in zip(("ar", "en"), sides, strict=True)
    ]
    expected = align_texts(*(_wrapped(side) for side in sides))
    found = align_texts(*paged)
    assert (found.ar, found.en) == (expected.ar, expected.en)
    assert [(b.ar, b.en) for b in found.beads] == [(b.ar, b.en) for b in expected.beads]


def test_both_editions_copied_from_a_pdf_viewer_align_as_their_text() -> None:
    # One file, no form feeds: the Arabic edition's pages then the English edition's, each
    # numbered from 1 under its own running head. The pages are found by their numbers.
    ar, en = _sides()
    data = "\n".join(
        [
            _pdf_text(ar, "A/70/100 الجمعية العامة", 12, False),
            _pdf_text(en, "A/70/100 General Assembly", 12, False),
        ]
    )
    read = input_text(data.encode(), "report.txt")
    assert dict(read.changes)["page-furniture"] > 0
    expected = align_article(f"{_wrapped(ar)}\n\n{_wrapped(en)}")
    found = align_article(read.text)
    assert (found.ar, found.en) == (expected.ar, expected.en)
    assert [(b.ar, b.en) for b in found.beads] == [(b.ar, b.en) for b in expected.beads]


def test_page_numbers_need_three_that_count_up_and_pages_of_text() -> None:
    # Two dashed numbers, three that do not count up one by one, a poem's stanzas numbered so
    # (a refrain opening each, as a running head would), numbers past or against their page
    # count, are the text's.
    stanza = "Oh night, oh my eyes\nThe sea is wide tonight\nيا ليل يا عين\nالبحر واسع الليلة"
    texts = [
        "\n".join(f"Line {k}.\n{number}" for k, number in enumerate(numbers))
        for numbers in (("- 1 -", "- 2 -"), ("- 1 -", "- 3 -", "- 4 -"), ("1/3", "2/4", "3/3"))
    ]
    texts.append("\n\n".join(f"- {k} -\n{stanza}" for k in range(1, 5)))
    # Pages long enough, but a page 4 of 3, a page count that changes.
    page = "A line of the page's text. " * 12
    # And a page "number" in digits Python's int does not read (Kawi, newer than its Unicode).
    kawi = "- \U00011f53 -"  # KAWI DIGIT THREE
    for numbers in (
        ("- 1 -", "2/3", "3/3", "- 4 -"),
        ("1/3", "- 2 -", "3/9"),
        ("- 1 -", "- 2 -", "- 3 -", kawi),
    ):
        texts.append("\n".join(f"{page}\n{number}" for number in numbers))
    for text in texts:
        assert input_text(text.encode(), "notes.txt").text == text
