"""TSV: five tab-separated fields a bead, no header: Arabic segment, English segment, score,
Arabic and English indices (comma-separated, empty for an unaligned side).

Texts are segments (:func:`~bialign.formats.common.segment_text`): tabs and line breaks inside
a sentence become spaces, so every line has exactly five fields. The score has
:data:`~bialign.formats.common.SCORE_DECIMALS` decimals, empty when unknown.
"""

from __future__ import annotations

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
    index_field,
    numbered_lines,
    parse_index,
    parse_score,
    read_error,
    score_field,
)

__all__ = ["read", "read_tsv", "write", "write_tsv"]


def write_tsv(alignments: Documents, out: TextIO) -> None:
    """One bead a line: Arabic, English, score, Arabic indices, English indices."""
    for alignment in as_documents(alignments):
        for pair in aligned_pairs(alignment):
            fields = (
                pair.ar,
                pair.en,
                score_field(pair.score),
                index_field(pair.ar_index),
                index_field(pair.en_index),
            )
            out.write("\t".join(fields) + "\n")


def read_tsv(stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Read the five-column TSV of :func:`write_tsv`; ``source`` is ``name``."""
    pairs = []
    for line, text in numbered_lines(stream, name):
        fields = text.split("\t")
        if len(fields) != 5:
            raise read_error(
                name,
                line,
                f"expected 5 tab-separated fields (ar, en, score, ar_index, "
                f"en_index), found {len(fields)}",
            )
        ar, en, score, ar_index, en_index = fields
        pairs.append(
            AlignedPair(
                source=name,
                ar=ar,
                en=en,
                ar_index=parse_index(ar_index, "ar_index", name, line),
                en_index=parse_index(en_index, "en_index", name, line),
                score=parse_score(score, name, line),
            )
        )
    return pairs


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_tsv` (every bead is kept)."""
    write_tsv(documents, streams[0])


def read(streams: Sequence[Stream], name: str) -> Contents:
    """The registry's reader: :func:`read_tsv`."""
    return Contents(pairs=tuple(read_tsv(streams[0], name)))
