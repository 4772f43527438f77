"""Which files to align and where each output goes.

:func:`find_inputs` says which files the command line's paths hold, :func:`plan_tasks` gives
each a distinct output name, :func:`remove_stale_temporaries` clears what an interrupted run
left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..formats import REGISTRY, Format
from ..formats.common import NAME_MAX, is_stale_temporary, temporary_stem
from ..inputs import SUFFIXES, kind_of_head, suffix_of

__all__ = [
    "Task",
    "display_name",
    "find_inputs",
    "left_out_note",
    "not_a_file",
    "output_files",
    "output_path",
    "plan_pair_tasks",
    "plan_tasks",
    "remove_stale_temporaries",
]


@dataclass(frozen=True)
class Task:
    """One document to align and where its output goes.

    ``inputs`` is one article holding both languages, or an Arabic file and an English file;
    ``output`` is the output path (a path prefix for ``moses``), or ``None`` for the stream
    the job is given.
    """

    source: str
    inputs: tuple[Path, ...]
    output: Path | None = None


# Control characters, C1 included: in a name they make XML ill-formed and steer terminals.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def display_name(path: str | os.PathLike[str]) -> str:
    r"""A path as text that every output can carry and every terminal show as it is: bytes
    that are not UTF-8 and control characters written as ``\xNN`` escapes.

    >>> print(display_name(os.fsdecode(b"caf\xe9\x1b[2J.txt")))
    caf\xe9\x1b[2J.txt
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def output_files(task: Task, format: Format) -> tuple[Path, ...]:
    """The files a task writes: one, two for ``moses``, none for a stream."""
    if task.output is None:
        return ()
    return REGISTRY[format].files(task.output)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


#: Suffixes of web pages as servers name them: a crawler saves a page under its URL's name,
#: ``index.php?p=41086`` or ``news.aspx``. Their kind is told by how they begin.
WEB_PAGE_SUFFIXES = frozenset({".php", ".asp", ".aspx", ".jsp", ".cfm", ".shtml", ".xhtml"})


def _walk_reads(folder: Path, name: str) -> bool:
    """Whether a directory walk reads the file ``name`` of ``folder``: one of the input kinds'
    suffixes (any case); or a web page's suffix or none, and a regular file that begins as a
    web page or subtitles do (:func:`~bialign.inputs.kind_of_head`): a page a crawler saved
    under its URL's name (``about``, ``article?id=7``), not a folder's ``README``, a PHP
    script or an image. A FIFO is never opened (reading one waits for a writer)."""
    suffix = suffix_of(name)
    if suffix in SUFFIXES:
        return True
    if suffix and suffix not in WEB_PAGE_SUFFIXES:
        return False
    try:
        with open(folder / name, "rb", opener=_regular_only) as file:
            return kind_of_head(name, file.read(_HEAD_BYTES)) != "text"
    except _NotRegular:  # a FIFO, a device: not of a kind it reads
        return False
    except OSError:  # unreadable, a link to nothing: read, to fail with the reason named
        return True


class _NotRegular(OSError):
    """A path a directory walk opened that is not a regular file."""


def _regular_only(path: str, flags: int) -> int:
    """Open ``path`` without waiting on a FIFO (``O_NONBLOCK``, where the system has it), and
    only if it is a regular file."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _NotRegular(f"not a regular file: {path}")
    return fd


#: Bytes of a file that a directory walk reads to tell its kind.
_HEAD_BYTES = 4096


def find_inputs(
    paths: Iterable[str | os.PathLike[str]], left_out: list[Path] | None = None
) -> list[Path]:
    """The input files named by ``paths``, each once, in order.

    A file is taken as it is, whatever its name. A directory is walked recursively for files
    of the kinds :func:`bialign.inputs.read_input` reads (``.txt``, ``.html``, ``.htm``,
    ``.srt``, ``.vtt``, ``.md``, ``.markdown``; any case), and for web pages saved under a
    server's name (``.php``, ``.aspx``, ... :data:`WEB_PAGE_SUFFIXES`) or under no suffix
    that begin as a web page or subtitles do (a page a crawler saved), in sorted order,
    skipping hidden files and directories (names starting with ``.``) and not following
    symbolic links to directories. The walk's other files are added to ``left_out``, where
    given, for the caller to say so. A path that does not exist is kept, so that reading it
    fails with a clear message.
    """
    found: dict[Path, Path] = {}  # the first path found to each file, by its resolved path
    for path in map(Path, paths):
        if not path.is_dir():
            found.setdefault(_resolved(path), path)
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if not _is_hidden(d))
            folder, resolved_folder = Path(root), _resolved(Path(root))
            for name in sorted(files):
                if _is_hidden(name):
                    continue
                file = folder / name
                if not _walk_reads(folder, name):
                    if left_out is not None:
                        left_out.append(file)
                    continue
                # A name in a resolved directory is resolved unless it is a link: one lstat a
                # file, not one for every directory of its path.
                resolved = _resolved(file) if os.path.islink(file) else resolved_folder / name
                found.setdefault(resolved, file)
    return list(found.values())


def _resolved(path: Path) -> Path:
    """``path`` resolved; as it is when it cannot be (a symbolic link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError before Python 3.13
        return path.absolute()


def left_out_note(left_out: Sequence[Path]) -> str:
    """What a directory walk left out, for the command's standard error: how many files, and
    their suffixes, most frequent first.

    >>> left_out_note([Path("a/x.json"), Path("a/y.JSON"), Path("a/README")])
    'note: left out 3 files of other kinds (.json 2, no suffix 1)'
    """
    suffixes = Counter(suffix_of(path.name) or "no suffix" for path in left_out)
    counts = ", ".join(f"{suffix} {count}" for suffix, count in suffixes.most_common())
    files = f"{len(left_out)} file" + ("" if len(left_out) == 1 else "s")
    return f"note: left out {files} of other kinds ({counts})"


def not_a_file(path: Path) -> str:
    """Why ``path`` is not a file to read, or ``""``: a directory walk finds FIFOs (reading one
    waits for a writer forever), devices, sockets and links that lead nowhere."""
    try:
        mode = path.stat().st_mode
    except OSError as error:  # a symbolic link loop, a link to nothing
        return f"{error.strerror or error}"
    if stat.S_ISREG(mode):
        return ""
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))
    return next((kind for test, kind in kinds if test(mode)), "a device")


def _output_names(paths: Sequence[Path]) -> list[str]:
    """A distinct output name (no extension) per input: its stem, unless other inputs share
    it (compared case-insensitively, as some file systems do); then its path from the inputs'
    common directory, with ``__`` between the parts, and the input's kind after a ``-`` when
    it is all that differs; a numbered suffix if still not unique.

    >>> _output_names([Path("a/x.txt"), Path("b/x.txt"), Path("b/y.txt")])
    ['a__x', 'b__x', 'y']
    >>> _output_names([Path("a/page.html"), Path("a/page.txt")])
    ['page-html', 'page-txt']
    >>> _output_names([Path("X.txt"), Path("x.txt"), Path("x-2.txt")])
    ['X', 'x-3', 'x-2']
    >>> _output_names([Path("a/x.txt"), Path("a/x.txt")])  # one file given twice
    ['x', 'x-2']
    """
    return [_fitted(name) for name in _numbered(_stem_names(paths))]


def _stem_names(paths: Sequence[Path]) -> list[str]:
    """:func:`_output_names` before the numbering: each input's stem, or its path from the
    common directory of the inputs that share its stem (the stem again for one file given
    twice)."""
    by_stem: dict[str, list[int]] = {}
    for number, path in enumerate(paths):
        by_stem.setdefault(path.stem.casefold(), []).append(number)
    names = [path.stem for path in paths]
    for numbers in by_stem.values():
        if len(numbers) > 1:
            absolute = [paths[n].absolute().with_suffix("") for n in numbers]
            if len(set(absolute)) < len(absolute):
                absolute = [
                    path.with_name(f"{path.name}-{paths[n].suffix[1:]}")
                    for n, path in zip(numbers, absolute, strict=True)
                ]
            common = Path(os.path.commonpath(absolute))
            for n, path in zip(numbers, absolute, strict=True):
                names[n] = "__".join(path.relative_to(common).parts) or paths[n].stem
    return names


def _numbered(names: Sequence[str]) -> list[str]:
    """``names`` made distinct (case-insensitively): a name met again gets the first free
    number after a ``-``, skipping names taken by others ("x" must not become "x-2" beside
    an "x-2")."""
    taken = {name.casefold() for name in names}
    seen: set[str] = set()
    distinct = []
    for name in names:
        if name.casefold() in seen:
            suffix = 2
            while f"{name}-{suffix}".casefold() in taken:
                suffix += 1
            name = f"{name}-{suffix}"
            taken.add(name.casefold())
        seen.add(name.casefold())
        distinct.append(name)
    return distinct


#: The bytes an output name may have: the longest file name, less the longest format suffix.
_NAME_BYTES = NAME_MAX - max(len(suffix) for spec in REGISTRY.values() for suffix in spec.suffixes)


def _fitted(name: str) -> str:
    """``name``, or where its output's file name would be too long for the file system, its
    first bytes and 8 hex digits of the whole, so that names cut alike stay apart.

    >>> len(_fitted("x" * 300).encode()), _fitted("x" * 300)[-9:], _fitted("short")
    (249, '-02fd6825', 'short')
    """
    data = os.fsencode(name)
    if len(data) <= _NAME_BYTES:
        return name
    digest = hashlib.sha1(data).hexdigest()[:8]
    cut = data[: _NAME_BYTES - len(digest) - 1]
    for end in range(len(cut), len(cut) - 4, -1):  # not inside a character
        try:
            return f"{cut[:end].decode()}-{digest}"
        except UnicodeDecodeError:
            continue
    return f"{os.fsdecode(cut)}-{digest}"  # a name that was not UTF-8 to begin with


def output_path(directory: Path, name: str, format: Format) -> Path:
    """Where output ``name`` goes: ``DIR/NAME.jsonl`` and so on; for ``moses`` the prefix
    ``DIR/NAME`` (of ``NAME.ar`` and ``NAME.en``)."""
    return directory / (name + REGISTRY[format].suffix)


def plan_tasks(paths: Sequence[Path], directory: Path, format: Format) -> list[Task]:
    """One task per article, each writing into ``directory`` under a distinct name (checked,
    case-insensitively: two tasks writing one file would lose an article's output)."""
    tasks = [
        Task(display_name(path), (path,), output_path(directory, name, format))
        for path, name in zip(paths, _output_names(paths), strict=True)
    ]
    _check_distinct(tasks, format)
    return tasks


def _check_distinct(tasks: Sequence[Task], format: Format) -> None:
    """Raise where two tasks would write one file (compared case-insensitively): an article's
    output would be lost."""
    files = Counter(str(file).casefold() for task in tasks for file in output_files(task, format))
    shared = [file for file, count in files.items() if count > 1]
    if shared:
        raise RuntimeError(f"bialign planned one output for several inputs: {shared[0]}")


def plan_pair_tasks(
    pairs: Sequence[tuple[Path, Path]], directory: Path, format: Format
) -> list[Task]:
    """One task per pair of an Arabic file and an English file, each pair once (listed twice,
    it is aligned once), writing into ``directory``: named after the Arabic file as
    :func:`plan_tasks` names it, and after both files (``AR__EN``) where pairs share an
    Arabic file; numbered where names still meet."""
    # Made absolute, not resolved: a pairs file of a crawl has hundreds of thousands of paths.
    resolved = {path: Path(os.path.abspath(path)) for pair in pairs for path in pair}
    first: dict[tuple[Path, Path], tuple[Path, Path]] = {}
    for ar, en in pairs:
        first.setdefault((resolved[ar], resolved[en]), (ar, en))
    by_arabic: dict[Path, list[tuple[Path, Path]]] = {}
    for ar, en in first.values():
        by_arabic.setdefault(resolved[ar], []).append((ar, en))
    arabic_names = _stem_names([group[0][0] for group in by_arabic.values()])
    name_of: dict[tuple[Path, Path], str] = {}
    for arabic, group in zip(arabic_names, by_arabic.values(), strict=True):
        english = _stem_names([en for _, en in group]) if len(group) > 1 else [""]
        for (ar, en), partner in zip(group, english, strict=True):
            name_of[ar, en] = f"{arabic}__{partner}" if partner else arabic
    names = _numbered([name_of[pair] for pair in first.values()])
    return [
        Task(
            f"{display_name(ar)}+{display_name(en)}",
            (ar, en),
            output_path(directory, _fitted(name), format),
        )
        for (ar, en), name in zip(first.values(), names, strict=True)
    ]


def remove_stale_temporaries(files: Iterable[Path]) -> int:
    """Remove the temporary files an interrupted run left for these output ``files``.

    A killed process cannot clean up after itself: its half-written output stays under the
    hidden temporary name :func:`bialign.formats.atomic_files` gave it, never under the real
    name. Only temporaries of processes that are gone are removed, so that two runs writing
    into one directory leave each other's alone. Returns how many were removed.
    """
    wanted: dict[Path, set[str]] = {}
    for path in files:
        wanted.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for directory, names in wanted.items():
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            continue
        stems = {temporary_stem(name) for name in names}
        for entry in entries:
            if is_stale_temporary(entry.name, stems) and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed
