"""The file job: read a task's inputs, align them as one document, write the result.

:func:`align_task` wraps :func:`~bialign.batch.document.align_document` in the file system
work around it and returns a small :class:`Outcome`; it never raises, so one bad file cannot
stop a batch. Text left out on purpose (boilerplate, URL slugs) is not lost: it is listed in
every outcome.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..formats import REGISTRY, Format, write_alignment
from ..formats.common import TEMPORARY, Staged, commit
from ..inputs import DEFAULT_MAX_BYTES, InputText, input_text, read_input
from ..inputs.decode import DecodingError
from ..records import ArticleAlignment, Dropped, Structure
from .document import (
    DocumentResult,
    Options,
    Reason,
    Status,
    align_document,
    describe_bug,
)
from .plan import Task, display_name, output_files

__all__ = ["JobOptions", "Outcome", "align_task", "committed", "warm"]


@dataclass(frozen=True)
class JobOptions:
    """Everything about a run that is the same for every task: how documents are aligned
    (``document``), how inputs are read and how outputs are written.

    ``defer_commit`` leaves a task's output files staged (complete, under temporary names) in
    its outcome, for :func:`committed` to sync and move into place off the task's path.
    """

    document: Options = field(default_factory=Options)
    format: Format = "jsonl"
    encoding: str | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES
    keep_unaligned: bool = False
    defer_commit: bool = False


@dataclass(frozen=True)
class Outcome:
    """What became of one task.

    A ``reason`` says why a task was skipped or failed (``None``: aligned); ``detail`` adds
    what is particular to this file (a byte offset, an exception's message), and
    ``invalid_in`` the encoding a ``NOT_VALID`` input was not valid in. ``pairs`` counts the
    beads written that pair Arabic with English; ``dropped`` is the text left out on purpose;
    ``layout`` and ``structure`` what the splitter read of the input;
    ``cleaned`` counts what input cleaning changed (:func:`bialign.inputs.read_input`);
    ``stats`` holds the filter statistics when asked for; ``trace`` the traceback of an
    internal error. ``staged`` are output files written but not yet committed
    (:attr:`JobOptions.defer_commit`): until :func:`committed`, ``outputs`` are not there.
    """

    source: str
    reason: Reason | None = None
    detail: str = ""
    outputs: tuple[str, ...] = ()
    encoding: str = ""
    cleaned: tuple[tuple[str, int], ...] = ()
    ar_sentences: int = 0
    en_sentences: int = 0
    beads: int = 0
    pairs: int = 0
    dropped: tuple[Dropped, ...] = ()
    layout: str = ""
    structure: Structure | None = None
    stats: str = ""
    trace: str = ""
    seconds: float = 0.0
    invalid_in: str = ""
    staged: tuple[Staged, ...] = ()

    @property
    def status(self) -> Status:
        """``aligned``, or the status of the reason it was not."""
        return "aligned" if self.reason is None else self.reason.status

    @property
    def reason_text(self) -> str:
        """The reason in the words reports and summaries print (empty when aligned)."""
        return "" if self.reason is None else self.reason.text(self.invalid_in)

    @property
    def message(self) -> str:
        """The reason with its detail, as printed on standard error."""
        return self.reason_text + (f": {self.detail}" if self.detail else "")

    def record(self) -> dict[str, object]:
        """The outcome as one JSON-ready record of a ``--report`` file."""
        record: dict[str, object] = {
            "file": self.source,
            "status": self.status,
            "reason": self.reason_text,
            "detail": self.detail,
            "outputs": list(self.outputs),
            "encoding": self.encoding,
            "cleaned": dict(self.cleaned),
            "sentences": {"ar": self.ar_sentences, "en": self.en_sentences},
            "beads": self.beads,
            "pairs": self.pairs,
            "dropped": [
                {"reason": item.reason, "line": item.line}
                | ({"side": item.side} if item.side else {})
                | {"text": item.text}
                for item in self.dropped
            ],
            "seconds": round(self.seconds, 3),
        }
        if self.structure is not None:
            record["layout"] = self.layout
            record["structure"] = self.structure.summary()
        if self.trace:
            record["traceback"] = self.trace
        return record


def align_task(task: Task, options: JobOptions, out: TextIO | None = None) -> Outcome:
    """Read, align, check, filter and write one task; say how it went. Never raises, but for
    ``BrokenPipeError`` when ``out`` has no reader any more.

    A task without an output path writes to ``out``. An input in one language only (or empty)
    is *skipped*: nothing written. An input that cannot be read, an alignment that fails its
    check, an output that cannot be written or any other error makes the task *failed*, with
    nothing written.
    """
    start = time.perf_counter()
    try:
        return _align_task(task, options, out, start)
    except BrokenPipeError:
        if task.output is None:  # the reader of ``out`` has gone (``| head``): say it
            raise
        outcome = Outcome(task.source, Reason.CANNOT_WRITE, "Broken pipe")
    except Exception as error:  # a bug on one input must not stop the other inputs
        detail, trace = describe_bug(error)
        outcome = Outcome(task.source, Reason.INTERNAL, detail, trace=trace)
    return replace(outcome, seconds=time.perf_counter() - start)


#: A small document in both languages: aligning it loads what aligning any document needs.
#: (An abbreviation on each side: a candidate only Punkt's full decision settles.)
_SAMPLE = (
    "قال الرئيس إن الاجتماع سيعقد يوم الاثنين. وأضاف د. أحمد أن 25 دولة ستشارك فيه.\n\n"
    "The president said the meeting would be held on Monday. Dr. Ahmad added that 25 countries "
    "would take part.\n"
).encode()


def warm(options: JobOptions) -> None:
    """Load, in this process, the modules, tables and compiled patterns that reading,
    aligning and writing a document with ``options`` needs, by doing so with a small sample.

    Worker processes forked afterwards share them instead of each importing and reading them
    again: with two workers that was a tenth of a run's CPU. (Linux forks by default up to
    Python 3.13; workers that start otherwise load what they need themselves.)
    """
    sample = input_text(_SAMPLE, "sample.txt").text
    result = align_document([sample], options.document, "sample")
    if result.kept is not None and not REGISTRY[options.format].is_prefix:
        write_alignment(result.kept, io.StringIO(), options.format)


def _unreadable(task: Task, error: InputError, seconds: float) -> Outcome:
    """Why a task's input could not be read; which of its two files, where it has two."""
    detail = error.detail
    if len(task.inputs) > 1:
        detail = f"{error.name}: {detail}" if detail else error.name
    if isinstance(error, DecodingError):
        return Outcome(
            task.source, Reason.NOT_VALID, detail, invalid_in=error.encoding, seconds=seconds
        )
    return Outcome(task.source, Reason(error.reason), detail, seconds=seconds)


def _cleaned(texts: Sequence[InputText]) -> tuple[tuple[str, int], ...]:
    """What input cleaning changed, counted over the task's inputs."""
    cleaned: Counter[str] = Counter()
    for text in texts:
        cleaned.update(dict(text.changes))
    return tuple(cleaned.items())


def _align_task(task: Task, options: JobOptions, out: TextIO | None, start: float) -> Outcome:
    # The outcome is made once, at the end: a frozen record of 18 fields costs some 10 us to
    # make, and making it again for each thing learnt was a tenth of a small task's overhead.
    try:
        texts = [read_input(path, options.encoding, options.max_bytes) for path in task.inputs]
    except InputError as error:
        return _unreadable(task, error, time.perf_counter() - start)
    result = align_document([text.text for text in texts], options.document, task.source)
    alignment, kept = result.alignment, result.kept
    if alignment is None or kept is None:
        return _outcome(task, texts, result, time.perf_counter() - start)
    files = output_files(task, options.format)
    target: Path | TextIO | None = task.output if task.output is not None else out
    if target is None:
        raise ValueError("a task without an output path needs a stream to write to")
    staged: list[Staged] | None = [] if options.defer_commit else None
    try:
        _write(kept, target, options, staged)
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        counted = _outcome(task, texts, result, time.perf_counter() - start)
        return _cannot_write(counted, error, files)
    return _outcome(
        task,
        texts,
        result,
        time.perf_counter() - start,
        outputs=tuple(map(display_name, files)),
        pairs=sum(1 for bead in kept.beads if bead.ar and bead.en),
        stats=result.stats.format() if result.stats is not None else "",
        staged=tuple(staged or ()),
    )


def _write(
    kept: ArticleAlignment,
    target: Path | TextIO,
    options: JobOptions,
    staged: list[Staged] | None,
) -> None:
    """Write the alignment; the output's directory is made when it is not there."""
    try:
        write_alignment(
            kept, target, options.format, keep_unaligned=options.keep_unaligned, defer=staged
        )
    except (FileNotFoundError, NotADirectoryError):
        if not isinstance(target, Path):
            raise
        # Most tasks write into a directory that exists: it is made when writing finds it
        # missing (a mkdir a task was 2% of writing's CPU), and the output written again.
        target.parent.mkdir(parents=True, exist_ok=True)
        write_alignment(
            kept, target, options.format, keep_unaligned=options.keep_unaligned, defer=staged
        )


def _outcome(
    task: Task,
    texts: Sequence[InputText],
    result: DocumentResult,
    seconds: float,
    outputs: tuple[str, ...] = (),
    pairs: int = 0,
    stats: str = "",
    staged: tuple[Staged, ...] = (),
) -> Outcome:
    """The outcome of a task whose inputs were read, with what its alignment holds (if it
    has one) and what was written."""
    alignment = result.alignment
    return Outcome(
        task.source,
        result.reason,
        result.detail,
        outputs=outputs,
        encoding="+".join(dict.fromkeys(text.encoding for text in texts)),
        cleaned=_cleaned(texts),
        ar_sentences=0 if alignment is None else len(alignment.ar),
        en_sentences=0 if alignment is None else len(alignment.en),
        beads=0 if alignment is None else len(alignment.beads),
        pairs=pairs,
        dropped=() if alignment is None else alignment.dropped,
        layout="" if alignment is None else alignment.layout,
        structure=None if alignment is None else alignment.structure,
        stats=stats,
        trace=result.trace,
        seconds=seconds,
        staged=staged,
    )


def committed(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes once their staged outputs are synced and under their names, committed
    together (a directory synced once for all); an outcome whose files cannot be committed
    is failed, its staged files removed."""
    errors = commit([outcome.staged for outcome in outcomes])
    return [
        _commit_failed(outcome, error) if error is not None else replace(outcome, staged=())
        for outcome, error in zip(outcomes, errors, strict=True)
    ]


def _commit_failed(outcome: Outcome, error: OSError) -> Outcome:
    failed = replace(outcome, staged=(), outputs=(), pairs=0, stats="")
    return _cannot_write(failed, error, [file.path for file in outcome.staged])


def _cannot_write(outcome: Outcome, error: OSError, files: Sequence[Path]) -> Outcome:
    """``outcome`` failed because writing raised ``error``, naming the output, not its
    temporary."""
    where = display_name(error.filename or "")
    if not where or TEMPORARY.fullmatch(Path(where).name):
        where = display_name(files[0]) if files else "output"
    detail = f"{where}: {error.strerror or error}"
    return replace(outcome, reason=Reason.CANNOT_WRITE, detail=detail)
