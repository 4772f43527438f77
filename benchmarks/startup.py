"""Start-up costs: what importing bialign, asking for help and running the fast tests take.

Run from the repository root::

    python -m benchmarks.startup [--repeat 7]

Prints one table, every number measured in this run, each the median of ``--repeat`` fresh
interpreters after one untimed run (which leaves compiled bytecode behind, as on any machine
that ran bialign before):

* ``import numpy`` and ``import bialign``: the module's cumulative import time as
  ``python -X importtime`` reports it (bialign imports its stages on first use);
* ``bialign --help`` and ``bialign align --help``: wall time of ``python -m bialign ...``;
* the fast test tier: wall time of ``python -m pytest -q`` as a contributor's clone runs it
  (no ``../shared/corpora``: ``BIALIGN_CORPORA`` points at an empty directory), once.

The targets the table is checked against: import at most 30 ms more than NumPy's, help under
0.25 s, the fast tier under 60 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_ms(statement: str, module: str, repeat: int) -> float:
    """Median cumulative import time of ``module`` (ms) when ``statement`` runs."""
    times = []
    for run in range(repeat + 1):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env=_ENVIRONMENT,
        )
        total = sum(
            int(line.split("|")[1])
            for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.split("|")[2].strip() == module
        )
        if run:
            times.append(total / 1000)
    return statistics.median(times)


def run_seconds(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one run of ``command``, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, capture_output=True, check=True, env=env or _ENVIRONMENT)
    return time.perf_counter() - start


def wall_seconds(command: Sequence[str], repeat: int) -> float:
    """Median wall time of ``command`` after one untimed run."""
    run_seconds(command)
    return statistics.median(run_seconds(command) for _ in range(repeat))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (median)")
    parser.add_argument("--no-tests", action="store_true", help="leave out the fast test tier")
    args = parser.parse_args(argv)
    numpy = import_ms("import numpy", "numpy", args.repeat)
    bialign = import_ms("import bialign", "bialign", args.repeat)
    rows = [
        ("import numpy", f"{numpy:.1f} ms", ""),
        ("import bialign", f"{bialign:.1f} ms", f"numpy + 30 ms = {numpy + 30:.1f} ms"),
    ]
    python = [sys.executable, "-m", "bialign"]
    for words in (["--help"], ["align", "--help"]):
        seconds = wall_seconds([*python, *words], args.repeat)
        rows.append((f"bialign {' '.join(words)}", f"{seconds:.3f} s", "0.25 s"))
    if not args.no_tests:
        with tempfile.TemporaryDirectory() as empty:
            environment = {**_ENVIRONMENT, "BIALIGN_CORPORA": empty}
            seconds = run_seconds([sys.executable, "-m", "pytest", "-q"], environment)
        rows.append(("python -m pytest (no corpora)", f"{seconds:.1f} s", "60 s"))
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'what':<{width}}{'measured':>12}  target")
    for what, measured, target in rows:
        print(f"{what:<{width}}{measured:>12}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
