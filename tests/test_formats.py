"""The registry of formats: names, file names, what each can do, one round trip for every
readable format on real samples, and formats loaded only when used."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from output_samples import ROOT, SAMPLES

from bialign.formats import (
    FORMATS,
    READABLE,
    REGISTRY,
    SCORE_DECIMALS,
    aligned_pairs,
    format_of,
    read_pairs,
    write_alignment,
)
from bialign.records import AlignedPair, ArticleAlignment

# What each readable format carries of a pair, beyond its bead sides being empty or not.
CARRIES = {
    "jsonl": {"text", "indices", "source", "exact score"},
    "tsv": {"text", "indices", "score"},
    "tmx": {"text", "indices", "source", "score"},
    "moses": {"text"},
    "vecalign": {"indices", "score"},
}


def test_every_format_is_in_the_registry_under_its_name() -> None:
    assert FORMATS == ("jsonl", "tsv", "moses", "tmx", "html", "vecalign")
    assert tuple(CARRIES) == READABLE or set(READABLE) == set(CARRIES)
    assert all(REGISTRY[name].name == name for name in FORMATS)
    assert [name for name in FORMATS if not REGISTRY[name].line_per_bead] == ["tmx", "html"]
    assert [name for name in FORMATS if not REGISTRY[name].has_text] == ["vecalign"]


@pytest.mark.parametrize(
    ("name", "suffix", "files"),
    [
        ("jsonl", ".jsonl", ["out"]),
        ("moses", "", ["out.ar", "out.en"]),
        ("vecalign", ".align", ["out"]),
    ],
)
def test_file_names(name: str, suffix: str, files: list[str]) -> None:
    spec = REGISTRY[name]  # type: ignore[index]
    assert spec.suffix == suffix
    assert [path.name for path in spec.files(Path("dir/out"))] == files


def test_format_of_a_path(tmp_path: Path) -> None:
    assert [format_of(f"x.{s}") for s in ("jsonl", "TSV", "tmx", "align")] == [
        "jsonl",
        "tsv",
        "tmx",
        "vecalign",
    ]
    assert format_of("x.html") is None  # written, never read
    assert format_of(tmp_path / "corpus") is None
    for name in ("corpus.ar", "corpus.en"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert format_of(tmp_path / "corpus") == "moses"


def expected(pair: AlignedPair, carries: set[str], source: str) -> AlignedPair:
    score = pair.score
    if "score" in carries:
        score = round(score, SCORE_DECIMALS)
    elif "exact score" not in carries:
        score = math.nan
    return AlignedPair(
        source=pair.source if "source" in carries else source,
        ar=pair.ar if "text" in carries else "",
        en=pair.en if "text" in carries else "",
        ar_index=pair.ar_index if "indices" in carries else (),
        en_index=pair.en_index if "indices" in carries else (),
        score=score,
    )


def comparable(pair: AlignedPair) -> tuple[object, ...]:
    """A pair's fields, an unknown (NaN) score equal to another."""
    return (
        pair.source,
        pair.ar,
        pair.en,
        pair.ar_index,
        pair.en_index,
        "unknown" if math.isnan(pair.score) else pair.score,
    )


@pytest.mark.parametrize("sample", list(SAMPLES))
@pytest.mark.parametrize("name", list(CARRIES))
def test_every_readable_format_reads_back_what_it_carries(
    name: str, sample: str, tmp_path: Path
) -> None:
    alignment: ArticleAlignment = SAMPLES[sample]()
    carries = CARRIES[name]
    target = tmp_path / ("out" + REGISTRY[name].suffix)  # type: ignore[index]
    write_alignment(alignment, target, name, keep_unaligned=True)  # type: ignore[arg-type]
    back = read_pairs(target, name)  # type: ignore[arg-type]
    wanted = [expected(pair, carries, str(target)) for pair in aligned_pairs(alignment)]
    if "text" not in carries:  # segments of "" sentences, joined by spaces
        back = [AlignedPair(p.source, "", "", p.ar_index, p.en_index, p.score) for p in back]
    if "indices" not in carries:  # Moses numbers its lines; its text shows the empty sides
        back = [AlignedPair(p.source, p.ar, p.en, (), (), p.score) for p in back]
    assert list(map(comparable, back)) == list(map(comparable, wanted))


def test_importing_bialign_loads_no_format_and_no_xml() -> None:
    code = (
        "import sys, io, bialign\n"
        "def loaded(): return sorted(m for m in sys.modules if m.startswith(('xml', "
        "'bialign.formats.')))\n"
        "print(loaded())\n"
        "bialign.write_alignment([], io.StringIO(), 'jsonl')\n"
        "print(loaded())\n"
        "bialign.write_alignment([], io.StringIO(), 'tmx')\n"
        "print('xml.etree.ElementTree' in sys.modules, 'bialign.formats.tmx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.splitlines() == [
        "[]",
        "['bialign.formats.common', 'bialign.formats.jsonl']",
        "True True",
    ]
