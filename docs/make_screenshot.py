"""Regenerate ``docs/review-004.png``: the HTML review page of seed 004 in headless Chromium.

Seed 004 is aligned by bialign itself (``bialign.align_article``), so the page shows exactly
what a user would review: its sentence beads, their scores, and the URL slug it dropped.

    python docs/make_screenshot.py [--out docs/review-004.png] [--html review-004.html]

Needs the Debian package ``chromium`` (and ``fonts-hosny-amiri`` for a Naskh Arabic face).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from output_samples import SEED_004, chromium_command, run_chromium  # noqa: E402

from bialign import align_article, write_alignment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the review page, screenshot it at 1280×900, and print where the PNG went."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-004.png")
    parser.add_argument("--html", type=Path, help="also keep the HTML page here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        page = args.html or Path(scratch) / "review-004.html"
        alignment = align_article(SEED_004.read_text(encoding="utf-8"), source=SEED_004.name)
        write_alignment(alignment, page, "html")
        command = chromium_command(
            page.resolve().as_uri(),
            Path(scratch) / "profile",
            f"--screenshot={args.out.resolve()}",
            "--window-size=1280,900",
        )
        if command is None:
            parser.error("chromium is not on PATH (Debian: apt-get install chromium)")
        run_chromium(command)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
