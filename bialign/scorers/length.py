"""Gale & Church's length evidence: a translation's length is proportional to its source's.

Lengths are counted on normalised text (:func:`bialign.chars.measure`); the ratio of English
to Arabic characters and the variance per character are the document's. A mismatch is priced
by a log-survival function that stays finite however large the mismatch (NLTK's underflows
to -inf and then treats such cells as free).
"""

from __future__ import annotations

import copy
import math

import numpy as np

from .._compiled import speedups
from ..search import FloatArray, IntArray, Sizes
from .base import compiled_beads

__all__ = ["LengthScorer", "log_p_of_terms"]


class LengthScorer:
    """How likely the beads' two lengths are, given the document's ratio and variance.

    Lengths come from prefix sums, so a bead of any size costs the same to price.
    """

    feature_names = ("length_log_p",)

    def __init__(
        self, ar_lengths: FloatArray, en_lengths: FloatArray, ratio: float, variance: float
    ) -> None:
        self.n, self.m = len(ar_lengths), len(en_lengths)
        self.ar_prefix, self.en_prefix = _prefix_sums(ar_lengths), _prefix_sums(en_lengths)
        self.ratio, self.variance = ratio, variance

    def with_parameters(self, ratio: float, variance: float) -> LengthScorer:
        """The same sentences under another ratio and variance: the prefix sums shared, not
        summed again for each pass of a document."""
        scorer = copy.copy(self)
        scorer.ratio, scorer.variance = ratio, variance
        return scorer

    def lengths(
        self, i: IntArray, a: Sizes, j: IntArray, b: Sizes
    ) -> tuple[FloatArray, FloatArray]:
        """Normalised character lengths of the two sides of beads ar[i-a:i] ~ en[j-b:j]."""
        ar_len = self.ar_prefix[i] - self.ar_prefix[np.maximum(i - a, 0)]
        en_len = self.en_prefix[j] - self.en_prefix[np.maximum(j - b, 0)]
        return ar_len, en_len

    def delta(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Standardised length difference of beads ar[i-a:i] ~ en[j-b:j]."""
        ar_len, en_len = self.lengths(i, a, j, b)
        expected = ar_len * self.ratio
        spread = np.sqrt(self.variance * (expected + en_len) / 2 + 1.0)
        delta: FloatArray = (en_len - expected) / spread
        return delta

    def log_p(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """log P(|Z| >= |delta|), Z standard normal, of the beads' length mismatch
        (:meth:`delta`): finite for any delta."""
        return log_p_of_terms(*_length_terms(self, i, a, j, b))

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Negative :meth:`log_p`."""
        log_p = self.log_p(i, a, j, b)
        return np.negative(log_p, out=log_p)

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        """``length_log_p``: :meth:`log_p`."""
        return {"length_log_p": self.log_p(i, a, j, b)}


def _prefix_sums(lengths: FloatArray) -> FloatArray:
    """0, then the running sums of ``lengths``: written in place, not joined on."""
    prefix = np.zeros(len(lengths) + 1)
    np.cumsum(lengths, out=prefix[1:])
    return prefix


def log_p_of_terms(t: FloatArray, zz: FloatArray, poly: FloatArray) -> FloatArray:
    """:meth:`LengthScorer.log_p` from its terms (``t``, ``z²``, ``P(t)`` of the erfc fit, as
    the compiled loops give them too): log(t) - zz + poly, at most 0, written into ``t``,
    since the search prices beads by the million."""
    result: FloatArray = np.log(t, out=t)
    result -= zz
    result += poly
    return np.minimum(result, 0.0, out=result)


# Numerical Recipes' fit of erfc(z) = t·exp(-z² + P(t)), coefficients of P lowest order first.
_ERFC_FIT = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip


def _length_terms_numpy(
    scorer: LengthScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """What :meth:`LengthScorer.log_p` takes the logarithm of: with z = |delta| / sqrt(2), the
    Chebyshev fit of erfc from Numerical Recipes (relative error < 1.2e-7) is
    erfc(z) = t exp(-z² + P(t)) with t = 1 / (1 + z / 2), whose logarithm can be taken
    analytically, so it never underflows. Returns t, z² and P(t).

    :func:`bialign._speedups.length_terms` computes the same, bit for bit.
    """
    z = np.abs(scorer.delta(i, a, j, b)) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERFC_FIT):  # Horner's rule, as np.polyval, in place
        poly *= t
        poly += coefficient
    return t, z * z, poly


def _length_terms_compiled(
    scorer: LengthScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """:func:`_length_terms_numpy`, compiled."""
    shape, (a, i, b, j) = compiled_beads(i, a, j, b)
    t, zz, poly = np.empty(shape), np.empty(shape), np.empty(shape)
    _speedups.length_terms(
        scorer.ar_prefix,
        scorer.en_prefix,
        a,
        i,
        b,
        j,
        scorer.ratio,
        scorer.variance,
        ERFC_COEFFICIENTS,
        t,
        zz,
        poly,
    )
    return t, zz, poly


#: :data:`_ERFC_FIT` as the compiled loops take it.
ERFC_COEFFICIENTS = np.array(_ERFC_FIT)

if speedups is not None:  # the compiled loop, where it was built from this source
    from .. import _speedups

    _length_terms = _length_terms_compiled
else:  # pragma: no cover - depends on the install
    _length_terms = _length_terms_numpy
