"""Where the tests find their material: the bundled seeds and the shared corpora.

The corpora are public data kept beside the repository (``../shared/corpora``), never inside
it; a user's clone has none, and every test that needs them skips. ``BIALIGN_CORPORA`` points
elsewhere; otherwise the nearest ``shared/corpora`` above the repository is used, so a git
worktree one level deeper finds them too.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_004 = SEEDS / "004_560e4bfc249f71d2.txt"
CORPORA = Path(
    os.environ.get("BIALIGN_CORPORA")
    or next(
        (p / "shared" / "corpora" for p in REPO.parents if (p / "shared" / "corpora").is_dir()),
        REPO.parent / "shared" / "corpora",
    )
)


@functools.cache
def records(name: str) -> tuple[dict[str, str], ...]:
    """The records of ``CORPORA/<name>.jsonl`` in file order; skips the calling test if absent."""
    path = CORPORA / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"corpus {path} not available")
    with path.open(encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines)
