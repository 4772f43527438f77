"""Output formats, one module a format with its writer and (HTML aside) its reader, and the
registry that the API, the command line and the batch runner take them from.

=========  ================  ===============  =======  ==========  ======  =========  =========
format     files             sentences        indices  score       source  signature  unaligned
=========  ================  ===============  =======  ==========  ======  =========  =========
jsonl      ``NAME.jsonl``    one by one       yes      exact       yes     no         yes
tsv        ``NAME.tsv``      joined segment   yes      4 decimals  no      no         yes
moses      ``NAME.ar/.en``   joined segment   no       no          no      no         on request
tmx        ``NAME.tmx``      joined segment   yes      4 decimals  yes     header     on request
html       ``NAME.html``     one by one       yes      2 decimals  yes     yes        yes
vecalign   ``NAME.align``    none             yes      4 decimals  no      no         yes
=========  ================  ===============  =======  ==========  ======  =========  =========

:func:`write_alignment` writes by name, atomically when given a path (a temporary file in the
same directory, then ``os.replace``), so an interrupted run never leaves a half-written output;
:func:`read_alignments` and :func:`read_pairs` read back. A format's module is imported the
first time it is used (TMX's XML parser is not loaded to write JSONL). Malformed input raises
``ValueError`` naming the file and the 1-based line.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Protocol, TextIO, cast

from .._checks import check_source
from ..records import AlignedPair, ArticleAlignment
from .common import (
    DEFAULT_THRESHOLD,
    SCORE_DECIMALS,
    Contents,
    Documents,
    Source,
    Staged,
    Stream,
    WriteOptions,
    aligned_pairs,
    alignment_from_pairs,
    as_documents,
    atomic_files,
    segment_text,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "READABLE",
    "REGISTRY",
    "SCORE_DECIMALS",
    "Documents",
    "FileFormat",
    "Format",
    "Source",
    "Stream",
    "aligned_pairs",
    "alignment_from_pairs",
    "atomic_files",
    "format_of",
    "read_alignments",
    "read_pairs",
    "segment_text",
    "write_alignment",
]

#: A format's name, as ``--format`` takes it (mypy checks every registry entry against it).
Format = Literal["jsonl", "tsv", "moses", "tmx", "html", "vecalign"]


class _Codec(Protocol):
    """What the registry calls in a format's module."""

    def write(
        self,
        documents: Sequence[ArticleAlignment],
        streams: Sequence[TextIO],
        options: WriteOptions,
    ) -> None: ...

    def read(self, streams: Sequence[Stream], name: str) -> Contents: ...


@dataclass(frozen=True)
class FileFormat:
    """One format: its name, file names, and what it can do.

    ``suffixes`` holds the one file's suffix, or for a format of several files (Moses) what
    each adds to the path prefix it is given. ``line_per_bead`` formats have no header, so a
    run's signature cannot go into them; ``has_text`` is false for a format of sentence
    numbers only, ``has_scores`` for one without the beads' scores; ``pairs_only`` formats
    leave unaligned sentences out unless asked to keep them. The writer and reader are the
    functions ``write`` and ``read`` of the module named after the format.
    """

    name: Format
    suffixes: tuple[str, ...]
    readable: bool
    line_per_bead: bool
    has_text: bool = True
    has_scores: bool = True
    pairs_only: bool = False

    @property
    def is_prefix(self) -> bool:
        """Whether the format is written to a path prefix, one file per suffix."""
        return len(self.suffixes) > 1

    @property
    def suffix(self) -> str:
        """What an output name gets appended: the file's suffix; nothing for a prefix."""
        return "" if self.is_prefix else self.suffixes[0]

    def files(self, target: str | os.PathLike[str]) -> tuple[Path, ...]:
        """The files written for ``target``: itself, or for a prefix one file per suffix.

        >>> [path.name for path in REGISTRY["moses"].files("out/corpus")]
        ['corpus.ar', 'corpus.en']
        """
        target = target if isinstance(target, Path) else Path(target)  # a Path is not parsed again
        if not self.is_prefix:
            return (target,)
        return tuple(target.with_name(target.name + suffix) for suffix in self.suffixes)


#: Every format by name, in the order ``--format`` lists them.
REGISTRY = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            FileFormat("jsonl", (".jsonl",), readable=True, line_per_bead=True),
            FileFormat("tsv", (".tsv",), readable=True, line_per_bead=True),
            FileFormat(
                "moses",
                (".ar", ".en"),
                readable=True,
                line_per_bead=True,
                has_scores=False,
                pairs_only=True,
            ),
            FileFormat("tmx", (".tmx",), readable=True, line_per_bead=False, pairs_only=True),
            FileFormat("html", (".html",), readable=False, line_per_bead=False),
            FileFormat("vecalign", (".align",), readable=True, line_per_bead=True, has_text=False),
        )
    }
)
FORMATS: tuple[Format, ...] = tuple(REGISTRY)
READABLE: tuple[Format, ...] = tuple(name for name, spec in REGISTRY.items() if spec.readable)


def _codec(spec: FileFormat) -> _Codec:
    """The format's module, imported on first use."""
    return cast(_Codec, importlib.import_module(f"{__name__}.{spec.name}"))


def format_of(path: str | os.PathLike[str]) -> Format | None:
    """The readable format a path names: by its suffix (any case), or a path prefix whose
    files all exist; ``None`` when it does not say.

    >>> format_of("out/004.TSV"), format_of("notes.txt")
    ('tsv', None)
    """
    named = _by_suffix(path, READABLE)
    if named is not None:
        return named
    for name in READABLE:
        spec = REGISTRY[name]
        if spec.is_prefix and all(file.exists() for file in spec.files(path)):
            return name
    return None


def _by_suffix(path: str | os.PathLike[str], names: Iterable[Format]) -> Format | None:
    """The format of ``names`` whose files end as ``path`` does (any case), if any."""
    suffix = Path(path).suffix.lower()
    for name in names:
        if suffix and REGISTRY[name].suffix == suffix:  # a prefix format's suffix is ""
            return name
    return None


def _named_format(target: object) -> Format:
    """The format whose files end as the path ``target`` does: what :func:`write_alignment`
    writes without a format named."""
    named = _by_suffix(target, REGISTRY) if isinstance(target, (str, os.PathLike)) else None
    if named is not None:
        return named
    raise ValueError(
        f"name the format of {target!r}: its suffix names none of {', '.join(FORMATS)}"
    )


def write_alignment(
    alignments: Documents,
    target: str | os.PathLike[str] | TextIO,
    format: Format | None = None,
    *,
    keep_unaligned: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    defer: list[Staged] | None = None,
) -> None:
    """Write ``alignments`` in ``format`` to a path (atomically) or an open text stream;
    without ``format``, a path's suffix tells it (``out/004.tmx``).

    For ``moses`` the target is a path prefix and two files are written (see
    :meth:`FileFormat.files`). ``keep_unaligned`` applies to ``moses`` and ``tmx`` (the other
    formats always keep unaligned beads); ``threshold`` to ``html``. ``defer`` leaves the
    files written to a path staged, for :func:`~bialign.formats.common.commit` (see
    :func:`atomic_files`).
    """
    if format is None:
        format = _named_format(target)
    spec = REGISTRY.get(format)
    if spec is None:
        raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}")
    if alignments is None or isinstance(alignments, (str, bytes)):
        raise TypeError(f"alignments must be alignments, not {type(alignments).__name__}")
    documents = as_documents(alignments)
    first: dict[str, int] = {}  # each source's first document
    for position, document in enumerate(documents):
        if not isinstance(document, ArticleAlignment):
            raise TypeError(
                f"alignments[{position}] must be an ArticleAlignment, not {type(document).__name__}"
            )
        # A reader tells documents apart by their source: two of one source would come back
        # as one, or not at all.
        earlier = first.setdefault(document.source, position)
        if earlier != position:
            raise ValueError(
                f"alignments[{position}] has the source {document.source!r} of "
                f"alignments[{earlier}]: give each document its own (align_texts(..., source=))"
            )
    if not isinstance(target, (str, os.PathLike)) and not hasattr(target, "write"):
        raise TypeError(f"target must be a path or an open text file, not {type(target).__name__}")
    options = WriteOptions(keep_unaligned=keep_unaligned, threshold=threshold)
    if isinstance(target, (str, os.PathLike)):
        with atomic_files(*spec.files(target), defer=defer) as streams:
            _codec(spec).write(documents, streams, options)
    elif spec.is_prefix:
        names = " and ".join("PREFIX" + suffix for suffix in spec.suffixes)
        raise ValueError(
            f"the {format} format writes {len(spec.suffixes)} files ({names}): give a path "
            "prefix, not an open stream"
        )
    else:
        _codec(spec).write(documents, (target,), options)


def _read(source: Source, format: Format | None) -> Contents:
    check_source("source", source)
    if format is None:  # told by a path's name, as the command line tells it
        choose = f"give format ({', '.join(READABLE)})"
        if not isinstance(source, (str, os.PathLike)):
            raise ValueError(f"cannot tell the format of a stream: {choose}")
        format = format_of(source)
        if format is None:
            raise ValueError(
                f"cannot tell the format of {os.fspath(source)} from its name: {choose}"
            )
    spec = REGISTRY.get(format)
    if spec is None or not spec.readable:
        raise ValueError(f"cannot read format {format!r}; readable formats: {', '.join(READABLE)}")
    with ExitStack() as stack:
        if isinstance(source, (str, os.PathLike)):
            streams = [stack.enter_context(open(path, "rb")) for path in spec.files(source)]
            return _codec(spec).read(streams, str(source))
        if spec.is_prefix:
            raise ValueError(
                f"the {format} format is {len(spec.suffixes)} files: give the path prefix"
            )
        return _codec(spec).read([source], getattr(source, "name", "<stream>"))


def read_pairs(source: Source, format: Format | None = None) -> list[AlignedPair]:
    """The beads of a file (a path prefix for ``moses``) as pairs of segments, with the
    indices and scores the file carried. Without ``format``, a path's name tells it
    (:func:`format_of`)."""
    contents = _read(source, format)
    if contents.alignments is None:
        return list(contents.pairs)
    return [pair for alignment in contents.alignments for pair in aligned_pairs(alignment)]


def read_alignments(source: Source, format: Format | None = None) -> list[ArticleAlignment]:
    """The alignments of a file, one per source document; without ``format``, a path's name
    tells it (:func:`format_of`).

    Exact for JSONL's sentences, indices, scores and sources (its records carry no layout,
    signature or structure); for ``vecalign`` the beads, over sentences that are ``""``; for
    the pair-level formats (TSV, Moses, TMX) built by :func:`alignment_from_pairs`, a pair a
    bead over the pairs' texts (a merged bead's sentences are one text), with the TMX
    header's signature when it has exactly one.
    """
    contents = _read(source, format)
    if contents.alignments is not None:
        return list(contents.alignments)
    by_source: dict[str, list[AlignedPair]] = {}
    for pair in contents.pairs:
        by_source.setdefault(pair.source, []).append(pair)
    signature = contents.signatures[0] if len(contents.signatures) == 1 else ""
    return [alignment_from_pairs(group, src, signature) for src, group in by_source.items()]
