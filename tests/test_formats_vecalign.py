"""The field's ``[i]:[j]`` format (Vecalign, Bertalign): lines as both tools write them, round
trips on real samples, and the commands that write, filter and score it."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import pytest
from corpora import SEED_004
from output_samples import SAMPLES, seed_004

from bialign.cli import main
from bialign.cli.align import SIDECAR
from bialign.formats import SCORE_DECIMALS, read_alignments, write_alignment
from bialign.formats.vecalign import (
    format_bead_line,
    parse_bead_line,
    read_vecalign,
    write_vecalign,
)
from bialign.pipeline import align_article
from bialign.records import ArticleAlignment, Bead

# The first lines of Vecalign's README example, as vecalign.py prints them.
VECALIGN_OUTPUT = """\
[0]:[0]:0.156006
[6]:[6, 7, 8]:0.507506
[8, 9]:[10, 11, 12]:0.139594
[]:[22]:0.000000
"""
# The same beads as Bertalign writes them into NAME.align: no score.
BERTALIGN_OUTPUT = "[0]:[0]\n[6]:[6, 7, 8]\n[8, 9]:[10, 11, 12]\n[]:[22]\n"
BEADS = [((0,), (0,)), ((6,), (6, 7, 8)), ((8, 9), (10, 11, 12)), ((), (22,))]


@pytest.fixture(params=list(SAMPLES))
def alignment(request: pytest.FixtureRequest) -> ArticleAlignment:
    return SAMPLES[request.param]()


def written(alignment: ArticleAlignment) -> str:
    out = io.StringIO()
    write_vecalign(alignment, out)
    return out.getvalue()


def test_one_line_a_bead_in_bead_order(alignment: ArticleAlignment) -> None:
    lines = written(alignment).split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(alignment.beads)
    for line, bead in zip(lines, alignment.beads, strict=True):
        ar = ", ".join(map(str, bead.ar))
        en = ", ".join(map(str, bead.en))
        assert line == f"[{ar}]:[{en}]:{bead.score:.{SCORE_DECIMALS}f}"


def test_round_trip_gives_the_beads_with_rounded_scores(
    alignment: ArticleAlignment, tmp_path: Path
) -> None:
    path = tmp_path / "a.align"
    write_alignment(alignment, path, "vecalign")
    (back,) = read_alignments(path, "vecalign")
    rounded = [replace(b, score=round(b.score, SCORE_DECIMALS)) for b in alignment.beads]
    assert list(back.beads) == rounded
    # No text in the format: the sentence lists are as long as the numbers need, and empty.
    assert back.source == str(path)
    assert (len(back.ar), len(back.en)) == (len(alignment.ar), len(alignment.en))
    assert set(back.ar) | set(back.en) == {""}


def test_unknown_scores_are_left_off_and_read_back_as_unknown() -> None:
    sample = seed_004()
    unknown = replace(sample, beads=(Bead((0,), (0,), math.nan), *sample.beads[1:]))
    text = written(unknown)
    assert text.startswith("[0]:[0]\n[1]:[1]:")
    back = read_vecalign(io.StringIO(text))
    assert math.isnan(back.beads[0].score) and not math.isnan(back.beads[1].score)


@pytest.mark.parametrize("text", [VECALIGN_OUTPUT, BERTALIGN_OUTPUT])
def test_vecalign_and_bertalign_outputs_are_read(text: str) -> None:
    back = read_vecalign(io.StringIO(text), "x.align")
    assert [(b.ar, b.en) for b in back.beads] == BEADS
    scores = [b.score for b in back.beads]
    if text is VECALIGN_OUTPUT:
        assert scores == [0.156006, 0.507506, 0.139594, 0.0]
    else:
        assert all(math.isnan(score) for score in scores)
    assert (len(back.ar), len(back.en)) == (10, 23)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[8, 9]:[10, 11, 12]:0.14", ((8, 9), (10, 11, 12), 0.14)),
        ("[0]:[0]:0.000000", ((0,), (0,), 0.0)),
        ("  [2,3] : [2]  ", ((2, 3), (2,), math.nan)),
        ("[]:[4]", ((), (4,), math.nan)),
        ("[4]:[]", ((4,), (), math.nan)),
        ("[0]:[1]:1e-3", ((0,), (1,), 0.001)),
    ],
)
def test_parse_bead_line(
    line: str, expected: tuple[tuple[int, ...], tuple[int, ...], float]
) -> None:
    bead = parse_bead_line(line)
    assert (bead.ar, bead.en) == expected[:2]
    assert bead.score == pytest.approx(expected[2], nan_ok=True)


def test_format_bead_line_reads_back() -> None:
    for ar, en in BEADS:
        line = format_bead_line(ar, en, 0.25)
        assert parse_bead_line(line) == Bead(ar, en, 0.25)


@pytest.mark.parametrize(
    ("lines", "line_number", "message"),
    [
        (["[0]:[0]", "[1]:[1, x]"], 2, "expected a bead"),
        (["[0]:[0]", "", "[1] [1]"], 3, "expected a bead"),
        (["[0]:[0]", "[-1]:[1]"], 2, "expected a bead"),
        (["[0]:[0]:high"], 1, "the score after the bead is not a number: 'high'"),
        (["0:0"], 1, "expected a bead"),
    ],
)
def test_malformed_lines_name_the_file_and_line(
    lines: list[str], line_number: int, message: str
) -> None:
    text = "\n".join(lines) + "\n"
    with pytest.raises(ValueError, match=rf"^x\.align, line {line_number}: .*{message}"):
        read_vecalign(io.StringIO(text), "x.align")


# --- the commands -------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def seed_alignment() -> ArticleAlignment:
    return align_article(SEED_004.read_text(encoding="utf-8"), source=str(SEED_004))


def test_align_writes_name_dot_align_or_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    code, out, _ = run(capsys, "align", SEED_004, "--format", "vecalign", "-o", tmp_path)
    assert (code, out) == (0, "")
    path = tmp_path / (SEED_004.stem + ".align")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, SIDECAR])
    assert path.read_text(encoding="utf-8") == written(seed_alignment)
    code, out, _ = run(capsys, "align", SEED_004, "--format", "vecalign")
    assert (code, out) == (0, written(seed_alignment))


def test_filter_a_vecalign_file_by_score_and_kind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    path = tmp_path / "seed.align"
    write_alignment(seed_alignment, path, "vecalign")
    code, out, _ = run(capsys, "filter", path, "--min-score", "0.6", "--only", "1-1")
    assert code == 0
    kept = [
        (b.ar, b.en)
        for b in seed_alignment.beads
        if b.kind == "1-1" and round(b.score, SCORE_DECIMALS) >= 0.6
    ]
    assert 0 < len(kept) < len(seed_alignment.beads)
    back = read_vecalign(io.StringIO(out))
    assert [(b.ar, b.en) for b in back.beads] == kept


def test_a_vecalign_file_has_no_text_to_write_in_another_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "seed.align"
    path.write_text(BERTALIGN_OUTPUT, encoding="utf-8")
    code, out, err = run(capsys, "filter", path, "--format", "tsv")
    assert (code, out) == (2, "")
    assert "holds sentence numbers and no text: write it as vecalign" in err


def test_evaluate_vecalign_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold, predicted = tmp_path / "gold.align", tmp_path / "predicted.align"
    gold.write_text(BERTALIGN_OUTPUT, encoding="utf-8")
    # Vecalign split the 1-3 bead into a 1-1 and two insertions.
    predicted.write_text(
        VECALIGN_OUTPUT.replace("[6]:[6, 7, 8]:0.507506", "[6]:[6]:0.5\n[]:[7]:0\n[]:[8]:0"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "evaluate", gold, predicted)
    assert code == 0
    lines = out.splitlines()
    # Precision: 6 predicted, 3 strict ([0]:[0], [8, 9]:..., []:[22]), 4 lax ([6]:[6] too).
    assert lines[1].split() == ["precision", f"{3 / 6:.3f}", f"{4 / 6:.3f}"]
    # Recall over the 3 gold links: 2 strict, 3 lax.
    assert lines[2].split() == ["recall", f"{2 / 3:.3f}", "1.000"]
