"""A user's word table from the command line: --lexicon merges it with the shipped one,
--lexicon-only uses it alone; the signature names it, and a replay needs the same table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpora import SEED_004

from bialign.cli import main
from bialign.cli.align import SIDECAR

# Words of seed 004 the shipped table does not pair: the Prime Minister's name and the
# Arabic for "strategic" against their English.
ROWS = "الكاظمي\tkadhimi kazemi kāẓimī\nالاستراتيجي\tstrategic\n"


def _align(tmp_path: Path, name: str, *flags: str) -> tuple[int, list[dict[str, object]], str]:
    out = tmp_path / name
    code = main(["align", str(SEED_004), "-o", str(out), "--jobs", "1", *flags])
    lines = (out / f"{SEED_004.stem}.jsonl").read_text(encoding="utf-8").splitlines()
    return code, [json.loads(line) for line in lines], (out / SIDECAR).read_text("utf-8")


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "my words.tsv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def test_a_merged_table_is_named_in_the_signature_and_lifts_scores(
    tmp_path: Path, table: Path
) -> None:
    _, plain, plain_signature = _align(tmp_path, "plain")
    code, merged, signature = _align(tmp_path, "merged", "--lexicon", str(table))
    _, alone, alone_signature = _align(tmp_path, "alone", "--lexicon", str(table), "--lexicon-only")
    assert code == 0
    assert "lexicon:shipped" in plain_signature
    assert "lexicon:shipped+my_words.tsv@" in signature
    assert "lexicon:my_words.tsv@" in alone_signature
    # Same beads on this clean article; the user's pairs only add evidence...
    assert [(r["ar_index"], r["en_index"]) for r in merged] == [
        (r["ar_index"], r["en_index"]) for r in plain
    ]
    assert (
        sum(float(m["score"]) > float(p["score"]) for m, p in zip(merged, plain, strict=True)) >= 1
    )  # type: ignore[arg-type]
    # ...while two words alone, without the shipped table, leave most beads less sure.
    lower = sum(float(a["score"]) < float(p["score"]) for a, p in zip(alone, plain, strict=True))  # type: ignore[arg-type]
    assert lower > len(plain) // 2


def test_a_replay_needs_the_same_table(
    tmp_path: Path, table: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, merged, _ = _align(tmp_path, "merged", "--lexicon", str(table))
    sidecar = str(tmp_path / "merged" / SIDECAR)
    code, replayed, _ = _align(tmp_path, "again", "--config", sidecar, "--lexicon", str(table))
    assert (code, replayed) == (0, merged)
    assert main(["align", str(SEED_004), "-o", str(tmp_path / "x"), "--config", sidecar]) == 2
    assert "give that table with --lexicon FILE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("contents", "says"),
    [
        (b"\xff\xfe not utf-8", "my words.tsv"),
        (b"just one column\n", "my words.tsv, line 1"),
    ],
)
def test_a_bad_table_is_a_usage_error_naming_it(
    tmp_path: Path, contents: bytes, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "my words.tsv"
    path.write_bytes(contents)
    assert main(["align", str(SEED_004), "--lexicon", str(path)]) == 2
    assert says in capsys.readouterr().err


def test_lexicon_only_needs_a_lexicon(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["align", str(SEED_004), "--lexicon-only"]) == 2
    assert "--lexicon-only goes with --lexicon FILE" in capsys.readouterr().err
