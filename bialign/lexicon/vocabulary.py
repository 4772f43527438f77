"""A side's sentences as bit signatures of their anchor tokens, each distinct word analysed once.

The tokens of :mod:`~bialign.lexicon.tokens` are hashed into fixed-size bit signatures so
that a bead's overlap is an AND and a popcount, vectorised over the whole search band. A
:class:`Vocabulary` analyses each distinct word once per process, not once per sentence.
"""

from __future__ import annotations

import functools
import itertools
import operator
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from .._compiled import speedups
from ..chars import SCRIPTS_END, normalize_each, normalize_for_length, word_fold
from ..languages.ar import calendar as arabic_calendar
from ..languages.ar import stop_words as arabic_stop_words
from ..languages.en import stop_words as english_stop_words
from .table import Lexicon
from .tokens import OUTSIDE_PIECES, analyse, letter_tables, pieces

_COMPILED = speedups is not None  # the compiled analysis, where it was built from this source
if _COMPILED:
    from .. import _speedups

__all__ = [
    "SIGNATURE_BITS",
    "SideAnchors",
    "SignatureArray",
    "StemTable",
    "Vocabulary",
    "distinct",
    "ranges",
]

SignatureArray = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]
#: Word ids, one a word of a side: 32 bits (a vocabulary holds far fewer words), half the
#: memory of a long document's tens of millions of words.
WordIds = npt.NDArray[np.int32]
_Keys = TypeVar("_Keys", IntArray, WordIds)
_T = TypeVar("_T")
#: What a vocabulary learns of new words besides what it writes in place: see
#: Vocabulary._learnt_python.
_Learnt = tuple[IntArray, npt.NDArray[np.bool_]]

#: Bits per sentence signature: 20 tokens set about 4% of them, so a random pair of sentences
#: shares well under one bit by chance.
SIGNATURE_BITS = 512
_WORDS = SIGNATURE_BITS // 64


_BITS: dict[str, int] = {}
_BITS_LIMIT = 1 << 16


def _mask(tokens: Iterable[str]) -> int:
    """The signature of a set of tokens as one integer of :data:`SIGNATURE_BITS` bits: bit
    ``crc32(token) % SIGNATURE_BITS`` of each token.

    CRC-32 rather than ``hash()``, which Python salts per process: alignments must not depend
    on the run. Most pieces have one or two tokens: a plain loop over a dict of known bits.
    """
    mask = 0
    for token in tokens:
        bit = _BITS.get(token)
        if bit is None:
            if len(_BITS) >= _BITS_LIMIT:
                _BITS.clear()
            bit = _BITS[token] = 1 << (zlib.crc32(token.encode()) % SIGNATURE_BITS)
        mask |= bit
    return mask


def _signature_rows(masks: Sequence[int]) -> SignatureArray:
    """Integer signatures as rows of 64-bit words, bit ``b`` in word ``b // 64``.

    >>> _signature_rows([1, 1 << 64 | 2]).tolist()[1][:2]
    [2, 1]
    """
    data = b"".join(mask.to_bytes(SIGNATURE_BITS // 8, "little") for mask in masks)
    rows: SignatureArray = np.frombuffer(data, "<u8").astype(np.uint64).reshape(-1, _WORDS)
    return rows


def ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """``starts[k], starts[k] + 1, ..., starts[k] + counts[k] - 1`` for every k, in order.

    >>> ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    ends = np.cumsum(counts)
    ranges: IntArray = np.repeat(starts - ends + counts, counts) + np.arange(
        int(ends[-1]) if len(ends) else 0
    )
    return ranges


def distinct(keys: _Keys) -> tuple[_Keys, IntArray]:
    """The distinct keys, ascending, and how often each comes (np.unique imports numpy.ma).

    >>> [a.tolist() for a in distinct(np.array([3, 1, 3, 3]))]
    [[1, 3], [1, 3]]
    """
    keys = np.sort(keys)
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    at = np.flatnonzero(first)
    return keys[at], np.diff(np.append(at, len(keys)))


@dataclass(frozen=True)
class StemTable:
    """A vocabulary's stems by word: word ``w`` has the stems ``ids[starts[w]:starts[w] +
    counts[w]]``, each named in ``names`` (and numbered in ``index``); ``listed[stem]`` says
    whether the vocabulary's word table holds it."""

    starts: IntArray
    counts: IntArray
    ids: IntArray
    names: Sequence[str]
    index: Mapping[str, int]
    listed: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SideAnchors:
    """The sentences of one side as a :class:`Vocabulary` read them.

    ``lengths`` are the sentences' lengths (:func:`bialign.chars.measure`), ``signatures``
    their tokens hashed into :data:`SIGNATURE_BITS` bits, so that what a bead's two sides share
    is an AND and a popcount. Sentence ``k`` holds the words ``word_ids[starts[k]:starts[k+1]]``,
    whose stems ``stems`` gives.
    """

    lengths: npt.NDArray[np.float64]
    signatures: SignatureArray
    word_ids: WordIds
    starts: IntArray
    stems: StemTable

    def stem_pairs(self, rows: IntArray) -> IntArray:
        """``k << 32 | stem id`` for every stem of sentence ``rows[k]``, each once, ascending
        (stem ids stay below 2**32)."""
        return _paired(np.ascontiguousarray(rows, np.int64), self.starts, self.word_ids, self.stems)

    def words(self, rows: Iterable[int]) -> list[frozenset[str]]:
        """The content stems of each sentence of ``rows``."""
        chosen = np.fromiter(rows, np.int64)
        pairs = self.stem_pairs(chosen)
        bounds = np.searchsorted(pairs >> 32, np.arange(len(chosen) + 1)).tolist()
        names, ids = self.stems.names, (pairs & 0xFFFFFFFF).tolist()
        return [frozenset(map(names.__getitem__, ids[a:b])) for a, b in itertools.pairwise(bounds)]

    def taught(self, learnt: Mapping[str, Iterable[str]]) -> SignatureArray:
        """The signatures with the learnt translations of their words' stems added."""
        index, names = self.stems.index, self.stems.names
        learnt_ids = np.array(sorted(index[stem] for stem in learnt if stem in index), np.int64)
        bits = _signature_rows([_mask(learnt[names[stem]]) for stem in learnt_ids.tolist()])
        return _taught(self, learnt_ids, bits)


class _Rows(NamedTuple):
    """Where learning writes what each new word is, in the vocabulary's own arrays (views of
    the words' rows there): its signature row, its span (what it adds to a sentence's length:
    itself and the space before the next word, or nothing when it was only marks and
    controls), where its stem ids start among the vocabulary's, and how many it has."""

    rows: SignatureArray
    spans: IntArray
    starts: IntArray
    counts: IntArray


class _StemIndex(Mapping[str, int]):
    """The compiled analysis's stem ids by name (their places in ``names``), found in its own
    table of the stems (:func:`bialign._speedups.stem_id`): a dict of them cost a string
    hashed and an entry made for every stem first met, and megabytes, for the few stems a
    document looks up by name."""

    def __init__(self, analysis: _speedups.Analysis, names: Sequence[str]) -> None:
        self._analysis, self._names = analysis, names

    def __getitem__(self, stem: str) -> int:
        found = _speedups.stem_id(self._analysis, stem)
        if found is None:
            raise KeyError(stem)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class Vocabulary:
    """Every word (text between spaces, as written) in one language met so far, analysed once:
    stems, signature and normalised length.

    Documents share most of their words, so a process that aligns many pays for each distinct
    word once, and a sentence's signature is the OR of its words' rows, computed by NumPy.
    """

    #: Distinct words kept; beyond this the vocabulary starts afresh, bounding its memory
    #: however many documents a process aligns.
    LIMIT = 1 << 18

    def __init__(self, lang: str, lexicon: Mapping[str, Iterable[str]]) -> None:
        self.lang, self.lexicon = lang, lexicon
        self._analyse = functools.partial(analyse, lang=lang, lexicon=lexicon)
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        # The words learnt, by id; each numbering finds them through an index of its own,
        # brought up to date with the words learnt since it last ran: the Python one's dict,
        # the compiled one's hash table (which holds the first ``_indexed`` words).
        self._words: list[str] = []
        self._ids: dict[str, int] = {}
        self._places: dict[str, int] = {}  # see _numbered_python
        self._table = bytearray(8 << 10)  # 1024 slots of uint64
        self._indexed = 0
        # A piece's stem ids and signature, by the piece (or whole word) as normalised.
        self._known: dict[str, tuple[tuple[int, ...], int]] = {}
        self._stem_names: list[str] = []
        self._stem_index: dict[str, int] = {}  # the Python analysis's; see _index
        # The compiled analysis: its own tables of the stems it numbers in _stem_names and of
        # the stop words, and the pieces it leaves to Python, by the piece: their signature
        # row, then their stem ids, as bytes.
        self._entries: dict[str, bytes] = {}
        self._analysis = (
            _speedups.analysis(
                self.lang == "ar",
                self._stem_names,
                self._entries,
                english_stop_words(),
                arabic_stop_words(),
                _as_dict(arabic_calendar()),
                _as_dict(self.lexicon.table if isinstance(self.lexicon, Lexicon) else self.lexicon),
                pieces,
                self._analyse,
                normalize_for_length,
                word_fold,
                SCRIPTS_END,
                OUTSIDE_PIECES,
                *letter_tables(),
            )
            if _COMPILED
            else None
        )
        # Made with room for LIMIT words: the system gives their memory a page at a time as
        # words are written into it, where arrays doubled as they filled touched every page
        # they had again, copying it. (_resized grows them for a document with more words.)
        self._rows: SignatureArray = np.empty((self.LIMIT, _WORDS), np.uint64)
        self._spans = np.empty(self.LIMIT, np.int64)
        self._stem_starts = np.empty(self.LIMIT, np.int64)
        self._stem_counts = np.empty(self.LIMIT, np.int64)
        self._stem_ids = np.empty(self.LIMIT, np.int64)
        self._stem_total = 0  # stem ids held in _stem_ids
        self._stem_listed = np.empty(self.LIMIT, bool)

    def _learn(self, words: list[str]) -> None:
        """Analyse words met for the first time, and give each its id, row, span and stems."""
        named = len(self._stem_names)
        first, end = len(self._words), len(self._words) + len(words)
        if end > len(self._rows):
            size = max(2 * len(self._rows), end)
            self._rows, self._spans, self._stem_starts, self._stem_counts = (
                _resized(array, first, size)
                for array in (self._rows, self._spans, self._stem_starts, self._stem_counts)
            )
        into = _Rows(
            self._rows[first:end],
            self._spans[first:end],
            self._stem_starts[first:end],
            self._stem_counts[first:end],
        )
        stem_ids, listed = self._learnt(words, into)
        if len(self._stem_names) > len(self._stem_listed):
            self._stem_listed = _resized(self._stem_listed, named, 2 * len(self._stem_names))
        self._stem_listed[named : len(self._stem_names)] = listed
        total = self._stem_total + len(stem_ids)
        if total > len(self._stem_ids):
            self._stem_ids = _resized(self._stem_ids, self._stem_total, 2 * total)
        self._stem_ids[self._stem_total : total] = stem_ids
        self._stem_total = total
        self._words += words

    def _learnt_python(self, words: list[str], into: _Rows) -> _Learnt:
        """Analyse words, writing what each one is to ``into``; returns their stem ids
        (numbering new stems), one word's after another's, and whether the word table lists
        each stem numbered."""
        normal = normalize_each(words)
        named = len(self._stem_names)
        analysed = [self._analysed(text) for text in normal]
        into.rows[:] = _signature_rows([mask for _, mask in analysed])
        into.spans[:] = [len(text) + 1 if text else 0 for text in normal]
        counts, starts = into.counts, into.starts
        counts[:] = [len(stems) for stems, _ in analysed]
        counts.cumsum(out=starts)  # in place: no array made for a few words
        starts -= counts
        starts += self._stem_total
        return (
            np.array([stem for stems, _ in analysed for stem in stems], np.int64),
            np.array([stem in self.lexicon for stem in self._stem_names[named:]], bool),
        )

    def _learnt_compiled(self, words: list[str], into: _Rows) -> _Learnt:
        """:meth:`_learnt_python`, the same bit for bit: words are normalised, and the pieces
        that are one run of ASCII or Arabic letters analysed, in C; the other pieces by
        :func:`~.tokens.analyse`."""
        assert self._analysis is not None  # made with the vocabulary where compiled
        stem_ids, listed = _speedups.learn(
            words, self._analysis, into.rows, into.spans, into.starts, into.counts, self._stem_total
        )
        return np.frombuffer(stem_ids, np.int64), np.frombuffer(listed, bool)

    _learnt = _learnt_compiled if _COMPILED else _learnt_python

    def _index_python(self) -> Mapping[str, int]:
        """The stem ids by name, as the Python analysis numbers them."""
        return self._stem_index

    def _index_compiled(self) -> Mapping[str, int]:
        """:meth:`_index_python` of the compiled analysis: found in its own table."""
        assert self._analysis is not None  # made with the vocabulary where compiled
        return _StemIndex(self._analysis, self._stem_names)

    _index = _index_compiled if _COMPILED else _index_python

    def _analysed(self, normal: str) -> tuple[tuple[int, ...], int]:
        """The stem ids and signature of a normalised word, from those of its pieces."""
        known = self._known.get(normal)
        if known is not None:  # a piece met before, whole: a piece is all the pieces it holds
            return known
        cut = pieces(normal)
        if len(cut) == 1:
            return self._piece(cut[0])
        found = [self._piece(piece) for piece in cut]
        return tuple(s for stems, _ in found for s in stems), functools.reduce(
            operator.or_, (mask for _, mask in found), 0
        )

    def _piece(self, piece: str) -> tuple[tuple[int, ...], int]:
        """A piece's stem ids and signature: words as written share their pieces ("قال",
        "قالَ", "قال،"), so each piece is analysed once."""
        known = self._known.get(piece)
        if known is None:
            stems, tokens = analyse(piece, self.lang, self.lexicon)
            index, names = self._stem_index, self._stem_names
            for stem in stems:
                if stem not in index:
                    index[stem] = len(names)
                    names.append(stem)
            known = self._known[piece] = (tuple([index[s] for s in stems]), _mask(tokens))
        return known

    #: Sentences read at a time: a block's words as strings and its tokens' signature rows
    #: are held, never a whole long document's (64 bytes a token would be gigabytes).
    BLOCK = 1 << 13

    def read(self, sentences: Sequence[str]) -> SideAnchors:
        """Lengths, signatures and words of ``sentences``."""
        # Keyed on the words as written: normalising is per word, so each distinct word is
        # normalised once, and the sentence's length is the sum of its words' spans.
        blocks = range(0, len(sentences), self.BLOCK)
        # One vocabulary serves every thread of the process: ids and rows change together.
        # The new words of the whole side are learnt at once, in the order the side first
        # has them, so that ids do not depend on the block size.
        with self._lock:
            if len(self._words) > self.LIMIT:
                self._clear()  # new objects: sides read before keep theirs
            unseen: list[str] = []
            numbered = [self._numbered(sentences[at : at + self.BLOCK], unseen) for at in blocks]
            if len(numbered) == 1:  # most documents: one block, no copy
                ((word_ids, counts),) = numbered
            else:
                word_ids = np.concatenate([ids for ids, _ in numbered] or [np.zeros(0, np.int32)])
                counts = np.concatenate([c for _, c in numbered] or [np.zeros(0, np.int64)])
            if unseen:  # given the ids they were numbered with: see _numbered_python
                self._learn(unseen)
            del numbered, unseen
            # Another thread may add words or start afresh from here on: it never changes
            # the rows and spans of words already learnt.
            all_rows, all_spans = self._rows, self._spans
            stems = StemTable(
                self._stem_starts,
                self._stem_counts,
                self._stem_ids,
                self._stem_names,
                self._index(),
                self._stem_listed,
            )
        starts = np.zeros(len(counts) + 1, np.int64)
        counts.cumsum(out=starts[1:])
        signatures = np.empty((len(sentences), _WORDS), np.uint64)
        lengths = np.empty(len(sentences), np.float64)
        _signed(word_ids, starts, all_rows, all_spans, signatures, lengths)
        return SideAnchors(lengths, signatures, word_ids, starts, stems)

    def _numbered_python(
        self, sentences: Sequence[str], unseen: list[str]
    ) -> tuple[WordIds, IntArray]:
        """The ids of the words of ``sentences`` (as ``str.split()`` cuts them), and how many
        words each sentence has. A word the vocabulary lacks gets the id _learn gives it, which
        numbers ``unseen`` in order from the vocabulary's size on: that size and ``k``, its
        place in ``unseen``, to which such words are added in the order they are first met."""
        known = len(self._ids)
        self._ids.update(zip(self._words[known:], range(known, len(self._words)), strict=True))
        words = [sentence.split() for sentence in sentences]
        counts = np.fromiter(map(len, words), np.int64, len(words))
        flat = list(itertools.chain.from_iterable(words))
        numbers = np.fromiter(map(self._ids.get, flat, itertools.repeat(-1)), np.int32, len(flat))
        if not unseen:  # a side's first block: its places start afresh
            self._places = {}
        places = self._places  # of the words in unseen, kept from block to block of a side
        for at in np.flatnonzero(numbers < 0).tolist():
            number = places.get(flat[at])
            if number is None:
                # A copy of the word kept: the block's strings are then all freed with it, not
                # held in memory a few to a page by the words first seen there.
                word = flat[at].encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
                number = places[word] = len(unseen)
                unseen.append(word)
            numbers[at] = len(self._words) + number
        return numbers, counts

    def _numbered_compiled(
        self, sentences: Sequence[str], unseen: list[str]
    ) -> tuple[WordIds, IntArray]:
        """:meth:`_numbered_python`, compiled: one pass over the characters, and no string
        made but the words added to ``unseen``. Words are found through a hash table of their
        own (see :func:`bialign._speedups.number`), brought up to date with the words learnt
        since the last call, and made anew twice the size when it would be over half full
        (see :func:`bialign._speedups.index`)."""
        if self._indexed < len(self._words):
            self._table = _speedups.index(self._table, self._words, self._indexed)
            self._indexed = len(self._words)
        word_ids, counts = _speedups.number(sentences, self._table, self._words, unseen)
        return np.frombuffer(word_ids, np.int32), np.frombuffer(counts, np.int64)

    _numbered = _numbered_compiled if _COMPILED else _numbered_python


def _stems_of(
    table: StemTable, words: IntArray | WordIds, counts: IntArray
) -> tuple[IntArray, IntArray]:
    """The stem ids of ``words``, ``counts[k]`` of them a sentence, and each one's k."""
    stem_counts = table.counts[words]
    sentence = np.repeat(np.repeat(np.arange(len(counts)), counts), stem_counts)
    return sentence, table.ids[ranges(table.starts[words], stem_counts)]


def _taught_numpy(side: SideAnchors, learnt_ids: IntArray, bits: SignatureArray) -> SignatureArray:
    """:meth:`SideAnchors.taught`: ``side``'s signatures with the row ``bits[j]`` added to each
    sentence holding a word with the stem ``learnt_ids[j]`` (ascending).

    Worked out word by word (what each distinct word of the side adds), then added to the
    sentences holding words that add anything: arrays the size of the side's distinct words,
    not of its every stem (hundreds of megabytes for a long document), nor of the
    vocabulary's every word (which a process aligning many short documents would go through
    for each). :func:`bialign._speedups.teach` goes through the side's words one by one.
    """
    result: SignatureArray = side.signatures.copy()
    if not len(learnt_ids):
        return result
    words = distinct(side.word_ids)[0]
    word, stems = _stems_of(side.stems, words, np.ones(len(words), np.int64))
    which = np.minimum(np.searchsorted(learnt_ids, stems), len(learnt_ids) - 1)
    at = np.flatnonzero(learnt_ids[which] == stems)
    if not len(at):
        return result
    # The words that add anything, ascending (``word`` is), and what each adds.
    owner = word[at]
    first = np.ones(len(owner), dtype=bool)
    np.not_equal(owner[1:], owner[:-1], out=first[1:])
    adding = words[owner[first]]
    adds = np.zeros((len(adding), _WORDS), np.uint64)
    np.bitwise_or.at(adds, np.cumsum(first) - 1, bits[which[at]])
    slot = np.minimum(np.searchsorted(adding, side.word_ids), len(adding) - 1)
    tokens = np.flatnonzero(adding[slot] == side.word_ids)
    sentence = np.searchsorted(side.starts, tokens, side="right") - 1
    np.bitwise_or.at(result, sentence, adds[slot[tokens]])
    return result


def _taught_compiled(
    side: SideAnchors, learnt_ids: IntArray, bits: SignatureArray
) -> SignatureArray:
    """:func:`_taught_numpy`, compiled."""
    result: SignatureArray = side.signatures.copy()
    stems = side.stems
    _speedups.teach(
        side.word_ids, side.starts, stems.starts, stems.counts, stems.ids, learnt_ids, bits, result
    )
    return result


_taught = _taught_compiled if _COMPILED else _taught_numpy


def _paired_numpy(
    rows: IntArray,
    starts: IntArray,
    word_ids: WordIds,
    stems: StemTable,
    block: int = Vocabulary.BLOCK,
) -> IntArray:
    """:meth:`SideAnchors.stem_pairs` of the sentences ``starts`` cuts ``word_ids`` into.

    Worked out ``block`` sentences at a time: the temporaries are several integers a stem,
    hundreds of megabytes for all the sentences of a long document.
    :func:`bialign._speedups.stem_pairs` does the same sentence by sentence, sorting each
    one's few stems rather than a block's.
    """
    pairs = [np.zeros(0, np.int64)]
    for at in range(0, len(rows), block):
        chosen = rows[at : at + block]
        counts = starts[chosen + 1] - starts[chosen]
        sentence, ids = _stems_of(stems, word_ids[ranges(starts[chosen], counts)], counts)
        pairs.append(distinct((sentence + at) << 32 | ids)[0])
    return np.concatenate(pairs)


def _paired_compiled(
    rows: IntArray, starts: IntArray, word_ids: WordIds, stems: StemTable
) -> IntArray:
    """:func:`_paired_numpy`, compiled."""
    pairs = _speedups.stem_pairs(rows, starts, word_ids, stems.starts, stems.counts, stems.ids)
    return np.frombuffer(pairs, np.int64)


_paired = _paired_compiled if _COMPILED else _paired_numpy


def _signed_numpy(
    word_ids: WordIds,
    starts: IntArray,
    rows: SignatureArray,
    spans: IntArray,
    signatures: SignatureArray,
    lengths: npt.NDArray[np.float64],
    block: int = Vocabulary.BLOCK,
) -> None:
    """Each sentence's signature (the OR of its words' ``rows``) and length (the sum of its
    words' ``spans``, less the space after the last word), into ``signatures`` and
    ``lengths``; sentence ``k`` holds the words ``word_ids[starts[k]:starts[k + 1]]``.

    ``block`` sentences at a time: the rows of a block's words are gathered, 64 bytes a
    word. :func:`bialign._speedups.sign` does the same word by word, with no such copy.
    """
    signatures.fill(0)
    lengths.fill(0)
    for at in range(0, len(lengths), block):
        end = min(at + block, len(lengths))
        block_ids = word_ids[starts[at] : starts[end]]
        # Sentences without a word are skipped: reduceat cannot sum an empty stretch.
        held = np.flatnonzero(starts[at + 1 : end + 1] > starts[at:end])
        if len(held):
            firsts = starts[at:end][held] - starts[at]
            signatures[at + held] = np.bitwise_or.reduceat(rows[block_ids], firsts, axis=0)
            sums = np.add.reduceat(spans[block_ids], firsts)
            lengths[at + held] = np.maximum(sums - 1, 0)


_signed = _speedups.sign if _COMPILED else _signed_numpy


def _as_dict(table: Mapping[str, _T]) -> dict[str, _T]:
    """``table`` as a dict, itself where it is one: the compiled analysis looks up every stem
    first met in the word table and the calendar with no call around the lookup."""
    return table if isinstance(table, dict) else dict(table)


def _resized(array: npt.NDArray[Any], kept: int, size: int) -> npt.NDArray[Any]:
    """An array of ``size`` rows holding the first ``kept`` rows of ``array``; the others are
    not zeroed (megabytes of signature rows as a vocabulary grows): only ids and stems
    already learnt are ever read, and learning writes a row before its id is given."""
    resized = np.empty((size, *array.shape[1:]), array.dtype)
    resized[:kept] = array[:kept]
    return resized
