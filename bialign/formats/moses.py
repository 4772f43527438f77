"""Moses: two line-aligned plain-text files, ``PREFIX.ar`` and ``PREFIX.en``, line *k* of one
translating line *k* of the other. Lines are segments; no indices, no scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TextIO

from ..records import AlignedPair, ArticleAlignment
from .common import (
    Contents,
    Documents,
    Stream,
    WriteOptions,
    aligned_pairs,
    as_documents,
    numbered_lines,
    read_error,
)

__all__ = ["read", "read_moses", "write", "write_moses"]

_UNEQUAL = "the Moses files have different numbers of lines"


def write_moses(
    alignments: Documents, ar_out: TextIO, en_out: TextIO, *, keep_unaligned: bool = False
) -> None:
    """Write the Arabic and the English file.

    Beads with an empty side (1-0, 0-1) are left out, since an empty line would pair a sentence
    with nothing; ``keep_unaligned=True`` writes them with an empty line opposite.
    """
    for alignment in as_documents(alignments):
        for pair in aligned_pairs(alignment):
            if keep_unaligned or (pair.ar_index and pair.en_index):
                ar_out.write(pair.ar + "\n")
                en_out.write(pair.en + "\n")


def read_moses(ar_stream: Stream, en_stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Pair line *k* of the Arabic file with line *k* of the English one.

    An empty line leaves that side unaligned; lines empty on both sides are skipped. Indices
    count the non-empty lines of each side; scores are unknown (NaN).
    """
    pairs: list[AlignedPair] = []
    counts = {"ar": 0, "en": 0}
    ar_lines = numbered_lines(ar_stream, f"{name}.ar")
    en_lines = numbered_lines(en_stream, f"{name}.en")
    while True:
        ar_line, en_line = next(ar_lines, None), next(en_lines, None)
        if en_line is None:
            if ar_line is None:
                return pairs
            raise read_error(f"{name}.ar", ar_line[0], _UNEQUAL)
        if ar_line is None:
            raise read_error(f"{name}.en", en_line[0], _UNEQUAL)
        ar, en = ar_line[1], en_line[1]
        if not ar and not en:
            continue
        index: dict[str, tuple[int, ...]] = {}
        for side, text in (("ar", ar), ("en", en)):
            index[side] = (counts[side],) if text else ()
            counts[side] += bool(text)
        pairs.append(AlignedPair(name, ar, en, index["ar"], index["en"], math.nan))


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_moses` to the Arabic and the English stream."""
    ar_out, en_out = streams
    write_moses(documents, ar_out, en_out, keep_unaligned=options.keep_unaligned)


def read(streams: Sequence[Stream], name: str) -> Contents:
    """The registry's reader: :func:`read_moses` of the Arabic and the English stream."""
    ar_stream, en_stream = streams
    return Contents(pairs=tuple(read_moses(ar_stream, en_stream, name)))
