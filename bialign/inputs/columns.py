"""Text set in two columns side by side, one language each, as ``pdftotext -layout`` writes a
bilingual PDF (English on the left and Arabic on the right, or the reverse): read a page at a
time, down its left column, then down its right one.

Each row holds a line of one column, of the other, or of both, parted by a gutter of spaces.
Read row by row, a wrapped sentence of one column would be cut by the other column's lines,
and words of each language would go to the other's side. Read column by column, each side is
wrapped text in order, which the paragraph reader and the aligner take as any article in one
language then the other: the columns need not keep in step.
"""

from __future__ import annotations

import statistics
from collections import Counter

import regex

from ..detect import SIDE_SCRIPT, side_of
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
MIN_SHARE = 0.25
#: Characters at least of the left column's lines, in the median of the rows holding both:
#: a column of wrapped text, not a glossary's terms or a line of code beside a comment.
MIN_COLUMN_WIDTH = 20

#: Spaces a line in no script may be indented past its block's left column and still be of it.
MARGIN_SLACK = 2

# A row: both columns' lines and how far the row is indented; a line in no script, as it
# stands in the text (its indent says which column it is of, if of any); or None, blank.
_Row = tuple[str, str, int] | str | None


def side_by_side(text: str) -> tuple[str, str, int] | None:
    """The left column's text and the right column's of ``text``, each with its pages parted
    by form feeds as ``text``'s are, so that the pages' heads and feet are found at each
    column's page edges (:mod:`~bialign.inputs.pages`), and a sentence that runs on to the
    next page is joined again within its column; ``None`` where the text is not two columns
    of two scripts. Also returns how many rows held a line of each column.

    A row's two lines are parted at a gap of :data:`GUTTER_SPACES` spaces or more where the
    text before it is in the left column's script (or in none: a paragraph's number) and the
    text after it in the right's (or in none). A row of one line goes to the column of its
    script; a line in no script inside a block of rows goes to the column it begins in (a
    column's last line, "1988 (2011)"), between blank rows to the left column, as a
    paragraph of its own (a page number, a document symbol); a blank row is a blank line in
    both columns. The lines are kept: the paragraph reader finds the paragraphs, and the
    columns need not keep in step.

    >>> left, right, rows = side_by_side("\\n".join(2 * [
    ...     "The Committee met in Geneva     اجتمعت اللجنة في جنيف",
    ...     "and adopted its agenda.         وأقرت جدول أعمالها."]))
    >>> print(left, right, sep="", end="")
    The Committee met in Geneva
    and adopted its agenda.
    The Committee met in Geneva
    and adopted its agenda.
    اجتمعت اللجنة في جنيف
    وأقرت جدول أعمالها.
    اجتمعت اللجنة في جنيف
    وأقرت جدول أعمالها.
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
    read = [_read_down(rows) for rows in pages]
    left, right = ("\f".join(page[column] for page in read) for column in (0, 1))
    return left, right, both


def _orientation(lines: list[str]) -> tuple[Language, Language] | None:
    """The scripts of the left and right columns, where enough rows hold a line of each in
    scripts of their own (:data:`MIN_ROWS`, :data:`MIN_SHARE`)."""
    found: Counter[tuple[Language, Language]] = Counter()
    widths: dict[tuple[Language, Language], list[int]] = {}
    lettered = 0
    for line in lines:
        parts = _GAP.split(line.strip()) if _GAP.search(line) else []
        sides = [side_of(part) for part in parts]
        if not sides:
            lettered += side_of(line) is not None
            continue
        lettered += any(sides)
        first, last = sides[0], sides[-1]
        if first is not None and last is not None and first != last:
            found[first, last] += 1
            widths.setdefault((first, last), []).append(len(parts[0]))
    if not found:
        return None
    orientation, count = found.most_common(1)[0]
    wrapped = statistics.median(widths[orientation]) >= MIN_COLUMN_WIDTH
    return orientation if wrapped and count >= max(MIN_ROWS, MIN_SHARE * lettered) else None


def _row(line: str, orientation: tuple[Language, Language]) -> _Row:
    """One row: its two columns' lines (either may be empty) and its indent, or a line in no
    script, or ``None`` for a blank row. Of the gaps whose two sides are in the columns'
    scripts, the first where neither side holds a letter of the other's script parts the row
    (a justified line's wide gap between words, a byline's between its fields, is not the
    gutter); else the first."""
    line = line.rstrip(" \t\r")
    text = line.lstrip(" \t")
    if not text:
        return None
    indent = len(line) - len(text)
    left, right = orientation
    found = None
    for gap in _GAP.finditer(text):
        before, after = text[: gap.start()], text[gap.end() :]
        sides = side_of(before), side_of(after)
        if sides[0] in (left, None) and sides[1] in (right, None) and sides != (None, None):
            if not (SIDE_SCRIPT[right].search(before) or SIDE_SCRIPT[left].search(after)):
                return before, after, indent
            found = found or (before, after, indent)
    if found is not None:
        return found
    side = side_of(text)
    if side is None:
        return line
    return (text, "", indent) if side == left else ("", text, indent)


def _read_down(rows: list[_Row]) -> tuple[str, str]:
    """A page's ``rows`` as the text of each column."""
    columns: tuple[list[str], list[str]] = ([], [])
    margin, in_block = 0, False  # the left column's indent; whether the row before had columns
    for row in rows:
        if isinstance(row, tuple):
            left, right, indent = row
            margin = indent if left and not in_block else margin
            for column, line in enumerate((left, right)):
                if line:
                    columns[column].append(line)
            in_block = True
        elif row is not None and in_block:
            text = row.lstrip(" \t")
            columns[int(len(row) - len(text) > margin + MARGIN_SLACK)].append(text)
        elif row is not None:  # a line in no script between blank rows: a paragraph
            columns[0].extend(["", row.strip(), ""])
        else:  # a blank row: a blank line in both columns
            in_block = False
            for lines in columns:
                lines.append("")
    texts = (_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") for lines in columns)
    left, right = (text + "\n" if text else "" for text in texts)
    return left, right


_BLANK_LINES = regex.compile(r"\n{3,}")
