"""Text cut into pages by form feeds (``pdftotext``'s output, a word processor's page breaks)
as plain text: the pages' running heads and feet and page numbers left out, and a paragraph
that a page break cuts made whole again. Text a PDF viewer copied has no form feeds, but
where it numbers its pages (:func:`numbered_pages`), a page ends at its number.

* A line among the first :data:`HEAD_LINES` or last :data:`FOOT_LINES` lines of text of a
  page, in the page's first or last block of text (of two lines at most, or its first or
  last line) or standing alone between blank lines (a line of a paragraph is no head), is
  left out where the same line (white space aside) stands so on three pages, or on two in a
  document of :data:`SHORT_DOCUMENT` pages or fewer (heads may alternate, a title over odd
  pages and a document symbol over even ones, and a file may hold both editions, each with
  its own), and it ends no sentence or clause ("The Committee decided:" is the text's): a
  title, a job number (``15-00567``). So is a page number there (``2``, ``2/4``, ``- 2 -``,
  ``Page 2 of 4``, ``صفحة ٢``, ``٢ صفحة``), a document symbol (``A/69/720``), and any line there the
  splitter takes for furniture (``Please recycle``, ``*1500567*``), which would otherwise
  stand between a paragraph's two halves.
* Where a page's text ends without ending a sentence and goes on in the next page's (in a
  small letter, or after a hyphen or a full line; after an abbreviation's full stop, in a
  small letter or a digit), the two pages' lines are joined with no blank line between: one
  paragraph, as the document has it. Elsewhere a blank line separates them.

The line numbers the splitter reports are then those of the text so read (as for a web
page's), not of the input's lines.

:func:`marks_put_back` mends what PDF extractors do to right-to-left lines: the closing
mark set first, where the line ends on the page (``.في جنيف``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from .._compiled import speedups
from ..detect import side_of
from .decode import compiled

if speedups is not None:  # the compiled screen, where it was built from this source
    from .. import _speedups

__all__ = ["FOOT_LINES", "HEAD_LINES", "NUMBERED_PAGES", "numbered_pages", "pages_to_text"]

#: Share of the pages' widest line a page's last line fills where the text goes on.
FULL_LINE = 0.6
#: Pages at most of a document whose running heads need stand on two pages only.
SHORT_DOCUMENT = 4
#: Lines of text at the top of a page where running heads are looked for.
HEAD_LINES = 3
#: Lines of text at the foot of a page where running feet and page numbers are looked for: a
#: UN document's first page ends with its job number, a barcode and "Please recycle".
FOOT_LINES = 4

# The patterns are compiled on first use (decode.compiled): every plain text is looked at
# for numbered pages, and few have them.
# A line that ends a sentence: its end mark, then closing quotes or brackets.
_ENDS_SENTENCE = r"[.!?:;\N{ARABIC QUESTION MARK}\N{HORIZONTAL ELLIPSIS}][\p{Pe}\p{Pf}\"']*$"
_FIRST_LETTER = r"[^\p{L}\d]*(\p{L})"
# A line that ends a sentence or a clause: a repeated one is the text's ("The Committee
# decided:", "And the LORD spake unto Moses, saying,"), not a head.
_ENDS_CLAUSE = (
    r"[.!?:;,\N{ARABIC QUESTION MARK}\N{ARABIC COMMA}\N{ARABIC SEMICOLON}]"
    r"[\p{Pe}\p{Pf}\"']*\s*$"
)
_LAST_WORD = r"(?:^|[\s(])([\p{L}.]+)\.$"
# A page number with what tells it from a figure or a list's number: dashes around it, the
# page count after it, or the word ("- 2 -", "2/4", "2 of 4", "Page 2 of 4", "p. 2", "صفحة ٢",
# and "٢ صفحة" as pdftotext -layout sets a right-to-left line); its groups: the number (1, 2, 4
# or 6) and the count (3 or 5).
_NUMBERED = (
    r"(?:[-\N{EN DASH}\N{EM DASH}][ \t]*(\d{1,4})[ \t]*[-\N{EN DASH}\N{EM DASH}]"
    r"|(\d{1,4})[ \t]*(?:/|of|من)[ \t]*(\d{1,4})"
    r"|(?:page|p\.|(?:ال)?صفحة|(?:ال)?صفحه)[ \t]*(\d{1,4})(?:[ \t]*(?:/|of|من)[ \t]*(\d{1,4}))?"
    r"|(\d{1,4})[ \t]*(?:ال)?صفح[ةه])"
)
# A page's edge line that is a page number: such a number, or a bare one (at a page's edge,
# a figure alone is its number).
_PAGE_NUMBER = rf"(?i)(?:{_NUMBERED}|\d{{1,4}})"
# A line of a text without form feeds that is a page number: searched for after a line break
# (what may begin one looked ahead for first, which makes the search quicker), the file's
# first line apart.
_NUMBER_LINE = (
    rf"(?i)\n(?=[ \t]*[-\N{{EN DASH}}\N{{EM DASH}}\dPpصا])[ \t]*{_NUMBERED}[ \t]*(?=\r?\n|$)"
)
_FIRST_NUMBER_LINE = rf"(?i)[ \t]*{_NUMBERED}[ \t]*(?=\r?\n|$)"
#: Page numbers at least that make a text without form feeds numbered pages.
NUMBERED_PAGES = 3
#: Characters at least from one page number to the next, in the median: a page holds more
#: text than a poem's stanza or a list's item numbered "- 1 -".
PAGE_CHARACTERS = 300
# Characters at most, white space aside, of a line that may be a page number ("Page 1234 of
# 1234", "الصفحة ١٢٣٤ من ١٢٣٤").
_PAGE_NUMBER_LETTERS = 24


def _key(line: str) -> str:
    return " ".join(line.split())


def _edges(lines: Sequence[str]) -> list[int]:
    """The indices of the lines of a page's first :data:`HEAD_LINES` and last
    :data:`FOOT_LINES` lines of text (a short page's may be both) that may be a head or a
    foot: in the page's first or last block of text, where it has two lines at most (else
    its first or last line), or standing alone between blank lines (a line of a paragraph is
    no head)."""
    text = [k for k, line in enumerate(lines) if line.strip()]
    if not text:
        return []

    def blank(k: int) -> bool:
        return not 0 <= k < len(lines) or not lines[k].strip()

    # A head of a title and a session; a foot of a job number and a page number.
    first = _block(lines, text[0], 1)
    last = _block(lines, text[-1], -1)
    blocks = {*(first if len(first) <= 2 else first[:1]), *(last if len(last) <= 2 else last[:1])}
    return sorted(
        k
        for k in {*text[:HEAD_LINES], *text[-FOOT_LINES:]}
        if k in blocks or (blank(k - 1) and blank(k + 1))
    )


def _block(lines: Sequence[str], start: int, step: int) -> list[int]:
    """The lines of text from ``start`` on (``step`` 1: down; -1: up) to a blank line."""
    found = []
    k = start
    while 0 <= k < len(lines) and lines[k].strip():
        found.append(k)
        k += step
    return found


def _continues(before: str, after: str, width: int, abbreviations: frozenset[str]) -> bool:
    """Whether the text of a page ending with line ``before`` goes on in the next page's
    first line ``after``: ``before`` ends no sentence, and ``after`` opens with a small
    letter, or ``before`` ends with a hyphen or is a full line (at least :data:`FULL_LINE` of
    ``width``, the pages' widest line: a page's last line cut short is a paragraph's end, a
    title, a heading). After an abbreviation's full stop ("(ibid., para." then "66).", "the
    U.S." then "The"), the next page goes on in a small letter or a digit."""
    before = before.rstrip()
    opening = compiled(_FIRST_LETTER).match(after)
    small = opening is not None and opening.group(1).islower()
    if compiled(_ENDS_SENTENCE).search(before) is not None:
        word = compiled(_LAST_WORD).search(before)
        abbreviated = word is not None and word.group(1).lower() in abbreviations
        return abbreviated and (small or after.lstrip()[:1].isdigit())
    return small or before.endswith("-") or len(before) >= FULL_LINE * width


def _kept(lines: Sequence[str], dropped: set[int]) -> list[str]:
    """A page's lines less ``dropped`` and the blank lines at its ends, and with one blank
    line where there were more (as where a dropped line stood between blank lines)."""
    kept: list[str] = []
    for k, line in enumerate(lines):
        blank = not line.strip()
        if k in dropped or (blank and (not kept or not kept[-1].strip())):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def numbered_pages(text: str) -> str | None:
    """``text`` with a form feed after each page number, where it has no form feeds but
    numbers its pages (text a PDF viewer copied): :data:`NUMBERED_PAGES` lines or more of a
    page number (``- 2 -``, ``2/4``, ``Page 2``), each one more than the one before or 1
    again (a second edition's first page), in any of those styles, the page counts that are
    given the same, pages of :data:`PAGE_CHARACTERS` or more; else ``None``.

    >>> page = "Head\\n" + "A sentence of the page's text. " * 10 + "\\n- {} -\\n"
    >>> [len(page) for page in numbered_pages("".join(map(page.format, "123"))).split("\\f")]
    [322, 322, 322, 0]
    >>> numbered_pages("- 1 -\\nOh night\\n- 2 -\\nOh night\\n- 3 -\\nOh night\\n")  # stanzas
    """
    if _short_digit_lines(text, _PAGE_NUMBER_LETTERS) < NUMBERED_PAGES:  # most texts
        return None
    line = compiled(_NUMBER_LINE)
    first = line.search(text)
    if first is None:
        return None
    opening = compiled(_FIRST_NUMBER_LINE).match(text)
    found = [*([opening] if opening else []), first, *line.finditer(text, first.end())]
    if len(found) < NUMBERED_PAGES:
        return None
    if statistics.median(b.start() - a.start() for a, b in pairwise(found)) < PAGE_CHARACTERS:
        return None
    try:
        numbers = [int(match[1] or match[2] or match[4] or match[6]) for match in found]
        counts = [int(match[3] or match[5] or 0) for match in found]  # 0: none given
    except ValueError:  # digits of a system only the regex module's newer Unicode knows
        return None
    pages = 0  # the page count the numbers of this edition give, once one gives it
    for at, (number, total) in enumerate(zip(numbers, counts, strict=True)):
        if at and number not in (numbers[at - 1] + 1, 1):
            return None
        if number == 1:  # an edition begins
            pages = 0
        pages = pages or total
        if (total and total != pages) or (pages and number > pages):
            return None
    ends = [match.end() + (text[match.end() : match.end() + 2].find("\n") + 1) for match in found]
    cuts = [0, *ends]
    return "\f".join(text[start:end] for start, end in pairwise([*cuts, len(text)]))


def _short_digit_lines(text: str, longest: int) -> int:
    """How many lines of ``text`` hold a digit among their first ``longest`` characters other
    than spaces, tabs and carriage returns, and no more such characters (compiled where the
    extension was built).

    >>> _short_digit_lines("Head\\n- 1 -\\nA line of text with 2 in it.\\n 2/3 \\n", 10)
    2
    """
    if speedups is None:
        return _short_digit_lines_python(text, longest)
    return _speedups.short_digit_lines(text, longest)


def _short_digit_lines_python(text: str, longest: int) -> int:
    """:func:`_short_digit_lines` in Python: a copy of each line."""
    count = 0
    for line in text.split("\n"):
        visible = line.replace(" ", "").replace("\t", "").replace("\r", "")
        count += len(visible) <= longest and any(char.isdecimal() for char in visible)
    return count


def pages_to_text(text: str) -> tuple[str, int]:
    """``text``'s pages (parted by form feeds) as one text, their furniture left out (see the
    module), and how many lines were left out.

    >>> page = "A/69/720\\n\\nThe cases fell{}\\n\\n{}/3\\n"
    >>> pages_to_text("\\f".join([page.format(" each", 1), "A/69/720\\nweek.\\n\\n2/3\\n"]))
    ('The cases fell each\\nweek.', 4)
    """
    from ..segment import punkt_parameters  # the abbreviations Punkt knows
    from ..split import DOCUMENT_SYMBOL, is_furniture_line  # the splitter's own judgement

    abbreviations = punkt_parameters("en").abbrev_types

    pages = [page.splitlines() for page in text.split("\f")]
    with_text = [(lines, _edges(lines)) for lines in pages if any(line.strip() for line in lines)]
    seen = Counter(key for lines, edges in with_text for key in {_key(lines[k]) for k in edges})
    repeated = 2 if len(with_text) <= SHORT_DOCUMENT else 3
    left_out = 0
    kept_pages: list[list[str]] = []
    for lines, edges in with_text:
        dropped = {
            k
            for k in edges
            if (
                seen[_key(lines[k])] >= repeated and compiled(_ENDS_CLAUSE).search(lines[k]) is None
            )
            or compiled(_PAGE_NUMBER).fullmatch(lines[k].strip()) is not None
            or DOCUMENT_SYMBOL.fullmatch(lines[k]) is not None
            or is_furniture_line(lines[k])
        }
        left_out += len(dropped)
        kept = _kept(lines, dropped)
        if kept:
            kept_pages.append(kept)
    joined = ["\n".join(kept_pages[0])] if kept_pages else []
    for before, lines in pairwise(kept_pages):
        width = max(len(line.strip()) for line in (*before, *lines))
        goes_on = _continues(before[-1], lines[0], width, abbreviations)
        joined += ["\n" if goes_on else "\n\n", "\n".join(lines)]
    return "".join(joined), left_out


# A line of a right-to-left script that opens with its closing mark (not an ellipsis's dots),
# set there by a PDF extractor: its indent, the mark, the rest.
_MARK_FIRST = (
    r"(?m)^([ \t]*)(?!\.\.)([.:!?\N{ARABIC QUESTION MARK}\N{ARABIC COMMA}"
    r"\N{ARABIC SEMICOLON}])[ \t]*(\S[^\r\n]*?)[ \t]*(?=\r?$)"
)
#: Lines at least of a text that open so before any is mended: one may be a quotation's or
#: a list's; more are the extractor's.
MARKS_FIRST_LINES = 2


def marks_put_back(text: str) -> tuple[str, int]:
    """``text`` (a PDF's, as ``pdftotext`` writes it, with or without ``-layout``) with the
    closing mark of each Arabic line that opens with one (a full stop, question or
    exclamation mark, colon, Arabic comma or semicolon: where a right-to-left line ends on
    the page) put back at the line's end, and how many; where :data:`MARKS_FIRST_LINES`
    lines or more open so, else ``text`` as it is. An opening ellipsis stays.

    >>> marks_put_back(".في جنيف\\n:وقال \\r\\n؟هل\\n...وإن الحكومة\\n.Done")
    ('في جنيف.\\nوقال:\\r\\nهل؟\\n...وإن الحكومة\\n.Done', 3)
    """
    found = [match for match in compiled(_MARK_FIRST).finditer(text) if side_of(match[3]) == "ar"]
    if len(found) < MARKS_FIRST_LINES:
        return text, 0
    pieces, at = [], 0
    for match in found:
        pieces += [text[at : match.start()], match[1], match[3], match[2]]
        at = match.end()
    return "".join([*pieces, text[at:]]), len(found)
