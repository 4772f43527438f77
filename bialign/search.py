"""The search behind the aligner: the cheapest bead path through a band of the DP table.

Gale & Church's recurrence, organised for speed: the table is never n×m. Small problems are
searched in full; larger ones coarse-to-fine (blocks of sentences first, then a band around the
coarse path, widened where the path runs along its edge), and each band row is a handful of
NumPy calls. Time and memory grow linearly with the document. The search knows nothing of
languages: a :class:`CostModel` prices beads.
"""

from __future__ import annotations

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
        """The model over blocks of sentences; ``*_starts`` are block bounds, total last."""
        ...


@dataclass(frozen=True)
class SearchConfig:
    """How the search trades exactness for speed.

    Tables of at most ``full_cells`` cells are searched in full (exact). Larger ones are
    searched in blocks of ``block`` sentences first, then within ``band`` sentences of the
    coarse path on either side.
    """

    full_cells: int = 250_000
    block: int = 4
    band: int = 24


# A band gives, for every row i of the table (0..n), the half-open column range [lo[i], hi[i]).
Band = tuple[IntArray, IntArray]

_WIDENINGS = 4  # searches at most per level: the first, then up to three widened
_INSERT = -1  # back-pointer for a 0-1 bead taken along the current row
_CHUNK_BUDGET = 1 << 20  # cells of precomputed costs per chunk of rows


def _search(model: CostModel, n: int, m: int, band: Band, kinds: list[tuple[int, int]]) -> Path:
    """Cheapest path from (0, 0) to (n, m) through the band; returns its beads in order.

    Row i depends on rows i-1..i-3 (beads taking Arabic sentences) and on itself (0-1 beads);
    the latter is a prefix minimum, so each row is a handful of NumPy calls.
    """
    lo, hi = band
    width = int((hi - lo).max())
    cols = np.arange(width)
    vertical = [k for k in kinds if k[0] > 0]
    back_a = max(a for a, _ in vertical) if vertical else 1
    inserts = (0, 1) in kinds
    back = np.zeros((n + 1, width), dtype=np.int8)
    previous = np.full((back_a, width), np.inf)
    rows_per_chunk = max(1, _CHUNK_BUDGET // (width * max(1, len(vertical))))

    for r0 in range(0, n + 1, rows_per_chunk):
        r1 = min(n + 1, r0 + rows_per_chunk)
        rows = np.arange(r0, r1)
        columns = lo[rows, None] + cols
        in_row = columns < hi[rows, None]
        values = np.full((back_a + len(rows)) * width + 1, np.inf)
        values[: back_a * width] = previous.ravel()
        outside = len(values) - 1

        gather = np.empty((len(vertical), len(rows), width), dtype=np.int64)
        costs = np.empty((len(vertical), len(rows), width))
        for k, (a, b) in enumerate(vertical):
            src = rows - a
            src_ok = src >= 0
            src_c = np.maximum(src, 0)
            src_col = columns - b - lo[src_c, None]
            ok = in_row & src_ok[:, None] & (src_col >= 0) & (columns - b < hi[src_c, None])
            gather[k] = np.where(ok, (src - r0 + back_a)[:, None] * width + src_col, outside)
            costs[k] = model.cost(rows[:, None], a, columns, b)
        insert_cost = model.cost(rows[:, None], 0, columns, 1) if inserts else None
        if insert_cost is not None:
            insert_cost[:, 0] = 0.0  # a 0-1 bead into a row's first cell would leave the band

        for r, i in enumerate(range(r0, r1)):
            row_width = int(hi[i] - lo[i])
            if vertical:
                candidates = values[gather[:, r, :row_width]] + costs[:, r, :row_width]
                choice = candidates.argmin(axis=0)
                best = candidates.min(axis=0)
            else:
                choice = np.zeros(row_width, dtype=np.int64)
                best = np.full(row_width, np.inf)
            if i == 0:
                best[0] = 0.0
            pointer = choice.astype(np.int8)
            if inserts and insert_cost is not None:
                total = np.cumsum(insert_cost[r, :row_width])
                relative = best - total
                running = np.minimum.accumulate(relative)
                best = total + running
                pointer[relative > running] = _INSERT
            start = (back_a + r) * width
            values[start : start + row_width] = best
            back[i, :row_width] = pointer
        previous = values[len(rows) * width : (len(rows) + back_a) * width].reshape(back_a, width)

    path: Path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        a, b = (0, 1) if k == _INSERT else vertical[k]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path


def _band_around(path: Path, n: int, m: int, margin: IntArray) -> Band:
    """Rows' column ranges covering ``path``, each row widened by its ``margin``, kept monotone."""
    lo = np.full(n + 1, m + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in path:
        rows = slice(i0, i1 + 1)
        lo[rows] = np.minimum(lo[rows], j0 - margin[rows])
        hi[rows] = np.maximum(hi[rows], j1 + margin[rows] + 1)
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 1, m + 1))
    # Consecutive rows must overlap for a path to pass from one to the next.
    lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
    lo[0] = 0
    hi[-1] = m + 1
    return lo, hi


def _rows_at_edge(path: Path, band: Band, m: int, slack: int) -> list[int]:
    """Rows where the path runs within ``slack`` columns of a band edge that is not the table's."""
    lo, hi = band
    return [
        i1
        for _, i1, _, j1 in path
        if (lo[i1] > 0 and j1 - lo[i1] < slack) or (hi[i1] <= m and hi[i1] - 1 - j1 < slack)
    ]


def _block_starts(count: int, blocks: int) -> IntArray:
    """Bounds of ``blocks`` near-equal runs of consecutive sentences, total last.

    Both sides get the same number of blocks, so a coarse bead pairs text of about the same
    extent even when one side splits into many more sentences than the other.
    """
    starts: IntArray = np.linspace(0, count, blocks + 1).round().astype(np.int64)
    return starts


def best_path(model: CostModel, kinds: list[tuple[int, int]], config: SearchConfig) -> Path:
    """The cheapest path from (0, 0) to (n, m): exact when small, else coarse-to-fine."""
    n, m = model.n, model.m
    if (n + 1) * (m + 1) <= config.full_cells or min(n, m) < 4 * config.block:
        full = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
        return _search(model, n, m, full, kinds)

    blocks = -(-min(n, m) // config.block)  # the smaller side sets it: no block is empty
    ar_starts = _block_starts(n, blocks)
    en_starts = _block_starts(m, blocks)
    coarse = best_path(model.coarsen(ar_starts, en_starts), kinds, config)
    projected = [
        (int(ar_starts[i0]), int(ar_starts[i1]), int(en_starts[j0]), int(en_starts[j1]))
        for i0, i1, j0, j1 in coarse
    ]
    # Where the best path within the band runs along its edge, the band may have cut off a
    # better one: widen it there (only there, so the work stays linear) and search again.
    margin = np.full(n + 1, config.band, dtype=np.int64)
    for _ in range(_WIDENINGS):
        band = _band_around(projected, n, m, margin)
        path = _search(model, n, m, band, kinds)
        crowded = _rows_at_edge(path, band, m, slack=2)
        if not crowded:
            break
        widened = margin.copy()
        for row in crowded:
            reach = 4 * int(margin[row])
            rows = slice(max(0, row - reach), row + reach + 1)
            widened[rows] = np.maximum(widened[rows], 4 * margin[row])
        margin = widened
    return path


def path_within(model: CostModel, kinds: list[tuple[int, int]], guide: Path) -> Path:
    """The cheapest path through the cells that ``guide``'s beads cover.

    Used to search sentences only inside aligned paragraphs: each guide bead is a block of
    Arabic sentences against a block of English sentences.
    """
    band = _band_around(guide, model.n, model.m, np.zeros(model.n + 1, dtype=np.int64))
    return _search(model, model.n, model.m, band, kinds)
