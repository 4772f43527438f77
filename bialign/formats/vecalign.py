"""``[i]:[j]`` lines, the field's alignment format (Vecalign, Bertalign): one bead a line, its
Arabic and English sentence numbers as lists, then an optional ``:score``.

Vecalign writes ``[8, 9]:[10, 11, 12]:0.139594`` (its third field a cost, lower is better) to
standard output; Bertalign writes ``[8, 9]:[10, 11, 12]`` into ``NAME.align`` files. The reader
takes both, with any spacing, and skips blank lines; the writer writes bialign's score with
:data:`~bialign.formats.common.SCORE_DECIMALS` decimals, or nothing after the second list when
the score is unknown.

The format has sentence numbers, no text. A file reads back as one document whose sentence
lists hold ``""`` up to the highest number used, so that it can be filtered and written as
``[i]:[j]`` again, and scored by :mod:`bialign.evaluate`. Several documents written to one
stream follow each other, their numbers restarting, as Vecalign concatenates its outputs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TextIO

from ..records import ArticleAlignment, Bead
from .common import (
    Contents,
    Documents,
    Stream,
    WriteOptions,
    as_documents,
    check_numbers,
    finite,
    numbered_lines,
    read_error,
    score_field,
)

__all__ = [
    "format_bead_line",
    "parse_bead_line",
    "read",
    "read_vecalign",
    "write",
    "write_vecalign",
]

# The spaces inside the brackets are matched once, before the numbers or the bracket: "\s*"
# on both sides of an optional group would try every split of a long run of spaces.
_INDEX_LIST = r"\[\s*(?:(\d+(?:\s*,\s*\d+)*)\s*)?\]"
_BEAD_LINE = re.compile(rf"\s*{_INDEX_LIST}\s*:\s*{_INDEX_LIST}\s*(?::\s*(\S+))?\s*", re.ASCII)


def _indices(text: str | None) -> tuple[int, ...]:
    return tuple(int(i) for i in text.split(",")) if text else ()


def parse_bead_line(line: str) -> Bead:
    """Read one ``[ar indices]:[en indices]`` line, with or without its ``:score``.

    >>> parse_bead_line("[8, 9]:[10, 11, 12]:0.14")
    Bead(ar=(8, 9), en=(10, 11, 12), score=0.14)
    >>> parse_bead_line("[]:[4]")
    Bead(ar=(), en=(4,), score=nan)
    >>> parse_bead_line("[1]-[2]")
    Traceback (most recent call last):
    ...
    ValueError: expected a bead like '[0]:[0, 1]' or '[2, 3]:[2]:0.5', got '[1]-[2]'
    """
    match = _BEAD_LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"expected a bead like '[0]:[0, 1]' or '[2, 3]:[2]:0.5', got {line!r}")
    ar, en, score = match.groups()
    try:
        value = math.nan if score is None else float(score)
    except ValueError:
        raise ValueError(f"the score after the bead is not a number: {score!r}") from None
    return Bead(_indices(ar), _indices(en), value)


def format_bead_line(ar: Sequence[int], en: Sequence[int], score: float = math.nan) -> str:
    """One bead as an ``[ar indices]:[en indices]`` line; ``:score`` when the score is known.

    >>> format_bead_line([2, 3], [2])
    '[2, 3]:[2]'
    >>> format_bead_line((), (4,), score=0.14)
    '[]:[4]:0.1400'
    """
    line = f"[{', '.join(map(str, ar))}]:[{', '.join(map(str, en))}]"
    return line if math.isnan(score) else f"{line}:{score_field(score)}"


def write_vecalign(alignments: Documents, out: TextIO) -> None:
    """One line a bead, in bead order (every bead is kept)."""
    for alignment in as_documents(alignments):
        for bead in alignment.beads:
            out.write(format_bead_line(bead.ar, bead.en, float(bead.score)) + "\n")


def read_vecalign(stream: Stream, name: str = "<stream>") -> ArticleAlignment:
    """The beads of a file of ``[i]:[j]`` lines, as one document named ``name`` whose
    sentences are ``""`` (see the module)."""
    beads = []
    for line, text in numbered_lines(stream, name):
        if not text.strip():
            continue
        try:
            bead = parse_bead_line(text)
        except ValueError as error:
            raise read_error(name, line, str(error)) from None
        check_numbers(bead.ar, "ar", name, line)
        check_numbers(bead.en, "en", name, line)
        if math.isinf(bead.score):  # NaN is an unknown score: the line had none
            finite(bead.score, name, line)
        beads.append(bead)
    ar = max((i + 1 for bead in beads for i in bead.ar), default=0)
    en = max((i + 1 for bead in beads for i in bead.en), default=0)
    return ArticleAlignment(source=name, ar=("",) * ar, en=("",) * en, beads=tuple(beads))


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_vecalign`."""
    write_vecalign(documents, streams[0])


def read(streams: Sequence[Stream], name: str) -> Contents:
    """The registry's reader: :func:`read_vecalign`, one document."""
    return Contents(alignments=(read_vecalign(streams[0], name),))
