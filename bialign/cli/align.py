"""``bialign align``: articles, directories of them, or an ``--ar``/``--en`` pair, aligned
into one output each (or onto standard output).

Every run has a signature (:class:`~bialign.config.Signature`): the version, the settings and
the shipped data that made it. It is written into ``-o DIR`` as ``DIR/bialign.signature``, on
every ``--report`` line and first in ``--stats``; ``--config FILE`` runs with the settings of
such a signature, so any output can be made again.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..batch.document import Options, Reason
from ..batch.job import JobOptions, Outcome, align_task
from ..batch.plan import (
    Task,
    display_name,
    find_inputs,
    left_out_note,
    not_a_file,
    output_files,
    output_path,
    plan_pair_tasks,
    plan_tasks,
    remove_stale_temporaries,
)
from ..config import NO_SEMANTIC, SCHEMES, USEM3, AlignConfig, ArabicOptions, Signature
from ..errors import CamelUnavailableError, SemanticUnavailableError
from ..formats import FORMATS, REGISTRY, Format, atomic_files
from ..inputs import SUFFIXES
from . import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError
from .options import (
    add_filters,
    add_input_options,
    check_unaligned,
    encoding,
    max_bytes,
    only,
)
from .progress import (
    Progress,
    Reporter,
    Summary,
    counted,
    details_hint,
    left_out,
    write_report,
)

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from ..runners.local import OnOutcome

    #: Runs tasks on an engine, saying how each went as it finishes.
    Runner = Callable[[Sequence[Task], JobOptions, OnOutcome], object]

__all__ = ["SIDECAR", "add_arguments", "run"]

#: The file in an output directory that holds the signature of the run that wrote it.
SIDECAR = "bialign.signature"

#: The options a signature records, which ``--config`` sets: (flag, attribute of the args).
_RECORDED = (
    ("--presegmented", "presegmented"),
    ("--camel-normalize", "camel_normalize"),
    ("--transliterate", "transliterate"),
    ("--semantic", "semantic"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Inputs, output, format, how to run, how to read, the filters and CAMeL's options."""
    parser.add_argument(
        "articles",
        nargs="*",
        type=Path,
        metavar="ARTICLE",
        help="article files (text, HTML, subtitles, Markdown), each holding both languages, "
        "or directories",
    )
    parser.add_argument("--ar", type=Path, help="the Arabic side of one document")
    parser.add_argument("--en", type=Path, help="the English side of one document")
    parser.add_argument(
        "--pairs",
        type=Path,
        metavar="TSV",
        help="align each Arabic/English pair of files listed in TSV (as bialign pair writes)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="directory to write one output per article into (default: stdout, for one article)",
    )
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format")
    parser.add_argument(
        "--presegmented",
        action="store_true",
        help="inputs hold one sentence per line: do not split sentences",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="align on N processes (default: all processors; 1: in this process)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="run on local processes, or on a Ray cluster (the ray extra; default: local)",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="with --engine ray: the cluster to run on (default: start a local one of --jobs "
        "processors)",
    )
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave out articles whose output exists (to resume an interrupted run)",
    )
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help="write a JSON line per input to FILE"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"run with the settings of the signature in FILE (an output directory's {SIDECAR}, "
        "or any file whose first non-blank line is a signature), to make its output again",
    )
    parser.add_argument(
        "--lexicon",
        type=Path,
        metavar="FILE",
        help="a TSV of Arabic words and their English translations, merged with the shipped "
        "word table (one Arabic word, a tab, English words separated by spaces, a line)",
    )
    parser.add_argument(
        "--lexicon-only",
        action="store_true",
        help="with --lexicon: use FILE instead of the shipped word table, not beside it",
    )
    add_input_options(parser)
    add_filters(parser)
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="weigh the meaning of sentences too (USE multilingual v3; needs the semantic "
        "extra): for literary prose that splits and joins sentences freely; slower",
    )
    camel = parser.add_argument_group("CAMeL Tools (needs the camel extra)")
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


#: How long the host of ``--ray-address`` has to take a connection before it is given up on:
#: Ray itself retries an address where nothing answers for ever.
CONNECT_SECONDS = 10.0


def _check_reachable(address: str) -> None:
    """Refuse ``--ray-address`` unless something takes a connection there (``host:port``,
    ``ray://host:port``; ``auto`` and other forms are Ray's to find)."""
    if "://" in address and not address.startswith("ray://"):
        raise UsageError(f"--ray-address takes host:port, ray://host:port or auto, not {address}")
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not (host and port.isdigit()):
        return
    if not 0 < int(port) < 1 << 16:
        raise UsageError(f"--ray-address {address}: {port} is no port number")
    try:
        socket.create_connection((host.strip("[]"), int(port)), CONNECT_SECONDS).close()
    except (OSError, OverflowError) as error:  # refused, timed out, unknown host; a bad port
        why = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise UsageError(f"--ray-address: nothing answers at {address} ({why})") from None


def _options(args: argparse.Namespace, err: TextIO) -> JobOptions:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.ray_address is not None and args.engine != "ray":
        raise UsageError("--ray-address goes with --engine ray")
    if args.engine == "ray":  # checked before anything is written
        if args.output is None:
            raise UsageError("--engine ray runs a batch: give -o DIR")
        if importlib.util.find_spec("ray") is None:
            raise UsageError("--engine ray needs Ray: pip install 'bialign[ray]'")
        if args.ray_address is not None:
            _check_reachable(args.ray_address)
    lexicon = _lexicon(args)
    if args.config is None:
        settings = Signature(
            AlignConfig(lexicon=lexicon, semantic=USEM3 if args.semantic else None),
            splitter="lines" if args.presegmented else "punkt",
            arabic=ArabicOptions(args.camel_normalize, args.transliterate),
        )
    else:
        try:
            settings = _replayed(args, err).with_lexicon(lexicon)
        except ValueError as error:
            raise UsageError(
                f"--config {args.config}: {error}: give that table with --lexicon FILE "
                "(and --lexicon-only if it replaced the shipped one)"
            ) from None
    if settings.config.semantic is None:
        _one_blas_thread()
    _check_semantic(settings)
    check_unaligned(args, args.format)
    kinds = only(args)
    made = [f"{a}-{b}" for (a, b), _ in settings.config.priors]
    impossible = [kind for kind in kinds or () if kind not in made]
    if impossible:
        raise UsageError(f"--only {impossible[0]}: bialign makes no such beads ({', '.join(made)})")
    document = Options(
        config=settings.config,
        presegmented=settings.presegmented,
        arabic=_available(settings.arabic),
        min_score=args.min_score,
        only=kinds,
        drop_unaligned=args.drop_unaligned,
        stats=args.stats,
    )
    return JobOptions(
        document,
        format=args.format,
        encoding=encoding(args),
        max_bytes=max_bytes(args),
        keep_unaligned=args.keep_unaligned,
    )


def _replayed(args: argparse.Namespace, err: TextIO) -> Signature:
    """The signature ``--config`` names; a warning on ``err`` if another install made it."""
    path: Path = args.config
    given = [flag for flag, name in _RECORDED if getattr(args, name)]
    if given:
        raise UsageError(
            f"--config sets the splitter, CAMeL and semantic options: leave out {', '.join(given)}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--config {path}: {_why(error)}") from None
    line = next((line for line in text.splitlines() if line.strip()), "")
    if not line:
        raise UsageError(f"--config {path}: no signature in it (the file is empty)")
    try:
        signature = Signature.parse(line)
    except ValueError as error:
        raise UsageError(f"--config {path}: {error}") from None
    differences = signature.differences(Signature())
    if differences:
        print(
            f"bialign: warning: --config {path} was made by another install "
            f"({'; '.join(differences)}): the output may differ from the original",
            file=err,
        )
    return signature


def _lexicon(args: argparse.Namespace) -> Lexicon | None:
    """The word table ``--lexicon`` and ``--lexicon-only`` ask for (``None``: the shipped one)."""
    if args.lexicon is None:
        if args.lexicon_only:
            raise UsageError("--lexicon-only goes with --lexicon FILE")
        return None
    from ..lexicon import Lexicon  # the word tables and their analysis: only when asked for

    try:
        mine = Lexicon.from_tsv(args.lexicon)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--lexicon {args.lexicon}: {_why(error)}") from None
    except ValueError as error:
        raise UsageError(f"--lexicon {error}") from None
    return mine if args.lexicon_only else Lexicon.shipped().merged(mine)


def _available(options: ArabicOptions) -> ArabicOptions:
    """The CAMeL options asked for, after checking that CAMeL Tools is there to serve them."""
    from ..camel import normalize_orthography, transliterate

    try:
        if options.normalize:
            normalize_orthography("")
        if options.transliteration:
            transliterate("", options.transliteration)
    except CamelUnavailableError as error:
        asked = "--camel-normalize" if options.normalize else "--transliterate"
        raise UsageError(f"{asked}: {error}") from error
    return options


def _one_blas_thread() -> None:
    """Have NumPy's OpenBLAS start no threads, unless the user set how many (read when NumPy
    loads, which is after this). Without a semantic scorer nothing multiplies matrices large
    enough to share among threads, but OpenBLAS starts one a processor and each spins for a
    while: 0.03-0.05 s of CPU a run, a tenth to a sixth of what the whole floor takes."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _check_semantic(settings: Signature) -> None:
    """That the semantic scorer the settings ask for can run here (loading no model)."""
    if settings.config.semantic is None and settings.semantic != NO_SEMANTIC:
        raise UsageError(
            f"--config: the signature names a user's embedder ({settings.semantic}), "
            "which only the Python API can supply"
        )
    from ..scorers.semantic import check_available

    try:
        check_available(settings.config.semantic)
    except SemanticUnavailableError as error:
        raise UsageError(f"--semantic: {error}") from error


def _tasks(args: argparse.Namespace, err: TextIO) -> list[Task]:
    fmt: Format = args.format
    if args.output is None and (fmt == "moses" or args.skip_existing):
        raise UsageError("-o DIR is needed for the moses format and for --skip-existing")
    if args.pairs is not None:
        return _paired_tasks(args)
    if args.ar or args.en:
        if not (args.ar and args.en) or args.articles:
            raise UsageError("--ar and --en go together, and without ARTICLE arguments")
        name = args.ar.name.split(".")[0] or "aligned"
        output = None if args.output is None else output_path(args.output, name, fmt)
        return [
            Task(f"{display_name(args.ar)}+{display_name(args.en)}", (args.ar, args.en), output)
        ]
    if not args.articles:
        raise UsageError("give ARTICLE files or directories, or --ar FILE --en FILE")
    left_out: list[Path] = []
    inputs = find_inputs(args.articles, left_out)
    if left_out:
        print(f"bialign: {left_out_note(left_out)}; name a file to read it", file=err)
    if not inputs:
        kinds = ", ".join("*" + suffix for suffix in SUFFIXES)
        raise UsageError(
            f"no {kinds} files, nor web pages under a server's name or no suffix, found in "
            + ", ".join(map(str, args.articles))
        )
    if args.output is not None:
        return plan_tasks(inputs, args.output, fmt)
    if len(inputs) > 1 or any(path.is_dir() for path in args.articles):
        raise UsageError("-o DIR is needed for several articles and for directories")
    return [Task(display_name(inputs[0]), (inputs[0],))]


def _paired_tasks(args: argparse.Namespace) -> list[Task]:
    """One task per line of ``--pairs``, named after its Arabic file."""
    if args.articles or args.ar or args.en or args.output is None:
        raise UsageError("--pairs goes with -o DIR, and without ARTICLE, --ar or --en")
    try:
        lines = args.pairs.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--pairs {args.pairs}: {_why(error)}") from None
    expected = "expected lines of AR_PATH<TAB>EN_PATH[<TAB>SCORE]"
    pairs = []
    for number, line in enumerate(lines, 1):
        cells = line.split("\t")
        if len(cells) < 2 and line.strip():
            raise UsageError(f"--pairs {args.pairs}, line {number}: {expected}, got {line!r}")
        if line.strip():
            pairs.append((Path(cells[0]), Path(cells[1])))
    if not pairs:
        raise UsageError(f"--pairs {args.pairs}: {expected}; it has none")
    return plan_pair_tasks(pairs, args.output, args.format)


def _check_report(report: Path, tasks: Sequence[Task], format: Format) -> None:
    """Refuse a ``--report`` path that an output of the run would also be written to: the
    report, written last, took the place of ``report.txt``'s aligned pairs, with no word."""
    where = os.path.abspath(report).casefold()  # as the outputs' names are kept apart
    for task in tasks:
        if any(os.path.abspath(path).casefold() == where for path in output_files(task, format)):
            raise UsageError(
                f"--report {report} is where the output of {task.source} goes: "
                "give the report another name or directory"
            )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Align every input; exit 1 if any failed or the report cannot be written."""
    options = _options(args, err)
    tasks = _tasks(args, err)
    if args.report is not None:
        _check_report(args.report, tasks, args.format)
    signature = str(options.document.signature)
    interrupted = False
    if args.output is None:
        _print_signature(options, err)
        reporter = Reporter(err, None)
        reporter(0, align_task(tasks[0], options, out))
        outcomes = reporter.finish()
        if outcomes[0].status == "aligned" and left_out(outcomes[0]):
            print(
                f"bialign: {outcomes[0].source}: dropped on purpose "
                f"({details_hint(args.report is not None)}): "
                f"{left_out(outcomes[0])}",
                file=err,
            )
    else:
        with _engine(args) as runner:
            outcomes, interrupted = _run_batch(tasks, options, args, err, runner)
    reported = args.report is None or write_report(args.report, outcomes, signature, err)
    if interrupted:
        return EXIT_INTERRUPTED
    failed = not reported or any(o.status == "failed" for o in outcomes)
    return EXIT_FAILED if failed else EXIT_OK


#: The suffixes of the files the formats write: -o names a directory, not one of them.
_OUTPUT_SUFFIXES = frozenset(suffix for spec in REGISTRY.values() for suffix in spec.suffixes)


def _run_batch(
    tasks: Sequence[Task], options: JobOptions, args: argparse.Namespace, err: TextIO, run: Runner
) -> tuple[list[Outcome], bool]:
    """Run the tasks whose output is not there yet, then print a summary; the outcomes so
    far, and whether the run was interrupted."""
    started = time.monotonic()
    if not args.output.exists() and args.output.suffix.lower() in _OUTPUT_SUFFIXES:
        # "-o out.jsonl" reads as a file: say where the output goes instead.
        written = output_files(tasks[0], options.format)[0]
        print(f"bialign: note: -o {args.output} is made as a directory: {written}", file=err)
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file of that name, or a link to nothing
        raise UsageError(
            f"-o {args.output} is not a directory: -o names the directory the outputs go into"
        ) from None
    except OSError as error:
        raise UsageError(f"-o {args.output}: {error.strerror}") from None
    _sign(args.output, options.document.signature)
    _print_signature(options, err)
    planned = [path for task in tasks for path in output_files(task, options.format)]
    removed = remove_stale_temporaries([*planned, args.output / SIDECAR])
    if removed:
        stale = counted(removed, "temporary file")
        print(f"bialign: removed {stale} of an interrupted run", file=err)
    progress = Progress(err, len(tasks)) if err.isatty() and len(tasks) > 1 else None
    reporter = Reporter(err, progress)
    todo: list[int] = []
    # A file named on the command line or in --pairs is read whatever it is (a missing one
    # fails); only what a directory walk found is skipped when it is not a regular file.
    named = set(args.articles) | {path for task in tasks if args.pairs for path in task.inputs}
    for index, task in enumerate(tasks):
        files = output_files(task, options.format)
        found = [path for path in task.inputs if path not in named]
        why = next(filter(None, map(not_a_file, found)), "")
        if why:
            reporter(index, Outcome(task.source, Reason.NOT_A_FILE, why))
        elif args.skip_existing and all(path.exists() for path in files):
            outputs = tuple(map(display_name, files))
            reporter(index, Outcome(task.source, Reason.OUTPUT_EXISTS, outputs=outputs))
        else:
            todo.append(index)
    begun = time.time_ns()
    try:
        run([tasks[i] for i in todo], options, lambda k, outcome: reporter(todo[k], outcome))
    except KeyboardInterrupt:
        unreported = [tasks[i] for i in todo if i not in reporter.outcomes]
        _remove_unreported(unreported, options.format, begun)
        # The workers are ended: what they were writing, or had written and not yet handed
        # on, is left under temporary names that nothing will commit.
        remove_stale_temporaries(
            path for task in unreported for path in output_files(task, options.format)
        )
        outcomes = reporter.finish()
        print(
            f"bialign: interrupted after {len(outcomes)} of {len(tasks)} inputs; "
            "rerun with --skip-existing to resume",
            file=err,
        )
        return outcomes, True
    outcomes = reporter.finish()
    summary = Summary(tuple(outcomes), time.monotonic() - started, args.report is not None)
    print(summary.format(), file=err)
    return outcomes, False


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Runner]:
    """The runner ``--engine`` names, ready: a Ray cluster is connected to (or started) before
    anything is written, so that one that cannot be is a usage error."""
    # The runners (multiprocessing, Ray) are loaded only for a run, not for --help.
    from ..runners.local import default_jobs, run_tasks

    jobs = args.jobs or default_jobs()
    if args.engine == "local":
        yield lambda tasks, options, on_outcome: run_tasks(tasks, options, jobs, on_outcome)
        return
    try:
        from ..runners import ray as on_ray
    except ImportError as error:
        raise UsageError(f"--engine ray needs Ray ({error}): pip install 'bialign[ray]'") from None
    try:
        with on_ray.connected(args.ray_address, None if args.ray_address else jobs):
            yield on_ray.run_tasks
    except on_ray.ClusterUnreachable as error:
        raise UsageError(f"--ray-address: {error}") from None


def _remove_unreported(tasks: Sequence[Task], format: Format, begun: int) -> None:
    """Remove what these tasks wrote since ``begun`` (ns): a worker may finish an output in the
    instant before it is stopped, and the report, which does not list it, must not lie."""
    for task in tasks:
        for path in output_files(task, format):
            try:
                if path.stat().st_mtime_ns >= begun:
                    path.unlink()
            except FileNotFoundError:
                continue


def _print_signature(options: JobOptions, err: TextIO) -> None:
    """With ``--stats``, the signature goes first: the statistics say what produced them."""
    if options.document.stats:
        print(options.document.signature, file=err)


def _sign(directory: Path, signature: Signature) -> None:
    """Write the run's signature into the output directory, unless it holds another one.

    Outputs of two configurations in one directory would make its signature lie about some
    of them: that is refused, and a rerun with the same signature (``--skip-existing``) is not.
    """
    path, text = directory / SIDECAR, str(signature)
    try:
        found = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        found = None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: {_why(error)}") from None
    if found == text:
        return
    if found is not None:
        mine, theirs = _fields(text), _fields(found)
        differing = [key for key in mine if mine[key] != theirs.get(key)]
        raise UsageError(
            f"{path} holds the signature of another configuration (it differs in "
            f"{', '.join(differing) or 'its form'}): write into another directory, or run "
            f"with its settings: --config {path}"
        )
    try:
        with atomic_files(path) as (out,):
            out.write(text + "\n")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _fields(signature: str) -> dict[str, str]:
    """A signature's text as its fields, to name those two signatures differ in."""
    return dict(field.partition(":")[::2] for field in signature.split("|"))


def _why(error: OSError | UnicodeDecodeError) -> str:
    return getattr(error, "strerror", None) or str(error)
