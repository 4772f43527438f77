"""Filters: what each one keeps and removes, and the statistics that account for it."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from output_samples import SAMPLES, bible, seed_004

from bialign.filter import HISTOGRAM_BINS, filter_beads, score_histogram
from bialign.records import ArticleAlignment, Bead


@pytest.fixture(params=list(SAMPLES))
def alignment(request: pytest.FixtureRequest) -> ArticleAlignment:
    return SAMPLES[request.param]()


def test_defaults_keep_everything(alignment: ArticleAlignment) -> None:
    kept, stats = filter_beads(alignment)
    assert kept == alignment
    assert stats.kinds_before == stats.kinds_after
    assert stats.histogram_before == stats.histogram_after
    assert stats.removed == ()
    assert stats.beads_before == stats.beads_after == len(alignment.beads)


def test_drop_unaligned_removes_exactly_the_beads_with_an_empty_side() -> None:
    sample = bible()
    kept, stats = filter_beads(sample, drop_unaligned=True)
    gone = [b for b in sample.beads if not (b.ar and b.en)]
    assert {b.kind for b in gone} == {"1-0", "0-1"}
    assert kept.beads == tuple(b for b in sample.beads if b.ar and b.en)
    (removed,) = stats.removed
    assert (removed.name, removed.beads) == ("unaligned", len(gone))
    assert removed.ar_sentences == sum(len(b.ar) for b in gone) == 1
    assert removed.en_sentences == sum(len(b.en) for b in gone) == 1
    assert removed.ar_chars == sum(len(sample.ar[i]) for b in gone for i in b.ar)
    assert removed.en_chars == sum(len(sample.en[i]) for b in gone for i in b.en)


def test_filtering_keeps_the_sentence_lists_whole() -> None:
    sample = bible()
    kept, _ = filter_beads(sample, min_score=0.95, only={"1-1"}, drop_unaligned=True)
    assert (kept.ar, kept.en, kept.source, kept.signature) == (
        sample.ar,
        sample.en,
        sample.source,
        sample.signature,
    )
    covered = [i for b in kept.beads for i in b.ar]
    assert len(covered) < len(sample.ar)  # coverage is broken on purpose


@pytest.mark.parametrize("only", [{"1-1"}, "1-1", {"2-2", "2-1"}, ["1-0"]])
def test_only_keeps_the_named_bead_types(only: set[str] | str | list[str]) -> None:
    sample = bible()
    kinds = {only} if isinstance(only, str) else set(only)
    kept, stats = filter_beads(sample, only=only)
    assert kept.beads == tuple(b for b in sample.beads if b.kind in kinds)
    assert {kind for kind, _ in stats.kinds_after} == kinds
    assert stats.removed[0].beads == len(sample.beads) - len(kept.beads)


@pytest.mark.parametrize("min_score", [0.0, 0.5, 0.9, 0.95, 1.0])
def test_min_score_keeps_beads_at_or_above_it(
    alignment: ArticleAlignment, min_score: float
) -> None:
    kept, stats = filter_beads(alignment, min_score=min_score)
    assert kept.beads == tuple(b for b in alignment.beads if b.score >= min_score)
    assert stats.removed[0].name == f"score < {min_score:g}"
    assert stats.removed[0].beads == len(alignment.beads) - len(kept.beads)


def test_unknown_scores_do_not_pass_a_score_filter() -> None:
    sample = seed_004()
    unknown = replace(sample, beads=(Bead((0,), (0,), math.nan), *sample.beads[1:]))
    kept, stats = filter_beads(unknown, min_score=0.0)
    assert kept.beads == sample.beads[1:]
    assert (stats.unscored_before, stats.unscored_after) == (1, 0)
    assert "unknown" in stats.format()


def test_each_removed_bead_is_counted_once_by_the_first_filter() -> None:
    sample = bible()
    kept, stats = filter_beads(sample, min_score=0.93, only={"1-1"}, drop_unaligned=True)
    names = [r.name for r in stats.removed]
    assert names == ["unaligned", "type not 1-1", "score < 0.93"]
    assert [r.beads for r in stats.removed] == [
        2,  # the 1-0 and the 0-1 bead; not counted again as "not 1-1"
        2,  # the 2-2 and the 2-1 bead
        sum(1 for b in sample.beads if b.kind == "1-1" and b.score < 0.93),
    ]
    assert sum(r.beads for r in stats.removed) == len(sample.beads) - len(kept.beads)
    kept_ar = sum(len(b.ar) for b in kept.beads)
    assert sum(r.ar_sentences for r in stats.removed) + kept_ar == len(sample.ar)


def test_histogram_counts_every_score_in_its_tenth(alignment: ArticleAlignment) -> None:
    bins, unscored = score_histogram(alignment.beads)
    assert len(bins) == HISTOGRAM_BINS and unscored == 0
    assert sum(bins) == len(alignment.beads)
    for k, count in enumerate(bins):
        low, high = k / 10, (k + 1) / 10
        inside = [b for b in alignment.beads if low <= b.score < high or (k == 9 and b.score == 1)]
        assert count == len(inside)


def test_format_is_a_readable_table_of_the_numbers() -> None:
    sample = bible()
    _, stats = filter_beads(sample, min_score=0.9, drop_unaligned=True)
    lines = stats.format().splitlines()
    kinds = Counter(b.kind for b in sample.beads)
    assert lines[0].split() == ["bead", "type", "before", "after"]
    assert f"1-0 {kinds['1-0']} 0" in [" ".join(line.split()) for line in lines]
    assert f"total {len(sample.beads)} {stats.beads_after}" in [
        " ".join(line.split()) for line in lines
    ]
    assert any(line.startswith("[0.9, 1.0] ") for line in lines)
    removal = next(line for line in lines if line.startswith("score < 0.9"))
    assert removal.split()[3:] == [
        str(stats.removed[1].beads),
        str(stats.removed[1].ar_sentences),
        str(stats.removed[1].en_sentences),
        str(stats.removed[1].ar_chars),
        str(stats.removed[1].en_chars),
    ]
    assert len({len(line) for line in lines[: len(kinds) + 2]}) == 1  # columns line up


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_score": 1.5}, "min_score must be between 0 and 1"),
        ({"min_score": -0.1}, "min_score must be between 0 and 1"),
        ({"only": {"1-1", "one-to-one"}}, r"only: .*\['one-to-one'\]"),
        ({"only": "11"}, r"only: .*\['11'\]"),
    ],
)
def test_bad_filter_settings_are_rejected(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        filter_beads(seed_004(), **options)  # type: ignore[arg-type]


def test_a_min_score_of_numpy_s_kind_is_a_number() -> None:
    kept = filter_beads(seed_004(), min_score=np.float32(0.5))[0]
    assert kept.beads == filter_beads(seed_004(), min_score=0.5)[0].beads


@pytest.mark.parametrize("min_score", ["0.5", True])
def test_a_min_score_that_is_no_number_is_named(min_score: object) -> None:
    with pytest.raises(TypeError, match="min_score must be a number, not"):
        filter_beads(seed_004(), min_score=min_score)  # type: ignore[arg-type]
