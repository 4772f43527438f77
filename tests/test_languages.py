"""The language facts: word lists shipped as data, read on first use and well formed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import regex

from bialign.languages import ar, en, read_list
from bialign.lexicon.tokens import arabic_stem, normalize_arabic

REPO = Path(__file__).resolve().parents[1]


def test_no_list_is_read_at_import() -> None:
    code = (
        "import bialign.split, bialign.lexicon, bialign.segment; "
        "from bialign.languages import read_list; print(read_list.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0"]


@pytest.mark.parametrize("path", sorted((REPO / "bialign" / "data").glob("*_[ae][rn].txt")))
def test_lists_have_no_repeated_entry(path: Path) -> None:
    entries = read_list(path.name)
    assert entries
    assert len(set(entries)) == len(entries)


@pytest.mark.parametrize("language", [ar, en])
def test_furniture_phrases_are_whole_line_patterns(language: object) -> None:
    for phrase in language.furniture_phrases():  # type: ignore[attr-defined]
        assert regex.compile(phrase).pattern == phrase
        assert phrase == phrase.strip()


def test_stop_words_are_in_the_form_they_are_looked_up_in() -> None:
    assert all(word == word.lower() for word in en.stop_words())
    assert {"the", "of", "unto"} <= en.stop_words()
    unfolded = {word for word in ar.stop_words() if normalize_arabic(word) != word}
    assert unfolded <= {"على"}  # see the next test
    assert {"في", "الي", "هولاء"} <= ar.stop_words()


@pytest.mark.xfail(strict=True, reason="listed with alef maksura, looked up folded to علي")
def test_ala_is_a_stop_word() -> None:
    assert normalize_arabic("على") in ar.stop_words()


def test_calendar_is_keyed_on_stems() -> None:
    calendar = ar.calendar()
    assert calendar["يناير"] == "january"
    assert calendar[arabic_stem(normalize_arabic("حزيران"))] == "june"
    assert all(arabic_stem(stem) == stem for stem in calendar)
