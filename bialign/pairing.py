"""Pair documents across languages: which Arabic document translates which English one.

The method of Buck & Koehn (2016), ParaCrawl's document aligner: every document becomes a
TF-IDF vector over one vocabulary both languages share, pairs are scored by cosine (less the
cosine of each document's other candidates: a margin), and the best-scoring pairs are taken
greedily, each document in one pair at most. The shared
vocabulary is the aligner's anchor tokens (:mod:`bialign.lexicon.tokens`): English stems, the
Arabic words' translations through the word table, numbers in any digit system and the
consonant skeletons of names. Documents whose best free partner scores below a threshold stay
unpaired. Names that are the same but for a language marker (``/ar/`` and ``/en/``,
``page-ar.html`` and ``page-en.html``) add to a pair's score.

No document is compared with every other: an inverted index over each side's rarer tokens
gives every document a few candidates, and only those are scored in full. Time and memory
grow linearly with the documents.
"""

from __future__ import annotations

import array
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import regex

from .chars import normalize_each
from .lexicon.tokens import analyse, pieces
from .lexicon.vocabulary import ranges

__all__ = ["DocumentPair", "PairingOptions", "name_key", "pair_documents"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Postings expanded at once while searching candidates: bounds the memory of the search.
_CHUNK = 4_000_000

# A language named between separators of a path or file name: "/ar/", "page-ar.html",
# "en_page.txt". What is left when it is taken out is what the two sides' names share.
_MARKER = regex.compile(
    r"(?<=^|[/\\_.\-])(?:ar|ara|arabic|en|eng|english)(?=$|[/\\_.\-])", regex.IGNORECASE
)


@dataclass(frozen=True)
class PairingOptions:
    """How documents are paired.

    ``threshold``: a pair scoring below it is not made (calibrated on the dev part of
    ``benchmarks/pairing.py``). ``neighbours``: a pair's score is its cosine less the mean
    cosine of each document's this many best candidates (a *margin*, as in Artetxe & Schwenk
    2019), which sets a document with no translation apart; the only document of each side
    has no other candidate, and no margin. ``candidates``: each document's best partners by
    the inverted index, which are then scored in full.
    ``searched``: the heaviest tokens of a document that the index is searched for, among
    those found in at most ``rare`` documents of the other side (a commoner token weighs
    little, and its list of documents would make the search quadratic). ``name_bonus``: added
    to the score of two documents whose names are the same but for a language marker.
    """

    threshold: float = 0.055
    candidates: int = 8
    searched: int = 20
    rare: int = 400
    neighbours: int = 6
    name_bonus: float = 0.25


@dataclass(frozen=True)
class DocumentPair:
    """The Arabic document ``ar`` and the English document ``en`` (indices into the inputs)
    translate each other; ``score`` is the margin of their cosine over their other
    candidates' (:class:`PairingOptions`), with any name bonus."""

    ar: int
    en: int
    score: float


def name_key(name: str) -> str | None:
    """A document's name without its language markers; ``None`` when it has none.

    >>> name_key("site/ar/news/item-17.html"), name_key("site/en/news/item-17.html")
    ('site//news/item-17.html', 'site//news/item-17.html')
    >>> name_key("report-AR.txt"), name_key("report.txt")
    ('report-.txt', None)
    """
    key = _MARKER.sub("", name)
    return key.casefold() if key != name else None


class _Tokens:
    """Documents as token ids in one vocabulary shared by both languages; each distinct word
    of a language is analysed once."""

    def __init__(self, lexicon: Mapping[str, Iterable[str]]) -> None:
        self.lexicon = lexicon
        self.ids: dict[str, int] = {}
        self._words: dict[str, dict[str, tuple[int, ...]]] = {"ar": {}, "en": {}}

    def read(self, texts: Iterable[str], lang: str) -> tuple[IntArray, IntArray, IntArray]:
        """The documents as compressed rows: where each starts, its distinct token ids and
        how often each occurs."""
        known = self._words[lang]
        found: array.array[int] = array.array("q")
        lengths: list[int] = []
        for text in texts:
            words = text.split()
            new = list(set(words).difference(known))
            for word, normal in zip(new, normalize_each(new), strict=True):
                known[word] = self._analysed(normal, lang)
            before = len(found)
            found.extend(itertools.chain.from_iterable(map(known.__getitem__, words)))
            lengths.append(len(found) - before)
        tokens = np.frombuffer(found, np.int64) if found else np.zeros(0, np.int64)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        # One sort for all documents: each (row, token) key once, with its count.
        keys, frequency = np.unique(rows * (len(self.ids) + 1) + tokens, return_counts=True)
        starts = np.searchsorted(keys // (len(self.ids) + 1), np.arange(len(lengths) + 1))
        return starts.astype(np.int64), keys % (len(self.ids) + 1), frequency.astype(np.int64)

    def _analysed(self, normal: str, lang: str) -> tuple[int, ...]:
        tokens = [t for piece in pieces(normal) for t in analyse(piece, lang, self.lexicon)[1]]
        ids = self.ids
        return tuple(ids.setdefault(token, len(ids)) for token in tokens)


@dataclass(frozen=True)
class _Side:
    """One side's documents as rows of unit-length TF-IDF vectors (compressed rows)."""

    starts: IntArray  # row k's entries are starts[k]:starts[k + 1]
    tokens: IntArray
    weights: FloatArray

    @property
    def size(self) -> int:
        return len(self.starts) - 1

    def document_frequency(self, vocabulary: int) -> IntArray:
        return np.bincount(self.tokens, minlength=vocabulary)

    def rows(self) -> IntArray:
        """The row of every entry."""
        return np.repeat(np.arange(self.size), np.diff(self.starts))


def _weighted(starts: IntArray, tokens: IntArray, frequency: IntArray, idf: FloatArray) -> _Side:
    """TF-IDF rows (sublinear term frequency), each scaled to unit length."""
    weights = (1.0 + np.log(frequency)) * idf[tokens]
    rows = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=len(starts) - 1))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    return _Side(starts, tokens, weights)


def _best(owners: IntArray, scores: FloatArray, count: int) -> IntArray:
    """The positions of each owner's ``count`` highest scores, in position order.

    >>> _best(np.array([0, 0, 0, 1]), np.array([0.1, 0.3, 0.2, 0.5]), 2).tolist()
    [1, 2, 3]
    """
    ranked = np.lexsort((-scores, owners))
    group = np.searchsorted(owners[ranked], owners[ranked], side="left")
    return np.sort(ranked[np.arange(len(ranked)) - group < count])


def _candidates(query: _Side, index: _Side, options: PairingOptions, vocabulary: int) -> IntArray:
    """The ``candidates`` best rows of ``index`` for each row of ``query``, by the dot product
    over each query row's ``searched`` heaviest tokens among those found in at most ``rare``
    rows of ``index``: an array of (query row, index row) pairs. Each query row expands at
    most ``searched * rare`` postings, so the search grows linearly with the documents."""
    frequency = index.document_frequency(vocabulary)
    posted = np.where(frequency <= options.rare, frequency, 0)
    kept = posted[index.tokens] > 0
    order = np.argsort(index.tokens[kept], kind="stable")
    posted_rows, posted_weights = index.rows()[kept][order], index.weights[kept][order]
    post_starts = np.concatenate(([0], np.cumsum(posted)))[:-1]
    # Each query row's heaviest searchable tokens.
    rows, searchable = query.rows(), posted[query.tokens] > 0
    searched = np.flatnonzero(searchable)
    heaviest = searched[_best(rows[searched], query.weights[searched], options.searched)]
    rows, tokens, weights = rows[heaviest], query.tokens[heaviest], query.weights[heaviest]
    found: list[IntArray] = []
    # Chunks of whole query rows, about _CHUNK postings each, bound the memory of the search.
    step = max(1, _CHUNK // max(1, options.rare))
    bounds = [*np.unique(np.searchsorted(rows, rows[::step])).tolist(), len(rows)]
    for first, last in itertools.pairwise(bounds):
        span = slice(first, last)
        counts = posted[tokens[span]]
        at = ranges(post_starts[tokens[span]], counts)
        keys = np.repeat(rows[span], counts) * index.size + posted_rows[at]
        products = np.repeat(weights[span], counts) * posted_weights[at]
        pairs, inverse = np.unique(keys, return_inverse=True)
        scores: FloatArray = np.bincount(inverse, products).astype(np.float64)
        mine = pairs // index.size
        best = _best(mine, scores, options.candidates)
        found.append(np.stack((mine[best], pairs[best] % index.size), axis=1))
    return np.concatenate(found) if found else np.zeros((0, 2), np.int64)


def _cosines(ar: _Side, en: _Side, pairs: IntArray, vocabulary: int) -> FloatArray:
    """The dot product of each (Arabic row, English row) pair, over all their tokens."""
    scores = np.zeros(len(pairs), np.float64)
    for first in range(0, len(pairs), 20_000):
        chunk = pairs[first : first + 20_000]
        number = np.arange(len(chunk))
        a_keys, a_weights = _entries(ar, chunk[:, 0], number, vocabulary)
        e_keys, e_weights = _entries(en, chunk[:, 1], number, vocabulary)
        _, in_a, in_e = np.intersect1d(a_keys, e_keys, assume_unique=True, return_indices=True)
        which = a_keys[in_a] // vocabulary
        products = a_weights[in_a] * e_weights[in_e]
        scores[first : first + len(chunk)] = np.bincount(which, products, minlength=len(chunk))
    return scores


def _entries(
    side: _Side, rows: IntArray, number: IntArray, vocabulary: int
) -> tuple[IntArray, FloatArray]:
    counts = np.diff(side.starts)[rows]
    at = ranges(side.starts[rows], counts)
    return np.repeat(number, counts) * vocabulary + side.tokens[at], side.weights[at]


def _name_pairs(ar_names: Sequence[str], en_names: Sequence[str]) -> IntArray:
    """The (Arabic, English) pairs whose names are the same but for language markers, where
    that name belongs to one document a side."""
    keys: dict[str, list[list[int]]] = {}
    for side, names in enumerate((ar_names, en_names)):
        for number, name in enumerate(names):
            key = name_key(name)
            if key is not None:
                keys.setdefault(key, [[], []])[side].append(number)
    found = [(a[0], e[0]) for a, e in keys.values() if len(a) == 1 and len(e) == 1]
    return np.array(found, dtype=np.int64).reshape(-1, 2)


def pair_documents(
    ar_texts: Iterable[str],
    en_texts: Iterable[str],
    lexicon: Mapping[str, Iterable[str]],
    options: PairingOptions | None = None,
    *,
    ar_names: Sequence[str] = (),
    en_names: Sequence[str] = (),
) -> list[DocumentPair]:
    """The translation pairs among two sets of documents, in the order of the Arabic ones.

    ``lexicon`` maps Arabic stems to English ones (:meth:`bialign.lexicon.Lexicon.shipped`).
    ``ar_names`` and ``en_names`` (paths, URLs; optional) are the documents' names, compared
    without their language markers.
    """
    if not isinstance(lexicon, Mapping):
        raise TypeError(
            "lexicon must map Arabic stems to English ones (Lexicon.shipped()), "
            f"not {type(lexicon).__name__}"
        )
    options = options or PairingOptions()
    reader = _Tokens(lexicon)
    ar_counted = reader.read(ar_texts, "ar")
    en_counted = reader.read(en_texts, "en")
    vocabulary = max(1, len(reader.ids))
    documents = len(ar_counted[0]) + len(en_counted[0]) - 2
    frequency = np.bincount(ar_counted[1], minlength=vocabulary) + np.bincount(
        en_counted[1], minlength=vocabulary
    )
    idf = np.log((documents + 1) / (frequency + 1)) + 1.0
    ar, en = _weighted(*ar_counted, idf), _weighted(*en_counted, idf)
    if ar.size == 0 or en.size == 0:
        return []
    named = _name_pairs(ar_names, en_names) if ar_names and en_names else np.zeros((0, 2))
    candidates = np.concatenate(
        (
            _candidates(ar, en, options, vocabulary),
            _candidates(en, ar, options, vocabulary)[:, ::-1],
            named.astype(np.int64),
        )
    )
    if len(candidates) == 0:  # no token shared: one side is not the language it should be
        return []
    keys = np.unique(candidates[:, 0] * en.size + candidates[:, 1])
    pairs = np.stack((keys // en.size, keys % en.size), axis=1)
    cosines = _cosines(ar, en, pairs, vocabulary)
    scores = _margin(pairs, cosines, options.neighbours)
    if len(named):
        bonus = np.isin(keys, named[:, 0] * en.size + named[:, 1])
        scores = scores + options.name_bonus * bonus
    return _greedy(pairs, scores, options.threshold)


def _neighbourhood(owners: IntArray, scores: FloatArray, size: int, neighbours: int) -> FloatArray:
    """The mean of each document's ``neighbours`` best scores among its candidate pairs."""
    best = _best(owners, scores, neighbours)
    sums = np.bincount(owners[best], scores[best], minlength=size)
    counts = np.bincount(owners[best], minlength=size)
    return sums / np.maximum(counts, 1)


def _margin(pairs: IntArray, cosines: FloatArray, neighbours: int) -> FloatArray:
    """Each pair's cosine less the mean of its two documents' neighbourhoods: a document
    without a translation scores about as well with its best candidate as with its others."""
    a = _neighbourhood(pairs[:, 0], cosines, int(pairs[:, 0].max()) + 1, neighbours)
    e = _neighbourhood(pairs[:, 1], cosines, int(pairs[:, 1].max()) + 1, neighbours)
    return cosines - (a[pairs[:, 0]] + e[pairs[:, 1]]) / 2


def _greedy(pairs: IntArray, scores: FloatArray, threshold: float) -> list[DocumentPair]:
    """Best first, each document in one pair at most; ties go to the lower indices."""
    taken_ar: set[int] = set()
    taken_en: set[int] = set()
    chosen: list[DocumentPair] = []
    for k in np.lexsort((pairs[:, 1], pairs[:, 0], -scores)).tolist():
        score = float(scores[k])
        if score < threshold or math.isnan(score):
            break
        a, e = int(pairs[k, 0]), int(pairs[k, 1])
        if a not in taken_ar and e not in taken_en:
            taken_ar.add(a)
            taken_en.add(e)
            chosen.append(DocumentPair(a, e, score))
    return sorted(chosen, key=lambda pair: pair.ar)
