"""The search: exact where it claims to be, linear in memory, and widening that reuses work.

"Exact" is checked against a search of the whole table (``full_cells`` larger than any table):
the banded search must give the very same path on ordinary documents, real
ones (Bible chapters, UN sentences with seeded merges and deletions) through the aligner, and
synthetic ones through a stand-in length model that tests the search on its own.
"""

from __future__ import annotations

import functools
import operator
import tracemalloc
from dataclasses import replace
from itertools import groupby, pairwise
from pathlib import Path as FilePath

import numpy as np
import numpy.typing as npt
import pytest
from compiled import needs_compiled
from corpora import CORPORA, records
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpora import Record, RecordGroup, perturbed_document
from benchmarks.speed import long_document, verse_units, write_articles
from bialign import search
from bialign.align import _BeadModel, align_lengths, align_sentences
from bialign.chars import measure
from bialign.config import AlignConfig, SearchConfig, without_wide_splits
from bialign.pipeline import align_article
from bialign.scorers import anchors, length
from bialign.scorers.base import compiled_beads
from bialign.search import (
    Band,
    IntArray,
    Path,
    Sizes,
    _band_around,
    _search,
    best_path,
    searched_in_full,
)
from bialign.segment import split_sentences

KINDS = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1)]
PENALTY = {(1, 1): 0.2, (1, 0): 4.6, (0, 1): 4.6, (2, 1): 2.8, (1, 2): 2.8, (2, 2): 3.5}
FULL = SearchConfig(full_cells=10**12)
# Tables this small are banded, so documents of a few hundred sentences are searched in a band.
BANDED = [SearchConfig(full_cells=2_000), SearchConfig(full_cells=2_000, band=12)]


def in_full(config: AlignConfig, lengths_alone: bool) -> AlignConfig:
    """``config`` searched in full with the bead kinds its banded search takes: lengths alone
    take no wide n-1 beads in a band (``bialign.config.WIDE_SPLITS``)."""
    priors = without_wide_splits(config.priors) if lengths_alone else config.priors
    return replace(config, search=FULL, priors=priors)


FloatArray = npt.NDArray[np.float64]


class LengthModel:
    """Gale–Church-like bead costs from sentence lengths: a stand-in for the aligner's model."""

    def __init__(self, ar: FloatArray, en: FloatArray, costly: tuple[int, int] | None = None):
        self.ar, self.en = ar, en
        self.n, self.m = len(ar), len(en)
        self.ar_prefix = np.concatenate(([0.0], np.cumsum(ar)))
        self.en_prefix = np.concatenate(([0.0], np.cumsum(en)))
        self.costly = costly  # a bead kind priced NaN or inf, as a broken model might
        self.cells = 0  # cells priced, counting every kind

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        self.cells += np.broadcast(i, a, j, b).size
        ar_len = self.ar_prefix[i] - self.ar_prefix[np.maximum(i - a, 0)]
        en_len = self.en_prefix[j] - self.en_prefix[np.maximum(j - b, 0)]
        penalty = np.vectorize(lambda a, b: PENALTY.get((a, b), 4.0), otypes=[float])(a, b)
        cost: FloatArray = penalty + (en_len - ar_len) ** 2 / (ar_len + en_len + 10.0)
        if self.costly is not None:
            broken = (np.asarray(a) == self.costly[0]) & (np.asarray(b) == self.costly[1])
            cost = np.where(broken, np.where(i % 2 == 0, np.nan, np.inf) * cost, cost)
        return cost

    def path_cost(self, path: Path) -> float:
        return sum(
            float(self.cost(np.array([i1]), i1 - i0, np.array([j1]), j1 - j0)[0])
            for i0, i1, j0, j1 in path.tolist()
        )


def synthetic_document(size: int, seed: int) -> LengthModel:
    """Sentence lengths like a translation's: English a noisy copy, with merges and deletions."""
    rng = np.random.default_rng(seed)
    ar = rng.gamma(2.0, 60.0, size).round()
    en = (ar * rng.normal(1.0, 0.15, size)).clip(1).round()
    en = en[rng.random(size) > 0.02]
    starts = np.flatnonzero(rng.random(len(en)) > 0.06)  # the rest join the sentence before
    en = np.add.reduceat(en, np.union1d(starts, [0]))
    return LengthModel(ar[rng.random(size) > 0.02], en)


def assert_is_path(path: Path, n: int, m: int, kinds: list[tuple[int, int]]) -> None:
    beads = path.tolist()
    assert beads[0][0] == 0
    assert beads[0][2] == 0
    assert (beads[-1][1], beads[-1][3]) == (n, m)
    for (_, i1, _, j1), (i0, _, j0, _) in pairwise(beads):
        assert (i1, j1) == (i0, j0)
    assert all((i1 - i0, j1 - j0) in kinds for i0, i1, j0, j1 in beads)


# --- exactness on real documents, through the aligner ------------------------------------


def bible_chapters(first: str, count: int) -> tuple[list[str], list[str]]:
    """``count`` consecutive chapters from ``first`` on, verses split into sentences."""
    chapters = [list(rs) for _, rs in groupby(records("bible_svd_kjv"), key=lambda r: r["doc"])]
    start = next(k for k, c in enumerate(chapters) if c[0]["doc"] == first)
    verses = [r for chapter in chapters[start : start + count] for r in chapter]
    ar = [s for r in verses for s in split_sentences(r["ar"], "ar")]
    en = [s for r in verses for s in split_sentences(r["en"], "en")]
    return ar, en


def un_document(start: int) -> tuple[list[str], list[str]]:
    """250 UN sentences from ``start`` on, with the benchmarks' seeded merges and deletions."""
    chosen = tuple(Record(**r) for r in records("unv1_dev_test")[start : start + 250])
    doc = perturbed_document(RecordGroup(f"un:{start}", chosen), seed=13)
    return list(doc.ar), list(doc.en)


REAL_DOCUMENTS = {
    "Genesis 1-4": lambda: bible_chapters("GEN.1", 4),
    "Numbers 7 (twelve identical offerings)": lambda: bible_chapters("NUM.7", 1),
    "1 Chronicles 1-3 (genealogies)": lambda: bible_chapters("1CH.1", 3),
    "Psalm 119": lambda: bible_chapters("PSA.119", 1),
    "Matthew 1-5": lambda: bible_chapters("MAT.1", 5),
    "UN 1200": lambda: un_document(1200),
    "UN 5000": lambda: un_document(5000),
}


@pytest.mark.parametrize("config", BANDED, ids=lambda c: f"band{c.band}")
@pytest.mark.parametrize("anchor_weight", [10.0, 0.0], ids=["anchors", "lengths"])
@pytest.mark.parametrize("name", REAL_DOCUMENTS)
def test_banded_search_equals_full_search_on_real_documents(
    name: str, anchor_weight: float, config: SearchConfig
) -> None:
    ar, en = REAL_DOCUMENTS[name]()
    assert (len(ar) + 1) * (len(en) + 1) > 4 * config.full_cells  # banded, not searched whole
    banded = align_sentences(ar, en, AlignConfig(search=config, anchor_weight=anchor_weight))
    full = align_sentences(
        ar, en, in_full(AlignConfig(anchor_weight=anchor_weight), not anchor_weight)
    )
    assert banded == full


def test_the_band_follows_a_path_that_strays_far_from_the_diagonal() -> None:
    # Consecutive verses, merged and deleted at random: Arabic splits into more sentences
    # than English in some books, fewer in others, so the path wanders from the diagonal.
    units = verse_units([Record(**r) for r in records("bible_svd_kjv")[:2_500]])
    doc = long_document(units, 3_000, seed=13)
    ar, en = [measure(s) for s in doc.ar], [measure(s) for s in doc.en]
    gold_column = np.cumsum([len(e) for a, e in doc.gold for _ in a])
    diagonal = np.arange(1, len(ar) + 1) * len(en) / len(ar)
    config = SearchConfig(band=12)
    assert np.abs(gold_column - diagonal).max() > 4 * config.band
    banded = align_lengths(ar, en, AlignConfig(search=config))
    assert banded == align_lengths(ar, en, in_full(AlignConfig(), lengths_alone=True))


# --- exactness and optimality on synthetic documents, the search alone ---------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("config", [SearchConfig(), *BANDED], ids=["default", "b48", "b12"])
def test_banded_search_equals_full_search_on_synthetic_documents(
    seed: int, config: SearchConfig
) -> None:
    model = synthetic_document(900, seed)
    banded = best_path(model, KINDS, config)
    assert_is_path(banded, model.n, model.m, KINDS)
    np.testing.assert_array_equal(banded, best_path(model, KINDS, FULL))


def brute_force_optimum(model: LengthModel, kinds: list[tuple[int, int]]) -> float:
    """The cheapest path's cost by the textbook recurrence, cell by cell."""
    best = {(0, 0): 0.0}
    for i in range(model.n + 1):
        for j in range(model.m + 1):
            arrivals = [
                best[(i - a, j - b)] + model.path_cost(np.array([(i - a, i, j - b, j)]))
                for a, b in kinds
                if i >= a and j >= b
            ]
            if arrivals:
                best[(i, j)] = min(arrivals)
    return best[(model.n, model.m)]


lengths = st.lists(st.integers(0, 300), min_size=0, max_size=7)


@settings(max_examples=60, deadline=None)
@given(lengths, lengths)
def test_full_search_finds_the_cheapest_path(ar: list[int], en: list[int]) -> None:
    model = LengthModel(np.array(ar, dtype=np.float64), np.array(en, dtype=np.float64))
    path = best_path(model, KINDS, FULL)
    if model.n + model.m == 0:
        assert path.shape == (0, 4)
        return
    assert_is_path(path, model.n, model.m, KINDS)
    # Costs are rounded to multiples of 2**-16 nats inside the search, no more.
    slack = len(path) * 2.0**-16
    assert model.path_cost(path) <= brute_force_optimum(model, KINDS) + slack


@pytest.mark.parametrize("band", [1, 3, 6])
@pytest.mark.parametrize("shape", [(2, 473), (473, 2), (1, 400), (37, 411), (300, 200)])
def test_a_band_that_follows_the_search_always_gets_through(
    shape: tuple[int, int], band: int
) -> None:
    # Tables of any shape, wide, tall or square, in a band a few columns wide.
    rng = np.random.default_rng(shape[0] * band)
    ar, en = (rng.integers(0, 300, size).astype(np.float64) for size in shape)
    model = LengthModel(ar, en)
    path = best_path(model, KINDS, SearchConfig(full_cells=0, band=band))
    assert_is_path(path, model.n, model.m, KINDS)


@pytest.mark.parametrize("costly", [(2, 2), (1, 1)])
def test_nan_and_infinite_costs_are_avoided_but_never_leave_the_search_stranded(
    costly: tuple[int, int],
) -> None:
    clean = synthetic_document(300, 7)
    model = LengthModel(clean.ar, clean.en, costly=costly)
    path = best_path(model, KINDS, SearchConfig(full_cells=5_000))
    assert_is_path(path, model.n, model.m, KINDS)
    assert all((i1 - i0, j1 - j0) != costly for i0, i1, j0, j1 in path.tolist())


def test_kinds_the_search_cannot_take_are_refused() -> None:
    model = synthetic_document(50, 1)
    for config in (FULL, SearchConfig(full_cells=0, band=3)):  # searched whole, and banded
        with pytest.raises(ValueError, match="0-b beads need b == 1"):
            best_path(model, [*KINDS, (0, 2)], config)
    with pytest.raises(ValueError, match="no path reaches"):
        best_path(model, [(1, 1)], FULL)  # the two sides differ in length


# --- widening: only what changed is searched again ------------------------------------------


def narrow_band(model: LengthModel, margin: int) -> tuple[Path, Band]:
    path = best_path(model, KINDS, SearchConfig())
    return path, _band_around(path, model.n, model.m, np.full(model.n + 1, margin))


def test_a_widened_search_reuses_the_chunks_the_widening_left_alone() -> None:
    model = synthetic_document(10_000, 3)
    _, band = narrow_band(model, 8)
    # Squeeze the band from the left over a stretch in the middle, so that the path there
    # must change; then give that stretch its room back, as a widening would.
    lo, hi = band[0].copy(), band[1]
    lo[5_000:5_200] = np.minimum(lo[5_000:5_200] + 12, hi[5_000:5_200] - 1)
    before = _search(model, (np.maximum.accumulate(lo), hi), KINDS)
    model.cells = 0
    reused = _search(model, band, KINDS, before)
    cells_reused = model.cells
    model.cells = 0
    fresh = _search(model, band, KINDS)
    assert not np.array_equal(before.path, fresh.path)
    assert cells_reused < model.cells / 4  # a stretch of the document, not all of it
    np.testing.assert_array_equal(reused.path, fresh.path)
    np.testing.assert_array_equal(reused.back, fresh.back)


def test_the_band_holds_the_path_with_its_margin_and_rows_overlap() -> None:
    model = synthetic_document(400, 5)
    path, (lo, hi) = narrow_band(model, 3)
    for i0, i1, j0, j1 in path.tolist():
        assert (lo[i0 : i1 + 1] <= max(j0 - 3, 0)).all()
        assert (hi[i0 : i1 + 1] >= min(j1 + 4, model.m + 1)).all()
    assert (np.diff(lo) >= 0).all()
    assert (np.diff(hi) >= 0).all()
    assert (lo[1:] < hi[:-1]).all()
    assert (lo[0], hi[-1]) == (0, model.m + 1)


# --- linear memory -------------------------------------------------------------------------


def peak_bytes(size: int) -> int:
    model = synthetic_document(size, 11)
    tracemalloc.start()
    try:
        best_path(model, KINDS, SearchConfig())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_linearly() -> None:
    small, large = peak_bytes(2_000), peak_bytes(8_000)
    assert large < 4 * small  # four times the sentences; an n×m table would take sixteen
    assert large < 8_000 * 1_000  # bytes a sentence: a band; an int8 table would take 8,000


# --- the speed benchmark's documents ---------------------------------------------------------


def test_speed_benchmark_documents_repeat_verses_with_merges_and_deletions() -> None:
    verses = [Record(**r) for r in records("bible_svd_kjv")[:300]]
    units = verse_units(verses)
    doc = long_document(units, 1_000, seed=13)
    assert len(doc.ar) >= 1_000 > sum(len(ar) for ar, _ in units)  # verses came round again
    assert [i for ar, _ in doc.gold for i in ar] == list(range(len(doc.ar)))
    assert [j for _, en in doc.gold for j in en] == list(range(len(doc.en)))
    assert any(not ar for ar, _ in doc.gold)
    assert any(not en for _, en in doc.gold)
    known = {s for ar, en in units for s in (*ar, *en)}
    assert any(s not in known for s in doc.en)  # a sentence joined across a verse boundary
    assert long_document(units, 1_000, seed=13) == doc


# --- the compiled loop is the NumPy loop ----------------------------------------------------


def traces_with_both_loops(
    monkeypatch: pytest.MonkeyPatch, model: LengthModel, band: Band
) -> tuple[search._Trace, search._Trace]:
    """The search of ``band`` with the compiled row loop, then with the NumPy one."""
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    compiled = _search(model, band, KINDS)
    monkeypatch.setattr(search, "_rows", search._rows_numpy)
    return compiled, _search(model, band, KINDS)


@pytest.mark.parametrize("shape", [(0, 5), (1, 400), (473, 2), (37, 411), (300, 200)])
@pytest.mark.parametrize("costly", [None, (2, 2)])
@pytest.mark.parametrize("margin", [None, 3])
@pytest.mark.parametrize("top", [300, 1], ids=["lengths", "all-equal"])  # ties everywhere
def test_the_compiled_loop_gives_the_numpy_loops_values_pointers_and_leaders(
    monkeypatch: pytest.MonkeyPatch,
    shape: tuple[int, int],
    costly: tuple[int, int] | None,
    margin: int | None,
    top: int,
) -> None:
    rng = np.random.default_rng(sum(shape))
    ar, en = (rng.integers(0, top, size).astype(np.float64) for size in shape)
    model = LengthModel(ar, en, costly=costly)
    n, m = model.n, model.m
    if margin is None:  # the whole table, each row whole
        band = search._full_band(n, m)
    else:  # around a diagonal path, where rows have edges and leaders matter
        diagonal = np.array(
            [
                (i, i + 1, j, k)
                for i, (j, k) in enumerate(pairwise(np.linspace(0, m, n + 1, dtype=int)))
            ],
            dtype=np.int64,
        ).reshape(-1, 4)
        band = _band_around(diagonal, n, m, np.full(n + 1, margin))
    compiled, numpy_loop = traces_with_both_loops(monkeypatch, model, band)
    np.testing.assert_array_equal(compiled.back, numpy_loop.back)
    np.testing.assert_array_equal(compiled.leaders, numpy_loop.leaders)
    for ours, theirs in zip(compiled.entries, numpy_loop.entries, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(compiled.path, numpy_loop.path)


@pytest.mark.parametrize("name", ["Genesis 1-4", "UN 5000"])
def test_the_compiled_loops_align_real_documents_as_the_numpy_loops_do(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    ar, en = REAL_DOCUMENTS[name]()
    compiled = align_sentences(ar, en)
    monkeypatch.setattr(search, "_rows", search._rows_numpy)
    monkeypatch.setattr(anchors, "_dice", anchors._dice_numpy)
    monkeypatch.setattr(length, "_length_terms", length._length_terms_numpy)
    assert align_sentences(ar, en) == compiled


def draw_beads(
    data: st.DataObject, rng: np.random.Generator, n: int, m: int
) -> tuple[IntArray, Sizes, IntArray, Sizes]:
    """Bead ends ``i``, ``j`` (one a cell) and span lengths ``a``, ``b``: a column of them, one
    a bead kind, as cost() asks, or one of each, as features() asks."""
    cells = data.draw(st.integers(0, 40))
    i, j = rng.integers(0, n + 1, cells), rng.integers(0, m + 1, cells)
    if data.draw(st.booleans()):
        kinds = data.draw(st.integers(1, 5))
        return i, rng.integers(0, 4, (kinds, 1)), j, rng.integers(0, 4, (kinds, 1))
    return i, data.draw(st.integers(0, 3)), j, data.draw(st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_compiled_dice_is_the_numpy_one(data: st.DataObject) -> None:
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n, m, words = (
        data.draw(st.integers(1, 30)),
        data.draw(st.integers(1, 30)),
        data.draw(st.integers(1, 8)),
    )
    # Sparse signatures, as sentences' are: shared bits and empty spans both happen.
    sparse = [rng.integers(0, 2**64, (size, words), dtype=np.uint64) for size in (n, m)]
    for signatures in sparse:
        signatures &= rng.integers(0, 2**64, signatures.shape, dtype=np.uint64)
        signatures[rng.random(len(signatures)) < 0.2] = 0
    scorer = anchors.AnchorScorer(sparse[0], sparse[1], weight=1.0)
    i, a, j, b = draw_beads(data, rng, n, m)
    expected = anchors._dice_numpy(scorer, i, a, j, b)
    np.testing.assert_array_equal(anchors._dice_compiled(scorer, i, a, j, b), expected)
    shape, beads = compiled_beads(i, a, j, b)  # without popcnt, whatever this processor has
    portable = np.empty(shape)
    native.dice(scorer.ar, scorer.en, *beads, portable, True)
    np.testing.assert_array_equal(portable, expected)
    # Each bead by the definition: the bits of each side's sentences, as Python integers.
    bits = [[int.from_bytes(row.tobytes(), "little") for row in side] for side in sparse]
    for (k, c), dice in np.ndenumerate(expected.reshape(-1, max(len(i), 1))):  # 0 cells too
        ends, spans = (int(i[c]), int(j[c])), (int(np.ravel(a)[k]), int(np.ravel(b)[k]))
        x, y = (
            functools.reduce(operator.or_, side[end - span : end], 0) if end >= span else 0
            for side, end, span in zip(bits, ends, spans, strict=True)
        )
        total = x.bit_count() + y.bit_count()
        assert dice == 2.0 * (x & y).bit_count() / max(total, 1)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_compiled_length_terms_are_the_numpy_ones(data: st.DataObject) -> None:
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n, m = data.draw(st.integers(0, 30)), data.draw(st.integers(0, 30))
    # Lengths of real sentences and empty ones; ratio and variance anywhere they may be.
    ar, en = (rng.choice([0.0, 1.0, 37.0, 180.5, 1e4], size) for size in (n, m))
    scorer = length.LengthScorer(
        ar, en, data.draw(st.floats(0.2, 5.0)), data.draw(st.floats(1.0, 100.0))
    )
    i, a, j, b = draw_beads(data, rng, n, m)
    expected = length._length_terms_numpy(scorer, i, a, j, b)
    compiled = length._length_terms_compiled(scorer, i, a, j, b)
    for ours, theirs in zip(compiled, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    # The loop any processor runs, beside the one this processor's instructions chose.
    shape, beads = compiled_beads(i, a, j, b)
    portable = [np.empty(shape) for _ in range(3)]
    native.length_terms(
        scorer.ar_prefix, scorer.en_prefix, *beads, scorer.ratio, scorer.variance,
        length.ERFC_COEFFICIENTS, *portable, True,
    )  # fmt: skip
    for ours, theirs in zip(portable, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)


@needs_compiled
@pytest.mark.parametrize(
    ("i", "a", "j", "b", "name"),
    [([4], [1], [0], [0], "i"), ([0], [1], [3], [0], "j"), ([1], [-1], [1], [1], "a"),
     ([1], [1], [1], [-2], "b")],
)  # fmt: skip
def test_the_compiled_loops_refuse_beads_outside_the_document(
    i: list[int], a: list[int], j: list[int], b: list[int], name: str
) -> None:
    # Three Arabic sentences, two English: indices the C code would read out of bounds.
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    scorer = length.LengthScorer(np.ones(3), np.ones(2), 1.0, 6.8)
    ones = (np.ones((3, 1), np.uint64), np.ones((2, 1), np.uint64))
    anchor_scorer = anchors.AnchorScorer(*ones, weight=1.0)
    bead = [np.array(x, dtype=np.int64) for x in (i, a, j, b)]
    with pytest.raises(IndexError, match=f"of {name} out of range"):
        length._length_terms_compiled(scorer, *bead)
    with pytest.raises(IndexError, match=f"of {name} out of range"):
        anchors._dice_compiled(anchor_scorer, *bead)


def test_the_compiled_dice_takes_a_span_of_any_length() -> None:
    # A span longer than the document is empty, however long: lengths near 2**63 once wrapped
    # the size of the table of span unions round to a few bytes, written far past.
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    scorer = anchors.AnchorScorer(np.ones((3, 8), np.uint64), np.ones((3, 8), np.uint64), 1.0)
    ends, one = np.arange(4, dtype=np.int64), np.ones(1, np.int64)
    expected = anchors._dice_numpy(scorer, ends, 4, ends, 1)
    for span in (4, 2**31, 2**62, 2**63 - 2):
        dice = np.full(4, np.nan)
        native.dice(scorer.ar, scorer.en, np.array([span]), ends, one, ends, dice)
        np.testing.assert_array_equal(dice, expected)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_compiled_loop_breaks_ties_as_the_numpy_loop_does(data: st.DataObject) -> None:
    """Both loops on small inputs full of ties: values, pointers and leftmost cells agree."""
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    widths = data.draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    kinds = data.draw(st.integers(0, 3))
    origin, inserts = data.draw(st.booleans()), data.draw(st.booleans())
    small = st.sampled_from([0.0, 1.0, 2.0, np.inf])
    entry = 4  # cells of the rows before the chunk
    bounds = np.concatenate(([0], np.cumsum(widths))).astype(np.int64)
    cells = int(bounds[-1])
    firsts = entry + bounds[:-1]
    values = np.array(data.draw(st.lists(small, min_size=entry + cells, max_size=entry + cells)))
    row_of = np.repeat(np.arange(len(widths)), widths)
    # A bead into a cell starts on an earlier row: before the cell's own row in the buffer.
    gather = np.array(
        [[data.draw(st.integers(0, int(firsts[r]) - 1)) for r in row_of] for _ in range(kinds)],
        dtype=np.int64,
    ).reshape(kinds, cells)
    costs = np.array(data.draw(st.lists(small, min_size=kinds * cells, max_size=kinds * cells)))
    steps = np.array(
        data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=cells, max_size=cells))
    )
    steps[bounds[:-1]] = 0.0
    along = np.concatenate([np.cumsum(steps[a:b]) for a, b in pairwise(bounds.tolist())])
    results = []
    for loop in (native.rows, search._rows_numpy):
        out = (values.copy(), np.empty(cells, np.int8), np.empty(len(widths), np.int64))
        loop(
            out[0],
            gather,
            costs.reshape(kinds, cells),
            along,
            bounds,
            firsts,
            out[1],
            out[2],
            origin,
            inserts,
        )
        results.append(out)
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize(
    ("bounds", "firsts"), [([0, 2], [3]), ([-1, 2], [0]), ([1, 0, 2], [0, 0]), ([0, 2], [-1])]
)
def test_the_compiled_rows_refuse_a_row_outside_the_arrays(
    bounds: list[int], firsts: list[int]
) -> None:
    # A chunk of two cells and a buffer of four values: these rows were written past them.
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    rows = len(firsts)
    with pytest.raises(IndexError, match="lies outside the arrays"):
        native.rows(
            np.zeros(4), np.zeros((1, 2), np.int64), np.zeros((1, 2)), np.zeros(2),
            np.array(bounds, np.int64), np.array(firsts, np.int64), np.empty(2, np.int8),
            np.empty(rows, np.int64), False, False,
        )  # fmt: skip


# --- a small band, in one compiled call, is the chunked search ------------------------------


@needs_compiled
@pytest.mark.parametrize("shape", [(0, 5), (3, 0), (1, 400), (473, 2), (37, 41), (90, 80)])
@pytest.mark.parametrize("costly", [None, (2, 2), (1, 1)])
@pytest.mark.parametrize("margin", [None, 0, 3])
@pytest.mark.parametrize("top", [300, 1], ids=["lengths", "all-equal"])  # ties everywhere
def test_a_small_band_searched_in_one_compiled_call_gives_the_chunked_searchs_path(
    shape: tuple[int, int], costly: tuple[int, int] | None, margin: int | None, top: int
) -> None:
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    rng = np.random.default_rng(sum(shape) + top)
    ar, en = (rng.integers(0, top, size).astype(np.float64) for size in shape)
    model = LengthModel(ar, en, costly=costly)
    n, m = model.n, model.m
    band = search._full_band(n, m)
    if margin is not None:  # around a diagonal path: rows with edges, beads from outside
        ends = np.linspace(0, m, n + 1, dtype=np.int64)
        diagonal = np.stack((np.arange(n), np.arange(1, n + 1), ends[:-1], ends[1:]), axis=1)
        band = _band_around(diagonal, n, m, np.full(n + 1, margin))
    chunked = _search(model, band, KINDS).path
    np.testing.assert_array_equal(
        search._small_path(model, band, band[1] - band[0], int((band[1] - band[0]).sum()), KINDS),
        chunked,
    )


@needs_compiled
@pytest.mark.parametrize("anchor_weight", [10.0, 0.0], ids=["anchors", "lengths"])
def test_small_bands_of_real_articles_are_priced_and_searched_as_in_numpy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: FilePath, anchor_weight: float
) -> None:
    # The speed benchmark's articles: paragraphs of Bible and UN records, each searched three
    # times (paragraphs, then sentences twice). Every search compared with its twin: every
    # bead of the band priced in NumPy, and the band searched chunk by chunk. Compiled, the
    # model prices only the beads the search may take (_BeadModel.band_path).
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    for name in ("bible_svd_kjv", "unv1_dev_test"):
        records(name)  # skips without the corpora
    articles, _ = write_articles(tmp_path, CORPORA, seed=5, limit_mb=0.2)
    searched = []

    def both(model: search.CostModel, band: Band, kinds: list[tuple[int, int]]) -> Path:
        assert isinstance(model, _BeadModel)
        assert model.compiled
        lo, hi = band
        off = np.concatenate(([0], np.cumsum(hi - lo)))
        rows, cols = search._cells(lo, hi - lo, off, 0, model.n + 1)
        vertical, inserts = search._searched_kinds(kinds, model.n, model.m)
        sizes = np.array([*vertical, (0, 1)] if inserts else vertical).T[:, :, None]
        steps = np.ascontiguousarray(sizes[:, : len(vertical), 0])
        compiled = model.cost(rows, sizes[0], cols, sizes[1])
        lo, hi = np.ascontiguousarray(lo), np.ascontiguousarray(hi)
        cells = int((hi - lo).sum())
        own = model.band_table((lo, hi), cells, steps, inserts)
        small = search._small_path(model, band, hi - lo, cells, kinds)
        model.compiled = False
        numpy_costs = model.cost(rows, sizes[0], cols, sizes[1])
        np.testing.assert_array_equal(compiled, numpy_costs)
        # Priced by the model itself, every bead the search may take (from inside the band).
        takes = (rows >= sizes[0]) & (sizes[0] > 0)
        source = np.maximum(rows - sizes[0], 0)
        takes &= (lo[source] <= cols - sizes[1]) & (cols - sizes[1] < hi[source])
        takes[len(vertical) :] = True  # 0-1 beads, along rows
        assert own is not None
        np.testing.assert_array_equal(own[takes], numpy_costs[takes])
        chunked = _search(model, band, kinds).path
        np.testing.assert_array_equal(small, chunked)
        model.compiled = True
        searched.append(len(chunked))
        return chunked

    monkeypatch.setattr(search, "_path_through", both)
    config = AlignConfig(anchor_weight=anchor_weight)
    for article in sorted(tmp_path.glob("*.txt")):
        align_article(article.read_text(encoding="utf-8"), config)
    assert len(searched) >= 3 * articles - 2


def test_the_compiled_small_search_refuses_arrays_that_do_not_agree() -> None:
    # Arrays the C code would read or write past: it raises rather than trust the caller.
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    lo, hi = np.zeros(3, np.int64), np.full(3, 3, np.int64)  # a 2×2 table, whole
    kinds = np.array([1], np.int64), np.array([1], np.int64)
    table, path = np.zeros((2, 9)), np.empty((4, 4), np.int64)
    assert native.band_path(table, lo, hi, *kinds, 1.0, 1e9, True, path) == 2  # (0,0)-(1,1)-(2,2)
    for args in (
        (table[:1], lo, hi, *kinds),  # a table row short
        (table, lo, hi[:2], *kinds),  # a band row short
        (table, lo + 1, hi, *kinds),  # not from (0, 0)
        (table, lo, hi, np.array([0], np.int64), kinds[1]),  # a kind from its own row
    ):
        with pytest.raises(ValueError, match="band_path"):
            native.band_path(*args, 1.0, 1e9, True, path)
    with pytest.raises(ValueError, match="sizes do not agree"):
        native.band_path(table, lo, hi, *kinds, 1.0, 1e9, True, path[:1])
    for unit, limit in ((1.0, np.nan), (0.0, 1e9)):  # costs are clipped to +-limit in units
        with pytest.raises(ValueError, match="positive numbers"):
            native.band_path(table, lo, hi, *kinds, unit, limit, True, path)
    sides = [np.zeros(3), np.zeros(3), length.ERFC_COEFFICIENTS]
    signatures = [np.zeros((2, 0), np.uint64)] * 2
    blocks = [np.zeros(0, np.int64)] * 2
    rest = [lo, hi, *kinds, np.zeros((2, 2))]
    shapes = [((4, 1), "terms too short", False), ((4, 1), "terms too short", True)]
    for shape, match, costs in [*shapes, ((3, 4), "agree", False)]:  # 4 beads from the band
        with pytest.raises(ValueError, match=match):
            native.band_costs(
                *sides, *signatures, *blocks, *rest, np.zeros(shape), table, 1.0, 6.8, 0.0,
                True, costs,
            )  # fmt: skip
    # Blocks are found by a walk over both sides, which reads them in order.
    unordered = [np.array([1, 0], np.int64), np.zeros(2, np.int64)]
    with pytest.raises(ValueError, match="blocks not numbered in order"):
        native.band_costs(
            *sides, *signatures, *unordered, *rest, np.zeros((4, 4)), table, 1.0, 6.8, 0.0,
            True, False,
        )  # fmt: skip


def test_a_banded_search_on_lengths_keeps_priors_that_are_all_wide_beads() -> None:
    """Wide beads are left out of a banded search on lengths alone, unless they are all the
    user's priors: then they are searched as given (leaving them out had left no bead kind)."""
    verses = records("bible_svd_kjv")[:2_000]
    ar = [float(len(r["ar"])) for r in verses]
    en = [float(sum(len(r["en"]) for r in verses[k : k + 4])) for k in range(0, 2_000, 4)]
    assert not searched_in_full(len(ar), len(en), SearchConfig())
    beads = align_lengths(ar, en, AlignConfig(priors={(4, 1): 1.0}))
    assert [(b.ar, b.en) for b in beads] == [
        (tuple(range(4 * k, 4 * k + 4)), (k,)) for k in range(500)
    ]
