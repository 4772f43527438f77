"""Stage 4: align two sentence lists by length and the anchors they share.

Gale & Church's model, made fit for Arabic–English:

* lengths are counted on normalised text (no diacritics, tatweel or controls), and the length
  ratio, its variance and the bead-type priors are re-estimated per document;
* a length mismatch is priced by a log-survival function that stays finite however large the
  mismatch (NLTK's underflows to -inf and then treats such cells as free), and an unaligned
  sentence by its prior alone;
* beads gain from the anchors their two sides share (:mod:`bialign.lexicon`: words through a
  shipped word table refined on the document's own confident beads, numbers, names);
* paragraphs are aligned first and the sentences searched only inside aligned paragraphs;
* every bead gets a calibrated score: the probability that it is exactly right.

The search itself, linear in time and memory, is :mod:`bialign.search`.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

import numpy as np

from .chars import measure
from .lexicon import Lexicon
from .lexicon.learning import learn_from_sides
from .lexicon.vocabulary import SideAnchors, SignatureArray, Vocabulary
from .search import FloatArray, IntArray, Path, SearchConfig, Sizes, best_path, path_within

__all__ = ["AlignConfig", "Bead", "align_lengths", "align_paragraphs", "align_sentences"]


#: Bead types as (Arabic sentences, English sentences) with their prior probabilities.
#: Arabic–English translations merge and split sentences more than the French–English
#: Hansards Gale & Church measured, so n:m beads get more mass than their 1993 table.
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.80,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.06,
    (1, 2): 0.06,
    (2, 2): 0.03,
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
    """Settings of the aligner; the defaults are the ones benchmarks/quality.py measures.

    ``priors`` are the bead types searched and their prior probabilities. ``ratio`` is English
    characters per Arabic character and ``variance`` the length variance per character;
    ``None`` estimates them from the document. With ``passes`` of 2 or more, the ratio,
    variance and priors are re-estimated from the previous pass's beads (shrunk toward the
    configured values on short documents); paragraphs, which are few, are aligned in one pass
    whatever ``passes`` says. ``anchor_weight`` is how many nats a bead gains
    when its two sides share all their anchor tokens (words via the word table,
    numbers, names); 0 aligns by length alone. ``lexicon`` is the word table Arabic words are
    read through: ``None`` is the shipped one (:meth:`~bialign.lexicon.Lexicon.shipped`); a
    user's may be merged with it or replace it. With ``refine`` (and ``passes`` of 2 or more),
    word pairs that recur in a pass's confident 1-1 beads are added to the word table for the
    next pass.
    ``search`` trades exactness for speed on long documents (see
    :class:`~bialign.search.SearchConfig`).
    """

    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    ratio: float | None = None
    variance: float | None = None
    passes: int = 2
    anchor_weight: float = 10.0
    refine: bool = True
    search: SearchConfig = field(default_factory=SearchConfig)
    lexicon: Lexicon | None = None

    def signature(self) -> str:
        """A short text naming every setting, stored with outputs for reproducibility."""
        kinds = ",".join(f"{a}-{b}" for a, b in self.priors)
        ratio = "doc" if self.ratio is None else f"{self.ratio:g}"
        variance = "doc" if self.variance is None else f"{self.variance:g}"
        search, lexicon = self.search, self.lexicon
        # Named only when set, so that signatures of the shipped table read as they always did.
        table = "" if lexicon is None else f"|lexicon={lexicon.name}@{lexicon.digest[:12]}"
        return (
            f"beads={kinds}|ratio={ratio}|var={variance}|passes={self.passes}"
            f"|anchors={self.anchor_weight:g}|refine={int(self.refine)}"
            f"|band={search.band}|full={search.full_cells}{table}"
        )


#: What the bead score is computed from: a constant, log p-value of the length mismatch,
#: Dice of shared anchors, whether anchors were available, unaligned, more than two sentences.
SCORE_FEATURES = ("bias", "length_log_p", "anchor_dice", "anchored", "unaligned", "merged")

DEFAULT_VARIANCE = 8.0
_RATIO_BOUNDS = (0.4, 3.0)


@dataclass(frozen=True)
class _Parameters:
    """What the model knows of one document: ratio, variance and bead-type priors."""

    ratio: float
    variance: float
    priors: dict[tuple[int, int], float]


class _Anchors:
    """Bit signatures of every span of up to three sentences, on both sides."""

    def __init__(self, ar: SignatureArray, en: SignatureArray, longest: int) -> None:
        self.ar = _span_signatures(ar, longest)
        self.en = _span_signatures(en, longest)
        self.ar_size = np.bitwise_count(self.ar).sum(axis=-1, dtype=np.int64)
        self.en_size = np.bitwise_count(self.en).sum(axis=-1, dtype=np.int64)

    def similarity(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Dice coefficient of the anchor tokens of ar[i-a:i] and en[j-b:j], in [0, 1].

        ``a`` and ``b`` are one span length each, or columns of them (one a bead kind); ``i``
        and ``j`` rows of cells.
        """
        return _dice(self, i, a, j, b)


def _dice_numpy(spans: _Anchors, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
    """:meth:`_Anchors.similarity` in NumPy; :func:`bialign._speedups.dice` does the same
    without NumPy's temporary arrays."""
    shared = np.bitwise_count(spans.ar[a, i] & spans.en[b, j]).sum(axis=-1, dtype=np.int64)
    total = spans.ar_size[a, i] + spans.en_size[b, j]
    dice: FloatArray = 2.0 * shared / np.maximum(total, 1)
    return dice


def _dice_compiled(spans: _Anchors, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
    """:func:`_dice_numpy`, compiled."""
    shape, (a, i, b, j) = _for_compiled(i, a, j, b)
    dice = np.empty(shape)
    _speedups.dice(spans.ar, spans.en, spans.ar_size, spans.en_size, a, i, b, j, dice)
    return dice


def _for_compiled(
    i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[tuple[int, ...], tuple[IntArray, IntArray, IntArray, IntArray]]:
    """The shape of a priced table of beads (a column of span lengths, one a bead kind, by a
    row of cells) and its ``a, i, b, j`` as the compiled loops take them: contiguous int64,
    read from start to end whatever their shape."""

    def flat(x: Sizes) -> IntArray:
        return np.ascontiguousarray(x, dtype=np.int64)

    return np.broadcast(a, i).shape, (flat(a), flat(i), flat(b), flat(j))


def _span_signatures(signatures: SignatureArray, longest: int) -> SignatureArray:
    """``spans[k, i]`` is the union of signatures i-k..i-1 (row i of a table with a row 0)."""
    spans = np.zeros((longest + 1, len(signatures) + 1, signatures.shape[1]), np.uint64)
    for k in range(1, longest + 1):
        spans[k, 1:] = spans[k - 1, :-1] | signatures
        spans[k, :k] = 0  # a span reaching before the first sentence is no span
    return spans


class _BeadModel:
    """Bead costs, vectorised: type prior, length mismatch and (optionally) shared anchors.

    Costs are negative log-probabilities (nats). Lengths come from prefix sums, so a bead
    of any size costs the same to price. Bead sizes may be arrays, one row per bead kind, so
    that every kind of a stretch of the search is priced at once.
    """

    def __init__(
        self,
        ar_lengths: FloatArray,
        en_lengths: FloatArray,
        parameters: _Parameters,
        anchors: _Anchors | None = None,
        anchor_weight: float = 0.0,
    ) -> None:
        self.ar_lengths, self.en_lengths = ar_lengths, en_lengths
        self.n, self.m = len(ar_lengths), len(en_lengths)
        self.ar_prefix = np.concatenate(([0.0], np.cumsum(ar_lengths)))
        self.en_prefix = np.concatenate(([0.0], np.cumsum(en_lengths)))
        self.parameters = parameters
        self.anchors = anchors
        self.anchor_weight = anchor_weight
        total = sum(parameters.priors.values())
        longest = max(max(kind) for kind in parameters.priors)
        self.penalty = np.full((longest + 1, longest + 1), np.inf)
        for (a, b), p in parameters.priors.items():
            self.penalty[a, b] = -math.log(p / total)

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
        expected = ar_len * self.parameters.ratio
        spread = np.sqrt(self.parameters.variance * (expected + en_len) / 2 + 1.0)
        delta: FloatArray = (en_len - expected) / spread
        return delta

    def log_p(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """log P(|Z| >= |delta|), Z standard normal, of the beads' length mismatch
        (:meth:`delta`): finite for any delta."""
        t, zz, poly = _length_terms(self, i, a, j, b)
        result: FloatArray = np.minimum(np.log(t) - zz + poly, 0.0)
        return result

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Negative log probability of the bead: type prior, length mismatch, anchors."""
        a, b = np.asarray(a), np.asarray(b)
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

    def _matched_cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """:meth:`cost` of beads with sentences on both sides."""
        cost: FloatArray = self.penalty[a, b] - self.log_p(i, a, j, b)
        if self.anchors is not None:
            cost -= self.anchor_weight * self.anchors.similarity(i, a, j, b)
        return cost

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> FloatArray:
        """What a bead's confidence is computed from, one row per bead (:data:`SCORE_FEATURES`)."""
        shape = np.broadcast(i, j).shape
        columns = np.zeros((len(SCORE_FEATURES), *shape))
        columns[0] = 1.0
        if a and b:
            columns[1] = self.log_p(i, a, j, b)
            if self.anchors is not None:
                columns[2] = self.anchors.similarity(i, a, j, b)
                columns[3] = 1.0
            columns[5] = float(a + b > 2)
        else:
            columns[4] = 1.0
        return np.moveaxis(columns, 0, -1)


# Numerical Recipes' fit of erfc(z) = t·exp(-z² + P(t)), coefficients of P lowest order first.
_ERFC_FIT = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip


def _length_terms_numpy(
    model: _BeadModel, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """What :meth:`_BeadModel.log_p` takes the logarithm of: with z = |delta| / sqrt(2), the
    Chebyshev fit of erfc from Numerical Recipes (relative error < 1.2e-7) is
    erfc(z) = t exp(-z² + P(t)) with t = 1 / (1 + z / 2), whose logarithm can be taken
    analytically, so it never underflows. Returns t, z² and P(t).

    :func:`bialign._speedups.length_terms` computes the same, bit for bit.
    """
    z = np.abs(model.delta(i, a, j, b)) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERFC_FIT):  # Horner's rule, as np.polyval, in place
        poly *= t
        poly += coefficient
    return t, z * z, poly


def _length_terms_compiled(
    model: _BeadModel, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """:func:`_length_terms_numpy`, compiled."""
    shape, (a, i, b, j) = _for_compiled(i, a, j, b)
    t, zz, poly = np.empty(shape), np.empty(shape), np.empty(shape)
    parameters = model.parameters
    _speedups.length_terms(
        model.ar_prefix,
        model.en_prefix,
        a,
        i,
        b,
        j,
        parameters.ratio,
        parameters.variance,
        _ERFC_COEFFICIENTS,
        t,
        zz,
        poly,
    )
    return t, zz, poly


_ERFC_COEFFICIENTS = np.array(_ERFC_FIT)

try:  # the compiled loops, where a C compiler was there at install time
    from . import _speedups

    _dice = _dice_compiled
    _length_terms = _length_terms_compiled
except ImportError:  # pragma: no cover - depends on the install
    _dice = _dice_numpy
    _length_terms = _length_terms_numpy


def _clamp(value: float, low: float, high: float) -> float:
    """``value`` kept within [low, high] (np.clip, without its checks on every call)."""
    return min(max(float(value), low), high)


def _estimate_ratio(ar: FloatArray, en: FloatArray) -> float:
    """English characters per Arabic character over the whole document, kept plausible."""
    ar_total, en_total = float(ar.sum()), float(en.sum())
    if ar_total <= 0 or en_total <= 0:
        return 1.0
    return _clamp(en_total / ar_total, *_RATIO_BOUNDS)


#: Weight, in beads, of the configured priors when re-estimating them from a document: a
#: short document keeps close to them, a long one speaks for itself.
PRIOR_STRENGTH = 20.0


def _reestimate(path: Path, model: _BeadModel, base: dict[tuple[int, int], float]) -> _Parameters:
    """Ratio, variance and bead-type priors as found on a first alignment of the document."""
    counts = dict.fromkeys(base, 0.0)
    for i0, i1, j0, j1 in path:
        counts[(i1 - i0, j1 - j0)] += 1
    total = sum(base.values())
    priors = {k: (counts[k] + PRIOR_STRENGTH * base[k] / total) for k in base}
    matched = [(i0, i1, j0, j1) for i0, i1, j0, j1 in path if i1 > i0 and j1 > j0]
    ratio, variance = model.parameters.ratio, model.parameters.variance
    if len(matched) >= 3:
        bounds = np.array(matched, dtype=np.int64)
        ar_len = model.ar_prefix[bounds[:, 1]] - model.ar_prefix[bounds[:, 0]]
        en_len = model.en_prefix[bounds[:, 3]] - model.en_prefix[bounds[:, 2]]
        if ar_len.sum() > 0 and en_len.sum() > 0:
            ratio = _clamp(en_len.sum() / ar_len.sum(), *_RATIO_BOUNDS)
            squared = (en_len - ratio * ar_len) ** 2 / ((ratio * ar_len + en_len) / 2 + 1.0)
            # The median is robust to the odd wrong bead; 0.455 is the median of chi-square(1).
            # Shrunk toward the configured variance: few beads say little about the spread.
            found = statistics.median(squared.tolist()) / 0.455  # np.median imports np.ma
            weight = len(matched) / (len(matched) + PRIOR_STRENGTH)
            variance = _clamp(weight * found + (1 - weight) * variance, 1.0, 100.0)
    return _Parameters(ratio, variance, priors)


@dataclass(frozen=True)
class _Side:
    """One side's sentences as the model sees them: lengths, and what the text gives away.

    ``signatures`` is ``None`` when aligning by length alone; ``anchors`` (the sentences'
    words, for refinement) is ``None`` for merged units (paragraphs), which are not refined.
    """

    lengths: FloatArray
    signatures: SignatureArray | None = None
    anchors: SideAnchors | None = None

    @classmethod
    def of(cls, sentences: Sequence[str], vocabulary: Vocabulary | None) -> _Side:
        """The side read by ``vocabulary``, or measured alone (no anchors) without one."""
        if vocabulary is None:
            return cls(_as_lengths([measure(s) for s in sentences]))
        anchors = vocabulary.read(sentences)
        return cls(anchors.lengths, anchors.signatures, anchors)

    def grouped(self, starts: Sequence[int]) -> _Side:
        """Consecutive sentences merged into units (paragraphs) beginning at ``starts``."""
        firsts = np.asarray(starts[:-1], dtype=np.int64)
        held = np.diff(starts) > 0  # reduceat cannot reduce an empty stretch
        lengths = np.zeros(len(firsts))
        if held.any():
            lengths[held] = np.add.reduceat(self.lengths, firsts[held])
        if self.signatures is None:
            return _Side(lengths)
        merged = np.zeros((len(firsts), self.signatures.shape[1]), dtype=np.uint64)
        if held.any():
            merged[held] = np.bitwise_or.reduceat(self.signatures, firsts[held], axis=0)
        return _Side(lengths, merged)


def _sides(ar: Sequence[str], en: Sequence[str], config: AlignConfig) -> tuple[_Side, _Side]:
    """Both sides as ``config`` reads them: with anchors through its word table, or (with an
    anchor weight of 0) by length alone."""
    if not config.anchor_weight > 0:
        return _Side.of(ar, None), _Side.of(en, None)
    lexicon = Lexicon.shipped() if config.lexicon is None else config.lexicon
    return _Side.of(ar, _vocabulary("ar", lexicon)), _Side.of(en, _vocabulary("en", None))


@functools.lru_cache(maxsize=4)
def _vocabulary(lang: str, lexicon: Lexicon | None) -> Vocabulary:
    """The process's vocabulary of ``lang`` reading Arabic words through ``lexicon``: one per
    table (keyed by its digest), as a word's tokens depend on the table."""
    return Vocabulary(lang, {} if lexicon is None else lexicon)


#: Score a 1-1 bead needs before its words are trusted to teach the document's own word pairs.
TRUSTED_SCORE = 0.8


def _align_sides(
    ar: _Side, en: _Side, config: AlignConfig, guide: Path | None = None
) -> tuple[Path, _BeadModel]:
    """Search ``config.passes`` times, each pass on what the one before found.

    The first pass uses the configured parameters with the document's length ratio; each
    later one parameters re-estimated from the path before and (with ``refine``) the word
    pairs learnt from that path's confident beads. With a ``guide`` (aligned paragraphs),
    only the cells its beads cover are searched. Long documents are searched in a band,
    drawn after the first pass around the last path found.
    """
    kinds = list(config.priors)
    longest = max(max(kind) for kind in config.priors)
    anchors = None
    if ar.signatures is not None and en.signatures is not None:
        anchors = _Anchors(ar.signatures, en.signatures, longest)

    def search(parameters: _Parameters, near: Path | None) -> tuple[Path, _BeadModel]:
        model = _BeadModel(ar.lengths, en.lengths, parameters, anchors, config.anchor_weight)
        if guide is None:
            return best_path(model, kinds, config.search, near), model
        return path_within(model, kinds, guide), model

    path, model = search(
        _Parameters(
            config.ratio if config.ratio is not None else _estimate_ratio(ar.lengths, en.lengths),
            config.variance if config.variance is not None else DEFAULT_VARIANCE,
            config.priors,
        ),
        None,
    )
    for _ in range(config.passes - 1):
        found = _reestimate(path, model, config.priors)
        if config.refine and ar.anchors and en.anchors:
            learnt = _learnt(path, model, ar.anchors, en.anchors)
            if learnt:
                anchors = _Anchors(ar.anchors.taught(learnt), en.anchors.signatures, longest)
        parameters = _Parameters(
            found.ratio if config.ratio is None else config.ratio,
            found.variance if config.variance is None else config.variance,
            found.priors,
        )
        path, model = search(parameters, path)
    return path, model


def _learnt(path: Path, model: _BeadModel, ar: SideAnchors, en: SideAnchors) -> dict[str, set[str]]:
    """Word pairs that recur in the path's confident 1-1 beads (see
    :func:`bialign.lexicon.learn_translations`)."""
    ones = [(i1, j1) for i0, i1, j0, j1 in path if i1 - i0 == 1 and j1 - j0 == 1]
    ends = np.array(ones, dtype=np.int64).reshape(-1, 2)
    sure = _probabilities(model.features(ends[:, 0], 1, ends[:, 1], 1)) >= TRUSTED_SCORE
    pairs = ends[sure] - 1
    return learn_from_sides(ar, pairs[:, 0], en, pairs[:, 1])


def _path_features(model: _BeadModel, path: Path) -> FloatArray:
    """Score features of every bead of ``path``, computed bead type by bead type."""
    features = np.zeros((len(path), len(SCORE_FEATURES)))
    ends = np.array([(i1, j1) for _, i1, _, j1 in path], dtype=np.int64).reshape(-1, 2)
    kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path], dtype=np.int64)
    for a, b in set(map(tuple, kinds.tolist())):
        chosen = (kinds[:, 0] == a) & (kinds[:, 1] == b)
        features[chosen] = model.features(ends[chosen, 0], a, ends[chosen, 1], b)
    return features


def _probabilities(features: FloatArray) -> FloatArray:
    """Bead scores from their features: the calibrated logistic model."""
    scores: FloatArray = 1.0 / (1.0 + np.exp(-(features @ _score_weights())))
    return scores


def _beads(path: Path, model: _BeadModel) -> list[Bead]:
    scores = _probabilities(_path_features(model, path))
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(float(score), 4))
        for (i0, i1, j0, j1), score in zip(path, scores.tolist(), strict=True)
    ]


@functools.cache
def _score_weights() -> FloatArray:
    """Logistic-regression weights of the bead score, fitted by tools/calibrate_scores.py."""
    text = resources.files("bialign").joinpath("data/score_calibration.json").read_text("utf-8")
    weights = json.loads(text)["weights"]
    return np.array([weights[name] for name in SCORE_FEATURES], dtype=np.float64)


def _as_lengths(lengths: Sequence[float]) -> FloatArray:
    return np.maximum(np.asarray(lengths, dtype=np.float64), 0.0)


def align_lengths(
    ar_lengths: Sequence[float], en_lengths: Sequence[float], config: AlignConfig | None = None
) -> list[Bead]:
    """Align two documents given only their sentence lengths (in normalised characters).

    The length-only core of :func:`align_sentences`, for callers that measure sentences
    themselves; without the text there are no anchors.
    """
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
    config = config or AlignConfig()
    return _beads(*_align_sides(*_sides(ar, en, config), config))


#: Paragraph-first alignment is used only when the smaller side has at least this share of
#: the larger side's paragraphs; below it, paragraphs are not translated one for one.
MIN_PARAGRAPH_AGREEMENT = 0.6


def _starts(groups: Sequence[Sequence[str]]) -> list[int]:
    """Index of each group's first sentence, plus the total, e.g. [[a, b], [c]] -> [0, 2, 3]."""
    starts = [0]
    for group in groups:
        starts.append(starts[-1] + len(group))
    return starts


def align_paragraphs(
    ar_paragraphs: Sequence[Sequence[str]],
    en_paragraphs: Sequence[Sequence[str]],
    config: AlignConfig | None = None,
) -> list[Bead]:
    """Align sentences given per paragraph: paragraphs first, then sentences inside them.

    Each argument lists paragraphs as lists of sentences; bead indices count sentences over
    the whole side. The sentence search is confined to the blocks of aligned paragraphs, so
    one bad sentence bead cannot drag the rest of the document off course; it is still one
    search over the document, so the length model and the learnt words are the document's.
    When the two paragraph counts disagree badly, paragraphs carry no signal and the
    sentences are aligned as one flat list.
    """
    config = config or AlignConfig()
    ar, en = _sides(
        [s for p in ar_paragraphs for s in p], [s for p in en_paragraphs for s in p], config
    )
    fewer, more = sorted((len(ar_paragraphs), len(en_paragraphs)))
    if fewer < 2 or fewer < MIN_PARAGRAPH_AGREEMENT * more:
        return _beads(*_align_sides(ar, en, config))
    ar_starts, en_starts = _starts(ar_paragraphs), _starts(en_paragraphs)
    # One pass: a dozen paragraph beads say little about the priors and the variance. On
    # the speed benchmark's 360 articles, a second pass changed 3 paragraph paths, all worse.
    paragraph_path, _ = _align_sides(
        ar.grouped(ar_starts), en.grouped(en_starts), replace(config, refine=False, passes=1)
    )
    guide = [(ar_starts[p0], ar_starts[p1], en_starts[q0], en_starts[q1])
             for p0, p1, q0, q1 in paragraph_path]  # fmt: skip
    return _beads(*_align_sides(ar, en, config, guide))
