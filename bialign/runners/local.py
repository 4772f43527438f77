"""Run file jobs on local processes, a pool of workers and (with a few jobs) this one; a worker
that dies fails its own task only."""

from __future__ import annotations

import functools
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..batch.document import Reason
from ..batch.job import JobOptions, Outcome, align_task, committed, warm
from ..batch.plan import Task, output_files, remove_stale_temporaries
from ..formats.common import discard
from ..inputs import DEFAULT_MAX_BYTES

# The pools' modules are imported by the functions that start one: --jobs 1 runs the tasks
# in this process, and multiprocessing (7 ms) is not needed where workers fork.
if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["OnOutcome", "default_jobs", "run_tasks"]

OnOutcome = Callable[[int, Outcome], None]

#: The exit status of a worker whose main process has gone.
EXIT_ORPHANED = 1


def default_jobs() -> int:
    """The number of processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_tasks(
    tasks: Sequence[Task], options: JobOptions, jobs: int, on_outcome: OnOutcome
) -> list[Outcome]:
    """Run :func:`~bialign.batch.job.align_task` on every task, on ``jobs`` processes: this
    one and ``jobs - 1`` workers, or ``jobs`` workers that this one keeps fed (see
    :func:`_pool_round`).

    ``on_outcome(index, outcome)`` is called in this process as tasks finish (a few at a
    time), in completion order, once their outputs are synced and under their names; the
    outcomes are returned in task order. A worker process that dies (killed, out of memory)
    fails its own task only: the others are run again. (A task that ends this process ends
    the run, as with ``jobs=1``; the outputs committed stay.)

    Tasks write their outputs staged (:attr:`JobOptions.defer_commit`) and a thread of this
    process commits them a gathering at a time (:func:`_commit_and_report`), so that no
    worker waits for the disk.
    """
    outcomes: list[Outcome | None] = [None] * len(tasks)

    def done(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        on_outcome(index, outcome)

    committer = _Committer(done)
    staged = replace(options, defer_commit=True)
    try:
        if jobs <= 1 or len(tasks) <= 1:
            for index, task in enumerate(tasks):
                committer(index, align_task(task, staged))
        else:
            _run_pool(tasks, staged, min(jobs, len(tasks)), committer)
        committer.close()
    except BaseException:
        committer.abandon()  # interrupted while closing too: nothing reported after this
        raise
    return [outcome for outcome in outcomes if outcome is not None]


#: How long finished tasks gather before the committing thread commits them together (one
#: directory sync for all): woken for each task, it took the GIL from the tasks' thread at
#: once, with the thread switches that takes, a third of its CPU time. Reports come up to
#: that much later.
_GATHER_SECONDS = 0.1


def _commit_and_report(items: Sequence[tuple[int, Outcome]], report: OnOutcome) -> None:
    """Commit the outcomes' staged outputs together, then report each, in order.

    If reporting raises (the run is stopped), the outputs committed with the outcomes not yet
    reported are removed: no output is left in place that the run did not report.
    """
    outcomes = committed([outcome for _, outcome in items])
    reported = 0
    try:
        for (index, _), outcome in zip(items, outcomes, strict=True):
            report(index, outcome)
            reported += 1
    except BaseException:
        for (_, before), after in zip(items[reported + 1 :], outcomes[reported + 1 :], strict=True):
            if after.outputs:  # committed
                for file in before.staged:
                    with suppress(OSError):
                        file.path.unlink(missing_ok=True)
        raise


class _Committer:
    """Commits finished tasks' outputs on a thread of its own (the disk's waits overlap the
    next tasks' work) and only then reports each outcome, in the order they came.

    Called for every outcome, so that the report callback runs on this one thread only.
    """

    def __init__(self, report: OnOutcome) -> None:
        self._report = report
        self._queue: queue.SimpleQueue[tuple[int, Outcome] | None] = queue.SimpleQueue()
        self._stopping = False
        self._lock = threading.Lock()  # no outcome queued once abandon has queued its end
        self._closing = threading.Event()  # cuts the gathering short
        # Waited for rather than the thread joined: Python 3.11's join, once interrupted
        # (Ctrl-C), takes the thread for ended, and a second join returned at once.
        self._ended = threading.Event()
        self._error: BaseException | None = None
        # Started by the first outcome: the workers fork before it, and a fork while another
        # thread runs may copy a lock that thread holds, held for good in the worker.
        self._thread: threading.Thread | None = None

    def __call__(self, index: int, outcome: Outcome) -> None:
        with self._lock:
            if self._error is not None:  # reporting failed, or was interrupted: stop the run
                discard(outcome.staged)
                raise self._error
            if self._stopping:  # a worker's outcome that came in after an interrupt
                discard(outcome.staged)
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="bialign-commit", daemon=True
                )
                self._thread.start()
            self._queue.put((index, outcome))

    def _run(self) -> None:
        try:
            while True:
                items = [self._queue.get()]
                self._closing.wait(_GATHER_SECONDS)
                with suppress(queue.Empty):
                    while True:
                        items.append(self._queue.get_nowait())
                self._commit([item for item in items if item is not None])
                if None in items:
                    return
        finally:
            self._ended.set()

    def _commit(self, items: Sequence[tuple[int, Outcome]]) -> None:
        if self._stopping or self._error is not None:
            for _, outcome in items:
                discard(outcome.staged)  # interrupted: never reported, so never in place
            return
        try:
            _commit_and_report(items, self._report)
        except BaseException as error:
            self._error = error

    def close(self) -> None:
        """Commit and report everything queued; raise what reporting raised."""
        self._end()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Interrupted: finish the commit under way, remove what is queued, report nothing
        more."""
        with self._lock:
            self._stopping = True
        self._end()

    def _end(self) -> None:
        self._closing.set()
        self._queue.put(None)
        with self._lock:
            if self._thread is None:  # no outcome came
                self._ended.set()
        self._ended.wait()


#: Tasks sent to a worker at a time, at most: each round trip to a worker costs the main
#: process some thread switches and pipe writes, as much CPU as a few per cent of a small
#: article's alignment; the batches stay small enough for the processes to finish together.
_MOST_PER_BATCH = 8


#: Jobs up to which this process aligns too; beyond, it only keeps the workers fed. Handing
#: on their outcomes and refilling them takes the GIL from the tasks' thread: workers that
#: slept 3 ms a task waited between batches, with this process aligning and without, 1.4 to
#: 2.2% of the time against 1.2 to 1.6% with 3 of them, 14 to 15% against 5 to 10% with 16
#: (three runs of the measure in ``benchmarks/pool.py``).
_MOST_JOBS_HELPED = 4


def _batch_size(tasks: int, jobs: int) -> int:
    """How many tasks to send to a worker at a time: at least four batches a process."""
    return max(1, min(_MOST_PER_BATCH, tasks // (4 * jobs)))


def _run_pool(tasks: Sequence[Task], options: JobOptions, jobs: int, done: OnOutcome) -> None:
    warm(options)  # before the workers fork, so that they share what it loads
    remaining = list(range(len(tasks)))
    while remaining:
        size = _batch_size(len(remaining), jobs)
        broken, left = _pool_round(tasks, remaining, options, jobs, size, done)
        if not broken and len(left) == len(remaining):
            # No process took a task (a worker died before its first): the first runs alone,
            # so that workers that cannot start fail a task a round rather than loop for ever.
            broken, left = left[:1], left[1:]
        remaining = left
        # Tasks that finished in a worker that then died never reached this process: their
        # complete outputs are staged under temporary names that nothing will commit.
        remove_stale_temporaries(
            file for index in broken for file in output_files(tasks[index], options.format)
        )
        # The batches a dying worker held (with a process pool's workers, the batches every
        # worker held): each of their tasks runs alone, so that a crash fails only its own.
        for index in broken:
            done(index, _run_alone(tasks, index, options))


#: In a worker: the run's tasks and options, given at its start (a fork shares them, other
#: start methods pickle them once a worker; sent with each batch, every task was pickled by
#: the main process and unpickled by the worker).
_work: tuple[Sequence[Task], JobOptions] = ((), JobOptions())


def _align_batch(indices: Sequence[int]) -> list[Outcome]:
    """:func:`~bialign.batch.job.align_task` on each task of ``indices``, in a worker."""
    tasks, options = _work
    return [align_task(tasks[index], options) for index in indices]


class _Ends:
    """A round's batches, handed to the workers from the front and to this process from the
    back until the two meet; or, once the run stops or a worker has died, to nobody."""

    def __init__(self, batches: Sequence[Sequence[int]]) -> None:
        self._batches = batches
        self._front, self._back = 0, len(batches)
        self._lock = threading.Lock()
        self.handed_out = threading.Event()  # all of them, or closed

    def front(self) -> Sequence[int] | None:
        with self._lock:
            if self._front == self._back:
                return None
            self._front += 1
            if self._front == self._back:
                self.handed_out.set()
            return self._batches[self._front - 1]

    def back(self) -> Sequence[int] | None:
        with self._lock:
            if self._front == self._back:
                return None
            self._back -= 1
            if self._front == self._back:
                self.handed_out.set()
            return self._batches[self._back]

    def close(self) -> list[int]:
        """Hand out nothing more; return the tasks never handed out, in order."""
        with self._lock:
            left = self._batches[self._front : self._back]
            self._front = self._back
        self.handed_out.set()
        return [index for batch in left for index in batch]


def _pool_round(
    tasks: Sequence[Task],
    indices: Sequence[int],
    options: JobOptions,
    jobs: int,
    size: int,
    done: OnOutcome,
) -> tuple[list[int], list[int]]:
    """Run some tasks, ``size`` at a time, on ``jobs`` processes; return those lost because a
    worker died, and those not yet sent to any process then, in task order.

    The workers are given batches from the front, each as another ends, one more than they
    run while this process keeps some. With up to :data:`_MOST_JOBS_HELPED` jobs and inputs
    no bigger than :data:`~bialign.inputs.DEFAULT_MAX_BYTES` allows (the largest then took
    260 MB), this process is one of the jobs and takes batches from the back: with a worker
    for every job, two had cost a tenth more CPU than one on 6 MB of articles (each worker
    copies pages, faults in a working set and learns words afresh), while this process
    waited, warm. Bigger inputs are aligned only in workers, where running out of memory
    fails only their own task. Workers' outcomes are handed on as they come, on the pool's
    thread, so that a long task here holds none back.
    """
    from concurrent.futures import BrokenExecutor

    broken: list[int] = []
    failed: list[BaseException] = []  # raised where no one would see it: the pool's thread
    batches = [indices[at : at + size] for at in range(0, len(indices), size)]
    ends = _Ends(batches)
    unsent: list[int] = []
    bounded = options.max_bytes is not None and options.max_bytes <= DEFAULT_MAX_BYTES
    helping = jobs <= _MOST_JOBS_HELPED and bounded
    workers = jobs - 1 if helping else jobs
    pool = _pool(workers, tasks, options)

    def feed() -> None:
        batch = ends.front()
        if batch is None:
            return
        try:
            future = pool.submit(_align_batch, batch)
        except RuntimeError:  # the pool is broken, or stopped: the rest goes to another round
            unsent.extend(batch)
            unsent.extend(ends.close())
            return
        future.add_done_callback(functools.partial(batch_done, batch))

    def fail(error: BaseException) -> None:
        failed.append(error)
        ends.close()

    def batch_done(batch: Sequence[int], future: Future[list[Outcome]]) -> None:
        try:
            outcomes = future.result()
        except BrokenExecutor:
            broken.extend(batch)
            unsent.extend(ends.close())
            return
        except BaseException as error:
            fail(error)
            return
        for index, outcome in zip(batch, outcomes, strict=True):
            try:
                done(index, outcome)
            except BaseException as error:  # the run is stopping: done discards each outcome
                fail(error)
        try:
            feed()
        except BaseException as error:  # out of memory, say: the run stops, the batch with it
            fail(error)

    try:
        # One batch waiting in the workers' queue hides the pool's thread's time to refill
        # them; not when it would be this process's only one (two inputs, --jobs 2).
        ahead = 1 if not helping or len(batches) > jobs else 0
        for _ in range(workers + ahead):
            feed()
        if helping:
            while not failed and (batch := ends.back()) is not None:
                for index in batch:
                    done(index, align_task(tasks[index], options))
        else:
            ends.handed_out.wait()
        # Waited for, the pool's thread runs batch_done to the end; after a failure the
        # workers are ended instead, not waited for.
        if not failed:
            pool.shutdown()
        if failed:
            raise failed[0]
    except BaseException:
        pool.terminate()
        raise
    return sorted(broken), sorted(unsent)


def _run_alone(tasks: Sequence[Task], index: int, options: JobOptions) -> Outcome:
    from concurrent.futures import BrokenExecutor

    pool = _pool(1, [tasks[index]], options)  # the one task: no list to pickle
    try:
        return pool.submit(_align_batch, [0]).result()[0]
    except BrokenExecutor:
        return Outcome(
            tasks[index].source,
            Reason.WORKER_DIED,
            "killed, or out of memory: is the input very large?",
        )
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.shutdown()


_A = TypeVar("_A")
_R = TypeVar("_R")


class _Pool(Protocol):
    """Worker processes, each started with :func:`_start_worker`."""

    def submit(self, fn: Callable[[_A], _R], arg: _A, /) -> Future[_R]:
        """Have a worker call ``fn(arg)``; ``RuntimeError`` (``BrokenExecutor`` once a worker
        has died) when the pool takes no more."""

    def shutdown(self) -> None:
        """Take no more calls; wait for those given, and for the workers to exit."""

    def terminate(self) -> None:
        """Interrupted: end the workers now, so that nothing is written after the
        interruption is reported (a half-written output stays a temporary)."""


def _pool(jobs: int, tasks: Sequence[Task], options: JobOptions) -> _Pool:
    """``jobs`` workers for ``tasks``: forked from this process on Linux; elsewhere, or where
    another start method was chosen for :mod:`multiprocessing`, a process pool's."""
    if _forks():
        from .forked import ForkedPool

        return ForkedPool(jobs, _start_worker, (os.getpid(), tasks, options))
    return _Spawned(jobs, tasks, options)


def _forks() -> bool:
    """Whether workers fork from this process: on Linux, unless a program that uses bialign
    chose another start method for :mod:`multiprocessing` (threads of its own may hold locks
    that a fork would copy held)."""
    if sys.platform != "linux":
        return False
    chosen = sys.modules.get("multiprocessing")
    return chosen is None or chosen.get_start_method(allow_none=True) in (None, "fork")


class _Spawned:
    """A ``ProcessPoolExecutor``'s workers, started as :mod:`multiprocessing` starts processes
    (macOS and Windows spawn them: each loads what it needs itself)."""

    def __init__(self, jobs: int, tasks: Sequence[Task], options: JobOptions) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._others = multiprocessing.active_children()  # the caller's, not the pool's
        # A worker's parent is this process, but for the forkserver start method (Python
        # 3.14's default on Linux): then it is the fork server, which ends when this one does.
        main = None if multiprocessing.get_start_method() == "forkserver" else os.getpid()
        self._executor = ProcessPoolExecutor(
            max_workers=jobs, initializer=_start_worker, initargs=(main, tasks, options)
        )

    def submit(self, fn: Callable[[_A], _R], arg: _A, /) -> Future[_R]:
        return self._executor.submit(fn, arg)

    def shutdown(self) -> None:
        self._executor.shutdown()

    def terminate(self) -> None:
        import multiprocessing

        self._executor.shutdown(wait=False, cancel_futures=True)
        # Every worker the pool started, not only those it lists: an interrupt between a
        # worker's start and the pool's recording it left one running, waiting for tasks, and
        # the interpreter's exit waiting for it (multiprocessing joins its children) for ever.
        processes = [p for p in multiprocessing.active_children() if p not in self._others]
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


def _start_worker(main: int | None, tasks: Sequence[Task], options: JobOptions) -> None:
    """Keep the run's tasks and options; leave interrupts to the main process (Ctrl-C
    signals the whole group), and exit when the main process is gone rather than linger: a
    killed parent cannot stop its workers. ``main`` is the main process, the parent to
    watch; ``None``: the parent is a fork server, watched in its stead."""
    global _work
    _work = tasks, options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's: end at once
    parent = os.getppid() if main is None else main
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()


def _exit_without(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(EXIT_ORPHANED)
