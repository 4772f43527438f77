"""Character tables shared by every stage: what counts as Arabic noise, and how text is measured.

Arabic text carries marks that change neither its script nor its meaning for alignment:
harakat (diacritics), tatweel (the elongation stroke), bidi and zero-width controls. Lengths
are counted on text with those removed, otherwise a fully vowelled Arabic sentence looks almost
twice as long as the same sentence unvowelled.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np
import regex

__all__ = [
    "ARABIC_DIACRITICS",
    "ARABIC_LETTER_FOLDS",
    "HAMZA_ALEF_FOLDS",
    "INVISIBLE_CONTROLS",
    "SCRIPTS_END",
    "TATWEEL",
    "code_points",
    "fold_digits",
    "fold_presentation_forms",
    "indexed",
    "measure",
    "normalize_each",
    "normalize_for_length",
    "strip_marks",
    "word_fold",
]

TATWEEL = "\N{ARABIC TATWEEL}"

# Every combining mark used in Arabic script: harakat, Quranic annotation signs, superscript
# alef. Written as a regex class from Unicode properties so new marks are covered too.
ARABIC_DIACRITICS = regex.compile(r"[\p{Script_Extensions=Arabic}&&\p{Mn}]", regex.V1)

# Bidi embeddings/isolates/marks, zero-width space/joiners, word joiner, BOM: invisible, they
# only steer rendering, and scraped Arabic pages are full of them. A plain class: the standard
# library's engine scans it ten times faster than regex's.
INVISIBLE_CONTROLS = re.compile(
    "[\N{ZERO WIDTH SPACE}-\N{RIGHT-TO-LEFT MARK}"
    "\N{LEFT-TO-RIGHT EMBEDDING}-\N{RIGHT-TO-LEFT OVERRIDE}"
    "\N{WORD JOINER}-\N{INVISIBLE SEPARATOR}"
    "\N{LEFT-TO-RIGHT ISOLATE}-\N{POP DIRECTIONAL ISOLATE}"
    "\N{ARABIC LETTER MARK}\N{ZERO WIDTH NO-BREAK SPACE}\N{SOFT HYPHEN}]"
)

# Arabic presentation forms (contextual glyph variants from legacy encodings and PDFs) are the
# same letters as the base block; NFKC folds them, but NFKC elsewhere would change real text
# (ligatures, superscripts), so it is applied to these ranges only.
_PRESENTATION_FORMS = regex.compile(
    "[\N{ARABIC LETTER ALEF WASLA ISOLATED FORM}-\ufdff\N{ARABIC FATHATAN ISOLATED FORM}-\ufefe]+"
)

_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",  # Arabic-Indic, then Extended (Persian/Urdu) digits
    "01234567890123456789",
)

_FOREIGN_DIGIT = regex.compile("[٠-٩۰-۹]")

#: Alef with hamza or madda written as bare alef: writers and keyboards add the hamza or
#: leave it out at will, so "أحمد" and "احمد" are one word.
HAMZA_ALEF_FOLDS: dict[str, int | str | None] = {
    "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
}

#: Every letter whose spelling varies, folded for matching words (the one Arabic fold table):
#: the hamza alefs, alef wasla, alef maqsura written for yeh and teh marbuta for heh (both
#: common in Egyptian and scraped text), and the Persian yeh and keheh of Persian keyboards.
ARABIC_LETTER_FOLDS: dict[str, int | str | None] = {
    **HAMZA_ALEF_FOLDS,
    "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER FARSI YEH}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER KEHEH}": "\N{ARABIC LETTER KAF}",
}


def fold_digits(text: str) -> str:
    """Write Arabic-Indic and Persian digits as ASCII digits.

    >>> fold_digits("عام ٢٠٢١ و۱۴۰۰")
    'عام 2021 و1400'
    """
    # translate() costs ~40 ns a character on non-ASCII text; most text has no such digit.
    return text.translate(_DIGITS) if _FOREIGN_DIGIT.search(text) else text


def fold_presentation_forms(text: str) -> str:
    """Write Arabic presentation forms (glyph variants) as the base letters they stand for.

    >>> fold_presentation_forms("\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}") == "لا"
    True
    """
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


#: Where the code points end that tables are read off patterns over: planes 0 and 1 hold every
#: letter, mark and control of the Arabic and Latin scripts (planes 2 and 3 are Han
#: ideographs, 14 tags and variation selectors, 15 and 16 private use). Reading all 17 planes
#: cost some 30 ms at each start; tests read the tables over every code point and compare.
SCRIPTS_END = 0x20000


@functools.cache
def code_points(end: int = SCRIPTS_END) -> str:
    """Every code point below ``end``, in order (surrogates too): what tables are read off
    patterns over.

    The surrogates are made one by one: an error handler that lets them pass makes the codec
    decode the whole range three times slower.
    """
    first, after = 0xD800, 0xE000  # the surrogates
    return (
        np.arange(min(first, end), dtype="<u4").tobytes().decode("utf-32-le")
        + "".join(map(chr, range(first, min(after, end))))
        + np.arange(after, max(after, end), dtype="<u4").tobytes().decode("utf-32-le")
    )


#: A ``str.translate`` table indexed by code point: an entry is the code point (or text) to
#: write, or ``None`` to delete; code points past its end are left as they are. Three times
#: faster to translate with than the dict ``str.maketrans`` gives.
Table = list[int | str | None]


def indexed(mapping: Mapping[int, int | str | None]) -> Table:
    """The :data:`Table` of a ``str.maketrans`` mapping.

    >>> "ab".translate(indexed(str.maketrans("a", "b", "b")))
    'b'
    """
    table: Table = list(range(max(mapping, default=-1) + 1))
    for code, replacement in mapping.items():
        table[code] = replacement
    return table


@functools.cache
def _tables(end: int = SCRIPTS_END) -> tuple[Table, Table]:
    """Translate tables deleting diacritics, tatweel and invisible controls, and the same that
    also writes foreign digits as ASCII.

    Read off the patterns above over the code points below ``end`` (a few ms, once), so they
    delete exactly what the patterns match. A list indexed by code point translates three
    times faster than a dict, and one pass does what three substitutions did.
    """
    every = code_points(end)
    gone = {ord(TATWEEL)}
    gone.update(map(ord, ARABIC_DIACRITICS.findall(every)))
    gone.update(map(ord, INVISIBLE_CONTROLS.findall(every)))
    strip: dict[int, int | str | None] = dict.fromkeys(gone)
    digits = indexed({**strip, **_DIGITS})
    # The first table is the second with the digits left as they are: made as a copy, the two
    # share the 69,000 entries' objects (megabytes) that two lists made alike would not.
    marks = digits.copy()
    for code in _DIGITS:
        marks[code] = strip.get(code, code)
    return marks, digits


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible controls; fold presentation forms.

    >>> strip_marks("العَرَبِيَّة\N{ARABIC TATWEEL}\N{RIGHT-TO-LEFT MARK}")
    'العربية'
    """
    return _translated(text, _tables()[0])


def _fold(text: str) -> str:
    """:func:`normalize_for_length` but for white space: it never adds or removes a line break.

    >>> _fold("٣ قالَ\N{ARABIC TATWEEL}") == fold_digits(strip_marks("٣ قالَ\N{ARABIC TATWEEL}"))
    True
    """
    return _translated(text, _tables()[1])


def _translated(text: str, table: Table) -> str:
    """``text`` with presentation forms folded, then translated by ``table``."""
    if text.isascii():  # the tables change no ASCII character; most English text is ASCII
        return text
    return fold_presentation_forms(text).translate(table)


def normalize_for_length(text: str) -> str:
    """The text whose characters are counted when comparing lengths across languages.

    >>> normalize_for_length("  قالَ   اللهُ:\N{ZERO WIDTH NON-JOINER} ٣ ")
    'قال الله: 3'
    """
    return " ".join(_fold(text).split())


def word_fold(char: str) -> int:
    """What :func:`normalize_for_length` does to ``char`` inside a word (as ``str.split()``
    cuts them), as the compiled word analysis keeps it: 0 the character is kept, 1 deleted,
    2 a word holding it is normalised whole (a presentation form, which NFKC folds with its
    neighbours), else the ASCII character written for it (a digit).

    >>> [word_fold(c) for c in ("a", TATWEEL, "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}")]
    [0, 1, 2]
    >>> chr(word_fold("٣"))
    '3'
    """
    if fold_presentation_forms(char) != char:
        return 2
    folded = _fold(char)
    if folded == char:
        return 0
    return 1 if not folded else ord(folded) if len(folded) == 1 and 2 < ord(folded) < 128 else 2


def normalize_each(texts: Sequence[str]) -> list[str]:
    """:func:`normalize_for_length` of each text, in one pass over them all when none holds a
    line break (words, say): a regex call a short text costs more than the text.

    >>> normalize_each(["قالَ", "ـ", "٣,"]), normalize_each(["a\N{NO-BREAK SPACE}b ", "c"])
    (['قال', '', '3,'], ['a b', 'c'])
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # some text has line breaks of its own, or none
        return [normalize_for_length(text) for text in texts]
    folded = _fold(joined)
    # No space, and no other white space (all of it is unprintable): nothing to collapse in
    # any text, which saves a split and a join a word.
    if " " not in folded and folded.replace("\n", "").isprintable():
        return folded.split("\n")
    return [" ".join(text.split()) for text in folded.split("\n")]


def measure(text: str) -> int:
    """Length of ``text`` in characters, after :func:`normalize_for_length`."""
    return len(normalize_for_length(text))
