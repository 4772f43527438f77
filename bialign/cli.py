"""The ``bialign`` command: a thin layer over the Python API.

Commands: ``align`` (articles, directories of them, or an ``--ar``/``--en`` pair), ``detect``
(the script of every paragraph), ``evaluate`` (a predicted alignment against a gold one) and
``filter`` (re-filter an existing output).

Exit codes: 0 success (warnings, such as an English-only article, included), 1 some inputs
failed, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ._version import __version__
from .batch import (
    Options,
    Outcome,
    Progress,
    Summary,
    Task,
    default_jobs,
    find_inputs,
    output_files,
    output_path,
    plan_tasks,
    process,
    remove_stale_temporaries,
    run_tasks,
)
from .camel import SCHEMES, normalize_orthography, transliterate
from .config import ArabicOptions
from .detect import paragraphs
from .errors import CamelUnavailableError, InputError
from .evaluate import evaluate_files
from .filter import filter_beads
from .formats import (
    FORMATS,
    READABLE,
    REGISTRY,
    Format,
    atomic_files,
    format_of,
    read_alignments,
    write_alignment,
)
from .inputs import DEFAULT_MAX_BYTES, read_input
from .records import ArticleAlignment

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bialign",
        description="Turn bilingual Arabic/English text into sentence-aligned parallel text.",
    )
    parser.add_argument("--version", action="version", version=f"bialign {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    align = commands.add_parser(
        "align", help="align articles, directories of them, or an --ar/--en pair of files"
    )
    align.add_argument(
        "articles",
        nargs="*",
        type=Path,
        metavar="ARTICLE",
        help="raw article files, each holding both languages, or directories of *.txt files",
    )
    align.add_argument("--ar", type=Path, help="the Arabic side of one document")
    align.add_argument("--en", type=Path, help="the English side of one document")
    align.add_argument(
        "-o",
        "--output",
        type=Path,
        help="directory to write one output per article into (default: stdout)",
    )
    align.add_argument("--format", choices=FORMATS, default="jsonl", help="output format")
    align.add_argument(
        "--presegmented",
        action="store_true",
        help="inputs hold one sentence per line: do not split sentences",
    )
    align.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="align on N processes (default: all processors; 1: in this process)",
    )
    align.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave out articles whose output exists (to resume an interrupted run)",
    )
    align.add_argument(
        "--report", type=Path, metavar="FILE", help="write a JSON line per input to FILE"
    )
    _add_input_options(align)
    _add_filters(align)
    camel = align.add_argument_group("CAMeL Tools (needs the camel extra)")
    camel.add_argument(
        "--camel-normalize",
        action="store_true",
        help="write the Arabic in CAMeL's normalised orthography (no diacritics, alef unified)",
    )
    camel.add_argument(
        "--transliterate",
        choices=SCHEMES,
        help="add a Latin transliteration of the Arabic (JSONL key ar_translit)",
    )

    detect = commands.add_parser("detect", help="report the script of every paragraph")
    detect.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _add_input_options(detect)

    evaluate = commands.add_parser(
        "evaluate", help="score a predicted alignment against a gold one (strict and lax P/R/F1)"
    )
    evaluate.add_argument("gold", type=Path, metavar="GOLD", help="[i]:[j] lines or JSONL")
    evaluate.add_argument(
        "predicted", type=Path, metavar="PREDICTED", help="bialign JSONL or [i]:[j] lines"
    )

    refilter = commands.add_parser("filter", help="filter an existing output again")
    refilter.add_argument(
        "input", type=Path, metavar="IN", help="an output of bialign (a path prefix for moses)"
    )
    refilter.add_argument(
        "--input-format", choices=READABLE, help="format of IN (default: from its name)"
    )
    refilter.add_argument(
        "-o", "--output", type=Path, help="file to write (a path prefix for moses; default: stdout)"
    )
    refilter.add_argument("--format", choices=FORMATS, help="output format (default: IN's)")
    _add_filters(refilter)
    return parser


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="read inputs in this encoding (default: detect UTF-8, UTF-16, Windows-1256)",
    )
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1e6,
        metavar="MB",
        help="refuse inputs larger than this many megabytes (0: no limit; default: %(default)g)",
    )


def _max_bytes(args: argparse.Namespace) -> int | None:
    if args.max_size < 0:
        raise UsageError("--max-size must be 0 (no limit) or more")
    return int(args.max_size * 1e6) or None


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (default: keep everything)")
    group.add_argument("--min-score", type=float, metavar="S", help="drop beads scoring below S")
    group.add_argument(
        "--only", metavar="KINDS", help="keep only these bead types, e.g. 1-1 or 1-1,2-1"
    )
    group.add_argument(
        "--drop-unaligned", action="store_true", help="drop beads with an empty side (1-0, 0-1)"
    )
    group.add_argument(
        "--keep-unaligned",
        action="store_true",
        help="moses/tmx: write unaligned sentences too (against an empty line)",
    )
    group.add_argument(
        "--stats",
        action="store_true",
        help="print bead types, a score histogram and what the filters removed",
    )


def _only(args: argparse.Namespace) -> tuple[str, ...] | None:
    """``--only`` as bead types, checked by the filter itself on an empty alignment."""
    only = None if args.only is None else tuple(k.strip() for k in args.only.split(","))
    try:
        filter_beads(ArticleAlignment("", (), (), ()), args.min_score, only, args.drop_unaligned)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return only


def _encoding(args: argparse.Namespace) -> str | None:
    if args.encoding is not None:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from None
    return args.encoding  # type: ignore[no-any-return]


def _options(args: argparse.Namespace) -> Options:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    return Options(
        format=args.format,
        presegmented=args.presegmented,
        encoding=_encoding(args),
        max_bytes=_max_bytes(args),
        min_score=args.min_score,
        only=_only(args),
        drop_unaligned=args.drop_unaligned,
        keep_unaligned=args.keep_unaligned,
        stats=args.stats,
        arabic=_arabic_options(args),
    )


def _arabic_options(args: argparse.Namespace) -> ArabicOptions:
    """The CAMeL options asked for, after checking that CAMeL Tools is there to serve them."""
    options = ArabicOptions(args.camel_normalize, args.transliterate)
    try:
        if options.normalize:
            normalize_orthography("")
        if options.transliteration:
            transliterate("", options.transliteration)
    except CamelUnavailableError as error:
        raise UsageError(str(error)) from error
    return options


def _tasks(args: argparse.Namespace) -> list[Task]:
    fmt: Format = args.format
    if args.output is None and (fmt == "moses" or args.skip_existing):
        raise UsageError("-o DIR is needed for the moses format and for --skip-existing")
    if args.ar or args.en:
        if not (args.ar and args.en) or args.articles:
            raise UsageError("--ar and --en go together, and without ARTICLE arguments")
        name = args.ar.name.split(".")[0] or "aligned"
        output = None if args.output is None else output_path(args.output, name, fmt)
        return [Task(f"{args.ar}+{args.en}", (args.ar, args.en), output)]
    if not args.articles:
        raise UsageError("give ARTICLE files or directories, or --ar FILE --en FILE")
    inputs = find_inputs(args.articles)
    if not inputs:
        raise UsageError("no *.txt files found in " + ", ".join(map(str, args.articles)))
    if args.output is not None:
        return plan_tasks(inputs, args.output, fmt)
    if len(inputs) > 1 or any(path.is_dir() for path in args.articles):
        raise UsageError("-o DIR is needed for several articles and for directories")
    return [Task(str(inputs[0]), (inputs[0],))]


#: The reason of a task left out by ``--skip-existing``: counted, not printed one by one.
_EXISTS = "output exists"


class _Reporter:
    """Prints one line per problem as outcomes arrive, around an optional progress bar."""

    def __init__(self, err: TextIO, progress: Progress | None) -> None:
        self.err, self.progress = err, progress
        self.outcomes: dict[int, Outcome] = {}

    def __call__(self, index: int, outcome: Outcome) -> None:
        self.outcomes[index] = outcome
        lines = []
        if outcome.status == "failed":
            lines.append(f"bialign: error: {outcome.source}: {outcome.message}")
        elif outcome.status == "skipped" and outcome.reason != _EXISTS:
            lines.append(f"bialign: warning: {outcome.source}: {outcome.message}; nothing written")
        if outcome.stats:
            lines.append(f"== {outcome.source}\n{outcome.stats}")
        if lines and self.progress:
            self.progress.clear()
        for line in lines:
            print(line, file=self.err)
        if self.progress:
            self.progress.advance()

    def finish(self) -> list[Outcome]:
        if self.progress:
            self.progress.clear()
        return [self.outcomes[index] for index in sorted(self.outcomes)]


def _write_report(path: Path, outcomes: Sequence[Outcome], err: TextIO) -> bool:
    """Write the ``--report`` file; say on ``err`` and return ``False`` if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_files(path) as (out,):
            for outcome in outcomes:
                out.write(json.dumps(outcome.record(), ensure_ascii=False) + "\n")
    except OSError as error:
        print(f"bialign: error: cannot write the report {path}: {error.strerror}", file=err)
        return False
    return True


def _command_align(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = _options(args)
    tasks = _tasks(args)
    interrupted = False
    if args.output is None:
        reporter = _Reporter(err, None)
        reporter(0, process(tasks[0], options, out))
        outcomes = reporter.finish()
    else:
        outcomes, interrupted = _run_batch(tasks, options, args, err)
    reported = args.report is None or _write_report(args.report, outcomes, err)
    if interrupted:
        return EXIT_INTERRUPTED
    failed = not reported or any(o.status == "failed" for o in outcomes)
    return EXIT_FAILED if failed else EXIT_OK


def _run_batch(
    tasks: Sequence[Task], options: Options, args: argparse.Namespace, err: TextIO
) -> tuple[list[Outcome], bool]:
    """Run the tasks whose output is not there yet, then print a summary; the outcomes so
    far, and whether the run was interrupted."""
    started = time.monotonic()
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"-o {args.output}: {error.strerror}") from None
    removed = remove_stale_temporaries(tasks, options.format)
    if removed:
        print(f"bialign: removed {removed} temporary files of an interrupted run", file=err)
    progress = Progress(err, len(tasks)) if err.isatty() and len(tasks) > 1 else None
    reporter = _Reporter(err, progress)
    todo: list[int] = []
    for index, task in enumerate(tasks):
        files = output_files(task, options.format)
        if args.skip_existing and all(path.exists() for path in files):
            reporter(
                index, Outcome(task.source, "skipped", _EXISTS, outputs=tuple(map(str, files)))
            )
        else:
            todo.append(index)
    try:
        run_tasks(
            [tasks[i] for i in todo],
            options,
            args.jobs or default_jobs(),
            lambda k, outcome: reporter(todo[k], outcome),
        )
    except KeyboardInterrupt:
        outcomes = reporter.finish()
        print(
            f"bialign: interrupted after {len(outcomes)} of {len(tasks)} inputs; "
            "rerun with --skip-existing to resume",
            file=err,
        )
        return outcomes, True
    outcomes = reporter.finish()
    print(Summary(tuple(outcomes), time.monotonic() - started).format(), file=err)
    return outcomes, False


def _command_detect(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    encoding, max_bytes = _encoding(args), _max_bytes(args)
    failed = 0
    for path in args.files:
        try:
            text = read_input(path, encoding, max_bytes).text
        except InputError as error:
            print(f"bialign: error: {error}", file=err)
            failed += 1
            continue
        print(f"{path}", file=out)
        print(f"  {'line':>5}  {'script':<7}  {'arabic':>6}  {'latin':>6}  text", file=out)
        for paragraph in paragraphs(text):
            report = paragraph.report
            preview = " ".join(paragraph.text.split())
            preview = preview if len(preview) <= 60 else preview[:59] + "…"
            print(
                f"  {paragraph.line:>5}  {report.script:<7}  {report.arabic_share:>6.0%}"
                f"  {report.latin_share:>6.0%}  {preview}",
                file=out,
            )
    return EXIT_FAILED if failed else EXIT_OK


def _command_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        scores = evaluate_files(args.gold, args.predicted)
    except OSError as error:
        print(f"bialign: error: {error.filename}: {error.strerror}", file=err)
        return EXIT_FAILED
    except ValueError as error:  # malformed input: the message names the file and line
        print(f"bialign: error: {error}", file=err)
        return EXIT_FAILED
    print(scores.format(), file=out)
    return EXIT_OK


def _input_format(args: argparse.Namespace) -> Format:
    if args.input_format is not None:
        return args.input_format  # type: ignore[no-any-return]
    path: Path = args.input
    fmt = format_of(path)
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {path} from its name: give --input-format "
            f"({', '.join(READABLE)})"
        )
    return fmt


def _command_filter(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    input_format = _input_format(args)
    fmt: Format = args.format or input_format
    only = _only(args)
    if args.output is None and fmt == "moses":
        raise UsageError("-o PREFIX is needed for the moses format")
    if REGISTRY[fmt].has_text and not REGISTRY[input_format].has_text:
        raise UsageError(
            f"{args.input} holds sentence numbers and no text: write it as {input_format}"
        )
    try:
        documents = read_alignments(args.input, input_format)
    except OSError as error:
        print(f"bialign: error: {error.filename}: {error.strerror}", file=err)
        return EXIT_FAILED
    except ValueError as error:
        print(f"bialign: error: {error}", file=err)
        return EXIT_FAILED
    kept = []
    for document in documents:
        filtered, stats = filter_beads(document, args.min_score, only, args.drop_unaligned)
        kept.append(filtered)
        if args.stats:
            print(f"== {document.source}\n{stats.format()}", file=err)
    target = out if args.output is None else args.output
    try:
        write_alignment(kept, target, fmt, keep_unaligned=args.keep_unaligned)
    except OSError as error:
        print(f"bialign: error: cannot write {error.filename}: {error.strerror}", file=err)
        return EXIT_FAILED
    return EXIT_OK


_COMMANDS = {
    "align": _command_align,
    "detect": _command_detect,
    "evaluate": _command_evaluate,
    "filter": _command_filter,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    out, err = sys.stdout, sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return _COMMANDS[args.command](args, out, err)
    except UsageError as error:
        print(f"bialign: error: {error}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bialign: interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter exit quiet
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
