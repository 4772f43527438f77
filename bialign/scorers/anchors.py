"""Anchor evidence: the tokens a bead's two sides share (words, numbers, names).

Each sentence's anchor tokens are a bit signature (:mod:`bialign.lexicon.vocabulary`); a
span's is the union of its sentences', and a bead's overlap is an AND and a popcount,
scored by the Dice coefficient. Span unions are made as beads are priced, never stored for
the whole document: one per span length would be 64 bytes a sentence each, gigabytes for a
long document.
"""

from __future__ import annotations

import numpy as np

from .._compiled import speedups
from ..lexicon.vocabulary import SignatureArray
from ..search import FloatArray, IntArray, Sizes
from .base import compiled_beads

__all__ = ["AnchorScorer", "span_unions"]


class AnchorScorer:
    """Beads gain ``weight`` nats times the Dice coefficient of their sides' anchor tokens.

    ``ar`` and ``en`` are the sentences' bit signatures, a row a sentence.
    """

    feature_names = ("anchor_dice", "anchored")

    def __init__(self, ar: SignatureArray, en: SignatureArray, weight: float) -> None:
        self.ar, self.en, self.weight = ar, en, weight

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


def _dice_numpy(scorer: AnchorScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
    """:meth:`AnchorScorer.similarity` in NumPy; :func:`bialign._speedups.dice` does the same
    without NumPy's temporary arrays."""
    ar, en = span_unions(scorer.ar, i, a), span_unions(scorer.en, j, b)
    shared = np.bitwise_count(ar & en).sum(axis=-1, dtype=np.int64)
    total = np.bitwise_count(ar).sum(axis=-1, dtype=np.int64)
    total += np.bitwise_count(en).sum(axis=-1, dtype=np.int64)
    dice: FloatArray = 2.0 * shared / np.maximum(total, 1)
    return dice


def span_unions(signatures: SignatureArray, ends: IntArray, spans: Sizes) -> SignatureArray:
    """The union of signatures ``ends - spans`` to ``ends - 1`` (``ends`` counts from a row 0
    before the first sentence); empty when a span reaches before the first sentence.

    >>> signatures = np.array([[1], [2], [4]], np.uint64)
    >>> span_unions(signatures, np.array([3, 1]), np.array([[2]])).tolist()
    [[[6], [0]]]
    """
    ends, spans = np.asarray(ends), np.asarray(spans)
    shape = np.broadcast(ends, spans).shape
    union = np.zeros((*shape, signatures.shape[1]), np.uint64)
    whole = ends >= spans
    for back in range(1, int(spans.max(initial=0)) + 1 if len(signatures) else 0):
        held = whole & (spans >= back)
        row = signatures[np.maximum(ends - back, 0)]
        union |= np.where(held[..., None], row, np.uint64(0))
    return union


def _dice_compiled(
    scorer: AnchorScorer, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> FloatArray:
    """:func:`_dice_numpy`, compiled."""
    shape, (a, i, b, j) = compiled_beads(i, a, j, b)
    dice = np.empty(shape)
    _speedups.dice(scorer.ar, scorer.en, a, i, b, j, dice)
    return dice


if speedups is not None:  # the compiled loop, where it was built from this source
    from .. import _speedups

    _dice = _dice_compiled
else:  # pragma: no cover - depends on the install
    _dice = _dice_numpy
