"""Speed and memory: bialign's aligner on long documents, beside NLTK's Gale-Church, and end to end.

Run from the repository root::

    python -m benchmarks.speed [--quick] [--sizes 1000,10000,100000,1000000] [--seed 13]
                               [--articles-mb 6,24] [--repeat 5] [--cli-sizes 100000]
                               [--only lengths,sentences,cli,nltk,end-to-end] [--bialign DIR]

Prints four tables, every number measured in this run (``--only`` names the parts to run;
``--bialign DIR`` measures the bialign of another checkout, for a before/after in one run):

1. ``aligner``: ``bialign.align.align_lengths`` (sentence lengths given) and
   ``align_sentences`` (sentences given: lengths, anchors and all; by default up to 100,000
   sentences, ``--sentences-max``) on documents of N sentences a side, with wall and CPU
   time (and CPU microseconds a sentence of the larger side, which a busy machine disturbs
   less than the wall time), peak memory and strict/lax F1 against the gold.
2. ``command line``: ``bialign align --ar AR --en EN --presegmented`` on the same documents
   written one sentence a line (``--cli-sizes``, 100,000 by default), JSONL to a file: wall
   and CPU time and the peak resident memory of the command, which is what a user's machine
   must have, and the F1 of what it wrote.
3. ``NLTK``: ``nltk.translate.gale_church.align_blocks`` as shipped (on ``len`` of each
   sentence, as in ``benchmarks/quality.py``) on the sizes it can do, with bialign's time on
   the same document, the speed-up and the F1 of both.
4. ``end to end``: ``bialign align`` over a directory of bilingual articles (English block,
   then Arabic block), in MB of input and articles per second, and MB per second a core (a
   job); with ``--jobs 1`` and all cores where the command has ``--jobs``, else one process
   over the files; on 6 MB (360 articles) and on 24 MB (1,460 articles), ``--articles-mb``.
   Beside them the *floor* (:mod:`benchmarks.floor`: read the same files, one regex pass, one
   JSONL record a piece, fsync each file) and each command's CPU time (user + system, its
   workers included) as a multiple of the floor's; and ``--jobs 2``'s CPU over ``--jobs 1``'s,
   as the ratio of their least and as the median of their ratios within a round (where the
   two ran one after the other). On a shared machine these ratios move by several points
   from run to run; ``--instructions`` also counts the instructions the floor, ``--jobs 1``
   and ``--jobs 2`` execute (callgrind, once each), which do not move.
   A process pays for its start (about 0.2 s) and for the first sight of every word once:
   the larger directory shows the rate of a corpus-sized run. The commands take turns, so
   that they meet the same moments of a busy machine: a round of all of them untimed, then
   ``--repeat`` rounds (5), each begun by the next command in turn; each command's fastest
   run, the one the machine disturbed least, gives the rates, and its slowest is shown
   beside it. Inputs and outputs are removed only
   after the last measurement of the part, instructions included: without a journal, ext4
   makes a file by skipping, one by one, the inodes freed in the last minute or more, so a
   run made just after thousands of files were removed paid for them in kernel time, and a
   machine that removes files while this runs makes its figures move. The untimed round
   leaves the input in the page cache and bialign's compiled bytecode in ``__pycache__``, as on any
   machine that ran bialign before: the commands may write bytecode even where
   ``PYTHONDONTWRITEBYTECODE`` is set (as it is in some sandboxes, where every run would
   otherwise compile bialign's modules again, about 50 ms).

Documents are the Bible (``../shared/corpora``), every verse split into sentences on both
sides, repeated as often as the size needs, with seeded merges across verses (2-1, 1-2, 2-2:
the last sentence of one verse joined with the first of the next on one side) and deletions
(1-0, 0-1) at the rates of :data:`benchmarks.corpora.MERGE_RATES`; each (merged) verse is one
gold bead. Every measurement runs in a fresh interpreter so that its peak resident memory
(``getrusage``) is its own; ``aligner MB`` is that peak less the memory held before the call
(interpreter, corpus, document). Skips, saying so, when the corpora are absent.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import gc
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.corpora import (
    MERGE_RATES,
    Document,
    Record,
    default_corpora_dir,
    document_from_units,
    draw_bead_kind,
    read_records,
)
from bialign.evaluate import evaluate

Unit = tuple[list[str], list[str]]

SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000, 100_000)
NLTK_SIZES = (1_000, 2_000)
QUICK_NLTK_SIZES = (1_000,)
ALIGNERS = ("lengths", "sentences", "nltk")
PARTS = ("lengths", "sentences", "cli", "nltk", "end-to-end")
CLI_SIZES = (100_000,)
_ARTICLE_RECORDS = (20, 60)  # records an article
_PARAGRAPH_RECORDS = (1, 3)  # records a paragraph


# --- documents -----------------------------------------------------------------------------


def verse_units(records: Sequence[Record]) -> list[Unit]:
    """Each record's two sides split into sentences."""
    from bialign.segment import split_sentences

    return [(split_sentences(r.ar, "ar"), split_sentences(r.en, "en")) for r in records]


def _joined(first: list[str], second: list[str]) -> list[str]:
    """Two sentence lists with the last sentence of the first glued to the first of the second.

    >>> _joined(["a.", "b."], ["c.", "d."])
    ['a.', 'b. c.', 'd.']
    """
    if not first or not second:
        return first + second
    return [*first[:-1], f"{first[-1]} {second[0]}", *second[1:]]


def long_document(units: Sequence[Unit], size: int, seed: int) -> Document:
    """About ``size`` Arabic sentences of verses taken in turn, with seeded merges and deletions."""
    rng = random.Random(f"{seed}:{size}")
    merged: list[Unit] = []
    k = count = 0
    while count < size:
        kind = draw_bead_kind(rng)
        u, v, w = (units[(k + d) % len(units)] for d in range(3))
        if kind == "2-1":
            unit, k = (u[0] + v[0], _joined(u[1], v[1])), k + 2
        elif kind == "1-2":
            unit, k = (_joined(u[0], v[0]), u[1] + v[1]), k + 2
        elif kind == "2-2":  # cut at different places on the two sides: no finer bead exists
            unit, k = (_joined(u[0], v[0]) + w[0], u[1] + _joined(v[1], w[1])), k + 3
        elif kind == "1-0":
            unit, k = (u[0], []), k + 1
        elif kind == "0-1":
            unit, k = ([], u[1]), k + 1
        else:
            unit, k = u, k + 1
        merged.append(unit)
        count += len(unit[0])
    return document_from_units(f"bible x{size}", merged)


# --- one measurement, in a child process -----------------------------------------------------


def _rss_now() -> float:
    """Resident memory now, in MB (Linux); the peak so far where /proc is not available."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return _rss_peak()


def _rss_peak() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, else KiB


def _aligner(name: str, doc: Document, units: Sequence[Unit]) -> Callable[[], Sequence[Any]]:
    """A call that aligns ``doc`` with aligner ``name``; inputs prepared outside it."""
    if name == "lengths":
        from bialign.align import align_lengths
        from bialign.chars import measure

        known = {s: measure(s) for ar, en in units for s in (*ar, *en)}
        ar = [known[s] if s in known else measure(s) for s in doc.ar]
        en = [known[s] if s in known else measure(s) for s in doc.en]
        return lambda: align_lengths(ar, en)
    if name == "sentences":
        from bialign.align import align_sentences

        ar_sentences, en_sentences = list(doc.ar), list(doc.en)
        return lambda: align_sentences(ar_sentences, en_sentences)
    from benchmarks.quality import nltk_default

    return lambda: nltk_default(doc)


def measure_child(name: str, size: int, seed: int, corpora: Path) -> dict[str, float]:
    """Build the document, align it (best of three runs when small), score it."""
    units = verse_units(read_records(corpora / "bible_svd_kjv.jsonl"))
    doc = long_document(units, size, seed)
    run = _aligner(name, doc, units)
    gc.collect()
    before = _rss_now()
    seconds, cpu = [], []
    for _ in range(3 if size <= 10_000 and name != "nltk" else 1):
        start, cpu_start = time.perf_counter(), time.process_time()
        beads = run()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    peak = _rss_peak()
    scores = evaluate(doc.gold, beads)
    return {
        "ar": len(doc.ar),
        "en": len(doc.en),
        "seconds": min(seconds),
        "cpu": min(cpu),
        "peak_mb": peak,
        "aligner_mb": max(peak - before, 0.0),
        "strict_f1": scores.strict_f1,
        "lax_f1": scores.lax_f1,
    }


@dataclass(frozen=True)
class Result:
    """One measurement as the child reported it."""

    aligner: str
    size: int
    ar: int
    en: int
    seconds: float
    cpu: float
    peak_mb: float
    aligner_mb: float
    strict_f1: float
    lax_f1: float


def environment(bialign: Path | None) -> dict[str, str]:
    """The environment of the commands measured: with ``bialign``, that checkout's package
    (and this one's benchmarks) on the path; bytecode may be written (see above)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if bialign is not None:
        here = Path(__file__).resolve().parents[1]
        path = f"{_package_only(bialign)}{os.pathsep}{here}"
        env.update(PYTHONPATH=path, PYTHONSAFEPATH="1")
    return env


@functools.cache
def _package_only(checkout: Path) -> Path:
    """A directory holding only a link to ``checkout``'s bialign package: ahead of this
    checkout on the path, it gives bialign from there and the benchmarks from here (the
    checkout's own benchmarks may be older)."""
    folder = Path(tempfile.mkdtemp(prefix="bialign-speed-package-"))
    (folder / "bialign").symlink_to((checkout / "bialign").resolve(), target_is_directory=True)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def measure(name: str, size: int, seed: int, corpora: Path, bialign: Path | None = None) -> Result:
    """Run one measurement in a fresh interpreter."""
    command = [sys.executable, "-m", "benchmarks.speed", "--child", name, str(size)]
    command += ["--seed", str(seed), "--corpora", str(corpora)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, env=environment(bialign)
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return Result(name, size, **json.loads(done.stdout.splitlines()[-1]))


# --- the command line --------------------------------------------------------------------------


@dataclass(frozen=True)
class CommandRun:
    """One run of ``bialign align --ar AR --en EN --presegmented``."""

    ar: int
    en: int
    seconds: float
    cpu: float
    peak_mb: float
    strict_f1: float
    lax_f1: float


def command_line(size: int, seed: int, corpora: Path, bialign: Path | None = None) -> CommandRun:
    """Align the document of ``size`` sentences a side through the command line, from files
    of one sentence a line, in a fresh process: its time and peak resident memory (its own,
    from ``wait4``), and the F1 of the JSONL it wrote."""
    from bialign.evaluate import read_beads

    units = verse_units(read_records(corpora / "bible_svd_kjv.jsonl"))
    doc = long_document(units, size, seed)
    folder = Path(tempfile.mkdtemp(prefix="bialign-speed-cli-"))
    try:
        for lang, sentences in (("ar", doc.ar), ("en", doc.en)):
            lines = "".join(" ".join(s.split()) + "\n" for s in sentences)  # one a line
            (folder / f"{lang}.txt").write_text(lines, encoding="utf-8")
        output = folder / "out.jsonl"
        command = [sys.executable, "-m", "bialign", "align", "--presegmented"]
        command += ["--ar", str(folder / "ar.txt"), "--en", str(folder / "en.txt")]
        with open(output, "wb") as out:
            start = time.perf_counter()
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.DEVNULL, env=environment(bialign)
            )
            _, status, used = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode})")
        scores = evaluate(doc.gold, read_beads(output))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    peak = used.ru_maxrss / 1e6 if sys.platform == "darwin" else used.ru_maxrss / 1e3
    cpu = used.ru_utime + used.ru_stime
    return CommandRun(len(doc.ar), len(doc.en), seconds, cpu, peak, scores.strict_f1, scores.lax_f1)


def command_table(runs: Sequence[CommandRun]) -> str:
    """One row a document: size, wall and CPU seconds, peak memory, F1."""
    lines = [
        f"{'ar x en sentences':>20}{'seconds':>10}{'CPU s':>8}{'peak MB':>10}"
        f"{'strict F1':>11}{'lax F1':>8}",
    ]
    lines.append("-" * len(lines[0]))
    for r in runs:
        lines.append(
            f"{f'{r.ar:,} x {r.en:,}':>20}{r.seconds:>10.2f}{r.cpu:>8.1f}{r.peak_mb:>10.0f}"
            f"{r.strict_f1:>11.3f}{r.lax_f1:>8.3f}"
        )
    return "\n".join(lines)


# --- end to end --------------------------------------------------------------------------------


def write_articles(folder: Path, corpora: Path, seed: int, limit_mb: float) -> tuple[int, int]:
    """Bilingual articles from consecutive records: English paragraphs, then Arabic ones.

    Bible chapters and UN sentences alternate, 20-60 records an article, 1-3 records a
    paragraph, until ``limit_mb`` of text is written. Returns articles and bytes written.
    """
    rng = random.Random(f"{seed}:articles")
    sources = [read_records(corpora / f) for f in ("bible_svd_kjv.jsonl", "unv1_dev_test.jsonl")]
    starts = [0, 0]
    count = written = 0
    while written < limit_mb * 1e6:
        which = count % 2
        records = sources[which]
        size = rng.randint(*_ARTICLE_RECORDS)
        chosen = records[starts[which] : starts[which] + size]
        starts[which] = (starts[which] + size) % max(len(records) - size, 1)
        paragraphs: list[list[Record]] = []
        while sum(map(len, paragraphs)) < len(chosen):
            taken = sum(map(len, paragraphs))
            paragraphs.append(chosen[taken : taken + rng.randint(*_PARAGRAPH_RECORDS)])
        english = "\n\n".join(" ".join(r.en for r in p) for p in paragraphs)
        arabic = "\n\n".join(" ".join(r.ar for r in p) for p in paragraphs)
        data = f"{english}\n\n{arabic}\n".encode()
        (folder / f"article-{count:04d}.txt").write_bytes(data)
        count += 1
        written += len(data)
    return count, written


def _has_jobs(bialign: Path | None) -> bool:
    shown = subprocess.run(
        [sys.executable, "-m", "bialign", "align", "--help"],
        capture_output=True,
        text=True,
        env=environment(bialign),
    )
    return "--jobs" in shown.stdout


@dataclass(frozen=True)
class Throughput:
    """Runs of one end-to-end command: the fastest, which is the least disturbed, and the
    slowest, which shows how much the machine disturbed them; ``cpus`` is the CPU time (user
    and system, of the command and every process it waited for) of each run, round by round,
    and ``cpu`` the least of them."""

    how: str
    seconds: float
    slowest: float
    cpus: tuple[float, ...]
    articles: int
    megabytes: float
    jobs: int

    @property
    def cpu(self) -> float:
        return min(self.cpus)


def _children_cpu() -> float:
    """User and system seconds of every child process waited for so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


@dataclass(frozen=True)
class Command:
    """One end-to-end command: what the table calls it, its words given an output directory,
    and its processes."""

    how: str
    words: Callable[[Path], list[str]]
    jobs: int


def timed_rounds(
    commands: Sequence[Command],
    articles: int,
    size: int,
    repeat: int,
    scratch: Path,
    bialign: Path | None = None,
) -> list[Throughput]:
    """Run every command once untimed, then ``repeat`` rounds of all of them in turn, each
    into a fresh directory in ``scratch``: wall and CPU time of each run.

    Taking turns, the commands meet the same moments of a busy machine, so that their ratios
    are fair; the order turns too, so that no command always runs just after the same one.
    The outputs are left for the caller to remove once nothing more is measured:
    ext4 skips the inodes freed in the last minute or more when it makes a file, one by one,
    so a command run just after another command's hundreds of files were removed paid for
    that, some tenth of its CPU.
    """
    env = environment(bialign)
    seconds: dict[str, list[float]] = {command.how: [] for command in commands}
    cpu: dict[str, list[float]] = {command.how: [] for command in commands}
    for round_ in range(repeat + 1):  # the first round warms up, untimed
        turn = round_ % len(commands)  # each command first in turn: none always runs after another
        for command in [*commands[turn:], *commands[:turn]]:
            output = Path(tempfile.mkdtemp(prefix="out-", dir=scratch))
            cpu_before, start = _children_cpu(), time.perf_counter()
            done = subprocess.run(
                command.words(output / "out"), capture_output=True, text=True, env=env
            )
            if done.returncode != 0:
                raise RuntimeError(f"{command.how} failed:\n{done.stderr[-2000:]}")
            if round_:
                seconds[command.how].append(time.perf_counter() - start)
                cpu[command.how].append(_children_cpu() - cpu_before)
    return [
        Throughput(
            c.how,
            min(seconds[c.how]),
            max(seconds[c.how]),
            tuple(cpu[c.how]),
            articles,
            size / 1e6,
            c.jobs,
        )
        for c in commands
    ]


@dataclass(frozen=True)
class Instructions:
    """Instructions one end-to-end command executed, its workers included (callgrind)."""

    how: str
    megabytes: float
    count: int


def counted_instructions(
    commands: Sequence[Command], size: int, scratch: Path, bialign: Path | None = None
) -> list[Instructions]:
    """Run each command once under ``valgrind --tool=callgrind``: the instructions it and
    every process it forked executed. Unlike CPU time, the count does not move with what else
    the machine runs (the same command gives the same count to a few parts in a thousand).

    Each process's counts are cut where it forks (``--dump-before=fork``), so that a worker
    does not carry its parent's counts; the parts are added up.
    """
    env = environment(bialign)
    counted = []
    for command in commands:
        folder = Path(tempfile.mkdtemp(prefix="callgrind-", dir=scratch))
        profiles = folder / "profiles"
        profiles.mkdir()
        words = [
            "valgrind",
            "--tool=callgrind",
            "--dump-before=fork",
            f"--callgrind-out-file={profiles}/callgrind.%p",
            *command.words(folder / "out"),
        ]
        done = subprocess.run(words, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{command.how} under callgrind failed:\n{done.stderr[-2000:]}")
        count = sum(_callgrind_total(profile) for profile in profiles.iterdir())
        counted.append(Instructions(command.how, size / 1e6, count))
    return counted


def _callgrind_total(profile: Path) -> int:
    """The instructions a callgrind profile counts (its ``totals:`` or ``summary:`` line)."""
    with profile.open() as lines:
        for line in lines:
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    raise ValueError(f"{profile}: no totals line")


def end_to_end(jobs: int | None, folder: Path) -> Command:
    """``bialign align`` over the folder: ``DIR --jobs N``, or the files in one process."""
    words = [sys.executable, "-m", "bialign", "align"]
    if jobs is None:
        words += [str(p) for p in sorted(folder.iterdir())]
        how = "bialign align FILES (one process)"
    else:
        words += [str(folder), "--jobs", str(jobs)]
        how = f"bialign align DIR --jobs {jobs}"
    return Command(how, lambda output: [*words, "-o", str(output)], jobs or 1)


FLOOR = "floor (python -m benchmarks.floor)"


def floor(folder: Path) -> Command:
    """:mod:`benchmarks.floor` over the folder (read, one regex pass, JSONL, fsync)."""
    words = [sys.executable, "-m", "benchmarks.floor", str(folder)]
    return Command(FLOOR, lambda output: [*words, str(output)], 1)


# --- tables ------------------------------------------------------------------------------------


def aligner_table(results: Sequence[Result]) -> str:
    """One row a measurement: size, wall and CPU seconds (and CPU a sentence of the larger
    side: on a busy machine the wall time says little), memory, F1."""
    lines = [
        f"{'aligner':<18}{'ar x en sentences':>20}{'seconds':>10}{'CPU s':>9}{'CPU us/sent':>13}"
        f"{'peak MB':>9}{'aligner MB':>12}{'strict F1':>11}{'lax F1':>8}",
    ]
    lines.append("-" * len(lines[0]))
    for r in results:
        label = f"align_{r.aligner}" if r.aligner != "nltk" else "nltk align_blocks"
        per_sentence = r.cpu / max(r.ar, r.en, 1) * 1e6
        lines.append(
            f"{label:<18}{f'{r.ar:,} x {r.en:,}':>20}{r.seconds:>10.2f}{r.cpu:>9.2f}"
            f"{per_sentence:>13.1f}{r.peak_mb:>9.0f}{r.aligner_mb:>12.0f}"
            f"{r.strict_f1:>11.3f}{r.lax_f1:>8.3f}"
        )
    return "\n".join(lines)


def nltk_table(rows: Sequence[tuple[Result, Result, Result]]) -> str:
    """NLTK, then bialign's two entry points: seconds, speed-up over NLTK, strict F1."""
    groups = ("NLTK align_blocks", "bialign align_sentences", "bialign align_lengths")
    head1 = f"{'':<16}{groups[0]:^20}" + "".join(f"{g:^30}" for g in groups[1:])
    head2 = f"{'ar x en':<16}{'seconds':>10}{'strict F1':>10}" + (
        f"{'seconds':>10}{'speed-up':>10}{'strict F1':>10}" * 2
    )
    lines = [head1, head2, "-" * len(head2)]
    for nltk, *ours in rows:
        line = f"{f'{nltk.ar:,} x {nltk.en:,}':<16}{nltk.seconds:>10.2f}{nltk.strict_f1:>10.3f}"
        for r in ours:
            line += f"{r.seconds:>10.3f}{nltk.seconds / r.seconds:>9.0f}x{r.strict_f1:>10.3f}"
        lines.append(line)
    return "\n".join(lines)


def throughput_table(runs: Sequence[Throughput]) -> str:
    """One row a command: MB and articles per second in its fastest run, MB per second a job;
    its slowest run; its CPU seconds and their multiple of the floor's on the same input (the
    floor is the first row of each input size)."""
    head = (
        f"{'command':<36}{'articles':>9}{'MB':>7}{'seconds':>9}{'MB/s':>7}{'MB/s a job':>12}"
        f"{'articles/s':>12}{'slowest s':>11}{'CPU s':>8}{'x floor CPU':>13}"
    )
    lines = [head, "-" * len(head)]
    floors = {t.megabytes: t.cpu for t in runs if t.how.startswith("floor")}
    for t in runs:
        rate = t.megabytes / t.seconds
        lines.append(
            f"{t.how:<36}{t.articles:>9}{t.megabytes:>7.1f}{t.seconds:>9.1f}{rate:>7.2f}"
            f"{rate / t.jobs:>12.2f}{t.articles / t.seconds:>12.1f}{t.slowest:>11.1f}"
            f"{t.cpu:>8.1f}{t.cpu / floors[t.megabytes]:>12.1f}x"
        )
    return "\n".join(lines)


def jobs_cpu_lines(runs: Sequence[Throughput]) -> list[str]:
    """For each input size measured with ``--jobs 1`` and ``--jobs 2``: the ratio of their
    least CPU times, and the ratios within each round (the two commands one after the other,
    so that they met the same state of the machine): the median and the range."""
    by_run = {(t.megabytes, t.how): t for t in runs}
    lines = []
    for megabytes in dict.fromkeys(t.megabytes for t in runs):
        one = by_run.get((megabytes, "bialign align DIR --jobs 1"))
        two = by_run.get((megabytes, "bialign align DIR --jobs 2"))
        if one is None or two is None:
            continue
        rounds = sorted(b / a for a, b in zip(one.cpus, two.cpus, strict=True))
        lines.append(
            f"--jobs 2 CPU / --jobs 1 CPU on {megabytes:.1f} MB: least {two.cpu / one.cpu:.3f} "
            f"({two.cpu - one.cpu:+.2f} s, {two.cpu / one.cpu - 1:+.1%}); within a round, "
            f"median {statistics.median(rounds):.3f} ({statistics.median(rounds) - 1:+.1%}), "
            f"{rounds[0]:.3f} to {rounds[-1]:.3f} over {len(rounds)} rounds"
        )
    return lines


def instructions_table(counts: Sequence[Instructions]) -> str:
    """One row a command: billions of instructions, their multiple of the floor's on the same
    input, and (for ``--jobs 2``) their ratio to ``--jobs 1``'s."""
    head = f"{'command':<36}{'MB':>7}{'instructions':>14}{'x floor':>9}{'over --jobs 1':>15}"
    lines = [head, "-" * len(head)]
    by_run = {(c.megabytes, c.how): c.count for c in counts}
    for c in counts:
        one = by_run.get((c.megabytes, "bialign align DIR --jobs 1"))
        over = f"{c.count / one - 1:+.1%}" if one and c.how.endswith("--jobs 2") else ""
        lines.append(
            f"{c.how:<36}{c.megabytes:>7.1f}{c.count / 1e9:>13.3f}G"
            f"{c.count / by_run[c.megabytes, FLOOR]:>8.1f}x{over:>15}"
        )
    return "\n".join(lines)


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(s.replace("_", "")) for s in text.split(",") if s)


def _megabytes(text: str) -> tuple[float, ...]:
    return tuple(float(s) for s in text.split(",") if s)


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(s for s in text.split(",") if s)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown parts {unknown}; choose from {PARTS}")
    return parts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, help="sentences a side, comma-separated")
    parser.add_argument("--nltk-sizes", type=_sizes, help="sizes NLTK is run on")
    parser.add_argument(
        "--sentences-max",
        type=int,
        default=100_000,
        help="largest size align_sentences is run on (%(default)s)",
    )
    parser.add_argument(
        "--cli-sizes",
        type=_sizes,
        default=CLI_SIZES,
        help="sizes the command line is run on (100000)",
    )
    parser.add_argument("--quick", action="store_true", help="sizes up to 100,000; NLTK at 1,000")
    parser.add_argument(
        "--only",
        type=_parts,
        default=PARTS,
        help=f"the parts to run, comma-separated (all: {','.join(PARTS)})",
    )
    parser.add_argument(
        "--bialign",
        type=Path,
        help="measure the bialign package of this checkout (default: the one imported)",
    )
    parser.add_argument(
        "--articles-mb",
        type=_megabytes,
        default=(6.0, 24.0),
        help="end-to-end input sizes, comma-separated (6,24)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="end-to-end rounds of the commands in turn, fastest kept (%(default)s)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the end-to-end commands' instructions under valgrind's callgrind, "
        "once each (some 50 times their run time)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--child", nargs=2, metavar=("ALIGNER", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (args.corpora / "bible_svd_kjv.jsonl").is_file():
        print(f"skipped: no corpora at {args.corpora} (give --corpora DIR)", file=sys.stderr)
        return 0
    if args.child:
        name, size = args.child
        if name not in ALIGNERS:
            parser.error(f"unknown aligner {name}; choose from {', '.join(ALIGNERS)}")
        print(json.dumps(measure_child(name, int(size), args.seed, args.corpora)))
        return 0

    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    nltk_sizes = args.nltk_sizes or (QUICK_NLTK_SIZES if args.quick else NLTK_SIZES)
    cores = os.cpu_count() or 1
    print(
        f"bialign speed benchmark: seed {args.seed}, {cores} cores, Python {sys.version.split()[0]}"
    )
    print(f"corpora: {args.corpora}; documents: the Bible sentence-split, repeated, merges and")
    rates = ", ".join(f"{kind} {rate:.0%}" for kind, rate in MERGE_RATES.items())
    print(f"deletions at {rates} of verses")
    print()

    only, bialign = args.only, args.bialign
    if bialign is not None:
        print(f"bialign measured: {bialign.resolve()}")
    results = [
        measure(name, size, args.seed, args.corpora, bialign)
        for size in sizes
        for name in ("lengths", "sentences")
        if name in only and (name == "lengths" or size <= args.sentences_max)
    ]
    if results:
        print(
            "Aligner (one fresh process a row; aligner MB = peak less memory held before the call)"
        )
        print(aligner_table(results))
        print()

    if "cli" in only and args.cli_sizes:
        commands = [command_line(size, args.seed, args.corpora, bialign) for size in args.cli_sizes]
        print("Command line: bialign align --ar AR --en EN --presegmented (the same documents,")
        print("one sentence a line; JSONL to a file); peak MB: the command's resident memory")
        print(command_table(commands))
        print()

    if "nltk" in only:
        by_key = {(r.aligner, r.size): r for r in results}
        pairs = []
        for size in nltk_sizes:
            nltk = measure("nltk", size, args.seed, args.corpora, bialign)
            sentences = by_key.get(("sentences", size)) or measure(
                "sentences", size, args.seed, args.corpora, bialign
            )
            lengths = by_key.get(("lengths", size)) or measure(
                "lengths", size, args.seed, args.corpora, bialign
            )
            pairs.append((nltk, sentences, lengths))
        print("NLTK align_blocks (as shipped, on len) beside bialign, same documents")
        print(nltk_table(pairs))
        print()

    if "end-to-end" not in only:
        return 0
    every_jobs: list[int | None] = sorted({1, 2, cores}) if _has_jobs(bialign) else [None]
    if args.instructions and shutil.which("valgrind") is None:
        print("--instructions: skipped (valgrind is not installed)", file=sys.stderr)
        args.instructions = False
    runs, counts = [], []
    # Nothing is removed before the last measurement (see timed_rounds).
    scratch = Path(tempfile.mkdtemp(prefix="bialign-speed-end-to-end-"))
    try:
        lineups = []
        for megabytes in args.articles_mb:
            folder = Path(tempfile.mkdtemp(prefix="articles-", dir=scratch))
            articles, size = write_articles(folder, args.corpora, args.seed, megabytes)
            lineup = [floor(folder), *(end_to_end(jobs, folder) for jobs in every_jobs)]
            lineups.append((lineup, size))
            runs += timed_rounds(lineup, articles, size, args.repeat, scratch, bialign)
        if args.instructions:  # last: the timed rounds of every size run close together
            for lineup, size in lineups:
                counts += counted_instructions(lineup[:3], size, scratch, bialign)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("End to end: bilingual articles (English then Arabic, Bible and UN records), JSONL out;")
    print(f"the commands take turns: a warm-up round, then {args.repeat} rounds; the fastest run")
    print("of each command and its slowest")
    print("CPU s: user + system time of the command and its workers, the least of the runs;")
    print("the floor reads the same files, cuts them with one regex pass, writes one JSONL")
    print("record a piece and fsyncs each file")
    print(throughput_table(runs))
    for line in jobs_cpu_lines(runs):
        print(line)
    if every_jobs == [None]:
        print("(this bialign has no --jobs: one process over the files)")
    if counts:
        print()
        print("Instructions (valgrind --tool=callgrind, each command once, its workers included)")
        print(instructions_table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
