"""Stage 2: cut a bilingual article into its Arabic and English paragraphs.

Scraped bilingual news comes in a few shapes: an English block then an Arabic block (or the
reverse), paragraphs interleaved one by one, or a single language. Around the text sits page
furniture (comment forms, share buttons, "Related posts") and, sometimes, the page's URL slug
glued to the title. :func:`split_article` sorts every paragraph to its side, drops the rest, and
says what it dropped and why, so that nothing disappears silently.

Choices, in order of application:

1. The text is read line by line. Furniture and slugs (2, 3) are cut out first; what remains is
   cut into units by :func:`bialign.detect.group_lines`: at blank lines, at every line break
   of a block of one paragraph a line (hard-wrapped lines stay one paragraph), where the
   script changes from one line to the next (not where a line goes on the one before: an
   Arabic paragraph wrapped across the English title it cites, :func:`bialign.detect.goes_on`),
   and around a dropped line. Verse, list and cue
   numbers standing alone on a line ("12:1", "3.", a SubRip time) and verse numbers leading a
   line are dropped with reason ``"number"``. Furniture is checked line by line, because
   scraped furniture often shares a block with other furniture or with text ("Please enter
   your comment!\nPlease enter your name here").
2. A line is *furniture* (reason ``"boilerplate"``) when the whole line, with marks removed and
   case folded, is a known phrase: comment forms, share/like/related widgets, copyright,
   cookie and newsletter lines, in English and Arabic. After such a line a *furniture tail*
   begins: further lines made only of widget words ("Google photo", "Name *", "Email",
   "Twitter", "طباعة") are furniture too, until a line that is not (a date or a figure is
   not). Those widget words are not dropped outside a tail, where "Twitter" on its own line may
   be a real caption. Labels that introduce content ("Source:", "المصدر:") are kept.
3. A *URL slug* (reason ``"url-slug"``) is a run of three or more words of one script joined
   by hyphens with no space, at the start or end of a line whose other letters are in the
   other script ("… “Dā‘iš”.الكاظمي:-العراق-لم-يعد-…"). A hyphenated phrase inside the text
   ("(Tweets-by-Beat)، التي …") is not at the line's edge and stays. A line that is nothing but
   a slug of five or more words (a one-language file opening with its page's slug) is one.
4. What remains of a paragraph goes to the side its script names (``ar`` -> Arabic, ``latin``
   -> English; :func:`bialign.detect.detect_script` lets a name or acronym of the other script
   stay inside, and names, code and addresses an Arabic sentence writes in Latin). A ``mixed``
   paragraph is cut where the script changes at a line break or a sentence end ("English
   sentence. الجملة العربية."), and between exactly two runs (a title glued to its
   translation) at a separator between them when they have about as many words ("Annual
   report - التقرير السنوي"), or else when both have four words or more (of each run, the
   words of its sentence next to the other); a run of the other
   script embedded in a sentence (a book title, a name) is not cut out. Each piece goes to
   the side of the majority of its letters; the pieces of one side are joined with a line
   break.
5. A paragraph with no letters at all (a date, a figure) is content of the side around it: it
   joins that side when the nearest paragraphs before and after it (whichever exist) are on
   the same side, and is dropped with reason ``"neutral"`` when they disagree or there are
   none, or it has no digit either (a rule of underscores over footnotes, "* * *").
6. One short line (a title, a byline) alone on a side against three or more paragraphs on
   the other is dropped with reason ``"stray-line"``: an English article with an Arabic
   byline is not bilingual, and its pair would be garbage.
7. The layout is read from the order of the sides: one run of each side is ``en-ar`` or
   ``ar-en``, more runs are ``interleaved``.

Kept paragraphs are the input's text with only leading and trailing white space removed, less
any furniture line, number or slug cut out of them (a mixed paragraph's pieces are slices of
it), and with each English word that a line-end hyphen broke made whole on the line it begins
("transla-" "tion", :func:`bialign.detect.group_lines`). Every non-space character of the
input but such a hyphen ends up in exactly one kept paragraph or one :class:`Dropped` record.
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, groupby, pairwise
from typing import Literal, NamedTuple, NoReturn

import regex

from bialign._checks import check_text
from bialign.chars import HAMZA_ALEF_FOLDS, indexed, strip_marks
from bialign.detect import (
    SENTENCE_END,
    Line,
    Unit,
    detect_script,
    goes_on,
    group_lines,
    lines,
    script_runs,
    side_of,
)
from bialign.languages import ar, en
from bialign.records import (
    ArticleSplit,
    Boundary,
    Dropped,
    Layout,
    Script,
    Structure,
)

__all__ = ["DOCUMENT_SYMBOL", "is_furniture_line", "read_units", "split_article"]

Side = Literal["ar", "en"]

_SIDE_OF_SCRIPT: dict[Script, Side] = {"ar": "ar", "latin": "en"}


# --- furniture -----------------------------------------------------------------------------

# Lines are compared after _furniture_key: marks removed, alef with hamza or madda folded,
# apostrophes and ellipses made ASCII, white space collapsed, case folded. The patterns below
# are written against that form (bare alef, "..." for "…"). Only the hamza alefs of
# chars.ARABIC_LETTER_FOLDS: the patterns spell teh marbuta and alef maqsura as written
# ("محفوظة", "على"), listing variants where pages differ.
_FOLDS: dict[str, int | str | None] = {
    **HAMZA_ALEF_FOLDS,
    "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{HORIZONTAL ELLIPSIS}": "...",
}
_FOLD = indexed(str.maketrans(_FOLDS))


@functools.cache
def _phrases() -> tuple[str, ...]:
    """Patterns of lines that are page furniture wherever they stand as a whole line, in
    English and Arabic (``bialign/data/furniture_*.txt``), and a site's menu: three or more
    items joined by | · • / » or >, the first and one more of them section names
    (``bialign/data/menu_*.txt``) of either language, as bilingual sites mix them, the others
    names of a word or two (a site's own sections: "Home | News | Reports | Contact us")."""
    sections = "|".join((*en.menu_items(), *ar.menu_items()))
    separator = " ?[|·•/»>] ?"
    item = f"{separator}(?:(?&section)|\\p{{L}}+(?: \\p{{L}}+)?)"
    known = f"{separator}(?&section)"
    # Three items or more, the first a section and another: a section, then either items and
    # a section (and items), or a section and items.
    menu = f"(?P<section>{sections})(?:(?:{item})+{known}(?:{item})*|{known}(?:{item})+)"
    return (*en.furniture_phrases(), *ar.furniture_phrases(), menu)


@functools.cache
def _phrase(index: int) -> regex.Pattern[str]:
    """Furniture pattern ``index`` of :func:`_phrases`, compiled on its own: the ``regex``
    parser is slow (some 20 ms for them all), and a document meets lines that may open only a
    few of the patterns, or none."""
    return regex.compile(_phrases()[index])


@functools.cache
def _widget_words() -> frozenset[str]:
    """Words of share buttons, avatar captions and form labels, in key form: a line made only
    of these (and of symbols) is furniture inside a tail."""
    return en.widget_words() | ar.widget_words()


_WORD = regex.compile(r"[\p{L}\p{M}\p{N}'-]*\p{L}[\p{L}\p{M}\p{N}'-]*")
_TAIL_MAX_WORDS = 6
_DIGIT = regex.compile(r"\p{N}")


def _furniture_key(line: str) -> str:
    """The form a line is compared in.

    >>> _furniture_key("  Log\\N{NO-BREAK SPACE}Out  …")
    'log out ...'
    """
    return " ".join(strip_marks(line).translate(_FOLD).split()).casefold()


# A line is checked against the furniture phrases on the key of its first characters first:
# whether some phrase could begin so, and prose fails it at once. What the phrases can begin
# with is read off the patterns' text (_openings), not asked of the compiled pattern: a regex
# call costs some 10 µs, and a document with no line that could be furniture never compiles
# the pattern (some 20 ms at a start).
_HEAD = 40
# Where the head's key is made from first: enough for most lines (marks and doubled spaces
# make the key shorter than the text).
_SHORT_HEAD = 8
#: How many characters of a phrase's beginning the screen knows.
_OPENING = 6
# Characters of an opening that stand for a set: any character (a class, \w, "."), a digit.
_ANY, _DIGIT_CHAR = "", "0-9"

_Openings = frozenset[tuple[str, ...]]
_Trie = dict[str, "_Trie"]
# A pattern as _OpeningReader reads it: ("char", c), ("seq", items), ("alt", branches),
# ("repeat", node, low, high) with high None for no bound, ("text",) for any text.
_Node = tuple[object, ...]
_QUANTIFIER = regex.compile(r"([?*+])\??|\{(\d*)(,?)(\d*)\}\??")
_QUANTIFIER_STARTS = ("?", "*", "+", "{")
# Characters _OpeningReader._atom reads as themselves, and that end no sequence.
_LITERALS = regex.compile(r"[^\\()\[.|^$*+?{]+")


# A character class of a pattern's text: a "]" first (after any "^") is a member, and so is
# any escaped character.
_CLASS = regex.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]", regex.DOTALL)


class _OpeningReader:
    r"""The openings (first :data:`_OPENING` characters, or all of a shorter one) of the lines
    a furniture pattern matches, read off its text: literals, ``(?:…)``, ``(?P<name>…)``,
    alternatives, ``?``, ``*``, ``+`` and ``{m,n}``; a class, ``\w``, ``\p{…}`` or ``.``
    stands for any character, ``\d`` for a digit, a recursion ``(?&name)`` for any text,
    ``\b`` for nothing.
    A superset of the truth, then: the screen may pass prose, never fail a phrase. Other
    syntax raises ``ValueError`` (a test reads every pattern)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0
        self.known: dict[tuple[int, int], _Openings] = {}

    def openings(self) -> _Openings:
        """The pattern's openings."""
        node = self._alternatives()
        if self.at != len(self.pattern):
            self._unread()
        return self._of(node, _OPENING)

    def _unread(self) -> NoReturn:
        raise ValueError(f"furniture pattern syntax the screen cannot read: {self.pattern!r}")

    def _alternatives(self) -> _Node:
        branches = [self._sequence()]
        while self.pattern.startswith("|", self.at):
            self.at += 1
            branches.append(self._sequence())
        return ("alt", tuple(branches))

    def _sequence(self) -> _Node:
        items: list[_Node] = []
        while self.at < len(self.pattern) and self.pattern[self.at] not in "|)":
            # Most of a pattern is runs of literal characters, read at once: all but the last,
            # which a quantifier may follow.
            run = _LITERALS.match(self.pattern, self.at)
            if run is not None and run.end() - self.at > 1:
                items += [("char", char) for char in self.pattern[self.at : run.end() - 1]]
                self.at = run.end() - 1
            items.append(self._quantified(self._atom()))
        return ("seq", tuple(items))

    def _atom(self) -> _Node:
        pattern, at = self.pattern, self.at
        char = pattern[at]
        self.at += 1
        if pattern.startswith("(?&", at):  # a recursion
            self.at = pattern.index(")", at) + 1
            return ("text",)
        if char == "(":
            if pattern.startswith("(?:", at):
                self.at = at + 3
            elif pattern.startswith("(?P<", at):
                self.at = pattern.index(">", at) + 1
            else:
                self._unread()
            node = self._alternatives()
            if not pattern.startswith(")", self.at):
                self._unread()
            self.at += 1
            return node
        if char == "[":
            whole = _CLASS.match(pattern, at)
            if whole is None:
                self._unread()
            self.at = whole.end()
            return ("char", _ANY)
        if char == ".":
            return ("char", _ANY)
        if char == "\\":
            escaped = pattern[at + 1]
            self.at += 1
            if escaped == "b":
                return ("seq", ())
            if escaped in "dw":
                return ("char", _DIGIT_CHAR if escaped == "d" else _ANY)
            if escaped in "pP":  # a property: \p{L}, or \pL
                self.at = pattern.index("}", at) + 1 if pattern.startswith("{", at + 2) else at + 3
                return ("char", _ANY)
            if escaped.isalnum():
                self._unread()
            return ("char", escaped)
        if char in "^$*+?{":
            self._unread()
        return ("char", char)

    def _quantified(self, node: _Node) -> _Node:
        # Most atoms have no quantifier: a look at the next character is cheaper than a match.
        if not self.pattern.startswith(_QUANTIFIER_STARTS, self.at):
            return node
        bounds = _QUANTIFIER.match(self.pattern, self.at)
        if bounds is None:
            return node
        self.at = bounds.end()
        sign, low, comma, high = bounds.group(1, 2, 3, 4)
        if sign:
            return ("repeat", node, int(sign == "+"), 1 if sign == "?" else None)
        upper = int(high) if high else None if comma else int(low)
        return ("repeat", node, int(low or 0), upper)

    def _of(self, node: _Node, limit: int) -> _Openings:
        """The openings of ``node`` cut to ``limit`` characters."""
        if limit == 0:
            return frozenset({()})
        key = (id(node), limit)
        if key not in self.known:
            self.known[key] = self._read(node, limit)
        return self.known[key]

    def _read(self, node: _Node, limit: int) -> _Openings:
        kind = node[0]
        if kind == "char":
            return frozenset({(str(node[1]),)})
        if kind == "text":
            return frozenset((_ANY,) * length for length in range(limit + 1))
        if kind == "alt":
            branches: tuple[_Node, ...] = node[1]  # type: ignore[assignment]
            return frozenset().union(*(self._of(branch, limit) for branch in branches))
        if kind == "seq":
            items: tuple[_Node, ...] = node[1]  # type: ignore[assignment]
            found: _Openings = frozenset({()})
            for item in items:
                if all(len(head) == limit for head in found):  # the rest is past the limit
                    break
                if item[0] == "char":  # most items: what _then makes of one, made directly
                    found = frozenset(
                        head if len(head) == limit else (*head, str(item[1])) for head in found
                    )
                else:
                    found = self._then(found, item, limit)
            return found
        _, atom, low, high = node
        assert isinstance(atom, tuple) and isinstance(low, int)
        repeated: set[tuple[str, ...]] = set()
        current: _Openings = frozenset({()})
        for count in range(low + limit + 1):  # more repetitions make no new opening
            if count >= low:
                if count > low and current <= repeated:  # nor will any further
                    break
                repeated |= current
            if count == high:
                break
            current = self._then(current, atom, limit)
        return frozenset(repeated)

    def _then(self, heads: _Openings, node: _Node, limit: int) -> _Openings:
        """The openings of a line of ``heads`` followed by one of ``node``."""
        return frozenset(
            head + tail for head in heads for tail in self._of(node, limit - len(head))
        )


@functools.cache
def _phrase_openings() -> tuple[_Openings, ...]:
    """The openings of each furniture pattern of :func:`_phrases`."""
    return tuple(_OpeningReader(pattern).openings() for pattern in _phrases())


def _trie(openings: Iterable[tuple[str, ...]]) -> _Trie:
    """``openings`` as a trie: a character to the trie of what may follow it, :data:`_ANY`
    and :data:`_DIGIT_CHAR` standing for their sets."""
    trie: _Trie = {}
    for opening in openings:
        node = trie
        for char in opening:
            node = node.setdefault(char, {})
    return trie


@functools.cache
def _openings() -> _Trie:
    """The openings of every furniture pattern, as one trie."""
    return _trie(chain.from_iterable(_phrase_openings()))


@functools.cache
def _phrase_tries() -> tuple[_Trie, ...]:
    """The openings of each furniture pattern, as a trie each: which patterns a line that
    passes the screen must be matched against."""
    return tuple(_trie(openings) for openings in _phrase_openings())


def _may_open(key: str) -> bool:
    """Whether some furniture phrase may begin with ``key`` (in :func:`_furniture_key` form):
    all of it, or its first :data:`_OPENING` characters, begin an opening.

    >>> _may_open("leave a"), _may_open("leaves"), _may_open("page 12"), _may_open("12 x")
    (True, False, True, False)
    """
    return _may_open_opening(key[:_OPENING])


@functools.lru_cache(maxsize=1 << 12)
def _may_open_opening(opening: str) -> bool:
    """:func:`_may_open` of a key's first :data:`_OPENING` characters, all it reads: lines
    open alike ("in the", "i have"), and the walk down the trie is a dozen calls."""
    return _opens(_openings(), opening, 0)


def _opens(node: _Trie, key: str, at: int) -> bool:
    """Whether ``key[at:]`` continues an opening below ``node``."""
    if at == len(key) or at == _OPENING:
        return True
    char = key[at]
    child = node.get(char)
    if child is not None and _opens(child, key, at + 1):
        return True
    child = node.get(_ANY)
    if child is not None and _opens(child, key, at + 1):
        return True
    child = node.get(_DIGIT_CHAR)
    return child is not None and _may_be_digit(char) and _opens(child, key, at + 1)


def _may_be_digit(char: str) -> bool:
    r"""Whether a pattern's ``\d`` may match ``char``: a decimal digit, or a character this
    Python does not know (the ``regex`` module may know a newer Unicode)."""
    return unicodedata.category(char) in ("Nd", "Cn")


@functools.lru_cache(maxsize=1 << 12)
def _may_open_furniture(word: str) -> bool:
    """Whether a line beginning with ``word`` may be a furniture phrase: the key of a line
    begins with its first word's key, so a line whose first word no phrase begins with is
    prose, and first words repeat (a cache of them answers most lines)."""
    return _may_open(_furniture_key(word))


@functools.lru_cache(maxsize=1 << 10)
def _may_open_with(char: str) -> bool:
    """Whether a line whose first character is ``char`` may be a furniture phrase: a character
    that the key keeps (case folded) begins the key, and most begin no phrase. One the key
    drops or changes (a mark, a folded alef, a presentation form) may begin anything.

    >>> _may_open_with("L"), _may_open_with("Q"), _may_open_with("\N{ARABIC FATHA}")
    (True, False, True)
    """
    folded = char.casefold()
    return _furniture_key(char) != folded or _may_open(folded)


def _is_furniture(line: str, in_tail: bool) -> bool:
    """Whether ``line`` is furniture: a known phrase, a running head, or widget words inside a
    tail."""
    if "\t" in line and _is_running_head(line):
        return True
    if not in_tail:  # a phrase must begin the line: its first character, word, head may
        # The first word from the head: splitting the whole line copies all of it.
        first = line[:_HEAD].split(None, 1)
        if len(first) == 1 and len(line) > _HEAD:  # a word longer than the head
            first = line.split(None, 1)
        if first and not (_may_open_with(first[0][0]) and _may_open_furniture(first[0])):
            return False
        # The screen reads a key's first _OPENING characters: an ASCII word that long is its
        # own key's (case folded), and the head would tell no more.
        long_word = first and len(first[0]) >= _OPENING and first[0].isascii()
        if not long_word and not _may_open(_head_key(line)):
            return False
    key = _furniture_key(line)
    return _is_phrase(key) or (in_tail and _is_widget_line(key)) or _is_glued_furniture(line)


def is_furniture_line(line: str) -> bool:
    """Whether ``line``, standing alone, is furniture the splitter leaves out: a known
    phrase, a running head set apart by tabs, phrases glued by title separators, a menu.

    >>> is_furniture_line("Leave a Reply"), is_furniture_line("Leave the city at dawn.")
    (True, False)
    """
    return bool(line.strip()) and _is_furniture(line, False)


#: Characters at most in a line of furniture phrases glued together: a few phrases, each a
#: few words.
_GLUED_FURNITURE_MAX = 200


def _is_glued_furniture(line: str) -> bool:
    """Whether ``line`` is phrases of furniture, each glued to the next by a title separator:
    a heading and its translation ("Leave a Reply | اترك تعليقاً"), a menu ("Home | News")."""
    if len(line) > _GLUED_FURNITURE_MAX:  # a paragraph: not read through for separators
        return False
    parts = _TITLE_SEPARATOR.split(line)[::2]
    return len(parts) > 1 and all(_is_phrase(_furniture_key(part)) for part in parts)


#: Words at most in a field of a running head that is not furniture itself (a title, a date).
_RUNNING_HEAD_WORDS = 12


def _is_running_head(line: str) -> bool:
    """Whether ``line`` is a word processor's running head or foot, as its text export
    writes one: fields set apart by tabs, one of them furniture with a number on its own
    (``Page 3``), the others short, all in one script. A table's row is not: an English
    field beside its Arabic ("Share<tab>مشاركة"), or a label and its figures ("Share<tab>25%").

    >>> _is_running_head("Universal Declaration of Human Rights\\t\\t\\tPage 2")
    True
    >>> _is_running_head("Article 15\\tEveryone has the right to a nationality.")
    False
    >>> _is_running_head("Share\\t25%\\t30%"), _is_running_head("Share\\tمشاركة")
    (False, False)

    A document symbol is in no script (``DP/2015/9<tab>صفحة ٢``, the Arabic edition's head).

    >>> _is_running_head("DP/2015/9\\t\\tصفحة ٢")
    True
    """
    fields = [field for field in line.split("\t") if field.strip()]
    if len(fields) < 2:  # an indented line: its caller reads it whole
        return False
    verdicts = [
        _is_furniture(field, in_tail=False) and _DIGIT.search(field) is not None for field in fields
    ]
    return (
        any(verdicts)
        and all(
            furniture or len(field.split()) <= _RUNNING_HEAD_WORDS
            for field, furniture in zip(fields, verdicts, strict=True)
        )
        and len(
            {side_of(field) for field in fields if not DOCUMENT_SYMBOL.fullmatch(field)} - {None}
        )
        == 1
    )


#: A document symbol, as UN documents head their pages with: ``A/70/123``, ``DP/2015/9``,
#: ``E/CN.6/2015/L.1``.
DOCUMENT_SYMBOL = regex.compile(r"\s*[A-Z]{1,6}(?:/[A-Za-z0-9.-]+)+\s*")


def _head_key(line: str) -> str:
    """The key of the head of ``line``: at least :data:`_OPENING` characters of its key (or
    all of a shorter one), from as few of its characters as give them, since the key's cost
    grows with the text it is made from; the key of a line's start is its key's start."""
    key = _furniture_key(line[:_SHORT_HEAD])
    return key if len(key) >= _OPENING else _furniture_key(line[:_HEAD])


def _is_phrase(key: str) -> bool:
    """Whether a line (in :func:`_furniture_key` form) is a whole furniture phrase: one of the
    patterns that may open so matches all of it (the others cannot)."""
    return _may_open(key) and any(
        _opens(trie, key, 0) and _phrase(index).fullmatch(key) is not None
        for index, trie in enumerate(_phrase_tries())
    )


def _is_widget_line(key: str) -> bool:
    """Whether a line (in :func:`_furniture_key` form) holds only widget words and symbols.

    A line of digits (a date, a figure) is not a widget line: it is content.

    >>> _is_widget_line("google photo"), _is_widget_line("common interests")
    (True, False)
    >>> _is_widget_line("* |"), _is_widget_line("25/07/2021")
    (True, False)
    """
    words = _WORD.findall(key)
    if not words:
        return not _DIGIT.search(key)
    widget_words = _widget_words()
    return len(words) <= _TAIL_MAX_WORDS and all(word in widget_words for word in words)


# --- URL slugs -----------------------------------------------------------------------------

# One hyphen-joined run per script: word characters of that script, digits, marks and tatweel,
# a segment may end in the punctuation a title carries into its slug ("الكاظمي:-العراق").
_SLUG_SEGMENT_PUNCT = r"[:,.!?'\N{ARABIC COMMA}\N{ARABIC QUESTION MARK}]?"
_SLUG = {
    script: regex.compile(
        rf"(?<![{letters}\p{{M}}\p{{N}}-])"
        rf"[{letters}\p{{M}}\p{{N}}\N{{ARABIC TATWEEL}}]+{_SLUG_SEGMENT_PUNCT}"
        rf"(?:-[{letters}\p{{M}}\p{{N}}\N{{ARABIC TATWEEL}}]+{_SLUG_SEGMENT_PUNCT}){{2,}}"
        rf"(?![{letters}\p{{M}}\p{{N}}-])",
        regex.V1,
    )
    for script, letters in (
        ("ar", r"[\p{Script=Arabic}&&\p{L}]"),
        ("latin", r"[\p{Script=Latin}&&\p{L}]"),
    )
}
_LETTER = regex.compile(r"\p{L}")
# The first and the last word (white space to white space) that holds a letter.
_LETTER_WORD = regex.compile(r"\S*\p{L}\S*")
_LAST_LETTER_WORD = regex.compile(r"(?r)\S*\p{L}\S*")
_MIN_SLUG_WORDS = 3
# A slug that is a whole line (a file of one language opening with its page's slug) needs more
# words: "state-of-the-art" alone on a line is a phrase.
_MIN_LINE_SLUG_WORDS = 5
# What every slug holds: three runs of characters joined by two hyphens, no space in between.
_HYPHEN_CHAIN = regex.compile(r"[^\s-]-[^\s-]+-[^\s-]")
_OTHER: dict[Script, Script] = {"ar": "latin", "latin": "ar"}
# Slugs are looked for within this many characters of a line's ends. A slug is a short URL
# path; the pattern backtracks quadratically along a long hyphen chain, so a dump without line
# breaks ("a-b-c-…", megabytes of it) would otherwise take hours.
_SLUG_WINDOW = 2000


def _edge_candidates(line: str, script: Script) -> list[regex.Match[str]]:
    """The last and the first slug-shaped match of ``line``, searched near its ends only."""
    pattern = _SLUG[script]
    if len(line) <= 2 * _SLUG_WINDOW:
        matches = list(pattern.finditer(line))
        return matches[-1:] + matches[:1]
    # endpos makes the window's end look like the line's end: a match touching it is cut short.
    head = [m for m in pattern.finditer(line, 0, _SLUG_WINDOW) if m.end() < _SLUG_WINDOW]
    tail = list(pattern.finditer(line, len(line) - _SLUG_WINDOW))
    return tail[-1:] + head[:1]


def _slug_at_edge(line: str, script: Script) -> regex.Match[str] | None:
    """The slug of ``script`` at the start or end of ``line`` (by letters), if there is one."""
    for match in _edge_candidates(line, script):
        at_edge = not _LETTER.search(line, match.end()) or not _LETTER.search(
            line, 0, match.start()
        )
        words = sum(1 for part in match.group().split("-") if _LETTER.search(part))
        if at_edge and words >= _MIN_SLUG_WORDS:
            rest = line[: match.start()] + " " + line[match.end() :]
            verdict = detect_script(rest).script
            if verdict == _OTHER[script] or (
                verdict == "neutral" and words >= _MIN_LINE_SLUG_WORDS
            ):
                return match
    return None


def _may_hold_edge_slug(line: str) -> bool:
    """Whether the first or the last word of ``line`` that holds a letter may hold a slug at
    the line's edge: a slug holds no space and has letters, so a slug with no letter before
    it (or after it) lies in the first (or last) such word. One with fewer than two hyphens
    rules its edge out; hyphenated words inside the line ("day-to-day") are not looked at.

    >>> _may_hold_edge_slug("96. A day-to-day plan."), _may_hold_edge_slug("Title.a-b-c 1")
    (False, True)
    """
    first = _LETTER_WORD.search(line)
    if first is None:
        return False
    last = _LAST_LETTER_WORD.search(line)
    return first.group().count("-") >= 2 or (last is not None and last.group().count("-") >= 2)


def _cut_slug(line: str) -> tuple[str, str | None]:
    """Split a line into the text to keep and the URL slug glued to it (or ``None``).

    >>> _cut_slug("Iraq’s title.العراق-لم-يعد-بحاجة")
    ('Iraq’s title.', 'العراق-لم-يعد-بحاجة')
    >>> _cut_slug("a state-of-the-art plan")
    ('a state-of-the-art plan', None)
    >>> _cut_slug("chapter-33-and-jacob-lifted-up-his-eyes")
    ('', 'chapter-33-and-jacob-lifted-up-his-eyes')
    """
    # No slug without three hyphen-joined words: most lines, and the count is quicker.
    if line.count("-") < 2 or not _may_hold_edge_slug(line) or not _HYPHEN_CHAIN.search(line):
        return line, None
    for script in ("ar", "latin"):
        match = _slug_at_edge(line, script)
        if match:
            left, right = line[: match.start()].rstrip(), line[match.end() :].lstrip()
            return (f"{left} {right}" if left and right else left or right), match.group()
    return line, None


# --- mixed paragraphs ----------------------------------------------------------------------

_PAIR_MIN_WORDS = 4
_SPACE = regex.compile(r"\s")


def _cut_in_gap(text: str, start: int, end: int, side: Side | None) -> int | None:
    """Where a sentence, line or column ends last in ``text[start:end]``, before a run of
    ``side``'s script: after a line break (but where the next line goes on with the one
    before, :func:`bialign.detect.goes_on`), a tab (side-by-side text: a glossary, a table
    saved as text) or sentence-final punctuation ("3 March\\n2015. وتشاطر": after "2015.");
    ``None`` when there is none."""
    tab = text.rfind("\t", start, end)
    newline = text.rfind("\n", start, end)
    if newline > tab and side is not None:
        line_start = text.rfind("\n", 0, newline) + 1
        line_end = text.find("\n", newline + 1)
        after = text[newline + 1 : len(text) if line_end < 0 else line_end]
        before = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)]
        if goes_on(text[line_start:newline], after, side, before):
            newline = -1
    ends = list(SENTENCE_END.finditer(text, max(start, newline, tab), end))
    last = max(newline, tab) + 1 if max(newline, tab) >= 0 else None
    return ends[-1].end() if ends else last


def _run_spans(text: str) -> list[tuple[Script, int, int]]:
    """:func:`bialign.detect.script_runs` with the offsets of each run."""
    spans = []
    position = 0
    for script, run in script_runs(text):
        start = text.index(run, position)
        position = start + len(run)
        spans.append((script, start, position))
    return spans


def _mixed_cuts(text: str) -> list[int]:
    """Offsets at which a mixed-script text changes side (see the module docstring, step 4).

    >>> text = "English sentence. الجملة العربية."
    >>> [text[:cut] for cut in _mixed_cuts(text)]
    ['English sentence.']
    """
    spans = _run_spans(text)
    cuts = []
    # Stretches between sentence ends or line breaks, as lists of runs.
    chunks = [spans[:1]]
    for previous, current in pairwise(spans):
        cut = _cut_in_gap(text, previous[2], current[1], _SIDE_OF_SCRIPT.get(current[0]))
        if cut is None:
            chunks[-1].append(current)
        else:
            cuts.append(cut)
            chunks.append([current])
    for chunk in chunks:
        # Exactly two runs with no sentence end between: a title glued to its translation,
        # when a separator stands between two of about as many words (not "عنوان - Galaxy
        # S24", a name after an Arabic title), or both are long.
        if len(chunk) != 2:
            continue
        gap_start, gap_end = chunk[0][2], chunk[1][1]
        # Each run's words next to the other: a sentence before them is not the title's.
        (_, first_start, first_end), (_, second_start, second_end) = chunk
        ends = list(SENTENCE_END.finditer(text, first_start, first_end))
        first = text[ends[-1].end() if ends else first_start : first_end]
        end = SENTENCE_END.search(text, second_start, second_end)
        second = text[second_start : end.end() if end else second_end]
        words = [len(first.split()), len(second.split())]
        separator = _TITLE_SEPARATOR.search(text[gap_start:gap_end])
        if separator and 2 * min(words) >= max(words):  # "Report 2023 - التقرير": the dash
            cuts += [gap_start + separator.start(1), gap_start + separator.end(1)]
        elif min(words) >= _PAIR_MIN_WORDS:
            spaces = list(_SPACE.finditer(text, gap_start, gap_end))
            cuts.append(spaces[-1].end() if spaces else gap_end)
    return sorted(cuts)


#: What may stand between a title and its translation, belonging to neither: a dash, a bar,
#: a slash or a dot between spaces (or the two runs).
_TITLE_SEPARATOR = regex.compile(
    r"(?:^|\s)([-\N{EN DASH}\N{EM DASH}|/\N{MIDDLE DOT}\N{BULLET}])(?:\s|$)", regex.V1
)


# --- assembling ----------------------------------------------------------------------------


class _Piece(NamedTuple):
    """A kept paragraph (or part of one) before neutral paragraphs are placed (a named tuple:
    one is made for every unit)."""

    side: Side | None  # None: no letters, placed by its neighbours
    text: str
    line: int
    short: bool = False  # a short line of its own: a title, a byline


def _split_mixed(text: str, lines: _LineMap) -> list[_Piece]:
    """One piece per side for a mixed paragraph, in order of first appearance, and a piece
    of no side for the separator between a title and its translation (:func:`_mixed_cuts`),
    which the two sides around it leave out (:func:`_place_neutral`)."""
    bounds = [0, *_mixed_cuts(text), len(text)]
    pieces: list[_Piece] = []
    by_side: dict[Side, list[str]] = {}
    for start, end in pairwise(bounds):
        segment = text[start:end]
        if segment.strip():
            offset = start + len(segment) - len(segment.lstrip())
            side = side_of(segment)
            if side not in by_side:
                pieces.append(_Piece(side, segment.strip(), lines.at(offset)))
            if side is not None:
                by_side.setdefault(side, []).append(segment.strip())
    return [
        piece if piece.side is None else piece._replace(text="\n".join(by_side[piece.side]))
        for piece in pieces
    ]


@dataclass(frozen=True)
class _LineMap:
    """Where each line of a paragraph's kept text starts, and its line number in the input."""

    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def at(self, offset: int) -> int:
        """The input line number of ``offset`` in the kept text."""
        return self.numbers[max(bisect_right(self.starts, offset) - 1, 0)]


def _pieces(units: Sequence[Unit], side: Side | None) -> list[_Piece]:
    """The pieces of the content units (not numbers), in order: each unit sorted to its
    side(s); with ``side`` (one file of a two-file document), all of it goes there.

    One loop over the units, the pieces made as tuples (see :data:`bialign.detect._new`):
    most units are one piece, and a call a unit cost more than the piece."""
    pieces: list[_Piece] = []
    for unit in units:
        if unit.kind == "number":
            continue
        if side is not None:
            pieces.append(tuple.__new__(_Piece, (side, unit.text, unit.line, False)))
        elif (script := unit.script) != "mixed":
            short = unit.kind == "short"
            pieces.append(
                tuple.__new__(_Piece, (_SIDE_OF_SCRIPT.get(script), unit.text, unit.line, short))
            )
        else:
            pieces += _mixed_pieces(unit)
    return pieces


def _blocks(units: Sequence[Unit], pieces: Sequence[_Piece]) -> list[int]:
    """The block each of ``pieces`` was cut from, numbered: a unit, with the units after it
    that only a change of script cut from it (a bilingual cue's Arabic and English lines; a
    mixed unit gives each side a piece too). Found by line: a piece's line is in its unit."""
    starts = [unit.line for unit in units]
    numbers = list(accumulate(int(unit.boundary != "script change") for unit in units))
    return [numbers[bisect_right(starts, piece.line) - 1] for piece in pieces]


def _mixed_pieces(unit: Unit) -> list[_Piece]:
    """The pieces of a mixed unit (:func:`_split_mixed`)."""
    starts: list[int] = []
    offset = 0
    for line in unit.text.split("\n"):
        starts.append(offset)
        offset += len(line) + 1
    numbers = tuple(range(unit.line, unit.line + len(starts)))
    return _split_mixed(unit.text, _LineMap(tuple(starts), numbers))


def _without_slug(line: Line, dropped: list[Dropped]) -> Line | None:
    """``line`` less the URL slug glued to it (recorded in ``dropped``); ``None`` when nothing
    is left."""
    rest, slug = _cut_slug(line.text)
    if slug is None:
        return line
    dropped.append(Dropped(slug, "url-slug", line.number))
    if not rest.strip():
        return None
    report = detect_script(rest)
    latin = report.latin_letters - report.latin_names
    return Line(line.number, rest, report.arabic_letters, latin, line.boundary)


def read_units(text: str) -> tuple[list[Unit], list[Dropped]]:
    """The units of ``text`` once furniture and slugs are cut out, and what was cut (numbers
    too, which are units of kind ``number`` as well).

    Furniture is found line by line (a phrase, then a tail of widget words); a dropped line is
    a boundary between the units around it. What remains is grouped by
    :func:`bialign.detect.group_lines`.
    """
    kept: list[Line] = []
    dropped: list[Dropped] = []
    furniture: list[tuple[int, str]] = []
    in_tail = False
    pending: Boundary | None = None
    for line in lines(text):
        # Consecutive furniture of one block is one record. (Calls made only where there is
        # something to do: a call a line costs more than most lines' checks.)
        if furniture and line.boundary is not None:
            _flush_furniture(furniture, dropped)
        pending = line.boundary or pending
        if _is_furniture(line.text, in_tail):
            in_tail = True
            furniture.append((line.number, line.text.strip()))
            pending = pending or "dropped line"
            continue
        in_tail = False
        if furniture:
            _flush_furniture(furniture, dropped)
        rest = _without_slug(line, dropped) if "-" in line.text else line  # a slug has hyphens
        if rest is None:
            pending = pending or "dropped line"
            continue
        kept.append(rest if rest.boundary == pending else rest._replace(boundary=pending))
        pending = None
    _flush_furniture(furniture, dropped)
    units = group_lines(kept)
    dropped += [Dropped(unit.text, "number", unit.line) for unit in units if unit.kind == "number"]
    return units, dropped


def _flush_furniture(furniture: list[tuple[int, str]], dropped: list[Dropped]) -> None:
    """Record consecutive furniture lines of one block as one dropped block."""
    if furniture:
        dropped.append(
            Dropped("\n".join(text for _, text in furniture), "boilerplate", furniture[0][0])
        )
        furniture.clear()


def _place_neutral(pieces: Sequence[_Piece]) -> list[Side | None]:
    """The side of each piece: a letterless piece's is its neighbours' when they agree and it
    has a digit, else ``None``."""
    placed = [piece.side for piece in pieces]
    if None not in placed:  # most documents: nothing to place
        return placed
    before: list[Side | None] = []
    last: Side | None = None
    for piece in pieces:
        before.append(last)
        last = piece.side or last
    after: list[Side | None] = []
    last = None
    for piece in reversed(pieces):
        after.append(last)
        last = piece.side or last
    after.reverse()
    for index, (piece, previous, following) in enumerate(zip(pieces, before, after, strict=True)):
        if piece.side is None:
            sides = {side for side in (previous, following) if side is not None}
            # A rule ("__________", "* * *") says nothing: nothing to pair it with.
            said = any(char.isalnum() for char in piece.text)
            placed[index] = sides.pop() if len(sides) == 1 and said else None
    return placed


#: A side with one short line and nothing else is a stray line (an Arabic byline, a name)
#: when the other side has at least this many paragraphs: an article in one language.
_STRAY_AGAINST = 3


def _is_stray(side: Sequence[_Piece], other: Sequence[_Piece]) -> bool:
    """Whether ``side`` is one short line alone against a whole article on ``other``: nothing
    to align it with that could be trusted (its pair would be a title against a paragraph)."""
    return len(side) == 1 and side[0].short and len(other) >= _STRAY_AGAINST


def _layout(sides: Sequence[Side]) -> Layout:
    """Name the layout from the sides of the content paragraphs in reading order.

    >>> _layout(["en", "en", "ar"]), _layout(["ar", "en", "ar"]), _layout([])
    ('en-ar', 'interleaved', 'empty')
    """
    runs = [side for side, _ in groupby(sides)]
    if not runs:
        return "empty"
    if len(runs) == 1:
        return "ar-only" if runs[0] == "ar" else "en-only"
    if len(runs) == 2:
        return "ar-en" if runs[0] == "ar" else "en-ar"
    return "interleaved"


def split_article(text: str, side: Side | None = None) -> ArticleSplit:
    """Split raw article text into Arabic and English paragraphs, dropping boilerplate.

    With ``side``, ``text`` is one file of a two-file document: it is cleaned the same way
    (furniture, slugs, numbers), and everything kept goes to ``side``.

    >>> result = split_article("Title.العنوان-هنا-بالعربية\\n\\nالنص\\n\\nLeave a Reply")
    >>> result.en, result.ar, result.layout
    (('Title.',), ('النص',), 'en-ar')
    >>> [(d.reason, d.line) for d in result.dropped]
    [('url-slug', 1), ('boilerplate', 5)]
    """
    check_text("text", text)
    units, dropped = read_units(text)
    pieces = _pieces(units, side)
    sides: dict[Side, list[_Piece]] = {"ar": [], "en": []}
    kept: list[tuple[Side, _Piece]] = []  # in reading order
    for placed, piece in zip(_place_neutral(pieces), pieces, strict=True):
        if placed is None:
            dropped.append(Dropped(piece.text, "neutral", piece.line))
        else:
            sides[placed].append(piece)
            kept.append((placed, piece))
    pairs: tuple[tuple[Side, Side], ...] = (("ar", "en"), ("en", "ar"))
    for lone, other in pairs:
        if _is_stray(sides[lone], sides[other]):
            dropped += [Dropped(piece.text, "stray-line", piece.line) for piece in sides[lone]]
            pieces = [piece for piece in pieces if piece.side != lone]
            sides[lone] = []
    boundaries = Counter([unit.boundary for unit in units])
    layout = _layout([piece.side for piece in pieces if piece.side is not None])
    if layout == "interleaved":  # a stray side was emptied
        kept = [(placed, piece) for placed, piece in kept if sides[placed]]
    else:
        kept = []
    # Lists made first: a comprehension is quicker than the generator tuple() would read.
    return ArticleSplit(
        ar=tuple([piece.text for piece in sides["ar"]]),
        en=tuple([piece.text for piece in sides["en"]]),
        dropped=tuple(sorted(dropped, key=lambda record: record.line)),
        layout=layout,
        ar_lines=tuple([piece.line for piece in sides["ar"]]),
        en_lines=tuple([piece.line for piece in sides["en"]]),
        structure=Structure(len(sides["ar"]), len(sides["en"]), tuple(sorted(boundaries.items()))),
        order=tuple([placed for placed, _ in kept]),
        order_units=tuple(_blocks(units, [piece for _, piece in kept])),
    )
