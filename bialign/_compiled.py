"""The compiled loops of ``bialign/_speedups.c``, where they were built from this source.

``speedups`` is the extension module, or ``None`` where no C compiler was there at install time
or the build is of other source (an old ``_speedups`` left in a checkout after an update would
be called with arguments it does not take): then the Python and NumPy twins of each loop run,
with the same results, more slowly, and a build of other source is named in a warning.
"""

from __future__ import annotations

import warnings
from types import ModuleType

__all__ = ["INTERFACE", "speedups"]

#: The interface the Python code calls: ``INTERFACE`` in ``_speedups.c``, bumped with it.
INTERFACE = 13


def _load() -> ModuleType | None:
    try:
        from . import _speedups
    except ImportError:
        return None
    built = getattr(_speedups, "INTERFACE", None)
    if built != INTERFACE:
        warnings.warn(
            f"bialign: {_speedups.__file__} was built from other source (interface {built}, "
            f"not {INTERFACE}): running the slower Python loops; rebuild it with "
            "`pip install -e .`",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return _speedups


speedups = _load()
