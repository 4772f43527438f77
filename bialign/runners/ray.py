"""Run file jobs on a Ray cluster: the same :func:`~bialign.batch.job.align_task` as the local
pool, one Ray task a job, so the outputs are the same bytes.

Without an address a small local cluster is started (no dashboard, loopback only) and shut
down after the run; its workers import the bialign this process imported. With an address
(``ray://host:10001``, ``auto``) the cluster's workers need bialign installed and the inputs
and output directory on a file system they all see.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import ray

from ..batch.document import Reason
from ..batch.job import JobOptions, Outcome, align_task
from ..batch.plan import Task, display_name, output_files
from .local import OnOutcome

__all__ = ["ClusterUnreachable", "connected", "run_tasks"]


class ClusterUnreachable(ConnectionError):
    """No cluster could be connected to at the address given: nothing was run."""


@contextmanager
def connected(address: str | None = None, jobs: int | None = None) -> Iterator[None]:
    """Connect to the cluster at ``address``, or start a local one of ``jobs`` processors;
    reuse a connection already made (and leave it open). Raises :class:`ClusterUnreachable`
    where there is no cluster at ``address`` to connect to."""
    if ray.is_initialized():
        yield
        return
    if address is None:
        here = str(Path(__file__).resolve().parents[2])  # the directory holding bialign
        ray.init(
            num_cpus=jobs,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,  # "Started a local Ray instance" is not ours to say
            runtime_env={"env_vars": {"PYTHONPATH": here}},
        )
    else:
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        except (ConnectionError, ValueError) as error:  # "auto" with no cluster; refused
            raise ClusterUnreachable(f"cannot connect to Ray at {address}: {error}") from None
    try:
        yield
    finally:
        ray.shutdown()


#: Finished tasks collected by one ray.wait at most, and how long it waits for them.
_WAIT_BATCH, _WAIT_SECONDS = 64, 1.0


def _anywhere(task: Task) -> Task:
    """``task`` with absolute paths: a cluster's workers do not run in this directory."""
    output = None if task.output is None else task.output.absolute()
    return replace(task, inputs=tuple(path.absolute() for path in task.inputs), output=output)


def run_tasks(tasks: Sequence[Task], options: JobOptions, on_outcome: OnOutcome) -> list[Outcome]:
    """Run every task as a Ray task on the cluster connected to (:func:`connected`).

    ``on_outcome(index, outcome)`` is called as each task finishes, in completion order; the
    outcomes are returned in task order. A worker that dies fails its own task only.
    """
    remote = ray.remote(num_cpus=1, max_retries=0)(align_task)
    index_of = {remote.remote(_anywhere(task), options): index for index, task in enumerate(tasks)}
    outcomes: list[Outcome | None] = [None] * len(tasks)
    # Each ray.wait looks at every running ref: waiting for one at a time would cost time
    # quadratic in the number of files. So it collects up to a batch, or what finished within
    # a second (progress keeps moving), and is given back the refs still running.
    running = list(index_of)
    try:
        while running:
            batch = min(_WAIT_BATCH, len(running))
            done, running = ray.wait(running, num_returns=batch, timeout=_WAIT_SECONDS)
            for ref in done:
                index = index_of[ref]
                try:
                    outcome: Outcome = ray.get(ref)
                except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError):
                    outcome = Outcome(
                        tasks[index].source,
                        Reason.WORKER_DIED,
                        "killed, or out of memory: is the input very large?",
                    )
                if outcome.outputs:  # named as the task was given, as the local pool names them
                    files = output_files(tasks[index], options.format)
                    outcome = replace(outcome, outputs=tuple(map(display_name, files)))
                outcomes[index] = outcome
                on_outcome(index, outcome)
    except BaseException:
        for ref in running:
            ray.cancel(ref, force=True)
        raise
    return [outcome for outcome in outcomes if outcome is not None]
