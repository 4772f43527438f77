"""Labelled linguistic cases: ``tests/data/cases/<name>.jsonl``, one JSON object a line.

Each case says what bialign should do with a piece of text (seed text, or text written for
the case) and ``expect``: ``pass``, or ``fail`` for a known failure. Known failures run as
``xfail(strict=True)``, so that fixing one is noticed and its label changed. Invisible and
floating characters are written as ``\\uXXXX`` escapes; ``note`` says why a case is there
where the text does not.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "data" / "cases"


@functools.cache
def load(name: str) -> tuple[dict[str, Any], ...]:
    """The cases of ``<name>.jsonl``, in file order; a bad label is an error, not a skip."""
    with (CASES / f"{name}.jsonl").open(encoding="utf-8") as lines:
        cases = tuple(json.loads(line) for line in lines)
    for number, case in enumerate(cases, start=1):
        if case.get("expect") not in ("pass", "fail"):
            raise ValueError(f"{CASES / name}.jsonl:{number}: expect must be 'pass' or 'fail'")
    return cases


def params(
    name: str,
    *fields: str,
    where: Callable[[dict[str, Any]], bool] = lambda case: True,
    id_field: str | None = None,
) -> list[Any]:
    """``pytest.param`` of ``fields`` for each case of ``name`` that ``where`` accepts, known
    failures marked strict xfails."""
    return [
        pytest.param(
            *(case[field] for field in fields),
            id=case[id_field] if id_field else None,
            marks=[pytest.mark.xfail(strict=True)] if case["expect"] == "fail" else [],
        )
        for case in load(name)
        if where(case)
    ]
