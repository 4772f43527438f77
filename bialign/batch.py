"""Align many inputs: one pure function per article, mapped over a pool of processes.

:func:`process` does the whole job for one input (read, align, check, filter, write) and
returns a small :class:`Outcome`; it never raises, so one bad file cannot stop a batch.
:func:`run_tasks` maps it over the inputs, in this process or on several, and hands every
outcome to a callback as it arrives. Around them: :func:`find_inputs` (which files a directory
holds), :func:`plan_tasks` (an output name for each, unique), :func:`remove_stale_temporaries`
(what an interrupted run left behind) and :class:`Summary` (the end-of-run report).

Before anything is written, :meth:`ArticleAlignment.check` makes sure the aligner kept its promise:
every sentence of each side in exactly one bead, in order, no bead empty. Text left out on
purpose (boilerplate, URL slugs) is not lost: it is listed in ``alignment.dropped``, and in
every outcome.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TextIO

import regex

from .config import AlignConfig, ArabicOptions
from .errors import AlignmentError, InputError, NotBilingualError
from .filter import filter_beads
from .formats import REGISTRY, Format, write_alignment
from .inputs import DEFAULT_MAX_BYTES, read_input
from .pipeline import align_article, align_texts
from .records import ArticleAlignment, Dropped

__all__ = [
    "Options",
    "Outcome",
    "Progress",
    "Status",
    "Summary",
    "Task",
    "default_jobs",
    "find_inputs",
    "output_files",
    "output_path",
    "plan_tasks",
    "process",
    "remove_stale_temporaries",
    "run_tasks",
]

Status = Literal["aligned", "skipped", "failed"]

# What bialign.formats.atomic_files names a file while writing it: ".NAME.<8 hex digits>.tmp".
_TEMPORARY = regex.compile(r"\.(?P<name>.+)\.[0-9a-f]{8}\.tmp")


@dataclass(frozen=True)
class Task:
    """One document to align and where its output goes.

    ``inputs`` is one article holding both languages, or an Arabic file and an English file;
    ``output`` is the output path (a path prefix for ``moses``), or ``None`` for the stream
    given to :func:`process`.
    """

    source: str
    inputs: tuple[Path, ...]
    output: Path | None = None


@dataclass(frozen=True)
class Options:
    """Everything about a run that is the same for every task."""

    format: Format = "jsonl"
    presegmented: bool = False
    encoding: str | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES
    min_score: float | None = None
    only: tuple[str, ...] | None = None
    drop_unaligned: bool = False
    keep_unaligned: bool = False
    stats: bool = False
    config: AlignConfig = field(default_factory=AlignConfig)
    arabic: ArabicOptions = field(default_factory=ArabicOptions)

    def filters(self) -> bool:
        """Whether any bead filter is set."""
        return self.min_score is not None or self.only is not None or self.drop_unaligned


@dataclass(frozen=True)
class Outcome:
    """What became of one task.

    ``reason`` says in a few words why a task was skipped or failed, the same words for every
    file it applies to (so a summary can count them); ``detail`` adds what is particular to
    this file (a byte offset, an exception's message). ``pairs`` counts the beads written that
    pair Arabic with English; ``dropped`` is the text left out on purpose; ``cleaned`` counts
    what input cleaning changed (:func:`bialign.inputs.clean_text`); ``stats`` holds the filter
    statistics when asked for; ``trace`` the traceback of an internal error.
    """

    source: str
    status: Status
    reason: str = ""
    detail: str = ""
    outputs: tuple[str, ...] = ()
    encoding: str = ""
    cleaned: tuple[tuple[str, int], ...] = ()
    ar_sentences: int = 0
    en_sentences: int = 0
    beads: int = 0
    pairs: int = 0
    dropped: tuple[Dropped, ...] = ()
    stats: str = ""
    trace: str = ""
    seconds: float = 0.0

    @property
    def message(self) -> str:
        """The reason with its detail, as printed on standard error."""
        return self.reason + (f": {self.detail}" if self.detail else "")

    def record(self) -> dict[str, object]:
        """The outcome as one JSON-ready record of a ``--report`` file."""
        record: dict[str, object] = {
            "file": self.source,
            "status": self.status,
            "reason": self.reason,
            "detail": self.detail,
            "outputs": list(self.outputs),
            "encoding": self.encoding,
            "cleaned": dict(self.cleaned),
            "sentences": {"ar": self.ar_sentences, "en": self.en_sentences},
            "beads": self.beads,
            "pairs": self.pairs,
            "dropped": [
                {"reason": item.reason, "line": item.line, "text": item.text}
                for item in self.dropped
            ],
            "seconds": round(self.seconds, 3),
        }
        if self.trace:
            record["traceback"] = self.trace
        return record


def output_files(task: Task, format: Format) -> tuple[Path, ...]:
    """The files a task writes: one, two for ``moses``, none for a stream."""
    if task.output is None:
        return ()
    return REGISTRY[format].files(task.output)


def _read(task: Task, options: Options) -> tuple[list[str], str, tuple[tuple[str, int], ...]]:
    texts = [read_input(path, options.encoding, options.max_bytes) for path in task.inputs]
    encoding = "+".join(dict.fromkeys(text.encoding for text in texts))
    cleaned: Counter[str] = Counter()
    for text in texts:
        cleaned.update(dict(text.changes))
    return [text.text for text in texts], encoding, tuple(cleaned.items())


def _align(texts: Sequence[str], task: Task, options: Options) -> ArticleAlignment:
    if len(texts) == 1:
        return align_article(
            texts[0],
            options.config,
            source=task.source,
            presegmented=options.presegmented,
            arabic=options.arabic,
        )
    return align_texts(
        texts[0],
        texts[1],
        options.config,
        source=task.source,
        presegmented=options.presegmented,
        arabic=options.arabic,
    )


def process(task: Task, options: Options, out: TextIO | None = None) -> Outcome:
    """Read, align, check, filter and write one task; say how it went. Never raises.

    An input in one language only (or empty) is *skipped*: a warning, nothing written. An
    input that cannot be read, an alignment that fails :meth:`ArticleAlignment.check`, an
    output that cannot be written or any other error makes the task *failed*, with nothing
    written.
    """
    start = time.perf_counter()
    try:
        outcome = _process(task, options, out)
    except Exception as error:  # a bug on one input must not stop the other inputs
        outcome = Outcome(
            task.source,
            "failed",
            "internal error (a bug in bialign: please report it)",
            f"{type(error).__name__}: {error}",
            trace=traceback.format_exc(),
        )
    return replace(outcome, seconds=time.perf_counter() - start)


def _process(task: Task, options: Options, out: TextIO | None) -> Outcome:
    try:
        texts, encoding, cleaned = _read(task, options)
    except InputError as error:
        return Outcome(task.source, "failed", error.reason, error.detail)
    read = Outcome(task.source, "skipped", encoding=encoding, cleaned=cleaned)
    if not any(text.strip() for text in texts):
        return replace(read, reason="empty or white space only")
    try:
        alignment = _align(texts, task, options)
    except NotBilingualError as error:
        return replace(read, reason=str(error).removeprefix(f"{error.source}: "))
    counted = replace(
        read,
        ar_sentences=len(alignment.ar),
        en_sentences=len(alignment.en),
        beads=len(alignment.beads),
        dropped=alignment.dropped,
    )
    try:
        alignment.check()
    except AlignmentError as error:
        reason = "alignment lost or repeated sentences (a bug in bialign: please report it)"
        return replace(counted, status="failed", reason=reason, detail=str(error))
    kept, stats = alignment, ""
    if options.stats or options.filters():  # else the beads are kept as they are, unsummed
        kept, counted_stats = filter_beads(
            alignment,
            min_score=options.min_score,
            only=options.only,
            drop_unaligned=options.drop_unaligned,
        )
        stats = counted_stats.format() if options.stats else ""
    files = output_files(task, options.format)
    target: Path | TextIO | None = task.output if task.output is not None else out
    if target is None:
        raise ValueError("a task without an output path needs a stream to write to")
    try:
        if task.output is not None:
            task.output.parent.mkdir(parents=True, exist_ok=True)
        write_alignment(kept, target, options.format, keep_unaligned=options.keep_unaligned)
    except OSError as error:
        where = str(error.filename or "")
        if not where or _TEMPORARY.fullmatch(Path(where).name):
            where = str(files[0]) if files else "output"  # the output, not its temporary
        detail = f"{where}: {error.strerror or error}"
        return replace(counted, status="failed", reason="cannot write", detail=detail)
    return replace(
        counted,
        status="aligned",
        outputs=tuple(map(str, files)),
        pairs=sum(1 for bead in kept.beads if bead.ar and bead.en),
        stats=stats,
    )


# --- inputs and output names ----------------------------------------------------------------


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The input files named by ``paths``, each once, in order.

    A file is taken as it is, whatever its name. A directory is walked recursively for files
    whose name ends in ``.txt`` (any case), in sorted order, skipping hidden files and
    directories (names starting with ``.``) and not following symbolic links to directories.
    A path that does not exist is kept, so that reading it fails with a clear message.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if not _is_hidden(d))
            found.extend(
                Path(root) / name
                for name in sorted(files)
                if not _is_hidden(name) and name.lower().endswith(".txt")
            )
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _output_names(paths: Sequence[Path]) -> list[str]:
    """A distinct output name (no extension) per input: its stem, unless other inputs share
    it (compared case-insensitively, as some file systems do); then its path from the inputs'
    common directory, with ``__`` between the parts; a numbered suffix if still not unique.

    >>> _output_names([Path("a/x.txt"), Path("b/x.txt"), Path("b/y.txt")])
    ['a__x', 'b__x', 'y']
    """
    by_stem: dict[str, list[int]] = {}
    for number, path in enumerate(paths):
        by_stem.setdefault(path.stem.casefold(), []).append(number)
    names = [path.stem for path in paths]
    for numbers in by_stem.values():
        if len(numbers) > 1:
            absolute = [paths[n].absolute().with_suffix("") for n in numbers]
            common = Path(os.path.commonpath(absolute))
            for n, path in zip(numbers, absolute, strict=True):
                names[n] = "__".join(path.relative_to(common).parts)
    seen: Counter[str] = Counter()
    for number, name in enumerate(names):
        seen[name.casefold()] += 1
        if seen[name.casefold()] > 1:
            names[number] = f"{name}-{seen[name.casefold()]}"
    return names


def output_path(directory: Path, name: str, format: Format) -> Path:
    """Where output ``name`` goes: ``DIR/NAME.jsonl`` and so on; for ``moses`` the prefix
    ``DIR/NAME`` (of ``NAME.ar`` and ``NAME.en``)."""
    return directory / (name + REGISTRY[format].suffix)


def plan_tasks(paths: Sequence[Path], directory: Path, format: Format) -> list[Task]:
    """One task per article, each writing into ``directory`` under a distinct name."""
    return [
        Task(str(path), (path,), output_path(directory, name, format))
        for path, name in zip(paths, _output_names(paths), strict=True)
    ]


def remove_stale_temporaries(tasks: Iterable[Task], format: Format) -> int:
    """Remove the temporary files an interrupted run left for these tasks' outputs.

    A killed process cannot clean up after itself: its half-written output stays under the
    hidden temporary name :func:`bialign.formats.atomic_files` gave it, never under the real name.
    Returns how many were removed.
    """
    wanted: dict[Path, set[str]] = {}
    for task in tasks:
        for path in output_files(task, format):
            wanted.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for directory, names in wanted.items():
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            continue
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match and match["name"] in names and entry.is_file():
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed


# --- running --------------------------------------------------------------------------------

OnOutcome = Callable[[int, Outcome], None]


def default_jobs() -> int:
    """The number of processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_tasks(
    tasks: Sequence[Task], options: Options, jobs: int, on_outcome: OnOutcome
) -> list[Outcome]:
    """Run :func:`process` on every task, on ``jobs`` processes (1: in this one).

    ``on_outcome(index, outcome)`` is called in this process as each task finishes, in
    completion order; the outcomes are returned in task order. A worker process that dies
    (killed, out of memory) fails its own task only: the others are run again.
    """
    outcomes: list[Outcome | None] = [None] * len(tasks)

    def done(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        on_outcome(index, outcome)

    if jobs <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            done(index, process(task, options))
    else:
        _run_pool(tasks, options, min(jobs, len(tasks)), done)
    return [outcome for outcome in outcomes if outcome is not None]


def _run_pool(tasks: Sequence[Task], options: Options, jobs: int, done: OnOutcome) -> None:
    remaining = list(range(len(tasks)))
    while remaining:
        broken = _pool_round(tasks, remaining, options, jobs, done)
        # The pool hands tasks out in order, at most 2 * jobs + 1 at a time (one per worker,
        # jobs + 1 queued): the task that killed a worker is among the first unfinished ones.
        # Each of those runs alone, so a crash fails only its own task; the rest go again.
        suspects, remaining = broken[: 2 * jobs + 1], broken[2 * jobs + 1 :]
        for index in suspects:
            done(index, _run_alone(tasks[index], options))


def _pool_round(
    tasks: Sequence[Task], indices: Sequence[int], options: Options, jobs: int, done: OnOutcome
) -> list[int]:
    """Run some tasks on a pool; return those lost because a worker died, in task order."""
    broken: list[int] = []
    executor = ProcessPoolExecutor(max_workers=jobs)
    try:
        futures: dict[Future[Outcome], int] = {
            executor.submit(process, tasks[index], options): index for index in indices
        }
        for future in as_completed(futures):
            try:
                done(futures[future], future.result())
            except BrokenProcessPool:
                broken.append(futures[future])
    except BaseException:
        # Interrupted: stop handing out work and do not wait for what is running.
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()
    return sorted(broken)


def _run_alone(task: Task, options: Options) -> Outcome:
    with ProcessPoolExecutor(max_workers=1) as executor:
        try:
            return executor.submit(process, task, options).result()
        except BrokenProcessPool:
            return Outcome(
                task.source,
                "failed",
                "worker process died",
                "killed, or out of memory: is the input very large?",
            )


# --- reporting ------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO, total: int, width: int = 30) -> None:
        self.stream, self.total, self.width = stream, total, width
        self.start = time.monotonic()
        self.done = 0

    def advance(self) -> None:
        """Count one more task done and redraw."""
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.start
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}"
            f"  {elapsed:.0f} s"
        )
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar, so that a message can be printed on a line of its own."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()


@dataclass(frozen=True)
class Summary:
    """The end of a run in a few lines: what was aligned, skipped and failed, and why."""

    outcomes: tuple[Outcome, ...]
    seconds: float

    def count(self, status: Status) -> int:
        """How many tasks ended with ``status``."""
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def pairs(self) -> int:
        """Sentence pairs written, over all tasks."""
        return sum(outcome.pairs for outcome in self.outcomes)

    def format(self, max_articles: int = 10) -> str:
        """The summary as text; dropped text is listed for at most ``max_articles`` articles."""
        lines = [
            f"bialign: {len(self.outcomes)} inputs in {self.seconds:.1f} s: "
            f"{self.count('aligned')} aligned, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed; {self.pairs} sentence pairs written"
        ]
        for status in ("skipped", "failed"):
            reasons = Counter(o.reason for o in self.outcomes if o.status == status)
            if reasons:
                lines.append(
                    f"  {status}: "
                    + "; ".join(f"{reason} ({n})" for reason, n in reasons.most_common())
                )
        with_drops = [o for o in self.outcomes if o.dropped and o.status == "aligned"]
        if with_drops:
            lines.append("  dropped on purpose (--report has the text):")
        for outcome in with_drops[:max_articles]:
            lines.append(f"    {outcome.source}: {_drops(outcome.dropped)}")
        if len(with_drops) > max_articles:
            lines.append(f"    ... and {len(with_drops) - max_articles} more articles")
        return "\n".join(lines)


def _drops(dropped: Sequence[Dropped]) -> str:
    """Dropped items by reason with their lines, e.g. ``url-slug line 1; boilerplate lines 30,
    41``."""
    lines: dict[str, list[int]] = {}
    for item in dropped:
        lines.setdefault(item.reason, []).append(item.line)
    return "; ".join(
        f"{reason} line{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
        for reason, numbers in lines.items()
    )
