"""Options more than one subcommand takes: how inputs are read, and the bead filters."""

from __future__ import annotations

import argparse
import codecs
import math
from typing import TYPE_CHECKING

from ..filter import filter_beads
from ..inputs import DEFAULT_MAX_BYTES
from ..records import ArticleAlignment
from . import UsageError

if TYPE_CHECKING:
    from ..formats import Format

__all__ = ["add_filters", "add_input_options", "check_unaligned", "encoding", "max_bytes", "only"]


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """``--encoding`` and ``--max-size``."""
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


def max_bytes(args: argparse.Namespace) -> int | None:
    """``--max-size`` in bytes (``None``: no limit)."""
    size: float = args.max_size
    if size == 0:
        return None
    if not (math.isfinite(size) and size * 1e6 >= 1):
        raise UsageError(f"--max-size must be 0 (no limit) or at least one byte (1e-6), not {size}")
    return int(size * 1e6)


def encoding(args: argparse.Namespace) -> str | None:
    """``--encoding``, checked to name a codec."""
    if args.encoding is not None:
        try:
            codec = codecs.lookup(args.encoding)
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from None
        # rot13, base64, hex, zlib... are codecs, but not of bytes to text.
        if not getattr(codec, "_is_text_encoding", True):
            raise UsageError(f"--encoding: {args.encoding!r} is not a text encoding")
    return args.encoding  # type: ignore[no-any-return]


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The bead filters, ``--keep-unaligned`` and ``--stats``."""
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


def check_unaligned(args: argparse.Namespace, fmt: Format) -> None:
    """That ``--keep-unaligned`` asks for something: not with ``--drop-unaligned``, and only
    for the formats that leave unaligned sentences out otherwise."""
    from ..formats import REGISTRY

    if not args.keep_unaligned:
        return
    if args.drop_unaligned:
        raise UsageError("--keep-unaligned and --drop-unaligned ask for opposite things")
    if not REGISTRY[fmt].pairs_only:
        kept = " and ".join(name for name, spec in REGISTRY.items() if spec.pairs_only)
        raise UsageError(f"--keep-unaligned is for {kept}: {fmt} writes unaligned sentences anyway")


def only(args: argparse.Namespace) -> tuple[str, ...] | None:
    """``--only`` as bead types, checked by the filter itself on an empty alignment."""
    kinds = None if args.only is None else tuple(k.strip() for k in args.only.split(","))
    try:
        filter_beads(ArticleAlignment("", (), (), ()), args.min_score, kinds, args.drop_unaligned)
    except ValueError as error:  # named as the API names them: "only", "min_score"
        message = (
            str(error).replace("only: ", "--only: ", 1).replace("min_score ", "--min-score ", 1)
        )
        raise UsageError(message) from None
    return kinds
