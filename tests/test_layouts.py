"""The layouts benchmark's harness: every layout keeps every record's text, the gold scores
perfectly, the real pages' gold fits their units. bialign itself is measured by
``python -m benchmarks.layouts``, not here."""

from __future__ import annotations

import html
import json

import pytest

from benchmarks.layouts import REAL, OutBead, Outcome, gold_units, real_documents, score, words
from benchmarks.relay import (
    LAYOUTS,
    RIGHT_COLUMN_AT,
    Laid,
    Source,
    bible_sources,
    lay_out,
    mojibake,
    seed_source,
    un_sources,
)
from tests.corpora import CORPORA, SEED_004


def _sources() -> list[Source]:
    sources = [seed_source(SEED_004)]
    bible, un = CORPORA / "bible_svd_kjv.jsonl", CORPORA / "unv1_dev_test.jsonl"
    if bible.is_file() and un.is_file():
        for long in (False, True):
            sources += bible_sources(bible, 1, 13, long)[:1] + un_sources(un, 1, 13, long)[:1]
    return sources


SOURCES = _sources()


LAID = [laid for s in SOURCES for x in LAYOUTS if (laid := lay_out(s, x, 13)) is not None]


def _text(laid: Laid) -> str:
    """The files' text as a reader sees it: decoded, entities resolved; in two columns, the
    left column's lines, then the right's."""
    texts = []
    for _, data in laid.files:
        encoding = "utf-16" if data.startswith(b"\xff\xfe") else "utf-8"
        texts.append(html.unescape(data.decode(encoding)))
    if laid.layout in ("two-columns", "columns-flowing"):
        rows = "\n".join(texts).split("\n")
        return "\n".join(
            [row[:RIGHT_COLUMN_AT] for row in rows] + [row[RIGHT_COLUMN_AT:] for row in rows]
        )
    return "\n".join(texts)


def _name(laid: Laid) -> str:
    return f"{laid.source.name}-{laid.layout}"


@pytest.mark.parametrize("laid", [x for x in LAID if x.layout != "mojibake"], ids=_name)
def test_every_record_is_laid_out_whole(laid: Laid) -> None:
    text = "".join(words(_text(laid)))
    for record in laid.source.records:
        for side in (record.ar, record.en):
            assert "".join(words(side)) in text


@pytest.mark.parametrize("laid", [x for x in LAID if x.layout == "mojibake"], ids=_name)
def test_mojibake_is_every_record_misread(laid: Laid) -> None:
    text = laid.files[0][1].decode("utf-8")
    for record in laid.source.records:
        assert mojibake(record.ar) in text and mojibake(record.en) in text


def test_the_seed_has_fourteen_paragraph_pairs_and_no_slug() -> None:
    seed = seed_source(SEED_004)
    assert len(seed.records) == 14
    assert seed.records[0].en.endswith("“Dā‘iš”.")
    assert "الكاظمي:-العراق" in seed.blocks[0].en


def _gold_outcome(source: Source) -> Outcome:
    beads = tuple(OutBead((u.ar,), (u.en,)) for u in gold_units(source))
    return Outcome(beads, 0.0, "aligned")


@pytest.mark.parametrize(
    "source", SOURCES + [laid.source for laid in real_documents()], ids=lambda s: s.name
)
def test_the_gold_scores_perfectly(source: Source) -> None:
    tally = score(source, _gold_outcome(source))
    assert (tally.precision, tally.recall, tally.lost, tally.extra_words) == (1.0, 1.0, 0, 0)


def test_a_bead_across_two_units_costs_precision() -> None:
    source = seed_source(SEED_004)
    units = gold_units(source)
    beads = (OutBead((units[0].ar, units[1].ar), (units[0].en, units[1].en)),)
    tally = score(source, Outcome(beads, 0.0, "aligned"))
    assert (tally.true_links, tally.predicted_links, tally.gold_links) == (2, 4, 14)


def test_the_real_pages_gold_fits_their_units() -> None:
    manifest = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        units = json.loads((REAL / entry["units"]).read_text(encoding="utf-8"))
        used: dict[str, list[int]] = {"ar": [], "en": []}
        for line in (REAL / entry["gold"]).read_text().splitlines():
            ar, en = line.split(":")
            used["ar"] += json.loads(ar)
            used["en"] += json.loads(en)
        for side in ("ar", "en"):
            assert used[side] == sorted(set(used[side]))  # in order, each unit once
            assert all(0 <= i < len(units[side]) for i in used[side])
        assert entry["split"] in ("dev", "held-apart") and entry["licence"]
        assert all((REAL / f).stat().st_size < 50_000 for f in entry["files"])
