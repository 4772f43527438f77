"""The floor of end-to-end alignment: what the work physically needs, and nothing more.

Run as ``python -m benchmarks.floor IN_DIR OUT_DIR``: for every file of ``IN_DIR`` (sorted),
read it as UTF-8, make one regular-expression pass that cuts it into sentence-sized pieces,
write one JSONL record a piece to ``OUT_DIR/<stem>.jsonl`` and fsync the file. This is what any
aligner reading the same files and writing the same kind of output must pay (start-up, reading,
one look at every character, encoding, writing, the disk); ``benchmarks/speed.py`` measures
bialign as a multiple of it in the same run. Only the standard library is imported, so the
floor's start-up is the interpreter's.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

# A piece runs to a full stop, question or exclamation mark (Latin or Arabic) or a line break.
_PIECE = re.compile(r"[^.!?\u061f\n]+[.!?\u061f]*")


def floor(folder: Path, output: Path) -> int:
    """Write one JSONL file of pieces for each file of ``folder``; the number of pieces."""
    output.mkdir(parents=True, exist_ok=True)
    pieces = 0
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        with open(output / f"{path.stem}.jsonl", "w", encoding="utf-8") as out:
            for number, piece in enumerate(_PIECE.findall(text)):
                out.write(json.dumps({"i": number, "text": piece}, ensure_ascii=False) + "\n")
                pieces += 1
            out.flush()
            os.fsync(out.fileno())
    return pieces


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 2:
        print("usage: python -m benchmarks.floor IN_DIR OUT_DIR", file=sys.stderr)
        return 2
    floor(Path(args[0]), Path(args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
