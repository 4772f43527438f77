"""The ``bialign`` command: a thin layer over the Python API.

Exit codes: 0 success (warnings, such as an English-only article, included), 1 some inputs
failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import __version__
from .align import AlignConfig
from .detect import paragraphs
from .filter import filter_beads
from .pipeline import ArticleAlignment, NotBilingualError, align_article, align_texts
from .write import FORMATS, Format, write_alignment

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_SUFFIX: dict[str, str] = {
    "jsonl": ".jsonl",
    "tsv": ".tsv",
    "tmx": ".tmx",
    "html": ".html",
    "moses": "",
}


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit code 2."""


@dataclass(frozen=True)
class Job:
    """One document to align: an article file, or an Arabic file and an English file."""

    name: str
    article: Path | None = None
    ar: Path | None = None
    en: Path | None = None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bialign",
        description="Turn bilingual Arabic/English text into sentence-aligned parallel text.",
    )
    parser.add_argument("--version", action="version", version=f"bialign {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    align = commands.add_parser("align", help="align articles (or an --ar/--en pair of files)")
    align.add_argument(
        "articles",
        nargs="*",
        type=Path,
        metavar="ARTICLE",
        help="raw article files, each holding both languages",
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
    _add_filters(align)

    detect = commands.add_parser("detect", help="report the script of every paragraph")
    detect.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise OSError(f"not UTF-8 text (byte {error.start})") from error


def _jobs(args: argparse.Namespace) -> list[Job]:
    if args.ar or args.en:
        if not (args.ar and args.en) or args.articles:
            raise UsageError("--ar and --en go together, and without ARTICLE arguments")
        name = args.ar.name.split(".")[0] or "aligned"
        return [Job(name, ar=args.ar, en=args.en)]
    if not args.articles:
        raise UsageError("give ARTICLE files, or --ar FILE --en FILE")
    return [Job(path.stem, article=path) for path in args.articles]


def _align(job: Job, config: AlignConfig, presegmented: bool) -> ArticleAlignment:
    if job.article is not None:
        return align_article(
            _read_text(job.article), config, source=str(job.article), presegmented=presegmented
        )
    assert job.ar is not None and job.en is not None  # _jobs builds jobs with both
    return align_texts(
        _read_text(job.ar),
        _read_text(job.en),
        config,
        source=f"{job.ar}+{job.en}",
        presegmented=presegmented,
    )


def _filtered(
    alignment: ArticleAlignment, args: argparse.Namespace, err: TextIO
) -> ArticleAlignment:
    kept, stats = filter_beads(
        alignment, min_score=args.min_score, only=args.only, drop_unaligned=args.drop_unaligned
    )
    if args.stats:
        print(f"== {alignment.source}\n{stats.format()}", file=err)
    return kept


def _command_align(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    jobs = _jobs(args)
    fmt: Format = args.format
    if args.output is None and (len(jobs) > 1 or fmt == "moses"):
        raise UsageError("-o DIR is needed for several articles and for the moses format")
    if args.output is not None:
        args.output.mkdir(parents=True, exist_ok=True)
    config = AlignConfig()
    failed = 0
    for job in jobs:
        try:
            alignment = _filtered(_align(job, config, args.presegmented), args, err)
        except NotBilingualError as warning:
            print(f"bialign: warning: {warning}; nothing written", file=err)
            continue
        except (OSError, ValueError) as error:
            print(f"bialign: error: {job.article or job.ar}: {error}", file=err)
            failed += 1
            continue
        target = out if args.output is None else args.output / (job.name + _SUFFIX[fmt])
        write_alignment(alignment, target, fmt, keep_unaligned=args.keep_unaligned)
    return EXIT_FAILED if failed else EXIT_OK


def _command_detect(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    failed = 0
    for path in args.files:
        try:
            text = _read_text(path)
        except OSError as error:
            print(f"bialign: error: {path}: {error}", file=err)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    out, err = sys.stdout, sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "align":
            return _command_align(args, out, err)
        return _command_detect(args, out, err)
    except UsageError as error:
        print(f"bialign: error: {error}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter exit quiet
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
