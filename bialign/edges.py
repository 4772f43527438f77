"""The off-by-one check at short sentences: an edge between two beads, re-decided where a short
sentence sits at it, on the evidence of that sentence alone.

Where the aligner errs, an edge is often one short sentence from the gold's ("Amen.", a
heading, "He said:"): the length model cannot tell which neighbour a sentence of a few
characters belongs to, and its few anchor tokens are diluted in a bead's Dice coefficient.
The search is exact under its cost model, so moving such an edge can only raise the path's
cost: a move needs evidence the cost does not weigh as such. Here it is the anchor tokens the
short sentence *itself* shares with each candidate partner (the other side of its own bead and
of the neighbouring one; the word table refined on the document included). A sentence moves to
the neighbouring bead when every token it shares more with that bead's other side is worth
:data:`TOKEN_NATS` nats, and those outweigh what the move costs the bead model.

An edge whose short sentence shares no more with its own partner than with the other one is
*unsettled*: the check had nothing to go on, and a bead at such an edge is more often wrong.
:func:`unsettled` gives the score that feature (``short_edge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ._compiled import speedups
from .lexicon.vocabulary import SignatureArray
from .scorers import LengthScorer
from .scorers.anchors import span_unions
from .search import FloatArray, IntArray, Path, Sizes

__all__ = ["EDGE_FEATURE", "SHORT", "TOKEN_NATS", "path_costs", "settle", "unsettled"]

#: A sentence under this many (normalised) characters is short: too short for its length to
#: say which neighbouring bead it belongs to.
SHORT = 40.0
#: What a short sentence's anchor token shared with a candidate partner is worth, in nats,
#: against what a move costs the bead model. Measured on the quality benchmark's dev parts:
#: 1 moves too few, 3 wrong ones on the Bible (1.5 and 2 are alike; 2 is a bead better).
TOKEN_NATS = 2.0
#: The score's feature (:mod:`bialign.scorers.calibration`) for a bead at an unsettled edge.
EDGE_FEATURE = "short_edge"


class _Model(Protocol):
    """What the check reads of the aligner's bead model (``bialign.align``): the bead costs,
    the table of priors that says which bead sizes it searches, the sentence lengths (as
    prefix sums) and each side's anchor signatures (of no words without anchors)."""

    @property
    def penalty(self) -> FloatArray: ...
    @property
    def length(self) -> LengthScorer: ...
    @property
    def signatures(self) -> tuple[SignatureArray, SignatureArray]: ...

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray: ...


#: Each side's sentence lengths (as prefix sums) and anchor signatures.
_Evidence = tuple[FloatArray, FloatArray, SignatureArray, SignatureArray]


def _evidence(model: _Model) -> _Evidence:
    """Each side's sentence lengths (as prefix sums) and anchor signatures as ``model``
    prices them (the learnt word pairs included)."""
    return model.length.ar_prefix, model.length.en_prefix, *model.signatures


@dataclass(frozen=True)
class _Candidates:
    """Short sentences at the edges of a path, each with the move it may make.

    Edge ``edge[c]`` lies between beads ``edge[c]`` and ``edge[c] + 1``; the sentence is
    the last of the first bead (``forward``: it may move into the second) or the first of
    the second (it may move back), on the Arabic side (``arabic``) or the English one.
    ``own`` and ``other`` count the anchor tokens it shares with the other side of its own
    bead and with that of the neighbour.
    """

    edge: IntArray
    arabic: npt.NDArray[np.bool_]
    forward: npt.NDArray[np.bool_]
    own: IntArray
    other: IntArray

    def chosen(self, which: npt.NDArray[np.bool_]) -> _Candidates:
        """The candidates ``which`` marks."""
        return _Candidates(
            self.edge[which],
            self.arabic[which],
            self.forward[which],
            self.own[which],
            self.other[which],
        )


def _candidates_numpy(path: Path, evidence: _Evidence) -> _Candidates:
    """Every short sentence at an edge of ``path``, and the tokens it shares either way, on
    the ``evidence`` of :func:`_evidence` (sentence lengths as prefix sums, ``prefix[k + 1] -
    prefix[k]``, and signatures)."""
    ar_prefix, en_prefix, ar, en = evidence
    sides = [
        (column == 0, _side(path, column, prefix, mine, theirs))
        for column, prefix, mine, theirs in ((0, ar_prefix, ar, en), (2, en_prefix, en, ar))
    ]
    edge, forward, own, other = (np.concatenate([side[k] for _, side in sides]) for k in range(4))
    arabic = np.concatenate([np.full(len(side[0]), arabic) for arabic, side in sides])
    return _Candidates(edge, arabic, forward, own, other)


#: One side's candidates: each one's edge, whether it moves forward, and the tokens it shares
#: with its own bead's other side and the neighbour's.
_SideCandidates = tuple[IntArray, npt.NDArray[np.bool_], IntArray, IntArray]


def _side(
    path: Path, column: int, prefix: FloatArray, mine: SignatureArray, theirs: SignatureArray
) -> _SideCandidates:
    """The short sentences of one side (``column`` 0: Arabic, whose partner is in columns 2
    and 3; 2: English) at the edges of ``path``: first each bead's last sentence (it may
    move forward), then each bead's first (it may move back)."""
    last = len(path) - 1
    lo, hi, partner_lo, partner_hi = column, column + 1, 2 - column, 3 - column
    # Row k < last: the last sentence of bead k; row last + k: the first of bead k + 1.
    sentence = np.concatenate((path[:-1, hi] - 1, path[1:, lo]))
    held = np.concatenate((path[:-1, hi] > path[:-1, lo], path[1:, hi] > path[1:, lo]))
    at = np.flatnonzero(held)
    at = at[prefix[sentence[at] + 1] - prefix[sentence[at]] < SHORT]
    forward = at < last
    edge = np.where(forward, at, at - last)
    # Its own bead, then the neighbour, each candidate's.
    beads = np.concatenate((edge + ~forward, edge + forward))
    ends = path[beads, partner_hi]
    partners = span_unions(theirs, ends, ends - path[beads, partner_lo])
    words = mine[sentence[at]]
    shared = np.bitwise_count(np.concatenate((words, words)) & partners)
    counts = shared.sum(axis=-1, dtype=np.int64)
    return edge, forward, counts[: len(at)], counts[len(at) :]


def _candidates_compiled(path: Path, evidence: _Evidence) -> _Candidates:
    """:func:`_candidates_numpy`, compiled: both sides written into one set of arrays, for
    the few sentences of a short document, NumPy's calls would cost more than the rest of
    the check."""
    ar_prefix, en_prefix, ar, en = evidence
    rows = 2 * max(len(path) - 1, 0)
    edge, own, other = np.empty((3, 2 * rows), np.int64)  # one call; each row contiguous
    forward = np.empty(2 * rows, np.bool_)
    beads, ar_words, en_words = (
        np.ascontiguousarray(path),
        np.ascontiguousarray(ar),
        np.ascontiguousarray(en),
    )
    ar_lengths, en_lengths = np.ascontiguousarray(ar_prefix), np.ascontiguousarray(en_prefix)
    arabic = _speedups.edges(
        beads, ar_lengths, ar_words, en_words, 0, SHORT, edge, forward, own, other
    )
    count = arabic + _speedups.edges(
        beads, en_lengths, en_words, ar_words, 2, SHORT,
        edge[arabic:], forward[arabic:], own[arabic:], other[arabic:],
    )  # fmt: skip
    return _Candidates(
        edge[:count], np.arange(count) < arabic, forward[:count], own[:count], other[:count]
    )


if speedups is not None:  # the compiled loop, where it was built from this source
    from . import _speedups

    _candidates = _candidates_compiled
else:  # pragma: no cover - depends on the install
    _candidates = _candidates_numpy


def _moved(path: Path, c: _Candidates) -> tuple[Path, Path]:
    """The two beads at each candidate's edge once its sentence has moved (a bead may be
    left empty: its sizes are then 0 and 0)."""
    first, second = path[c.edge].copy(), path[c.edge + 1].copy()
    step = np.where(c.forward, -1, 1)
    for arabic, (start, end) in ((True, (0, 1)), (False, (2, 3))):
        chosen = c.arabic == arabic
        first[chosen, end] += step[chosen]
        second[chosen, start] += step[chosen]
    return first, second


def path_costs(model: _Model, beads: Path) -> FloatArray:
    """What ``model`` charges each bead (0 for an empty one, infinity for a size it does
    not search): every kind of them priced at every bead in one call, as the search prices a
    column of kinds (compiled, where the model is), each bead's own kind then taken."""
    sizes = beads[:, 1::2] - beads[:, 0::2]
    costs = np.full(len(beads), np.inf)
    costs[(sizes == 0).all(axis=1)] = 0.0
    limit = model.penalty.shape[0]
    kinds = sorted(
        (a, b)
        for a, b in set(map(tuple, sizes.tolist()))
        if (a or b) and a < limit and b < limit and np.isfinite(model.penalty[a, b])
    )
    if not kinds:
        return costs
    columns = np.array(kinds, dtype=np.int64).T[:, :, None]
    table = model.cost(beads[:, 1], columns[0], beads[:, 3], columns[1])
    for row, (a, b) in enumerate(kinds):
        chosen = (sizes[:, 0] == a) & (sizes[:, 1] == b)
        costs[chosen] = table[row, chosen]
    return costs


def settle(path: Path, model: _Model) -> Path:
    """``path`` with short sentences moved across an edge where their own anchor tokens say so.

    A candidate moves when :data:`TOKEN_NATS` for each token it shares more with the
    neighbour's other side than with its own bead's outweighs what the two beads' new shape
    costs ``model`` (which also keeps a bead from crossing a paragraph pair). Of two moves
    that touch the same bead, the one of the earlier edge is taken. Every sentence stays in
    exactly one bead, in order.
    """
    if len(path) < 2:
        return path
    c = _candidates(path, _evidence(model))
    moving = c.other > c.own
    if not moving.any():
        return path
    c = c.chosen(moving)
    first, second = _moved(path, c)
    costs = path_costs(model, np.concatenate((path[c.edge], path[c.edge + 1], first, second)))
    before, after = costs.reshape(2, 2, -1).sum(axis=1)
    margin = TOKEN_NATS * (c.other - c.own) - (after - before)
    taken: dict[int, int] = {}  # edge -> its best candidate
    for k in np.flatnonzero(margin > 0).tolist():
        edge = int(c.edge[k])
        if edge not in taken or margin[k] > margin[taken[edge]]:
            taken[edge] = k
    result = path.copy()
    last = -2
    for edge in sorted(taken):
        if edge == last + 1:  # its first bead was just reshaped by the edge before
            continue
        result[edge], result[edge + 1] = first[taken[edge]], second[taken[edge]]
        last = edge
    empty = (result[:, 1] == result[:, 0]) & (result[:, 3] == result[:, 2])
    settled: Path = result[~empty]
    return settled


def unsettled(path: Path, model: _Model) -> FloatArray:
    """1 for each bead of ``path`` at an edge (its first or last) where a short sentence
    sits that shares no more anchor tokens with its own bead's other side than with the
    neighbour's, 0 otherwise. Without anchors (aligning by length alone) every edge at a
    short sentence is unsettled."""
    flags = np.zeros(len(path))
    if len(path) < 2:
        return flags
    c = _candidates(path, _evidence(model))
    edges = c.edge[c.own <= c.other]
    flags[edges] = 1.0
    flags[edges + 1] = 1.0
    return flags
