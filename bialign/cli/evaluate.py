"""``bialign evaluate``: a predicted alignment scored against a gold one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..evaluate import evaluate_files
from . import EXIT_FAILED, EXIT_OK

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The gold and the predicted file."""
    parser.add_argument("gold", type=Path, metavar="GOLD", help="[i]:[j] lines or JSONL")
    parser.add_argument(
        "predicted", type=Path, metavar="PREDICTED", help="bialign JSONL or [i]:[j] lines"
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print strict and lax P/R/F1; a file that cannot be read or parsed fails (exit 1)."""
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
