"""The ``bialign`` command, run in-process through ``main(argv)``: align (one article, a
directory, an --ar/--en pair), usage errors, reports and resuming, detect, evaluate, filter."""

from __future__ import annotations

import gc
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpora import REPO, SEED_004, SEEDS

from bialign.cli import EXIT_FAILED, main
from bialign.cli.align import SIDECAR
from bialign.config import AlignConfig, Signature
from bialign.formats import read_alignments
from bialign.formats.jsonl import write_jsonl
from bialign.formats.vecalign import format_bead_line
from bialign.pipeline import align_article
from bialign.records import ArticleAlignment

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED_TEXT.split("\n\n") if p.strip()]
ENGLISH, ARABIC = PARAGRAPHS[:14], PARAGRAPHS[14:]
ENGLISH_ONLY = sorted(SEEDS.glob("00[0-3]_*.txt"))


@pytest.fixture(scope="module")
def seed_alignment() -> ArticleAlignment:
    return align_article(SEED_TEXT, source=str(SEED_004))


def jsonl(alignment: ArticleAlignment) -> str:
    out = io.StringIO()
    write_jsonl(alignment, out)
    return out.getvalue()


#: What aligning seed 004 to stdout says on stderr.
SEED_DROPS = (
    f"bialign: {SEED_004}: dropped on purpose (--report FILE has the details): url-slug line 1\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- align ----------------------------------------------------------------------------------


def test_the_process_command_collects_garbage_less_often_and_freezes_what_is_left(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = gc.get_threshold()
    try:
        assert main(["align", str(SEED_004), "-o", str(tmp_path / "given")]) == 0
        assert gc.get_threshold() == before  # argv given: a caller's process, left alone
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr(sys, "argv", ["bialign", "align", str(SEED_004), "-o", str(tmp_path)])
        assert main() == 0  # the process's own command line
        assert gc.get_threshold()[0] == 100_000
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    capsys.readouterr()
    assert (tmp_path / f"{SEED_004.stem}.jsonl").read_text(encoding="utf-8") == (
        tmp_path / "given" / f"{SEED_004.stem}.jsonl"
    ).read_text(encoding="utf-8")


def test_one_article_goes_to_stdout(
    capsys: pytest.CaptureFixture[str], seed_alignment: ArticleAlignment
) -> None:
    code, out, err = run(capsys, "align", SEED_004)
    assert code == 0
    assert out == jsonl(seed_alignment)
    assert err == SEED_DROPS  # the URL slug glued to the title is left out, and said so


def test_the_seeds_directory_aligns_one_and_warns_for_four(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    code, out, err = run(capsys, "align", SEEDS, "-o", tmp_path, "--jobs", "1")
    assert (code, out) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [SEED_004.stem + ".jsonl", SIDECAR]
    assert (tmp_path / SIDECAR).read_text(encoding="utf-8") == str(Signature()) + "\n"
    written = (tmp_path / (SEED_004.stem + ".jsonl")).read_text(encoding="utf-8")
    assert written == jsonl(seed_alignment)
    lines = err.splitlines()
    for path in ENGLISH_ONLY:
        assert f"bialign: warning: {path}: no Arabic text found; nothing written" in lines
    pairs = sum(1 for bead in seed_alignment.beads if bead.ar and bead.en)
    assert any(
        line.startswith("bialign: 5 inputs in ")
        and line.endswith(f"1 aligned, 4 skipped, 0 failed; {pairs} sentence pairs written")
        for line in lines
    )
    assert "  skipped: no Arabic text found (4)" in lines
    assert lines[-2:] == [
        "  dropped on purpose (--report FILE has the details):",
        f"    {SEED_004}: url-slug line 1",
    ]


def test_a_report_has_one_record_per_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00")
    report = tmp_path / "report.jsonl"
    argv = ["align", *sorted(SEEDS.glob("*.txt")), junk, "-o", tmp_path / "out"]
    code, _, err = run(capsys, *argv, "--report", report)
    assert code == 1
    assert f"bialign: error: {junk}: binary data, not text: NUL byte at offset 7" in err
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in records] == [str(p) for p in argv[1:-2]]
    assert [r["status"] for r in records] == ["skipped"] * 4 + ["aligned", "failed"]
    aligned = records[4]
    assert aligned["outputs"] == [str(tmp_path / "out" / (SEED_004.stem + ".jsonl"))]
    assert aligned["sentences"] == {"ar": len(seed_alignment.ar), "en": len(seed_alignment.en)}
    assert aligned["beads"] == len(seed_alignment.beads)
    assert aligned["pairs"] == sum(1 for b in seed_alignment.beads if b.ar and b.en)
    assert aligned["dropped"] == [
        {"reason": d.reason, "line": d.line, "text": d.text} for d in seed_alignment.dropped
    ]
    assert records[5]["reason"] == "binary data, not text"
    assert records[5]["detail"] == "NUL byte at offset 7"
    assert {r["signature"] for r in records} == {str(Signature())}


def test_skip_existing_leaves_finished_outputs_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "align", SEEDS, "-o", tmp_path)[0] == 0
    output = tmp_path / (SEED_004.stem + ".jsonl")
    output.write_text("finished earlier\n")
    code, _, err = run(capsys, "align", SEEDS, "-o", tmp_path, "--skip-existing")
    assert code == 0
    assert output.read_text() == "finished earlier\n"
    assert "skipped: no Arabic text found (4); output exists (1)" in err
    # Without --skip-existing the output is made again.
    assert run(capsys, "align", SEEDS, "-o", tmp_path)[0] == 0
    assert output.read_text(encoding="utf-8") != "finished earlier\n"


@pytest.mark.parametrize("name", ["aligned.jsonl", "aligned.TSV", "aligned"])
def test_an_output_directory_named_like_a_file_is_made_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    code, _, err = run(capsys, "align", SEED_004, "-o", out)
    written = out / (SEED_004.stem + ".jsonl")
    assert code == 0 and written.is_file()
    note = f"bialign: note: -o {out} is made as a directory: {written}"
    assert (note in err) == (name != "aligned")
    assert run(capsys, "align", SEED_004, "-o", out)[2].count("note:") == 0  # it is one now


# --- the signature: written with every output, replayed with --config ------------------------

REPLAYED = Signature(AlignConfig(passes=1, anchor_weight=4.0, ratio=1.25, refine=False))


def test_stats_print_the_signature_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "align", SEED_004, "--stats", "--presegmented")
    assert code == 0
    assert err.splitlines()[:2] == [str(Signature(splitter="lines")), f"== {SEED_004}"]


def test_a_signature_replays_its_run_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expected = jsonl(align_article(SEED_TEXT, REPLAYED.config, source=str(SEED_004)))
    assert expected != jsonl(align_article(SEED_TEXT, source=str(SEED_004)))
    config = tmp_path / "settings.txt"
    config.write_text(f"\n  \n{REPLAYED}\nanything after the first line\n", encoding="utf-8")
    assert run(capsys, "align", SEED_004, "--config", config) == (0, expected, SEED_DROPS)
    # The output directory's signature is the one given, and replays as well.
    assert run(capsys, "align", SEED_004, "-o", tmp_path / "a", "--config", config)[0] == 0
    written = tmp_path / "a" / (SEED_004.stem + ".jsonl")
    assert written.read_text(encoding="utf-8") == expected
    sidecar = tmp_path / "a" / SIDECAR
    assert sidecar.read_text(encoding="utf-8") == f"{REPLAYED}\n"
    assert run(capsys, "align", SEED_004, "-o", tmp_path / "b", "--config", sidecar)[0] == 0
    for name in (written.name, SIDECAR):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()


def test_a_directory_takes_the_outputs_of_one_signature_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "settings.txt"
    config.write_text(str(REPLAYED), encoding="utf-8")
    out = tmp_path / "out"
    assert run(capsys, "align", SEEDS, "-o", out, "--jobs", "1")[0] == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code, _, err = run(capsys, "align", SEEDS, "-o", out, "--config", config)
    assert code == 2
    assert f"bialign: error: {out / SIDECAR} holds the signature of another configuration" in err
    assert "differs in ratio, passes, anchors, refine" in err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert run(capsys, "align", SEEDS, "-o", out, "--skip-existing")[0] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (str(REPLAYED).replace("passes:1", "passes:one"), "not a valid bialign signature"),
        (str(REPLAYED).replace("|anchors:4.0", ""), "not a bialign signature: no anchors"),
        (str(REPLAYED).replace("1-1=0.8", "1-1=-0.8"), "AlignConfig.priors[(1, 1)] must be"),
        (str(REPLAYED).replace("split:punkt", "split:words"), "split must be one of punkt"),
        ("\n\n", "no signature in it"),
    ],
    ids=["passes", "missing-field", "negative-prior", "splitter", "empty"],
)
def test_a_tampered_signature_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "settings.txt"
    config.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "align", SEED_004, "--config", config)
    assert (code, out) == (2, "")
    assert err.startswith(f"bialign: error: --config {config}: ") and message in err


def test_flags_a_signature_records_do_not_go_with_config(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "settings.txt"
    config.write_text(str(REPLAYED), encoding="utf-8")
    code, _, err = run(capsys, "align", SEED_004, "--config", config, "--presegmented")
    assert code == 2 and "leave out --presegmented" in err
    code, _, err = run(capsys, "align", SEED_004, "--config", tmp_path / "missing")
    assert code == 2 and "No such file or directory" in err


def test_a_signature_of_another_install_warns_and_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "settings.txt"
    older = str(REPLAYED).replace(f"bialign:{REPLAYED.version}", "bialign:0.0.1")
    config.write_text(older.replace("punkt_en.txt@", "punkt_en.txt@0"), encoding="utf-8")
    code, out, err = run(capsys, "align", SEED_004, "--config", config)
    assert code == 0
    assert out == jsonl(align_article(SEED_TEXT, REPLAYED.config, source=str(SEED_004)))
    assert err == (
        f"bialign: warning: --config {config} was made by another install (bialign 0.0.1, "
        f"not {REPLAYED.version}; data file punkt_en.txt differs): the output may differ "
        "from the original\n" + SEED_DROPS
    )


def test_an_ar_en_pair_of_presegmented_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ar, en = tmp_path / "doc.ar.txt", tmp_path / "doc.en.txt"
    ar.write_text("\n".join(ARABIC[2:6]) + "\n", encoding="utf-8")
    en.write_text("\r\n".join(ENGLISH[2:6]) + "\r\n", encoding="utf-8")
    code, _, _ = run(
        capsys, "align", "--ar", ar, "--en", en, "--presegmented", "-o", tmp_path, "--format", "tsv"
    )
    assert code == 0
    rows = [line.split("\t") for line in (tmp_path / "doc.tsv").read_text().splitlines()]
    assert [(row[3], row[4]) for row in rows] == [(str(k), str(k)) for k in range(4)]


@pytest.mark.parametrize(
    ("ar_side", "en_side", "said"),
    [
        (
            ENGLISH,
            ARABIC,
            "no Arabic text found: the Arabic side is in Latin script and the "
            "English side in Arabic: swapped?",
        ),
        (ENGLISH, ENGLISH, "no Arabic text found: the Arabic side is in Latin script"),
        (ARABIC, ARABIC, "no English text found: the English side is in Arabic script"),
        ([" "], ENGLISH, "no Arabic text found: the Arabic side is empty or white space only"),
        (ARABIC, [], "no English text found: the English side is empty or white space only"),
    ],
    ids=["swapped", "english-twice", "arabic-twice", "arabic-empty", "english-empty"],
)
def test_an_ar_en_pair_with_a_side_in_the_other_script_is_skipped_saying_so(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    ar_side: list[str],
    en_side: list[str],
    said: str,
) -> None:
    ar, en = tmp_path / "doc.ar.txt", tmp_path / "doc.en.txt"
    ar.write_text("\n\n".join(ar_side), encoding="utf-8")
    en.write_text("\n\n".join(en_side), encoding="utf-8")
    code, out, err = run(capsys, "align", "--ar", ar, "--en", en)
    assert (code, out) == (0, "")
    assert f"bialign: warning: {ar}+{en}: {said}; nothing written" in err


def test_a_missing_file_of_a_pairs_tsv_fails_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ar, en = tmp_path / "doc.ar.txt", tmp_path / "doc.en.txt"
    ar.write_text("\n\n".join(ARABIC), encoding="utf-8")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(f"{ar}\t{en}\t0.9\n", encoding="utf-8")
    code, _, err = run(capsys, "align", "--pairs", tsv, "-o", tmp_path / "out")
    assert code == EXIT_FAILED
    assert f"bialign: error: {ar}+{en}: cannot read: {en}: No such file or directory" in err


def test_moses_output_and_a_kind_list_filter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    argv = ["align", SEED_004, "-o", tmp_path, "--format", "moses", "--only", "1-1,2-1", "--stats"]
    code, _, err = run(capsys, *argv)
    assert code == 0
    kept = [b for b in seed_alignment.beads if b.kind in {"1-1", "2-1"}]
    ar = (tmp_path / (SEED_004.stem + ".ar")).read_text(encoding="utf-8").splitlines()
    en = (tmp_path / (SEED_004.stem + ".en")).read_text(encoding="utf-8").splitlines()
    assert len(ar) == len(en) == len(kept)
    assert f"== {SEED_004}" in err and "removed by" in err


def test_a_forced_encoding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "legacy.txt"
    article.write_bytes("\n\n".join(["The president spoke.", ARABIC[2]]).encode("cp1256"))
    code, out, _ = run(capsys, "align", article, "--encoding", "windows-1256")
    assert code == 0 and ARABIC[2].split()[0] in out
    code, out, err = run(capsys, "align", article, "--encoding", "utf-8")
    assert (code, out) == (1, "")
    assert f"bialign: error: {article}: not valid utf-8: byte 0x" in err


def test_an_input_over_the_size_limit_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "align", SEED_004, "--max-size", "0.001")
    assert (code, out) == (1, "")
    assert "too large: over the 0.001 MB limit for one input" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["align"], "give ARTICLE files or directories"),
        (["align", "--ar", "x.txt"], "--ar and --en go together"),
        (["align", str(SEED_004), str(SEED_004).replace("004", "000")], "-o DIR is needed"),
        (["align", str(SEEDS)], "-o DIR is needed"),
        (["align", str(SEED_004), "--format", "moses"], "-o DIR is needed"),
        (["align", "--ar", "a.txt", "--en", "e.txt", "--format", "moses"], "-o DIR is needed"),
        (["align", str(SEED_004), "--only", "one-to-one"], "bead types are written like '1-1'"),
        (["align", str(SEED_004), "--min-score", "2"], "--min-score must be between 0 and 1"),
        (["align", str(SEED_004), "--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["align", str(SEED_004), "--jobs", "0"], "--jobs must be 1 or more"),
        (
            ["detect", str(SEED_004), "--max-size", "-1"],
            "--max-size must be 0 (no limit) or at least",
        ),
        (["align", str(SEED_004), "--skip-existing"], "-o DIR is needed"),
        (
            ["align", str(SEED_004), "-o", str(SEED_004)],
            f"-o {SEED_004} is not a directory: -o names the directory the outputs go into",
        ),
        (["filter", "aligned.txt"], "cannot tell the format of aligned.txt"),
        (["filter", "a.jsonl", "--format", "moses"], "-o PREFIX is needed"),
        (["frobnicate"], None),
        (["align", str(SEED_004), "--engine", "ray"], "--engine ray runs a batch: give -o DIR"),
        (["align", str(SEED_004), "--only", "1-9", "-o", "out"], "--only 1-9: bialign makes no"),
        (
            ["align", str(SEED_004), "--keep-unaligned", "--drop-unaligned", "--format", "tmx"],
            "--keep-unaligned and --drop-unaligned ask for opposite things",
        ),
        (
            ["align", str(SEED_004), "--keep-unaligned"],
            "--keep-unaligned is for moses and tmx: jsonl writes unaligned sentences anyway",
        ),
    ],
    ids=[
        "no-input",
        "ar-without-en",
        "several-to-stdout",
        "directory-to-stdout",
        "moses-to-stdout",
        "moses-pair-to-stdout",
        "bad-kinds",
        "bad-score",
        "bad-encoding",
        "no-jobs",
        "negative-size",
        "skip-without-output",
        "output-is-a-file",
        "unknown-filter-input",
        "moses-filter-to-stdout",
        "unknown-command",
        "ray-to-stdout",
        "impossible-kind",
        "keep-and-drop-unaligned",
        "keep-unaligned-in-jsonl",
    ],
)
def test_usage_errors_exit_with_2(
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    if message is not None:
        assert err.startswith("bialign: error: ") and message in err
    assert list(tmp_path.iterdir()) == []


def test_engine_ray_without_ray_is_a_usage_error_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ray is installed here: a machine without it is one where its module is not found.
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ray" else find_spec(name, *a)
    )
    out = tmp_path / "out"
    code, _, err = run(capsys, "align", SEED_004, "-o", out, "--engine", "ray")
    assert code == 2 and "--engine ray needs Ray: pip install 'bialign[ray]'" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("--fromat", " (did you mean --format?)"), ("-f", " (did you mean --format?)"), ("-s", "")],
)
def test_a_mistyped_option_is_the_commands_usage_error_with_the_nearest_option(
    capsys: pytest.CaptureFixture[str], typed: str, hint: str
) -> None:
    code, out, err = run(capsys, "align", SEED_004, typed, "tsv")
    assert (code, out) == (2, "")
    assert err.startswith("usage: bialign align ")
    assert err.endswith(f"bialign align: error: unrecognized arguments: {typed} tsv{hint}\n")


def test_a_missing_input_fails_that_input_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    code, _, err = run(capsys, "align", missing, SEED_004, "-o", tmp_path / "out")
    assert code == 1
    assert f"bialign: error: {missing}: cannot read: No such file or directory" in err.splitlines()
    assert (tmp_path / "out" / (SEED_004.stem + ".jsonl")).exists()


def test_an_empty_directory_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "align", tmp_path, "-o", tmp_path / "out")
    kinds = "*.txt, *.html, *.htm, *.srt, *.vtt, *.md, *.markdown"
    said = f"no {kinds} files, nor web pages under a server's name or no suffix, found in"
    assert code == 2 and f"{said} {tmp_path}" in err


def test_a_progress_bar_is_drawn_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "align", SEEDS, "-o", tmp_path / "plain", "--jobs", "1")
    # capsys's stderr is no terminal: no bar.
    assert "\r" not in run(capsys, "align", SEEDS, "-o", tmp_path / "a", "--jobs", "1")[2]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["align", str(SEEDS), "-o", str(tmp_path / "b"), "--jobs", "1"]) == 0
    assert "\r[" + "#" * 30 + "] 5/5" in terminal.getvalue()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("bialign ")


def test_the_command_exits_after_its_output_and_exit_handlers(tmp_path: Path) -> None:
    """``bialign`` (:func:`bialign.cli.run`) skips freeing the interpreter's objects: what it
    printed to a pipe, the exit handlers and the exit code must not be skipped with them."""
    article = tmp_path / "article.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    script = (
        "import atexit, sys; atexit.register(print, 'exit handler ran', file=sys.stderr)\n"
        "from bialign.cli import run; run()"
    )
    command = [sys.executable, "-c", script]
    detected = subprocess.run([*command, "detect", str(article)], capture_output=True, text=True)
    assert detected.returncode == 0
    assert detected.stdout.count("\n") >= len(SEED_TEXT.split("\n\n"))  # every paragraph
    assert detected.stderr.endswith("exit handler ran\n")
    failed = subprocess.run(
        [*command, "align", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == EXIT_FAILED, failed.stderr
    assert failed.stderr.endswith("exit handler ran\n")


def _imported_by(argv: list[str]) -> set[str]:
    """The modules ``main(argv)`` imports in a fresh interpreter beyond ``import bialign``."""
    script = (
        "import sys, bialign; before = set(sys.modules); from bialign.cli import main\n"
        f"try: main({argv!r})\nexcept SystemExit: pass\n"
        "print(*sorted(set(sys.modules) - before), file=sys.stderr)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    return set(ran.stderr.split())


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_loads_no_command(argv: list[str]) -> None:
    heavy = ("bialign.", "numpy", "regex", "xml", "multiprocessing", "concurrent")
    assert not [m for m in _imported_by(argv) - {"bialign.cli"} if m.startswith(heavy)]


def test_a_commands_help_loads_that_command_only() -> None:
    imported = _imported_by(["detect", "--help"])
    assert "bialign.cli.detect" in imported
    others = ("bialign.cli.align", "bialign.cli.filter", "bialign.batch", "multiprocessing")
    assert not [m for m in imported if m.startswith(others)]


@pytest.mark.parametrize(("option", "threads"), [([], "1"), (["--semantic"], None)])
def test_numpy_loads_with_one_blas_thread_unless_the_semantic_scorer_is_asked_for(
    tmp_path: Path, option: list[str], threads: str | None
) -> None:
    # OpenBLAS reads its threads when NumPy loads; each it starts spins for a while, and only
    # the semantic scorer multiplies matrices worth sharing among them.
    argv = ["align", str(SEED_004), "-o", str(tmp_path), *option]
    script = (
        "import os, sys\n"
        "seen = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy': seen.append(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
        "sys.meta_path.insert(0, Spy())\n"
        "from bialign.cli import main\n"
        f"try: main({argv!r})\nexcept SystemExit: pass\n"
        "print(seen)"
    )
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=environment
    )
    assert ran.stdout.strip() == repr([threads]), ran.stderr


# --- detect ---------------------------------------------------------------------------------


def test_detect_reads_any_supported_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    utf16 = tmp_path / "seed16.txt"
    utf16.write_bytes(SEED_TEXT.encode("utf-16"))
    code, out, _ = run(capsys, "detect", utf16)
    assert code == 0
    # The title, then the URL slug cut from its end; every Arabic paragraph a unit.
    assert out.splitlines()[2].split()[:4] == ["1", "latin", "paragraph", "start"]
    assert out.splitlines()[3].split()[:3] == ["1", "-", "slug"]
    assert sum(" ar " in line for line in out.splitlines()) == len(ARABIC)


def test_detect_names_a_file_it_cannot_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(capsys, "detect", binary, SEED_004)
    assert code == 1
    assert f"bialign: error: {binary}: binary data, not text: NUL byte at offset 8" in err
    assert str(SEED_004) in out
    code, _, err = run(capsys, "detect", SEED_004, "--max-size", "0.001")
    assert code == 1 and f"{SEED_004}: too large: over the 0.001 MB limit" in err


# --- evaluate -------------------------------------------------------------------------------


def test_evaluate_scores_bialigns_output_against_a_gold_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    predicted = tmp_path / "seed.jsonl"
    predicted.write_text(jsonl(seed_alignment), encoding="utf-8")
    beads = seed_alignment.beads
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(format_bead_line(b.ar, b.en) for b in beads) + "\n")
    code, out, _ = run(capsys, "evaluate", gold, predicted)
    assert code == 0
    assert out.splitlines()[3].split() == ["F1", "1.000", "1.000"]
    # Merge the first two gold beads: two predicted beads are no longer strictly right.
    merged = [(beads[0].ar + beads[1].ar, beads[0].en + beads[1].en)]
    merged += [(b.ar, b.en) for b in beads[2:]]
    gold.write_text("\n".join(format_bead_line(ar, en) for ar, en in merged) + "\n")
    code, out, _ = run(capsys, "evaluate", gold, predicted)
    strict_precision = (len(beads) - 2) / len(beads)
    assert out.splitlines()[1].split() == ["precision", f"{strict_precision:.3f}", "1.000"]


def test_evaluate_names_a_bad_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("[0]:[0]\n[1]-[1]\n")
    code, out, err = run(capsys, "evaluate", gold, gold)
    assert (code, out) == (1, "")
    assert f"bialign: error: {gold}, line 2: expected a bead like" in err
    gold.write_text("[0]:[0]\n")
    code, _, err = run(capsys, "evaluate", gold, tmp_path / "missing.jsonl")
    assert code == 1 and "missing.jsonl: No such file or directory" in err


# --- filter ---------------------------------------------------------------------------------


def test_filter_an_existing_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    source = tmp_path / "seed.jsonl"
    source.write_text(jsonl(seed_alignment), encoding="utf-8")
    threshold = sorted(b.score for b in seed_alignment.beads)[len(seed_alignment.beads) // 2]
    kept = [b for b in seed_alignment.beads if b.score >= threshold]
    assert 0 < len(kept) < len(seed_alignment.beads)
    target = tmp_path / "kept.jsonl"
    code, _, err = run(capsys, "filter", source, "--min-score", threshold, "-o", target, "--stats")
    assert code == 0 and f"score < {threshold:g}" in err
    (result,) = read_alignments(target, "jsonl")
    assert result.beads == tuple(kept)
    # To TSV on stdout, then that TSV filtered again, its format told by its name.
    code, out, _ = run(capsys, "filter", target, "--format", "tsv", "--only", "1-1")
    assert code == 0
    assert len(out.splitlines()) == sum(1 for b in kept if b.kind == "1-1")
    tsv = tmp_path / "kept.tsv"
    tsv.write_text(out, encoding="utf-8")
    code, again, _ = run(capsys, "filter", tsv)
    # Read back from TSV, a bead side is one segment: the texts and scores stay, the sentence
    # numbers count segments.
    assert code == 0
    assert [row.split("\t")[:3] for row in again.splitlines()] == [
        row.split("\t")[:3] for row in out.splitlines()
    ]


def test_filter_reads_a_moses_pair_by_its_prefix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "align", SEED_004, "-o", tmp_path, "--format", "moses")[0] == 0
    prefix = tmp_path / SEED_004.stem
    lines = (tmp_path / (SEED_004.stem + ".en")).read_text(encoding="utf-8").splitlines()
    code, out, _ = run(capsys, "filter", prefix, "--format", "tsv")
    assert code == 0
    assert [row.split("\t")[1] for row in out.splitlines()] == lines


def test_filter_refuses_a_score_filter_on_moses_which_has_no_scores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "align", SEED_004, "-o", tmp_path, "--format", "moses")[0] == 0
    prefix = tmp_path / SEED_004.stem
    code, _, err = run(capsys, "filter", prefix, "--min-score", "0.5", "-o", tmp_path / "kept")
    assert code == 2
    assert f"--min-score: {prefix} holds no scores (moses); bialign writes them in jsonl" in err
    assert not list(tmp_path.glob("kept*"))  # no empty pair of files


def test_filter_into_a_missing_directory_names_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "align", SEED_004, "-o", tmp_path)[0] == 0
    aligned = tmp_path / f"{SEED_004.stem}.jsonl"
    prefix = tmp_path / "missing" / "kept"
    code, _, err = run(capsys, "filter", aligned, "--format", "moses", "-o", prefix)
    assert code == EXIT_FAILED
    assert err == f"bialign: error: cannot write {prefix}.ar: No such file or directory\n"


def test_filter_names_a_malformed_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    shutil.copy(SEED_004, broken)
    code, out, err = run(capsys, "filter", broken)
    assert (code, out) == (1, "")
    assert f"bialign: error: {broken}, line 1:" in err


def test_camel_options_without_camel_tools_are_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        import camel_tools.utils.charmap  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("CAMeL Tools is installed here (tests/test_camel.py covers it)")
    assert main(["align", str(SEED_004), "--transliterate", "bw"]) == 2
    assert "pip install 'bialign[camel]'" in capsys.readouterr().err


def test_a_report_where_an_output_goes_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # report.txt's pairs go to OUT/report.jsonl: the report, written last, replaced them.
    article = tmp_path / "report.txt"
    article.write_bytes(SEED_004.read_bytes())
    out = tmp_path / "out"
    assert main(["align", str(article), "-o", str(out), "--report", str(out / "report.jsonl")]) == 2
    assert capsys.readouterr().err == (
        f"bialign: error: --report {out / 'report.jsonl'} is where the output of {article} "
        "goes: give the report another name or directory\n"
    )
    assert not out.exists()
