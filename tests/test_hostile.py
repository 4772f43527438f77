"""Hostile input, issue 16: nothing a crawl contains may hang bialign, lose an output or touch
the machine. One section per class of hole; each test fails on the code before its fix.

Some tests run the command in a subprocess, for what only a real process shows: signals, pipes,
FIFOs, resource limits.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from xml.etree import ElementTree

import pytest
from corpora import REPO, SEED_004
from processes import dead_pid

import bialign
from bialign.cli import main
from bialign.cli.align import SIDECAR
from bialign.formats import read_alignments
from bialign.pipeline import align_article
from bialign.split import split_article

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
ENGLISH = "The minister said the plan would work well. "
ARABIC = "قال الوزير إن الخطة ستنجح بشكل جيد. "
ENV = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONSAFEPATH": "1"}


def _bialign(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "bialign", *argv],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=timeout,
        cwd=REPO,
    )


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
        # A hard-wrapped paragraph with a word broken at a line's end, and a line of one word.
        (split_article, lambda n: "The transla-\ntion\n" + "a" * n + "\nof it."),
    ],
    ids=["mixed-bangs", "mixed-marks", "dots", "bangs", "bead-spaces", "bead-tail", "hyphen"],
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


# --- 1. never replace what is not a regular file --------------------------------------------


def _jsonl_of_seed(directory: Path) -> Path:
    assert main(["align", str(SEED_004), "-o", str(directory)]) == 0
    return directory / (SEED_004.stem + ".jsonl")


def test_a_fifo_output_is_written_to_not_replaced(tmp_path: Path) -> None:
    source = _jsonl_of_seed(tmp_path / "out")
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["filter", str(source), "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == [source.read_bytes()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pipe.jsonl"]


def test_a_symbolic_link_output_keeps_its_link(tmp_path: Path) -> None:
    source = _jsonl_of_seed(tmp_path / "out")
    target, link = tmp_path / "target.jsonl", tmp_path / "link.jsonl"
    target.write_text("old")
    link.symlink_to(target)
    assert main(["filter", str(source), "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_bytes() == source.read_bytes()


def test_a_report_to_dev_stdout_goes_down_the_pipe(tmp_path: Path) -> None:
    # A link of its own, as /dev/stdout is: code that replaced it must not replace the real
    # one when the tests run as root.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    run = _bialign("align", str(SEED_004), "-o", str(tmp_path), "--report", str(stdout))
    assert run.returncode == 0, run.stderr
    (record,) = map(json.loads, run.stdout.splitlines())
    assert record["status"] == "aligned"


# --- 11. concurrency and disk ---------------------------------------------------------------


def test_only_the_temporaries_of_processes_that_are_gone_are_removed(tmp_path: Path) -> None:
    out, gone, name = tmp_path / "out", dead_pid(), SEED_004.stem + ".jsonl"
    out.mkdir()
    stale = [f".{name}.{gone}.0123abcd.tmp", f".{SIDECAR}.{gone}.89abcdef.tmp"]
    running = f".{name}.{os.getpid()}.0123abcd.tmp"  # another run writing into out
    for temporary in [*stale, running]:
        (out / temporary).write_text("half")
    assert main(["align", str(SEED_004), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([running, name, SIDECAR])


def test_a_failed_write_removes_its_temporary(tmp_path: Path) -> None:
    """A file size limit makes every write past 4 KB fail, as a full disk does."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from bialign.cli import main\n"
        f"sys.exit(main(['align', {str(SEED_004)!r}, '-o', {str(tmp_path)!r}]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert run.returncode == 1 and "cannot write" in run.stderr, run.stderr
    assert [p.name for p in tmp_path.iterdir()] == [SIDECAR]


def test_an_endless_stream_without_a_size_limit_is_refused_as_binary() -> None:
    run = _bialign("align", "/dev/zero", "--max-size", "0")
    assert run.returncode == 1 and "binary data, not text" in run.stderr
    assert "bug" not in run.stderr


def test_a_long_name_gets_a_temporary(tmp_path: Path) -> None:
    article = tmp_path / ("ب" * 120 + ".txt")  # 240 bytes, the longest stem with a suffix
    article.write_text(SEED_TEXT, encoding="utf-8")
    assert main(["align", str(article), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / (article.stem + ".jsonl")).exists()


# --- 3. output names never collide ----------------------------------------------------------


def test_names_differing_in_case_and_a_numbered_name_each_get_an_output(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for name in ("X.txt", "x.txt", "x-2.txt"):
        (source / name).write_text(SEED_TEXT, encoding="utf-8")
    report = tmp_path / "report.jsonl"
    assert main(["align", str(source), "-o", str(out), "--report", str(report)]) == 0
    outputs = [record["outputs"][0] for record in map(json.loads, report.read_text().splitlines())]
    assert len({output.casefold() for output in outputs}) == 3
    assert all(Path(output).exists() for output in outputs)


# --- 7. hostile alignment files -------------------------------------------------------------

_BEAD = '{"source": "a", "ar": ["x"], "en": ["y"], "ar_index": [0], "en_index": [0], '


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("huge.align", "[0]:[0]\n[99999999999]:[1]\n", "line 2: ar: sentence number"),
        ("inf.align", "[0]:[0]:inf\n", "line 1: score must be a finite number"),
        ("huge.jsonl", _BEAD.replace("[0], ", "[99999999999], ", 1) + '"score": 1}\n', "line 1"),
        ("nan.jsonl", _BEAD + '"score": NaN}\n', "line 1: NaN is not a JSON number"),
        ("inf.jsonl", _BEAD + '"score": 1}\n' + _BEAD + '"score": -Infinity}\n', "line 2: -Inf"),
        ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "line 1: not a bead"),
        ("inf.tsv", "x\ty\tinf\t0\t0\n", "line 1: score must be a finite number"),
    ],
    ids=["huge-index", "infinite-cost", "huge-json-index", "nan", "infinity", "deep", "tsv"],
)
@pytest.mark.parametrize("command", ["filter", "evaluate"])
def test_a_hostile_alignment_file_is_refused_naming_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    text: str,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    argv = [command, str(path)] + ([str(path)] if command == "evaluate" else [])
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"bialign: error: {path}, ") and message in error


# --- 8. option values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--max-size", "nan"],
        ["--max-size", "inf"],
        ["--max-size", "-1"],
        ["--max-size", "0.0000001"],
        ["--encoding", "rot13"],
        ["--encoding", "base64"],
        ["--encoding", "hex"],
    ],
)
def test_a_meaningless_option_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    assert main(["align", str(SEED_004), *option]) == 2
    assert capsys.readouterr().err.startswith(f"bialign: error: {option[0]}")


# --- 9. pipes -------------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["jsonl", "tsv", "html"])
def test_a_reader_that_goes_away_ends_the_run_quietly(format: str) -> None:
    command = [sys.executable, "-m", "bialign", "align", str(SEED_004), "--format", format]
    writer = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=REPO
    )
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.read(10)
    writer.stdout.close()  # as `head -c 10` does
    assert writer.wait(timeout=60) == 0
    # Nothing but what a finished run says (the output may all have fit in the pipe).
    said = writer.stderr.read().decode()
    assert said in (
        "",
        f"bialign: {SEED_004}: dropped on purpose (--report FILE has the details): "
        "url-slug line 1\n",
    )


# --- 4. inputs that are not files -----------------------------------------------------------


def test_fifos_and_link_loops_in_a_directory_are_skipped_and_the_rest_aligned(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    os.mkfifo(source / "fifo.txt")
    (source / "loop.txt").symlink_to("loop.txt")
    (source / "dangling.txt").symlink_to("nothing.txt")
    report = tmp_path / "report.jsonl"
    # In a process of its own: reading the FIFO would wait for a writer forever.
    run = _bialign("align", str(source), "-o", str(tmp_path / "out"), "--report", str(report))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    records = {Path(r["file"]).name: r for r in map(json.loads, report.read_text().splitlines())}
    assert records["a.txt"]["status"] == "aligned"
    for name in ("fifo.txt", "loop.txt", "dangling.txt"):
        assert (records[name]["status"], records[name]["reason"]) == (
            "skipped",
            "not a regular file",
        )


# --- 5. any file name -----------------------------------------------------------------------

_NAMES = {
    "windows-1256": os.fsdecode("عربي".encode("cp1256") + b".txt"),
    "control": "a\x01b.txt",
    "escape": "\x1b[2J\x1b]0;owned\x07.txt",
}


@pytest.mark.parametrize("format", ["jsonl", "tmx", "html", "tsv"])
def test_any_file_name_is_carried_escaped_into_outputs_and_messages(
    tmp_path: Path, format: str
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in _NAMES.values():
        (source / name).write_text(SEED_TEXT, encoding="utf-8")
    report, out = tmp_path / "report.jsonl", tmp_path / "out"
    argv = ["align", str(source), "-o", str(out), "--format", format, "--report", str(report)]
    run = _bialign(*argv)
    assert run.returncode == 0, run.stderr
    assert not any(char in run.stderr for char in "\x1b\x07\x01")
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [record["status"] for record in records] == ["aligned"] * 3
    assert {Path(record["file"]).name for record in records} == {
        "\\xda\\xd1\\xc8\\xed.txt",
        "a\\x01b.txt",
        "\\x1b[2J\\x1b]0;owned\\x07.txt",
    }
    for path in out.iterdir():
        if path.suffix == ".tmx":
            ElementTree.parse(path)  # well-formed


# --- 10. the library boundary ---------------------------------------------------------------

_SENTENCES = ["جملة قصيرة.", "وجملة ثانية."], ["A short sentence.", "And a second one."]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: bialign.align_sentences("جملة قصيرة.", _SENTENCES[1]), "ar"),
        (lambda: bialign.align_sentences(_SENTENCES[0], None), "en"),
        (lambda: bialign.align_sentences(_SENTENCES[0], [b"A sentence."]), r"en\[0\]"),
        (lambda: bialign.align_sentences(*_SENTENCES, config="fast"), "config"),
        (lambda: bialign.align_paragraphs(_SENTENCES[0], [_SENTENCES[1]]), r"ar_paragraphs\[0\]"),
        (
            lambda: bialign.align_paragraphs([_SENTENCES[0], ("x.", 3)], [_SENTENCES[1]]),
            r"ar_paragraphs\[1\]\[1\]",
        ),
        (lambda: bialign.align_lengths([1.0, True], [1.0]), r"ar_lengths\[1\]"),
        (lambda: bialign.align_lengths("123", [1.0]), "ar_lengths"),
        (lambda: bialign.align_lengths([1.0], [None]), r"en_lengths\[0\]"),
        (lambda: bialign.align_article(SEED_TEXT.encode()), "text"),
        (lambda: bialign.align_article(None), "text"),
        (lambda: bialign.align_texts("نص", ["text"]), "en_text"),
        (lambda: bialign.split_article(b"text"), "text"),
        (lambda: bialign.split_sentences(["A sentence."], "en"), "paragraph"),
        (lambda: bialign.detect_script(None), "text"),
        (lambda: bialign.filter_beads("alignment", 0.5), "alignment"),
        (lambda: bialign.write_alignment("text", io.StringIO(), "jsonl"), "alignments"),
        (lambda: bialign.write_alignment([None], io.StringIO(), "jsonl"), r"alignments\[0\]"),
        (lambda: bialign.align_article(SEED_TEXT, source=None), "source"),
        (lambda: bialign.align_texts("نص", "text", source=Path("a.txt")), "source"),
        (lambda: bialign.input_text(SEED_TEXT, "004.txt"), "data"),
        (lambda: bialign.input_text(None, "004.txt"), "data"),
        (lambda: bialign.input_text(SEED_TEXT.encode(), Path("004.txt")), "name"),
        (lambda: bialign.read_alignments(b"out/004.jsonl"), "source"),
        (lambda: bialign.read_alignments(None, "jsonl"), "source"),
    ],
)
def test_the_public_api_names_the_argument_of_the_wrong_type(
    call: Callable[[], object], argument: str
) -> None:
    with pytest.raises(TypeError, match=f"^{argument} must be"):
        call()


def test_an_invalid_config_value_names_its_field() -> None:
    with pytest.raises(ValueError, match="passes"):
        bialign.AlignConfig(passes=0)


# --- 6. signals -----------------------------------------------------------------------------


def _batch(
    tmp_path: Path, articles: int = 300, *, held: bool = False, held_first: bool = False
) -> tuple[list[str], Path, Path]:
    """A batch of articles to align on two processes; ``held``: then a FIFO nobody writes to,
    which holds one of them (and so the run) until the test ends it: the main process, which
    takes the last input first, or, ``held_first``, the worker. Without it the whole batch
    takes a few tenths of a second, the time a loaded machine can take to notice an output.
    """
    source = tmp_path / "in"
    source.mkdir()
    paragraphs = [p for p in SEED_TEXT.split("\n\n") if p.strip()]
    article = "\n\n".join(paragraphs[:6] + paragraphs[14:20]) + "\n"
    for n in range(articles):
        (source / f"a{n:03}.txt").write_text(article, encoding="utf-8")
    inputs = [str(source)]
    if held:
        os.mkfifo(tmp_path / "held.txt")
        inputs.insert(0 if held_first else 1, str(tmp_path / "held.txt"))
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    argv = ["align", *inputs, "-o", str(out), "--jobs", "2", "--report", str(report)]
    return [sys.executable, "-m", "bialign", *argv], out, report


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [
        int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()
    ]


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "group-SIGINT"])
def test_a_signal_stops_the_batch_promptly_and_truthfully(tmp_path: Path, how: str) -> None:
    command, out, report = _batch(tmp_path, held=True)
    run = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, env=ENV, cwd=REPO, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and len(list(out.glob("*.jsonl"))) >= 5):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        number = signal.SIGTERM if how == "SIGTERM" else signal.SIGINT
        signalled = time.monotonic()
        if how == "group-SIGINT":  # Ctrl-C in a terminal
            os.killpg(run.pid, number)
        else:
            os.kill(run.pid, number)
        _, error = run.communicate(timeout=30)
        assert time.monotonic() - signalled < 10
        assert run.returncode == 130, error
        assert "Traceback" not in error and "interrupted after" in error
        written = sorted(path.name for path in out.glob("*.jsonl"))
        time.sleep(0.5)  # nothing may appear after the exit: no worker is left writing
        assert sorted(path.name for path in out.glob("*.jsonl")) == written
        records = [json.loads(line) for line in report.read_text().splitlines()]
        reported = sorted(
            Path(o).name for r in records if r["status"] == "aligned" for o in r["outputs"]
        )
        assert reported == written
        assert 1 <= len(written) < 300
        assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
    finally:
        _end_group(run)  # held by the FIFO, a run the test gave up on would live on


def test_a_signal_stops_the_batch_while_the_main_process_waits_for_a_worker(
    tmp_path: Path,
) -> None:
    command, out, report = _batch(tmp_path, articles=20, held=True, held_first=True)
    run = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, env=ENV, cwd=REPO, start_new_session=True
    )
    try:
        # The worker holds the FIFO's batch and the one queued behind it; the main process
        # aligns the rest, then waits for the worker.
        deadline, written, still = time.monotonic() + 60, -1, 0.0
        while still < 0.5:
            assert run.poll() is None and time.monotonic() < deadline
            now = len(list(out.glob("*.jsonl"))) if out.exists() else 0
            written, still = now, (still + 0.05 if now == written and now >= 10 else 0.0)
            time.sleep(0.05)
        os.kill(run.pid, signal.SIGINT)
        _, error = run.communicate(timeout=30)
        assert run.returncode == 130, error
        written = len(list(out.glob("*.jsonl")))  # the same, unless the machine paused
        assert "Traceback" not in error and f"interrupted after {written} of 21 inputs" in error
        records = [json.loads(line) for line in report.read_text().splitlines()]
        assert len([r for r in records if r["status"] == "aligned"]) == written >= 10
    finally:
        _end_group(run)


def test_the_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    command, out, _ = _batch(tmp_path, held=True)
    run = subprocess.Popen(
        command, stderr=subprocess.DEVNULL, env=ENV, cwd=REPO, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and list(out.glob("*.jsonl"))):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        workers = _children(run.pid)
        assert workers
        run.kill()  # the main process alone
        run.wait()
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() and not _zombie(pid) for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived the main process"
            time.sleep(0.05)
    finally:
        _end_group(run)


def _end_group(run: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Kill what is left of a run started in a session of its own, workers included."""
    with suppress(ProcessLookupError):
        os.killpg(run.pid, signal.SIGKILL)
    run.wait()


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6])
def test_an_interrupt_while_starting_up_prints_no_traceback(tmp_path: Path, delay: float) -> None:
    command, _, _ = _batch(tmp_path, articles=20)
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=ENV, cwd=REPO)
    time.sleep(delay)
    run.send_signal(signal.SIGINT)
    _, error = run.communicate(timeout=30)
    # A signal that lands while the interpreter itself starts (site, importing the package's
    # modules) gets Python's own traceback, which no program can prevent; from the moment
    # bialign's code runs (any frame of it in a function) there must be none.
    assert not re.search(r'bialign/\S+", line \d+, in (?!<module>)', error), error
    # 0: it had finished; 1 or -2: the signal came before bialign's handler was set.
    assert run.returncode in (0, 1, 130, -signal.SIGINT), error


def test_an_interrupt_while_a_class_is_made_is_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python 3.11 wraps what ``__set_name__`` raises in a RuntimeError: Ctrl-C landing while
    NumPy makes its ``finfo`` class (its cached properties) came out as a traceback."""

    class Interrupted:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    def options(*args: object) -> None:
        type("finfo", (), {"machep": Interrupted()})  # as the class statement makes it

    monkeypatch.setattr(bialign.cli.align, "_options", options)
    assert main(["align", str(SEED_004), "-o", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err == "bialign: interrupted\n"
