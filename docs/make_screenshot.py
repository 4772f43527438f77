"""Regenerate ``docs/review-004.png``: the HTML review page of seed 004 in headless Chromium.

Seed 004 is aligned by hand, paragraph by paragraph, as the tests do it
(``tests/output_samples.py``: title and 12 paragraphs as 1-1 beads, the URL slug and both
bylines dropped, scores from length agreement), until the aligner can be used instead.

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

from output_samples import chromium_command, run_chromium, seed_004  # noqa: E402

from bialign.write import write_alignment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the review page, screenshot it at 1280×900, and print where the PNG went."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-004.png")
    parser.add_argument("--html", type=Path, help="also keep the HTML page here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        page = args.html or Path(scratch) / "review-004.html"
        write_alignment(seed_004(), page, "html")
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
