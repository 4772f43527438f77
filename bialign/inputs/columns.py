"""Text set in two columns side by side, one language each, as ``pdftotext -layout`` writes a
bilingual PDF (English on the left and Arabic on the right, or the reverse): read a block of
rows at a time, down its left column, then down its right one.

Each row holds a line of one column, of the other, or of both, parted by a gutter of spaces.
Read row by row, a wrapped sentence of one column would be cut by the other column's lines,
and words of each language would go to the other's side.
"""

from __future__ import annotations

from collections import Counter

import regex

from ..detect import side_of
from ..records import Language

__all__ = ["side_by_side"]

#: Spaces at least between two columns: one or two part words and sentences. (A tab parts a
#: table's cells, as a word processor writes them, not a page's columns.)
GUTTER_SPACES = 3
_GAP = regex.compile(rf"(?<=\S) {{{GUTTER_SPACES},}}(?=\S)")
#: Rows at least, and their share of the rows with letters, that hold a line of each column
#: in a script of its own, for a text to be read as two columns: a stray wide gap (a table's
#: row, a signature line, a translation beside its term) is not a layout.
MIN_ROWS = 4
MIN_SHARE = 0.4

#: Spaces a line in no script may be indented past its block's left column and still be of it.
MARGIN_SLACK = 2

# A row: both columns' lines and how far the row is indented; a line in no script, as it
# stands in the text (its indent says which column it is of, if of any); or None, blank.
_Row = tuple[str, str, int] | str | None


def side_by_side(text: str) -> tuple[str, int] | None:
    """``text`` with its two columns read one after the other, a block of rows (up to a blank
    row) at a time: the left column's lines as a paragraph, then the right column's. ``None``
    where the text is not two columns of two scripts. Also returns how many rows held a line
    of each column.

    A row's two lines are parted at the first gap of :data:`GUTTER_SPACES` spaces or more
    where the text before it is in the left column's script (or in none: a paragraph's
    number) and the text after it in the right's (or in none). A row of one line goes to the
    column of its script; a line in no script (a page number, a document symbol) stands
    across both, apart, and pages (parted by form feeds) are read one by one, so that page
    heads and feet are still found (:mod:`~bialign.inputs.pages`).

    >>> text, rows = side_by_side("\\n".join(
    ...     ["The Committee met     اجتمعت اللجنة"] * 2 + ["in Geneva.     في جنيف."] * 2))
    >>> print(text, end="")
    The Committee met The Committee met in Geneva. in Geneva.
    <BLANKLINE>
    اجتمعت اللجنة اجتمعت اللجنة في جنيف. في جنيف.
    >>> rows
    4
    """
    if " " * GUTTER_SPACES not in text:  # most texts: at once
        return None
    orientation = _orientation(text.split("\n"))
    if orientation is None:
        return None
    pages = [[_row(line, orientation) for line in page.split("\n")] for page in text.split("\f")]
    both = sum(isinstance(row, tuple) and bool(row[0] and row[1]) for rows in pages for row in rows)
    return "\f".join(_read_down(rows) for rows in pages), both


def _orientation(lines: list[str]) -> tuple[Language, Language] | None:
    """The scripts of the left and right columns, where enough rows hold a line of each in
    scripts of their own (:data:`MIN_ROWS`, :data:`MIN_SHARE`)."""
    found: Counter[tuple[Language, Language]] = Counter()
    lettered = 0
    for line in lines:
        sides = [side_of(part) for part in _GAP.split(line)] if _GAP.search(line) else []
        if not sides:
            lettered += side_of(line) is not None
            continue
        lettered += any(sides)
        first, last = sides[0], sides[-1]
        if first is not None and last is not None and first != last:
            found[first, last] += 1
    if not found:
        return None
    orientation, count = found.most_common(1)[0]
    return orientation if count >= MIN_ROWS and count >= MIN_SHARE * lettered else None


def _row(line: str, orientation: tuple[Language, Language]) -> _Row:
    """One row: its two columns' lines (either may be empty) and its indent, or a line in no
    script, or ``None`` for a blank row."""
    line = line.rstrip(" \t\r")
    text = line.lstrip(" \t")
    if not text:
        return None
    indent = len(line) - len(text)
    left, right = orientation
    for gap in _GAP.finditer(text):
        before, after = text[: gap.start()], text[gap.end() :]
        sides = side_of(before), side_of(after)
        if sides[0] in (left, None) and sides[1] in (right, None) and sides != (None, None):
            return before, after, indent
    side = side_of(text)
    if side is None:
        return line
    return (text, "", indent) if side == left else ("", text, indent)


def _read_down(rows: list[_Row]) -> str:
    """The blocks of ``rows`` read column by column. A line in no script inside a block (a
    column's last line, "1988 (2011)") is of the left column where it begins at the block's
    left margin, else of the right; between blank rows (a page number, a symbol), apart."""
    paragraphs: list[str] = []
    block: list[tuple[str, str]] = []
    margin = 0  # the indent of the block's left column, once it has a line

    def flush() -> None:
        for column in (0, 1):
            lines = [pair[column] for pair in block if pair[column]]
            if lines:
                paragraphs.append(_joined(lines))
        block.clear()

    for row in rows:
        if isinstance(row, tuple):
            left, right, indent = row
            margin = indent if left and not any(pair[0] for pair in block) else margin
            block.append((left, right))
        elif row is not None and block:
            text = row.lstrip(" \t")
            of_left = len(row) - len(text) <= margin + MARGIN_SLACK
            block.append((text, "") if of_left else ("", text))
        else:
            flush()
            margin = 0
            if row is not None:
                paragraphs.append(row.strip())
    flush()
    return "\n\n".join(paragraphs) + "\n"


def _joined(lines: list[str]) -> str:
    """A column's lines in a block, as one paragraph: joined by spaces, as a column's width
    says nothing of where its paragraphs end; but for a line that ends in a hyphen, whose
    word the paragraph reader makes whole (or not) as in any wrapped text."""
    text = lines[0]
    for line in lines[1:]:
        text += ("\n" if text.endswith(_HYPHENS) else " ") + line
    return text


_HYPHENS = ("-", "\N{HYPHEN}")
