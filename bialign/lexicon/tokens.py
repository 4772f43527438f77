"""Word analysis: what one word of either language gives to its sentence's anchors.

English words give their content-word stems, numbers and the consonant skeletons of
capitalised words. Arabic words give the English translations of their stems (from a
:class:`~bialign.lexicon.table.Lexicon`), numbers in any digit system, Latin-script words
written inside them, and their consonant skeletons, which is how "الكاظمي", "Kazemi" and
"al-Kāẓimī" meet. Text is cut into *pieces* (numbers and letter runs), each analysed on its own.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import regex

from ..chars import ARABIC_LETTER_FOLDS, indexed, normalize_for_length, strip_marks
from ..languages.ar import calendar as arabic_calendar
from ..languages.ar import stop_words as arabic_stop_words
from ..languages.en import stop_words as english_stop_words

__all__ = [
    "OUTSIDE_PIECES",
    "SentenceAnchors",
    "analyse",
    "arabic_stem",
    "english_stem",
    "letter_tables",
    "normalize_arabic",
    "pieces",
    "sentence_anchors",
    "skeleton",
    "word_stem",
]

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
#: Punctuation found around words, none of it a letter, mark, digit or apostrophe.
OUTSIDE_PIECES = '.,\N{ARABIC COMMA}:;\N{ARABIC SEMICOLON}?\N{ARABIC QUESTION MARK}!()«»"-/*'

_ALEFS = indexed(str.maketrans(ARABIC_LETTER_FOLDS))

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


#: The code points :func:`letter_tables` covers: every Arabic letter but a few of the extended
#: blocks past them, whose rare words the compiled analysis leaves to :func:`analyse`.
_TABLE_SIZE = 0x900


@functools.cache
def letter_tables() -> tuple[str, str]:
    """The two tables the compiled word analysis (``bialign._speedups.learn``) reads Arabic
    words with, one character a code point: the letter folded (``ARABIC_LETTER_FOLDS``) where
    the code point is an Arabic letter, else NUL; and the letter it gives a skeleton, or NUL.

    Read off this module's own pattern and tables, so that both analyses agree.

    >>> letters, shapes = letter_tables()
    >>> letters[ord("ى")], shapes[ord("ظ")], letters[ord("a")]
    ('ي', 'z', '\\x00')
    """
    codes = [chr(code) for code in range(_TABLE_SIZE)]
    letters = [c.translate(_ALEFS) if _ARABIC_WORD.fullmatch(c) else "\0" for c in codes]
    shapes = ["".join(s for s in c.translate(_ARABIC_SKELETON) if s.isascii()) for c in codes]
    return "".join(letters), "".join(shape or "\0" for shape in shapes)


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


def word_stem(word: str, lang: str) -> str:
    """The stem a word's anchors are keyed on, as in a sentence of ``lang``: "" for a function
    word, or for anything but one word of that language's script.

    >>> word_stem("الكاظميّ", "ar"), word_stem("Iraq's", "en"), word_stem("the", "en")
    ('كاظم', 'iraq', '')
    """
    if lang == "ar":
        normal = strip_marks(word)
        return _arabic_word(normal)[0] if _ARABIC_WORD.fullmatch(normal) else ""
    return _latin_word(word, False)[0] if _LATIN_WORD.fullmatch(word) else ""


def pieces(normal: str) -> list[str]:
    """The numbers and letter runs of a text passed through ``normalize_for_length``."""
    # Most words are letters, maybe between punctuation that no piece holds: one letter run,
    # found without the regex.
    letters = normal.strip(OUTSIDE_PIECES)
    return [letters] if letters.isalpha() else _PIECE.findall(normal)


#: A piece's stems and anchor tokens.
_Entry = tuple[tuple[str, ...], tuple[str, ...]]


def analyse(piece: str, lang: str, lexicon: Mapping[str, Iterable[str]]) -> _Entry:
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
    entries = [analyse(piece, lang, lexicon) for piece in pieces(normalize_for_length(sentence))]
    return SentenceAnchors(
        frozenset(t for _, tokens in entries for t in tokens),
        frozenset(s for stems, _ in entries for s in stems),
    )


#: Each token's signature bit, as an integer mask; emptied when it holds this many tokens.
