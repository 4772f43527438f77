"""Run file jobs on a pool of local processes; a worker that dies fails its own task only."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from ..batch.document import Reason
from ..batch.job import JobOptions, Outcome, align_task
from ..batch.plan import Task

__all__ = ["OnOutcome", "default_jobs", "run_tasks"]

OnOutcome = Callable[[int, Outcome], None]


def default_jobs() -> int:
    """The number of processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_tasks(
    tasks: Sequence[Task], options: JobOptions, jobs: int, on_outcome: OnOutcome
) -> list[Outcome]:
    """Run :func:`~bialign.batch.job.align_task` on every task, on ``jobs`` processes (1: in
    this one).

    ``on_outcome(index, outcome)`` is called in this process as each task finishes, in
    completion order; the outcomes are returned in task order. A worker process that dies
    (killed, out of memory) fails its own task only: the others are run again.
    """
    outcomes: list[Outcome | None] = [None] * len(tasks)

    def done(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        on_outcome(index, outcome)

    if jobs <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            done(index, align_task(task, options))
    else:
        _run_pool(tasks, options, min(jobs, len(tasks)), done)
    return [outcome for outcome in outcomes if outcome is not None]


def _run_pool(tasks: Sequence[Task], options: JobOptions, jobs: int, done: OnOutcome) -> None:
    remaining = list(range(len(tasks)))
    while remaining:
        broken = _pool_round(tasks, remaining, options, jobs, done)
        # The pool hands tasks out in order, at most 2 * jobs + 1 at a time (one per worker,
        # jobs + 1 queued): the task that killed a worker is among the first unfinished ones.
        # Each of those runs alone, so a crash fails only its own task; the rest go again.
        suspects, remaining = broken[: 2 * jobs + 1], broken[2 * jobs + 1 :]
        for index in suspects:
            done(index, _run_alone(tasks[index], options))


def _pool_round(
    tasks: Sequence[Task],
    indices: Sequence[int],
    options: JobOptions,
    jobs: int,
    done: OnOutcome,
) -> list[int]:
    """Run some tasks on a pool; return those lost because a worker died, in task order."""
    broken: list[int] = []
    executor = ProcessPoolExecutor(max_workers=jobs)
    try:
        futures: dict[Future[Outcome], int] = {
            executor.submit(align_task, tasks[index], options): index for index in indices
        }
        for future in as_completed(futures):
            try:
                done(futures[future], future.result())
            except BrokenProcessPool:
                broken.append(futures[future])
    except BaseException:
        # Interrupted: stop handing out work and do not wait for what is running.
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()
    return sorted(broken)


def _run_alone(task: Task, options: JobOptions) -> Outcome:
    with ProcessPoolExecutor(max_workers=1) as executor:
        try:
            return executor.submit(align_task, task, options).result()
        except BrokenProcessPool:
            return Outcome(
                task.source,
                Reason.WORKER_DIED,
                "killed, or out of memory: is the input very large?",
            )
