"""Stage 3: split paragraphs into sentences, Arabic-aware.

Punkt (Kiss & Strunk 2006) decides which full stops end sentences: :mod:`bialign.punkt` ports
NLTK's ``PunktSentenceTokenizer`` (importing NLTK costs more than splitting a megabyte), with
parameters that NLTK's trainer learnt and that ship in the package (``bialign/data/punkt_*.txt``),
so nothing is downloaded. The parameters are read on the first call, never at import. This
module is bialign's layer on top: each language's end characters, quotes and brackets, and the
rules below that Punkt does not know.

- English: Punkt trained on the English side of bialign's corpora plus curated abbreviations
  (``tools/build_punkt.py``): "U.S.", "Mr.", "Jan.", "No." and initials ("J. R. Smith") do not
  end sentences; "?", "!" and "…" do.
- Arabic: ``.``, ``?``, ``!``, ``…``, "..." and ``؟`` (ARABIC QUESTION MARK) end sentences;
  ``،`` (ARABIC COMMA) and ``؛`` (ARABIC SEMICOLON) do not. Arabic has no capital letters, so
  Punkt's case-based heuristics cannot help; single letters ("د." doctor) and a few dotted
  abbreviations (``punkt_ar.txt``) plus the Latin ones ("U.S.") are what keep a full stop from
  ending a sentence. Decimals ("3.5", "٣٫٥") never do: a full stop must be followed by a space
  or by punctuation to be considered at all.
- Both: a footnote reference after a sentence's end ("rights.1 They", "الإخاء.١ وقد", as a
  word processor's plain text writes it) ends the sentence and stays with it, where the word
  before is longer than a letter and no abbreviation ("No.1 Player") and a sentence follows
  (in English, a capital letter).
- Both: closing quotes and brackets after the full stop stay with their sentence; a sentence
  that would be only a paragraph number ("57.", "(b)") is joined to the sentence it numbers,
  one with no letter or digit to a neighbour; in English a "sentence" that starts with a
  lower-case letter is joined to the one before ("sanctions. on Iran", "why? he asked").

Speed: paragraphs without a candidate sentence end skip Punkt; Punkt's walk over the
candidates runs on the single-spaced text; where the extension was built, a single-spaced
paragraph (nearly all) is split in one compiled call.

Whitespace: a paragraph is one unit, its line breaks are not sentence boundaries. Every run of
whitespace (line breaks included) becomes one space in the returned sentences, which are
therefore substrings of ``" ".join(paragraph.split())``, never empty, and together hold every
non-whitespace character of the paragraph, in order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import regex

from bialign.languages import ar, en
from bialign.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    parse_parameters,
)

from ._checks import check_text
from ._compiled import speedups
from .records import Language

_COMPILED = speedups is not None  # the compiled joining, where it was built from this source
if _COMPILED:
    from . import _speedups

__all__ = [
    "punkt_parameters",
    "punkt_tokenizer",
    "split_paragraphs",
    "split_sentences",
]


# Quotes and brackets that close a sentence after its full stop, and those that open one:
# ASCII, curly (the Arabic press uses them as English does) and guillemets (Arabic « »).
_CLOSERS = (
    "\"')]}\N{RIGHT SINGLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
)
_OPENERS = (
    "\"'([{\N{LEFT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}"
)


class _LanguageVars(PunktLanguageVars):
    """bialign's closing and opening quotes and brackets end words and are realigned."""

    non_word_chars = _CLOSERS + _OPENERS + ";*:@"
    # NLTK's re_boundary_realignment with bialign's closers.
    re_boundary_realignment = re.compile(f"[{re.escape(_CLOSERS)}]+?(?:\\s+|(?=--)|$)")


class _EnglishVars(_LanguageVars):
    sent_end_chars = en.SENT_END_CHARS


class _ArabicVars(_LanguageVars):
    sent_end_chars = ar.SENT_END_CHARS


_LANG_VARS: dict[Language, PunktLanguageVars] = {"en": _EnglishVars(), "ar": _ArabicVars()}
_HAS_CASE: dict[Language, bool] = {"en": en.HAS_CASE, "ar": ar.HAS_CASE}

# In Arabic "..." ends a sentence; Punkt takes an ellipsis for a possible abbreviation and,
# with no capital letters to look at, never breaks there. The split is made before Punkt runs.
# "[...]" and "(...)" mark an elision inside a sentence.
_ARABIC_DOTS_BREAK = re.compile(f"(?<![\\[(.])\\.\\.+[{re.escape(_CLOSERS)}]*(?= )")
_WORD = re.compile(r"\w")
# A paragraph number or list label standing alone: "57.", "IV.", "(b)", "3.2.", "١.".
_ENUMERATOR = re.compile(
    r"[(\[]?(?:{label})(?:\.(?:{label}))*[.)\]]+".format(
        label=r"\d{1,4}"  # \d is any script's digits
        r"|(?=[ivxIVX])(?:x{0,3}(?:ix|iv|v?i{0,3})|X{0,3}(?:IX|IV|V?I{0,3}))"  # up to 39
        r"|[^\W\d_]"  # one letter
    )
)


# A footnote reference after a sentence's end (and its closing quotes): one to three digits of
# any script, or superscripts, then a space and what may open a sentence. The compiled screen
# hands every paragraph with a letter, an end, closers and a number (or a character this Python
# does not know, which the regex module's newer Unicode may take for a digit) to Python.
_SUPERSCRIPTS = (
    "\N{SUPERSCRIPT ONE}\N{SUPERSCRIPT TWO}\N{SUPERSCRIPT THREE}\N{SUPERSCRIPT ZERO}\u2074-\u2079"
)
_FOOTNOTE = (
    "[{ends}][{closers}]*(?P<mark>\\d{{1,3}}|[{superscripts}]{{1,3}})(?= [{openers}]*{start})"
)


@functools.cache
def _footnote_pattern(lang: Language) -> regex.Pattern[str]:
    """:data:`_FOOTNOTE` for ``lang``, compiled on first use (few paragraphs need it)."""
    module = en if lang == "en" else ar
    return regex.compile(
        _FOOTNOTE.format(
            ends=regex.escape("".join(module.SENT_END_CHARS)),
            closers=regex.escape(_CLOSERS),
            superscripts=_SUPERSCRIPTS,
            openers=regex.escape(_OPENERS),
            start="\\p{Lu}" if module.HAS_CASE else "\\p{L}",
        )
    )


# A Roman numeral in capitals: "section IV.2" numbers a part, not a footnote.
_ROMAN = re.compile(r"[IVXLC]+")


def _footnotes(text: str, lang: Language) -> list[tuple[int, int]]:
    """The spans of the footnote references that end sentences of single-spaced ``text``:
    where the word before the end is longer than a letter ("U.S.1"), no abbreviation Punkt
    knows ("No.1 Player", "Fig.3 The") and no Roman numeral ("section IV.2 Member").

    >>> _footnotes("In dignity and rights.1 They are. See No.1 Player", "en")
    [(22, 23)]
    """
    abbreviations = punkt_parameters(lang).abbrev_types
    found = []
    for reference in _footnote_pattern(lang).finditer(text):
        start = reference.start()
        while start and text[start - 1].isalpha():
            start -= 1
        word = text[start : reference.start()]
        if len(word) > 1 and word.lower() not in abbreviations and not _ROMAN.fullmatch(word):
            found.append(reference.span("mark"))
    return found


def _read_parameters(name: str) -> PunktParameters:
    from importlib import resources  # ~10 ms, so only when the data is read

    path = resources.files("bialign") / "data" / name
    return parse_parameters(path.read_text(encoding="utf-8"), source=f"bialign/data/{name}")


@functools.cache
def punkt_parameters(lang: Language) -> PunktParameters:
    """The shipped Punkt parameters for ``lang``, read once.

    Arabic text carries Latin abbreviations too ("U.S."), so Arabic gets the English ones.
    """
    english = _read_parameters("punkt_en.txt")
    if lang == "en":
        return english
    if lang != "ar":
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    arabic = _read_parameters("punkt_ar.txt")
    return PunktParameters(
        abbrev_types=arabic.abbrev_types | english.abbrev_types,
        collocations=arabic.collocations,
        sent_starters=arabic.sent_starters,
    )


@functools.cache
def punkt_tokenizer(lang: Language) -> PunktSentenceTokenizer:
    """Punkt with bialign's parameters and characters for ``lang``, before bialign's rules."""
    return PunktSentenceTokenizer(punkt_parameters(lang), _LANG_VARS[lang])


def _punkt_spans(text: str, lang: Language) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``text``; Arabic is first cut after every "...".."""
    tokenizer = punkt_tokenizer(lang)
    if lang != "ar" or ".." not in text:  # most paragraphs: one piece
        return tokenizer.span_tokenize(text)
    pieces, start = [], 0
    for dots in _ARABIC_DOTS_BREAK.finditer(text):
        pieces.append((start, dots.end()))
        start = dots.end() + 1
    pieces.append((start, len(text)))
    return [
        (first + s, first + e)
        for first, last in pieces
        for s, e in tokenizer.span_tokenize(text[first:last])
    ]


def _starts_lower_case(text: str, start: int, end: int) -> bool:
    """Whether the English piece ``text[start:end]`` reads as a continuation: lower case
    after any opening quotes. Read in place: a piece is most of a sentence.

    A list label is no continuation: "(b) the second" starts an item.
    """
    first = start
    while first < end and text[first] in _OPENERS:
        first += 1
    if first == end or not text[first].islower():
        return False
    return not _opens_with_label(text, start, end)


def _is_label(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a paragraph number or list label standing alone."""
    return _ENUMERATOR.fullmatch(text, start, end) is not None


def _opens_with_label(text: str, start: int, end: int) -> bool:
    """Whether a list label and a space open ``text[start:end]``: "(b) the second"."""
    label = _ENUMERATOR.match(text, start, end)
    return label is not None and label.end() < end and text[label.end()] == " "


def _sentences(text: str, lang: Language) -> list[str]:
    """The sentences of single-spaced ``text``: Punkt's spans joined by the module
    docstring's rules, stripped. Compiled where the extension was built (Python ran a few
    regexes and a dozen lines a span)."""
    spans = _punkt_spans(text, lang)
    if not _COMPILED:
        return [text[start:end].strip() for start, end in _joined_spans(text, spans, lang)]
    return _speedups.joined_sentences(
        text, spans, _HAS_CASE[lang], _OPENERS, _is_label, _opens_with_label
    )


def _joined_spans(text: str, spans: list[tuple[int, int]], lang: Language) -> list[tuple[int, int]]:
    """Punkt's ``spans``, with the boundaries the module docstring rules out removed."""
    joined: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    end = 0
    carried: int | None = None  # start of a number or punctuation waiting for its sentence
    carried_word = False  # whether the carried text holds a word character
    for start, end in spans:
        # Only the new span is searched and sliced: going over the carried text again for each
        # span would make a paragraph of many letterless "sentences" (". . . .") quadratic.
        word = carried_word or _WORD.search(text, start, end) is not None
        carried_word = False
        if carried is not None:
            start, carried = carried, None
        if _is_label(text, start, end) or (current is None and not word):
            carried, carried_word = start, word
        elif current is not None and (
            not word or (_HAS_CASE[lang] and _starts_lower_case(text, start, end))
        ):
            current = (current[0], end)
        else:
            if current is not None:
                joined.append(current)
            current = (start, end)
    if carried is not None:
        current = (carried if current is None else current[0], end)
    if current is not None:
        joined.append(current)
    return joined


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``, without the split where ``text`` is so already: most
    paragraphs are, and both tests scan in C where the split makes an object a word.

    Every white space character but the ASCII space is unprintable (Unicode's separators and
    controls), so a printable text without a double space has no run to collapse.

    >>> _single_spaced(" a\N{NO-BREAK SPACE} b\\n"), _single_spaced("a b")
    ('a b', 'a b')
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _split_python(paragraph: str, lang: Language) -> list[str]:
    """:func:`split_sentences` of a checked paragraph, in Python around the compiled walk and
    joining (where the extension was built): single-spaced, then cut where Punkt has a
    candidate sentence end."""
    text = _single_spaced(paragraph)
    if not text:
        return []
    footnotes = _footnotes(text, lang)
    if not footnotes:  # nearly all paragraphs
        return _spaced_sentences(text, lang)
    # The text before each reference is split, and the reference ends its last sentence.
    sentences: list[str] = []
    start = 0
    for mark_start, mark_end in footnotes:
        found = _spaced_sentences(text[start:mark_start], lang)
        found[-1] += text[mark_start:mark_end]
        sentences += found
        start = mark_end + 1  # past the space
    return sentences + _spaced_sentences(text[start:], lang)


def _spaced_sentences(text: str, lang: Language) -> list[str]:
    """The sentences of single-spaced ``text``, which has no footnote reference to cut at."""
    if _LANG_VARS[lang].period_context_re().search(text) is None:
        return [text]
    return _sentences(text, lang)


_Question = Callable[[str, int, int], bool]  # about text[start:end]


@functools.cache
def _compiled_arguments(
    lang: Language,
) -> tuple[bytes, frozenset[str], Callable[[str], bool], bool, _Question, _Question, bool]:
    """What the compiled :func:`split_sentences` reads for ``lang`` after the paragraph:
    the character sets, made once, Punkt's questions and bialign's, and whether "..." is cut
    first (Arabic: then it answers None, and Python cuts)."""
    ends, non_word, others, stop_after, not_plain, decide = punkt_tokenizer(lang).walk
    sets = _speedups.sentence_sets(ends, non_word, others, stop_after, _OPENERS, _CLOSERS)
    return sets, not_plain, decide, _HAS_CASE[lang], _is_label, _opens_with_label, lang == "ar"


def split_sentences(paragraph: str, lang: Language) -> list[str]:
    """Split one paragraph into sentences; the paragraph's end always ends a sentence.

    Whitespace runs, line breaks included, come back as one space; whitespace-only text
    gives ``[]``.

    >>> split_sentences("Mr. Smith went to the U.S. in 2020. He stayed.", "en")
    ['Mr. Smith went to the U.S. in 2020.', 'He stayed.']
    >>> split_sentences("هل أنت بخير؟ نعم، شكرا\\nلك", "ar")
    ['هل أنت بخير؟', 'نعم، شكرا لك']
    """
    check_text("paragraph", paragraph)
    (found,) = split_paragraphs([paragraph], lang)
    return found


def split_paragraphs(paragraphs: Iterable[str], lang: Language) -> list[list[str]]:
    """:func:`split_sentences` of each of ``paragraphs``, in order: the language checked and
    the compiled call's arguments found once for them all, not once a paragraph.

    >>> split_paragraphs(["One. Two.", "Three"], "en")
    [['One.', 'Two.'], ['Three']]
    """
    if isinstance(paragraphs, str):  # iterable, a character a paragraph: a mistake
        raise TypeError("paragraphs must be an iterable of str, not one str")
    if lang not in _LANG_VARS:
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    arguments = _compiled_arguments(lang) if _COMPILED else None
    split = []
    for paragraph in paragraphs:
        if not isinstance(paragraph, str):  # check_text's error; the test alone is no call
            check_text("paragraph", paragraph)
        # One compiled call, unless the paragraph needs spacing or its "..." cut first.
        found = None if arguments is None else _speedups.sentences(paragraph, *arguments)
        split.append(_split_python(paragraph, lang) if found is None else found)
    return split
