"""``bialign pair``: which Arabic document translates which English one, as a TSV of pairs
that ``bialign align --pairs`` takes.

Each line is ``ar_path<TAB>en_path<TAB>score``, in the order of the Arabic inputs; documents
with no partner scoring above the threshold are left out (:mod:`bialign.pairing`).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..batch.plan import display_name, find_inputs, left_out_note
from ..errors import InputError
from ..formats import atomic_files
from ..inputs import read_input
from . import EXIT_FAILED, EXIT_OK, UsageError
from .options import add_input_options, encoding, max_bytes
from .progress import counted

if TYPE_CHECKING:
    from ..pairing import DocumentPair

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
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write one JSON line per document: paired (with whom, the score), unpaired, or "
        "unreadable (why)",
    )
    add_input_options(parser)


def _documents(
    root: Path, args: argparse.Namespace, err: TextIO
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """The paths and texts of one side's readable documents, and the others with why they
    could not be read (each also named on ``err``)."""
    paths, texts, unread = [], [], []
    left_out: list[Path] = []
    found = find_inputs([root], left_out)
    if left_out:
        print(f"bialign: {root}: {left_out_note(left_out)}", file=err)
    for path in found:
        try:
            texts.append(read_input(path, encoding(args), max_bytes(args)).text)
        except InputError as error:
            print(f"bialign: {error}", file=err)
            unread.append((str(path), error.reason + (f": {error.detail}" if error.detail else "")))
            continue
        paths.append(str(path))
    return paths, texts, unread


def _records(
    sides: dict[str, tuple[list[str], list[tuple[str, str]]]], pairs: list[DocumentPair]
) -> Iterator[dict[str, object]]:
    """One report record a document, the Arabic side's then the English side's, each side's
    readable documents in the order read and then those it could not read."""
    partners: dict[tuple[str, int], tuple[str, float]] = {}
    for pair in pairs:  # the score as the TSV gives it
        partners["ar", pair.ar] = sides["en"][0][pair.en], round(pair.score, 4)
        partners["en", pair.en] = sides["ar"][0][pair.ar], round(pair.score, 4)
    for side, (paths, unread) in sides.items():
        for k, path in enumerate(paths):
            other, score = partners.get((side, k), (None, None))
            status = "unpaired" if other is None else "paired"
            yield _record(path, side, status, other, score)
        for path, why in unread:
            yield _record(path, side, "unreadable", reason=why)


def _record(
    file: str,
    side: str,
    status: str,
    partner: str | None = None,
    score: float | None = None,
    reason: str = "",
) -> dict[str, object]:
    """A report record, with every key; paths as :func:`display_name` writes them."""
    other = None if partner is None else display_name(partner)
    record = {"file": display_name(file), "side": side, "status": status, "partner": other}
    return record | {"score": score, "reason": reason}


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
    for option, path in (("-o", args.output), ("--report", args.report)):
        if path is not None and not path.absolute().parent.is_dir():  # found out before pairing
            raise UsageError(f"{option} {path}: no directory {path.absolute().parent}")
    ar_paths, ar_texts, ar_unread = _documents(args.ar, args, err)
    en_paths, en_texts, en_unread = _documents(args.en, args, err)
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
    if len(ar_paths) == len(en_paths) == 1 and not pairs:  # no other candidate: no margin
        print(
            "bialign: note: one document a side: pairing tells a translation from how much "
            "better it matches than the other documents do; to align the two, run: "
            f"bialign align --ar {ar_paths[0]} --en {en_paths[0]}",
            file=err,
        )
    lines = [f"{ar_paths[p.ar]}\t{en_paths[p.en]}\t{p.score:.4f}\n" for p in pairs]
    written = True
    if args.output is None:
        out.writelines(lines)
    else:
        written = _write("-o", args.output, lines, err)
    if args.report is not None:
        sides = {"ar": (ar_paths, ar_unread), "en": (en_paths, en_unread)}
        records = (json.dumps(r, ensure_ascii=False) + "\n" for r in _records(sides, pairs))
        written = _write("--report", args.report, records, err) and written
    unpaired = len(ar_paths) - len(pairs), len(en_paths) - len(pairs)
    listed = "the report lists them" if args.report is not None else "--report FILE lists them"
    print(
        f"bialign: {counted(len(pairs), 'pair')} of {len(ar_paths)} Arabic and {len(en_paths)} "
        f"English {'document' if len(ar_paths) == len(en_paths) == 1 else 'documents'}; "
        f"unpaired: {unpaired[0]} Arabic, {unpaired[1]} English"
        + (f" ({listed})" if any(unpaired) else ""),
        file=err,
    )
    return EXIT_FAILED if ar_unread or en_unread or not written else EXIT_OK


def _write(option: str, path: Path, lines: Iterable[str], err: TextIO) -> bool:
    """Write ``lines`` to ``path`` whole or not at all; say why not on ``err``."""
    try:
        with atomic_files(path) as (stream,):
            stream.writelines(lines)
    except (OSError, UnicodeEncodeError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"bialign: error: {option} {path}: {why}", file=err)
        return False
    return True
