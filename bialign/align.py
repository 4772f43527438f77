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

from .chars import measure
from .search import FloatArray, IntArray, SearchConfig, best_path

__all__ = ["AlignConfig", "Bead", "align_lengths", "align_sentences"]


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
    variance per character; ``None`` estimates them from the document. ``search`` trades
    exactness for speed on long documents (see :class:`~bialign.search.SearchConfig`).
    """

    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    ratio: float | None = None
    variance: float | None = None
    search: SearchConfig = field(default_factory=SearchConfig)

    def signature(self) -> str:
        """A short text naming every setting, stored with outputs for reproducibility."""
        kinds = ",".join(f"{a}-{b}" for a, b in self.priors)
        ratio = "doc" if self.ratio is None else f"{self.ratio:g}"
        variance = "doc" if self.variance is None else f"{self.variance:g}"
        search = self.search
        return (
            f"beads={kinds}|ratio={ratio}|var={variance}"
            f"|band={search.band}|block={search.block}|full={search.full_cells}"
        )


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
        self.ar_lengths, self.en_lengths = ar_lengths, en_lengths
        self.n, self.m = len(ar_lengths), len(en_lengths)
        self.ar_prefix = np.concatenate(([0.0], np.cumsum(ar_lengths)))
        self.en_prefix = np.concatenate(([0.0], np.cumsum(en_lengths)))
        self.ratio = ratio
        self.variance = variance
        self.priors = priors
        total = sum(priors.values())
        self.penalty = {kind: -math.log(p / total) for kind, p in priors.items()}

    def coarsen(self, ar_starts: IntArray, en_starts: IntArray) -> _LengthModel:
        """The same model over blocks of sentences beginning at the given indices."""
        return _LengthModel(
            np.add.reduceat(self.ar_lengths, ar_starts[:-1]),
            np.add.reduceat(self.en_lengths, en_starts[:-1]),
            self.ratio,
            self.variance,
            self.priors,
        )

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
                    + t
                    * (
                        0.27886807
                        + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                    )
                )
            )
        )
    )
    result: FloatArray = np.minimum(np.log(t) - z * z + poly, 0.0)
    return result


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
    model = _LengthModel(ar, en, ratio, variance, config.priors)
    path = best_path(model, list(config.priors), config.search)
    scores = np.zeros(len(path))
    ends = np.array([(i1, j1) for _, i1, _, j1 in path], dtype=np.int64).reshape(-1, 2)
    kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path], dtype=np.int64)
    for a, b in set(map(tuple, kinds.tolist())):
        chosen = (kinds[:, 0] == a) & (kinds[:, 1] == b)
        scores[chosen] = model.score(ends[chosen, 0], a, ends[chosen, 1], b)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(float(score), 4))
        for (i0, i1, j0, j1), score in zip(path, scores.tolist(), strict=True)
    ]


def align_sentences(
    ar: Sequence[str], en: Sequence[str], config: AlignConfig | None = None
) -> list[Bead]:
    """Align Arabic and English sentences; every index appears in exactly one bead, in order.

    >>> ar = ["جملة قصيرة.", "وجملة ثانية أطول قليلا من الأولى."]
    >>> en = ["A short sentence.", "And a second one, a little longer."]
    >>> [(b.ar, b.en) for b in align_sentences(ar, en)]
    [((0,), (0,)), ((1,), (1,))]
    """
    return align_lengths([measure(s) for s in ar], [measure(s) for s in en], config)
