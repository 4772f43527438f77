"""Document pairing: the UN documents by symbol, with 30% distractors and near-duplicates, are
paired with precision and recall of 0.98 or more; the command writes a TSV that
``bialign align --pairs`` takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.pairing import PairingSet, score, un_set
from bialign.cli import main
from bialign.lexicon import Lexicon
from bialign.pairing import pair_documents
from tests.corpora import CORPORA, SEED_004


def _un(part: str) -> PairingSet:
    if not (CORPORA / "unv1_dev_test.jsonl").is_file():
        pytest.skip(f"corpus {CORPORA} not available")
    return un_set(CORPORA, "dev" if part == "dev" else "held-out")


@pytest.mark.parametrize("part", ["dev", "held-out"])
def test_un_documents_pair_with_precision_and_recall_of_098(part: str) -> None:
    found = _un(part)
    pairs = pair_documents(found.ar, found.en, Lexicon.shipped())
    got = score(pairs, found.gold)
    assert got.precision >= 0.98 and got.recall >= 0.98, got
    assert len({p.en for p in pairs}) == len(pairs)  # one to one


@pytest.mark.parametrize("size", [2, 3])
def test_a_few_documents_a_side_pair(size: int) -> None:
    found = _un("dev")
    gold = sorted(found.gold)[:size]
    ar, en = [found.ar[a] for a, _ in gold], [found.en[e] for _, e in reversed(gold)]
    pairs = pair_documents(ar, en, Lexicon.shipped())
    assert [(p.ar, p.en) for p in pairs] == [(k, size - 1 - k) for k in range(size)]


def test_one_document_a_side_is_no_pairing_and_the_command_says_what_to_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A margin needs other candidates: the command says how to align the two instead.
    paragraphs = [p for p in SEED_004.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    (tmp_path / "report.txt").write_text("\n\n".join(paragraphs[14:]), encoding="utf-8")
    (tmp_path / "story.txt").write_text("\n\n".join(paragraphs[:14]), encoding="utf-8")
    code = main(["pair", str(tmp_path / "report.txt"), str(tmp_path / "story.txt")])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == ""
    assert f"to align the two, run: bialign align --ar {tmp_path / 'report.txt'}" in captured.err


def test_a_lexicon_that_is_no_table_is_named() -> None:
    with pytest.raises(TypeError, match="lexicon must map Arabic stems to English ones"):
        pair_documents(["قال"], ["said"], None)  # type: ignore[arg-type]


def test_documents_that_share_no_token_make_no_pair() -> None:
    # What an English document given as Arabic and an Arabic one as English come to.
    pairs = pair_documents(["The Council adopted the report."], ["اعتمد المجلس التقرير."], {})
    assert pairs == []


@pytest.mark.parametrize(
    ("sides", "said"),
    [
        (("en", "ar"), "is in Latin script and {en} in Arabic: the Arabic documents go first"),
        (("en", "en"), "no Arabic text, every document is in Latin script"),
        (("ar", "ar"), "no English text, every document is in Arabic script"),
    ],
    ids=["swapped", "english-twice", "arabic-twice"],
)
def test_the_command_refuses_a_side_in_the_other_script(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sides: tuple[str, str], said: str
) -> None:
    found = _un("dev")
    for side, texts in (("ar", found.ar), ("en", found.en)):
        (tmp_path / side).mkdir()
        for k, text in enumerate(texts[:3]):
            (tmp_path / side / f"{k}.txt").write_text(text, encoding="utf-8")
        (tmp_path / side / "empty.txt").write_text("", encoding="utf-8")  # in no script
    given = [str(tmp_path / side) for side in sides]
    assert main(["pair", *given]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bialign: error: {given[0]}") and said.format(en=given[1]) in err


def test_the_command_pairs_directories_and_align_takes_the_pairs(tmp_path: Path) -> None:
    found = _un("dev")
    gold = dict(sorted(found.gold)[:6])
    for side, texts, wanted in (("ar", found.ar, gold), ("en", found.en, gold.values())):
        (tmp_path / side).mkdir()
        for k in wanted:
            (tmp_path / side / f"{side}{k:04}.txt").write_text(texts[k], encoding="utf-8")
    tsv = tmp_path / "pairs.tsv"
    assert main(["pair", str(tmp_path / "ar"), str(tmp_path / "en"), "-o", str(tsv)]) == 0
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
    assert {(Path(a).name, Path(e).name) for a, e, _ in rows} == {
        (f"ar{a:04}.txt", f"en{e:04}.txt") for a, e in gold.items()
    }
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    assert main(["align", "--pairs", str(tsv), "-o", str(out), "--report", str(report)]) == 0
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == ["aligned"] * len(rows)
    assert sorted(p.name for p in out.glob("*.jsonl")) == sorted(f"ar{a:04}.jsonl" for a in gold)


def test_a_pair_listed_twice_is_aligned_once_and_pairs_of_one_arabic_file_named_by_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _un("dev")
    (k, j), (_, other) = sorted(found.gold)[:2]
    (tmp_path / "ar.txt").write_text(found.ar[k], encoding="utf-8")
    (tmp_path / "en.txt").write_text(found.en[j], encoding="utf-8")
    (tmp_path / "other.txt").write_text(found.en[other], encoding="utf-8")
    # The same pair three times, as written differently; the Arabic file with another partner.
    lines = ["ar.txt\ten.txt\t0.3", "./ar.txt\ten.txt", f"{tmp_path}/ar.txt\ten.txt"]
    lines.append("ar.txt\tother.txt")
    (tmp_path / "pairs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["align", "--pairs", "pairs.tsv", "-o", "out", "--report", "report.jsonl"]) == 0
    records = [json.loads(line) for line in Path("report.jsonl").read_text().splitlines()]
    assert [(r["file"], r["outputs"]) for r in records] == [
        ("ar.txt+en.txt", ["out/ar__en.jsonl"]),
        ("ar.txt+other.txt", ["out/ar__other.jsonl"]),
    ]
    assert sorted(path.name for path in Path("out").iterdir()) == [
        "ar__en.jsonl",
        "ar__other.jsonl",
        "bialign.signature",
    ]


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["ar.txt\ten.txt", "", "one column"], "line 3: expected lines of AR_PATH<TAB>EN_PATH"),
        (["", " "], "expected lines of AR_PATH<TAB>EN_PATH[<TAB>SCORE]; it has none"),
    ],
)
def test_a_pairs_file_that_is_not_pairs_is_refused_naming_the_line(
    lines: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["align", "--pairs", str(tsv), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bialign: error: --pairs {tsv}") and said in err
    assert not (tmp_path / "out").exists()


def test_the_command_says_which_documents_it_left_unpaired_or_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _un("dev")
    (a0, e0), (a1, e1), (a2, _) = sorted(found.gold)[:3]
    for side in ("ar", "en"):
        (tmp_path / side).mkdir()
    for k, a in enumerate((a0, a1, a2)):  # the third has no partner
        (tmp_path / "ar" / f"{k}.txt").write_text(found.ar[a], encoding="utf-8")
    for k, e in enumerate((e0, e1)):
        (tmp_path / "en" / f"{k}.txt").write_text(found.en[e], encoding="utf-8")
    (tmp_path / "en" / "logo.html").write_bytes(b"GIF89a\x00\x01")
    report = tmp_path / "report.jsonl"
    assert main(["pair", str(tmp_path / "ar"), str(tmp_path / "en"), "--report", str(report)]) == 1
    assert "pairs of 3 Arabic and 2 English documents; unpaired: 1 Arabic, 0 English" in (
        capsys.readouterr().err
    )
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    got = [(Path(r["file"]).name, r["side"], r["status"]) for r in records]
    assert got == [
        ("0.txt", "ar", "paired"),
        ("1.txt", "ar", "paired"),
        ("2.txt", "ar", "unpaired"),
        ("0.txt", "en", "paired"),
        ("1.txt", "en", "paired"),
        ("logo.html", "en", "unreadable"),
    ]
    assert Path(records[0]["partner"]).name == "0.txt" and records[-1]["reason"].startswith(
        "binary data, not text"
    )


def test_the_command_refuses_a_report_it_could_not_write_before_pairing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for side in ("ar", "en"):
        (tmp_path / side).mkdir()
    report = tmp_path / "missing" / "report.jsonl"
    assert main(["pair", str(tmp_path / "ar"), str(tmp_path / "en"), "--report", str(report)]) == 2
    assert capsys.readouterr().err == (
        f"bialign: error: --report {report}: no directory {report.parent}\n"
    )


def test_sides_in_their_own_script_are_read_one_document_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A crawl's side of thousands of documents: whether it is misplaced is told by its first.
    import bialign.detect

    read: list[str] = []
    real = bialign.detect.detect_script

    def counted(text: str) -> object:
        read.append(text)
        return real(text)

    monkeypatch.setattr(bialign.detect, "detect_script", counted)
    ar, en = ["اعتمد المجلس التقرير."] * 1000, ["The Council adopted the report."] * 1000
    assert bialign.detect.misplaced_sides(ar, en) == set()
    assert len(read) == 2
