"""The compiled loops of this checkout, for tests of a loop against its twin: they skip where
the loops were not built from this source (no compiler, or an old build that bialign runs
the twins instead of)."""

from __future__ import annotations

import pytest

from bialign._compiled import speedups

needs_compiled = pytest.mark.skipif(
    speedups is None, reason="the compiled loops were not built from this source"
)

__all__ = ["needs_compiled", "speedups"]
