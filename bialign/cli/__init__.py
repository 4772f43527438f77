"""The ``bialign`` command: a thin layer over the Python API, one module per subcommand.

Commands: ``align`` (articles, directories of them, or an ``--ar``/``--en`` pair), ``detect``
(the script of every paragraph), ``evaluate`` (a predicted alignment against a gold one),
``filter`` (re-filter an existing output) and ``pair`` (which Arabic document translates which
English one). Only the module of the command given is imported, so ``bialign --help`` loads no
aligner.

Exit codes: 0 success (warnings, such as an English-only article, included), 1 some inputs
failed, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, NoReturn, Protocol, TextIO, cast

from .._version import __version__

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "main",
    "run",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit code 2."""


class _Command(Protocol):
    """What a subcommand's module offers: its arguments, and running them."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> int: ...


#: Each command's one-line help; its module (``bialign.cli.<name>``) is imported when given.
_COMMANDS = {
    "align": "align articles, directories of them, or an --ar/--en pair of files",
    "detect": "report the script of every paragraph",
    "evaluate": "score a predicted alignment against a gold one (strict and lax P/R/F1)",
    "filter": "filter an existing output again",
    "pair": "find which Arabic document translates which English one (a TSV for --pairs)",
}


def _command(name: str) -> _Command:
    return cast(_Command, importlib.import_module(f"{__name__}.{name}"))


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments of ``argv``: the parser has those of the command ``argv`` names (the
    others are listed by name only, so their modules stay unimported). An option the command
    does not have is that command's usage error, with the nearest one it has."""
    given = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = argparse.ArgumentParser(
        prog="bialign",
        description="Turn bilingual Arabic/English text into sentence-aligned parallel text.",
    )
    parser.add_argument("--version", action="version", version=f"bialign {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = parser
    for name, help_ in _COMMANDS.items():
        command = commands.add_parser(name, help=help_)
        if name == given:
            _command(name).add_arguments(command)
            chosen = command
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        import difflib

        options = [o for action in chosen._actions for o in action.option_strings]
        word = unknown[0].split("=")[0]
        nearest = difflib.get_close_matches(word, options, n=1)
        if len(word) == 2 and word[0] == "-" and not nearest:  # "-f": the one "--f..." there is
            starting = [o for o in options if o.startswith(f"-{word}")]
            nearest = starting if len(starting) == 1 else []
        hint = f" (did you mean {nearest[0]}?)" if nearest else ""
        chosen.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``, the process's own: then the
    garbage collector is set for the process, see :func:`_collector`); return the exit code."""
    with _collector() if argv is None else nullcontext():
        return _main(sys.argv[1:] if argv is None else list(argv))


def run() -> NoReturn:
    """The ``bialign`` command's process: :func:`main` on its own arguments, then its exit,
    without the interpreter freeing its objects one by one (see :func:`_exit_now`)."""
    _exit_now(main())


def _exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once the standard streams are flushed and the exit
    handlers have run (Ray's shutdown, finalizers, logging's flush), but without freeing every
    object: that took 30 million instructions of a run, some 2% of a one-file run's, and
    after ``--jobs`` forked a worker, each page freed was a page fault first (3,400 of them on
    6 MB of articles). mypy exits so too. Where another thread runs, the interpreter exits as
    usual, waiting for it."""
    if threading.active_count() > 1:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader that has gone, a stream closed
            pass
    atexit._run_exitfuncs()  # what the interpreter's own exit runs first
    os._exit(code)


#: The cyclic garbage collector's first threshold in the command's process (Python's: 700).
_FIRST_GENERATION = 100_000


@contextmanager
def _collector() -> Iterator[None]:
    """The cyclic garbage collector set for a process that runs one command.

    The command holds some 60,000 objects as long as it runs (modules, word tables, compiled
    patterns, most of them loaded by the first document) and makes almost no garbage cycles.
    The collector's passes over those objects, every 700 new ones and again at exit, were 7% of
    a one-file run's instructions: it runs every 100,000 (which bounds the cycles that can
    wait for it), and what is left when the command ends is frozen out of the passes at exit.
    """
    gc.set_threshold(_FIRST_GENERATION, *gc.get_threshold()[1:])
    try:
        yield
    finally:
        gc.freeze()


def _main(argv: list[str]) -> int:
    out, err = sys.stdout, sys.stderr
    previous = _on_terminate(_interrupt)
    try:
        try:
            args = _parse(argv)
        except SystemExit as exit_:
            return int(exit_.code or 0)
        code = _command(args.command).run(args, out, err)
        out.flush()  # here, where a reader that has gone can be told from a failure
        return code
    except UsageError as error:
        print(f"bialign: error: {error}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bialign: interrupted", file=err)
        return EXIT_INTERRUPTED
    except RuntimeError as error:
        # Python 3.11 wraps what a descriptor's __set_name__ raises while a class is made:
        # Ctrl-C while NumPy's modules load (its finfo class) arrives as this RuntimeError.
        if not isinstance(error.__cause__, KeyboardInterrupt):
            raise
        print("bialign: interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter exit quiet
        return EXIT_OK
    finally:
        _on_terminate(previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _on_terminate(handler: Any) -> Any:
    """Handle SIGTERM with ``handler`` (a kill stops a run as Ctrl-C does: cleanly, with exit
    130); return the handler it had. Only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler)
