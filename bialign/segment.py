"""Stage 3: split paragraphs into sentences, Arabic-aware.

Punkt (Kiss & Strunk 2006) decides which full stops end sentences, with parameters that NLTK's
trainer learnt and that ship in the package (``bialign/data/punkt_*.txt``), so nothing is
downloaded. Punkt's decisions are NLTK's ``PunktSentenceTokenizer``'s, made here without NLTK
(importing it costs more than splitting a megabyte); ``tests/test_segment.py`` checks every
decision and every span against NLTK on the corpora, the seeds and random text. The
parameters are read on the first call, never at import.

- English: Punkt trained on the English side of bialign's corpora plus curated abbreviations
  (``tools/build_punkt.py``): "U.S.", "Mr.", "Jan.", "No." and initials ("J. R. Smith") do not
  end sentences; "?", "!" and "…" do.
- Arabic: ``.``, ``?``, ``!``, ``…``, "..." and ``؟`` (ARABIC QUESTION MARK) end sentences;
  ``،`` (ARABIC COMMA) and ``؛`` (ARABIC SEMICOLON) do not. Arabic has no capital letters, so
  Punkt's case-based heuristics cannot help; single letters ("د." doctor) and a few dotted
  abbreviations (``punkt_ar.txt``) plus the Latin ones ("U.S.") are what keep a full stop from
  ending a sentence. Decimals ("3.5", "٣٫٥") never do: a full stop must be followed by a space
  or by punctuation to be considered at all.
- Both: closing quotes and brackets after the full stop stay with their sentence; a sentence
  that would be only a paragraph number ("57.", "(b)") is joined to the sentence it numbers,
  one with no letter or digit to a neighbour; in English a "sentence" that starts with a
  lower-case letter is joined to the one before ("sanctions. on Iran", "why? he asked").

Speed: paragraphs without a candidate sentence end skip Punkt; Punkt's walk over the
candidates runs on the single-spaced text; the common candidates (a plain word and a full stop,
a question mark) are answered without cutting the context into Punkt's tokens.

Whitespace: a paragraph is one unit, its line breaks are not sentence boundaries. Every run of
whitespace (line breaks included) becomes one space in the returned sentences, which are
therefore substrings of ``" ".join(paragraph.split())``, never empty, and together hold every
non-whitespace character of the paragraph, in order.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .records import Language

__all__ = [
    "PunktData",
    "parse_punkt_data",
    "punkt_data",
    "split_sentences",
]


_ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
_SENT_END_CHARS: dict[Language, tuple[str, ...]] = {
    "en": (".", "?", "!", _ELLIPSIS),
    "ar": (".", "?", "!", _ELLIPSIS, "\N{ARABIC QUESTION MARK}"),
}
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

# Characters that end a word for Punkt (it splits them off as tokens), set here rather than
# inherited so that behaviour does not depend on the NLTK version (3.8 knows neither curly
# quotes nor guillemets).
_OTHER_ENDS: dict[Language, str] = {
    lang: "".join(char for char in chars if char != ".") for lang, chars in _SENT_END_CHARS.items()
}
_NON_WORD: dict[Language, str] = {
    lang: _OTHER_ENDS[lang] + _CLOSERS + _OPENERS + ";*:@" for lang in _SENT_END_CHARS
}
# Punkt's candidate sentence ends (NLTK's period_context_re): an end character, then what
# follows it: a non-word character, or white space and the next token. Paragraphs without one
# are a single sentence and skip Punkt.
_CANDIDATE: dict[Language, re.Pattern[str]] = {
    lang: re.compile(
        f"[{re.escape(''.join(chars))}]"
        f"(?=(?P<after>[{re.escape(_NON_WORD[lang])}]|\\s+(?P<next>\\S+)))"
    )
    for lang, chars in _SENT_END_CHARS.items()
}
# Closing quotes and brackets at the start of the next sentence, which belong to the one
# before (NLTK's re_boundary_realignment with bialign's closers).
_REALIGNMENT = re.compile(f"[{re.escape(_CLOSERS)}]+?(?:\\s+|(?=--)|$)")
# A letter, or a combining mark (Latin accents, Arabic harakat) that may follow one.
_LETTER_OR_MARK = (
    "(?:[^\\W\\d_]|[\N{COMBINING GRAVE ACCENT}-\N{COMBINING LATIN SMALL LETTER X}"
    "\N{ARABIC FATHATAN}-\N{ARABIC WAVY HAMZA BELOW}\N{ARABIC LETTER SUPERSCRIPT ALEF}])"
)
# Contexts (see _contexts) whose candidate Punkt always takes for a sentence end: a word of two or
# more letters and marks, and a full stop; or any word, and another end character. Either is
# followed by a space or a non-word character, as all Punkt's candidates are.
_PLAIN_STOP: dict[Language, re.Pattern[str]] = {
    lang: re.compile(
        f"(?:([^\\W\\d_]{_LETTER_OR_MARK}+)\\.|\\S*?[{re.escape(_OTHER_ENDS[lang])}])"
        f"[\\s{re.escape(_NON_WORD[lang])}]"
    )
    for lang, chars in _SENT_END_CHARS.items()
}
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


@dataclass(frozen=True)
class PunktData:
    """The Punkt parameters bialign ships for one language (see ``tools/build_punkt.py``).

    Entries are lower case and without a final full stop, as Punkt looks them up.
    """

    abbreviations: frozenset[str]
    sent_starters: frozenset[str]
    collocations: frozenset[tuple[str, str]]


_SECTIONS = ("abbrev_types", "sent_starters", "collocations")


def parse_punkt_data(text: str, source: str = "<string>") -> PunktData:
    """Read a parameter file: ``[section]`` headers, one entry a line, ``#`` comments.

    >>> data = parse_punkt_data("[abbrev_types]\\nmr\\nu.s  # United States\\n"
    ...                         "[collocations]\\nb draft\\n")
    >>> sorted(data.abbreviations), sorted(data.collocations)
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
    return PunktData(
        abbreviations=frozenset(entries["abbrev_types"]),
        sent_starters=frozenset(entries["sent_starters"]),
        collocations=frozenset((pair[0], pair[1]) for pair in pairs),
    )


def _read_data(name: str) -> PunktData:
    from importlib import resources  # ~10 ms, so only when the data is read

    path = resources.files("bialign") / "data" / name
    return parse_punkt_data(path.read_text(encoding="utf-8"), source=f"bialign/data/{name}")


@functools.cache
def punkt_data(lang: Language) -> PunktData:
    """The shipped Punkt parameters for ``lang``, read once.

    Arabic text carries Latin abbreviations too ("U.S."), so Arabic gets the English ones.
    """
    english = _read_data("punkt_en.txt")
    if lang == "en":
        return english
    if lang != "ar":
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    arabic = _read_data("punkt_ar.txt")
    return PunktData(
        abbreviations=arabic.abbreviations | english.abbreviations,
        sent_starters=arabic.sent_starters,
        collocations=arabic.collocations,
    )


# Punkt's word tokens (the word tokenizer of NLTK's PunktLanguageVars, with bialign's
# non-word characters): a run of hyphens or full stops, or ". . ."; else a word, which runs to
# white space, a non-word character, such a run, or a comma that ends it; else one character.
_MULTI_CHAR = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"


def _word_tokens(non_word_chars: str) -> regex.Pattern[str]:
    nonword = f"[{re.escape(non_word_chars)}]"
    return regex.compile(
        f"{_MULTI_CHAR}"
        r"|(?=[^\(\"\`{\[:;&\#\*@\)}\]\-,])\S+?"
        f"(?=\\s|$|{nonword}|{_MULTI_CHAR}|,(?=$|\\s|{nonword}|{_MULTI_CHAR}))"
        r"|\S"
    )


_WORD_TOKEN = {lang: _word_tokens(chars) for lang, chars in _NON_WORD.items()}
# Punkt's token classes, in NLTK's own patterns and engine (the regex module: a combining
# mark is a word character).
_NUMBER = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_INITIAL = regex.compile(r"[^\W\d]\.$")
_ELLIPSIS_TOKEN = regex.compile(r"\.\.+$")
_PUNCTUATION = frozenset(";:,.!?")


def _token_type(token: str) -> str:
    """Punkt's type of a token: lower case, and every number "##number##"."""
    return _NUMBER.sub("##number##", token.lower())


def _without_period(token_type: str) -> str:
    return token_type[:-1] if len(token_type) > 1 and token_type.endswith(".") else token_type


def _first_pass(token: str, lang: Language) -> tuple[bool, bool]:
    """Punkt's first look at a token, alone: (sentence break, abbreviation or ellipsis)."""
    if token in _SENT_END_CHARS[lang]:
        return True, False
    if _ELLIPSIS_TOKEN.match(token):
        return False, True
    if token.endswith(".") and not token.endswith(".."):
        word = token[:-1].lower()
        abbreviations = punkt_data(lang).abbreviations
        abbreviation = word in abbreviations or word.split("-")[-1] in abbreviations
        return not abbreviation, abbreviation
    return False, False


def _second_pass(
    token: str, abbreviation: bool, following: str, following_breaks: bool, lang: Language
) -> bool | None:
    """Punkt's second look at a token ending in a full stop, given the token after it: the
    break it decides on, or ``None`` to keep the first pass's.

    bialign's parameters carry no orthographic context, so NLTK's orthographic heuristic
    comes down to: punctuation and lower-case words never start a sentence, nothing else is
    known to.
    """
    data = punkt_data(lang)
    kind = _without_period(_token_type(token))
    following_kind = _token_type(following)
    if following_breaks:
        following_kind = _without_period(following_kind)
    initial = bool(_INITIAL.match(token))
    if (kind, following_kind) in data.collocations:
        return False
    capital = following[0].isupper()
    if abbreviation and not initial and capital and following_kind in data.sent_starters:
        return True
    if initial or kind == "##number##":
        if following in _PUNCTUATION or following[0].islower():
            return False
        if initial and capital:  # "J. Bach": an initial before a name
            return False
    return None


def _punkt_break(context: str, lang: Language) -> bool:
    """NLTK's ``PunktSentenceTokenizer.text_contains_sentbreak`` with bialign's parameters:
    whether a token of ``context`` before its last ends a sentence."""
    tokens = _WORD_TOKEN[lang].findall(context)
    first = [_first_pass(token, lang) for token in tokens]
    for k in range(len(tokens) - 1):
        breaks = first[k][0]
        if tokens[k].endswith("."):
            decided = _second_pass(tokens[k], first[k][1], tokens[k + 1], first[k + 1][0], lang)
            breaks = breaks if decided is None else decided
        if breaks:
            return True
    return False


@functools.cache
def _not_plain(lang: Language) -> frozenset[str]:
    """Words before a full stop whose candidate needs Punkt's full decision: abbreviations,
    and the first words of collocations."""
    data = punkt_data(lang)
    return data.abbreviations | {first for first, _ in data.collocations}


def _is_break(context: str, lang: Language) -> bool:
    """Punkt's decision on one candidate, with the common cases answered first.

    ``context`` is the word before the candidate, the candidate and what follows it.
    Punkt always breaks after "?", "!", "…", "؟" followed by a token, and after a full stop
    ending a word of two or more letters that is neither an abbreviation nor the first
    word of a collocation: no initial, number or ellipsis. That is most candidates, and
    answering them needs no tokens.
    """
    plain = _PLAIN_STOP[lang].match(context)
    if plain and (plain.group(1) is None or plain.group(1).lower() not in _not_plain(lang)):
        return True
    return _punkt_break(context, lang)


def _contexts(text: str, lang: Language) -> Iterator[tuple[re.Match[str], str]]:
    """Punkt's candidates in ``text`` with their contexts: the word before, the end character
    and what follows (NLTK's ``_match_potential_end_contexts``).

    A candidate whose word runs into the next candidate's ("acting!!!") is left out: only
    the last end character of such a run is decided.
    """
    pending: re.Match[str] | None = None
    word = 0  # where the pending candidate's word starts
    for match in _CANDIDATE[lang].finditer(text):
        previous_stop = pending.start() if pending else 0
        space = text.rfind(" ", previous_stop, match.start())
        # NLTK's last-whitespace search answers 0 both for none and for one at the start.
        next_word = space + 1 if space > previous_stop else word
        if pending is not None and previous_stop <= next_word:
            yield pending, text[word : pending.end("after")]
        pending, word = match, next_word
    if pending is not None:
        yield pending, text[word : pending.end("after")]


def _punkt_slices(text: str, lang: Language) -> list[tuple[int, int]]:
    """The sentences of ``text`` as NLTK's ``_slices_from_text`` cuts them."""
    slices = []
    last_break = 0
    for match, context in _contexts(text, lang):
        if _is_break(context, lang):
            slices.append((last_break, match.end()))
            last_break = match.start("next") if match.group("next") else match.end()
    slices.append((last_break, len(text)))
    return slices


def _punkt_span_tokenize(text: str, lang: Language) -> list[tuple[int, int]]:
    """NLTK's ``PunktSentenceTokenizer.span_tokenize`` for stripped, single-spaced ``text``:
    closing quotes and brackets after a break join the sentence before
    (``_realign_boundaries``)."""
    spans = []
    realign = 0
    slices = _punkt_slices(text, lang)
    for (start, end), (next_start, next_end) in itertools.pairwise(slices):
        start += realign
        closers = _REALIGNMENT.match(text, next_start, next_end)
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


def _punkt_spans(text: str, lang: Language) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``text``; Arabic is first cut after every "...".."""
    pieces, start = [], 0
    for dots in _ARABIC_DOTS_BREAK.finditer(text) if lang == "ar" else ():
        pieces.append((start, dots.end()))
        start = dots.end() + 1
    pieces.append((start, len(text)))
    return [
        (first + s, first + e)
        for first, last in pieces
        for s, e in _punkt_span_tokenize(text[first:last], lang)
    ]


def _starts_lower_case(piece: str) -> bool:
    """Whether an English piece reads as a continuation: lower case after any opening quotes.

    A list label is no continuation: "(b) the second" starts an item.
    """
    label = _ENUMERATOR.match(piece)
    if label and piece[label.end() : label.end() + 1] == " ":
        return False
    return piece.lstrip(_OPENERS)[:1].islower()


def _joined_spans(text: str, lang: Language) -> list[tuple[int, int]]:
    """Punkt's spans, with the boundaries the module docstring rules out removed."""
    joined: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    end = 0
    carried: int | None = None  # start of a number or punctuation waiting for its sentence
    for start, end in _punkt_spans(text, lang):
        if carried is not None:
            start, carried = carried, None
        piece = text[start:end]
        if _ENUMERATOR.fullmatch(piece) or (current is None and not _WORD.search(piece)):
            carried = start
        elif current is not None and (
            not _WORD.search(piece) or (lang == "en" and _starts_lower_case(piece))
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


def split_sentences(paragraph: str, lang: Language) -> list[str]:
    """Split one paragraph into sentences; the paragraph's end always ends a sentence.

    Whitespace runs, line breaks included, come back as one space; whitespace-only text
    gives ``[]``.

    >>> split_sentences("Mr. Smith went to the U.S. in 2020. He stayed.", "en")
    ['Mr. Smith went to the U.S. in 2020.', 'He stayed.']
    >>> split_sentences("هل أنت بخير؟ نعم، شكرا\\nلك", "ar")
    ['هل أنت بخير؟', 'نعم، شكرا لك']
    """
    if lang not in _CANDIDATE:
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    text = " ".join(paragraph.split())
    if not text:
        return []
    if not _CANDIDATE[lang].search(text):
        return [text]
    return [text[start:end].strip() for start, end in _joined_spans(text, lang)]
