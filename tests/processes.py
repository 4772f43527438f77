"""Helpers for tests about processes: a process id that is free."""

from __future__ import annotations

import subprocess
import sys


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped): what a killed run leaves in the
    name of its temporary files."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
