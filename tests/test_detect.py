"""Script detection (bialign.detect) on real text: seeds, the vowelled Bible, UDHR, marks."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import regex
from cases import params
from compiled import needs_compiled, speedups
from corpora import records as corpus_records
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.chars import _tables, strip_marks
from bialign.detect import (
    VISUAL_ORDER_WORDS,
    Line,
    _letter_classes,
    _letter_counts,
    _letter_counts_numpy,
    _lines_python,
    _words_at_most_python,
    detect_script,
    in_visual_order,
    lines,
    paragraphs,
    script_runs,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


MARK = regex.compile(r"\p{M}")
PRESENTATION_FORM = regex.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


# Marks, tatweel, digits and invisible controls never vote.
@pytest.mark.parametrize(("text", "script"), params("scripts", "text", "script"))
def test_detect_script_verdict(text: str, script: str) -> None:
    assert detect_script(text).script == script


@pytest.mark.parametrize(
    "text",
    # Not the presentation forms: folding a lam-alef ligature makes two letters of one glyph.
    params("scripts", "text", where=lambda case: not PRESENTATION_FORM.search(case["text"])),
)
def test_marks_and_controls_do_not_change_counts(text: str) -> None:
    plain, marked = detect_script(strip_marks(text)), detect_script(text)
    assert (plain.arabic_letters, plain.latin_letters) == (
        marked.arabic_letters,
        marked.latin_letters,
    )


def test_shares_add_up_and_are_zero_without_letters() -> None:
    report = detect_script("Iraq العراق")
    assert report.arabic_share + report.latin_share == pytest.approx(1.0)
    assert report.arabic_share == pytest.approx(6 / 10)
    empty = detect_script("2021")
    assert (empty.arabic_share, empty.latin_share) == (0.0, 0.0)


def test_names_in_an_arabic_sentence_are_counted_but_do_not_vote() -> None:
    text = "قال Jean-Claude Juncker إن Wales ستبقى.\nThe Commission said so."
    report = detect_script(text)
    assert (report.arabic_letters, report.latin_letters, report.latin_names) == (10, 41, 22)
    assert report.latin_share == pytest.approx(19 / 29)
    assert [p.report for p in paragraphs(text)] == [
        detect_script(line) for line in text.split("\n")
    ]


def test_vowelled_bible_arabic_is_arabic() -> None:
    records = corpus_records("bible_svd_kjv")[::97]
    assert records
    for record in records:
        marked = detect_script(record["ar"])
        assert marked.script == "ar", record["id"]
        assert marked.arabic_letters == detect_script(strip_marks(record["ar"])).arabic_letters
        assert detect_script(record["en"]).script == "latin", record["id"]


def test_udhr_sides_are_their_scripts() -> None:
    for record in corpus_records("udhr"):
        assert detect_script(record["ar"]).script == "ar", record["id"]
        assert detect_script(record["en"]).script == "latin", record["id"]


# --- paragraphs ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_paragraph_lines_point_at_their_first_line(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    found = paragraphs(text)
    assert found
    for paragraph in found:
        assert lines[paragraph.line - 1].strip() == paragraph.text.split("\n")[0].strip()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_paragraphs_keep_every_character(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    kept = "".join(paragraph.text for paragraph in paragraphs(text))
    assert "".join(text.split()) == "".join(kept.split())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_crlf_input_gives_the_same_paragraphs(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    unix = [(p.line, p.script, p.text) for p in paragraphs(text)]
    windows = [
        (p.line, p.script, p.text.replace("\r\n", "\n"))
        for p in paragraphs(text.replace("\n", "\r\n"))
    ]
    assert windows == unix


def test_line_numbers_in_a_long_document() -> None:
    # Seed paragraphs repeated with 1, 2 and 3 blank lines between them, thousands of times:
    # every line number must still be exact (they are counted incrementally).
    body = [p.text for p in paragraphs(SEEDS[-1].read_text(encoding="utf-8"))]
    pieces = [body[i % len(body)] for i in range(3000)]
    text = ""
    expected = []
    for index, piece in enumerate(pieces):
        expected.append(text.count("\n") + 1)
        text += piece + "\n" * (2 + index % 3)
    assert [p.line for p in paragraphs(text)] == expected


def test_seed_004_is_an_english_then_arabic_block() -> None:
    found = paragraphs((REPO / "seeds" / "004_560e4bfc249f71d2.txt").read_text(encoding="utf-8"))
    scripts = [p.script for p in found]
    # The title carries the Arabic slug, so it is mixed; then 13 English, 14 Arabic.
    assert scripts == ["mixed"] + ["latin"] * 13 + ["ar"] * 14


# --- script runs ---------------------------------------------------------------------------


def test_script_runs_keep_marks_on_the_last_letter() -> None:
    assert script_runs("Hello كتابٌ") == [("latin", "Hello"), ("ar", "كتابٌ")]
    nfd = unicodedata.normalize("NFD", "Muṣṭafā الكاظمي")
    assert script_runs(nfd)[0] == ("latin", unicodedata.normalize("NFD", "Muṣṭafā"))


def test_script_runs_of_bible_verse_pairs_keep_every_letter_and_mark() -> None:
    for record in corpus_records("bible_svd_kjv")[::211]:
        text = f"{record['en']} {record['ar']}"
        runs = script_runs(text)
        assert [script for script, _ in runs] == ["latin", "ar"], record["id"]
        joined = "".join(run for _, run in runs)
        assert len(MARK.findall(joined)) == len(MARK.findall(text)), record["id"]
        letters = detect_script(text)
        assert detect_script(runs[1][1]).arabic_letters == letters.arabic_letters
        assert detect_script(runs[0][1]).latin_letters == letters.latin_letters


def test_script_runs_split_the_seed_title_at_the_slug() -> None:
    title = paragraphs((REPO / "seeds" / "004_560e4bfc249f71d2.txt").read_text("utf-8"))[0]
    runs = script_runs(title.text)
    assert [script for script, _ in runs] == ["latin", "ar"]
    assert runs[0][1].startswith("Al-Kāẓimī") and runs[0][1].endswith("Dā‘iš")
    assert runs[1][1].endswith("لمحاربة")


# Letters are counted by a table read off these two patterns; the patterns are the definition.
ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.V1)
LATIN_LETTER = regex.compile(r"[\p{Script=Latin}&&\p{L}]", regex.V1)


def assert_counts_are_the_patterns(text: str) -> None:
    report = detect_script(text)
    assert report.arabic_letters == len(ARABIC_LETTER.findall(text))
    assert report.latin_letters == len(LATIN_LETTER.findall(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_letter_counts_follow_the_patterns_on_any_text(text: str) -> None:
    assert_counts_are_the_patterns(text)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_paragraph_counts_follow_the_patterns(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    found = paragraphs(text)
    assert found
    for paragraph in found:
        assert paragraph.report == detect_script(paragraph.text)
        assert_counts_are_the_patterns(paragraph.text)


def test_letters_outside_the_basic_plane_are_counted() -> None:
    # Arabic mathematical letters (U+1EE00 block) and a Latin Extended-G letter (U+1DF00).
    assert_counts_are_the_patterns("\U0001ee00\U0001ee01 \U0001df00 \ud800 abc")


def assert_compiled_counts_are_numpys(text: str) -> None:
    """The compiled letter count gives NumPy's counts of every line of ``text`` and of all of it."""
    spans, offset = [(0, len(text))], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    assert _letter_counts(text, spans) == _letter_counts_numpy(text, spans), text


@needs_compiled
def test_compiled_letter_counts_are_numpys_on_the_seeds_and_nasty_inputs() -> None:
    for path in [*SEEDS, *(REPO / "tests" / "data" / "nasty").glob("*.txt")]:
        assert_compiled_counts_are_numpys(path.read_bytes().decode("utf-8", errors="replace"))


@needs_compiled
@pytest.mark.parametrize("name", ["bible_svd_kjv", "udhr"])
def test_compiled_letter_counts_are_numpys_on_the_corpora(name: str) -> None:
    records = corpus_records(name)
    text = "\n".join(record[lang] for record in records[:3000] for lang in ("ar", "en"))
    assert_compiled_counts_are_numpys(text)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\U0010ffff", "\n"])),
        max_size=60,
    )
)
def test_compiled_letter_counts_are_numpys_on_any_text(text: str) -> None:
    assert_compiled_counts_are_numpys(text)


def assert_compiled_lines_are_pythons(text: str) -> None:
    """The compiled cut into lines gives the Python cut's lines, numbers, counts, boundaries."""
    found = lines(text)
    assert found == _lines_python(text), text
    assert all(type(line) is Line for line in found)


@needs_compiled
def test_compiled_lines_are_pythons_on_the_seeds_and_nasty_inputs() -> None:
    for path in [*SEEDS, *(REPO / "tests" / "data" / "nasty").glob("*.txt")]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert_compiled_lines_are_pythons(text)
        # Blocks edged with white space of every kind, and in every string width.
        assert_compiled_lines_are_pythons(
            text.replace("\n", " \N{NO-BREAK SPACE}\n\t").replace(".", ".\n\u2003\n")
        )
        assert_compiled_lines_are_pythons(text + "\N{GRINNING FACE}\n \n")


def assert_compiled_word_limits_are_pythons(text: str) -> None:
    """The compiled word count agrees with Python's at every limit around ``text``'s words."""
    assert speedups is not None
    words = len(text.split())
    for limit in {0, 1, words - 1, words, words + 1, 8}:
        if limit >= 0:
            assert speedups.words_at_most(text, limit) == _words_at_most_python(text, limit), text


@needs_compiled
def test_compiled_word_limits_are_pythons_on_the_seeds_and_nasty_inputs() -> None:
    for path in [*SEEDS, *(REPO / "tests" / "data" / "nasty").glob("*.txt")]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for line in [*text.splitlines(), text[:300], text]:
            assert_compiled_word_limits_are_pythons(line)
        # White space of every kind between the words, and every string width.
        assert_compiled_word_limits_are_pythons(text.replace(" ", "\N{NO-BREAK SPACE}\t\u2003"))
        assert_compiled_word_limits_are_pythons(text[:500] + " \N{GRINNING FACE} x")


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", "\u0639", " ", "\t", "\n", "\x1c", "\u3000", "\U0001f600"])))
def test_compiled_word_limits_are_pythons_on_any_spacing(text: str) -> None:
    assert_compiled_word_limits_are_pythons(text)


@needs_compiled
@pytest.mark.parametrize("name", ["bible_svd_kjv", "udhr"])
def test_compiled_lines_are_pythons_on_the_corpora(name: str) -> None:
    records = corpus_records(name)
    assert_compiled_lines_are_pythons(
        "\n\n".join(record[lang] for record in records[:3000] for lang in ("ar", "en"))
    )


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["\n", " ", "\t", "\u3000", "\x1c", "a", "\u0628", "\ud800"])))
def test_compiled_lines_are_pythons_on_any_text(text: str) -> None:
    assert_compiled_lines_are_pythons(text)


def test_tables_read_over_planes_0_and_1_are_those_read_over_every_code_point() -> None:
    # Every Arabic or Latin letter, Arabic mark and invisible control is in planes 0 and 1,
    # which is all the tables are read off their patterns over: a Unicode version with one
    # elsewhere fails here.
    every = sys.maxunicode + 1
    assert np.array_equal(_letter_classes(((0, every),)), _letter_classes())
    assert _tables(every) == _tables()


@pytest.mark.parametrize("name", ["unv1_dev_test", "bible_svd_kjv", "udhr", "tatoeba_ara_eng"])
def test_arabic_in_logical_order_is_never_taken_for_visual(name: str) -> None:
    # Documents of 1 to 100 records of every corpus; reversed, the UN and UDHR ones with
    # enough words are all found.
    found = corpus_records(name)
    for size in (1, 3, 10, 40, 100):
        for start in range(0, len(found), max(1, len(found) // 60)):
            lines = [record["ar"] for record in found[start : start + size]]
            assert not in_visual_order(["\n".join(lines)]), (name, start, size)
            if name in ("unv1_dev_test", "udhr"):
                flipped = ["\n".join(line[::-1] for line in lines)]
                words = sum(line.count("لا ") for line in flipped)
                assert in_visual_order(flipped) or words < VISUAL_ORDER_WORDS
