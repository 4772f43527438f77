"""Anchor evidence: the tokens a bead's two sides share (words, numbers, names).

Each sentence's anchor tokens are a bit signature (:mod:`bialign.lexicon.vocabulary`); a
span's is the union of its sentences', and a bead's overlap is an AND and a popcount,
scored by the Dice coefficient.
"""

from __future__ import annotations

import numpy as np

from ..lexicon.vocabulary import SignatureArray
from ..search import FloatArray, IntArray, Sizes
from .base import compiled_beads

__all__ = ["AnchorScorer"]


class AnchorScorer:
    """Beads gain ``weight`` nats times the Dice coefficient of their sides' anchor tokens.

    Holds the bit signatures of every span of up to ``longest`` sentences, on both sides.
    """

    feature_names = ("anchor_dice", "anchored")

    def __init__(self, ar: SignatureArray, en: SignatureArray, longest: int, weight: float) -> None:
        self.ar = _span_signatures(ar, longest)
        self.en = _span_signatures(en, longest)
        self.ar_size = np.bitwise_count(self.ar).sum(axis=-1, dtype=np.int64)
        self.en_size = np.bitwise_count(self.en).sum(axis=-1, dtype=np.int64)
        self.weight = weight

    def similarity(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Dice coefficient of the anchor tokens of ar[i-a:i] and en[j-b:j], in [0, 1]."""
        return _dice(self, i, a, j, b)

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """``-weight`` times :meth:`similarity`."""
        gain = self.similarity(i, a, j, b)
        gain *= -self.weight
        return gain

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        """``anchor_dice``, the :meth:`similarity`, and ``anchored``, 1: anchors were read
        (aligning by length alone, there is no such scorer and both are 0)."""
        dice = self.similarity(i, a, j, b)
        return {"anchor_dice": dice, "anchored": np.ones(dice.shape)}


def _dice_numpy(spans: AnchorScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
    """:meth:`AnchorScorer.similarity` in NumPy; :func:`bialign._speedups.dice` does the same
    without NumPy's temporary arrays."""
    shared = np.bitwise_count(spans.ar[a, i] & spans.en[b, j]).sum(axis=-1, dtype=np.int64)
    total = spans.ar_size[a, i] + spans.en_size[b, j]
    dice: FloatArray = 2.0 * shared / np.maximum(total, 1)
    return dice


def _dice_compiled(spans: AnchorScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
    """:func:`_dice_numpy`, compiled."""
    shape, (a, i, b, j) = compiled_beads(i, a, j, b)
    dice = np.empty(shape)
    _speedups.dice(spans.ar, spans.en, spans.ar_size, spans.en_size, a, i, b, j, dice)
    return dice


def _span_signatures(signatures: SignatureArray, longest: int) -> SignatureArray:
    """``spans[k, i]`` is the union of signatures i-k..i-1 (row i of a table with a row 0)."""
    spans = np.zeros((longest + 1, len(signatures) + 1, signatures.shape[1]), np.uint64)
    for k in range(1, longest + 1):
        spans[k, 1:] = spans[k - 1, :-1] | signatures
        spans[k, :k] = 0  # a span reaching before the first sentence is no span
    return spans


try:  # the compiled loop, where a C compiler was there at install time
    from .. import _speedups

    _dice = _dice_compiled
except ImportError:  # pragma: no cover - depends on the install
    _dice = _dice_numpy
