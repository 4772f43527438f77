"""The opt-in CAMeL Tools services on seed 004 (skipped where the camel extra is absent)."""

from __future__ import annotations

import io
import json

import pytest
import regex
from corpora import SEED_004

from bialign import ArabicOptions, align_article, write_alignment
from bialign.chars import ARABIC_DIACRITICS

camel = pytest.importorskip("camel_tools.utils.charmap")

ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.V1)
VOWELLED = "قالَ الكاظميُّ إنَّ العراقَ لم يعدْ بحاجةٍ إلى قواتٍ أجنبيةٍ."


def test_normalisation_rewrites_the_arabic_side_only() -> None:
    text = SEED_004.read_text(encoding="utf-8") + "\n\n" + VOWELLED
    plain = align_article(text)
    normal = align_article(text, arabic=ArabicOptions(normalize=True))
    assert normal.en == plain.en
    assert len(normal.ar) == len(plain.ar)
    joined = "".join(normal.ar)
    assert not ARABIC_DIACRITICS.search(joined)
    assert not set("أإآىة") & set(joined)
    assert "camel-normalize" in normal.signature


@pytest.mark.parametrize("scheme", ["bw", "hsb"])
def test_transliteration_travels_with_each_bead(scheme: str) -> None:
    alignment = align_article(
        SEED_004.read_text(encoding="utf-8"),
        arabic=ArabicOptions(transliteration=scheme),  # type: ignore[arg-type]
    )
    assert len(alignment.ar_transliterated) == len(alignment.ar)
    assert not any(ARABIC_LETTER.search(t) for t in alignment.ar_transliterated)
    out = io.StringIO()
    write_alignment(alignment, out, "jsonl")
    for line, bead in zip(out.getvalue().splitlines(), alignment.beads, strict=True):
        record = json.loads(line)
        assert record["ar_translit"] == [alignment.ar_transliterated[i] for i in bead.ar]


def test_command_line_adds_transliteration(capsys: pytest.CaptureFixture[str]) -> None:
    from bialign.cli import main

    assert main(["align", str(SEED_004), "--transliterate", "bw", "--camel-normalize"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and all(len(r["ar_translit"]) == len(r["ar"]) for r in records)
    transliterated = " ".join(t for r in records for t in r["ar_translit"])
    assert transliterated and not ARABIC_LETTER.search(transliterated)
