"""Stage 1: the units of the input (paragraphs, short lines, numbers) and their scripts.

Only letters vote. Diacritics, tatweel, digits of any kind, punctuation and invisible controls
are neutral, so "العَرَبِيَّةُ" is as Arabic as "العربية" and "Muṣṭafā al-Kāẓimī" is Latin. Names,
code and addresses written in Latin inside an Arabic sentence do not vote either
(:func:`_names_in_arabic`).
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from collections.abc import Callable, Container, Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import regex

from ._checks import check_text
from ._compiled import speedups
from .languages.en import stop_words as english_stop_words
from .records import Boundary, Language, Paragraph, Script, ScriptReport, UnitKind

_COMPILED = speedups is not None  # the compiled count, where it was built from this source
if _COMPILED:
    from . import _speedups

__all__ = [
    "OTHER_SCRIPT",
    "SENTENCE_END",
    "SIDE_SCRIPT",
    "Line",
    "Unit",
    "detect_script",
    "group_lines",
    "lines",
    "misplaced_sides",
    "paragraphs",
    "script_runs",
    "side_of",
]

#: Share of a paragraph's letters one script needs for the paragraph to count as that script.
#: A name or an acronym in the other script (an English quote inside Arabic news) stays below
#: the remaining 15%.
DOMINANT_SHARE = 0.85

_ARABIC_LETTERS = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+", regex.V1)
_LATIN_LETTERS = regex.compile(r"[\p{Script=Latin}&&\p{L}]+", regex.V1)
# A run of one script: starts and ends on a letter of it (with the combining marks on that
# last letter: harakat, a decomposed macron); anything but the other script's letters
# (spaces, digits, punctuation, marks) may sit inside.
_RUNS = regex.compile(
    r"[\p{Script=Arabic}&&\p{L}](?:[^\p{Script=Latin}]*[\p{Script=Arabic}&&\p{L}])?\p{M}*"
    r"|[\p{Script=Latin}&&\p{L}](?:[^\p{Script=Arabic}]*[\p{Script=Latin}&&\p{L}])?\p{M}*",
    regex.V1,
)


# A Latin word: its letters and the marks on them (a decomposed "Ramírez" is one word).
_LATIN_WORD = regex.compile(r"(?:[\p{Script=Latin}&&\p{L}]\p{M}*)+", regex.V1)
_MARK = regex.compile(r"\p{M}")
# A word (white space to white space) of code or an address: a URL, an e-mail address, a
# handle or a hashtag, a path, a file or host name (a dot between letters), an identifier
# with an underscore, a call.
_CODE_WORD = regex.compile(r"://|@\w|^#\w|\w_\w|\w/\w|\p{L}\.\p{L}|\(\)", regex.V1)
# A word that ends a sentence (:data:`_SENTENCE_FINAL`) but is an abbreviation ("Dr.", "U.S.").
_ABBREVIATION = regex.compile(r"(?:\p{Lu}\p{Ll}{0,2}\.)+", regex.V1)
_WORD = regex.compile(r"\S+")


def _names_in_arabic(text: str) -> int:
    """The Latin letters of ``text`` that are names, code or addresses in Arabic sentences.

    Arabic writes people, firms, products, commands and addresses in Latin ("أعلنت شركة
    Microsoft عن إطلاق Windows", "استخدم الأمر pip install", "راسلنا على info@example.org"),
    often more letters than the Arabic around them. In a sentence (on one line) that has
    Arabic letters, the Latin of code and addresses (:data:`_CODE_WORD`) does not vote. Where
    some Latin stands between Arabic words, capitalised Latin words do not vote either, nor
    any Latin word when none is an English function word: English has them, a list of names
    does not. A title glued to its translation ("Annual Report التقرير السنوي") has no Latin
    between Arabic words, and English quoting Arabic ("In Arabic, سلام (peace) and شكرا
    (thanks)") keeps its small-letter words.

    Counted line by line, on the lines that hold both scripts and that their Arabic letters
    do not already make Arabic (:func:`_may_vote_arabic`): names only take Latin letters off
    the vote, so elsewhere they change no verdict, and a long document is not read word by
    word for them.

    >>> _names_in_arabic("حضر José Ramírez و Zoë Müller."), _names_in_arabic("Report التقرير")
    (20, 0)
    """
    lines = text.split("\n")
    spans = []
    start = 0
    for line in lines:
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return sum(
        _names_in_line(line)
        for line, (arabic, latin) in zip(lines, _letter_counts(text, spans), strict=True)
        if _may_vote_arabic(arabic, latin)
    )


def _may_vote_arabic(arabic: int, latin: int) -> bool:
    """Whether names could change the verdict on a text of these letters: it has both
    scripts, and its Arabic letters alone do not make it Arabic."""
    return bool(arabic and latin) and arabic < DOMINANT_SHARE * (arabic + latin)


def _names_in_line(line: str) -> int:
    """:func:`_names_in_arabic` of one line, column by column (a tab sets columns apart)."""
    names = 0
    for column in line.split("\t"):
        spans = [word.span() for word in _WORD.finditer(column)]
        if not spans:
            continue
        words = [column[start:end] for start, end in spans]
        counts = _letter_counts(column, spans)
        first = 0  # the sentence's first word
        for at, word in enumerate(words):
            if (
                unicodedata.category(word[-1])[0] == "P"  # first: most words end in a letter
                and _SENTENCE_FINAL.search(word)
                and not _ABBREVIATION.fullmatch(word)
            ):
                names += _names_in_sentence(words[first : at + 1], counts[first : at + 1])
                first = at + 1
        names += _names_in_sentence(words[first:], counts[first:])
    return names


def _names_in_sentence(words: list[str], counts: list[tuple[int, int]]) -> int:
    """:func:`_names_in_arabic` of one sentence: its words and their Arabic and Latin letters.
    Arabic in brackets frames nothing: English glossing its terms ("the Five Pillars: Shahada
    (الشهادة), Salat (الصلاة) and Hajj (الحج)") is English."""
    if not (any(latin for _, latin in counts) and any(arabic for arabic, _ in counts)):
        return 0  # most sentences of a line with both scripts
    arabic = [at for at, _ in _outside_brackets(words) if counts[at][0]]
    if not arabic:
        return 0
    names = 0
    plain: list[str] = []  # the Latin words of words that are not code
    framed = False  # some Latin stands between Arabic words
    for at, word in enumerate(words):
        if not counts[at][1]:
            continue
        latin = _LATIN_WORD.findall(word)
        framed = framed or arabic[0] < at < arabic[-1]
        if _CODE_WORD.search(word):
            names += sum(map(_letters, latin))
        else:
            plain += latin
    if framed and plain:
        function_words = english_stop_words()
        if any(word.lower() in function_words for word in plain):
            plain = [word for word in plain if word[0].isupper()]
        names += sum(map(_letters, plain))
    return names


def _outside_brackets(words: list[str]) -> list[tuple[int, str]]:
    """The words (with their places) that stand outside round or square brackets."""
    outside = []
    depth = 0
    for at, word in enumerate(words):
        opens = word.count("(") + word.count("[")
        if not depth and not opens:
            outside.append((at, word))
        depth = max(0, depth + opens - word.count(")") - word.count("]"))
    return outside


def _letters(word: str) -> int:
    """The letters of a Latin word, less the marks on them."""
    return len(word) - len(_MARK.findall(word))


def _names(text: str, arabic: int, latin: int) -> int:
    """:func:`_names_in_arabic` of a text with these letter counts (none where they could
    change nothing: :func:`_may_vote_arabic`)."""
    return _names_in_arabic(text) if _may_vote_arabic(arabic, latin) else 0


_ARABIC, _LATIN = 1, 2

#: The Unicode blocks that hold the letters of the two scripts, as [start, end) ranges: the
#: letter table is read off the patterns over these alone (a few thousand code points, where
#: all of planes 0 and 1 cost some 10 ms at each start). A test reads every code point and
#: compares: a Unicode version with such a letter elsewhere fails there.
_LETTER_BLOCKS = (
    (0x0000, 0x0300),  # Basic Latin to Spacing Modifier Letters
    (0x0600, 0x0900),  # Arabic to Arabic Extended-A (Syriac, Thaana, NKo... in between)
    (0x1D00, 0x1F00),  # Phonetic Extensions to Latin Extended Additional
    (0x2070, 0x2190),  # Superscripts and Subscripts to Number Forms
    (0x2C60, 0x2C80),  # Latin Extended-C
    (0xA720, 0xA800),  # Latin Extended-D
    (0xAB30, 0xAB70),  # Latin Extended-E
    (0xFB00, 0xFE00),  # Alphabetic Presentation Forms, Arabic Presentation Forms-A
    (0xFE70, 0xFFF0),  # Arabic Presentation Forms-B, Halfwidth and Fullwidth Forms
    (0x10780, 0x107C0),  # Latin Extended-F
    (0x10E60, 0x10F00),  # Rumi Numeral Symbols, Arabic Extended-C
    (0x1DF00, 0x1E000),  # Latin Extended-G
    (0x1EC70, 0x1EF00),  # Indic and Ottoman Siyaq Numbers, Arabic Mathematical Symbols
)


@functools.cache
def _letter_classes(
    blocks: tuple[tuple[int, int], ...] = _LETTER_BLOCKS,
) -> npt.NDArray[np.uint8]:
    """Every code point's class: ``_ARABIC`` or ``_LATIN`` letter, else 0.

    Read off the regular expressions above over the code points of ``blocks``, once, so
    that counting letters is a table lookup over a whole article rather than a regex scan of
    each paragraph.
    """
    table = np.zeros(sys.maxunicode + 1, np.uint8)
    for start, end in blocks:
        block = "".join(map(chr, range(start, end)))
        for value, letters in ((_ARABIC, _ARABIC_LETTERS), (_LATIN, _LATIN_LETTERS)):
            for run in letters.finditer(block):
                table[start + run.start() : start + run.end()] = value
    return table


def _letter_counts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Arabic and Latin letters in each ``text[start:end]`` of ``spans``: compiled where the
    extension was built (it reads the text in place, where NumPy made an array of it)."""
    if not _COMPILED:
        return _letter_counts_numpy(text, spans)
    return _speedups.letter_counts(text, _letter_classes(), spans)


def _letter_counts_numpy(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """:func:`_letter_counts` with NumPy."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
    classes = _letter_classes()[codes]
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    counts = []
    for value in (_ARABIC, _LATIN):
        running = np.zeros(len(codes) + 1, np.int64)
        np.cumsum(classes == value, out=running[1:])
        counts.append((running[bounds[:, 1]] - running[bounds[:, 0]]).tolist())
    return list(zip(*counts, strict=True))


def _script(arabic: int, latin: int) -> Script:
    """The script of a text with these letter counts."""
    total = arabic + latin
    if total == 0:
        return "neutral"
    if arabic >= DOMINANT_SHARE * total:
        return "ar"
    if latin >= DOMINANT_SHARE * total:
        return "latin"
    return "mixed"


def _report(arabic: int, latin: int, names: int) -> ScriptReport:
    """The verdict on a text with these letter counts, ``names`` of its Latin letters those
    of names, code and addresses inside Arabic sentences."""
    return ScriptReport(_script(arabic, latin - names), arabic, latin, names)


def detect_script(text: str) -> ScriptReport:
    """Classify ``text`` as ``ar``, ``latin``, ``mixed`` or ``neutral`` by its letters: 85% of
    those that vote (:data:`DOMINANT_SHARE`) make it one script. Names, code and addresses an
    Arabic sentence writes in Latin do not vote (:func:`_names_in_arabic`).

    >>> detect_script("قالَ الكاظمي ـــ ٢٠٢١").script
    'ar'
    >>> detect_script("Muṣṭafā al-Kāẓimī, “Dā‘iš”").script
    'latin'
    >>> detect_script("25/07/2021 – 14:10").script
    'neutral'
    >>> detect_script("Iraq’s title.العراق-لم-يعد-بحاجة").script
    'mixed'
    >>> detect_script("استخدم الأمر pip install numpy لتثبيت NumPy").script
    'ar'
    """
    check_text("text", text)
    ((arabic, latin),) = _letter_counts(text, [(0, len(text))])
    return _report(arabic, latin, _names(text, arabic, latin))


#: Hard-wrapped text (one paragraph over several lines) has no line longer than this: mail
#: wraps at 72, e-books at 70, subtitles at 42. A block with a longer line is read as one
#: paragraph a line.
WRAP_WIDTH = 100
#: Nor is text wrapped narrower than this (subtitles' 42): a side whose lines are all shorter,
#: a title and a byline, has lines that end where they end, not where they were filled.
NARROWEST_WRAP = 42
#: A one-line unit of at most this many words, not ending a sentence, is a short line (a title,
#: a byline, a date): a unit of its own, named so in ``bialign detect``.
SHORT_WORDS = 8

# A verse, list or cue number standing for a whole line: "12:1", "3.", "(3)", "1.2.",
# "00:00:01,000 --> 00:00:03,500". Up to three digits a part: "2021" alone is a year, content.
_TIMESTAMP = r"(?:\p{Nd}{1,2}:)?\p{Nd}{2}:\p{Nd}{2}(?:[.,]\p{Nd}{1,3})?"
_NUMBER_LINE = regex.compile(
    r"[(\[]?\p{Nd}{1,3}(?:[:.]\p{Nd}{1,3})*[.):\]]?"
    rf"|{_TIMESTAMP}(?:[^\S\n]*-->[^\S\n]*{_TIMESTAMP}.*)?",
    regex.V1,
)
# A verse number leading a line of text: "12:1 In the beginning" (no verse is numbered from
# 0: "15:00 إلى الساعة 18:00" is a time that a line wrapped to its start). A list number
# leading a line ("10. The Committee", "١٠ - وتلاحظ") is the paragraph's own as UN documents
# and many others write it, and at the start of a line it glues to no other sentence: it
# stays, as does a bare figure ("12 people").
_LEADING_NUMBER = regex.compile(
    r"\p{Nd}{1,3}:(?![0\N{ARABIC-INDIC DIGIT ZERO}\N{EXTENDED ARABIC-INDIC DIGIT ZERO}])"
    r"\p{Nd}{1,3}[^\S\n]+(?=[\p{L}\p{Pi}\p{Ps}\"'])",
    regex.V1,
)
# A bare number leading a line of text ("٥ فخاف", "5 Then the mariners"): a figure, unless the
# line next to it leads with the number one less or one more (verses one a line).
_BARE_NUMBER = regex.compile(r"(\p{Nd}{1,3})[^\S\n]+(?=[\p{L}\p{Pi}\p{Ps}\"'])", regex.V1)
_SENTENCE_FINAL = regex.compile(
    r"[.!?\N{ARABIC QUESTION MARK}\N{ARABIC FULL STOP}\N{HORIZONTAL ELLIPSIS}]"
    r"[\p{Pe}\p{Pf}\"']*$",
    regex.V1,
)

# What both number patterns open with.
_NUMBER_OPENING = regex.compile(r"[\p{Nd}(\[]", regex.V1)


@functools.cache
def _may_open_number(char: str) -> bool:
    """Whether a line opening with ``char`` may be a number: the patterns are not tried on
    most lines, and first characters repeat, so this is mostly a cache look-up. (The regex
    module's digits, not ``str.isdecimal``'s: the two know different Unicode versions.)"""
    return _NUMBER_OPENING.match(char) is not None


# What a line that continues the sentence of the line before it opens with.
_GOES_ON = regex.compile(r"[\p{Ll},;:\p{Pe}\p{Pf}]", regex.V1)


# A named tuple made as its _make makes it: a call to the class runs its Python __new__, a
# frame for every line and unit.
_new = tuple.__new__


class Line(NamedTuple):
    """One non-blank line of the input with its letter counts; ``boundary`` is set when a unit
    must start at it whatever its text says (the file's top, a blank line, a dropped line).
    ``latin`` counts the Latin letters that vote: not those of names, code and addresses inside
    an Arabic sentence.

    A named tuple, not a frozen dataclass: one is made for every line of every input, and a
    tuple is made in a third of the time."""

    number: int
    text: str
    arabic: int
    latin: int
    boundary: Boundary | None = None


class Unit(NamedTuple):
    """A unit of the input as :func:`group_lines` finds it: the fields of a
    :class:`~bialign.records.Paragraph`, with the letter counts in place of its report.

    A named tuple: one is made for every unit of every input, and the splitter reads no
    report; :meth:`paragraph` makes the record."""

    text: str
    line: int
    arabic: int
    latin: int
    lines: int
    kind: UnitKind
    boundary: Boundary

    @property
    def script(self) -> Script:
        """The script of the unit's letters (see :func:`detect_script`)."""
        return _script(self.arabic, self.latin)

    def paragraph(self) -> Paragraph:
        """The unit as a :class:`~bialign.records.Paragraph`."""
        report = detect_script(self.text)  # the unit's counts are less its names
        return Paragraph(self.text, self.line, report, self.lines, self.kind, self.boundary)


def lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, numbered from 1; the first line of each blank-line
    separated block carries its boundary. White space around a block is removed, inside it
    kept, so that a block's lines joined are the block as it stands in the input.

    A blank line is empty or white space only. The text is cut at its line breaks once, and
    each line looked at once: most inputs are a block a line, and cutting block by block cost
    a dozen calls a block.

    >>> [(line.number, line.text, line.boundary) for line in lines(" a \\n b\\n \\n\\nc ")]
    [(1, 'a ', 'start'), (2, ' b', None), (5, 'c', 'blank line')]
    """
    if _COMPILED:
        found = _speedups.text_lines(text, _letter_classes(), Line, "start", "blank line")
        return _names_not_counted(found)
    return _lines_python(text)


def _names_not_counted(found: list[Line]) -> list[Line]:
    """``found``, with the Latin letters of names, code and addresses in Arabic sentences
    taken off their counts (:func:`_names_in_arabic`), in place."""
    for at, line in enumerate(found):
        if (
            line.latin  # most lines: no call
            and _may_vote_arabic(line.arabic, line.latin)
            and (names := _names_in_line(line.text))
        ):
            found[at] = line._replace(latin=line.latin - names)
    return found


def _lines_python(text: str) -> list[Line]:
    """:func:`lines` in Python."""
    found: list[tuple[str, int, Boundary | None]] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    in_block = False
    for number, part in enumerate(text.split("\n"), start=1):
        if part and not part.isspace():
            if in_block:
                found.append((part, number, None))
                spans.append((offset, offset + len(part)))
            else:  # a block's first line: white space before it is not the block's
                stripped = part.lstrip()
                found.append((stripped, number, "blank line" if found else "start"))
                spans.append((offset + len(part) - len(stripped), offset + len(part)))
                in_block = True
        elif in_block:
            _strip_end(found, spans)
            in_block = False
        offset += len(part) + 1
    if in_block:
        _strip_end(found, spans)
    counts = _letter_counts(text, spans)
    return _names_not_counted(
        [
            Line(number, part, arabic, latin, boundary)
            for (part, number, boundary), (arabic, latin) in zip(found, counts, strict=True)
        ]
    )


def _strip_end(found: list[tuple[str, int, Boundary | None]], spans: list[tuple[int, int]]) -> None:
    """Remove the white space that ends a block from its last line, found last."""
    part, number, boundary = found[-1]
    stripped = part.rstrip()
    if len(stripped) < len(part):
        found[-1] = (stripped, number, boundary)
        spans[-1] = (spans[-1][0], spans[-1][0] + len(stripped))


# Words are counted in a line's head first: splitting a whole long line copies all of it.
_WORDS_HEAD = 200


def _words_at_most_python(text: str, limit: int) -> bool:
    """Whether ``text`` has at most ``limit`` words (as ``str.split`` cuts them).

    >>> _words_at_most_python("one two three", 8), _words_at_most_python("word " * 9, 8)
    (True, False)
    >>> _words_at_most_python("word " * 40 + "x", 8)
    False
    """
    head = text[:_WORDS_HEAD]
    if len(head.split(maxsplit=limit)) > limit:  # the head's words are the text's
        return False
    return len(head) == len(text) or len(text.split(maxsplit=limit)) <= limit


# Compiled where the extension was built: it counts up to the word past the limit in place, where
# Python made a list of the first words.
_words_at_most = _speedups.words_at_most if _COMPILED else _words_at_most_python


def _unit(part: Sequence[Line], boundary: Boundary, words: _Words | None = None) -> Unit:
    """The unit of consecutive lines ``part``; ``words``: the text's words, for a word that a
    line-end hyphen broke (:func:`_rejoined`)."""
    if len(part) == 1:  # most units: no join, no sums
        first = part[0]
        text, arabic, latin = first.text.strip(), first.arabic, first.latin
        short = bool(arabic or latin) and is_short_line(text)
        kind: UnitKind = "short" if short else "paragraph"
        return _new(Unit, (text, first.number, arabic, latin, 1, kind, boundary))
    texts = [line.text for line in part]
    if words is not None and any(text.rstrip().endswith(_HYPHENS) for text in texts[:-1]):
        texts = _rejoined(texts, words())
    text = "\n".join(texts).strip()
    arabic, latin = sum(line.arabic for line in part), sum(line.latin for line in part)
    return Unit(text, part[0].number, arabic, latin, len(part), "paragraph", boundary)


#: The words of a text (Latin letters, lower-cased, hyphened ones whole), made when needed.
_Words = Callable[[], frozenset[str]]
_HYPHENS = ("-", "\N{HYPHEN}")
# A Latin word broken at a line's end: its letters up to the hyphen (or since an earlier one).
# (Searched from the end, "(?r)": from the start, each letter of a long line began a run.)
_HYPHEN_END = regex.compile(r"(?r)(\p{Latin}+)[-\N{HYPHEN}]\s*$")
# Words after which a line-end hyphen is a suspended one ("troop-" "and police-contributing").
_SUSPENDING = frozenset({"and", "or", "nor", "to", "versus"})
_LATIN_OPENING = regex.compile(r"\s*(\p{Latin}+)")
_HYPHENED_WORD = regex.compile(r"\p{Latin}+(?:[-\N{HYPHEN}]\p{Latin}+)*")


def _words_of(found: Sequence[Line]) -> frozenset[str]:
    """The Latin words of ``found`` lines (less the halves of a word a line-end hyphen broke),
    lower-cased, hyphened ones whole and in parts, and English's stop words."""
    words: set[str] = set()
    broke = False  # whether the line before ended in a broken word
    for line in found:
        found_words = _HYPHENED_WORD.findall(line.text)
        breaks = _HYPHEN_END.search(line.text) is not None
        # A broken word's halves are no words of the text.
        words.update(word.lower() for word in found_words[broke : len(found_words) - breaks])
        broke = breaks
    parts = {part for word in words for part in regex.split(r"[-\N{HYPHEN}]", word)}
    return frozenset(words | parts | english_stop_words())


def _rejoined(texts: Sequence[str], words: frozenset[str]) -> list[str]:
    """Lines of a paragraph with each Latin word a line-end hyphen broke made whole on the
    line it begins: a line read as the next one opens ("al-" "Kāẓimī", a capital: the
    hyphen is the word's; "nuclear-weapon-" "free", a compound's, where the text has the
    word "free"), else without the hyphen ("transla-" "tion", "capacity-build-" "ing")
    unless the text writes the word with it, or does not write it without it and has both
    its parts as words ("awareness-" "raising", "well-" "known"). The next line keeps its
    place, less the word's end. A hyphen before "and", "or", "to" and a hyphened word is
    suspended ("troop-" "and police-contributing"): left as it is ("hon-" "or the" is not).

    >>> lines = ["the transla-", "tion of al-", "Kāẓimī's well-", "known words"]
    >>> _rejoined(lines, frozenset({"well", "known"}))
    ['the translation', "of al-Kāẓimī's", 'well-known', 'words']
    """
    lines = list(texts)
    for k in range(len(lines) - 1):
        broken = _HYPHEN_END.search(lines[k])
        opening = _LATIN_OPENING.match(lines[k + 1])
        if broken is None or opening is None:
            continue
        head, tail = broken.group(1), opening.group(1)
        rest = lines[k + 1][opening.end() :]
        if tail.lower() in _SUSPENDING and "-" in (rest.split(None, 1) or [""])[0]:
            continue  # "troop-" "and police-contributing": the hyphen is suspended
        joined = (head + tail).lower()
        hyphened = f"{head}-{tail}".lower()
        compound = lines[k][: broken.start(1)].endswith(_HYPHENS)  # "nuclear-weapon-"
        kept = (
            tail[0].isupper()
            or hyphened in words
            or (compound and tail.lower() in words)  # "free", not "capacity-build-" "ing"
            or (joined not in words and head.lower() in words and tail.lower() in words)
        )
        ending = lines[k][: broken.end(1) + (1 if kept else 0)]
        word_end = rest.split(None, 1)[0] if rest[:1].strip() else ""  # "Kāẓimī's", "tion,"
        lines[k] = ending + tail + word_end
        lines[k + 1] = rest[len(word_end) :].lstrip()
    return [line for k, line in enumerate(lines) if line or k == 0]


def is_short(text: str) -> bool:
    """Whether ``text`` has at most :data:`SHORT_WORDS` words: as long as a title, a byline,
    a date or a photo's caption."""
    return _words_at_most(text, SHORT_WORDS)


def is_short_line(text: str) -> bool:
    """Whether ``text`` reads as a line of its own, a title, a byline or a date: at most
    :data:`SHORT_WORDS` words, not ending a sentence."""
    return is_short(text) and not _SENTENCE_FINAL.search(text)


def _segment_units(
    segment: Sequence[Line],
    boundary: Boundary,
    width: int,
    vocabulary: _Words,
    going_on: Container[int] = (),
) -> list[Unit]:
    """Cut a run of lines of one script, with no other boundary inside, into its paragraphs.

    ``width`` is the widest line of the file's text on the segment's side. A line break ends
    a paragraph where the text cannot
    be hard-wrapped: in a file with a line wider than :data:`WRAP_WIDTH` (nobody wraps so
    wide), after a line that would have had room for the next line's first word, or at a
    heading (:func:`_heads`): "Article 3" under the full last line of Article 2. What is left
    are wrapped lines: one paragraph. A line that opens with a small letter or with
    punctuation that goes on (", Prime Minister") goes on the one before it whatever their
    lengths, and so does each line at a place of ``going_on`` (:func:`goes_on`).
    """
    parts = [[segment[0]]]
    reasons = [boundary]
    last = len(segment) - 1
    for k, (previous, line) in enumerate(pairwise(segment), 1):
        opening = line.text.lstrip()
        words = opening.split(maxsplit=1)
        room = len(previous.text.strip()) + 1 + len(words[0] if words else "") <= width
        if (
            (width > WRAP_WIDTH or room or (k < last and _heads(previous, opening, width)))
            and not _GOES_ON.match(opening)
            and k not in going_on
        ):
            parts.append([line])
            reasons.append("line break")
        else:
            parts[-1].append(line)
    return [_unit(part, reason, vocabulary) for part, reason in zip(parts, reasons, strict=True)]


def _heads(previous: Line, opening: str, width: int) -> bool:
    """Whether a line (``opening``: its text from its first character), not its block's last,
    is a heading after ``previous`` in text wrapped at ``width``: ``previous`` ends a
    sentence, and the line is short, at most half as wide as the text, opens with a letter
    or digit and ends in no colon. A sentence that goes on past the block ends it short;
    "(see A/69/720)" goes on; "The Committee decided the following:" leads into a list."""
    line = opening.rstrip()
    return (
        line[:1].isalnum()
        and not line.endswith(":")
        and 2 * len(line) <= width
        and is_short_line(line)
        and _SENTENCE_FINAL.search(previous.text.rstrip()) is not None
    )


def group_lines(found: Sequence[Line]) -> list[Unit]:
    """The units of ``found`` lines, in order: paragraphs and short lines, and verse, list or
    cue numbers as units of kind ``number`` (a verse number leading a line is cut off as one).

    A unit starts where a line carries a boundary (the file's top, a blank line, a dropped
    line), after a number, where the side of the letters changes from one line to the next
    (an Arabic line, then its English: :func:`side_of`; not where a line quotes on,
    :func:`goes_on`), and at a line break of a block of one
    paragraph a line (:func:`_segment_units`). A Latin word that a line-end hyphen broke is
    made whole on the line it begins (:func:`_rejoined`).
    """
    units: list[Unit] = []
    segment: list[Line] = []
    reason: Boundary = "start"
    pending: Boundary | None = None
    current: Language | None = None  # the side of the last line's letters
    opened: Language | None = None  # the side of the segment's first letters: its width's
    going_on: set[int] = set()  # where a line of the other side goes on (goes_on)

    # Each side's widest line, measured when a segment of several lines needs it: the side's
    # own, as a file's English may be wrapped at 72 columns and its Arabic a verse a line.
    widths: dict[Language | None, int] = {}
    known: list[frozenset[str]] = []  # the text's words, once a broken word needs them

    def words() -> frozenset[str]:
        if not known:
            known.append(_words_of(found))
        return known[0]

    def flush() -> None:
        if len(segment) == 1:  # most segments: a block of one line
            units.append(_unit(segment, reason))
        elif segment:
            if opened not in widths:
                widths[opened] = max(_widest(found, opened), NARROWEST_WRAP)
            units.extend(_segment_units(segment, reason, widths[opened], words, going_on))
        segment.clear()
        going_on.clear()

    for at, line in enumerate(found):
        pending = line.boundary or pending
        stripped = line.text.strip()
        side = _side_of_counts(line.arabic, line.latin)
        if _may_open_number(stripped[0]):
            lead = (
                (_LEADING_NUMBER.match(stripped) or _verse_number(found, at, stripped))
                if side
                else None
            )
            if lead or (not side and _NUMBER_LINE.fullmatch(stripped)):
                flush()
                number = lead.group().strip() if lead else stripped
                units.append(
                    _new(Unit, (number, line.number, 0, 0, 1, "number", pending or "line break"))
                )
                pending = "dropped line"
                if not lead:
                    continue
                line = Line(line.number, stripped[lead.end() :], line.arabic, line.latin)
        if not pending and side and current and side != current:
            if goes_on(found[at - 1].text, line.text, side, found[at - 2].text if at > 1 else ""):
                going_on.add(len(segment))
            else:
                pending = "script change"
        if pending:
            flush()
            reason = pending
            pending = None
            current = opened = None
        current = side or current
        opened = opened or side
        segment.append(line)
    flush()
    return units


#: A character of each side's script (a letter; for Arabic, its digits and marks too).
SIDE_SCRIPT: dict[Language, regex.Pattern[str]] = {
    "ar": regex.compile(r"\p{Arabic}"),
    "en": regex.compile(r"\p{Latin}"),
}
# A line's trailing stretch without letters of the other side's script (found from the
# line's end), and the first letter of the side's own in it.
_TRAILING = {
    "ar": (regex.compile(r"(?r)[^\p{Latin}]*$"), SIDE_SCRIPT["ar"]),
    "en": (regex.compile(r"(?r)[^\p{Arabic}]*$"), SIDE_SCRIPT["en"]),
}
_LETTER = regex.compile(r"\p{L}")
#: A sentence's end inside a text: final punctuation and its closing quotes or brackets, then
#: white space or the text's end ("S.A.)، التي" goes on: the Arabic comma continues the
#: sentence). It starts at the first mark of a run and takes its marks and closers
#: possessively: retried from every mark of a long run ("!!!!...") it would be quadratic.
SENTENCE_END = regex.compile(
    r"(?<![.!?\N{ARABIC QUESTION MARK}\N{ARABIC FULL STOP}])"
    r"[.!?\N{ARABIC QUESTION MARK}\N{ARABIC FULL STOP}]++[\p{Pe}\p{Pf}\"'»]*+(?=\s|$)",
    regex.V1,
)
# What opens a quotation or an aside: a quotation mark or an opening bracket after a space
# or at the line's start.
_OPENING_QUOTE = regex.compile(
    r"(?:^|\s)[\p{Ps}\"'\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    r"\N{DOUBLE LOW-9 QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}]$"
)


def goes_on(previous: str, line: str, side: Language, before: str = "") -> bool:
    """Whether ``line``, on ``side``, goes on with the line before it although that line's
    letters are the other side's: an Arabic paragraph wrapped across the English title it
    cites (``... وانظر أيضا "Iran`` / ``manufactures first home-made VTOL drone", ... 2015.
    وتشاطر الدولة`` / ...). The line before ends in no sentence end, and

    * it ends with words of ``side``'s script that open a quotation or a bracket or begin a
      sentence (``... 3 March 2015. وتشاطر الدولة``);
    * or it closes a quotation an earlier line opened (:func:`_closes_quotation`), or is a
      title, a quotation whole (``"Transforming our world: the 2030 Agenda"``), that the line
      ``before`` it led into (:func:`_introduces`);
    * or it leads into ``line``, a title; or ``line`` opens with words of the other script,
      the sentence or the quotation the line before began, and then ends it or opens a
      quotation (``والتحديات الأخرى. وانظر أيضا "Iran manufactures``, ``World" التي
      نشرتها``).

    A title and its translation on one line ("Summary | ملخص"), a title under its
    translation (quoted or not: a proverb, a subtitle's cue), and columns (a tab) go on
    with nothing."""
    text = previous.rstrip()
    if "\t" in text or "\t" in line or _SENTENCE_FINAL.search(text):
        return False
    trailing, own = _TRAILING[side]
    run = trailing.search(text)
    first = own.search(text, run.start()) if run else None
    if first is not None:
        lead = text[: first.start()]
        if _OPENING_QUOTE.search(lead) or _SENTENCE_FINAL.search(lead.rstrip()):
            return True
        if _ends_sentence_in(text, first.start(), len(text)):  # "لعام 2019. وتمت الإشارة"
            return True
    if _closes_quotation(text) or (_is_title(text) and _introduces(before.rstrip())):
        return True
    if _introduces(text) and _is_title(line.rstrip()):
        return True
    opening = own.search(line)  # the line's first letter of its side, and what comes before
    if opening is None:
        return False
    head = line[: opening.start()]
    return _LETTER.search(head) is not None and bool(
        _ends_sentence_in(head, 0, len(head))
        or _OPENING_QUOTE.search(head)
        or (_leaves_open(text) and _closes_quotation(head.rstrip()))
    )


#: Characters at least of a line that may lead into a title on the next: a line of wrapped
#: text (a subtitle's line, a heading is shorter).
WRAPPED_LINE = 50


def _introduces(line: str) -> bool:
    """Whether ``line`` may lead into a title standing whole on the next line, which goes on
    its sentence (``... إلى تقرير بعنوان`` / ``"Transforming our world"`` / ``الصادر عن``):
    a line of wrapped text ending in a letter, in no punctuation."""
    return len(line) >= WRAPPED_LINE and line[-1:].isalpha()


def _ends_sentence_in(text: str, start: int, end: int) -> bool:
    """Whether a sentence ends in ``text[start:end]``: not at an abbreviation's full stop or
    an initial's ("Dr. Jane", "U.S. Army", "H. Hourani"), told as the sentence splitter's
    Punkt tells them."""
    from .segment import punkt_parameters  # the abbreviations Punkt knows

    for match in SENTENCE_END.finditer(text, start, end):
        word = _WORD_BEFORE.search(text, 0, match.start())
        lang: Language = "en" if word and side_of(word[0]) == "en" else "ar"
        token = word[0].lower() if word else ""
        if len(token) != 1 and token not in punkt_parameters(lang).abbrev_types:
            return True
    return False


# The word before a full stop ("U.S", "Dr", "2019"), from the end of the text searched.
_WORD_BEFORE = regex.compile(r"(?r)[\w.]{1,12}\Z")


def _leaves_open(line: str) -> bool:
    """Whether ``line`` opens a quotation it does not close (``بعنوان "The State of Food``)."""
    return (
        line.count('"') % 2 == 1
        or line.count("\N{LEFT DOUBLE QUOTATION MARK}")
        > line.count("\N{RIGHT DOUBLE QUOTATION MARK}")
        or line.count("\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}")
        > line.count("\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}")
    )


def _is_title(line: str) -> bool:
    """Whether ``line`` is a quotation whole, with no sentence's end inside: a title."""
    line = line.lstrip()
    return _WHOLE_QUOTATION.fullmatch(line) is not None and not SENTENCE_END.search(line)


# A line that is a quotation whole (see _is_title).
_WHOLE_QUOTATION = regex.compile(
    r"[\"\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}]"
    r"[^\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]+"
    r"[\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]"
    r"[,;:\N{ARABIC COMMA}\p{Pe}]*"
)


# A quotation's closing mark ending a line, and the mark that opens what it closes.
_CLOSING_QUOTE = regex.compile(
    r"([\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}])"
    r"[,;:\N{ARABIC COMMA}\p{Pe}]*$"
)
_OPENER = {
    "\N{RIGHT DOUBLE QUOTATION MARK}": "\N{LEFT DOUBLE QUOTATION MARK}",
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}": (
        "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    ),
}


def _closes_quotation(line: str) -> bool:
    """Whether ``line`` ends closing a quotation that an earlier line opened (``Global
    Financial Crisis on Social and Economic Development in Vietnam"``): the text after it
    is the sentence's that quoted it, in the other script."""
    end = _CLOSING_QUOTE.search(line)
    if end is None:
        return False
    mark = end.group(1)
    if mark == '"':
        return line.count('"') % 2 == 1
    return _OPENER[mark] not in line


def _widest(found: Sequence[Line], side: Language | None) -> int:
    """The length of the widest line of ``found`` whose letters are on ``side`` (of any line
    for ``None``)."""
    return max(
        len(line.text.strip())
        for line in found
        if side is None or _side_of_counts(line.arabic, line.latin) == side
    )


def _verse_number(found: Sequence[Line], at: int, text: str) -> regex.Match[str] | None:
    """The bare number leading line ``at`` (``text``, stripped: :data:`_BARE_NUMBER`) where
    the line before or after leads with the number one less or one more: verse numbers, one
    verse a line ("١ وصار", "٢ «قم")."""
    match = _BARE_NUMBER.match(text)
    value = _value(match.group(1)) if match else None
    if value is None:
        return None
    for neighbour, step in ((at - 1, -1), (at + 1, 1)):
        if 0 <= neighbour < len(found):
            theirs = _BARE_NUMBER.match(found[neighbour].text.strip())
            if theirs and _value(theirs.group(1)) == value + step:
                return match
    return None


def _value(digits: str) -> int | None:
    """The number ``digits`` write in any digit system Python knows (``None`` for one that
    only the ``regex`` module's newer Unicode knows)."""
    try:
        return int(digits)
    except ValueError:
        return None


#: The script a side's text cannot be in.
OTHER_SCRIPT: dict[Language, Script] = {"ar": "latin", "en": "ar"}


#: Words at least that must end in "لا" before a text is taken to be in visual order.
VISUAL_ORDER_WORDS = 20
#: Characters of a text's opening paragraphs read for its order (some 600 words).
VISUAL_ORDER_SAMPLE = 4000


def in_visual_order(paragraphs: Sequence[str]) -> bool:
    """Whether Arabic ``paragraphs`` are stored in visual order, each line reversed, as some
    PDF extractors write them: the article "ال" that opens some quarter of Arabic words ends
    theirs. In the opening paragraphs (:data:`VISUAL_ORDER_SAMPLE` characters), words ending
    in "لا" are at least :data:`VISUAL_ORDER_WORDS` and three times those opening with "ال"
    (in logical order, a fifth at most on UN text; two to one at worst on the vowelled
    Bible, whose article is "ٱلْ", and Tatoeba's short sentences).

    >>> in_visual_order(["ةدحتملا ممألا يف لودلا عيمج " * 10]), in_visual_order(["الأمم المتحدة"])
    (True, False)
    """
    sample, size = [], 0  # the opening paragraphs: a reversed text is reversed throughout
    for paragraph in paragraphs:
        sample.append(paragraph[: VISUAL_ORDER_SAMPLE - size])  # not a whole long side's copy
        size += len(sample[-1])
        if size >= VISUAL_ORDER_SAMPLE:
            break
    text = " ".join(sample).replace("\n", " ")
    ending = text.count("لا ")
    return ending >= VISUAL_ORDER_WORDS and ending > 3 * text.count(" ال")


def misplaced_sides(ar_texts: Sequence[str], en_texts: Sequence[str]) -> set[Language]:
    """The sides given texts all in the other side's script (by :data:`DOMINANT_SHARE` of
    their letters), those without letters (an empty file) aside: the two sides swapped, or
    one given twice. A side with no letters, or with one text in its own script or mixed, is
    not misplaced.

    >>> sorted(misplaced_sides(["The report was adopted."], ["اعتمد التقرير.", ""]))
    ['ar', 'en']
    >>> misplaced_sides(["Iraq العراق", "The report."], ["The report."])
    set()
    """
    sides: tuple[tuple[Language, Sequence[str]], ...] = (("ar", ar_texts), ("en", en_texts))
    return {side for side, texts in sides if _all_in(texts, OTHER_SCRIPT[side])}


def _all_in(texts: Sequence[str], script: Script) -> bool:
    """Whether every text with letters is in ``script``, and one has letters: read until the
    first that is not (a crawl's side of thousands of documents, in its own script, is read
    one document in)."""
    found = False
    for text in texts:
        seen = detect_script(text).script
        if seen != "neutral":
            if seen != script:
                return False
            found = True
    return found


def side_of(text: str) -> Language | None:
    """The side the majority of ``text``'s letters belong to (Arabic on a tie), ``None`` for
    text without Arabic or Latin letters: the one rule for which side a piece of text goes to.

    >>> side_of("Iraq العراق"), side_of("Baghdad العراق"), side_of("12:1")
    ('ar', 'en', None)
    """
    ((arabic, latin),) = _letter_counts(text, [(0, len(text))])
    return _side_of_counts(arabic, latin - _names(text, arabic, latin))


def _side_of_counts(arabic: int, latin: int) -> Language | None:
    """:func:`side_of` of a text with these letter counts."""
    if not arabic and not latin:
        return None
    return "ar" if arabic >= latin else "en"


def paragraphs(text: str) -> list[Paragraph]:
    """Cut ``text`` into its units: paragraphs, short lines and numbers (:func:`group_lines`).

    Lines are numbered from 1 so that reports can point into the input file.

    >>> [(p.line, p.script) for p in paragraphs("Title\\n\\n\\nالنص العربي\\n")]
    [(1, 'latin'), (4, 'ar')]
    >>> [(p.line, p.kind, p.boundary) for p in paragraphs("12:1\\nIn the beginning.\\nفي البدء")]
    [(1, 'number', 'start'), (2, 'paragraph', 'dropped line'), (3, 'short', 'script change')]
    """
    return [unit.paragraph() for unit in group_lines(lines(text))]


def script_runs(text: str) -> list[tuple[Script, str]]:
    """Cut a mixed text into maximal runs of one script, in order.

    Neutral characters between two runs of different scripts belong to neither and are left
    out; neutral characters inside a run stay in it.

    >>> script_runs("Biden met الكاظمي in Washington")
    [('latin', 'Biden met'), ('ar', 'الكاظمي'), ('latin', 'in Washington')]
    """
    runs: list[tuple[Script, str]] = []
    for match in _RUNS.finditer(text):
        run = match.group()
        runs.append(("ar" if _ARABIC_LETTERS.match(run) else "latin", run))
    return runs
