"""Text in two columns side by side, one language each (``pdftotext -layout`` of a bilingual
PDF): read a block at a time down each column, not row by row."""

from __future__ import annotations

import pytest
from cases import load, params
from corpora import SEED_004

from benchmarks.layouts import OutBead, verdicts
from benchmarks.relay import lay_out, seed_source
from bialign import align_article
from bialign.detect import side_of
from bialign.inputs import input_text
from bialign.inputs.columns import side_by_side


@pytest.mark.parametrize(("text", "read"), params("columns", "text", "read", id_field="name"))
def test_columns_are_read_down_one_after_the_other(text: str, read: list[str] | None) -> None:
    found = side_by_side(text)
    assert (None if found is None else list(found[:2])) == read


def test_each_column_is_read_as_its_own_pages() -> None:
    # Each language's running head is found at its column's page edges, and a sentence that
    # runs on to the next page is made whole within its column.
    (case,) = [c for c in load("columns") if c["name"].startswith("pages in two columns under")]
    read = input_text(case["text"].encode(), "report.txt")
    assert "Universal Declaration" not in read.text and "الإعلان العالمي" not in read.text
    assert "without a\nvote, and elected" in read.text
    assert "أعمالها\nدون تصويت" in read.text
    assert dict(read.changes)["page-furniture"] == 9  # three heads a column, three numbers
    assert dict(read.changes)["moved-marks"] == 2  # the full stops set first: put back


def test_a_pdf_s_arabic_lines_get_their_closing_marks_back_and_other_text_keeps_its_own() -> None:
    # pdftotext, with or without -layout, sets a right-to-left line's closing mark first.
    pages = "\f".join(
        f"{head}\n\n.وقررت اللجنة عقد دورتها {n}\n:وقال الرئيس\n\n{n}\n"
        for n, head in ((1, "تقرير اللجنة"), (2, "تقرير اللجنة"), (3, "تقرير اللجنة"))
    )
    read = input_text(pages.encode(), "report.txt")
    assert read.text.count("وقررت اللجنة عقد دورتها") == 3 and ".وقررت" not in read.text
    assert "وقال الرئيس:" in read.text and dict(read.changes)["moved-marks"] == 6
    plain = ".وقررت اللجنة عقد دورتها\n.وقال الرئيس\n"  # not a PDF's: as it is
    assert input_text(plain.encode(), "note.txt").text == plain


def test_the_seed_article_in_two_columns_pairs_its_sentences() -> None:
    source = seed_source(SEED_004)
    laid = lay_out(source, "two-columns", seed=13)
    assert laid is not None
    ((name, data),) = laid.files
    read = input_text(data, name)
    assert dict(read.changes)["column-rows"] > 40
    result = align_article(read.text)
    pairs = [
        OutBead(tuple(result.ar[i] for i in b.ar), tuple(result.en[j] for j in b.en))
        for b in result.beads
        if b.ar and b.en
    ]
    right = verdicts(source, pairs)
    # The one wrong pair: the title's Arabic URL slug, wrapped into the Arabic column.
    assert len(pairs) >= 15 and right.count(False) <= 1
    assert not any(side_of(sentence) == "ar" for sentence in result.en)
