"""What the two sides of a translation share beyond length: words, names, numbers.

Each sentence becomes a set of *anchor tokens* in a common space. English sentences give their
content-word stems, numbers and the consonant skeletons of capitalised words. Arabic sentences
give the English translations of their stems (from a word table trained on public parallel
text, shipped in ``data/lexicon_ar_en.tsv``), numbers in any digit system, Latin-script words
written inside them, and the consonant skeletons of their words, which is how "الكاظمي",
"Kazemi" and "al-Kāẓimī" meet. The tokens are hashed into fixed-size bit signatures so that a
bead's overlap is an AND and a popcount, vectorised over the whole search band. A
:class:`Vocabulary` analyses each distinct word once per process, not once per sentence.
"""

from __future__ import annotations

import functools
import itertools
import operator
import threading
import unicodedata
import zlib
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from .chars import indexed, normalize_each, normalize_for_length, strip_marks
from .languages.ar import calendar as arabic_calendar
from .languages.ar import stop_words as arabic_stop_words
from .languages.en import stop_words as english_stop_words

__all__ = [
    "SIGNATURE_BITS",
    "SentenceAnchors",
    "SideAnchors",
    "StemTable",
    "Vocabulary",
    "arabic_stem",
    "english_stem",
    "learn_from_sides",
    "learn_translations",
    "load_lexicon",
    "normalize_arabic",
    "sentence_anchors",
    "skeleton",
]

SignatureArray = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]

#: Bits per sentence signature: 20 tokens set about 4% of them, so a random pair of sentences
#: shares well under one bit by chance.
SIGNATURE_BITS = 512
_WORDS = SIGNATURE_BITS // 64

_ARABIC_WORD = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+", regex.V1)
# A Latin word may carry combining marks (decomposed "Kāẓimī") and apostrophes ("Iraq's").
_LATIN_WORD = regex.compile(
    r"[\p{Script=Latin}&&\p{L}][[\p{Script=Latin}&&\p{L}]\p{M}'’]*", regex.V1
)
_POSSESSIVE = regex.compile(r"['’]s?$")
# "don't", "I'm", "we've": contractions are function words, like the stopwords.
_CONTRACTION = regex.compile(r"(?:n['’]t|['’](?:m|re|ve|ll|d))$", regex.IGNORECASE)
# What a sentence is cut into, each distinct piece analysed once: a number with its group and
# decimal separators (digits folded to ASCII), or a run of letters in any script.
_PIECE = regex.compile(
    r"\d+(?:[.,\N{ARABIC THOUSANDS SEPARATOR}\N{ARABIC DECIMAL SEPARATOR}]\d+)*"
    r"|\p{L}[\p{L}\p{M}'’]*"
)
# Punctuation found around words, none of it a letter, mark, digit or apostrophe.
_OUTSIDE_PIECES = '.,\N{ARABIC COMMA}:;\N{ARABIC SEMICOLON}?\N{ARABIC QUESTION MARK}!()«»"-/*'

_ALEF_FOLDS: dict[str, int | str | None] = {
    "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER FARSI YEH}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER KEHEH}": "\N{ARABIC LETTER KAF}",
}
_ALEFS = indexed(str.maketrans(_ALEF_FOLDS))

# Light10 (Larkey, Ballesteros & Connell 2002): strip the article and conjunction clitics and
# the commonest suffixes, keeping at least two letters. Longest affixes first.
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

# Consonant classes shared by Arabic letters and their usual Latin transliterations: what a
# name keeps whoever spells it ("الكاظمي", "Kazemi", "al-Kāẓimī" all give "kzm"). Vowels,
# alef, waw, yeh, ain and hamza are left out: transliterations disagree on them most.
_CONSONANTS = "بتثجحخدذرزسشصضطظغفقكلمنهپچژگڤ"
_ARABIC_SKELETON = indexed(
    str.maketrans(
        _CONSONANTS,
        "bttjhkdzrzsssdtzgfkklmnhbjzgf",
        # Every other letter of the main Arabic blocks is dropped by the same translate().
        "".join(
            chr(c)
            for c in (*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x08A0, 0x0900))
            if chr(c) not in _CONSONANTS
        ),
    )
)
_LATIN_DIGRAPHS = (
    ("sh", "s"), ("ch", "s"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("dh", "z"), ("ph", "f"),
    ("ng", "n"), ("ck", "k"),
)  # fmt: skip
_LATIN_SKELETON = str.maketrans("pvcqx", "bfkks", "aeiouwy'’-")
_MIN_SKELETON = 3


def normalize_arabic(word: str) -> str:
    """Arabic spelling variants folded: marks removed, alef forms, alef maqsura, teh marbuta.

    >>> normalize_arabic("إِلَى المَدْرَسَةِ")
    'الي المدرسه'
    """
    return strip_marks(word).translate(_ALEFS)


def arabic_stem(word: str) -> str:
    """Light10 stem of a normalised Arabic word: clitics and common suffixes stripped.

    >>> [arabic_stem(w) for w in ["والمسؤولين", "بالعراق", "للسلام", "الامريكيه"]]
    ['مسؤول', 'عراق', 'سلام', 'امريك']
    """
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    # The prefixes begin with six different letters: at most one is there.
    if word.startswith(_PREFIXES):
        size = 2 if word[0] in "لا" else 3
        if len(word) - size >= 2:
            word = word[size:]
    if word.endswith(_SUFFIXES):  # most words end in none, and skip the loop
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                word = word[: -len(suffix)]
    return word


def english_stem(word: str) -> str:
    """Lower-cased word without possessive or plural ending: cheap, and enough to match.

    >>> [english_stem(w) for w in ["Forces", "Iraq's", "countries", "bus"]]
    ['force', 'iraq', 'country', 'bus']
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and not word.endswith("us"):
        return word[:-1]
    return word


def skeleton(word: str) -> str:
    """Consonant skeleton of a name in either script, for matching across scripts.

    >>> [skeleton(w) for w in ["الكاظمي", "Kazemi", "al-Kāẓimī", "واشنطن", "Washington"]]
    ['kzm', 'kzm', 'kzm', 'sntn', 'sntn']
    """
    if _ARABIC_WORD.fullmatch(word):
        return _arabic_skeleton(normalize_arabic(word))
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii())
    for prefix in ("al-", "el-"):
        if word.startswith(prefix):
            word = word[len(prefix) :]
    for digraph, sound in _LATIN_DIGRAPHS:
        word = word.replace(digraph, sound)
    return word.translate(_LATIN_SKELETON)


def _arabic_skeleton(normal: str) -> str:
    """:func:`skeleton` of an Arabic word already passed through :func:`normalize_arabic`."""
    if normal.startswith("و") and len(normal) > 4:
        normal = normal[1:]
    for prefix in ("ال", "بال", "لل"):
        if normal.startswith(prefix) and len(normal) - len(prefix) >= 3:
            normal = normal[len(prefix) :]
            break
    shape = normal.translate(_ARABIC_SKELETON)
    return shape if shape.isascii() else "".join(c for c in shape if c.isascii())


@functools.cache
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """The shipped Arabic stem → English stems table, read on first use."""
    table: dict[str, tuple[str, ...]] = {}
    text = resources.files("bialign").joinpath("data/lexicon_ar_en.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            arabic, _, english = line.partition("\t")
            table[arabic] = tuple(english.split())
    return table


def _number(digits: str) -> str:
    """The token of a number in ASCII digits: "#" then the number without group separators.

    Group separators differ (1,000 / ١٬٠٠٠); decimal points are kept as ".".
    """
    return "#" + digits.replace("\N{ARABIC DECIMAL SEPARATOR}", ".").replace(",", "").replace(
        "\N{ARABIC THOUSANDS SEPARATOR}", ""
    )


def _latin_word(word: str, inside_arabic: bool) -> tuple[str, str]:
    """A Latin word's content stem and skeleton token ("" where it has none)."""
    if _CONTRACTION.search(word):
        return "", ""
    word = _POSSESSIVE.sub("", word)  # "Iraq's", "sons'": the word is the same
    stem = english_stem(word)
    if stem in english_stop_words() or len(stem) < 2:
        stem = ""
    shape = skeleton(word) if word[0].isupper() or inside_arabic else ""
    return stem, "sk:" + shape if len(shape) >= _MIN_SKELETON else ""


def _arabic_word(word: str) -> tuple[str, tuple[str, ...]]:
    """A mark-free Arabic word's stem ("" for a stopword) and the tokens it gives by itself,
    its skeleton and the month or weekday it names; the word table's come on top."""
    normal = word.translate(_ALEFS)
    if normal in arabic_stop_words():
        return "", ()
    stem, shape = arabic_stem(normal), _arabic_skeleton(normal)
    tokens = ("sk:" + shape,) if len(shape) >= _MIN_SKELETON else ()
    calendar = arabic_calendar()
    return stem, tokens + ((calendar[stem],) if stem in calendar else ())


def _pieces(normal: str) -> list[str]:
    """The numbers and letter runs of a text passed through ``normalize_for_length``."""
    # Most words are letters, maybe between punctuation that no piece holds: one letter run,
    # found without the regex.
    letters = normal.strip(_OUTSIDE_PIECES)
    return [letters] if letters.isalpha() else _PIECE.findall(normal)


#: A piece's stems and anchor tokens.
_Entry = tuple[tuple[str, ...], tuple[str, ...]]


def _analyse(piece: str, lang: str, lexicon: Mapping[str, Iterable[str]]) -> _Entry:
    """The stems and anchor tokens of one piece of a sentence in ``lang``.

    A piece is a number, or letters that may mix scripts; only Latin words (and, in Arabic
    text, Arabic ones) count. Stems are kept for the sentence's own language only.
    """
    if piece[0].isdigit():
        return (), (_number(piece),)
    # Most pieces are one word of one script; only the others are cut into words.
    if piece.isascii():
        return _latin_entry(piece, lang)
    if lang == "ar" and _ARABIC_WORD.fullmatch(piece):
        return _arabic_entry(piece, lexicon)
    entries = [_latin_entry(word, lang) for word in _LATIN_WORD.findall(piece)]
    if lang == "ar":
        entries += [_arabic_entry(word, lexicon) for word in _ARABIC_WORD.findall(piece)]
    return (
        tuple(stem for stems, _ in entries for stem in stems),
        tuple(token for _, tokens in entries for token in tokens),
    )


def _latin_entry(word: str, lang: str) -> _Entry:
    stem, shape = _latin_word(word, lang == "ar")
    return (stem,) if stem and lang == "en" else (), tuple(filter(None, (stem, shape)))


def _arabic_entry(word: str, lexicon: Mapping[str, Iterable[str]]) -> _Entry:
    stem, own = _arabic_word(word)
    return ((stem,), (*own, *lexicon.get(stem, ()))) if stem else ((), ())


@dataclass(frozen=True)
class SentenceAnchors:
    """One sentence's anchors: ``tokens`` in the shared (English-side) space, and ``words``,
    its content stems in its own language, which the word table and its per-document
    refinement are keyed on."""

    tokens: frozenset[str]
    words: frozenset[str]


def sentence_anchors(
    sentence: str, lang: str, lexicon: Mapping[str, Iterable[str]]
) -> SentenceAnchors:
    """The anchors of one sentence; ``lexicon`` maps Arabic stems to English stems.

    >>> found = sentence_anchors("قال الكاظمي إن 2,500 جندي", "ar", {"جند": ("soldier",)})
    >>> sorted(found.tokens), sorted(found.words)
    (['#2500', 'sk:jnd', 'sk:kzm', 'soldier'], ['جند', 'كاظم'])
    >>> sorted(sentence_anchors("Kazemi said 2500 soldiers stay", "en", {}).tokens)
    ['#2500', 'kazemi', 'sk:kzm', 'soldier', 'stay']
    """
    entries = [_analyse(piece, lang, lexicon) for piece in _pieces(normalize_for_length(sentence))]
    return SentenceAnchors(
        frozenset(t for _, tokens in entries for t in tokens),
        frozenset(s for stems, _ in entries for s in stems),
    )


#: Each token's signature bit, as an integer mask; emptied when it holds this many tokens.
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


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """``starts[k], starts[k] + 1, ..., starts[k] + counts[k] - 1`` for every k, in order.

    >>> _ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    ends = np.cumsum(counts)
    ranges: IntArray = np.repeat(starts - ends + counts, counts) + np.arange(
        int(ends[-1]) if len(ends) else 0
    )
    return ranges


def _distinct(keys: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct keys, ascending, and how often each comes (np.unique imports numpy.ma).

    >>> [a.tolist() for a in _distinct(np.array([3, 1, 3, 3]))]
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
    word_ids: IntArray
    starts: IntArray
    stems: StemTable

    def _stems_of(self, words: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
        """The stem ids of ``words``, ``counts[k]`` of them a sentence, and each one's k."""
        stem_counts = self.stems.counts[words]
        sentence = np.repeat(np.repeat(np.arange(len(counts)), counts), stem_counts)
        return sentence, self.stems.ids[_ranges(self.stems.starts[words], stem_counts)]

    def stem_pairs(self, rows: IntArray) -> tuple[IntArray, IntArray]:
        """``(k, stem id)`` for every stem of sentence ``rows[k]``, each once, by k then stem."""
        counts = self.starts[rows + 1] - self.starts[rows]
        sentence, stems = self._stems_of(self.word_ids[_ranges(self.starts[rows], counts)], counts)
        pairs, _ = _distinct(sentence << 32 | stems)  # stem ids stay below 2**32
        return pairs >> 32, pairs & 0xFFFFFFFF

    def words(self, rows: Iterable[int]) -> list[frozenset[str]]:
        """The content stems of each sentence of ``rows``."""
        chosen = np.fromiter(rows, np.int64)
        sentence, stems = self.stem_pairs(chosen)
        bounds = np.searchsorted(sentence, np.arange(len(chosen) + 1)).tolist()
        names, ids = self.stems.names, stems.tolist()
        return [frozenset(map(names.__getitem__, ids[a:b])) for a, b in itertools.pairwise(bounds)]

    def taught(self, learnt: Mapping[str, Iterable[str]]) -> SignatureArray:
        """The signatures with the learnt translations of their words' stems added."""
        result: SignatureArray = self.signatures.copy()
        index, names = self.stems.index, self.stems.names
        learnt_ids = np.array(sorted(index[stem] for stem in learnt if stem in index), np.int64)
        if len(learnt_ids):
            bits = _signature_rows([_mask(learnt[names[stem]]) for stem in learnt_ids.tolist()])
            sentence, stems = self._stems_of(self.word_ids, np.diff(self.starts))
            which = np.minimum(np.searchsorted(learnt_ids, stems), len(learnt_ids) - 1)
            at = np.flatnonzero(learnt_ids[which] == stems)
            np.bitwise_or.at(result, sentence[at], bits[which[at]])
        return result


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
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._ids: dict[str, int] = {}
        # A piece's stem ids and signature, by the piece (or whole word) as normalised.
        self._known: dict[str, tuple[tuple[int, ...], int]] = {}
        self._rows: SignatureArray = np.zeros((1024, _WORDS), np.uint64)
        self._spans = np.zeros(1024, np.int64)
        self._stem_starts = np.zeros(1024, np.int64)
        self._stem_counts = np.zeros(1024, np.int64)
        self._stem_ids = np.zeros(1024, np.int64)
        self._stem_total = 0  # stem ids held in _stem_ids
        self._stem_names: list[str] = []
        self._stem_index: dict[str, int] = {}
        self._stem_listed = np.zeros(1024, bool)

    def _learn(self, words: Sequence[str]) -> None:
        """Analyse words met for the first time, and give each its id, row, span and stems."""
        normal = normalize_each(words)
        named = len(self._stem_names)
        analysed = [self._analysed(text) for text in normal]
        new_stems = self._stem_names[named:]
        if len(self._stem_names) > len(self._stem_listed):
            self._stem_listed = _resized(self._stem_listed, named, 2 * len(self._stem_names))
        self._stem_listed[named : len(self._stem_names)] = [s in self.lexicon for s in new_stems]
        first, end = len(self._ids), len(self._ids) + len(words)
        if end > len(self._rows):
            size = max(2 * len(self._rows), end)
            self._rows, self._spans, self._stem_starts, self._stem_counts = (
                _resized(array, first, size)
                for array in (self._rows, self._spans, self._stem_starts, self._stem_counts)
            )
        self._rows[first:end] = _signature_rows([mask for _, mask in analysed])
        # What the word adds to a sentence's length: itself and the space before the next
        # word, or nothing when it was only marks and controls.
        self._spans[first:end] = [len(text) + 1 if text else 0 for text in normal]
        stem_ids = [stem for stems, _ in analysed for stem in stems]
        counts = self._stem_counts[first:end]
        counts[:] = [len(stems) for stems, _ in analysed]
        self._stem_starts[first:end] = self._stem_total + np.cumsum(counts) - counts
        total = self._stem_total + len(stem_ids)
        if total > len(self._stem_ids):
            self._stem_ids = _resized(self._stem_ids, self._stem_total, 2 * total)
        self._stem_ids[self._stem_total : total] = stem_ids
        self._stem_total = total
        self._ids.update(zip(words, range(first, end), strict=True))

    def _analysed(self, normal: str) -> tuple[tuple[int, ...], int]:
        """The stem ids and signature of a normalised word, from those of its pieces."""
        known = self._known.get(normal)
        if known is not None:  # a piece met before, whole: a piece is all the pieces it holds
            return known
        pieces = _pieces(normal)
        if len(pieces) == 1:
            return self._piece(pieces[0])
        found = [self._piece(piece) for piece in pieces]
        return tuple(s for stems, _ in found for s in stems), functools.reduce(
            operator.or_, (mask for _, mask in found), 0
        )

    def _piece(self, piece: str) -> tuple[tuple[int, ...], int]:
        """A piece's stem ids and signature: words as written share their pieces ("قال",
        "قالَ", "قال،"), so each piece is analysed once."""
        known = self._known.get(piece)
        if known is None:
            stems, tokens = _analyse(piece, self.lang, self.lexicon)
            index, names = self._stem_index, self._stem_names
            for stem in stems:
                if stem not in index:
                    index[stem] = len(names)
                    names.append(stem)
            known = self._known[piece] = (tuple([index[s] for s in stems]), _mask(tokens))
        return known

    def read(self, sentences: Sequence[str]) -> SideAnchors:
        """Lengths, signatures and words of ``sentences``."""
        # Keyed on the words as written: normalising is per word, so each distinct word is
        # normalised once, and the sentence's length is the sum of its words' spans.
        words = [sentence.split() for sentence in sentences]
        flat = list(itertools.chain.from_iterable(words))
        # One vocabulary serves every thread of the process: ids and rows change together.
        with self._lock:
            if len(self._ids) > self.LIMIT:
                self._clear()  # new objects: sides read before keep theirs
            self._learn(sorted(set(flat).difference(self._ids)))
            word_ids = np.fromiter(map(self._ids.__getitem__, flat), np.int64, len(flat))
            rows, spans = self._rows[word_ids], self._spans[word_ids]
            stems = StemTable(
                self._stem_starts,
                self._stem_counts,
                self._stem_ids,
                self._stem_names,
                self._stem_index,
                self._stem_listed,
            )
        counts = np.array([len(w) for w in words], dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)))
        signatures = np.zeros((len(sentences), _WORDS), np.uint64)
        lengths = np.zeros(len(sentences), np.float64)
        # Sentences without a word are skipped: reduceat cannot sum an empty stretch.
        held = counts > 0
        if held.any():
            signatures[held] = np.bitwise_or.reduceat(rows, starts[:-1][held], axis=0)
            lengths[held] = np.maximum(np.add.reduceat(spans, starts[:-1][held]) - 1, 0)
        return SideAnchors(lengths, signatures, word_ids, starts, stems)


def _resized(array: npt.NDArray[Any], kept: int, size: int) -> npt.NDArray[Any]:
    """A zeroed array of ``size`` rows holding the first ``kept`` rows of ``array``."""
    resized = np.zeros((size, *array.shape[1:]), array.dtype)
    resized[:kept] = array[:kept]
    return resized


def learn_translations(
    pairs: Iterable[tuple[Iterable[str], Iterable[str]]],
    min_count: int = 2,
    min_dice: float = 0.5,
    known: Container[str] = (),
) -> dict[str, set[str]]:
    """Arabic → English stem pairs that keep appearing together in trusted sentence pairs.

    The per-document refinement of Moore's aligner and Hunalign's ``-realign``, with the Dice
    association: a document's own names and terms, missing from the shipped table, are
    learnt from the beads it aligned with confidence. A pair is learnt when it comes in at
    least ``min_count`` sentence pairs and in at least ``min_dice`` of those that hold
    either word; Arabic words in ``known`` (the shipped table) are not learnt again.

    >>> learn_translations([({"كاظم", "قال"}, {"kazemi"}), ({"كاظم"}, {"kazemi", "visit"})])
    {'كاظم': {'kazemi'}}
    """
    ar_index: dict[str, int] = {}
    en_index: dict[str, int] = {}
    ar_pairs: list[int] = []
    en_pairs: list[int] = []
    for bead, (ar, en) in enumerate(pairs):
        ar_pairs += [
            bead << 32 | ar_index.setdefault(w, len(ar_index)) for w in set(ar) if w not in known
        ]
        en_pairs += [bead << 32 | en_index.setdefault(w, len(en_index)) for w in set(en)]
    return _associated(
        np.sort(np.array(ar_pairs, dtype=np.int64)),
        list(ar_index),
        np.sort(np.array(en_pairs, dtype=np.int64)),
        list(en_index),
        min_count,
        min_dice,
    )


def learn_from_sides(
    ar: SideAnchors,
    ar_rows: IntArray,
    en: SideAnchors,
    en_rows: IntArray,
    min_count: int = 2,
    min_dice: float = 0.5,
) -> dict[str, set[str]]:
    """:func:`learn_translations` of the stems of the sentence pairs ``(ar_rows[k],
    en_rows[k])``, counted on arrays of stem ids rather than on sets of words; the Arabic
    stems the vocabulary's word table lists are known."""
    ar_sentence, ar_stems = ar.stem_pairs(ar_rows)
    en_sentence, en_stems = en.stem_pairs(en_rows)
    unknown = ~ar.stems.listed[ar_stems]
    return _associated(
        ar_sentence[unknown] << 32 | ar_stems[unknown],
        ar.stems.names,
        en_sentence << 32 | en_stems,
        en.stems.names,
        min_count,
        min_dice,
    )


def _associated(
    ar_pairs: IntArray,
    ar_names: Sequence[str],
    en_pairs: IntArray,
    en_names: Sequence[str],
    min_count: int,
    min_dice: float,
) -> dict[str, set[str]]:
    """The rule of :func:`learn_translations` on each side's ``sentence pair << 32 | stem id``,
    each once, ascending."""
    ar_stems, ar_count = _distinct(ar_pairs & 0xFFFFFFFF)
    en_stems, en_count = _distinct(en_pairs & 0xFFFFFFFF)
    # A pair seen min_count times has words seen as often: only those words are paired up,
    # which in one document leaves out most of them.
    ar_pairs = ar_pairs[ar_count[np.searchsorted(ar_stems, ar_pairs & 0xFFFFFFFF)] >= min_count]
    en_pairs = en_pairs[en_count[np.searchsorted(en_stems, en_pairs & 0xFFFFFFFF)] >= min_count]
    # Every Arabic stem of a sentence pair with every English one: each Arabic entry repeated
    # once per English entry of its pair.
    pair_of_en = en_pairs >> 32
    en_first = np.searchsorted(pair_of_en, ar_pairs >> 32)
    en_each = np.searchsorted(pair_of_en, ar_pairs >> 32, side="right") - en_first
    together, count = _distinct(
        np.repeat(ar_pairs & 0xFFFFFFFF, en_each) << 32
        | en_pairs[_ranges(en_first, en_each)] & 0xFFFFFFFF
    )
    a, e = together >> 32, together & 0xFFFFFFFF
    either = ar_count[np.searchsorted(ar_stems, a)] + en_count[np.searchsorted(en_stems, e)]
    kept = (count >= min_count) & (2 * count / either >= min_dice)
    learnt: dict[str, set[str]] = {}
    for ar_stem, en_stem in zip(a[kept].tolist(), e[kept].tolist(), strict=True):
        learnt.setdefault(ar_names[ar_stem], set()).add(en_names[en_stem])
    return learnt
