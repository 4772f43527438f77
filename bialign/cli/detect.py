"""``bialign detect``: the units bialign reads in some files, and why each starts there.

Per unit (paragraph, short line, verse or list number) its lines, script, kind and boundary
(``start``, ``blank line``, ``line break`` in a block of one paragraph a line, ``script
change``, ``dropped line``); furniture and URL slugs cut out are listed where they stood.
Numbers, furniture and slugs are dropped by ``bialign align``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..inputs import read_input
from ..split import read_units
from . import EXIT_FAILED, EXIT_OK
from .options import add_input_options, encoding, max_bytes

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The files, and how to read them."""
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_input_options(parser)


_KIND_OF_REASON = {"boilerplate": "furniture", "url-slug": "slug"}


def _rows(text: str) -> list[tuple[int, int, str, str, str, str]]:
    """Per unit, and per furniture block or slug cut out: its first line, its lines, script,
    kind, boundary and text, in reading order."""
    units, dropped = read_units(text)
    rows: list[tuple[int, int, str, str, str, str]] = [
        (unit.line, unit.lines, unit.script, unit.kind, unit.boundary, unit.text) for unit in units
    ]
    for item in dropped:
        if item.reason in _KIND_OF_REASON:
            lines = item.text.count("\n") + 1 if item.reason == "boilerplate" else 1
            rows.append((item.line, lines, "-", _KIND_OF_REASON[item.reason], "-", item.text))
    return sorted(rows, key=lambda row: row[0])


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print a table of units per file; a file that cannot be read fails (exit 1)."""
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
        print(f"  {'lines':>9}  {'script':<7}  {'kind':<9}  {'boundary':<13}  text", file=out)
        for line, count, script, kind, boundary, body in _rows(text):
            span = f"{line}" if count == 1 else f"{line}-{line + count - 1}"
            preview = " ".join(body.split())
            preview = preview if len(preview) <= 60 else preview[:59] + "…"
            print(
                f"  {span:>9}  {script:<7}  {kind:<9}  {boundary:<13}  {preview}",
                file=out,
            )
    return EXIT_FAILED if failed else EXIT_OK
