"""Arabic misread as Windows-1252 or Latin-1 is repaired; text that was fine is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import REPO, SEED_004

from bialign.inputs import read_input
from bialign.inputs.mojibake import repair_mojibake

SEED_TEXT = "\n\n".join(p for p in SEED_004.read_text(encoding="utf-8").split("\n\n") if p.strip())


def test_the_example_is_repaired_exactly_and_the_repair_is_counted() -> None:
    read = read_input(REPO / "examples" / "inputs" / "mojibake.txt")
    assert read.text == SEED_TEXT + "\n"
    # Every line but the blank ones: the Arabic, and the English with its misread quotes,
    # macrons and no-break spaces; nothing is left for the control-character cleaning.
    assert dict(read.changes) == {"mojibake": 28}


def test_utf8_read_as_latin1_is_repaired_before_its_c1_controls_are_removed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_text(SEED_TEXT.encode("utf-8").decode("latin-1"), encoding="utf-8")
    assert read_input(path).text == SEED_TEXT


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # French in Latin-1, read as Latin-1: accents, guillemets, a ligature, a capital Ù.
        ("« Où est l'hôtel ? » demanda Zoë à l'oeil vif. OÙ ? Ça, c'est ça.\n", "latin-1"),
        # Danish and a price in UTF-8: Ø and Ù followed by letters, not by misread bytes.
        ("Ølstykke, Ærø og Ùbud: 25 € — “citat”.\n", None),
        # Arabic in UTF-8, with a Latin name and an accent.
        ("قال الرئيس ماكرون (Emmanuel Macron) إنّ المحادثات «مثمرة».\nCafé\n", None),
    ],
)
def test_text_that_was_fine_stays_as_it_was(
    text: str, encoding: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "fine.txt"
    path.write_bytes(text.encode(encoding or "utf-8"))
    read = read_input(path, encoding)
    assert (read.text, read.changes) == (text, ())


def test_the_seed_in_utf8_is_untouched() -> None:
    read = read_input(SEED_004)
    assert read.text == SEED_004.read_text(encoding="utf-8")
    assert "mojibake" not in dict(read.changes)


@pytest.mark.parametrize("text", ["Rohr Ø¾ Zoll, 12 Stück", "Size: Ø³⁄₄ in, Ørsted Ø© 2021"])
def test_signs_that_make_no_arabic_word_are_left(text: str) -> None:
    """A diameter sign before a fraction reads as one Arabic letter, never a word."""
    assert repair_mojibake(text) == (text, 0)
