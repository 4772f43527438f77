"""What running on more than one process costs: `--jobs 2` against `--jobs 1` on the same
articles, and what is left of it when the worker has nothing to learn.

Run from the repository root::

    python -m benchmarks.pool [DIR] [--rounds 8] [--workers 3,4,8,16]

DIR defaults to the speed benchmark's 6 MB of bilingual articles (``benchmarks/speed.py``,
built from ``../shared/corpora``; skipped, saying so, when those are absent).

- **Cost.** Each run is a process of its own that plans the tasks, then measures
  :func:`bialign.runners.local.run_tasks` alone: CPU (user + system) and page faults of the
  process and its workers, start-up left out. *All learnt first*: before the measured run the
  process aligns every article once (outputs discarded), so that the worker it forks inherits
  every word learnt, pattern compiled and cache filled: what remains is the second process
  itself. *Process pool*: the workers of ``concurrent.futures.ProcessPoolExecutor`` (the pool
  used where processes do not fork) instead of :class:`bialign.runners.forked.ForkedPool`.
  The configurations take turns, ``--rounds`` times after a warm-up round.
- **Feeding.** Workers that sleep 3 ms a task (no CPU) while the main process aligns the
  real articles: the share of their time spent waiting between batches, with the main
  process aligning too and only feeding them, for each of ``--workers``. Handing on outcomes
  and refilling the workers needs the main process's GIL; this is why it aligns only up to
  :data:`bialign.runners.local._MOST_JOBS_HELPED` jobs. (Where workers fork, as on Linux:
  they inherit the patched module.)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks.corpora import default_corpora_dir
from benchmarks.speed import write_articles
from bialign.batch.document import Reason
from bialign.batch.job import JobOptions, Outcome, align_task, warm
from bialign.batch.plan import Task, find_inputs, plan_tasks
from bialign.formats.common import discard
from bialign.runners import local

#: (label, --jobs, how: "learnt" (all learnt first), "process pool" (ProcessPoolExecutor's
#: workers, the pool used where processes do not fork), or "")
_COSTS = (
    ("--jobs 1", 1, ""),
    ("--jobs 2", 2, ""),
    ("--jobs 2, process pool", 2, "process pool"),
    ("--jobs 1, all learnt first", 1, "learnt"),
    ("--jobs 2, all learnt first", 2, "learnt"),
)
_SLEEP = 0.003


def _usage() -> tuple[float, int]:
    """CPU seconds and page faults of this process and the children it has waited for."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, own.ru_minflt + children.ru_minflt


def _tasks(folder: Path, out: Path) -> list[Task]:
    return plan_tasks(find_inputs([folder]), out, "jsonl")


def cost(folder: Path, jobs: int, how: str) -> dict[str, float]:
    """In a process of its own: CPU and page faults of one run over ``folder``."""
    if how == "process pool":
        local._forks = lambda: False
    with tempfile.TemporaryDirectory() as out:
        tasks, options = _tasks(folder, Path(out)), JobOptions()
        if how == "learnt":
            warm(options)
            staged = replace(options, defer_commit=True)
            for task in tasks:
                discard(align_task(task, staged).staged)
        cpu, faults = _usage()
        local.run_tasks(tasks, options, jobs, lambda index, outcome: None)
        after = _usage()
    return {"cpu": after[0] - cpu, "faults": after[1] - faults}


#: Where :func:`_logged` keeps each worker's batches, and the functions it stands in for.
_LOG = Path()
_ALIGN, _ALIGN_BATCH = local.align_task, local._align_batch


#: The process that runs the measures: workers fork from it.
_MAIN = os.getpid()


def _asleep_in_workers(task: Task, options: JobOptions, out: object = None) -> Outcome:
    if os.getpid() == _MAIN:
        return _ALIGN(task, options)
    time.sleep(_SLEEP)
    return Outcome(task.source, Reason.EMPTY)


def _logged(indices: Sequence[int]) -> list[Outcome]:
    """A worker's batch, its start and end written down (sent to workers by name: a function
    of the module)."""
    start = time.monotonic()
    outcomes = _ALIGN_BATCH(indices)
    with open(_LOG / str(os.getpid()), "a") as spans:
        spans.write(f"{start} {time.monotonic()}\n")
    return outcomes


def feeding(folder: Path, workers: int, helping: bool) -> dict[str, float]:
    """In a process of its own: the share of the time sleeping workers wait between batches."""
    global _LOG
    local.align_task, local._align_batch = _asleep_in_workers, _logged
    local._MOST_JOBS_HELPED = sys.maxsize if helping else 0
    busy = idle = 0.0
    with tempfile.TemporaryDirectory() as out:
        _LOG = Path(out) / "batches"
        _LOG.mkdir()
        jobs = workers + 1 if helping else workers
        tasks = _tasks(folder, Path(out) / "aligned")
        local.run_tasks(tasks, JobOptions(), jobs, lambda index, outcome: None)
        for worker in _LOG.iterdir():
            lines = worker.read_text().splitlines()
            spans = sorted(tuple(map(float, line.split())) for line in lines)
            busy += sum(end - start for start, end in spans)
            idle += sum(start - end for (_, end), (start, _) in itertools.pairwise(spans))
    return {"idle": idle / (busy + idle)}


def _child(*words: str) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.pool", "--child", *words],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(run.stdout.splitlines()[-1])
    return result


def _cost_table(folder: Path, rounds: int) -> list[str]:
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in _COSTS}
    for turn in range(rounds + 1):
        for label, jobs, how in _COSTS[turn % 2 :] + _COSTS[: turn % 2]:
            measured = _child("cost", str(folder), str(jobs), how)
            if turn:  # the first round warms the machine
                runs[label].append(measured)
    least = {label: min(r["cpu"] for r in runs[label]) for label in runs}
    header = f"{'run':28}{'least CPU s':>12}{'median CPU s':>14}{'page faults':>13}"
    lines = [f"{header}{'over --jobs 1':>22}", "-" * 89]
    for label, _, how in _COSTS:
        one = least["--jobs 1, all learnt first" if how == "learnt" else "--jobs 1"]
        cpus = [r["cpu"] for r in runs[label]]
        faults = statistics.median(r["faults"] for r in runs[label])
        lines.append(
            f"{label:28}{min(cpus):12.3f}{statistics.median(cpus):14.3f}{faults:13.0f}"
            f"{min(cpus) - one:+11.3f} s{100 * (min(cpus) / one - 1):+8.1f}%"
        )
    return lines


def _feeding_table(folder: Path, workers: Sequence[int]) -> list[str]:
    lines = [
        f"{'workers':>8}{'main process aligns too':>26}{'main process only feeds':>26}",
        "-" * 60,
    ]
    for count in workers:
        shares = [
            _child("feeding", str(folder), str(count), helps)["idle"] for helps in ("helps", "")
        ]
        lines.append(f"{count:8}{100 * shares[0]:25.1f}%{100 * shares[1]:25.1f}%")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, nargs="?")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--workers", default="3,4,8,16")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, folder, number, how = args.child
        if kind == "cost":
            print(json.dumps(cost(Path(folder), int(number), how)))
        else:
            print(json.dumps(feeding(Path(folder), int(number), how == "helps")))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.directory
        if folder is None:
            corpora = default_corpora_dir()
            if not (corpora / "bible_svd_kjv.jsonl").is_file():
                print(f"skipped: no corpora at {corpora} (give a DIR of articles)", file=sys.stderr)
                return 0
            folder = Path(scratch)
            write_articles(folder, corpora, seed=13, limit_mb=6)
        articles = find_inputs([folder])
        megabytes = sum(path.stat().st_size for path in articles) / 1e6
        print(
            f"bialign pool benchmark: {len(articles)} articles, {megabytes:.1f} MB, Python "
            f"{sys.version.split()[0]}, {os.cpu_count()} cores"
        )
        print(
            f"\nCost: CPU of the run and its workers (start-up left out), the least and the "
            f"median of {args.rounds} rounds taking turns after a warm-up round"
        )
        print("\n".join(_cost_table(folder, args.rounds)))
        if not local._forks():
            print("\nFeeding: skipped (needs workers forked from this process)")
            return 0
        print(
            f"\nFeeding: workers that sleep {_SLEEP * 1000:.0f} ms a task, the main process "
            "aligning the articles; the workers' time waiting between batches"
        )
        workers = [int(count) for count in args.workers.split(",")]
        print("\n".join(_feeding_table(folder, workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
