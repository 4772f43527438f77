"""``bialign filter``: an existing output filtered again, in any format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..filter import filter_beads
from ..formats import (
    FORMATS,
    READABLE,
    REGISTRY,
    Format,
    format_of,
    read_alignments,
    write_alignment,
)
from . import EXIT_FAILED, EXIT_OK, UsageError
from .options import add_filters, check_unaligned, only

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The input, its format, the output and the filters."""
    parser.add_argument(
        "input", type=Path, metavar="IN", help="an output of bialign (a path prefix for moses)"
    )
    parser.add_argument(
        "--input-format", choices=READABLE, help="format of IN (default: from its name)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="file to write (a path prefix for moses; default: stdout)"
    )
    parser.add_argument("--format", choices=FORMATS, help="output format (default: IN's)")
    add_filters(parser)


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


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Read, filter and write; an input that cannot be read or an output that cannot be
    written fails (exit 1)."""
    input_format = _input_format(args)
    fmt: Format = args.format or input_format
    check_unaligned(args, fmt)
    kinds = only(args)
    if args.output is None and fmt == "moses":
        raise UsageError("-o PREFIX is needed for the moses format")
    if args.min_score is not None and not REGISTRY[input_format].has_scores:
        scored = ", ".join(n for n, spec in REGISTRY.items() if spec.readable and spec.has_scores)
        raise UsageError(
            f"--min-score: {args.input} holds no scores ({input_format}); bialign writes them "
            f"in {scored}"
        )
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
        filtered, stats = filter_beads(document, args.min_score, kinds, args.drop_unaligned)
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
