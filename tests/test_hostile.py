"""Hostile input, issue 16: nothing a crawl contains may hang bialign, lose an output or touch
the machine. One section per class of hole; each test fails on the code before its fix.

Some tests run the command in a subprocess, for what only a real process shows: signals, pipes,
FIFOs, resource limits.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest
from corpora import SEED_004

from bialign.formats import read_alignments
from bialign.pipeline import align_article
from bialign.split import split_article

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
ENGLISH = "The minister said the plan would work well. "
ARABIC = "قال الوزير إن الخطة ستنجح بشكل جيد. "


# --- 2. no super-linear path ----------------------------------------------------------------


def _seconds(run: Callable[[str], object], text: str) -> float:
    """The best of two runs: the noise of a loaded machine only ever adds time."""
    times = []
    for _ in range(2):
        start = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - start)
    return min(times)


def _read_bead_line(text: str) -> object:
    with pytest.raises(ValueError, match="line 1"):
        read_alignments(io.StringIO(text), "vecalign")
    return None


@pytest.mark.parametrize(
    ("run", "make"),
    [
        # A run of "!" between the scripts of a mixed paragraph, before an opening bracket.
        (split_article, lambda n: "The minister said the plan would work" + "!" * n + "(قال"),
        (split_article, lambda n: ARABIC + "?." * (n // 2) + "«" + ENGLISH),
        # A paragraph opening with many letterless "sentences".
        (align_article, lambda n: ". " * (n // 2) + ENGLISH + ARABIC),
        (align_article, lambda n: "! " * (n // 2) + ARABIC + ENGLISH),
        # A bead line with a long run of spaces where a number should be.
        (_read_bead_line, lambda n: "[" + " " * n + "x]:[1]\n"),
        (_read_bead_line, lambda n: "[1]:[" + " " * n + "]:" + " " * n + "x y\n"),
    ],
    ids=["mixed-bangs", "mixed-marks", "dots", "bangs", "bead-spaces", "bead-tail"],
)
def test_time_grows_linearly_with_the_input(
    run: Callable[[str], object], make: Callable[[int], str]
) -> None:
    """Each 4-fold larger input may take at most 10 times as long (quadratic: 16 times); the
    0.2 s of slack keeps scheduling noise on tiny times from failing the test. It stops at the
    first step that grows too fast, so code that is quadratic fails in seconds, not minutes."""
    run(make(100))  # load the tables first
    previous = _seconds(run, make(4_000))
    for size in (16_000, 64_000):
        seconds = _seconds(run, make(size))
        assert seconds <= 10 * previous + 0.2, f"{size} characters: {seconds:.2f} s"
        previous = seconds
