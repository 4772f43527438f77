"""The HTML review page in a real browser: headless Chromium renders it and parses it as we
meant (right-to-left Arabic column, every bead a row, markup in the text kept as text).

Skipped when Chromium is not installed (Debian package ``chromium``).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from output_samples import ReviewPage, chromium_command, markup, run_chromium, seed_004

from bialign.formats import write_alignment

THRESHOLD = 0.95  # high, so that some of seed 004's rows are flagged low


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if chromium_command("about:blank", Path()) is None:
        pytest.skip("chromium is not installed")
    path = tmp_path_factory.mktemp("review") / "review.html"
    write_alignment([seed_004(), markup()], path, "html", threshold=THRESHOLD)
    return path


def chromium(page: Path, tmp_path: Path, *options: str) -> str:
    command = chromium_command(page.as_uri(), tmp_path / "profile", *options)
    assert command is not None
    return run_chromium(command).stdout


def test_chromium_renders_a_screenshot(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "review.png"
    chromium(page, tmp_path, f"--screenshot={png}", "--window-size=1280,900")
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 900)


def test_chromium_dom_has_every_bead_with_a_right_to_left_arabic_column(
    page: Path, tmp_path: Path
) -> None:
    dom = ReviewPage()
    dom.feed(chromium(page, tmp_path, "--dump-dom"))
    documents = [seed_004(), markup()]
    rows = [row for row in dom.rows if "bead" in (row.get("class") or "").split()]
    assert [row["id"] for row in rows] == [
        f"doc-{d}-bead-{k}"
        for d, alignment in enumerate(documents, start=1)
        for k in range(1, len(alignment.beads) + 1)
    ]
    beads = [bead for alignment in documents for bead in alignment.beads]
    for row, bead in zip(rows, beads, strict=True):
        classes = (row.get("class") or "").split()
        assert ("low" in classes) == bool(bead.ar and bead.en and bead.score < THRESHOLD)
        assert ("gap" in classes) == (not (bead.ar and bead.en))
    arabic = [(attrs, "".join(text)) for attrs, text in dom.cells if attrs.get("class") == "ar"]
    assert len(arabic) == len(beads)
    assert all(attrs.get("dir") == "rtl" and attrs.get("lang") == "ar" for attrs, _ in arabic)
    english = "".join("".join(text) for attrs, text in dom.cells if attrs.get("class") == "en")
    # The browser kept markup-like text as text: no element was made of it.
    assert "<Dialogue>" in english and "<script>" in english
    assert "script" not in dom.tags
