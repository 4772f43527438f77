"""``bialign detect``: the script of every paragraph of some files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..detect import paragraphs
from ..errors import InputError
from ..inputs import read_input
from . import EXIT_FAILED, EXIT_OK
from .options import add_input_options, encoding, max_bytes

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The files, and how to read them."""
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_input_options(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print a table of paragraphs per file; a file that cannot be read fails (exit 1)."""
    read_as, limit = encoding(args), max_bytes(args)
    failed = 0
    for path in args.files:
        try:
            text = read_input(path, read_as, limit).text
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
