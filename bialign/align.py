"""Stage 4: align two sentence lists by length and shared anchors.

The search is Gale & Church's dynamic programme over bead types (1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
1-3, 3-1), with three changes that matter in practice:

* lengths are counted on normalised text (no diacritics, tatweel or controls) and the length
  ratio and its variance are estimated per document instead of fixed;
* the cost of a length mismatch uses a log-survival function that stays finite however large
  the mismatch (NLTK's underflows to -inf and then treats such cells as free);
* the table is never n×m: long documents are aligned coarse-to-fine (blocks of sentences
  first, then a narrow band around the coarse path, widened where the path touches its edge),
  and each band row is computed with NumPy, so time and memory grow linearly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .chars import measure

__all__ = ["AlignConfig", "Bead", "align_lengths", "align_sentences"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Bead types as (Arabic sentences, English sentences) with their prior probabilities.
#: Arabic–English translations merge and split sentences more than the French–English
#: Hansards Gale & Church measured, so n:m beads get more mass than their 1993 table.
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.85,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.05,
    (1, 2): 0.05,
    (2, 2): 0.01,
    (1, 3): 0.01,
    (3, 1): 0.01,
}


@dataclass(frozen=True)
class Bead:
    """One aligned unit: Arabic sentence indices, English sentence indices, and a confidence.

    Indices are 0-based positions in each side's sentence list; either side may be empty
    (an unaligned sentence). ``score`` is in [0, 1]: higher means more trustworthy.
    """

    ar: tuple[int, ...]
    en: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type as ``"ar-en"`` sentence counts, e.g. ``"1-1"`` or ``"2-1"``."""
        return f"{len(self.ar)}-{len(self.en)}"


@dataclass(frozen=True)
class AlignConfig:
    """Settings of the aligner.

    ``ratio`` is English characters per Arabic character and ``variance`` the length
    variance per character; ``None`` estimates them from the document. ``band`` is the
    half-width, in sentences, of the search band around the coarse path; documents whose
    full table has at most ``full_search_cells`` cells are searched exactly instead.
    """

    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    ratio: float | None = None
    variance: float | None = None
    band: int = 24
    full_search_cells: int = 250_000
    block: int = 8

    def signature(self) -> str:
        """A short text naming every setting, stored with outputs for reproducibility."""
        kinds = ",".join(f"{a}-{b}" for a, b in self.priors)
        ratio = "doc" if self.ratio is None else f"{self.ratio:g}"
        variance = "doc" if self.variance is None else f"{self.variance:g}"
        return f"beads={kinds}|ratio={ratio}|var={variance}|band={self.band}|block={self.block}"


DEFAULT_VARIANCE = 8.0
_RATIO_BOUNDS = (0.4, 3.0)


class _LengthModel:
    """Gale–Church bead costs from prefix sums of sentence lengths, vectorised."""

    def __init__(
        self,
        ar_lengths: FloatArray,
        en_lengths: FloatArray,
        ratio: float,
        variance: float,
        priors: dict[tuple[int, int], float],
    ) -> None:
        self.ar_prefix = np.concatenate(([0.0], np.cumsum(ar_lengths)))
        self.en_prefix = np.concatenate(([0.0], np.cumsum(en_lengths)))
        self.ratio = ratio
        self.variance = variance
        total = sum(priors.values())
        self.penalty = {kind: -math.log(p / total) for kind, p in priors.items()}

    def delta(self, i: IntArray, a: int, j: IntArray, b: int) -> FloatArray:
        """Standardised length difference of beads ar[i-a:i] ~ en[j-b:j]."""
        n, m = len(self.ar_prefix) - 1, len(self.en_prefix) - 1
        i = np.clip(i, 0, n)
        j = np.clip(j, 0, m)
        ar_len = self.ar_prefix[i] - self.ar_prefix[np.maximum(i - a, 0)]
        en_len = self.en_prefix[j] - self.en_prefix[np.maximum(j - b, 0)]
        expected = ar_len * self.ratio
        spread = np.sqrt(self.variance * (expected + en_len) / 2 + 1.0)
        delta: FloatArray = (en_len - expected) / spread
        return delta

    def cost(self, i: IntArray, a: int, j: IntArray, b: int) -> FloatArray:
        """Negative log probability of the bead: type prior plus length mismatch."""
        return self.penalty[(a, b)] - _log_two_sided_p(self.delta(i, a, j, b))

    def score(self, i: IntArray, a: int, j: IntArray, b: int) -> FloatArray:
        """Confidence in [0, 1]: the two-sided p-value of the length mismatch; 0 if unaligned."""
        if a == 0 or b == 0:
            return np.zeros(np.broadcast(i, j).shape)
        return np.exp(_log_two_sided_p(self.delta(i, a, j, b)))


def _log_two_sided_p(delta: FloatArray) -> FloatArray:
    """log P(|Z| >= |delta|) for a standard normal Z, finite for any delta.

    Uses the Chebyshev fit of erfc from Numerical Recipes (relative error < 1.2e-7), whose
    logarithm can be taken analytically, so it never underflows.
    """
    z = np.abs(delta) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))
                )
            )
        )
    )
    result: FloatArray = np.minimum(np.log(t) - z * z + poly, 0.0)
    return result


# A band gives, for every row i of the table (0..n), the half-open column range [lo[i], hi[i]).
_Band = tuple[IntArray, IntArray]
_Path = list[tuple[int, int, int, int]]  # beads as (i0, i1, j0, j1)

_WIDENINGS = 2  # searches at most per level: the first, then one widened
_INSERT = -1  # back-pointer for a 0-1 bead taken along the current row
_CHUNK_BUDGET = 1 << 20  # cells of precomputed costs per chunk of rows


def _search(model: _LengthModel, n: int, m: int, band: _Band, kinds: list[tuple[int, int]]) -> _Path:
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

    path: _Path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        a, b = (0, 1) if k == _INSERT else vertical[k]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path


def _band_around(path: _Path, n: int, m: int, margin: IntArray) -> _Band:
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


def _rows_at_edge(path: _Path, band: _Band, m: int, slack: int) -> list[int]:
    """Rows where the path runs within ``slack`` columns of a band edge that is not the table's."""
    lo, hi = band
    return [
        i1
        for _, i1, _, j1 in path
        if (lo[i1] > 0 and j1 - lo[i1] < slack) or (hi[i1] <= m and hi[i1] - 1 - j1 < slack)
    ]


def _blocks(lengths: FloatArray, size: int) -> tuple[FloatArray, IntArray]:
    """Sum lengths over consecutive blocks of ``size``; also return each block's first index."""
    starts = np.arange(0, len(lengths), size, dtype=np.int64)
    sums: FloatArray = np.add.reduceat(lengths, starts) if len(lengths) else np.zeros(0)
    return sums, np.append(starts, len(lengths))


def _align_path(
    ar: FloatArray, en: FloatArray, ratio: float, variance: float, config: AlignConfig
) -> _Path:
    """The best path over length arrays ``ar`` and ``en``: exact when small, else coarse-to-fine."""
    n, m = len(ar), len(en)
    kinds = list(config.priors)
    model = _LengthModel(ar, en, ratio, variance, config.priors)
    if (n + 1) * (m + 1) <= config.full_search_cells or min(n, m) < 4 * config.block:
        full = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
        return _search(model, n, m, full, kinds)

    coarse_ar, ar_starts = _blocks(ar, config.block)
    coarse_en, en_starts = _blocks(en, config.block)
    coarse = _align_path(coarse_ar, coarse_en, ratio, variance, config)
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


def _estimate_ratio(ar: FloatArray, en: FloatArray) -> float:
    """English characters per Arabic character over the whole document, kept plausible."""
    ar_total, en_total = float(ar.sum()), float(en.sum())
    if ar_total <= 0 or en_total <= 0:
        return 1.0
    return float(np.clip(en_total / ar_total, *_RATIO_BOUNDS))


def align_lengths(
    ar_lengths: Sequence[float], en_lengths: Sequence[float], config: AlignConfig | None = None
) -> list[Bead]:
    """Align two documents given only their sentence lengths (in normalised characters).

    This is the length-only core of :func:`align_sentences`, for callers that measure
    sentences themselves.
    """
    config = config or AlignConfig()
    ar = np.maximum(np.asarray(ar_lengths, dtype=np.float64), 0.0)
    en = np.maximum(np.asarray(en_lengths, dtype=np.float64), 0.0)
    ratio = config.ratio if config.ratio is not None else _estimate_ratio(ar, en)
    variance = config.variance if config.variance is not None else DEFAULT_VARIANCE
    path = _align_path(ar, en, ratio, variance, config)
    model = _LengthModel(ar, en, ratio, variance, config.priors)
    scores = np.zeros(len(path))
    ends = np.array([(i1, j1) for _, i1, _, j1 in path], dtype=np.int64).reshape(-1, 2)
    kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path], dtype=np.int64)
    for a, b in set(map(tuple, kinds.tolist())):
        chosen = (kinds[:, 0] == a) & (kinds[:, 1] == b)
        scores[chosen] = model.score(ends[chosen, 0], a, ends[chosen, 1], b)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(float(score), 4))
        for (i0, i1, j0, j1), score in zip(path, scores.tolist())
    ]


def align_sentences(
    ar: Sequence[str], en: Sequence[str], config: AlignConfig | None = None
) -> list[Bead]:
    """Align Arabic and English sentences; every index appears in exactly one bead, in order.

    >>> [b.kind for b in align_sentences(["جملة قصيرة.", "وجملة ثانية أطول قليلا من الأولى."],
    ...                                  ["A short sentence.", "And a second one, a little longer."])]
    ['1-1', '1-1']
    """
    return align_lengths([measure(s) for s in ar], [measure(s) for s in en], config)
