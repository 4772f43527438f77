"""What the format modules share: segments, scores, atomic files and line-by-line reading.

A *segment* is one side of a bead as the line-based formats see it (:func:`segment_text`): its
sentences joined by a space, tabs and line breaks replaced by a space, and control characters
that XML cannot carry removed. A NaN score means "unknown" (a Moses file has none).

This module imports nothing heavier than the standard library's basics, so that the registry
(:mod:`bialign.formats`) can use it without loading any format.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import stat
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, TextIO, TypeAlias

from ..records import AlignedPair, ArticleAlignment, Bead

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_SENTENCE_NUMBER",
    "SCORE_DECIMALS",
    "TEMPORARY",
    "Contents",
    "Documents",
    "Source",
    "Staged",
    "Stream",
    "WriteOptions",
    "aligned_pairs",
    "alignment_from_pairs",
    "as_documents",
    "atomic_files",
    "check_numbers",
    "commit",
    "discard",
    "finite",
    "index_field",
    "is_stale_temporary",
    "numbered_lines",
    "parse_index",
    "parse_score",
    "read_error",
    "score_field",
    "segment_text",
    "strip_not_xml",
    "temporary_stem",
]

#: Decimals of the score in TSV, TMX and ``[i]:[j]`` lines: enough to rank beads, short enough
#: to read.
SCORE_DECIMALS = 4

#: Beads scoring below this are highlighted on the HTML review page.
DEFAULT_THRESHOLD = 0.5

#: Alignments to write: one document, or several written one after the other.
Documents: TypeAlias = ArticleAlignment | Iterable[ArticleAlignment]

#: An open file: text, or bytes (decoded as UTF-8; TMX by its XML declaration).
Stream: TypeAlias = TextIO | BinaryIO
#: What a reader reads: a path (a path prefix for Moses) or an open file.
Source: TypeAlias = str | os.PathLike[str] | Stream

# Everything str.splitlines() breaks on, plus tab: any of them inside a segment would break the
# line (Moses) or column (TSV) structure, and some readers split on the Unicode ones too.
_BREAKS = str.maketrans(dict.fromkeys("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))


@dataclass(frozen=True)
class WriteOptions:
    """How to write, where a format has a choice: ``keep_unaligned`` for Moses and TMX (the
    other formats always keep unaligned beads), ``threshold`` for the HTML page."""

    keep_unaligned: bool = False
    threshold: float = DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Contents:
    """What a reader found in one input.

    ``alignments`` when the format rebuilds documents exactly (sentence numbers as written,
    sentences where it has them); otherwise ``pairs``, one per bead, with the indices and scores
    the file carried. ``signatures`` are those a header named (TMX).
    """

    alignments: tuple[ArticleAlignment, ...] | None = None
    pairs: tuple[AlignedPair, ...] = ()
    signatures: tuple[str, ...] = ()


@functools.cache
def _not_xml() -> re.Pattern[str]:
    # Compiled on first use: the wide ranges take longer to compile than the rest of the
    # package's formats take to import.
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def strip_not_xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent, not even as character
    references (most control characters, unpaired surrogates, U+FFFE and U+FFFF)."""
    return _not_xml().sub("", text)


def as_documents(alignments: Documents) -> tuple[ArticleAlignment, ...]:
    """One alignment or several, as a tuple."""
    if isinstance(alignments, ArticleAlignment):
        return (alignments,)
    return tuple(alignments)


def segment_text(sentences: Iterable[str]) -> str:
    r"""One bead side as a single line: sentences joined by a space, line breaks made spaces.

    >>> segment_text(["قالَ:\tنعم.", "Yes.\u2028No.\x07"])
    'قالَ: نعم. Yes. No.'
    """
    return strip_not_xml(" ".join(sentences).translate(_BREAKS))


def aligned_pairs(alignment: ArticleAlignment) -> tuple[AlignedPair, ...]:
    """The beads of ``alignment`` with their segments, in bead order."""
    return tuple(
        AlignedPair(
            source=alignment.source,
            ar=segment_text(alignment.ar[i] for i in bead.ar),
            en=segment_text(alignment.en[i] for i in bead.en),
            ar_index=bead.ar,
            en_index=bead.en,
            score=float(bead.score),
        )
        for bead in alignment.beads
    )


def alignment_from_pairs(
    pairs: Iterable[AlignedPair], source: str | None = None, signature: str = ""
) -> ArticleAlignment:
    """An alignment whose sentences are the pairs' segments, one per non-empty side, in order.

    Bead indices are renumbered to point at those segments; scores are kept. ``source``
    defaults to the first pair's.
    """
    pairs = list(pairs)
    ar: list[str] = []
    en: list[str] = []
    beads = []
    for pair in pairs:
        ar_index = (len(ar),) if pair.ar_index else ()
        en_index = (len(en),) if pair.en_index else ()
        ar.extend([pair.ar] if pair.ar_index else [])
        en.extend([pair.en] if pair.en_index else [])
        beads.append(Bead(ar_index, en_index, pair.score))
    if source is None:
        source = pairs[0].source if pairs else ""
    return ArticleAlignment(
        source=source, ar=tuple(ar), en=tuple(en), beads=tuple(beads), signature=signature
    )


def score_field(score: float) -> str:
    """A score with :data:`SCORE_DECIMALS` decimals; ``""`` when unknown (NaN)."""
    return "" if math.isnan(score) else f"{score:.{SCORE_DECIMALS}f}"


def index_field(index: Sequence[int]) -> str:
    """Sentence numbers separated by commas, as TSV and TMX write them."""
    return ",".join(map(str, index))


# --- writing --------------------------------------------------------------------------------


#: What :func:`atomic_files` names a file while writing it: ``.NAME.PID.<8 hex digits>.tmp``,
#: NAME shortened by :func:`temporary_stem`, PID the writing process's.
TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp", re.DOTALL)

#: The longest file name (bytes) most file systems take.
NAME_MAX = 255
# A temporary adds up to 1 + 1 + 10 + 1 + 8 + 4 bytes to its output's name.
_TEMPORARY_EXTRA = 25


def temporary_stem(name: str) -> str:
    """``name`` as a temporary file's name holds it: its first bytes, so that the temporary
    of an output with the longest name the file system takes still fits.

    >>> len(temporary_stem("x" * 250).encode())
    230
    """
    # A character cut in two comes back as surrogate escapes: the same bytes on disk.
    return os.fsdecode(os.fsencode(name)[: NAME_MAX - _TEMPORARY_EXTRA])


def is_stale_temporary(name: str, stems: Container[str]) -> bool:
    """Whether ``name`` is a temporary of an output whose :func:`temporary_stem` is in
    ``stems``, left by a process that is gone: a temporary of a running process (another run
    into the same directory) is not stale."""
    match = TEMPORARY.fullmatch(name)
    if match is None or match["name"] not in stems:
        return False
    return not _running(int(match["pid"]))


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (on Linux, a zombie has exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process; or no process id at all
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat_file:
            return stat_file.read().rpartition(")")[2].split()[:1] != ["Z"]
    except OSError:  # no /proc: not Linux
        return True


def _open_temporary(path: Path) -> tuple[Path, TextIO]:
    # O_EXCL on a random name instead of tempfile.mkstemp: mkstemp creates mode 0600, and
    # os.open with 0o666 lets the umask decide, as for any ordinary output file.
    while True:
        name = f".{temporary_stem(path.name)}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        temporary = path.with_name(name)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:  # named by the file asked for, not by its temporary name
            raise OSError(error.errno, error.strerror, os.fspath(path)) from None
        # A buffer size of its own spares the open a terminal check (an ioctl) per file.
        return temporary, open(fd, "w", io.DEFAULT_BUFFER_SIZE, encoding="utf-8", newline="")


def _replaceable(path: Path) -> bool:
    """Whether ``path`` is new or a regular file (not a link to one): only such a path may be
    replaced by a temporary file. A device (``/dev/null``), a FIFO, a link (``/dev/stdout``,
    whose target may be a terminal, a pipe or the file a shell redirected to) is written to."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


@dataclass(frozen=True)
class Staged:
    """A file written in full and closed under its ``temporary`` name, not yet synced: what
    :func:`commit` makes durable and moves to ``path``."""

    temporary: Path
    path: Path


@contextmanager
def atomic_files(
    *paths: str | os.PathLike[str], defer: list[Staged] | None = None
) -> Iterator[tuple[TextIO, ...]]:
    """Open UTF-8 text files for writing that appear only if the ``with`` block completes.

    Each file is written under a temporary name in its own directory, synced, and moved into
    place with ``os.replace`` at the end; on any exception (a full disk included) the temporary
    files are removed and existing files are left as they were. A path that exists and is not
    a regular file (a device, a FIFO, a symbolic link) is never replaced: it is opened and
    written to.

    With ``defer`` (a list), the complete temporaries are closed but neither synced nor moved:
    they are appended to ``defer``, for :func:`commit` to do both later, off the writer's path
    (or :func:`discard` to remove them). A file still appears under its name only complete.
    """
    opened: list[tuple[Path | None, TextIO]] = []
    targets = [path if isinstance(path, Path) else Path(path) for path in paths]
    try:
        for path in targets:
            if _replaceable(path):
                opened.append(_open_temporary(path))
            else:
                opened.append((None, open(path, "w", encoding="utf-8", newline="")))  # noqa: SIM115
        yield tuple(stream for _, stream in opened)
        for temporary, stream in opened:
            stream.flush()
            if temporary is not None and defer is None:
                os.fsync(stream.fileno())
            stream.close()
        staged = [
            Staged(temporary, path)
            for (temporary, _), path in zip(opened, targets, strict=True)
            if temporary is not None
        ]
        if defer is None:
            for file in staged:
                os.replace(file.temporary, file.path)
        else:
            defer.extend(staged)
    except BaseException:
        for temporary, stream in opened:
            # Closing flushes what is buffered, which fails again on a full disk: the
            # temporary is removed all the same.
            with suppress(OSError):
                stream.close()
            if temporary is not None:
                temporary.unlink(missing_ok=True)
        raise


def commit(groups: Sequence[Sequence[Staged]]) -> list[OSError | None]:
    """Make several groups of staged files (each task's) durable and move them into place,
    together: sync every temporary, rename it to its name, then sync each
    directory once for all the groups (which makes the new names durable).

    A file under its name is therefore complete and on disk; a crash before the rename leaves
    only a temporary, which the next run into the directory removes. Returns the error each
    group met (``None``: committed); a group that failed has its temporaries removed, and the
    names it had moved before the failure stay.
    """
    sizes = [len(group) for group in groups]
    errors = _first_errors(_synced([file.temporary for group in groups for file in group]), sizes)
    moving = [number for number, error in enumerate(errors) if error is None]
    moved = _moved([[(file.temporary, file.path) for file in groups[number]] for number in moving])
    for number, error in zip(moving, moved, strict=True):
        errors[number] = error
    directories: dict[Path, list[int]] = {}
    for number, (group, error) in enumerate(zip(groups, errors, strict=True)):
        if error is not None:
            discard(group)
            continue
        for file in group:
            directories.setdefault(file.path.parent, []).append(number)
    for numbers, error in zip(directories.values(), _synced(list(directories)), strict=True):
        if error is not None:
            for number in numbers:
                errors[number] = errors[number] or error
    return errors


def discard(staged: Iterable[Staged]) -> None:
    """Remove staged files that will not be committed."""
    for file in staged:
        with suppress(OSError):
            file.temporary.unlink(missing_ok=True)


def _first_errors(errors: Sequence[OSError | None], sizes: Sequence[int]) -> list[OSError | None]:
    """The first error of each group of ``errors``, the groups ``sizes`` long in turn."""
    firsts: list[OSError | None] = []
    start = 0
    for size in sizes:
        firsts.append(next((error for error in errors[start : start + size] if error), None))
        start += size
    return firsts


def _synced(paths: Sequence[Path]) -> list[OSError | None]:
    """fsync each file or directory by its path (what another process wrote, too): the error
    each met."""
    calls = _system_calls()
    if calls is None:
        return [_attempt(_sync, path) for path in paths]
    numbers = calls.sync_paths([os.fsencode(path) for path in paths])
    return [
        OSError(n, os.strerror(n), str(path)) if n else None
        for n, path in zip(numbers, paths, strict=True)
    ]


def _moved(groups: Sequence[Sequence[tuple[Path, Path]]]) -> list[OSError | None]:
    """``os.replace`` each source by its target, a group at a time, stopping a group at its
    first failure: the error each group met."""
    calls = _system_calls()
    moves = [move for group in groups for move in group]
    sizes = [len(group) for group in groups]
    if calls is None:
        return [_group_moved(group) for group in groups]
    numbers = calls.move_paths(
        [os.fsencode(source) for source, _ in moves],
        [os.fsencode(target) for _, target in moves],
        sizes,
    )
    return _first_errors(
        [
            OSError(n, os.strerror(n), str(source), None, str(target)) if n else None
            for n, (source, target) in zip(numbers, moves, strict=True)
        ],
        sizes,
    )


def _system_calls() -> ModuleType | None:
    """The compiled loops of :func:`_synced` and :func:`_moved`, where built: they release the
    GIL once for all the files (made one at a time, each call took it back from the thread
    aligning the next documents, with two thread switches)."""
    from .._compiled import speedups  # here: the registry imports this module, not the loops

    return speedups if hasattr(speedups, "sync_paths") else None


def _attempt(call: Callable[..., object], *paths: Path) -> OSError | None:
    try:
        call(*paths)
    except OSError as error:
        return error
    return None


def _group_moved(group: Sequence[tuple[Path, Path]]) -> OSError | None:
    """``os.replace`` a group's files in turn until one fails: its error."""
    for source, target in group:
        error = _attempt(os.replace, source, target)
        if error is not None:
            return error
    return None


def _sync(path: Path) -> None:
    """fsync a file or directory by its path."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- reading --------------------------------------------------------------------------------

#: The highest sentence number a file may use. Readers that rebuild documents make a list of
#: sentences up to the highest number: "[99999999999]:[0]" must not ask for terabytes. A
#: document of ten million sentences is a thousand books.
MAX_SENTENCE_NUMBER = 10_000_000


def check_numbers(index: Sequence[int], what: str, name: str, line: int) -> tuple[int, ...]:
    """``index`` as a tuple, or an error naming the file and line if a number is over
    :data:`MAX_SENTENCE_NUMBER`."""
    if any(i > MAX_SENTENCE_NUMBER for i in index):
        raise read_error(
            name, line, f"{what}: sentence number {max(index)} is over {MAX_SENTENCE_NUMBER:,}"
        )
    return tuple(index)


def finite(value: float, name: str, line: int) -> float:
    """A score, or an error naming the file and line if it is infinite or NaN (an unknown
    score is written as nothing, or ``null``)."""
    if not math.isfinite(value):
        raise read_error(name, line, f"score must be a finite number, got {value}")
    return value


def read_error(name: str, line: int, message: str) -> ValueError:
    """The error of malformed input: the file, the 1-based line, what is wrong."""
    return ValueError(f"{name}, line {line}: {message}")


def numbered_lines(stream: Stream, name: str) -> Iterator[tuple[int, str]]:
    """Numbered lines without their line ending; bytes are decoded line by line, as UTF-8,
    so that a decoding error names its line."""
    lines: Iterable[str | bytes] = stream
    for number, raw in enumerate(lines, start=1):
        try:
            line = (
                raw if isinstance(raw, str) else raw.decode("utf-8-sig" if number == 1 else "utf-8")
            )
        except UnicodeDecodeError as error:
            raise read_error(name, number, f"not UTF-8 text ({error.reason})") from None
        yield number, line.rstrip("\n").removesuffix("\r")


def parse_index(field: str, what: str, name: str, line: int) -> tuple[int, ...]:
    """Comma-separated sentence numbers (TSV, TMX); ``""`` is an empty side."""
    if not field:
        return ()
    try:
        index = tuple(int(part) for part in field.split(","))
    except ValueError:
        raise read_error(
            name, line, f"{what} must be comma-separated numbers, got {field!r}"
        ) from None
    if any(i < 0 for i in index):
        raise read_error(name, line, f"{what} must not be negative, got {field!r}")
    return check_numbers(index, what, name, line)


def parse_score(field: str, name: str, line: int) -> float:
    """A score field; ``""`` is unknown (NaN)."""
    if not field:
        return math.nan
    try:
        score = float(field)
    except ValueError:
        raise read_error(name, line, f"score must be a number, got {field!r}") from None
    return finite(score, name, line)
