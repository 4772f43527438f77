"""What every scorer is: the evidence a bead is priced on, and what its confidence is read off.

The search (:mod:`bialign.search`) prices whole beads through a :class:`~bialign.search.CostModel`;
the aligner's bead model is one, adding to each bead type's prior what its scorers say of the
beads with sentences on both sides. A scorer reads what it needs off the two sides when it is
made (sentence lengths, anchor signatures, sentence vectors) and prices any bead from its end
positions; adding one is adding it to the bead model, the search is untouched.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..search import FloatArray, IntArray, Sizes

__all__ = ["Scorer", "compiled_beads"]


class Scorer(Protocol):
    """One kind of evidence that the two sides of beads ar[i-a:i] ~ en[j-b:j] translate each
    other, for beads with sentences on both sides (an unaligned sentence is priced by its
    prior alone).

    ``i`` and ``j`` are rows of bead ends (cells of the search table); ``a`` and ``b`` one
    span length each, or columns of them, one row per bead kind, the result then having a
    row per kind, as :meth:`bialign.search.CostModel.cost` takes them.
    """

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The names of the features :meth:`features` gives, which calibration is keyed on."""
        ...

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """What the evidence adds to the beads' cost, in nats: lower is likelier."""
        ...

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        """Each of :attr:`feature_names`, for beads of one kind: an array shaped as ``i``
        and ``j`` broadcast together."""
        ...


def compiled_beads(
    i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[tuple[int, ...], tuple[IntArray, IntArray, IntArray, IntArray]]:
    """The shape of a priced table of beads (a column of span lengths, one a bead kind, by a
    row of cells) and its ``a, i, b, j`` as the compiled loops take them: contiguous int64,
    read from start to end whatever their shape."""

    def flat(x: Sizes) -> IntArray:
        return np.ascontiguousarray(x, dtype=np.int64)

    return np.broadcast(a, i).shape, (flat(a), flat(i), flat(b), flat(j))
