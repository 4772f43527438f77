"""Punkt's sentence-break decisions: a port of NLTK's ``PunktSentenceTokenizer``.

Ported from ``nltk/tokenize/punkt.py`` of NLTK 3.10.4 (https://www.nltk.org/),
Copyright (C) 2001-2026 NLTK Project. Algorithm: Kiss & Strunk (2006). Authors: Willy,
Steven Bird, Edward Loper, Joel Nothman, Arthur Darcet, Tom Aarsen. Licensed under the Apache
License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0); this file is distributed
under that license, with the changes below made by the bialign developers.

The names and shape are NLTK's, so that the two read side by side: ``PunktLanguageVars`` is
subclassed per language, ``PunktParameters`` holds what training learnt, and
``PunktSentenceTokenizer`` makes the first and second pass annotations and cuts spans.
``tests/test_segment.py`` checks every decision and every span against NLTK's own tokenizer.
What differs, and why:

- Decisions only: no trainer (``tools/build_punkt.py`` trains with NLTK), so neither
  ``PunktTrainer`` nor ``internal_punctuation``, which only the trainer reads.
- No orthographic context: bialign ships none (a table of every word type), so
  :meth:`PunktSentenceTokenizer._ortho_heuristic` is NLTK's with an empty table.
- Text is one line, stripped and single-spaced (:func:`bialign.segment.split_sentences` makes
  it so): tokens carry no line or paragraph start, and the last span is not right-stripped.
- ``PunktToken`` keeps only what the decisions read, spans are ``(start, end)`` tuples, and
  patterns are compiled once per language. ``PunktLanguageVars.non_word_chars`` is NLTK's
  ``_re_non_word_chars`` as a set of characters, set by each language rather than inherited
  (3.8 knows neither curly quotes nor guillemets).
- A shortcut (:meth:`PunktSentenceTokenizer._plain_sentbreak`) answers the common candidates
  without cutting their context into tokens. NLTK's decision is the same for them; importing
  NLTK costs more than splitting a megabyte, which is why this port exists.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import regex

from bialign._compiled import speedups

_COMPILED = speedups is not None  # the compiled walk, where it was built from this source
if _COMPILED:
    from bialign import _speedups

__all__ = [
    "PunktLanguageVars",
    "PunktParameters",
    "PunktSentenceTokenizer",
    "PunktToken",
    "parse_parameters",
]


class PunktLanguageVars:
    """The characters and patterns Punkt needs to know of a language; subclass to change them.

    The defaults are NLTK 3.10.4's.
    """

    sent_end_chars: tuple[str, ...] = (".", "?", "!")
    """Characters that may end a sentence."""

    non_word_chars: str = (
        ")\";}]*:@'({["
        "\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
        "\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
        "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
        "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    )
    """Characters that end a word (it splits them off as tokens), besides ``sent_end_chars``."""

    re_boundary_realignment: re.Pattern[str] = re.compile(
        "[\"')\\]}\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
        "\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
        "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
        "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]+?(?:\\s+|(?=--)|$)",
        re.MULTILINE,
    )
    """Closing punctuation after a break that belongs to the sentence before."""

    _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
    """Characters that do not start a word token."""

    _re_multi_char_punct = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
    """Hyphen runs and ellipses are multi-character punctuation."""

    @property
    def _re_sent_end_chars(self) -> str:
        return f"[{re.escape(''.join(self.sent_end_chars))}]"

    @functools.cached_property
    def other_end_chars(self) -> str:
        """The end characters other than the full stop: a word never runs on through them."""
        return "".join(char for char in self.sent_end_chars if char != ".")

    @property
    def _re_non_word_chars(self) -> str:
        return f"(?:[{re.escape(self.non_word_chars + self.other_end_chars)}])"

    @functools.cached_property
    def _re_word_tokenizer(self) -> regex.Pattern[str]:
        # NLTK compiles with the regex module: a combining mark is a word character.
        non_word, multi = self._re_non_word_chars, self._re_multi_char_punct
        return regex.compile(
            f"{multi}"
            f"|(?={self._re_word_start})\\S+?"  # a word, up to its end:
            f"(?=\\s|$|{non_word}|{multi}|,(?=$|\\s|{non_word}|{multi}))"
            r"|\S"
        )

    def word_tokenize(self, s: str) -> list[str]:
        """Split off punctuation other than full stops.

        >>> PunktLanguageVars().word_tokenize("(Mr. Smith, 3.5--4...) left.")
        ['(', 'Mr.', 'Smith', ',', '3.5', '--', '4', '...', ')', 'left.']
        """
        return self._re_word_tokenizer.findall(s)

    @functools.cached_property
    def candidate_chars(self) -> tuple[str, str]:
        """The end characters, and the characters that may follow one in a candidate (besides
        white space and a word: ``period_context_re``'s ``after_tok``), as the compiled
        loops read them."""
        return "".join(self.sent_end_chars), self.non_word_chars + self.other_end_chars

    @functools.cached_property
    def _re_period_context(self) -> re.Pattern[str]:
        return re.compile(
            f"{self._re_sent_end_chars}"  # a possible sentence end, then other punctuation
            f"(?=(?P<after_tok>{self._re_non_word_chars}|\\s+(?P<next_tok>\\S+)))"  # or a token
        )

    def period_context_re(self) -> re.Pattern[str]:
        """Possible sentence ends, with the token that follows each in a lookahead."""
        return self._re_period_context


@dataclass(frozen=True)
class PunktParameters:
    """What Punkt learnt of a language; entries are lower case, without their final full stop.

    NLTK's ``ortho_context`` is not kept (see the module docstring).
    """

    abbrev_types: frozenset[str] = frozenset()
    collocations: frozenset[tuple[str, str]] = frozenset()
    sent_starters: frozenset[str] = frozenset()


_SECTIONS = ("abbrev_types", "sent_starters", "collocations")


def parse_parameters(text: str, source: str = "<string>") -> PunktParameters:
    """Read a parameter file: ``[section]`` headers, one entry a line, ``#`` comments.

    bialign's own format (NLTK pickles or tabulates its parameters), written by
    ``tools/build_punkt.py``.

    >>> params = parse_parameters("[abbrev_types]\\nmr\\nu.s  # United States\\n"
    ...                           "[collocations]\\nb draft\\n")
    >>> sorted(params.abbrev_types), sorted(params.collocations)
    (['mr', 'u.s'], [('b', 'draft')])
    """
    entries: dict[str, set[str]] = {name: set() for name in _SECTIONS}
    section: set[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            if line[1:-1] not in entries:
                raise ValueError(
                    f"{source}:{number}: unknown section {line}; expected one of "
                    + ", ".join(f"[{name}]" for name in _SECTIONS)
                )
            section = entries[line[1:-1]]
        elif section is None:
            raise ValueError(f"{source}:{number}: entry {line!r} before any [section] header")
        else:
            section.add(line)
    pairs = [tuple(line.split()) for line in entries["collocations"]]
    bad = [" ".join(pair) for pair in pairs if len(pair) != 2]
    if bad:
        raise ValueError(f"{source}: a collocation is two words, not {bad[0]!r}")
    return PunktParameters(
        abbrev_types=frozenset(entries["abbrev_types"]),
        collocations=frozenset((pair[0], pair[1]) for pair in pairs),
        sent_starters=frozenset(entries["sent_starters"]),
    )


# NLTK's PunktToken patterns, in NLTK's engine.
_RE_ELLIPSIS = regex.compile(r"\.\.+$")
_RE_NUMERIC = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_RE_INITIAL = regex.compile(r"[^\W\d]\.$")


class PunktToken:
    """A token and its annotations: whether it breaks a sentence, is an abbreviation or an
    ellipsis. NLTK's ``PunktToken`` with the properties the decisions read."""

    __slots__ = ("abbr", "ellipsis", "sentbreak", "tok", "type")

    def __init__(self, tok: str) -> None:
        self.tok = tok
        self.type = _RE_NUMERIC.sub("##number##", tok.lower())
        self.sentbreak = False
        self.abbr = False
        self.ellipsis = False

    @property
    def period_final(self) -> bool:
        return self.tok.endswith(".")

    @property
    def type_no_period(self) -> str:
        """The type without a final full stop."""
        if len(self.type) > 1 and self.type[-1] == ".":
            return self.type[:-1]
        return self.type

    @property
    def type_no_sentperiod(self) -> str:
        """The type without a final full stop that ends a sentence."""
        return self.type_no_period if self.sentbreak else self.type

    @property
    def first_upper(self) -> bool:
        return self.tok[0].isupper()

    @property
    def first_lower(self) -> bool:
        return self.tok[0].islower()

    @property
    def is_ellipsis(self) -> bool:
        return bool(_RE_ELLIPSIS.match(self.tok))

    @property
    def is_initial(self) -> bool:
        return bool(_RE_INITIAL.match(self.tok))


# A letter, or a combining mark (Latin accents, Arabic harakat) that may follow one.
_LETTER_OR_MARK = (
    "(?:[^\\W\\d_]|[\N{COMBINING GRAVE ACCENT}-\N{COMBINING LATIN SMALL LETTER X}"
    "\N{ARABIC FATHATAN}-\N{ARABIC WAVY HAMZA BELOW}\N{ARABIC LETTER SUPERSCRIPT ALEF}])"
)


class PunktSentenceTokenizer:
    """Punkt's sentence spans of a text, with given parameters and language variables."""

    PUNCTUATION = frozenset(";:,.!?")

    def __init__(self, params: PunktParameters, lang_vars: PunktLanguageVars) -> None:
        self._params = params
        self._lang_vars = lang_vars
        others = lang_vars.other_end_chars
        # Words before a full stop whose candidate needs the full decision: abbreviations, and
        # the first words of collocations.
        self._not_plain = params.abbrev_types | {first for first, _ in params.collocations}
        # Non-word characters a full stop that Punkt takes for a break may follow: a word ends
        # before each, so the full stop is a token of its own after one no word starts with
        # ("(UNDP). Of") and ends the token another starts ("«لا». ثم"); either breaks unless
        # that token, without its full stop, is an abbreviation or begins a collocation.
        # (A word character there would make an initial or a number of the token.)
        word_start = regex.compile(lang_vars._re_word_start)
        self._stop_after = "".join(
            char
            for char in lang_vars.non_word_chars + others
            if not regex.match(r"\w", char)
            and (char if word_start.match(char) else ".").lower() not in self._not_plain
        )
        self._numbers_plain = "##number##" not in self._not_plain
        # The character sets of the compiled walk: end characters, what may follow one (as
        # period_context_re's after_tok), the end characters other than the full stop, and
        # _stop_after.
        self._walk_sets = (*lang_vars.candidate_chars, others, self._stop_after)

    # The shortcut's patterns, compiled for the Python walk only (the compiled one reads the
    # same contexts in C).

    @functools.cached_property
    def _re_plain_stop(self) -> re.Pattern[str]:
        """Contexts whose candidate Punkt always takes for a sentence end: a word of two or
        more letters and marks (or such words joined by hyphens), and a full stop; any word,
        and another end character; or any word that ends in one of _stop_after and a full
        stop. Each is followed by a space or a non-word character, as all candidates are."""
        others = self._lang_vars.other_end_chars
        non_word = re.escape(self._lang_vars.non_word_chars + others)
        return re.compile(
            f"(?:([^\\W\\d_]{_LETTER_OR_MARK}+(?:-{_LETTER_OR_MARK}+)*)\\."
            f"|\\S*?(?:[{re.escape(others)}]|[{re.escape(self._stop_after)}]\\.))[\\s{non_word}]"
        )

    @functools.cached_property
    def _re_plain_number(self) -> re.Pattern[str]:
        """A number, a full stop, a space and the first character of the next word ("12.
        The", "2015. 35"): Punkt takes the number for a break unless it is an abbreviation or
        a collocation begins with a number, or the next token (which opens with that
        character) is lower case or the punctuation its heuristic reads (";:,.!?")."""
        return re.compile("([0-9]+)\\. ([^\\s;:,.!?])")

    # --- annotation ---------------------------------------------------------------------

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        """Annotate a token by its type alone: an end character breaks, two or more full
        stops are an ellipsis, a word and a full stop is an abbreviation if known, else a
        break."""
        tok = aug_tok.tok
        if tok in self._lang_vars.sent_end_chars:
            aug_tok.sentbreak = True
        elif aug_tok.is_ellipsis:
            aug_tok.ellipsis = True
        elif aug_tok.period_final and not tok.endswith(".."):
            word = tok[:-1].lower()
            abbrev_types = self._params.abbrev_types
            if word in abbrev_types or word.split("-")[-1] in abbrev_types:
                aug_tok.abbr = True
            else:
                aug_tok.sentbreak = True

    def _second_pass_annotation(self, aug_tok1: PunktToken, aug_tok2: PunktToken) -> None:
        """Reconsider a token ending in a full stop in the light of the token after it: the
        collocation, frequent sentence starter and initial heuristics (Kiss & Strunk 4.1-4.3)."""
        if not aug_tok1.period_final:
            return
        typ = aug_tok1.type_no_period
        next_typ = aug_tok2.type_no_sentperiod
        tok_is_initial = aug_tok1.is_initial
        if (typ, next_typ) in self._params.collocations:
            aug_tok1.sentbreak = False
            aug_tok1.abbr = True
            return
        if (aug_tok1.abbr or aug_tok1.ellipsis) and not tok_is_initial:
            if self._ortho_heuristic(aug_tok2) is True:
                aug_tok1.sentbreak = True
                return
            if aug_tok2.first_upper and next_typ in self._params.sent_starters:
                aug_tok1.sentbreak = True
                return
        if tok_is_initial or typ == "##number##":
            is_sent_starter = self._ortho_heuristic(aug_tok2)
            # Unknown, an initial and a capital: "J. Bach", an initial before a name.
            if is_sent_starter is False or (tok_is_initial and aug_tok2.first_upper):
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True

    def _ortho_heuristic(self, aug_tok: PunktToken) -> bool | None:
        """Whether ``aug_tok`` starts a sentence, ``None`` when unknown.

        With no orthographic context, NLTK's heuristic comes down to: punctuation and
        lower-case words never start a sentence, nothing else is known to.
        """
        if aug_tok.tok in self.PUNCTUATION or aug_tok.first_lower:
            return False
        return None

    def _annotate_tokens(self, tokens: list[PunktToken]) -> list[PunktToken]:
        """Both passes over the tokens, in place."""
        for aug_tok in tokens:
            self._first_pass_annotation(aug_tok)
        for aug_tok1, aug_tok2 in itertools.pairwise(tokens):
            self._second_pass_annotation(aug_tok1, aug_tok2)
        return tokens

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether a token of ``text`` before its last ends a sentence."""
        tokens = [PunktToken(tok) for tok in self._lang_vars.word_tokenize(text)]
        return any(aug_tok.sentbreak for aug_tok in self._annotate_tokens(tokens)[:-1])

    def _plain_sentbreak(self, text: str, start: int, end: int) -> bool:
        """Whether the context ``text[start:end]`` (see :meth:`_potential_ends`) is one whose
        candidate Punkt always takes for a break, without tokens: "?", "!" or another end
        character; a full stop after a word of two or more letters (or such words joined by
        hyphens) that is neither an abbreviation nor the first word of a collocation (no
        initial, number or ellipsis); a full stop after a closing bracket or quote ("(UNDP).
        Of"); or a number before a word that opens neither in lower case nor with
        punctuation ("12. The", "2015. 35"). That is nearly every candidate. Read in place:
        cutting out the context costs more."""
        plain = self._re_plain_stop.match(text, start, end)
        if plain is not None:
            word = plain.group(1)
            if word is None:
                return True
            # A hyphenated word is an abbreviation where its last part is one ("ex-Gov.").
            return not {word.lower(), word.rpartition("-")[2].lower()} & self._not_plain
        number = self._re_plain_number.match(text, start, end)
        return (
            number is not None
            and self._numbers_plain
            and number.group(1) not in self._not_plain
            and not number.group(2).islower()
        )

    # --- spans --------------------------------------------------------------------------

    def _potential_ends(self, text: str) -> list[tuple[re.Match[str], int]]:
        """Punkt's candidates in ``text``, each with where its word starts: its context (the
        word before, the end character and what follows) is ``text[word:match.end("after_tok")]``.

        A candidate whose word runs into the next candidate's ("acting!!!") is left out: only
        the last end character of such a run is decided.
        """
        found = []
        pending: re.Match[str] | None = None
        word = 0  # where the pending candidate's word starts
        for match in self._lang_vars.period_context_re().finditer(text):
            previous_stop = pending.start() if pending else 0
            space = text.rfind(" ", previous_stop, match.start())
            # NLTK's last-whitespace search answers 0 both for none and for one at the start.
            next_word = space + 1 if space > previous_stop else word
            if pending is not None and previous_stop <= next_word:
                found.append((pending, word))
            pending, word = match, next_word
        if pending is not None:
            found.append((pending, word))
        return found

    def _slices_from_text(self, text: str) -> list[tuple[int, int]]:
        """The sentences of ``text`` before realignment: compiled where the extension was
        built (the walk reads the text once, where Python cut a context for each candidate)."""
        if not _COMPILED:
            return self._slices_python(text)
        return _speedups.punkt_slices(text, *self.walk)

    @property
    def walk(self) -> tuple[str, str, str, str, frozenset[str], Callable[[str], bool]]:
        """What the compiled walk reads after the text: its four character sets (see
        ``__init__``), the words the shortcut leaves to the full decision, and that decision."""
        return (*self._walk_sets, self._not_plain, self.text_contains_sentbreak)

    def _slices_python(self, text: str) -> list[tuple[int, int]]:
        """:meth:`_slices_from_text` in Python."""
        slices = []
        last_break = 0
        for match, word in self._potential_ends(text):
            end = match.end("after_tok")
            if self._plain_sentbreak(text, word, end) or self.text_contains_sentbreak(
                text[word:end]
            ):
                slices.append((last_break, match.end()))
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        slices.append((last_break, len(text)))
        return slices

    def _realign_boundaries(
        self, text: str, slices: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Move closing punctuation after a break to the sentence before: "(Sent1.) Sent2."
        is "(Sent1.)", "Sent2."."""
        spans = []
        realign = 0
        for (start, end), (next_start, next_end) in itertools.pairwise(slices):
            start += realign
            closers = self._lang_vars.re_boundary_realignment.match(text, next_start, next_end)
            if closers:
                spans.append((start, next_start + len(closers.group().rstrip())))
                realign = closers.end() - next_start
            else:
                realign = 0
                if start < end:
                    spans.append((start, end))
        start, end = slices[-1]
        if start + realign < end:
            spans.append((start + realign, end))
        return spans

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` spans of the sentences of stripped, single-spaced ``text``.

        >>> tokenizer = PunktSentenceTokenizer(
        ...     PunktParameters(abbrev_types=frozenset({"mr"})), PunktLanguageVars())
        >>> text = "(Mr. Smith left.) He came back!"
        >>> [text[s:e] for s, e in tokenizer.span_tokenize(text)]
        ['(Mr. Smith left.)', 'He came back!']
        """
        return self._realign_boundaries(text, self._slices_from_text(text))
