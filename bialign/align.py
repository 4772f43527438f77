"""Stage 4: align two sentence lists by length and the anchors they share.

Gale & Church's model, made fit for Arabic–English:

* lengths are counted on normalised text (no diacritics, tatweel or controls), and the length
  ratio, its variance and the bead-type priors are re-estimated per document;
* a bead costs its type's prior plus what the scorers (:mod:`bialign.scorers`) say of it: a
  length mismatch priced by a log-survival function that stays finite however large the
  mismatch, and the anchors its two sides share (:mod:`bialign.lexicon`: words through a
  word table refined on the document's own confident beads, numbers, names); an unaligned
  sentence costs its prior alone;
* paragraphs are aligned first and the sentences searched only inside aligned paragraphs;
* every bead gets a calibrated score: the probability that it is exactly right.

The search itself, linear in time and memory, is :mod:`bialign.search`.
"""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from numbers import Real
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from ._checks import check_config, check_sequence
from ._compiled import speedups
from .chars import measure
from .config import AlignConfig, without_wide_splits
from .edges import EDGE_FEATURE, path_costs, settle, unsettled
from .headings import apart
from .lexicon import Lexicon
from .lexicon.learning import learn_from_sides
from .lexicon.vocabulary import SideAnchors, SignatureArray, Vocabulary
from .records import Bead
from .scorers import AnchorScorer, Calibration, LengthScorer, Scorer
from .scorers.length import ERFC_COEFFICIENTS, log_p_of_terms
from .scorers.semantic import CENTRE, WEIGHT, SemanticScorer, Vectors, embedder_for, span_weights
from .scorers.semantic import sentence_vectors as _sentence_vectors
from .search import (
    Band,
    FloatArray,
    IntArray,
    Path,
    Sizes,
    best_path,
    path_within,
    searched_in_full,
    within_guide,
)

__all__ = ["align_lengths", "align_paragraphs", "align_sentences"]

if speedups is not None:  # the compiled loops, where they were built from this source
    from . import _speedups


T = TypeVar("T", bound=np.generic)

DEFAULT_VARIANCE = 8.0
_RATIO_BOUNDS = (0.4, 3.0)


@dataclass(frozen=True)
class _Parameters:
    """What the model knows of one document: ratio, variance and bead-type priors."""

    ratio: float
    variance: float
    priors: dict[tuple[int, int], float]


@dataclass(frozen=True)
class _Blocks:
    """The guide bead (a pair of aligned paragraphs) each sentence of a side falls in."""

    ar: IntArray
    en: IntArray

    @classmethod
    def of(cls, guide: Path) -> _Blocks:
        """Block numbers of both sides' sentences, from the guide's sentence bounds."""
        sizes = _sizes(guide)
        numbers = np.arange(len(guide), dtype=np.int64)
        return cls(np.repeat(numbers, sizes[:, 0]), np.repeat(numbers, sizes[:, 1]))

    def inside(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> npt.NDArray[np.bool_]:
        """Whether beads with sentences on both sides, ar[i-a:i] and en[j-b:j], lie in one
        block: a search confined to the blocks' cells can still join the last sentences of
        one block to the first of the next where two blocks meet."""
        last = self.ar[i - 1]
        inside: npt.NDArray[np.bool_] = (
            (self.ar[i - a] == last) & (self.en[j - b] == last) & (self.en[j - 1] == last)
        )
        return inside


#: Features of the whole path a bead is in, given to its beads with sentences on both sides:
#: the mean anchor similarity of those beads, and the share of beads that leave a sentence
#: unaligned. How well a document aligned as a whole says much of each of its pairs: a
#: document that is no translation, or whose sentences were cut wrongly, has few shared
#: anchors and many unaligned sentences everywhere, however well one bead's lengths fit.
_DOCUMENT_FEATURES = ("document_anchor_dice", "document_unaligned")


class _BeadModel:
    """Bead costs, vectorised: the bead type's prior, plus what each scorer says of beads with
    sentences on both sides; a :class:`~bialign.search.CostModel`.

    Costs are negative log-probabilities (nats). The length scorer is always there (it is
    what re-estimating the document's parameters reads); others add their evidence. Bead
    sizes may be arrays, one row per bead kind, so that every kind of a stretch of the search
    is priced at once. With ``blocks``, a bead that is not inside one block is impossible.
    """

    def __init__(
        self,
        priors: dict[tuple[int, int], float],
        length: LengthScorer,
        others: Sequence[Scorer] = (),
        blocks: _Blocks | None = None,
    ) -> None:
        self.priors, self.length, self.blocks = priors, length, blocks
        self.scorers: tuple[Scorer, ...] = (length, *others)
        self.n, self.m = length.n, length.m
        #: What :meth:`features` names (its own, each scorer's), and the document's, which
        #: :func:`_path_features` adds.
        self.feature_names = _feature_names(tuple(scorer.feature_names for scorer in self.scorers))
        self.penalty = _penalties(tuple(priors.items()))
        anchors = [scorer for scorer in others if isinstance(scorer, AnchorScorer)]
        #: Whether the search's beads are priced compiled (:meth:`_compiled_cost`,
        #: :meth:`band_table`): where the extension was built and the only scorer besides
        #: length, if any, is anchors' (``anchors``).
        self.compiled = speedups is not None and len(anchors) == len(others) <= 1
        self.anchors = anchors[0] if anchors else None
        #: Each side's anchor signatures (the learnt word pairs included), as the compiled
        #: loops and the off-by-one check read them: of no words when there are no anchors.
        self.signatures: tuple[SignatureArray, SignatureArray] = (
            (self.anchors.ar, self.anchors.en)
            if self.anchors is not None
            else (np.empty((self.n, 0), np.uint64), np.empty((self.m, 0), np.uint64))
        )

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Negative log probability of the bead: type prior, and the scorers' evidence."""
        a, b = np.asarray(a), np.asarray(b)
        if self.compiled and a.ndim == 2 and np.ndim(i) == 1:  # a column of kinds, as searched
            return self._compiled_cost(i, a.reshape(-1), j, b.reshape(-1))
        penalty: FloatArray = self.penalty[a, b]
        # An unaligned sentence is priced by its prior alone. Gale & Church also charge it a
        # length mismatch against nothing, which makes a long sentence cheaper to glue wrongly
        # onto a neighbour than to leave unaligned.
        matched = (a > 0) & (b > 0)
        if matched.all():
            return self._matched_cost(i, a, j, b)
        result = np.broadcast_to(penalty, np.broadcast(i, a, j, b).shape).astype(np.float64)
        if matched.any():  # a column of kinds, some of them unaligned: price the others
            kinds = matched.reshape(-1)
            result[kinds] = self._matched_cost(i, a[kinds], j, b[kinds])
        return result

    def _compiled_cost(self, i: IntArray, a: IntArray, j: IntArray, b: IntArray) -> FloatArray:
        """:meth:`cost` of every kind ``a[k]-b[k]`` at every cell, the scorers' evidence
        combined in one compiled pass (the same operations as :meth:`_matched_cost`)."""
        i, a, j, b = (np.ascontiguousarray(x, dtype=np.int64) for x in (i, a, j, b))
        matched = (a > 0) & (b > 0)
        sizes = a[matched, None], b[matched, None]
        log_p = self.length.log_p(i, sizes[0], j, sizes[1])
        dice, weight = np.empty(0), 0.0
        if self.anchors is not None:
            dice = self.anchors.similarity(i, sizes[0], j, sizes[1])
            weight = self.anchors.weight
        costs = np.empty((len(a), len(i)))
        _speedups.bead_costs(
            a, b, i, j, self.penalty, log_p, dice, weight, *self._block_numbers(), costs
        )
        return costs

    def _block_numbers(self) -> tuple[IntArray, IntArray]:
        """Each side's block numbers, as the compiled loops take them: empty without blocks."""
        if self.blocks is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return self.blocks.ar, self.blocks.en

    def band_table(
        self, band: Band, cells: int, kinds: IntArray, inserts: bool
    ) -> FloatArray | None:
        """The search's table of a small band (:class:`~bialign.search.BandModel`), priced
        as :meth:`_compiled_cost` prices it, but only the beads the search may take: in two
        compiled calls, with NumPy's logarithm between them
        (:func:`bialign._speedups.band_costs`, which reads the kinds' priors off
        :attr:`penalty`)."""
        if not self.compiled:
            return None
        length, anchors, (lo, hi) = self.length, self.anchors, band
        # Room for the terms of a bead of every kind at every cell: at most that many are
        # priced from the evidence (never the n-0 kinds; fewer outside the blocks).
        terms = np.empty((4, len(kinds[0]) * cells))
        table = np.empty((len(kinds[0]) + inserts, cells))
        arguments = (
            length.ar_prefix, length.en_prefix, ERFC_COEFFICIENTS, *self.signatures,
            *self._block_numbers(), lo, hi, kinds[0], kinds[1], self.penalty, terms, table,
            length.ratio, length.variance, 0.0 if anchors is None else anchors.weight, inserts,
        )  # fmt: skip
        log_t = terms[0, : _speedups.band_costs(*arguments, False)]
        np.log(log_t, out=log_t)
        _speedups.band_costs(*arguments, True)
        return table

    def _matched_cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """:meth:`cost` of beads with sentences on both sides."""
        # The length scorer's array, of full shape and its own, takes the sum in place.
        cost = self.length.cost(i, a, j, b)
        cost += self.penalty[a, b]
        for scorer in self.scorers[1:]:
            cost += scorer.cost(i, a, j, b)
        if self.blocks is not None:
            cost = np.where(self.blocks.inside(i, a, j, b), cost, np.inf)
        return cost

    def bead_features(self, path: Path) -> dict[str, FloatArray]:
        """:meth:`features` of every bead of ``path``, by name (those of the document, which
        :func:`_path_features` adds, 0): in one compiled pass over the beads where the model
        prices beads compiled, else kind by kind (:func:`_kind_features`)."""
        if not self.compiled:
            return _kind_features(self, path)
        length, anchors, beads = self.length, self.anchors, len(path)
        terms = np.empty((4, beads))
        count = _speedups.path_terms(
            length.ar_prefix, length.en_prefix, ERFC_COEFFICIENTS, *self.signatures,
            np.ascontiguousarray(path), length.ratio, length.variance, terms,
        )  # fmt: skip
        log_p = log_p_of_terms(terms[0, :count], terms[1, :count], terms[2, :count])
        a, b = path[:, 1] - path[:, 0], path[:, 3] - path[:, 2]
        matched = (a > 0) & (b > 0)
        # One block of zeros, a row a feature: fewer calls than a column each.
        names = self.feature_names
        features = dict(zip(names, np.zeros((len(names), beads)), strict=True))
        features["bias"][:] = 1.0
        features["unaligned"][:] = ~matched
        features["merged"][:] = matched & (a + b > 2)
        features["length_log_p"][matched] = log_p
        if anchors is not None:
            features["anchor_dice"][matched] = terms[3, :count]
            features["anchored"][:] = matched
        return features

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        """What the confidence of beads of one kind is computed from, by name: a constant
        (``bias``), whether the bead leaves a sentence ``unaligned``, whether it ``merged``
        more than two, and each scorer's features (0 for unaligned beads)."""
        shape = np.broadcast(i, j).shape
        named = {"bias": np.ones(shape)}
        if a and b:
            for scorer in self.scorers:
                named.update(scorer.features(i, a, j, b))
            named["merged"] = np.full(shape, float(a + b > 2))
        else:
            named["unaligned"] = np.ones(shape)
        return named


@functools.lru_cache(maxsize=8)
def _feature_names(scorers: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """:attr:`_BeadModel.feature_names` of a model with scorers of these feature names: the
    same for every model of a run, so worked out once."""
    return (
        "bias",
        *(name for names in scorers for name in names),
        "unaligned",
        "merged",
        *_DOCUMENT_FEATURES,
        EDGE_FEATURE,
    )


@functools.lru_cache(maxsize=8)
def _longest(kinds: tuple[tuple[int, int], ...]) -> int:
    """The most sentences a kind of ``kinds`` takes on either side: worked out once for the
    priors' kinds, not once a model."""
    return max(max(kind) for kind in kinds)


@functools.lru_cache(maxsize=4)
def _penalties(priors: tuple[tuple[tuple[int, int], float], ...]) -> FloatArray:
    """Each bead kind's prior as a cost, -log of its share of the priors, at [a, b] of a
    square table (inf for kinds not searched): read-only, as it is shared. Cached for the
    configured priors, which every document's first pass prices with; the priors a document
    re-estimates are its own, and miss."""
    total = sum(p for _, p in priors)
    longest = _longest(tuple(kind for kind, _ in priors))
    penalty = np.full((longest + 1, longest + 1), np.inf)
    for (a, b), p in priors:
        penalty[a, b] = -math.log(p / total)
    penalty.flags.writeable = False
    return penalty


def _clamp(value: float, low: float, high: float) -> float:
    """``value`` kept within [low, high] (np.clip, without its checks on every call)."""
    return min(max(float(value), low), high)


def _estimate_ratio(ar: FloatArray, en: FloatArray) -> float:
    """English characters per Arabic character over the whole document, kept plausible."""
    # ndarray.sum's sums (np.add.reduce of a row), without its Python wrapper.
    ar_total, en_total = float(np.add.reduce(ar)), float(np.add.reduce(en))
    if ar_total <= 0 or en_total <= 0:
        return 1.0
    return _clamp(en_total / ar_total, *_RATIO_BOUNDS)


#: Weight, in beads, of the configured priors when re-estimating them from a document: a
#: short document keeps close to them, a long one speaks for itself.
PRIOR_STRENGTH = 20.0


def _sizes(path: Path) -> IntArray:
    """Each bead's sentence counts, (Arabic, English) a row."""
    sizes: IntArray = path[:, 1::2] - path[:, 0::2]
    return sizes


def _reestimate(path: Path, model: _BeadModel, base: dict[tuple[int, int], float]) -> _Parameters:
    """Ratio, variance and bead-type priors as found on a first alignment of the document."""
    sizes = _sizes(path)
    # Beads of each kind, counted at once: a kind (a, b) is the number a * width + b.
    width = _longest(tuple(base)) + 1
    tally = np.bincount(sizes[:, 0] * width + sizes[:, 1], minlength=width * width).tolist()
    total = sum(base.values())
    priors = {
        (a, b): tally[a * width + b] + PRIOR_STRENGTH * p / total for (a, b), p in base.items()
    }
    bounds = path[(sizes[:, 0] > 0) & (sizes[:, 1] > 0)]
    length = model.length
    ratio, variance = length.ratio, length.variance
    if len(bounds) >= 3:
        ar_len = length.ar_prefix[bounds[:, 1]] - length.ar_prefix[bounds[:, 0]]
        en_len = length.en_prefix[bounds[:, 3]] - length.en_prefix[bounds[:, 2]]
        # The sums of ndarray.sum, each taken once.
        ar_total, en_total = float(np.add.reduce(ar_len)), float(np.add.reduce(en_len))
        if ar_total > 0 and en_total > 0:
            ratio = _clamp(en_total / ar_total, *_RATIO_BOUNDS)
            squared = (en_len - ratio * ar_len) ** 2 / ((ratio * ar_len + en_len) / 2 + 1.0)
            # The median is robust to the odd wrong bead; 0.455 is the median of chi-square(1).
            # Shrunk toward the configured variance: few beads say little about the spread.
            found = statistics.median(squared.tolist()) / 0.455  # np.median imports np.ma
            weight = len(bounds) / (len(bounds) + PRIOR_STRENGTH)
            variance = _clamp(weight * found + (1 - weight) * variance, 1.0, 100.0)
    return _Parameters(ratio, variance, priors)


@dataclass(frozen=True)
class _Side:
    """One side's sentences as the model sees them: lengths, and what the text gives away.

    ``signatures`` is ``None`` when aligning by length alone; ``anchors`` (the sentences'
    words, for refinement) is ``None`` for merged units (paragraphs), which are not refined;
    ``vectors`` (unit sentence vectors) is ``None`` without a semantic scorer.
    """

    lengths: FloatArray
    signatures: SignatureArray | None = None
    anchors: SideAnchors | None = None
    vectors: Vectors | None = None

    @classmethod
    def of(cls, sentences: Sequence[str], vocabulary: Vocabulary | None) -> _Side:
        """The side read by ``vocabulary``, or measured alone (no anchors) without one."""
        if vocabulary is None:
            return cls(_as_lengths([measure(s) for s in sentences]))
        anchors = vocabulary.read(sentences)
        return cls(anchors.lengths, anchors.signatures, anchors)

    def grouped(self, starts: Sequence[int]) -> _Side:
        """Consecutive sentences merged into units (paragraphs) beginning at ``starts``."""
        bounds = np.asarray(starts, dtype=np.int64)
        firsts = bounds[:-1]
        held = bounds[1:] > firsts  # reduceat cannot reduce an empty stretch
        every = bool(held.all())
        chosen = firsts if every else firsts[held]
        units = len(firsts)

        def merged(ufunc: np.ufunc, rows: npt.NDArray[T], width: tuple[int, ...]) -> npt.NDArray[T]:
            """``ufunc`` over each unit's rows; zeros for a unit of none."""
            if every and units:
                reduced: npt.NDArray[T] = ufunc.reduceat(rows, chosen, axis=0)
                return reduced
            result = np.zeros((units, *width), dtype=rows.dtype)
            if len(chosen):
                result[held] = ufunc.reduceat(rows, chosen, axis=0)
            return result

        lengths = merged(np.add, self.lengths, ())
        vectors = None
        if self.vectors is not None:  # a unit's vector is the mean of its sentences'
            vectors = merged(np.add, self.vectors, self.vectors.shape[1:])
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        if self.signatures is None:
            return _Side(lengths, vectors=vectors)
        signatures = merged(np.bitwise_or, self.signatures, self.signatures.shape[1:])
        return _Side(lengths, signatures, vectors=vectors)


def _sides(ar: Sequence[str], en: Sequence[str], config: AlignConfig) -> tuple[_Side, _Side]:
    """Both sides as ``config`` reads them: with anchors through its word table, or (with an
    anchor weight of 0) by length alone; with sentence vectors when it asks for meaning."""
    if not config.anchor_weight > 0:
        sides = _Side.of(ar, None), _Side.of(en, None)
    else:
        lexicon = Lexicon.shipped() if config.lexicon is None else config.lexicon
        sides = _Side.of(ar, _vocabulary("ar", lexicon)), _Side.of(en, _vocabulary("en", None))
    if config.semantic is None:
        return sides
    embedder = embedder_for(config.semantic)
    # One call for both sides: an embedder batches, and its first call may load a model.
    vectors = _sentence_vectors([*ar, *en], embedder)
    n = len(ar)
    return replace(sides[0], vectors=vectors[:n]), replace(sides[1], vectors=vectors[n:])


@functools.lru_cache(maxsize=4)
def _vocabulary(lang: str, lexicon: Lexicon | None) -> Vocabulary:
    """The process's vocabulary of ``lang`` reading Arabic words through ``lexicon``: one per
    table (keyed by its digest), as a word's tokens depend on the table."""
    return Vocabulary(lang, {} if lexicon is None else lexicon)


#: Score a 1-1 bead needs before its words are trusted to teach the document's own word pairs.
TRUSTED_SCORE = 0.8


def _align_sides(
    ar: _Side,
    en: _Side,
    config: AlignConfig,
    guide: Path | None = None,
    passes: int | None = None,
    within: Band | None = None,
) -> tuple[Path, _BeadModel]:
    """Search ``passes`` times (``config.passes`` unless given), each pass on what the one
    before found.

    The first pass uses the configured parameters with the document's length ratio; each
    later one parameters re-estimated from the path before and (with ``refine``) the word
    pairs learnt from that path's confident beads. With a ``guide`` (aligned paragraphs),
    only the cells its beads cover are searched, and no bead crosses from one to the next;
    ``within`` (without a guide) is the band searched, with beads of one unit on a side at
    least (:func:`_reading_order`). Long documents are otherwise searched in a band, drawn
    after the first pass around the last path found.
    """
    priors = config.prior_table
    if within is not None:  # reading order: a bead is a paragraph and its neighbours
        priors = {kind: prior for kind, prior in priors.items() if min(kind) <= 1}
    kinds = list(priors)
    weight = config.anchor_weight
    anchors: list[Scorer] = []
    if ar.signatures is not None and en.signatures is not None:
        anchors = [AnchorScorer(ar.signatures, en.signatures, weight)]
    blocks = None if guide is None else _Blocks.of(guide)
    band = within if guide is None else within_guide(guide, len(ar.lengths), len(en.lengths))
    meaning: list[Scorer] = []
    if ar.vectors is not None and en.vectors is not None:
        weights = span_weights(ar.lengths), span_weights(en.lengths)
        longest = _longest(tuple(priors))
        meaning = [SemanticScorer(ar.vectors, en.vectors, weights, longest, WEIGHT, CENTRE)]
    banded = band is None and not searched_in_full(len(ar.lengths), len(en.lengths), config.search)
    if banded and not (meaning or (anchors and weight > 0)):
        # Lengths alone in a band: wide n-1 beads draw the band off the path (WIDE_SPLITS).
        narrow = dict(without_wide_splits(config.priors))
        if narrow:  # priors of wide beads only are searched as the user gave them
            priors, kinds = narrow, list(narrow)

    lengths = LengthScorer(ar.lengths, en.lengths, 1.0, DEFAULT_VARIANCE)

    def search(parameters: _Parameters, near: Path | None) -> tuple[Path, _BeadModel]:
        length = lengths.with_parameters(parameters.ratio, parameters.variance)
        model = _BeadModel(parameters.priors, length, [*anchors, *meaning], blocks)
        if band is None:
            return best_path(model, kinds, config.search, near), model
        return path_within(model, kinds, band), model

    path, model = search(
        _Parameters(
            config.ratio if config.ratio is not None else _estimate_ratio(ar.lengths, en.lengths),
            config.variance if config.variance is not None else DEFAULT_VARIANCE,
            priors,
        ),
        None,
    )
    for _ in range((config.passes if passes is None else passes) - 1):
        found = _reestimate(path, model, priors)
        if config.refine and ar.anchors and en.anchors:
            learnt = _learnt(path, model, ar.anchors, en.anchors)
            if learnt:
                taught = ar.anchors.taught(learnt)
                anchors = [AnchorScorer(taught, en.anchors.signatures, weight)]
        parameters = _Parameters(
            found.ratio if config.ratio is None else config.ratio,
            found.variance if config.variance is None else config.variance,
            found.priors,
        )
        path, model = search(parameters, path)
    if ar.anchors:  # sentences read for anchors (paragraphs are not re-decided)
        path = settle(path, model)
    return path, model


def _learnt(path: Path, model: _BeadModel, ar: SideAnchors, en: SideAnchors) -> dict[str, set[str]]:
    """Word pairs that recur in the path's confident 1-1 beads (see
    :func:`bialign.lexicon.learn_translations`)."""
    ones = (path[:, 1] - path[:, 0] == 1) & (path[:, 3] - path[:, 2] == 1)
    scores = _calibration(model).probabilities(_path_features(model, path))
    sure = path[ones & (scores >= TRUSTED_SCORE)]
    return learn_from_sides(ar, sure[:, 0], en, sure[:, 2])


def _kind_features(model: _BeadModel, path: Path) -> dict[str, FloatArray]:
    """:meth:`_BeadModel.bead_features` computed bead kind by bead kind, by the scorers."""
    features = {name: np.zeros(len(path)) for name in model.feature_names}
    ends, kinds = path[:, 1::2], _sizes(path)
    for a, b in set(map(tuple, kinds.tolist())):
        chosen = (kinds[:, 0] == a) & (kinds[:, 1] == b)
        for name, column in model.features(ends[chosen, 0], a, ends[chosen, 1], b).items():
            features[name][chosen] = column
    return features


def _path_features(model: _BeadModel, path: Path) -> dict[str, FloatArray]:
    """Score features of every bead of ``path`` by name (:attr:`_BeadModel.feature_names`):
    the bead model's (:meth:`_BeadModel.bead_features`), then the document's
    (:data:`_DOCUMENT_FEATURES`)."""
    features = model.bead_features(path)
    paired = (path[:, 1] > path[:, 0]) & (path[:, 3] > path[:, 2])
    count = int(np.count_nonzero(paired))
    if count:  # the means of NumPy's mean: a pairwise sum, divided by the count
        dice = features["anchor_dice"][paired] if "anchor_dice" in features else np.zeros(count)
        features["document_anchor_dice"][paired] = float(np.add.reduce(dice)) / count
        features["document_unaligned"][paired] = 1.0 - count / len(path)
    features[EDGE_FEATURE] = unsettled(path, model)
    return features


def _calibration(model: _BeadModel) -> Calibration:
    """The shipped weights fitted with the scorers ``model`` has (with or without meaning)."""
    return Calibration.shipped(semantic="semantic_cosine" in model.feature_names)


#: Beads turned into records at a time: the path's bounds as Python integers take some 150
#: bytes a bead, a block of them at once rather than the whole path.
_RECORDS_AT_ONCE = 1 << 13


#: Decimal places a bead's score is given to.
SCORE_PLACES = 4
#: How close to a half a score scaled to whole places may come and still be rounded in
#: NumPy: far above the error of the scaling (under 1e-11 for a score in [0, 1]).
_TIE_MARGIN = 1e-6


def _rounded(scores: FloatArray) -> FloatArray:
    """Each score as ``round(score, SCORE_PLACES)`` gives it, in a few NumPy calls.

    Python's round takes the exact decimal digits of the score (a few thousand instructions
    a call); here the scaled score is rounded to whole places and divided back, which gives
    the same nearest number wherever the scaled score is not within :data:`_TIE_MARGIN` of a
    half (the division is exact to the last bit, as strtod's reading of the digits is);
    the few that are, Python's round rounds.
    """
    scale = 10.0**SCORE_PLACES
    scaled = scores * scale
    rounded: FloatArray = np.rint(scaled)
    near = np.flatnonzero(np.abs(np.abs(scaled - rounded) - 0.5) < _TIE_MARGIN)
    rounded /= scale
    for k in near.tolist():
        rounded[k] = round(float(scores[k]), SCORE_PLACES)
    return rounded


def _beads(path: Path, model: _BeadModel) -> list[Bead]:
    scores = _rounded(_calibration(model).probabilities(_path_features(model, path)))
    blocks = range(0, len(path), _RECORDS_AT_ONCE)
    # Each side's indices made once; a bead's are a slice of them.
    ar, en = (tuple(range(int(path[-1, end]) if len(path) else 0)) for end in (1, 3))
    return [
        Bead(ar[i0:i1], en[j0:j1], score)
        for at in blocks
        for (i0, i1, j0, j1), score in zip(
            path[at : at + _RECORDS_AT_ONCE].tolist(),
            scores[at : at + _RECORDS_AT_ONCE].tolist(),
            strict=True,
        )
    ]


def _as_lengths(lengths: Sequence[float]) -> FloatArray:
    return np.maximum(np.asarray(lengths, dtype=np.float64), 0.0)


def align_lengths(
    ar_lengths: Sequence[float], en_lengths: Sequence[float], config: AlignConfig | None = None
) -> list[Bead]:
    """Align two documents given only their sentence lengths (in normalised characters).

    The length-only core of :func:`align_sentences`, for callers that measure sentences
    themselves; without the text there are no anchors.
    """
    check_sequence("ar_lengths", ar_lengths, Real, "list of sentence lengths")
    check_sequence("en_lengths", en_lengths, Real, "list of sentence lengths")
    check_config(config, AlignConfig)
    sides = _Side(_as_lengths(ar_lengths)), _Side(_as_lengths(en_lengths))
    return _beads(*_align_sides(*sides, config or AlignConfig()))


def align_sentences(
    ar: Sequence[str], en: Sequence[str], config: AlignConfig | None = None
) -> list[Bead]:
    """Align Arabic and English sentences; every index appears in exactly one bead, in order.

    >>> ar = ["جملة قصيرة.", "وجملة ثانية أطول قليلا من الأولى."]
    >>> en = ["A short sentence.", "And a second one, a little longer."]
    >>> [(b.ar, b.en) for b in align_sentences(ar, en)]
    [((0,), (0,)), ((1,), (1,))]
    """
    check_sequence("ar", ar, str, "list of sentences")
    check_sequence("en", en, str, "list of sentences")
    check_config(config, AlignConfig)
    config = config or AlignConfig()
    return _beads(*_align_sides(*_sides(ar, en, config), config))


#: Paragraph-first alignment is used only when the smaller side has at least this share of
#: the larger side's paragraphs; below it, paragraphs are not translated one for one.
MIN_PARAGRAPH_AGREEMENT = 0.6


def _starts(groups: Sequence[Sequence[str]]) -> list[int]:
    """Index of each group's first sentence, plus the total, e.g. [[a, b], [c]] -> [0, 2, 3]."""
    return [0, *itertools.accumulate(map(len, groups))]


#: Share of the paragraphs that the paragraph search must pair k with k for a document with
#: equal paragraph counts to be taken as translated paragraph for paragraph.
MIN_DIAGONAL_SHARE = 0.75


#: What a detour from the diagonal must save, in nats, for the paragraph search to keep it in a
#: document whose paragraphs pair one to one. The detours forced onto the diagonal on the
#: speed benchmark's articles and the layouts benchmark's documents (paragraph k translates
#: paragraph k) saved 0.5 to 5.3; a hard-wrapped UDHR whose two sides cut two articles into
#: paragraphs differently, with an "Article 21" heading paired one paragraph off, 23 and 30.
DETOUR_NATS = 12.0


def _diagonal(path: Path, model: _BeadModel) -> Path:
    """The paragraphs of a document that pairs them one to one (:func:`_one_for_one`), paired
    k with k, except where ``path`` leaves the diagonal and comes back to it for more than
    :data:`DETOUR_NATS` less than the diagonal costs: a side that joins two paragraphs the
    other keeps apart, with a heading between them."""
    sizes = path[:, 1::2] - path[:, 0::2]
    if (sizes == 1).all():  # 1-1 beads all: the diagonal itself (most documents)
        return path
    count = int(path[-1, 1])
    diagonal = np.repeat(np.arange(count, dtype=np.int64), 4).reshape(-1, 4)
    diagonal[:, 1::2] += 1
    # The path cut where it comes back to the diagonal: a stretch of more than one row, or
    # of one row that is not 1-1, is a detour.
    ends = np.flatnonzero(path[:, 1] == path[:, 3]) + 1
    starts = np.concatenate(([0], ends[:-1]))
    off = (ends - starts > 1) | (sizes[starts, 0] != 1)
    pieces, done = [], 0
    for start, end in zip(starts[off].tolist(), ends[off].tolist(), strict=True):
        detour = path[start:end]
        first, last = int(detour[0, 0]), int(detour[-1, 1])
        saves = path_costs(model, diagonal[first:last]).sum() - path_costs(model, detour).sum()
        if saves > DETOUR_NATS:
            pieces += [diagonal[done:first], detour]
            done = last
    if not pieces:
        return diagonal
    result: Path = np.concatenate([*pieces, diagonal[done:]])
    return result


def _one_for_one(path: Path, count: int) -> bool:
    """Whether ``count`` paragraphs a side pair one to one: the paragraph search found
    paragraph k with paragraph k for nearly all of them.

    With as many paragraphs on both sides, any path leaves the diagonal only for a detour
    (a 2-2, a 2-1 then a 1-2, a 0-1 then a 1-0 around paragraphs of unusual length) that
    comes back to it. Next to a run of paragraphs that pair diagonally, such a detour is the
    search's error, and it would let sentence beads cross a paragraph pair and cascade.

    >>> _one_for_one(np.array([(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 4)]), 4)
    True
    >>> _one_for_one(np.array([(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 4)]), 4)
    False
    """
    p0, p1, q0, q1 = path.T
    diagonal = np.count_nonzero((p1 == p0 + 1) & (q0 == p0) & (q1 == p1))
    return bool(diagonal >= MIN_DIAGONAL_SHARE * count)


def align_paragraphs(
    ar_paragraphs: Sequence[Sequence[str]],
    en_paragraphs: Sequence[Sequence[str]],
    config: AlignConfig | None = None,
    *,
    order: Sequence[str] | None = None,
    units: Sequence[int] | None = None,
) -> list[Bead]:
    """Align sentences given per paragraph: paragraphs first, then sentences inside them.

    Each argument lists paragraphs as lists of sentences; bead indices count sentences over
    the whole side. The sentence search is confined to the blocks of aligned paragraphs, so
    one bad sentence bead cannot drag the rest of the document off course; it is still one
    search over the document, so the length model and the learnt words are the document's.
    When both sides have as many paragraphs and they pair one to one (:func:`_one_for_one`),
    paragraph k is paired with paragraph k, so no sentence bead crosses a paragraph pair.
    When the two paragraph counts disagree badly, paragraphs carry no signal and the
    sentences are aligned as one flat list. Either way a heading one side has and the other
    does not is left unaligned (:mod:`bialign.headings`).

    ``order`` gives the sides of the paragraphs in reading order (``"ar"`` and ``"en"``), for
    a document that interleaves them (a paragraph, then its translation): paragraphs are
    then paired only with their neighbours in that order where it interleaves them one or two
    at a time (:func:`_reading_order`), so that a paragraph one side lacks (a subtitle cue
    in one language, a song's lyric) cannot draw the pairs after it off by one. ``units``
    (with ``order``) numbers the unit of the input each was cut from: an Arabic and an
    English paragraph that are all a unit gave (a bilingual cue) are then in one bead.
    """
    check_sequence("ar_paragraphs", ar_paragraphs, str, "list of lists of sentences", depth=2)
    check_sequence("en_paragraphs", en_paragraphs, str, "list of lists of sentences", depth=2)
    check_config(config, AlignConfig)
    if order is not None:
        check_sequence("order", order, str, "list of 'ar' and 'en'")
        if (order.count("ar"), order.count("en")) != (len(ar_paragraphs), len(en_paragraphs)):
            raise ValueError("order must name each Arabic paragraph 'ar', each English one 'en'")
        if units is not None and len(units) != len(order):
            raise ValueError("units must number the unit of each paragraph of order")
    config = config or AlignConfig()
    ar, en = _sides(
        [s for p in ar_paragraphs for s in p], [s for p in en_paragraphs for s in p], config
    )
    ar_starts, en_starts = _starts(ar_paragraphs), _starts(en_paragraphs)
    fewer, more = sorted((len(ar_paragraphs), len(en_paragraphs)))
    inserts = {(1, 0), (0, 1)} <= config.prior_table.keys()  # beads the configuration searches
    if fewer < 2 or fewer < MIN_PARAGRAPH_AGREEMENT * more:
        path, model = _align_sides(ar, en, config)
    else:
        # Without 1-0 and 0-1 beads no path passes a cue whose two sides are one bead.
        within = None if order is None else _reading_order(order, units if inserts else None)
        cues = None
        if within is not None and order is not None and units is not None and inserts:
            cues = _cues(order, units)
        if cues is not None:  # each cue's sentences aligned within it
            path, model = _align_sides(ar, en, config, _guide(cues, (ar_starts, en_starts)))
        else:
            path, model = _align_guided(
                ar, en, config, (ar_starts, en_starts), fewer == more, within
            )
    if inserts:
        paragraphs = ar_paragraphs, en_paragraphs
        path = apart(path, model.signatures, paragraphs, (ar_starts, en_starts))
    return _beads(path, model)


#: How far (in log, 0.05: 5%) the paragraph pairs' own length ratio may lie from the
#: document's before the paragraphs are searched again with it. Where one side lacks some
#: paragraphs (left untranslated), the document's ratio counts their text: three of 16 UN
#: paragraphs missing in Arabic moved it 10-14%, and the search then paired each Arabic
#: paragraph with a longer English one nearby. On complete documents the two lie within 3.7%
#: for nine in ten of the speed benchmark's articles (9.6% at most).
RATIO_SHIFT = 0.05
#: Searches again at most, each with the ratio of the pairs the last one found: where a
#: quarter of the paragraphs were missing, the first pairs' ratio was still off, and the
#: ratio came to the paragraphs' true one (and the pairs right) in two or three.
RATIO_SEARCHES = 3


def _paired_ratio(path: Path, model: _BeadModel) -> float | None:
    """English characters per Arabic character in the median 1-1 bead of ``path`` (``None``
    for fewer than three): what one side has and the other lacks does not move it, as it
    moves the document's ratio."""
    # In Python: a paragraph path is a few dozen beads, for which NumPy's calls cost more.
    ar, en = model.length.ar_prefix.tolist(), model.length.en_prefix.tolist()
    ratios = [
        (en[j1] - en[j0]) / (ar[i1] - ar[i0])
        for i0, i1, j0, j1 in path.tolist()
        if i1 - i0 == 1 == j1 - j0 and ar[i1] > ar[i0]
    ]
    if len(ratios) < 3:
        return None
    return _clamp(statistics.median(ratios), *_RATIO_BOUNDS)  # np.median imports np.ma


def _shared_anchors(path: Path, model: _BeadModel) -> float:
    """The anchor overlap of ``path``'s beads, summed: a paragraph search with the pairs'
    ratio is kept only where it loses none. Where one side joins paragraphs the other keeps
    apart, the first pairs' median ratio comes from pairs one paragraph off and leads further
    off (324 complete UN, Bible and UDHR documents with a third of one side's paragraphs
    joined, two draws: 22 and 47 more wrong beads without this, 2 and 0 with it)."""
    return float(np.add.reduce(model.bead_features(path)["anchor_dice"]))


#: Paragraphs a run of one side's at most, on average, for a document to be taken as
#: interleaving its paragraphs with their translations: subtitles' bilingual cues, a
#: paragraph then its translation. An article in one language then the other, with an
#: untranslated line or two of one inside the other's part, is not (its runs are long).
INTERLEAVED_RUN = 2.0
#: Runs at least of an interleaved document.
INTERLEAVED_RUNS = 4
#: How far apart (a share of the paragraphs) the two sides' mean places in reading order may
#: lie in an interleaved document, where they lie together: a short article in one language
#: then the other, with a stray line or two of the first inside the second's part, has short
#: runs too, but its sides lie a third of it apart or more.
INTERLEAVED_SPREAD = 0.2


def _reading_order(order: Sequence[str], units: Sequence[int] | None = None) -> Band | None:
    """The cells of the paragraph table that reading ``order`` passes through (each Arabic
    paragraph a step down, each English one a step across): a path in it ends its beads only
    where the reading order has read all their paragraphs and no other, so that each bead is
    paragraphs next to one another (a cue and its translation, two paragraphs and theirs),
    and its beads have one paragraph on a side at least (a 2-3 bead would span a cue
    pair and a half). Where a unit of the input (``units``: a bilingual cue) gave exactly
    two paragraphs, one a side, no bead ends between them. Between a run of two paragraphs
    or more and the next run (of the other side), of two or more, any beads may be made
    (not across a cue's two sides): the first paragraph may pair with the third. ``None``
    where the document does not interleave its paragraphs so (:data:`INTERLEAVED_RUN`,
    :data:`INTERLEAVED_RUNS`, :data:`INTERLEAVED_SPREAD`).

    >>> [row.tolist() for row in _reading_order(["ar", "en", "en", "ar", "en"])]  # lo, hi
    [[0, 0, 2], [1, 3, 4]]
    """
    runs = [len(list(run)) for _, run in itertools.groupby(order)]
    if len(runs) < INTERLEAVED_RUNS or len(order) > INTERLEAVED_RUN * len(runs):
        return None
    down = np.asarray([side == "ar" for side in order], dtype=np.int64)
    places = np.arange(len(order))
    if abs(places[down == 1].mean() - places[down == 0].mean()) > INTERLEAVED_SPREAD * len(order):
        return None
    rows = np.concatenate(([0], np.cumsum(down)))  # the points the reading passes through
    columns = np.concatenate(([0], np.cumsum(1 - down)))
    passed = np.ones(len(rows), dtype=bool)
    if units is not None:  # not between the two sides of a unit of two (a bilingual cue)
        cut = np.asarray(units)
        _, where, sizes = np.unique(cut, return_inverse=True, return_counts=True)
        pair = (cut[1:] == cut[:-1]) & (down[1:] != down[:-1]) & (sizes[where[1:]] == 2)
        passed[1:-1] = ~pair
    n, m = int(rows[-1]), int(columns[-1])
    lo, hi = np.full(n + 1, m + 1, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    np.minimum.at(lo, rows[passed], columns[passed])
    np.maximum.at(hi, rows[passed], columns[passed] + 1)
    # Two paragraphs or more, then theirs: any beads between the two runs, as in a document
    # of one language then the other ("ar ar en en" pairs the first with the third); not
    # across a bilingual cue's two sides.
    starts = list(itertools.accumulate(runs, initial=0))
    for first, after, end in zip(starts, starts[1:], starts[2:], strict=False):
        if after - first >= 2 and end - after >= 2 and passed[first + 1 : end].all():
            block = slice(rows[first], rows[end] + 1)
            lo[block] = np.minimum(lo[block], columns[first])
            hi[block] = np.maximum(hi[block], columns[end] + 1)
    hi[-1] = m + 1
    return lo, hi


def _align_guided(
    ar: _Side,
    en: _Side,
    config: AlignConfig,
    starts: tuple[list[int], list[int]],
    even: bool,
    within: Band | None = None,
) -> tuple[Path, _BeadModel]:
    """The sentence search confined to the blocks of aligned paragraphs (``starts``: each
    side's paragraphs' first sentences, and the count); ``even``: as many paragraphs a side;
    ``within``: the band the paragraphs are searched in (:func:`_reading_order`)."""
    ar_starts, en_starts = starts
    fewer = len(ar_starts) - 1
    # One pass: a dozen paragraph beads say little about the priors and the variance. On
    # the speed benchmark's 360 articles, a second pass changed 3 paragraph paths, all worse.
    # Asked for as such, not by a config made anew, which is checked again for every document
    # (as it is for the few whose paragraphs are searched again with their pairs' ratio).
    paragraphs = ar.grouped(ar_starts), en.grouped(en_starts)
    paragraph_path, paragraph_model = _align_sides(*paragraphs, config, passes=1, within=within)
    anchored = paragraph_model.anchors is not None  # what tells a better search from a worse
    shared = 0.0  # the anchor overlap of the paragraph path kept, once a second search is made
    for search in range(RATIO_SEARCHES if config.ratio is None and anchored else 0):
        ratio = _paired_ratio(paragraph_path, paragraph_model)
        if ratio is None or abs(math.log(ratio / paragraph_model.length.ratio)) <= RATIO_SHIFT:
            break  # the ratio the search had is the one its pairs have
        if not search:
            shared = _shared_anchors(paragraph_path, paragraph_model)
        path, model = _align_sides(
            *paragraphs, replace(config, ratio=ratio), passes=1, within=within
        )
        found = _shared_anchors(path, model)
        if found < shared:
            break  # its pairs share fewer words: one side's paragraphs joined, not missing
        paragraph_path, paragraph_model, shared = path, model, found
    if even and within is None and _one_for_one(paragraph_path, fewer):
        paragraph_path = _diagonal(paragraph_path, paragraph_model)
    return _align_sides(ar, en, config, _guide(paragraph_path, starts))


def _guide(paragraph_path: Path, starts: tuple[list[int], list[int]]) -> Path:
    """A path of paragraphs as the sentence search's guide: its bounds in sentences
    (``starts``: each side's paragraphs' first sentences, and the count)."""
    ar_starts, en_starts = starts
    return np.concatenate(
        (
            np.asarray(ar_starts)[paragraph_path[:, :2]],
            np.asarray(en_starts)[paragraph_path[:, 2:]],
        ),
        axis=1,
    )


#: Share of a document's units (cues) at least that hold two paragraphs, one a side, for
#: each unit to be a bead of paragraphs: subtitles whose cues give both languages, where a
#: cue in one language (a sign, a lyric) translates no other cue.
CUE_SHARE = 2 / 3


def _cues(order: Sequence[str], units: Sequence[int]) -> Path | None:
    """The units of reading ``order`` (``units``: each paragraph's) as a path of paragraph
    beads, where :data:`CUE_SHARE` of them or more are bilingual cues (two paragraphs, one
    a side); ``None`` elsewhere. A cue in one language then stands unaligned: it had been
    paired with a neighbouring cue in the other language (an Arabic line and an English one,
    each a cue of its own, at 0.85-0.93)."""
    beads: list[list[int]] = []
    i = j = 0
    for _, group in itertools.groupby(zip(units, order, strict=True), key=lambda pair: pair[0]):
        sides = [side for _, side in group]
        a, b = sides.count("ar"), sides.count("en")
        beads.append([i, i + a, j, j + b])
        i, j = i + a, j + b
    bilingual = sum(1 for i0, i1, j0, j1 in beads if i1 - i0 == 1 == j1 - j0)
    if bilingual < CUE_SHARE * len(beads):
        return None
    return np.asarray(beads, dtype=np.int64).reshape(-1, 4)
