"""The Ray engine beside the local pool: the same file jobs, the same bytes, and the time.

Run from the repository root (needs the ``ray`` extra)::

    python -m benchmarks.engines DIR [--jobs 2]

Aligns every article under DIR into a temporary directory with the local pool
(``bialign.runners.local``) and on a local Ray cluster of ``--jobs`` processors
(``bialign.runners.ray``), and prints the seconds each took, the cluster's start-up apart
(the comparison is of throughput once the cluster is up), and whether every output file is
the same bytes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bialign.batch.job import JobOptions
from bialign.batch.plan import find_inputs, plan_tasks
from bialign.runners import local
from bialign.runners import ray as on_ray


def _files(directory: Path) -> dict[str, bytes]:
    files = (path for path in directory.rglob("*") if path.is_file())
    return {str(path.relative_to(directory)): path.read_bytes() for path in files}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    inputs = find_inputs([args.directory])
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        start = time.perf_counter()
        local.run_tasks(
            plan_tasks(inputs, out / "local", "jsonl"), JobOptions(), args.jobs, print_nothing
        )
        pool = time.perf_counter() - start
        start = time.perf_counter()
        with on_ray.connected(jobs=args.jobs):
            up = time.perf_counter() - start
            start = time.perf_counter()
            on_ray.run_tasks(plan_tasks(inputs, out / "ray", "jsonl"), JobOptions(), print_nothing)
            ray = time.perf_counter() - start
        same = _files(out / "local") == _files(out / "ray")
    print(f"{len(inputs)} articles, {args.jobs} processors")
    print(f"local pool   {pool:6.1f} s  {len(inputs) / pool:6.1f} articles/s")
    rate = len(inputs) / ray
    print(f"ray          {ray:6.1f} s  {rate:6.1f} articles/s  (cluster start {up:.1f} s)")
    print(f"ray / local throughput {pool / ray:.2f}; same bytes: {'yes' if same else 'NO'}")
    return 0 if same else 1


def print_nothing(index: int, outcome: object) -> None:
    """The runners' progress callback, unused here."""


if __name__ == "__main__":
    sys.exit(main())
