"""The search behind the aligner: the cheapest bead path through a band of the DP table.

Gale & Church's recurrence, organised for speed: the table is never n×m. Small problems are
searched in full. Larger ones are searched in a band that follows the search: each chunk of
rows is centred on the cheapest cell of the row before it, so the band stays with the best
partial path however far that drifts from the diagonal; the band then grows where the path
presses against its edge. Later passes search a band around the path an earlier one found.
The band is stored row after row with each row's own width, so memory is one byte of
back-pointer per band cell; bead costs are priced a chunk of rows at a time, and only the
recurrence from row to row runs row by row, compiled (``bialign/_speedups.c``) or, where no C
compiler was at hand when bialign was installed, in NumPy, with the same results; a grown
band is searched again only where it changed. A band small enough to price at once (a short
document's, a paragraph's) is priced in one call and searched in one compiled call. The
search knows nothing of languages: a :class:`CostModel` prices beads.

Costs are rounded to whole multiples of 2**-16 before they are added up. Sums of such numbers
are exact in floating point, so the value of a path does not depend on the order its beads are
added in: a banded search finds exactly the path a full search finds whenever the band holds
that path, which is what makes the band's shortcuts safe to test.
"""

from __future__ import annotations

import functools
import itertools
import math
from array import array
from dataclasses import dataclass
from typing import Protocol, cast, runtime_checkable

import numpy as np
import numpy.typing as npt

from ._compiled import speedups
from .config import SearchConfig

__all__ = ["BandModel", "CostModel", "Path", "Sizes", "best_path", "path_within", "within_guide"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Beads as rows (i0, i1, j0, j1) of an int64 array, in path order: Arabic sentences i0..i1-1
#: with English sentences j0..j1-1. An array, not a list of tuples: a million beads as
#: Python tuples of integers take some 200 MB.
Path = npt.NDArray[np.int64]


#: Bead sizes: one number, or an array of them (one row per bead kind) broadcast against cells.
Sizes = int | IntArray


class CostModel(Protocol):
    """Prices beads; ``cost(i, a, j, b)`` is for beads ar[i-a:i] ~ en[j-b:j], vectorised.

    ``i`` and ``j`` are the cells' rows and columns; ``a`` and ``b`` the bead sizes, which may
    be column arrays (one row per bead kind), the result then having a row per kind.
    """

    n: int
    m: int

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray: ...


# A band gives, for every row i of the table (0..n), the half-open column range [lo[i], hi[i]).
Band = tuple[IntArray, IntArray]


@runtime_checkable
class BandModel(Protocol):
    """A cost model that may price a small band itself, only the beads the search may take
    (compiled), rather than have :meth:`CostModel.cost` price every bead of the band.

    ``band_table`` returns what :meth:`CostModel.cost` would for every cell of ``band`` (of
    ``cells`` cells), row after row, and every kind of ``kinds`` (a row of their Arabic
    sizes, one of their English), then, with ``inserts``, 0-1: a row of cells a kind; a bead
    the search cannot take (from outside the band) may cost anything. None where it cannot.
    """

    def band_table(
        self, band: Band, cells: int, kinds: IntArray, inserts: bool
    ) -> FloatArray | None: ...


_GROWTHS = 16  # searches of a grown band at most, after the first
_MEAN_WIDTH = 128  # growing stops before the band averages more columns a row than this
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
    path: Path
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

    With ``before``, the search of a narrower band, chunks the growth did not touch are
    not searched again while the values entering them equal those ``before`` saw up to a
    constant: the DP is blind to a constant (costs are whole units, so exactly), hence the
    chunk would yield the same back-pointers. Growing one stretch of a long document
    costs that stretch and the few chunks it takes the values to fall back in step.
    """
    n, m = model.n, model.m
    lo, hi = band
    off = np.zeros(n + 2, dtype=np.int64)
    np.cumsum(hi - lo, out=off[1:])
    layout = _Layout(lo, hi, off, kinds, m)
    layout.lay_out(n + 1)
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
    path = _backtrack(back, off, lo, n, m, layout.vertical)
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
    of a grown band can reuse them; the others are cut anew.
    """
    bounds = []
    for r0, r1 in itertools.pairwise(coarser):
        bounds.append(r0)
        if off[r1] - off[r0] > _CHUNK_CELLS and changed[r0:r1].any():  # else nothing to cut
            targets = np.arange(off[r0] + _CHUNK_CELLS, off[r1], _CHUNK_CELLS)
            cuts = np.searchsorted(off, targets, side="right") - 1
            bounds.extend(sorted(set(cuts.tolist()) - {r0, r1}))
    bounds.append(coarser[-1])
    return bounds


class _Layout:
    """One band's arrays and the per-chunk step of the search.

    Values are kept chunk by chunk in a flat buffer where each row is padded with inf on both
    sides far enough that every bead's source cell lies inside its source row's padded range
    (see :meth:`lay_out`): gathering needs no bounds checks.
    """

    def __init__(
        self,
        lo: IntArray,
        hi: IntArray,
        off: IntArray,
        kinds: list[tuple[int, int]],
        m: int,
    ) -> None:
        self.lo, self.hi, self.off = lo, hi, off
        self.widths = hi - lo
        vertical, self.inserts = _searched_kinds(kinds, len(lo) - 1, m)
        self.vertical = vertical
        self.kind_a = np.array([a for a, _ in vertical], dtype=np.int64)
        self.kind_b = np.array([b for _, b in vertical], dtype=np.int64)
        priced = [*vertical, (0, 1)] if self.inserts else vertical
        self.priced_a = np.array([a for a, _ in priced], dtype=np.int64)
        self.priced_b = np.array([b for _, b in priced], dtype=np.int64)
        self.reach = int(self.kind_a.max(initial=1))
        self.pad = int(self.kind_b.max(initial=0))
        count = len(lo) + self.reach  # stored rows: `reach` empty ones, then rows 0..n
        self.stored_off = np.zeros(count + 1, dtype=np.int64)
        self.column0 = np.zeros(count, dtype=np.int64)
        self.laid_out = 0  # stored rows whose place is known
        # Rows spanning the whole table have no edge to press on: no leaders to find.
        self.whole_rows = bool((lo == 0).all() and (hi == m + 1).all())

    def lay_out(self, rows: int) -> None:
        """Place the stored rows of table rows 0..rows-1, once their band (and the band of the
        ``reach`` rows after them) is final.

        Stored row x (table row x - reach) keeps columns ``lo - pad`` up to the ``hi`` of
        table row x, ``reach`` rows on, padding with inf, so a bead taking up to ``reach``
        Arabic and ``pad`` English sentences always starts inside its source row's stored
        range: no bounds checks.
        """
        reach, last = self.reach, len(self.lo) - 1
        x0, x1 = self.laid_out, min(rows + reach, len(self.column0))
        if x1 <= x0:
            return
        x = np.arange(x0, x1)
        table_row = x - reach
        stored_lo = np.where(table_row >= 0, self.lo[np.maximum(table_row, 0)], 0) - self.pad
        stored_hi = self.hi[np.minimum(x, last)]
        np.cumsum(stored_hi - stored_lo, out=self.stored_off[x0 + 1 : x1 + 1])
        self.stored_off[x0 + 1 : x1 + 1] += self.stored_off[x0]
        self.column0[x0:x1] = self.stored_off[x0:x1] - stored_lo
        self.laid_out = x1

    def cells(self, r0: int, r1: int) -> tuple[IntArray, IntArray]:
        """Row and column of every band cell of rows r0..r1-1, row after row."""
        return _cells(self.lo, self.widths, self.off, r0, r1)

    def search_chunk(
        self, model: CostModel, r0: int, r1: int, entry: FloatArray, leaders: IntArray
    ) -> tuple[npt.NDArray[np.int8], FloatArray]:
        """Back-pointers of rows r0..r1-1, and the values of the rows the next chunk reads.

        ``entry`` holds the values of rows r0-reach..r0-1 (band cells, row after row); the
        column of each row's cheapest cell goes into ``leaders`` (unless rows are whole).
        Within a row the 0-1 beads make a prefix minimum: with ``T`` the running sum of the
        row's 0-1 costs, ``V[j] = T[j] + min over k <= j of (best arrival from above at k -
        T[k])``, so ``T`` is folded into the other costs beforehand, and what is left row by
        row (:func:`_rows`) is a gather, an add, a minimum over kinds, a running minimum and
        an add.
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
        gather = np.repeat(sources - base, chunk_widths, axis=1)
        gather += cols
        # Every kind in one call, the 0-1 beads in the last row when they are searched. A copy
        # of full shape, whatever the model returns (a constant, a read-only view).
        priced = model.cost(rows, self.priced_a[:, None], cols, self.priced_b[:, None])
        table = np.broadcast_to(priced, (len(self.priced_a), len(rows))).astype(np.float64)
        _units(table)
        costs = table[: len(vertical)]
        starts = self.off[r0:r1] - self.off[r0]  # each row's first cell, chunk-local
        along = table[-1] if inserts else np.zeros(len(rows))
        if inserts:
            along[starts] = 0.0  # a row's first cell is entered from above, never from the left
            np.cumsum(along, out=along)
            along -= np.repeat(along[starts], chunk_widths)
            costs -= along

        bounds = self.off[r0 : r1 + 1] - self.off[r0]
        firsts = self.column0[row_index + reach] - base + lo[r0:r1]
        pointers = np.empty(len(rows), dtype=np.int8)
        leftmost = np.empty(r1 - r0, dtype=np.int64)
        _rows(values, gather, costs, along, bounds, firsts, pointers, leftmost, r0 == 0, inserts)
        if not self.whole_rows:
            leaders[r0:r1] = lo[r0:r1] + leftmost
        return pointers, values.take(self._positions(max(r1 - reach, 0), r1, base))

    def _positions(self, r0: int, r1: int, base: int) -> IntArray:
        """Where the band cells of rows r0..r1-1 sit in a chunk buffer starting at ``base``."""
        rows, cols = self.cells(r0, r1)
        positions: IntArray = self.column0[rows + self.reach] - base + cols
        return positions


def _searched_kinds(
    kinds: list[tuple[int, int]], n: int, m: int
) -> tuple[list[tuple[int, int]], bool]:
    """The kinds of bead a search of an n×m table takes from the rows above (those that fit
    in it), in the order ties go, and whether it takes 0-1 beads along a row."""
    unsupported = [(a, b) for a, b in kinds if a == 0 and b != 1]
    if unsupported:
        raise ValueError(f"bead kinds {unsupported} are not supported: 0-b beads need b == 1")
    return [(a, b) for a, b in kinds if 1 <= a <= n and b <= m], m > 0 and (0, 1) in kinds


@functools.lru_cache(maxsize=64)
def _kind_limits(kinds: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The most sentences a kind of ``kinds`` takes on each side (0 with none)."""
    return max((a for a, _ in kinds), default=0), max((b for _, b in kinds), default=0)


def _kind_steps(
    kinds: tuple[tuple[int, int], ...], n: int, m: int
) -> tuple[list[tuple[int, int]], bool, IntArray]:
    """:func:`_searched_kinds` of an n×m table, and their sizes as the compiled search takes
    them (a row of each kind's Arabic sizes, one of its English): worked out once for every
    table at least as large as the kinds (:func:`_steps_of`), not once a search."""
    longest_a, longest_b = _kind_limits(kinds)
    # Past the longest kind, and past 0 for the 0-1 beads, a table's size changes nothing.
    return _steps_of(kinds, min(n, longest_a), min(m, max(longest_b, 1)))


@functools.lru_cache(maxsize=256)
def _steps_of(
    kinds: tuple[tuple[int, int], ...], n: int, m: int
) -> tuple[list[tuple[int, int]], bool, IntArray]:
    """:func:`_kind_steps`, cached: its array is read-only, as it is shared."""
    vertical, inserts = _searched_kinds(list(kinds), n, m)
    steps = np.array(vertical, dtype=np.int64).reshape(-1, 2).T.copy()  # each kind's a, then b
    steps.flags.writeable = False
    return vertical, inserts, steps


def _cells(
    lo: IntArray, widths: IntArray, off: IntArray, r0: int, r1: int
) -> tuple[IntArray, IntArray]:
    """Row and column of every cell of rows r0..r1-1 of a band, row after row (row i's
    ``widths[i]`` cells from column ``lo[i]`` on start at ``off[i]``)."""
    rows = np.repeat(np.arange(r0, r1), widths[r0:r1])
    cols = np.arange(off[r0], off[r1]) - off[rows] + lo[rows]
    return rows, cols


def _rows_numpy(
    values: FloatArray,
    gather: IntArray,
    costs: FloatArray,
    along: FloatArray,
    bounds: IntArray,
    firsts: IntArray,
    pointers: npt.NDArray[np.int8],
    leftmost: IntArray,
    origin: bool,
    inserts: bool,
) -> None:
    """The rows of one chunk, row after row: :func:`bialign._speedups.rows` in NumPy.

    Used where the extension was not built; the two give the same values bit for bit.
    A row is five NumPy calls: gather, add, minimum over kinds, running minimum, add. Which
    kind won each cell, and each row's leftmost cheapest cell, are then worked out for the
    whole chunk at once, from the same sums.
    """
    starts, widths = bounds[:-1], np.diff(bounds)
    candidates = np.empty((len(gather), int(widths.max(initial=0))))
    ends, places = bounds.tolist(), firsts.tolist()
    for r, first in enumerate(places):
        s, e = ends[r], ends[r + 1]
        best = values[first : first + e - s]
        if len(gather):
            cand = candidates[:, : e - s]
            values.take(gather[:, s:e], None, cand, "clip")
            np.add(cand, costs[:, s:e], out=cand)
            np.minimum.reduce(cand, axis=0, out=best)
        else:  # no bead comes from above
            best[:] = np.inf
        if origin and r == 0:
            best[0] = 0.0
        if inserts:
            np.minimum.accumulate(best, out=best)
            best += along[s:e]
    arrivals = values.take(gather, mode="clip") + costs
    settled = arrivals.min(axis=0, initial=np.inf)
    pointers[:] = (arrivals == settled).argmax(axis=0) if len(gather) else 0
    reached = values.take(np.repeat(firsts - starts, widths) + np.arange(len(along)))
    if inserts:
        pointers[reached - along < settled] = _INSERT
    cheapest = np.flatnonzero(reached == np.repeat(np.minimum.reduceat(reached, starts), widths))
    row_of = np.searchsorted(bounds, cheapest, side="right") - 1
    firsts_found = np.ones(len(cheapest), dtype=bool)
    np.not_equal(row_of[1:], row_of[:-1], out=firsts_found[1:])
    leftmost[:] = cheapest[firsts_found] - starts


if speedups is not None:  # the compiled loops, where they were built from this source
    from ._speedups import band_path as _band_path
    from ._speedups import rows as _rows
else:  # pragma: no cover - depends on the install
    _rows = _rows_numpy


def _path_through(model: CostModel, band: Band, kinds: list[tuple[int, int]]) -> Path:
    """The cheapest path from (0, 0) to (n, m) through ``band``: in one compiled call where
    the band fits in one chunk (:func:`_small_path`), else chunk by chunk (:func:`_search`),
    which finds the same path."""
    lo, hi = band
    widths = hi - lo
    cells = int(np.add.reduce(widths))  # ndarray.sum, without its Python wrapper
    if speedups is None or cells > _CHUNK_CELLS:
        return _search(model, band, kinds).path
    return _small_path(model, band, widths, cells, kinds)


@functools.cache
def _prices_bands(kind: type) -> bool:
    """Whether models of class ``kind`` price a band themselves (:class:`BandModel`): asked
    once a class, as a protocol's check of an instance costs more than a paragraph's search."""
    return issubclass(kind, BandModel)


def _small_path(
    model: CostModel, band: Band, widths: IntArray, cells: int, kinds: list[tuple[int, int]]
) -> Path:
    """:func:`_search`'s path through a small band (rows ``widths`` wide, ``cells`` cells in
    all): every bead of it priced in one call, by the model itself where it can
    (:class:`BandModel`), and searched and traced back in one compiled call."""
    n, m = model.n, model.m
    vertical, inserts, steps = _kind_steps(tuple(kinds), n, m)
    lo, hi = np.ascontiguousarray(band[0]), np.ascontiguousarray(band[1])
    table = None
    if _prices_bands(type(model)):
        table = cast("BandModel", model).band_table((lo, hi), cells, steps, inserts)
    if table is None:
        priced = [*vertical, (0, 1)] if inserts else vertical
        off = np.zeros(n + 2, dtype=np.int64)
        np.cumsum(widths, out=off[1:])
        rows, cols = _cells(lo, widths, off, 0, n + 1)
        sizes = np.array(priced, dtype=np.int64).reshape(-1, 2, 1)
        costs = model.cost(rows, sizes[:, 0], cols, sizes[:, 1])
        table = np.ascontiguousarray(np.broadcast_to(costs, (len(priced), len(rows))), np.float64)
    path = np.empty((n + m, 4), dtype=np.int64)
    count = _band_path(table, lo, hi, steps[0], steps[1], _UNIT, _LIMIT, inserts, path)
    if count < 0:
        raise ValueError(f"no path reaches ({n}, {m}) with bead kinds {kinds}")
    return path[:count]


def _backtrack(
    back: npt.NDArray[np.int8],
    off: IntArray,
    lo: IntArray,
    n: int,
    m: int,
    vertical: list[tuple[int, int]],
) -> Path:
    """Follow back-pointers from (n, m) to (0, 0); the beads in path order."""
    pointers = back.data
    starts = (off[:-1] - lo).tolist()
    steps = [*vertical, (0, 1)]  # a pointer of -1 (_INSERT) indexes the last
    # Bounds pushed backwards, (j1, j0, i1, i0) a bead: reversed, they read in path order.
    # Machine integers, not a list of Python ones: 8 bytes a bound, not 36.
    bounds = array("q")
    i, j = n, m
    while i > 0 or j > 0:
        a, b = steps[pointers[starts[i] + j]]
        bounds.extend((j, j - b, i, i - a))
        i -= a
        j -= b
    path: Path = np.frombuffer(bounds, dtype=np.int64)[::-1].reshape(-1, 4).copy()
    return path


def _band_around(path: Path, n: int, m: int, margin: IntArray) -> Band:
    """Rows' column ranges covering ``path``, each row widened by its ``margin``, kept monotone."""
    if not len(path):
        return _full_band(n, m)
    rows = np.arange(n + 1)
    # Beads are in path order: the first bead ending at or after row i starts leftmost on it,
    # the last bead starting at or before row i ends rightmost.
    # (ndarray.searchsorted: np.searchsorted without its Python wrapper.)
    first = path[:, 1].searchsorted(rows, side="left")
    last = path[:, 0].searchsorted(rows, side="right") - 1
    lo = path[np.minimum(first, len(path) - 1), 2] - margin
    hi = path[np.maximum(last, 0), 3] + margin + 1
    lo, hi = _monotone(lo, hi, m)
    # Consecutive rows must overlap for a path to pass from one to the next.
    lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
    lo[0] = 0
    hi[-1] = m + 1
    return lo, hi


def _rows_at_edge(trace: _Trace, m: int, slack: int, leaders: bool) -> IntArray:
    """Rows where the path, or with ``leaders`` the row's cheapest cell, lies within
    ``slack`` columns of a band edge that is not the table's.

    The path at an edge says the band may have cut off a better one; so does a row whose
    cheapest cell is at an edge, where the best partial paths press against the band even
    though the final path, pulled back by what follows, does not. That second sign is read
    only for a band that followed the cheapest cells: around an earlier path, on other
    parameters, they wander to its edges and back without the path moving.
    """
    lo, hi = trace.band
    ends, cols = trace.path[:, 1], trace.path[:, 3]
    if leaders:
        ends = np.concatenate((ends, np.arange(len(lo))))
        cols = np.concatenate((cols, trace.leaders))
    near_lo = (lo[ends] > 0) & (cols - lo[ends] < slack)
    near_hi = (hi[ends] <= m) & (hi[ends] - 1 - cols < slack)
    crowded = np.zeros(len(lo), dtype=bool)
    crowded[ends[near_lo | near_hi]] = True
    rows: IntArray = np.flatnonzero(crowded)  # each once, in order (np.unique imports np.ma)
    return rows


def _full_band(n: int, m: int) -> Band:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64)


def _track(model: CostModel, kinds: list[tuple[int, int]], margin: int) -> _Trace:
    """Cheapest path through a band that follows the search as it goes.

    Each chunk of rows is centred on the cheapest cell of the row before it, moved on at the
    document's mean slope: the cheapest partial path stays close to the true one even where
    long stretches of text look alike, where a coarse pass over blocks of sentences (whose
    lengths differ little) drifts by hundreds of sentences.
    The band keeps the same number of columns on every row, its rows overlap, and its last
    row ends at the table's last column, so a path always gets through.
    """
    n, m = model.n, model.m
    slope = m / n
    # Wide enough to take a row's mean step and still keep ``margin`` on either side.
    width = min(2 * margin + 1 + math.ceil(slope), m + 1)
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = lo + width
    off = np.arange(n + 2, dtype=np.int64) * width
    layout = _Layout(lo, hi, off, kinds, m)
    back = np.empty(int(off[-1]), dtype=np.int8)
    leaders = np.zeros(n + 1, dtype=np.int64)
    entries = [np.empty(0)]
    bounds = [*range(0, n + 1, max(_CHUNK_CELLS // width, 1)), n + 1]
    # The lowest first column a row can have and the band still reach (n, m) in steps of
    # at most width - 1 columns a row (consecutive rows must overlap).
    floor = np.maximum((m + 1 - width) - (n - np.arange(n + 1)) * (width - 1), 0)
    planned = 0
    for r0, r1 in itertools.pairwise(bounds):
        upto = min(r1 + layout.reach, n + 1)  # lay_out needs the band `reach` rows on
        if upto > planned:
            rows = np.arange(planned, upto)
            # From the cheapest cell of the row before the chunk, or from (0, 0).
            last = max(r0 - 1, 0)
            centre = leaders[last] + (rows - last) * slope
            wanted = np.rint(centre - margin).astype(np.int64)
            wanted = np.clip(wanted, floor[rows], m + 1 - width)
            previous = int(lo[planned - 1]) if planned else 0
            # Rows never step left, nor right by more than keeps them overlapping.
            target = np.maximum.accumulate(np.maximum(wanted, previous))
            steps = np.minimum(np.diff(target, prepend=previous), width - 1)
            lo[rows] = np.maximum(previous + np.cumsum(steps), floor[rows])
            hi[rows] = lo[rows] + width
            planned = upto
        layout.lay_out(r1)
        pointers, exit_values = layout.search_chunk(model, r0, r1, entries[-1], leaders)
        back[off[r0] : off[r1]] = pointers
        entries.append(exit_values)
    path = _backtrack(back, off, lo, n, m, layout.vertical)
    return _Trace((lo, hi), bounds, off, back, entries, path, leaders)


def searched_in_full(n: int, m: int, config: SearchConfig) -> bool:
    """Whether :func:`best_path` searches an n by m table in full (exactly), not in a band."""
    return (n + 1) * (m + 1) <= config.full_cells or m <= 2 * config.band


def best_path(
    model: CostModel, kinds: list[tuple[int, int]], config: SearchConfig, near: Path | None = None
) -> Path:
    """The cheapest path from (0, 0) to (n, m): exact when small, else within a band.

    ``near`` is a path found before (by a search on other parameters, say): the band is
    drawn around it rather than found by following the search.
    """
    n, m = model.n, model.m
    if searched_in_full(n, m, config):
        return _path_through(model, _full_band(n, m), kinds)
    if near is None:
        trace = _track(model, kinds, config.band)
    else:
        margin = np.full(n + 1, config.band, dtype=np.int64)
        trace = _search(model, _band_around(near, n, m, margin), kinds)
    # Where the path presses against the band's edge, the band may have cut off a better
    # path: grow it there (only there, and within a budget of cells a row, so the work
    # stays linear) and search again, which re-searches only the stretches that changed.
    budget = max(_MEAN_WIDTH * (n + 1), config.full_cells)
    followed = near is None
    for _ in range(_GROWTHS):
        crowded = _rows_at_edge(trace, m, slack=2, leaders=followed)
        if not len(crowded):
            break
        band = _grown(trace, crowded, config.band, leaders=followed)
        if int((band[1] - band[0]).sum()) > budget:
            break
        trace = _search(model, band, kinds, trace)
    return trace.path


def _grown(trace: _Trace, crowded: IntArray, margin: int, leaders: bool) -> Band:
    """The band grown, near each crowded row, to ``margin`` columns past the path (and with
    ``leaders``, past the row's cheapest cell), kept monotone."""
    lo, hi = trace.band
    n, m = len(lo) - 1, int(hi[-1]) - 1
    around_lo, around_hi = _band_around(trace.path, n, m, np.full(n + 1, margin, dtype=np.int64))
    # Rows within four margins of a crowded row: +1 where a stretch starts, -1 after it ends.
    steps = np.zeros(n + 2, dtype=np.int64)
    np.add.at(steps, np.maximum(crowded - 4 * margin, 0), 1)
    np.add.at(steps, np.minimum(crowded + 4 * margin + 1, n + 1), -1)
    grown = np.cumsum(steps[:-1]) > 0
    if leaders:
        around_lo = np.minimum(around_lo, trace.leaders - margin)
        around_hi = np.maximum(around_hi, trace.leaders + margin + 1)
    new_lo = np.where(grown, np.minimum(lo, around_lo), lo)
    new_hi = np.where(grown, np.maximum(hi, around_hi), hi)
    return _monotone(new_lo, new_hi, m)


def _monotone(lo: IntArray, hi: IntArray, m: int) -> Band:
    """Row ranges within the table's columns whose edges never move left from row to row.

    (np.clip would do the clamping, at the cost of checking integer limits on every call.)
    """
    lo = np.minimum.accumulate(np.minimum(np.maximum(lo, 0), m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.minimum(np.maximum(hi, 1), m + 1))
    return lo, hi


def within_guide(guide: Path, n: int, m: int) -> Band:
    """The cells that ``guide``'s beads cover, of an n by m table: each guide bead is a block
    of Arabic sentences against a block of English sentences (aligned paragraphs, say)."""
    return _band_around(guide, n, m, np.zeros(n + 1, dtype=np.int64))


def path_within(model: CostModel, kinds: list[tuple[int, int]], band: Band) -> Path:
    """The cheapest path through ``band`` (:func:`within_guide`, made once for the searches
    of a document on other parameters).

    Used to search sentences only inside aligned paragraphs.
    """
    return _path_through(model, band, kinds)
