"""``bialign pair``: which Arabic document translates which English one, as a TSV of pairs
that ``bialign align --pairs`` takes.

Each line is ``ar_path<TAB>en_path<TAB>score``, in the order of the Arabic inputs; documents
with no partner scoring above the threshold are left out (:mod:`bialign.pairing`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from ..batch.plan import find_inputs
from ..errors import InputError
from ..formats import atomic_files
from ..inputs import read_input
from . import EXIT_FAILED, EXIT_OK, UsageError
from .options import add_input_options, encoding, max_bytes

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The two sides, the output and the threshold."""
    parser.add_argument("ar", type=Path, metavar="AR_INPUTS", help="Arabic file or directory")
    parser.add_argument("en", type=Path, metavar="EN_INPUTS", help="English file or directory")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="PAIRS", help="the TSV to write (default: stdout)"
    )
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="S",
        help="leave documents unpaired whose best partner scores below S (default: "
        "calibrated, see the README)",
    )
    add_input_options(parser)


def _documents(
    root: Path, args: argparse.Namespace, err: TextIO
) -> tuple[list[str], list[str], int]:
    """The paths and texts of one side's readable documents, and how many could not be read
    (each named on ``err``)."""
    paths, texts = [], []
    found = find_inputs([root])
    for path in found:
        try:
            texts.append(read_input(path, encoding(args), max_bytes(args)).text)
        except InputError as error:
            print(f"bialign: {error}", file=err)
            continue
        paths.append(str(path))
    return paths, texts, len(found) - len(paths)


def _name(path: str, root: Path) -> str:
    """What the pairing compares of a document's name: its path under the directory given."""
    return os.path.relpath(path, root) if root.is_dir() else path


def _check_sides(args: argparse.Namespace, ar_texts: list[str], en_texts: list[str]) -> None:
    """A usage error where every document of a side is in the other side's script: the two
    given the wrong way round, or one side twice."""
    from ..detect import misplaced_sides

    wrong = misplaced_sides(ar_texts, en_texts)
    if wrong == {"ar", "en"}:
        raise UsageError(
            f"{args.ar} is in Latin script and {args.en} in Arabic: the Arabic documents go first"
        )
    if "ar" in wrong:
        raise UsageError(f"{args.ar}: no Arabic text, every document is in Latin script")
    if "en" in wrong:
        raise UsageError(f"{args.en}: no English text, every document is in Arabic script")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Pair the documents and write the TSV; exit 1 if some input could not be read."""
    from ..lexicon import Lexicon
    from ..pairing import PairingOptions, pair_documents

    for side in (args.ar, args.en):
        if not side.exists():
            raise UsageError(f"{side}: no such file or directory")
    ar_paths, ar_texts, ar_unread = _documents(args.ar, args, err)
    en_paths, en_texts, en_unread = _documents(args.en, args, err)
    unread = ar_unread + en_unread
    _check_sides(args, ar_texts, en_texts)
    options = PairingOptions()
    if args.threshold is not None:
        options = PairingOptions(threshold=args.threshold)
    pairs = pair_documents(
        ar_texts,
        en_texts,
        Lexicon.shipped(),
        options,
        ar_names=[_name(path, args.ar) for path in ar_paths],
        en_names=[_name(path, args.en) for path in en_paths],
    )
    lines = [f"{ar_paths[p.ar]}\t{en_paths[p.en]}\t{p.score:.4f}\n" for p in pairs]
    if args.output is None:
        out.writelines(lines)
    else:
        with atomic_files(args.output) as (stream,):
            stream.writelines(lines)
    print(
        f"bialign: {len(pairs)} pairs of {len(ar_paths)} Arabic and {len(en_paths)} English "
        "documents",
        file=err,
    )
    return EXIT_FAILED if unread else EXIT_OK
