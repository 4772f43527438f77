"""The search behind the aligner: the cheapest bead path through a band of the DP table.

Gale & Church's recurrence, organised for speed: the table is never n×m. Small problems are
searched in full; larger ones coarse-to-fine (blocks of sentences first, then a band around the
coarse path, widened where the path runs along its edge). The band is stored row after row
with each row's own width, so memory is one byte of back-pointer per band cell; each row
costs five NumPy calls whatever the number of bead kinds; a widened band is searched again
only where it changed. The search knows nothing of
languages: a :class:`CostModel` prices beads.

Costs are rounded to whole multiples of 2**-16 before they are added up. Sums of such numbers
are exact in floating point, so the value of a path does not depend on the order its beads are
added in: a banded search finds exactly the path a full search finds whenever the band holds
that path, which is what makes the band's shortcuts safe to test.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["CostModel", "Path", "SearchConfig", "best_path", "path_within"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Beads as (i0, i1, j0, j1): Arabic sentences i0..i1-1 with English sentences j0..j1-1.
Path = list[tuple[int, int, int, int]]


class CostModel(Protocol):
    """Prices beads; ``cost(i, a, j, b)`` is for beads ar[i-a:i] ~ en[j-b:j], vectorised."""

    n: int
    m: int

    def cost(self, i: IntArray, a: int, j: IntArray, b: int) -> FloatArray: ...

    def coarsen(self, ar_starts: IntArray, en_starts: IntArray) -> CostModel:
        """The model over blocks of sentences; ``*_starts`` are block bounds, total last.

        The band at each level is drawn around the cheapest path of the coarser one, so a
        block bead should cost about what the cheapest sentence beads inside it would: a
        block left unaligned as much as its sentences left unaligned, and a length mismatch
        allowing that block ends fall inside sentences of the other side.
        """
        ...


@dataclass(frozen=True)
class SearchConfig:
    """How the search trades exactness for speed.

    Tables of at most ``full_cells`` cells are searched in full (exact). Larger ones are
    searched in blocks of about ``block`` sentences first (as many blocks on each side), then
    within ``band`` sentences of the coarse path on either side, widened where the search
    presses against the band's edge.
    """

    full_cells: int = 250_000
    block: int = 8
    band: int = 48


# A band gives, for every row i of the table (0..n), the half-open column range [lo[i], hi[i]).
Band = tuple[IntArray, IntArray]
# Beads as rows (i0, i1, j0, j1) of an integer array, in path order.
Beads = npt.NDArray[np.int64]

_WIDENINGS = 4  # widened searches at most per level, after the first
_MEAN_WIDTH = 128  # widening stops before the band averages more columns a row than this
_INSERT = -1  # back-pointer for a 0-1 bead taken along the current row
_CHUNK_CELLS = 1 << 13  # band cells searched at once: costs computed, kinds recovered
_UNIT = 2.0**-16  # costs are whole multiples of this many nats
_LIMIT = 2.0**16  # nats; dearer beads (infinite or NaN included) cost this much


@dataclass(frozen=True)
class _Trace:
    """A finished search of one band, kept so that a search of a wider band can reuse it.

    The band's rows are searched in chunks; ``entries[c]`` holds the values of the cells of
    the rows just before chunk ``c`` (those a bead into the chunk can start from), and the
    last entry those of the table's last rows.
    """

    band: Band
    bounds: list[int]  # first row of each chunk, then n + 1
    off: IntArray  # row i's back-pointers start at off[i]
    back: npt.NDArray[np.int8]
    entries: list[FloatArray]
    path: Beads
    leaders: IntArray  # the column of each row's cheapest cell


def _units(costs: FloatArray) -> FloatArray:
    """Costs, in place, as whole numbers of :data:`_UNIT`, clipped to ±:data:`_LIMIT` nats.

    Integers below 2**53 add exactly in float64, so path values do not depend on the order of
    additions. NaN and infinities become the limit: such beads are possible but never chosen
    over a finite alternative, so a path always exists.

    >>> _units(np.array([0.5, 1e-9, np.inf, np.nan, -np.inf])).tolist()
    [32768.0, 0.0, 4294967296.0, 4294967296.0, -4294967296.0]
    """
    np.fmin(costs, _LIMIT, out=costs)
    np.fmax(costs, -_LIMIT, out=costs)
    costs /= _UNIT
    rounded: FloatArray = np.rint(costs, out=costs)
    return rounded


def _search(
    model: CostModel, band: Band, kinds: list[tuple[int, int]], before: _Trace | None = None
) -> _Trace:
    """Cheapest path from (0, 0) to (n, m) through the band, chunk of rows after chunk.

    With ``before``, the search of a narrower band, chunks the widening did not touch are
    not searched again while the values entering them equal those ``before`` saw up to a
    constant: the DP is blind to a constant (costs are whole units, so exactly), hence the
    chunk would yield the same back-pointers. Widening one stretch of a long document
    costs that stretch and the few chunks it takes the values to fall back in step.
    """
    unsupported = [(a, b) for a, b in kinds if a == 0 and b != 1]
    if unsupported:
        raise ValueError(f"bead kinds {unsupported} are not supported: 0-b beads need b == 1")
    n, m = model.n, model.m
    lo, hi = band
    off = np.zeros(n + 2, dtype=np.int64)
    np.cumsum(hi - lo, out=off[1:])
    vertical = [(a, b) for a, b in kinds if 1 <= a <= n and b <= m]
    layout = _Layout(lo, hi, off, vertical, inserts=m > 0 and (0, 1) in kinds)
    back = np.empty(int(off[-1]), dtype=np.int8)
    leaders = np.zeros(n + 1, dtype=np.int64)
    entries = [np.empty(0)]
    if before is None:
        bounds = _chunk_bounds(off, [0, n + 1], np.ones(n + 1, dtype=bool))
        old_chunks: dict[int, int] = {}
    else:
        changed = (before.band[0] != lo) | (before.band[1] != hi)
        bounds = _chunk_bounds(off, before.bounds, changed)
        old_chunks = {r0: c for c, r0 in enumerate(before.bounds)}
    # Whether the values entering the chunk equal those `before` saw, up to a constant.
    in_step = before is not None
    for r0, r1 in itertools.pairwise(bounds):
        c = old_chunks.get(r0)
        if (
            before is not None
            and in_step
            and c is not None
            and before.bounds[c + 1] == r1
            and not changed[r0:r1].any()
        ):
            back[off[r0] : off[r1]] = before.back[before.off[r0] : before.off[r1]]
            leaders[r0:r1] = before.leaders[r0:r1]
            entries.append(before.entries[c + 1])
            continue
        pointers, exit_values = layout.search_chunk(model, r0, r1, entries[-1], leaders)
        back[off[r0] : off[r1]] = pointers
        entries.append(exit_values)
        c = old_chunks.get(r1)
        in_step = (
            before is not None
            and c is not None
            and not changed[max(r1 - layout.reach, 0) : r1].any()
            and _same_but_constant(exit_values, before.entries[c])
        )
    if not np.isfinite(entries[-1][-(hi[n] - m)]):
        raise ValueError(f"no path reaches ({n}, {m}) with bead kinds {kinds}")
    path = _backtrack(back, off, lo, n, m, vertical)
    return _Trace(band, bounds, off, back, entries, path, leaders)


def _same_but_constant(new: FloatArray, old: FloatArray) -> bool:
    """Whether two value arrays differ by one constant, unreachable (inf) cells alike."""
    if new.shape != old.shape:
        return False
    reachable = np.isfinite(new)
    if not np.array_equal(reachable, np.isfinite(old)):
        return False
    difference = new[reachable] - old[reachable]
    return bool(difference.size == 0 or (difference == difference[0]).all())


def _chunk_bounds(off: IntArray, coarser: list[int], changed: npt.NDArray[np.bool_]) -> list[int]:
    """First rows of chunks of about :data:`_CHUNK_CELLS` cells, then n + 1.

    Chunks of ``coarser`` without a ``changed`` row are kept as they are, so that a search
    of a widened band can reuse them; the others are cut anew.
    """
    bounds = []
    for r0, r1 in itertools.pairwise(coarser):
        bounds.append(r0)
        if changed[r0:r1].any():
            targets = np.arange(off[r0] + _CHUNK_CELLS, off[r1], _CHUNK_CELLS)
            cuts = np.searchsorted(off, targets, side="right") - 1
            bounds.extend(sorted(set(cuts.tolist()) - {r0, r1}))
    bounds.append(coarser[-1])
    return bounds


class _Layout:
    """One band's arrays and the per-chunk step of the search.

    Values are kept chunk by chunk in a flat buffer where each row is padded with inf on both
    sides far enough that every bead's source cell lies inside its source row's padded range
    (see :func:`_stored_layout`): gathering needs no bounds checks.
    """

    def __init__(
        self,
        lo: IntArray,
        hi: IntArray,
        off: IntArray,
        vertical: list[tuple[int, int]],
        inserts: bool,
    ) -> None:
        self.lo, self.hi, self.off = lo, hi, off
        self.widths = hi - lo
        self.vertical, self.inserts = vertical, inserts
        self.kind_a = np.array([a for a, _ in vertical], dtype=np.int64)
        self.kind_b = np.array([b for _, b in vertical], dtype=np.int64)
        self.reach = int(self.kind_a.max(initial=1))
        pad = int(self.kind_b.max(initial=0))
        self.stored_off, self.column0 = _stored_layout(lo, hi, self.reach, pad)
        # Rows spanning the whole table have no edge to press on: no leaders to find.
        self.whole_rows = bool((lo == 0).all() and (hi == hi[-1]).all())
        self.candidates = np.empty((len(vertical), int(self.widths.max())))

    def cells(self, r0: int, r1: int) -> tuple[IntArray, IntArray]:
        """Row and column of every band cell of rows r0..r1-1, row after row."""
        rows = np.repeat(np.arange(r0, r1), self.widths[r0:r1])
        cols = np.arange(self.off[r0], self.off[r1]) - self.off[rows] + self.lo[rows]
        return rows, cols

    def search_chunk(
        self, model: CostModel, r0: int, r1: int, entry: FloatArray, leaders: IntArray
    ) -> tuple[npt.NDArray[np.int8], FloatArray]:
        """Back-pointers of rows r0..r1-1, and the values of the rows the next chunk reads.

        ``entry`` holds the values of rows r0-reach..r0-1 (band cells, row after row); the
        column of each row's cheapest cell goes into ``leaders`` (unless rows are whole).
        Within a row the 0-1 beads make a prefix minimum: with ``T`` the running sum of the
        row's 0-1 costs, ``V[j] = T[j] + min over k <= j of (best arrival from above at k -
        T[k])``, so ``T`` is folded into the other costs beforehand and a row is five NumPy
        calls: gather, add, minimum over kinds, running minimum, add. Which kind won each
        cell is then worked out for the whole chunk at once, from the same sums.
        """
        reach, lo, widths = self.reach, self.lo, self.widths
        vertical, inserts = self.vertical, self.inserts
        base = int(self.stored_off[r0])
        values = np.full(int(self.stored_off[r1 + reach]) - base, np.inf)
        first = max(r0 - reach, 0)
        values[self._positions(first, r0, base)] = entry

        rows, cols = self.cells(r0, r1)
        chunk_widths = widths[r0:r1]
        row_index = np.arange(r0, r1)
        sources = self.column0[row_index + reach - self.kind_a[:, None]] - self.kind_b[:, None]
        gather = np.repeat(sources - base, chunk_widths, axis=1) + cols
        costs = np.empty((len(vertical), len(rows)))
        for k, (a, b) in enumerate(vertical):
            costs[k] = model.cost(rows, a, cols, b)
        _units(costs)
        starts = self.off[r0:r1] - self.off[r0]  # each row's first cell, chunk-local
        along = np.zeros(len(rows))
        if inserts:
            along[:] = model.cost(rows, 0, cols, 1)
            _units(along)
            along[starts] = 0.0  # a row's first cell is entered from above, never from the left
            np.cumsum(along, out=along)
            along -= np.repeat(along[starts], chunk_widths)
            costs -= along

        bounds = (self.off[r0 : r1 + 1] - self.off[r0]).tolist()
        firsts_array = self.column0[row_index + reach] - base + lo[r0:r1]
        firsts = firsts_array.tolist()
        candidates = self.candidates
        for r in range(r1 - r0):
            s, e = bounds[r], bounds[r + 1]
            best = values[firsts[r] : firsts[r] + e - s]
            if vertical:
                cand = candidates[:, : e - s]
                values.take(gather[:, s:e], None, cand, "clip")
                np.add(cand, costs[:, s:e], out=cand)
                np.minimum.reduce(cand, axis=0, out=best)
            if r0 + r == 0:
                best[0] = 0.0
            if inserts:
                np.minimum.accumulate(best, out=best)
                best += along[s:e]

        if vertical:
            arrivals = values.take(gather) + costs
            settled = arrivals.min(axis=0)
            pointers = (arrivals == settled).argmax(axis=0).astype(np.int8)
        else:  # row 0 only: every cell is reached along the row
            settled = np.full(len(rows), np.inf)
            pointers = np.full(len(rows), _INSERT, dtype=np.int8)
        reached = values.take(np.repeat(firsts_array - lo[r0:r1], chunk_widths) + cols)
        if inserts:
            pointers[reached - along < settled] = _INSERT
        if not self.whole_rows:
            row_minimum = np.repeat(np.minimum.reduceat(reached, starts), chunk_widths)
            cheapest = np.flatnonzero(reached == row_minimum)
            leftmost = np.ones(len(cheapest), dtype=bool)
            np.not_equal(rows[cheapest[1:]], rows[cheapest[:-1]], out=leftmost[1:])
            leaders[r0:r1] = cols[cheapest[leftmost]]
        return pointers, values.take(self._positions(max(r1 - reach, 0), r1, base))

    def _positions(self, r0: int, r1: int, base: int) -> IntArray:
        """Where the band cells of rows r0..r1-1 sit in a chunk buffer starting at ``base``."""
        rows, cols = self.cells(r0, r1)
        positions: IntArray = self.column0[rows + self.reach] - base + cols
        return positions


def _stored_layout(lo: IntArray, hi: IntArray, reach: int, pad: int) -> tuple[IntArray, IntArray]:
    """Where each row's values are kept: ``reach`` empty rows before row 0, then rows 0..n.

    Stored row x (row x - reach of the table) keeps columns ``lo - pad`` up to the ``hi`` of
    row x + reach, padding with inf, so a bead taking up to ``reach`` Arabic and ``pad``
    English sentences always starts inside its source row's stored range: no bounds checks.
    Returns where each stored row starts (and the total, last) and the position of each
    stored row's column 0.
    """
    count = len(lo) + reach
    stored_lo = np.concatenate((np.zeros(reach, dtype=np.int64), lo)) - pad
    stored_hi = np.concatenate((np.zeros(reach, dtype=np.int64), hi))
    stored_hi = stored_hi[np.minimum(np.arange(count) + reach, count - 1)]
    starts = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(stored_hi - stored_lo, out=starts[1:])
    return starts, starts[:-1] - stored_lo


def _backtrack(
    back: npt.NDArray[np.int8],
    off: IntArray,
    lo: IntArray,
    n: int,
    m: int,
    vertical: list[tuple[int, int]],
) -> Beads:
    """Follow back-pointers from (n, m) to (0, 0); the beads in path order."""
    pointers = back.data
    starts = (off[:-1] - lo).tolist()
    steps = [*vertical, (0, 1)]  # a pointer of -1 (_INSERT) indexes the last
    # Bounds pushed backwards, (j1, j0, i1, i0) a bead: reversed, they read in path order.
    path: list[int] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = steps[pointers[starts[i] + j]]
        path += (j, j - b, i, i - a)
        i -= a
        j -= b
    beads: Beads = np.array(path[::-1], dtype=np.int64).reshape(-1, 4)
    return beads


def _band_around(path: Beads, n: int, m: int, margin: IntArray) -> Band:
    """Rows' column ranges covering ``path``, each row widened by its ``margin``, kept monotone."""
    if not len(path):
        return _full_band(n, m)
    rows = np.arange(n + 1)
    # Beads are in path order: the first bead ending at or after row i starts leftmost on it,
    # the last bead starting at or before row i ends rightmost.
    first = np.searchsorted(path[:, 1], rows, side="left")
    last = np.searchsorted(path[:, 0], rows, side="right") - 1
    lo = path[np.minimum(first, len(path) - 1), 2] - margin
    hi = path[np.maximum(last, 0), 3] + margin + 1
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 1, m + 1))
    # Consecutive rows must overlap for a path to pass from one to the next.
    lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
    lo[0] = 0
    hi[-1] = m + 1
    return lo, hi


def _rows_at_edge(trace: _Trace, m: int, slack: int) -> IntArray:
    """Rows where the path, or the row's cheapest cell, lies within ``slack`` columns of a band
    edge that is not the table's.

    The path at an edge says the band may have cut off a better one; so does a row whose
    cheapest cell is at an edge, where the best partial paths press against the band even
    though the final path, pulled back by what follows, does not.
    """
    lo, hi = trace.band
    ends = np.concatenate((trace.path[:, 1], np.arange(len(lo))))
    cols = np.concatenate((trace.path[:, 3], trace.leaders))
    near_lo = (lo[ends] > 0) & (cols - lo[ends] < slack)
    near_hi = (hi[ends] <= m) & (hi[ends] - 1 - cols < slack)
    crowded: IntArray = np.unique(ends[near_lo | near_hi])
    return crowded


def _block_starts(count: int, blocks: int) -> IntArray:
    """Bounds of ``blocks`` near-equal runs of consecutive sentences, total last.

    Both sides get the same number of blocks, so a coarse bead pairs text of about the same
    extent even when one side splits into many more sentences than the other.

    >>> _block_starts(10, 4).tolist()
    [0, 2, 5, 8, 10]
    """
    starts: IntArray = np.linspace(0, count, blocks + 1).round().astype(np.int64)
    return starts


def _full_band(n: int, m: int) -> Band:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64)


def _best_beads(model: CostModel, kinds: list[tuple[int, int]], config: SearchConfig) -> Beads:
    """The path in full when small, else within a band around the coarser level's path."""
    n, m = model.n, model.m
    if (n + 1) * (m + 1) <= config.full_cells or min(n, m) < 4 * config.block:
        return _search(model, _full_band(n, m), kinds).path

    blocks = -(-min(n, m) // config.block)  # the smaller side sets it: no block is empty
    ar_starts = _block_starts(n, blocks)
    en_starts = _block_starts(m, blocks)
    coarse = _best_beads(model.coarsen(ar_starts, en_starts), kinds, config)
    projected = np.stack(
        (
            ar_starts[coarse[:, 0]],
            ar_starts[coarse[:, 1]],
            en_starts[coarse[:, 2]],
            en_starts[coarse[:, 3]],
        ),
        axis=1,
    )
    # Where the search presses against the band's edge, the band may have cut off a better
    # path: widen it there (only there, and within a budget of cells a row, so the work
    # stays linear) and search again, which re-searches only the stretches that changed.
    margin = np.full(n + 1, config.band, dtype=np.int64)
    trace = _search(model, _band_around(projected, n, m, margin), kinds)
    budget = max(_MEAN_WIDTH * (n + 1), config.full_cells)
    for _ in range(_WIDENINGS):
        crowded = _rows_at_edge(trace, m, slack=2)
        if not len(crowded):
            break
        margin = _widened(margin, crowded)
        band = _band_around(projected, n, m, margin)
        if int((band[1] - band[0]).sum()) > budget:
            break
        trace = _search(model, band, kinds, trace)
    return trace.path


def _widened(margin: IntArray, crowded: IntArray) -> IntArray:
    """Margins four times wider within four (old) margins of each crowded row."""
    widened: IntArray = margin.copy()
    for old in np.unique(margin[crowded]).tolist():
        rows = crowded[margin[crowded] == old]
        # Rows within reach of a crowded row: +1 where a stretch starts, -1 after it ends.
        reach = 4 * old
        starts = np.zeros(len(margin) + 1, dtype=np.int64)
        np.add.at(starts, np.maximum(rows - reach, 0), 1)
        np.add.at(starts, np.minimum(rows + reach + 1, len(margin)), -1)
        covered = np.cumsum(starts[:-1]) > 0
        widened[covered] = np.maximum(widened[covered], 4 * old)
    return widened


def best_path(model: CostModel, kinds: list[tuple[int, int]], config: SearchConfig) -> Path:
    """The cheapest path from (0, 0) to (n, m): exact when small, else coarse-to-fine."""
    return _as_path(_best_beads(model, kinds, config))


def path_within(model: CostModel, kinds: list[tuple[int, int]], guide: Path) -> Path:
    """The cheapest path through the cells that ``guide``'s beads cover.

    Used to search sentences only inside aligned paragraphs: each guide bead is a block of
    Arabic sentences against a block of English sentences.
    """
    beads = np.array(guide, dtype=np.int64).reshape(-1, 4)
    band = _band_around(beads, model.n, model.m, np.zeros(model.n + 1, dtype=np.int64))
    return _as_path(_search(model, band, kinds).path)


def _as_path(beads: Beads) -> Path:
    rows: list[list[int]] = beads.tolist()
    return [(i0, i1, j0, j1) for i0, i1, j0, j1 in rows]
