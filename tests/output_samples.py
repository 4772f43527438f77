"""Alignments of real text, built by hand, for the writer, reader and filter tests.

The aligner is not used: beads follow the known correspondence of each source (seed 004's
paragraphs translate each other in order; corpus records translate each other), with merges and
deletions applied on purpose to get 2-2, 2-1, 1-0 and 0-1 beads. Scores are a stand-in: how well
the two sides' lengths agree, relative to the document's usual length ratio.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

from corpora import records

from bialign.chars import measure
from bialign.records import ArticleAlignment, Bead, Dropped

ROOT = Path(__file__).resolve().parents[1]
SEED_004 = ROOT / "seeds" / "004_560e4bfc249f71d2.txt"

Group = tuple[Sequence[str], Sequence[str]]


def corpus(name: str) -> tuple[dict[str, str], ...]:
    """Records of a shared corpus; skips the calling test when the corpora are absent."""
    return records(name)


def _length_score(ar: Sequence[str], en: Sequence[str], ratio: float) -> float:
    if not ar or not en:
        return 0.0
    q = sum(map(measure, ar)) / (ratio * max(1, sum(map(measure, en))))
    return round(min(q, 1 / q), 6) if q else 0.0


def from_groups(
    source: str, groups: Sequence[Group], dropped: Sequence[Dropped] = (), signature: str = ""
) -> ArticleAlignment:
    """An alignment with one bead per group of (Arabic sentences, English sentences), in order."""
    ratios = [sum(map(measure, ar)) / sum(map(measure, en)) for ar, en in groups if ar and en]
    ratio = statistics.median(ratios)
    ar_all: list[str] = []
    en_all: list[str] = []
    beads = []
    for ar, en in groups:
        ar_index = tuple(range(len(ar_all), len(ar_all) + len(ar)))
        en_index = tuple(range(len(en_all), len(en_all) + len(en)))
        ar_all += ar
        en_all += en
        beads.append(Bead(ar_index, en_index, _length_score(ar, en, ratio)))
    return ArticleAlignment(
        source=source,
        ar=tuple(ar_all),
        en=tuple(en_all),
        beads=tuple(beads),
        dropped=tuple(dropped),
        layout="en-ar",
        signature=signature,
    )


@functools.cache
def seed_004() -> ArticleAlignment:
    """Seed 004 aligned paragraph by paragraph: title, then 12 paragraphs; the URL slug glued to
    the English title and both bylines are dropped."""
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    en, ar = numbered[:14], numbered[14:]
    title_line, title = en[0]
    slug_at = next(i for i, char in enumerate(title) if "\u0600" <= char <= "\u06ff")
    dropped = [
        Dropped(title[slug_at:], "URL slug glued to the title", title_line),
        Dropped(en[1][1].strip(), "byline", en[1][0]),
        Dropped(ar[1][1].strip(), "byline", ar[1][0]),
    ]
    groups: list[Group] = [([ar[0][1].strip()], [title[:slug_at].strip()])]
    groups += [([a.strip()], [e.strip()]) for (_, e), (_, a) in zip(en[2:], ar[2:], strict=True)]
    return from_groups(SEED_004.name, groups, dropped, signature="hand-aligned|paragraphs|seed 004")


@functools.cache
def bible() -> ArticleAlignment:
    """Genesis 1, one verse a sentence, with a 2-2, a 2-1, a 1-0 and a 0-1 bead made on purpose."""
    verses = [r for r in corpus("bible_svd_kjv") if r["doc"] == "GEN.1"]
    groups: list[Group] = []
    k = 0
    while k < len(verses):
        ar, en = verses[k]["ar"], verses[k]["en"]
        if k == 3:  # verses 4 and 5 as one bead of two sentences a side
            groups.append(([ar, verses[4]["ar"]], [en, verses[4]["en"]]))
            k += 1
        elif k == 19:  # verses 20 and 21: the English run together as one sentence
            groups.append(([ar, verses[20]["ar"]], [en + " " + verses[20]["en"]]))
            k += 1
        elif k == 9:  # the English verse 10 deleted
            groups.append(([ar], []))
        elif k == 14:  # the Arabic verse 15 deleted
            groups.append(([], [en]))
        else:
            groups.append(([ar], [en]))
        k += 1
    return from_groups("GEN.1", groups, signature="hand-aligned|verses|GEN.1")


@functools.cache
def udhr() -> ArticleAlignment:
    """The Universal Declaration, paragraph by paragraph."""
    return from_groups("UDHR", [([r["ar"]], [r["en"]]) for r in corpus("udhr")])


#: A pair written for these tests: markup characters, quotes and a right-to-left mark.
MARKUP_PAIR: Group = (
    ['قالَ: "إنّ <الحوار> & التعاون أساسُ العلاقة"\N{RIGHT-TO-LEFT MARK}.'],
    ['He said: "<Dialogue> & cooperation are the basis of the relationship".'],
)


@functools.cache
def markup() -> ArticleAlignment:
    """:data:`MARKUP_PAIR` and an English sentence left without translation (a 0-1 bead)."""
    groups = [MARKUP_PAIR, ([], ["</td></tr><script>alert('not escaped')</script>"])]
    return from_groups("markup <&> sample", groups, signature='sig with "quotes" & <angle>')


@functools.cache
def tricky() -> ArticleAlignment:
    """Units whose text stresses escaping: right-to-left marks (Tatoeba), ``&`` (UN), vowelled
    Arabic with quotes (Bible), and :data:`MARKUP_PAIR`."""
    picked = [r for r in corpus("tatoeba_ara_eng") if "\N{RIGHT-TO-LEFT MARK}" in r["ar"]]
    picked += [r for r in corpus("unv1_dev_test") if "&" in r["ar"] + r["en"]]
    picked += [r for r in corpus("bible_svd_kjv") if "«" in r["ar"] and '"' not in r["en"]][:3]
    groups: list[Group] = [([r["ar"]], [r["en"]]) for r in picked]
    return from_groups("tricky & <mixed>", [*groups, MARKUP_PAIR], signature="tricky")


#: Every sample, by name, for parametrised tests.
SAMPLES: dict[str, Callable[[], ArticleAlignment]] = {
    "seed004": seed_004,
    "bible": bible,
    "udhr": udhr,
    "tricky": tricky,
    "markup": markup,
}


class ReviewPage(HTMLParser):
    """Rows and cells of an HTML review page, with their attributes, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.cells: list[tuple[dict[str, str | None], list[str]]] = []
        self.tags: set[str] = set()
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append(dict(attrs))
        elif tag == "td":
            self._text = []
            self.cells.append((dict(attrs), self._text))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def chromium_command(url: str, profile: Path, *extra: str) -> list[str] | None:
    """Headless Chromium with everything that could reach the network switched off, or None."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra,
        url,
    ]


def run_chromium(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a Chromium command, failing loudly if it does not finish in a minute."""
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
