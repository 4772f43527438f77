"""Batch mode: the invariant check, one document aligned without files, input discovery,
output names, one task's outcome, the pool (a worker that dies fails its own task only), and a
run killed half-way and resumed."""

from __future__ import annotations

import io
import json
import math
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from compiled import needs_compiled, speedups
from corpora import REPO, SEED_004, SEEDS
from processes import dead_pid

import bialign.batch.job
import bialign.formats.common
import bialign.pipeline
import bialign.runners.local
from bialign.batch.document import Options, Reason, align_document
from bialign.batch.job import JobOptions, Outcome, align_task
from bialign.batch.plan import (
    Task,
    find_inputs,
    output_files,
    plan_pair_tasks,
    plan_tasks,
    remove_stale_temporaries,
)
from bialign.cli import main
from bialign.cli.align import SIDECAR
from bialign.cli.progress import Summary
from bialign.config import AlignConfig
from bialign.errors import AlignmentError, InputError
from bialign.formats import FORMATS, Format, atomic_files, read_alignments
from bialign.formats.common import TEMPORARY, Staged, commit, discard
from bialign.formats.jsonl import write_jsonl
from bialign.inputs import DEFAULT_MAX_BYTES, read_input
from bialign.pipeline import align_article, align_texts
from bialign.records import ArticleAlignment, Bead, Dropped
from bialign.runners.forked import ForkedPool, WorkerDied
from bialign.runners.local import run_tasks

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED_TEXT.split("\n\n") if p.strip()]
ENGLISH, ARABIC = PARAGRAPHS[:14], PARAGRAPHS[14:]


def small_article(k: int) -> str:
    """The seed's first ``k`` English and ``k`` Arabic paragraphs (k from 2 to 14)."""
    return "\n\n".join(ENGLISH[:k] + ARABIC[:k]) + "\n"


@pytest.fixture(scope="module")
def seed_alignment() -> ArticleAlignment:
    return align_article(SEED_TEXT, source="seed.txt")


# --- check_alignment ------------------------------------------------------------------------


def test_check_alignment_passes_the_pipelines_output(seed_alignment: ArticleAlignment) -> None:
    seed_alignment.check()


def _broken(beads: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> ArticleAlignment:
    return ArticleAlignment(
        "doc.txt",
        ("ا", "ب", "ت"),
        ("A", "B", "C"),
        tuple(Bead(ar, en, 0.5) for ar, en in beads),
    )


@pytest.mark.parametrize(
    ("beads", "message"),
    [
        ([((0,), (0,)), ((1,), (1,)), ((2,), ())], "English sentence 2 is in no bead"),
        ([((0,), (0,)), ((2,), (1, 2))], "Arabic sentence 1 is in no bead"),
        (
            [((0, 1), (0,)), ((1, 2), (1, 2))],
            r"Arabic sentence 1 is in two beads \(the second is bead 1\)",
        ),
        (
            [((0,), (0,)), ((2,), (1,)), ((1,), (2,))],
            r"Arabic sentence 1 comes after sentence 2 \(bead 1\)",
        ),
        (
            [((0, 1, 2), (0, 1, 2, 3))],
            r"English sentence 3 \(bead 0\) does not exist: the side has 3",
        ),
        ([((0,), (0,)), ((), ()), ((1, 2), (1, 2))], "bead 1 holds no sentence"),
    ],
    ids=["lost-at-end", "lost-inside", "duplicated", "reordered", "out-of-range", "empty-bead"],
)
def test_check_alignment_names_what_is_wrong(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]], message: str
) -> None:
    with pytest.raises(AlignmentError, match="^doc.txt: .*" + message):
        _broken(beads).check()


# --- one document, no files ------------------------------------------------------------------


def test_a_document_aligns_as_the_pipeline_does(seed_alignment: ArticleAlignment) -> None:
    result = align_document([SEED_TEXT], Options(), source="seed.txt")
    assert (result.reason, result.alignment) == (None, seed_alignment)
    assert result.kept is result.alignment and result.stats is None
    ar, en = "\n\n".join(ARABIC), "\n\n".join(ENGLISH)
    config = AlignConfig(passes=1)
    two = align_document([ar, en], Options(config=config, min_score=0.5, stats=True), "x")
    assert two.alignment == align_texts(ar, en, config, source="x")
    assert two.kept is not None and two.stats is not None
    assert two.kept.beads == tuple(b for b in two.alignment.beads if b.score >= 0.5)


@pytest.mark.parametrize(
    ("texts", "reason"),
    [
        ([""], Reason.EMPTY),
        ([" \n\t\n"], Reason.EMPTY),
        (["", "\n"], Reason.EMPTY),
        (["\n\n".join(ENGLISH)], Reason.NO_ARABIC),
        (["\n\n".join(ARABIC)], Reason.NO_ENGLISH),
        (["", "\n\n".join(ENGLISH)], Reason.NO_ARABIC),
        (["\n\n".join(ARABIC), " "], Reason.NO_ENGLISH),
    ],
    ids=["empty", "white-space", "two-empty", "english", "arabic", "no-ar-text", "no-en-text"],
)
def test_a_document_with_nothing_to_align_is_skipped(texts: list[str], reason: Reason) -> None:
    result = align_document(texts, Options(), "doc")
    assert (result.reason, result.alignment, reason.status) == (reason, None, "skipped")


def test_options_and_results_survive_pickling_for_other_processes() -> None:
    options = Options(AlignConfig(passes=1), min_score=0.3, only=("1-1",), stats=True)
    result = align_document([small_article(3)], options, "a")
    assert result.reason is None
    assert pickle.loads(pickle.dumps(options)) == options
    assert pickle.loads(pickle.dumps(result)) == result


def test_a_bug_on_one_document_is_a_result_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> ArticleAlignment:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(bialign.pipeline, "align_article", broken)
    result = align_document([SEED_TEXT], Options(), "seed.txt")
    assert (result.reason, result.detail) == (Reason.INTERNAL, "ZeroDivisionError: simulated bug")
    assert "Traceback" in result.trace and "simulated bug" in result.trace


def test_the_options_signature_records_the_settings() -> None:
    options = Options(AlignConfig(anchor_weight=0.0), presegmented=True, min_score=0.5)
    signature = options.signature
    assert (signature.config, signature.splitter) == (options.config, "lines")
    alignment = align_document([small_article(2)], options).alignment
    assert alignment is not None and alignment.signature == str(signature)


# --- inputs and names -----------------------------------------------------------------------


def test_find_inputs_walks_directories_for_the_input_kinds_files(tmp_path: Path) -> None:
    names = ["b.txt", "a.TXT", "n.md", "notes.rtf", ".hidden.txt", "sub/c.txt", ".git/d.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.rtf"
    missing = tmp_path / "missing.txt"
    found = find_inputs([tmp_path, explicit, tmp_path / "b.txt", missing])
    names = [path.relative_to(tmp_path).as_posix() for path in found]
    assert names == ["a.TXT", "b.txt", "n.md", "sub/c.txt", "notes.rtf", "missing.txt"]


def test_outputs_of_inputs_with_the_same_stem_get_distinct_names(tmp_path: Path) -> None:
    paths = [
        tmp_path / "site1" / "index.txt",
        tmp_path / "site2" / "index.txt",
        tmp_path / "site2" / "deep" / "INDEX.txt",
        tmp_path / "other.txt",
    ]
    tasks = plan_tasks(paths, tmp_path / "out", "jsonl")
    assert [task.output.name for task in tasks if task.output] == [
        "site1__index.jsonl",
        "site2__index.jsonl",
        "site2__deep__INDEX.jsonl",
        "other.jsonl",
    ]
    moses = plan_tasks(paths[-1:], tmp_path / "out", "moses")
    assert [p.name for p in output_files(moses[0], "moses")] == ["other.ar", "other.en"]


@pytest.mark.parametrize(
    ("pairs", "names"),
    [
        ([("ar/d0.txt", "en/d0.txt"), ("ar/d1.txt", "en/d1.txt")], ["d0", "d1"]),
        ([("ar/d0.txt", "en/d0.txt"), ("./ar/d0.txt", "en/d0.txt")], ["d0"]),  # one pair twice
        ([("ar/d0.txt", "en/d0.txt"), ("ar/d0.txt", "en/d1.txt")], ["d0__d0", "d0__d1"]),
        # An Arabic file named as another's pair would be: numbered, not a crash.
        (
            [
                ("ar/d0.txt", "en/d0.txt"),
                ("ar/d0.txt", "en/d1.txt"),
                ("ar/d0__d1.txt", "en/d2.txt"),
            ],
            ["d0__d0", "d0__d1", "d0__d1-2"],
        ),
        ([("a/x.txt", "en/x.txt"), ("b/x.txt", "en/y.txt")], ["a__x", "b__x"]),
    ],
)
def test_pairs_get_distinct_output_names(
    pairs: list[tuple[str, str]], names: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tasks = plan_pair_tasks([(Path(a), Path(e)) for a, e in pairs], Path("out"), "jsonl")
    assert [task.output.stem for task in tasks if task.output] == names
    assert len({task.inputs for task in tasks}) == len(tasks)


def test_inputs_with_the_longest_names_get_output_names_the_file_system_takes(
    tmp_path: Path,
) -> None:
    # 255 bytes each, the most a file name has; the outputs' suffixes would make them longer.
    names = ["ن" * 100 + "x" * 51 + ".txt", "ن" * 100 + "x" * 50 + "y.txt"]
    for name in names:
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes(SEED_004.read_bytes())
    assert main(["align", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
    outputs = sorted(p.name for p in (tmp_path / "out").glob("*.jsonl"))
    assert len(outputs) == 2 and all(len(name.encode()) <= 255 for name in outputs)
    assert all(name.startswith("ن" * 100 + "x" * 40) for name in outputs)


# --- one task -------------------------------------------------------------------------------


def test_a_task_writes_the_alignment_and_counts_it(
    tmp_path: Path, seed_alignment: ArticleAlignment
) -> None:
    task = Task("seed.txt", (SEED_004,), tmp_path / "seed.jsonl")
    outcome = align_task(task, JobOptions())
    assert (outcome.status, outcome.reason, outcome.encoding) == ("aligned", None, "utf-8")
    assert outcome.record()["reason"] == ""
    assert outcome.outputs == (str(tmp_path / "seed.jsonl"),)
    (written,) = read_alignments(tmp_path / "seed.jsonl", "jsonl")
    assert written.beads == seed_alignment.beads
    assert (outcome.ar_sentences, outcome.en_sentences) == (
        len(seed_alignment.ar),
        len(seed_alignment.en),
    )
    assert outcome.beads == len(seed_alignment.beads)
    assert outcome.pairs == sum(1 for b in seed_alignment.beads if b.ar and b.en)
    assert outcome.dropped == seed_alignment.dropped
    assert [(d.reason, d.line) for d in outcome.dropped] == [("url-slug", 1)]


def test_a_task_counts_pairs_after_filtering(tmp_path: Path) -> None:
    task = Task("seed.txt", (SEED_004,), tmp_path / "seed.tsv")
    everything = align_task(task, JobOptions(format="tsv"))
    strict = align_task(task, JobOptions(Options(min_score=0.95, stats=True), format="tsv"))
    lines = (tmp_path / "seed.tsv").read_text(encoding="utf-8").splitlines()
    assert strict.pairs == len(lines) < everything.pairs
    assert "score < 0.9" in strict.stats


def test_a_task_skips_one_sided_input_and_writes_nothing(tmp_path: Path) -> None:
    english_only = SEEDS / "000_7aee41ed920471e5.txt"
    outcome = align_task(Task("e.txt", (english_only,), tmp_path / "e.jsonl"), JobOptions())
    assert (outcome.status, outcome.reason) == ("skipped", Reason.NO_ARABIC)
    assert outcome.message == "no Arabic text found"
    assert not (tmp_path / "e.jsonl").exists()


def test_a_task_fails_an_unreadable_input_with_its_reason(tmp_path: Path) -> None:
    task = Task("gone.txt", (tmp_path / "gone.txt",), tmp_path / "g.jsonl")
    outcome = align_task(task, JobOptions())
    assert (outcome.status, outcome.reason) == ("failed", Reason.CANNOT_READ)
    assert outcome.record()["reason"] == "cannot read"
    assert "No such file" in outcome.detail


@pytest.mark.parametrize(
    ("data", "encoding", "reason"),
    [
        (b"\x00\x01junk", None, Reason.BINARY),
        ("café crème".encode("latin-1"), None, Reason.NOT_DECODABLE),
        (
            SEED_TEXT.encode()[:3000] + b"\xd8 " + SEED_TEXT.encode()[3000:6000],
            None,
            Reason.NOT_VALID,
        ),
        (b"\xef\xbb\xbf\xff text", None, Reason.NOT_VALID),
        ("نص".encode(), "ascii", Reason.NOT_VALID),
        (b"x" * 2_000_001, None, Reason.TOO_LARGE),
    ],
    ids=["binary", "not-decodable", "damaged-utf-8", "bom-utf-8", "named-encoding", "too-large"],
)
def test_an_unreadable_input_fails_in_the_readers_own_words(
    tmp_path: Path, data: bytes, encoding: str | None, reason: Reason
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    options = JobOptions(encoding=encoding, max_bytes=2_000_000)
    outcome = align_task(Task("in.txt", (path,), tmp_path / "in.jsonl"), options)
    with pytest.raises(InputError) as caught:
        read_input(path, encoding, max_bytes=2_000_000)
    assert outcome.reason is reason
    assert f"in.txt: {outcome.message}" == str(caught.value).removeprefix(str(tmp_path) + "/")
    assert outcome.record()["reason"] == caught.value.reason


def test_an_alignment_breaking_the_invariant_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def losing_one(*args: object, **kwargs: object) -> ArticleAlignment:
        alignment = align_article(SEED_TEXT, source="seed.txt")
        return replace(alignment, beads=alignment.beads[:-1])

    monkeypatch.setattr(bialign.pipeline, "align_article", losing_one)
    outcome = align_task(Task("seed.txt", (SEED_004,), tmp_path / "seed.jsonl"), JobOptions())
    assert (outcome.status, outcome.reason) == ("failed", Reason.LOST_SENTENCES)
    assert outcome.message.startswith("alignment lost or repeated sentences")
    assert "is in no bead" in outcome.detail
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_error_fails_its_task_with_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> ArticleAlignment:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(bialign.pipeline, "align_article", broken)
    outcome = align_task(Task("seed.txt", (SEED_004,), tmp_path / "seed.jsonl"), JobOptions())
    assert (outcome.status, outcome.reason) == ("failed", Reason.INTERNAL)
    assert outcome.detail == "ZeroDivisionError: simulated bug"
    assert "Traceback" in outcome.trace and "traceback" in outcome.record()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_fails_its_task(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    task = Task("seed.txt", (SEED_004,), tmp_path / "file" / "seed.jsonl")
    outcome = align_task(task, JobOptions())
    assert (outcome.status, outcome.reason) == ("failed", Reason.CANNOT_WRITE)
    assert outcome.detail == f"{tmp_path / 'file'}: File exists"


def test_a_write_error_names_the_output_not_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "seed.jsonl"

    def disk_full(*args: object, **kwargs: object) -> None:
        temporary = tmp_path / f".seed.jsonl.{os.getpid()}.0123abcd.tmp"
        raise OSError(28, "No space left on device", str(temporary))

    monkeypatch.setattr(bialign.batch.job, "write_alignment", disk_full)
    outcome = align_task(Task("seed.txt", (SEED_004,), output), JobOptions())
    assert outcome.message == f"cannot write: {output}: No space left on device"


def test_a_task_writes_to_a_stream_when_there_is_no_output_path(
    seed_alignment: ArticleAlignment,
) -> None:
    out = io.StringIO()
    outcome = align_task(Task("seed.txt", (SEED_004,)), JobOptions(), out)
    expected = io.StringIO()
    write_jsonl(seed_alignment, expected)
    assert outcome.status == "aligned" and outcome.outputs == ()
    assert out.getvalue() == expected.getvalue()


# --- the pool -------------------------------------------------------------------------------


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    paths = []
    for k in range(2, 9):
        path = tmp_path / "in" / f"article{k:02}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(small_article(k), encoding="utf-8")
        paths.append(path)
    (tmp_path / "in" / "english.txt").write_text("\n\n".join(ENGLISH) + "\n", encoding="utf-8")
    (tmp_path / "in" / "junk.txt").write_bytes(b"\x00\x01junk")
    return find_inputs([tmp_path / "in"])


def _run(
    articles: list[Path], out: Path, jobs: int, options: JobOptions | None = None
) -> tuple[list[Outcome], list[int]]:
    arrived: list[int] = []
    tasks = plan_tasks(articles, out, "jsonl")
    outcomes = run_tasks(tasks, options or JobOptions(), jobs, lambda i, _: arrived.append(i))
    return outcomes, arrived


def test_a_pool_gives_the_same_outcomes_as_one_process(
    articles: list[Path], tmp_path: Path
) -> None:
    alone, arrived_alone = _run(articles, tmp_path / "one", jobs=1)
    pooled, arrived_pooled = _run(articles, tmp_path / "two", jobs=2)
    assert sorted(arrived_pooled) == arrived_alone == list(range(len(articles)))
    assert [replace(o, seconds=0, outputs=()) for o in pooled] == [
        replace(o, seconds=0, outputs=()) for o in alone
    ]
    assert [o.status for o in alone].count("aligned") == 7
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_warming_for_a_pool_writes_nothing_to_disk(
    fmt: Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bialign.batch.job.warm(JobOptions(format=fmt))
    assert not list(tmp_path.iterdir())


def _until(done: Callable[[], bool]) -> None:
    """Wait for ``done`` (30 s at most: the test then fails on what did not happen)."""
    deadline = time.monotonic() + 30
    while not done() and time.monotonic() < deadline:
        time.sleep(0.01)


#: This process: forked workers inherit the number, and know they are not it.
_TESTS = os.getpid()


def _in_worker() -> bool:
    return os.getpid() != _TESTS


_FORKED_ONLY = pytest.mark.skipif(
    not bialign.runners.local._forks(),
    reason="the workers are given behaviour by patching the module they inherit by forking",
)


def _dies_on_article_05(task: Task, options: JobOptions, out: object = None) -> Outcome:
    """In a worker, article05 kills it; this process, which aligns tasks too (from the back),
    waits for that before each of its own, so that it never reaches article05 first."""
    died, gave_up = (Path(task.inputs[0]).parent / name for name in ("died", "gave-up"))
    if _in_worker():
        if task.source.endswith("article05.txt"):
            died.touch()
            os._exit(9)  # a worker killed mid-task, as the out-of-memory killer would
    elif not gave_up.exists():
        _until(died.exists)
        if not died.exists():  # the test fails, after one wait
            gave_up.touch()
    return align_task(task, options)


@_FORKED_ONLY
@pytest.mark.parametrize(("batch", "jobs"), [(1, 2), (2, 2), (1, 3)])
def test_a_worker_that_dies_fails_only_its_own_task(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, jobs: int
) -> None:
    # With two workers (jobs 3), the other finishes the batches it holds as it would have.
    monkeypatch.setattr(bialign.runners.local, "align_task", _dies_on_article_05)
    monkeypatch.setattr(bialign.runners.local, "_batch_size", lambda tasks, jobs: batch)
    outcomes, arrived = _run(articles, tmp_path / "out", jobs=jobs)
    assert sorted(arrived) == list(range(len(articles)))
    died = [o for o in outcomes if o.reason is Reason.WORKER_DIED]
    assert [Path(o.source).name for o in died] == ["article05.txt"]
    assert [o.status for o in outcomes].count("aligned") == 6
    # The batch-mates article05 took down finished first: their staged files are gone too.
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        Path(output).name for o in outcomes for output in o.outputs
    )


def _aligned_by(
    articles: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: int,
    options: JobOptions | None = None,
    wait_here: int = 0,
) -> list[str]:
    """Which process aligned each article, a task at a time on ``jobs`` processes; this one
    begins only once others have aligned ``wait_here``."""
    by = tmp_path / "aligned-by"
    by.mkdir()

    def recorded(task: Task, options: JobOptions, out: object = None) -> Outcome:
        if not _in_worker():
            _until(lambda: len(list(by.iterdir())) >= wait_here)
        (by / f"{Path(task.source).name} {os.getpid()}").touch()
        return align_task(task, options)

    monkeypatch.setattr(bialign.runners.local, "align_task", recorded)
    monkeypatch.setattr(bialign.runners.local, "_batch_size", lambda tasks, jobs: 1)
    outcomes, arrived = _run(articles, tmp_path / "out", jobs, options)
    assert sorted(arrived) == list(range(len(articles)))
    assert [o.source for o in outcomes] == [str(path) for path in articles]
    process = dict(path.name.split(" ") for path in by.iterdir())
    return [process[path.name] for path in articles]


#: While a test records them: the threads this process runs as it forks.
_threads_at_fork: list[int] | None = None


def _record_threads() -> None:
    if _threads_at_fork is not None:
        _threads_at_fork.append(threading.active_count())


os.register_at_fork(before=_record_threads)


@_FORKED_ONLY
def test_the_workers_fork_while_this_process_runs_no_other_thread(
    articles: list[Path], tmp_path: Path
) -> None:
    # A thread running at the fork may hold a lock (a stream's, say) that the worker then
    # never sees released; the committing thread starts with the first outcome.
    global _threads_at_fork
    _threads_at_fork = []
    before = threading.active_count()  # threads other tests' libraries may have left
    try:
        _run(articles, tmp_path / "out", jobs=3)
        assert _threads_at_fork == [before, before]
    finally:
        _threads_at_fork = None


@_FORKED_ONLY
def test_this_process_aligns_from_the_back_while_a_worker_takes_the_front(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --jobs 2 is this process and one worker: a worker a job had cost a tenth more CPU. The
    # worker, given two tasks at first, is given more as they end.
    by = _aligned_by(articles, tmp_path, monkeypatch, jobs=2, wait_here=3)
    here = [pid == str(os.getpid()) for pid in by]
    assert len(set(by)) == 2
    assert here[-1] and here.count(False) >= 3
    assert here == sorted(here)  # the worker's a run from the front, this process's the rest


@_FORKED_ONLY
def test_two_inputs_on_two_jobs_are_aligned_one_here_and_one_by_the_worker(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a second batch to wait in its queue, the worker had both, one after the other.
    by = _aligned_by(articles[:2], tmp_path, monkeypatch, jobs=2)
    assert by[1] == str(os.getpid()) != by[0]


@_FORKED_ONLY
@pytest.mark.parametrize(
    ("jobs", "max_bytes"),
    [(bialign.runners.local._MOST_JOBS_HELPED + 1, DEFAULT_MAX_BYTES), (2, None), (2, 10**9)],
)
def test_this_process_only_keeps_the_workers_fed_with_many_jobs_or_inputs_past_the_limit(
    articles: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: int,
    max_bytes: int | None,
) -> None:
    # Handing on many workers' outcomes and refilling them needs this process's GIL: aligning
    # too, it kept them waiting. An input past the default limit may take a process's memory:
    # in a worker, only its own task fails.
    options = JobOptions(max_bytes=max_bytes)
    by = _aligned_by(articles, tmp_path, monkeypatch, jobs, options)
    assert str(os.getpid()) not in by


def _submit_raising(monkeypatch: pytest.MonkeyPatch, error: Callable[[], Exception | None]) -> None:
    """Make the pool's ``submit`` raise what ``error()`` gives, each time it gives one."""
    submit = ForkedPool.submit

    def raising(pool: ForkedPool, *args: object) -> object:
        raised = error()
        if raised is not None:
            raise raised
        return submit(pool, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ForkedPool, "submit", raising)
    monkeypatch.setattr(bialign.runners.local, "_batch_size", lambda tasks, jobs: 1)


@_FORKED_ONLY
def test_an_error_on_the_pools_thread_stops_the_run_rather_than_lose_a_batch(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pool's thread feeds the workers as their batches end; what it raises there the
    # pool only logs, and the batch it had taken was never run nor reported.
    raised: list[MemoryError] = []

    def on_the_pools_thread() -> MemoryError | None:
        if threading.current_thread() is threading.main_thread():
            return None
        raised.append(MemoryError())
        return raised[-1]

    def after_the_error(task: Task, options: JobOptions, out: object = None) -> Outcome:
        if not _in_worker():
            _until(lambda: bool(raised))  # this process would have taken every batch left
        return align_task(task, options)

    _submit_raising(monkeypatch, on_the_pools_thread)
    monkeypatch.setattr(bialign.runners.local, "align_task", after_the_error)
    with pytest.raises(MemoryError):
        _run(articles, tmp_path / "out", jobs=2)


@_FORKED_ONLY
def test_a_batch_the_pool_refuses_goes_to_the_next_round(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = iter(range(10**6))
    _submit_raising(monkeypatch, lambda: WorkerDied("refused") if next(calls) == 1 else None)
    outcomes, arrived = _run(articles, tmp_path / "out", jobs=2)
    assert sorted(arrived) == list(range(len(articles)))
    assert [o.status for o in outcomes].count("aligned") == 7


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_output_is_complete_under_its_name_when_its_task_is_reported(
    articles: list[Path], tmp_path: Path, jobs: int
) -> None:
    # Outputs are synced and moved into place off the workers' path: by the time a task is
    # reported they must be there in full, and nothing is ever under its name half-written.
    out = tmp_path / "out"
    tasks = plan_tasks(articles, out, "jsonl")
    seen: list[int] = []

    def check(index: int, outcome: Outcome) -> None:
        assert outcome.staged == ()
        for path in output_files(tasks[index], "jsonl"):
            assert path.exists() == (outcome.status == "aligned")
        for path in out.iterdir():  # every file under its name parses to its last line
            if not TEMPORARY.fullmatch(path.name):
                read_alignments(path, "jsonl")
        seen.append(index)

    run_tasks(tasks, JobOptions(), jobs, check)
    assert sorted(seen) == list(range(len(tasks)))
    assert not [path for path in out.iterdir() if TEMPORARY.fullmatch(path.name)]


def test_a_deferred_file_is_staged_whole_and_appears_only_when_committed(tmp_path: Path) -> None:
    staged: list[Staged] = []
    with atomic_files(tmp_path / "a.jsonl", defer=staged) as (out,):
        out.write("whole\n")
    (file,) = staged
    assert not file.path.exists() and file.temporary.read_text() == "whole\n"
    assert commit([staged]) == [None]
    assert file.path.read_text() == "whole\n" and not file.temporary.exists()
    with atomic_files(tmp_path / "b.jsonl", defer=staged) as (out,):
        out.write("never\n")
    discard(staged[1:])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def test_an_outcome_that_comes_after_an_interrupt_is_discarded_not_reported(
    articles: list[Path], tmp_path: Path
) -> None:
    # Workers' outcomes are handed to the committer on the pool's thread, which can still be
    # at it once an interrupt has abandoned the commits: queued then, one was never committed
    # nor removed.
    (task,) = plan_tasks(articles[:1], tmp_path / "out", "jsonl")
    outcome = align_task(task, JobOptions(defer_commit=True))
    assert outcome.staged and all(file.temporary.exists() for file in outcome.staged)
    reported: list[int] = []
    committer = bialign.runners.local._Committer(lambda index, _: reported.append(index))
    committer.abandon()
    committer(0, outcome)
    assert not reported and not list((tmp_path / "out").iterdir())


def test_an_interrupt_while_the_last_outputs_commit_stops_the_reports_before_the_run_ends(
    articles: list[Path], tmp_path: Path
) -> None:
    # Ctrl-C while the run waits for its last commits: the run had ended with the commit
    # thread still reporting (and renaming into place) behind the caller's back.
    tasks = plan_tasks(articles[:3], tmp_path / "out", "jsonl")
    reported: list[tuple[int, float]] = []

    def slow_report(index: int, outcome: Outcome) -> None:
        if not reported:  # once the three are aligned, the run is waiting for this thread
            _until(lambda: len(list((tmp_path / "out").iterdir())) == 3)
            os.kill(os.getpid(), signal.SIGINT)
        reported.append((index, time.monotonic()))
        time.sleep(0.2)

    with pytest.raises(KeyboardInterrupt):
        run_tasks(tasks, JobOptions(), 1, slow_report)
    ended = time.monotonic()
    time.sleep(0.5)
    assert reported and all(at < ended for _, at in reported)
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == sorted(Path(str(tasks[index].output)).name for index, _ in reported)


def test_files_committed_together_fail_by_task(tmp_path: Path) -> None:
    groups: list[list[Staged]] = [[], [], []]
    for group, name in zip(groups, ["a.jsonl", "b.jsonl", "c.jsonl"], strict=True):
        with atomic_files(tmp_path / name, defer=group) as (out,):
            out.write(name)
    groups[1][0].temporary.unlink()  # lost before the commit: that task fails, no other
    errors = commit(groups)
    assert errors[0] is None and isinstance(errors[1], FileNotFoundError) and errors[2] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "c.jsonl"]
    assert (tmp_path / "c.jsonl").read_text() == "c.jsonl"


def _errors(errors: list[OSError | None]) -> list[tuple[object, ...] | None]:
    return [None if e is None else (type(e), e.errno, e.filename, e.filename2) for e in errors]


@needs_compiled
def test_files_synced_and_moved_in_c_fail_as_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    common = bialign.formats.common
    (tmp_path / "file").write_text("x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "inside").write_text("")
    syncs = [tmp_path / "file", tmp_path / "missing", tmp_path]
    moves = [
        [(tmp_path / "missing", tmp_path / "b")],
        [(tmp_path / "file", tmp_path / "full"), (tmp_path / "file", tmp_path / "c")],
    ]
    synced, moved = _errors(common._synced(syncs)), _errors(common._moved(moves))
    assert [error is None for error in synced] == [True, False, True] and all(moved)
    assert not (tmp_path / "c").exists()  # the group stopped at its failure
    monkeypatch.setattr(common, "_system_calls", lambda: None)  # as where it was not built
    assert _errors(common._synced(syncs)) == synced and _errors(common._moved(moves)) == moved
    assert not (tmp_path / "c").exists()


@needs_compiled
@pytest.mark.parametrize("sizes", [[3], [1, 1, 1], [-1, 3], [2**62] * 4 + [2]])
def test_the_compiled_moves_refuse_group_sizes_that_do_not_add_up_to_the_paths(
    tmp_path: Path, sizes: list[int]
) -> None:
    # Sizes summed past the largest integer once wrapped round to the count and passed.
    sources = [os.fsencode(tmp_path / name) for name in ("a", "b")]
    with pytest.raises(ValueError, match="move_paths"):
        speedups.move_paths(sources, sources, sizes)


@pytest.mark.parametrize("built", [pytest.param(True, marks=needs_compiled), False])
def test_a_pair_whose_first_file_cannot_be_moved_keeps_its_second_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: bool
) -> None:
    # A Moses pair is one group: a new .en beside an old .ar would be a corpus out of step.
    if not built:
        monkeypatch.setattr(bialign.formats.common, "_system_calls", lambda: None)
    (tmp_path / "a.ar").mkdir()  # a directory with a file in it: no file can replace it
    (tmp_path / "a.ar" / "inside").write_text("")
    (tmp_path / "a.en").write_text("old\n")
    groups: list[list[Staged]] = []
    for names in (["a.ar", "a.en"], ["b.jsonl"]):
        groups.append([])
        for name in names:
            temporary = tmp_path / f".{name}.{os.getpid()}.0123abcd.tmp"
            temporary.write_text(f"new {name}\n")
            groups[-1].append(Staged(temporary, tmp_path / name))
    errors = commit(groups)
    assert isinstance(errors[0], IsADirectoryError) and errors[1] is None
    assert (tmp_path / "a.en").read_text() == "old\n"
    assert (tmp_path / "b.jsonl").read_text() == "new b.jsonl\n"
    assert not [path for path in tmp_path.iterdir() if TEMPORARY.fullmatch(path.name)]


def test_a_run_stopped_while_reporting_leaves_no_output_it_did_not_report(
    articles: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    tasks = plan_tasks(articles, out, "jsonl")
    reported: list[int] = []

    def interrupt(index: int, outcome: Outcome) -> None:
        reported.append(index)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_tasks(tasks, JobOptions(), 1, interrupt)
    assert reported == [0]
    left = sorted(path.name for path in out.iterdir())
    assert left == [path.name for path in output_files(tasks[0], "jsonl")]


# --- stale temporaries and the summary -------------------------------------------------------


def test_the_temporary_name_pattern_is_the_one_atomic_files_uses(tmp_path: Path) -> None:
    with atomic_files(tmp_path / "a.jsonl") as (out,):
        out.write("half")
        (temporary,) = tmp_path.iterdir()
    match = TEMPORARY.fullmatch(temporary.name)
    assert match is not None and match["name"] == "a.jsonl"


def test_stale_temporaries_of_planned_outputs_are_removed(tmp_path: Path) -> None:
    tasks = plan_tasks([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path, "moses")
    gone = dead_pid()
    stale = [f".a.ar.{gone}.0123abcd.tmp", f".b.en.{gone}.89abcdef.tmp"]
    kept = [
        f".c.ar.{gone}.0123abcd.tmp",
        "a.ar",
        ".a.ar.notes",
        f".a.ar.{gone}.0123abcd.tmp.x",
        f".a.ar.{os.getpid()}.0123abcd.tmp",  # a running process's: not stale
    ]
    for name in stale + kept:
        (tmp_path / name).write_text("x")
    files = [path for task in tasks for path in output_files(task, "moses")]
    assert remove_stale_temporaries(files) == len(stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def test_the_summary_counts_reasons_and_lists_dropped_text() -> None:
    dropped = (Dropped("a-b-c", "url-slug", 1), Dropped("Leave a Reply", "boilerplate", 30))
    outcomes = (
        Outcome("a.txt", pairs=10, dropped=dropped),
        Outcome("b.txt", pairs=5, dropped=dropped[:1] * 2),
        Outcome("c.txt", Reason.NO_ARABIC),
        Outcome("d.txt", Reason.NO_ARABIC),
        Outcome("e.txt", Reason.BINARY, "NUL byte at offset 3"),
    )
    text = Summary(outcomes, 2.0).format(max_articles=1)
    assert text.splitlines() == [
        "bialign: 5 inputs in 2.0 s: 2 aligned, 2 skipped, 1 failed; 15 sentence pairs written",
        "  skipped: no Arabic text found (2)",
        "  failed: binary data, not text (1)",
        "  dropped on purpose (--report FILE has the details):",
        "    a.txt: url-slug line 1; boilerplate line 30",
        "    ... and 1 more article",
    ]
    one = Summary(outcomes[:1], 0.5, reported=True).format().splitlines()
    assert one == [
        "bialign: 1 input in 0.5 s: 1 aligned, 0 skipped, 0 failed; 10 sentence pairs written",
        "  dropped on purpose (the report has the details):",
        "    a.txt: url-slug line 1; boilerplate line 30",
    ]


# --- a run killed half-way, then resumed ------------------------------------------------------

KILL_ARTICLES = 200


def test_a_killed_batch_leaves_no_partial_output_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for n in range(KILL_ARTICLES):
        (source / f"a{n:03}.txt").write_text(small_article(2 + n % 4), encoding="utf-8")
    # Two FIFOs nobody writes to, a third and two thirds of the way, hold the worker (which
    # takes articles from the front) and the main process (from the back): the run stops
    # there until the kill. (The whole batch takes a few tenths of a second, which
    # a loaded machine can take to look at the folder.)
    articles = sorted(str(path) for path in source.iterdir())
    held = [str(tmp_path / f"held-{n}.txt") for n in (1, 2)]
    for fifo in held:
        os.mkfifo(fifo)
    third = KILL_ARTICLES // 3
    inputs = [*articles[:third], held[0], *articles[third : 2 * third], held[1]]
    inputs += articles[2 * third :]
    command = [sys.executable, "-m", "bialign", "align", *inputs, "-o", str(out), "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(
        command, env=env, stderr=subprocess.DEVNULL, start_new_session=True, cwd=tmp_path
    )
    try:
        # Kill once ten outputs are done, preferably while another is being written.
        deadline, enough = time.monotonic() + 60, math.inf
        while run.poll() is None and time.monotonic() < enough + 0.5:
            names = [p.name for p in out.iterdir()] if out.exists() else []
            if sum(name.endswith(".jsonl") for name in names) >= 10:
                if any(name.endswith(".tmp") for name in names):
                    break
                enough = min(enough, time.monotonic())
            assert time.monotonic() < deadline, "the batch wrote nothing in a minute"
            time.sleep(0.001)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the command and its workers, mid-run
        run.wait()
    time.sleep(0.1)  # let the killed group's last writes (if any) settle before looking

    finished = sorted(out.glob("*.jsonl"))
    others = [p.name for p in out.iterdir() if p.suffix != ".jsonl" and p.name != SIDECAR]
    assert 10 <= len(finished) < KILL_ARTICLES, "kill the run half-way: make the batch bigger"
    # Half-written files exist only under their temporary names, never under a final one.
    assert all(TEMPORARY.fullmatch(name) for name in others)
    for path in finished:
        article = source / (path.stem + ".txt")
        expected = io.StringIO()
        write_jsonl(align_article(article.read_text(), source=str(article)), expected)
        assert path.read_text(encoding="utf-8") == expected.getvalue()

    report = tmp_path / "report.jsonl"
    argv = ["align", str(source), "-o", str(out), "--skip-existing", "--jobs", "2"]
    assert main([*argv, "--report", str(report)]) == 0
    names = [f"a{n:03}.jsonl" for n in range(KILL_ARTICLES)]
    assert sorted(p.name for p in out.iterdir()) == [*names, SIDECAR]
    records = [json.loads(line) for line in report.read_text().splitlines()]
    skipped = {Path(r["file"]).stem for r in records if r["reason"] == "output exists"}
    assert skipped == {path.stem for path in finished}
    assert all(r["status"] == "aligned" for r in records if r["reason"] != "output exists")
    err = capsys.readouterr().err
    assert f"{KILL_ARTICLES} inputs" in err and f"output exists ({len(finished)})" in err
    if others:
        assert f"removed {len(others)} temporary files" in err


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_pool_started_otherwise_than_by_fork_aligns_as_one_process_does(
    tmp_path: Path, method: str
) -> None:
    # Python 3.14 starts workers with a fork server on Linux: a worker's parent is then the
    # server, not the command, and a worker that took that for its parent's death had left
    # every task failed ("worker process died").
    code = (
        "import multiprocessing, sys; multiprocessing.set_start_method(sys.argv[1]); "
        "from bialign.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for jobs, out in (("2", tmp_path / "pool"), ("1", tmp_path / "one")):
        argv = [sys.executable, "-c", code, method, "align", *seeds, "-o", str(out)]
        run = subprocess.run([*argv, "--jobs", jobs], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    written = sorted(path.name for path in (tmp_path / "pool").iterdir())
    assert written == sorted(path.name for path in (tmp_path / "one").iterdir())
    assert any(name.endswith(".jsonl") for name in written)
    for name in written:
        assert (tmp_path / "pool" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_an_interrupted_process_pool_ends_every_worker_it_started_and_no_other_process() -> None:
    # The pool used where processes do not fork. A worker started but not yet recorded by the
    # pool when the interrupt came is ended too (left running, it kept the interpreter's exit
    # waiting for it); a child of the caller's own, there before the pool, is left alone.
    context = multiprocessing.get_context("fork")
    theirs = context.Process(target=time.sleep, args=(60,))
    theirs.start()
    try:
        pool = bialign.runners.local._Spawned(1, (), JobOptions())
        unrecorded = context.Process(target=time.sleep, args=(60,))
        unrecorded.start()
        pool.terminate()
        assert not unrecorded.is_alive()
        assert theirs.is_alive()
    finally:
        theirs.terminate()
        theirs.join()


def _sleep_then_return(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@_FORKED_ONLY
@pytest.mark.parametrize("max_bytes", [DEFAULT_MAX_BYTES, None])
def test_a_run_whose_workers_die_before_their_first_task_ends_with_every_task_reported(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, max_bytes: int | None
) -> None:
    # Every pool refuses its first batch: the run had waited for ever for batches nobody
    # would take (this process only feeding, max_bytes None), then gone round after round.
    pool = bialign.runners.local._pool

    def dead(jobs: int, tasks: object, options: JobOptions) -> ForkedPool:
        started = pool(jobs, tasks, options)  # type: ignore[arg-type]
        assert isinstance(started, ForkedPool)
        for worker in started._workers:
            os.kill(worker.pid, signal.SIGKILL)
        _until(lambda: started._broken is not None)
        return started

    monkeypatch.setattr(bialign.runners.local, "_pool", dead)
    finished: list[tuple[list[Outcome], list[int]]] = []
    run = threading.Thread(
        target=lambda: finished.append(
            _run(articles, tmp_path / "out", jobs=2, options=JobOptions(max_bytes=max_bytes))
        ),
        daemon=True,
    )
    run.start()
    run.join(60)
    ((outcomes, arrived),) = finished
    assert sorted(arrived) == list(range(len(articles)))
    assert all(o.reason is Reason.WORKER_DIED for o in outcomes)


def _pid_or_raise(value: str) -> tuple[str, int]:
    if value == "raise":
        raise ValueError("asked to raise")
    return value, os.getpid()


def test_a_forked_pool_answers_each_call_from_its_workers_and_raises_what_they_raise() -> None:
    pool = ForkedPool(2, lambda: None, ())
    futures = [pool.submit(_pid_or_raise, word) for word in ("a", "b", "raise", "c")]
    pool.shutdown()
    assert [f.result()[0] for f in futures if f.exception() is None] == ["a", "b", "c"]
    # Answered in the workers, not in this process.
    answered_by = {f.result()[1] for f in futures if f.exception() is None}
    assert answered_by <= {worker.pid for worker in pool._workers}
    assert str(futures[2].exception()) == "asked to raise"
    with pytest.raises(RuntimeError, match="shut down"):
        pool.submit(_pid_or_raise, "d")


@pytest.mark.parametrize(
    ("number", "named"), [(signal.SIGKILL, "SIGKILL"), (signal.SIGRTMIN + 1, "signal")]
)
def test_a_forked_pool_worker_that_dies_fails_its_own_calls_and_the_others_finish(
    number: int, named: str
) -> None:
    # A real-time signal has no name: naming it had raised on the pool's thread, and the
    # call waited for ever.
    pool = ForkedPool(2, lambda: None, ())
    held = pool.submit(_sleep_then_return, 60)  # the first worker
    other = pool.submit(_sleep_then_return, 0.2)  # the second, the one with fewer waiting
    (first, second) = pool._workers
    os.kill(first.pid, number)
    error = held.exception(timeout=10)
    assert isinstance(error, WorkerDied) and named in str(error)
    with pytest.raises(WorkerDied):
        pool.submit(_sleep_then_return, 0)
    assert other.result(timeout=10) == 0.2
    pool.shutdown()
    assert second.status == 0


class _TwoArguments(Exception):
    def __init__(self, first: int, second: int) -> None:
        super().__init__(first)  # pickled with its first argument only: it does not unpickle


def _raise_two_arguments(seconds: float) -> float:
    if not seconds:
        raise _TwoArguments(1, 2)
    return _sleep_then_return(seconds)


def test_an_answer_that_does_not_unpickle_fails_its_own_call_only() -> None:
    pool = ForkedPool(2, lambda: None, ())
    slow = pool.submit(_raise_two_arguments, 0.3)
    bad = pool.submit(_raise_two_arguments, 0)
    assert isinstance(bad.exception(timeout=10), TypeError)
    assert slow.result(timeout=10) == 0.3
    pool.shutdown()
    assert [worker.status for worker in pool._workers] == [0, 0]


@pytest.mark.parametrize("reading", [True, False])
def test_an_interrupt_as_the_answers_thread_starts_closes_each_pipe_once(
    monkeypatch: pytest.MonkeyPatch, reading: bool
) -> None:
    # Ctrl-C landing in Thread.start: the answers' thread may already read (and close) the
    # workers' pipes, or never run; the pool had closed them too, and failed on the second
    # close ("Bad file descriptor") with a traceback in place of the interrupt.
    pools: list[ForkedPool] = []
    read = ForkedPool._read

    def recorded(pool: ForkedPool) -> None:
        pools.append(pool)
        read(pool)

    start = threading.Thread.start

    def interrupted(thread: threading.Thread) -> None:
        if thread.name != "bialign-answers":
            start(thread)
            return
        if reading:
            start(thread)
            deadline = time.monotonic() + 10
            while not pools and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.1)  # reading: waiting for the workers' answers
            started.append(thread)
        raise KeyboardInterrupt

    started: list[threading.Thread] = []
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(ForkedPool, "_read", recorded)
    monkeypatch.setattr(threading.Thread, "start", interrupted)
    monkeypatch.setattr(threading, "excepthook", failures.append)
    with pytest.raises(KeyboardInterrupt):
        ForkedPool(2, lambda: None, ())
    for thread in started:
        thread.join(10)
        assert not thread.is_alive()
    assert failures == []


def test_an_interrupted_forked_pool_ends_its_workers_at_once() -> None:
    pool = ForkedPool(2, lambda: None, ())
    waiting = [pool.submit(_sleep_then_return, 60) for _ in range(3)]
    start = time.monotonic()
    pool.terminate()
    assert all(isinstance(future.exception(timeout=10), WorkerDied) for future in waiting)
    assert time.monotonic() - start < 5
    for worker in pool._workers:
        with pytest.raises(ProcessLookupError):
            os.kill(worker.pid, 0)
    pool.shutdown()  # after terminate, as _run_alone does: returns
