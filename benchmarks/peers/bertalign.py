"""Bertalign's two-step sentence alignment, written afresh as a peer for the benchmarks.

The algorithm is Liu and Zhu's (2022), "Bertalign: Improved word embedding-based sentence
alignment for Chinese-English parallel corpora of literary texts", Digital Scholarship in the
Humanities 38(2):621-634:

1. **Anchors.** Embed every sentence; for each source sentence keep its ``top_k`` most similar
   target sentences (cosine). A first dynamic programme over 1-1, 1-0 and 0-1 beads, inside
   a window around the diagonal, chooses the monotone chain of 1-1 beads whose summed
   similarity is largest; a 1-1 bead scores only if its target is among the source's top k.
2. **Beads.** A second dynamic programme fills the stretches between consecutive anchors,
   searching ``window`` sentences beyond them, over every n-m bead with ``n + m <=
   max_align`` plus insertions and deletions. A multi-sentence side is embedded by
   encoding the *concatenated text* of its overlap; a bead scores cosine similarity, minus
   the mean similarity to its neighbouring sentences (the "margin"), times the length
   penalty ``log2(1 + shorter / longer)`` on lengths scaled by the document's length ratio;
   an insertion or deletion scores ``skip``. The path with the largest total wins.

How this differs from the published code: it is pure NumPy and typed (no Faiss, Numba,
PyTorch, Google language detection or sentence splitting: it takes sentences as given);
lengths are characters rather than UTF-8 bytes; the margin averages whichever neighbours
exist; overlaps that would run past the document's start are not encoded (no ``PAD``
texts); the first pass is vectorised row by row, with the same preference on ties (0-1,
then 1-0, then 1-1). And the overlap embedding is pluggable (:data:`OverlapVectors`): the
published one re-encodes each overlap (:func:`encoded_overlaps`); :func:`mean_overlaps`
instead averages the vectors of its sentences, each sentence encoded once, which is what
the benchmarks measure against it.

The encoder is any callable from a list of texts to a matrix of unit-length row vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BertalignConfig",
    "Encoder",
    "Matrix",
    "OverlapVectors",
    "align",
    "bead_types",
    "encoded_overlaps",
    "mean_overlaps",
]

Matrix = NDArray[np.float32]
Encoder = Callable[[list[str]], Matrix]
Bead = tuple[tuple[int, ...], tuple[int, ...]]

#: ``vectors[k - 1, i]`` is the unit vector of the ``k`` sentences ending at sentence ``i``
#: (zero where they would start before the document), for ``k`` up to ``max_align - 1``.
OverlapVectors = Callable[[Sequence[str], int, Encoder], Matrix]


@dataclass(frozen=True)
class BertalignConfig:
    """Bertalign's parameters, with its published defaults."""

    max_align: int = 5
    """Largest ``n + m`` of an n-m bead (5 allows 1-4, 2-3, 3-2 and 4-1)."""
    top_k: int = 3
    """Target candidates kept per source sentence for the anchor search."""
    window: int = 5
    """Sentences searched beyond the anchors on each side in the second step."""
    skip: float = -0.1
    """Score of an insertion or deletion."""
    margin: bool = True
    """Subtract the mean similarity to neighbouring sentences from a bead's similarity."""
    length_penalty: bool = True
    """Multiply a bead's similarity by ``log2(1 + shorter / longer)``."""
    first_window: int = 250
    """Smallest half-width of the anchor search band around the diagonal."""
    first_window_share: float = 0.06
    """The band's half-width as a share of the longer side, when that is wider."""


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """The n-m bead shapes searched in the second step: skips first, then ``n + m <= max``.

    >>> bead_types(3)
    [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]
    """
    shapes = [
        (n, m) for n in range(1, max_align) for m in range(1, max_align) if n + m <= max_align
    ]
    return [(0, 1), (1, 0), *shapes]


def _unit(rows: NDArray[np.float32]) -> Matrix:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def encoded_overlaps(sentences: Sequence[str], overlaps: int, encode: Encoder) -> Matrix:
    """Bertalign's overlap vectors: encode the text of every run of 1..``overlaps`` sentences."""
    n = len(sentences)
    texts = [
        " ".join(sentences[end - k + 1 : end + 1])
        for k in range(1, overlaps + 1)
        for end in range(k - 1, n)
    ]
    encoded = encode(texts) if texts else np.zeros((0, 1), np.float32)
    vectors = np.zeros((overlaps, n, encoded.shape[1]), np.float32)
    at = 0
    for k in range(1, overlaps + 1):
        count = max(n - k + 1, 0)
        vectors[k - 1, k - 1 :] = encoded[at : at + count]
        at += count
    return vectors


def mean_overlaps(sentences: Sequence[str], overlaps: int, encode: Encoder) -> Matrix:
    """Overlap vectors from each sentence encoded once: the normalised mean of its sentences."""
    single = encode(list(sentences)) if sentences else np.zeros((0, 1), np.float32)
    n, dim = single.shape
    sums = np.vstack([np.zeros((1, dim), np.float32), np.cumsum(single, axis=0)])
    vectors = np.zeros((overlaps, n, dim), np.float32)
    for k in range(1, min(overlaps, n) + 1):
        vectors[k - 1, k - 1 :] = _unit(sums[k:] - sums[:-k])
    return vectors


def _anchors(src: Matrix, tgt: Matrix, config: BertalignConfig) -> list[tuple[int, int]]:
    """Step 1: the 1-1 anchor beads, as DP cells (sentences consumed on each side).

    Row by row: a cell is the best of the cell above (1-0), the cell up-left plus the
    pair's score (1-1), and, by a running maximum along the row, the cell to its left
    (0-1). A pair scores its cosine if the target is among the source's top k, else 0, so
    ties go to the skips as in the published search.
    """
    n, m = len(src), len(tgt)
    similarity = src @ tgt.T
    k = min(config.top_k, m)
    top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    score = np.zeros((n, m))
    rows = np.arange(n)[:, None]
    score[rows, top] = np.maximum(similarity[rows, top], 0.0)  # a negative 1-1 never wins
    half = max(config.first_window, int(max(n, m) * config.first_window_share))
    centre = (np.arange(n + 1) * m / n).astype(int)
    columns = np.arange(m + 1)[None, :]
    inside = (columns >= (centre - half)[:, None]) & (columns <= (centre + half)[:, None])
    cost = np.full((n + 1, m + 1), -np.inf)
    cost[0] = np.where(inside[0], 0.0, -np.inf)
    for i in range(1, n + 1):
        row = cost[i - 1].copy()
        np.maximum(row[1:], cost[i - 1, :-1] + score[i - 1], out=row[1:])
        cost[i] = np.where(
            inside[i], np.maximum.accumulate(np.where(inside[i], row, -np.inf)), -np.inf
        )
    anchors = []
    i, j = n, m
    while i > 0 and j > 0:
        if cost[i, j] == cost[i, j - 1]:
            j -= 1
        elif cost[i, j] == cost[i - 1, j]:
            i -= 1
        else:
            anchors.append((i, j))
            i, j = i - 1, j - 1
    return anchors[::-1]


def _band(anchors: Sequence[tuple[int, int]], n: int, m: int, window: int) -> list[tuple[int, int]]:
    """Step 2's search band: for each source position 0..n, the first and last target position.

    Rows between two anchors search from ``window`` before the earlier anchor's target to
    ``window`` after the later one's; the path is made to end at (n, m).

    >>> _band([(2, 2)], 3, 3, 1)
    [(0, 3), (0, 3), (0, 3), (1, 3)]
    """
    ends = list(anchors)
    if ends and ends[-1] != (n, m) and (ends[-1][0] == n or ends[-1][1] == m):
        ends.pop()  # it would leave the last rows a band that cannot reach (n, m)
    if not ends or ends[-1] != (n, m):
        ends.append((n, m))
    band: list[tuple[int, int]] = []
    previous = (0, 0)
    for src_end, tgt_end in ends:
        span = (max(previous[1] - window, 0), min(tgt_end + window, m))
        band.extend([span] * (src_end - previous[0]))
        previous = (src_end, tgt_end)
    return [band[0] if band else (0, m), *band]


def _neighbour_mean(
    similarity: NDArray[np.float32],
    own: NDArray[np.int64],
    before: NDArray[np.int64],
    after: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Mean similarity of each overlap (row ``own``) to the sentences just outside the other
    side of its bead (columns ``before`` and ``after``), over those that exist; 0 if none."""
    limit = similarity.shape[1]
    left = before >= 0
    right = after < limit
    total = np.where(left, similarity[own, np.clip(before, 0, limit - 1)], 0.0)
    total = total + np.where(right, similarity[own, np.clip(after, 0, limit - 1)], 0.0)
    mean: NDArray[np.float64] = total / np.maximum(left.astype(int) + right, 1)
    return mean


@dataclass(frozen=True)
class _Sides:
    """Both sides' overlap vectors and what the bead scores need from them."""

    src: Matrix
    tgt: Matrix
    src_lengths: NDArray[np.float64]  # cumulative characters, 0 first
    tgt_lengths: NDArray[np.float64]  # the same, scaled by the document's length ratio
    src_to_tgt: NDArray[np.float32]  # [k - 1, i, j]: overlap k ending at i vs target j
    tgt_to_src: NDArray[np.float32]


def _sides(
    src: Sequence[str], tgt: Sequence[str], vectors: tuple[Matrix, Matrix], margin: bool
) -> _Sides:
    src_chars = np.concatenate([[0.0], np.cumsum([len(s) for s in src], dtype=np.float64)])
    tgt_chars = np.concatenate([[0.0], np.cumsum([len(s) for s in tgt], dtype=np.float64)])
    ratio = src_chars[-1] / max(tgt_chars[-1], 1.0)
    src_vectors, tgt_vectors = vectors
    empty = np.zeros((0, 0, 0), np.float32)
    return _Sides(
        src_vectors,
        tgt_vectors,
        src_chars,
        tgt_chars * ratio,
        np.einsum("kid,jd->kij", src_vectors, tgt_vectors[0]) if margin else empty,
        np.einsum("kjd,id->kji", tgt_vectors, src_vectors[0]) if margin else empty,
    )


def _bead_scores(
    sides: _Sides,
    shape: tuple[int, int],
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    config: BertalignConfig,
) -> NDArray[np.float64]:
    """Scores of an n-m bead ending at each DP cell ``(i, j)`` (sentences consumed)."""
    a, b = shape
    similarity = np.einsum("cd,cd->c", sides.src[a - 1, i - 1], sides.tgt[b - 1, j - 1])
    score: NDArray[np.float64] = similarity.astype(np.float64)
    if config.margin:
        score -= (
            _neighbour_mean(sides.src_to_tgt[a - 1], i - 1, j - b - 1, j)
            + _neighbour_mean(sides.tgt_to_src[b - 1], j - 1, i - a - 1, i)
        ) / 2
    if config.length_penalty:
        src_len = sides.src_lengths[i] - sides.src_lengths[i - a]
        tgt_len = sides.tgt_lengths[j] - sides.tgt_lengths[j - b]
        shorter, longer = np.minimum(src_len, tgt_len), np.maximum(src_len, tgt_len)
        score *= np.log2(1 + shorter / np.maximum(longer, 1e-9))
    return score


def _second_pass(
    sides: _Sides, band: Sequence[tuple[int, int]], config: BertalignConfig
) -> list[Bead]:
    """Step 2: the best path of n-m beads through the band, as beads of sentence indices.

    Row by row: every shape but 0-1 comes from an earlier row, so it is a vector operation
    over the row's band; 0-1 (a skip along the row) is then a scan of the row.
    """
    n, m = len(band) - 1, sides.tgt_lengths.size - 1
    shapes = bead_types(config.max_align)
    cost = np.full((n + 1, m + 1), -np.inf)
    choice = np.zeros((n + 1, m + 1), np.int8)
    lo, hi = band[0]
    cost[0, lo : hi + 1] = config.skip * np.arange(hi - lo + 1)
    for i in range(1, n + 1):
        lo, hi = band[i]
        j = np.arange(lo, hi + 1)
        best = np.full(j.size, -np.inf)
        best_shape = np.zeros(j.size, np.int8)
        for index, (a, b) in enumerate(shapes[1:], start=1):
            if a > i:
                continue
            ok = j >= b
            cand = np.full(j.size, -np.inf)
            cells = j[ok]
            previous = cost[i - a, cells - b]
            gain = (
                np.full(cells.size, config.skip)
                if b == 0
                else _bead_scores(sides, (a, b), np.full(cells.size, i), cells, config)
            )
            cand[ok] = previous + gain
            better = cand > best
            best[better] = cand[better]
            best_shape[better] = index
        for k in range(1, j.size):  # 0-1: a skip along the row, in order
            if best[k - 1] + config.skip > best[k]:
                best[k], best_shape[k] = best[k - 1] + config.skip, 0
        cost[i, lo : hi + 1] = best
        choice[i, lo : hi + 1] = best_shape
    beads: list[Bead] = []
    row, column = n, m
    while row > 0 or column > 0:
        a, b = shapes[choice[row, column]]  # row 0 holds 0 = (0, 1) throughout
        beads.append((tuple(range(row - a, row)), tuple(range(column - b, column))))
        row, column = row - a, column - b
    return beads[::-1]


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    encode: Encoder,
    config: BertalignConfig | None = None,
    overlaps: OverlapVectors = encoded_overlaps,
) -> list[Bead]:
    """Align two lists of sentences; every sentence lies in exactly one bead, in order.

    ``encode`` embeds texts as unit vectors; ``overlaps`` builds the multi-sentence vectors
    from it (re-encoding each overlap, as published, by default).
    """
    config = config or BertalignConfig()
    if not src or not tgt:
        return [((i,), ()) for i in range(len(src))] + [((), (j,)) for j in range(len(tgt))]
    depth = max(config.max_align - 1, 1)
    vectors = overlaps(src, depth, encode), overlaps(tgt, depth, encode)
    sides = _sides(src, tgt, vectors, config.margin)
    anchors = _anchors(vectors[0][0], vectors[1][0], config)
    band = _band(anchors, len(src), len(tgt), config.window)
    return _second_pass(sides, band, config)
