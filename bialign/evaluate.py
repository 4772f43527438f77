"""Score a sentence alignment against a gold one: strict and lax precision, recall and F1.

The measures are the field's (Vecalign's ``score.py``, after Sennrich and Volk 2011), so numbers
printed here can be set beside published ones:

* a *bead* is a pair (Arabic sentence indices, English sentence indices), 0-based;
* **strict**: a bead counts only if it is identical to a bead of the other alignment;
* **lax**: a bead counts if some bead of the other alignment overlaps it on both sides;
* precision scores every predicted bead, insertions and deletions (beads empty on one side)
  included; recall scores gold beads against predicted ones with insertions and deletions
  left out of both, since an unaligned sentence is not a correspondence to be found;
* beads are compared as sets (a bead listed twice counts once; beads empty on both sides
  are ignored), and a ratio with nothing to count (0/0) is 0.0, as in Vecalign.

Alignments are read from the field's line format, one bead a line ``[ar indices]:[en
indices]`` with an optional ``:score`` (Vecalign's output), or from bialign's JSONL output,
one JSON object a bead with ``ar_index`` and ``en_index``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

__all__ = [
    "Beads",
    "Scores",
    "evaluate",
    "evaluate_files",
    "format_bead_line",
    "parse_bead_line",
    "read_beads",
]

Indices = tuple[int, ...]
Beads = list[tuple[Indices, Indices]]


@runtime_checkable
class _Sided(Protocol):
    """Anything with Arabic and English index sides, such as ``bialign.align.Bead``."""

    @property
    def ar(self) -> Sequence[int]: ...

    @property
    def en(self) -> Sequence[int]: ...


BeadLike: TypeAlias = "_Sided | tuple[Sequence[int], Sequence[int]]"

_INDEX_LIST = r"\[\s*(\d+(?:\s*,\s*\d+)*)?\s*\]"
_BEAD_LINE = re.compile(rf"\s*{_INDEX_LIST}\s*:\s*{_INDEX_LIST}\s*(?::\s*(\S+))?\s*", re.ASCII)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True)
class Scores:
    """Bead counts of one evaluation, and the precision, recall and F1 they give.

    Counts rather than ratios are stored so that documents can be pooled with ``+``
    (micro-averaging over beads, as Vecalign does over files).
    """

    predicted: int = 0
    """Distinct predicted beads scored for precision."""
    strict_correct: int = 0
    """Predicted beads identical to a gold bead."""
    lax_correct: int = 0
    """Predicted beads overlapping a gold bead on both sides (strict matches included)."""
    gold: int = 0
    """Distinct gold beads scored for recall (insertions and deletions left out)."""
    strict_found: int = 0
    """Gold beads identical to a predicted bead."""
    lax_found: int = 0
    """Gold beads overlapping a predicted bead on both sides (strict matches included)."""

    @property
    def strict_precision(self) -> float:
        return _ratio(self.strict_correct, self.predicted)

    @property
    def lax_precision(self) -> float:
        return _ratio(self.lax_correct, self.predicted)

    @property
    def strict_recall(self) -> float:
        return _ratio(self.strict_found, self.gold)

    @property
    def lax_recall(self) -> float:
        return _ratio(self.lax_found, self.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)

    def __add__(self, other: Scores) -> Scores:
        """Pool the counts of two evaluations (e.g. two documents)."""
        return Scores(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def format(self) -> str:
        """A small table of the six measures and the counts behind them."""
        rows = [
            ("precision", self.strict_precision, self.lax_precision),
            ("recall", self.strict_recall, self.lax_recall),
            ("F1", self.strict_f1, self.lax_f1),
        ]
        lines = [f"{'':<10}{'strict':>8}{'lax':>8}"]
        lines += [f"{name:<10}{strict:>8.3f}{lax:>8.3f}" for name, strict, lax in rows]
        lines.append(
            f"beads: {self.predicted} predicted, {self.gold} gold "
            "(insertions and deletions left out of recall)"
        )
        return "\n".join(lines)


def _normalise(bead: BeadLike) -> tuple[Indices, Indices]:
    ar, en = (bead.ar, bead.en) if isinstance(bead, _Sided) else bead
    return tuple(sorted(set(ar))), tuple(sorted(set(en)))


def _match_counts(
    candidates: set[tuple[Indices, Indices]], reference: set[tuple[Indices, Indices]]
) -> tuple[int, int]:
    """How many candidate beads match a reference bead strictly, and how many laxly."""
    en_by_ar: dict[int, set[int]] = {}
    for ar, en in reference:
        for i in ar:
            en_by_ar.setdefault(i, set()).update(en)
    strict = lax = 0
    for bead in candidates:
        if bead in reference:
            strict += 1
            lax += 1
        elif any(not en_by_ar.get(i, set()).isdisjoint(bead[1]) for i in bead[0]):
            lax += 1
    return strict, lax


def evaluate(gold: Iterable[BeadLike], predicted: Iterable[BeadLike]) -> Scores:
    """Score ``predicted`` beads against ``gold`` beads of one document.

    Beads are ``(ar_indices, en_indices)`` pairs or objects with ``.ar`` and ``.en``.

    >>> gold = [([0], [0, 1]), ([1], [2]), ([], [3])]
    >>> scores = evaluate(gold, [([0], [0]), ([], [1]), ([1], [2]), ([], [3])])
    >>> scores.strict_correct, scores.lax_correct, scores.predicted
    (2, 3, 4)
    >>> scores.strict_found, scores.lax_found, scores.gold
    (1, 2, 2)
    """
    gold_set = {b for b in map(_normalise, gold) if b[0] or b[1]}
    predicted_set = {b for b in map(_normalise, predicted) if b[0] or b[1]}
    strict_correct, lax_correct = _match_counts(predicted_set, gold_set)
    # Recall is precision with the roles swapped, insertions and deletions left out.
    gold_links = {b for b in gold_set if b[0] and b[1]}
    predicted_links = {b for b in predicted_set if b[0] and b[1]}
    strict_found, lax_found = _match_counts(gold_links, predicted_links)
    return Scores(
        predicted=len(predicted_set),
        strict_correct=strict_correct,
        lax_correct=lax_correct,
        gold=len(gold_links),
        strict_found=strict_found,
        lax_found=lax_found,
    )


def _indices(text: str | None) -> Indices:
    return tuple(int(i) for i in text.split(",")) if text else ()


def parse_bead_line(line: str) -> tuple[Indices, Indices]:
    """Read one ``[ar indices]:[en indices]`` line; a trailing ``:score`` is checked, then dropped.

    >>> parse_bead_line("[8, 9]:[10, 11, 12]:0.14")
    ((8, 9), (10, 11, 12))
    >>> parse_bead_line("[]:[4]")
    ((), (4,))
    >>> parse_bead_line("[1]-[2]")
    Traceback (most recent call last):
    ...
    ValueError: expected a bead like '[0]:[0, 1]' or '[2, 3]:[2]:0.5', got '[1]-[2]'
    """
    match = _BEAD_LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"expected a bead like '[0]:[0, 1]' or '[2, 3]:[2]:0.5', got {line!r}")
    ar, en, score = match.groups()
    if score is not None:
        try:
            float(score)
        except ValueError:
            raise ValueError(f"the score after the bead is not a number: {score!r}") from None
    return _indices(ar), _indices(en)


def _json_side(record: dict[str, object], key: str) -> Indices:
    value = record.get(key)
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise ValueError(f"{key!r} must be a list of sentence indices (integers >= 0)")
    return tuple(value)


def _parse_json_line(line: str) -> tuple[tuple[Indices, Indices], object]:
    """One bead of bialign's JSONL, and the ``source`` (document) it belongs to."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object with 'ar_index' and 'en_index'")
    return (_json_side(record, "ar_index"), _json_side(record, "en_index")), record.get("source")


def read_beads(path_or_lines: str | os.PathLike[str] | Iterable[str]) -> Beads:
    """Read an alignment from a file path or from lines, in either format (detected).

    If the first non-blank line starts with ``{`` the input is bialign JSONL (``ar_index``
    and ``en_index`` are read; all lines must belong to one ``source`` document), otherwise
    every non-blank line is ``[ar indices]:[en indices]``, optionally ``:score``.

    >>> read_beads(["[0]:[0, 1]", "[1, 2]:[2]:0.87", "", "[]:[3]"])
    [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,))]
    >>> read_beads(['{"ar": ["..."], "en": ["..."], "ar_index": [0], "en_index": [0]}'])
    [((0,), (0,))]
    >>> read_beads(["[0]:[0]", "[1]:[1, x]"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: <lines>, line 2: expected a bead like '[0]:[0, 1]' ..., got '[1]:[1, x]'
    """
    if isinstance(path_or_lines, (str, os.PathLike)):
        path = Path(path_or_lines)
        with path.open(encoding="utf-8-sig") as lines:
            return _read_lines(lines, str(path))
    return _read_lines(path_or_lines, "<lines>")


def _read_lines(lines: Iterable[str], name: str) -> Beads:
    beads: Beads = []
    is_json: bool | None = None
    sources: set[object] = set()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if is_json is None:
            is_json = line.startswith("{")
        try:
            if not is_json:
                beads.append(parse_bead_line(line))
                continue
            bead, source = _parse_json_line(line)
            sources.add(source)
            if len(sources) > 1:
                # Indices restart in every document: pooling them would score nonsense.
                raise ValueError(
                    f"a second document starts here (source {source!r}); "
                    "evaluate one document at a time"
                )
            beads.append(bead)
        except ValueError as error:
            raise ValueError(f"{name}, line {number}: {error}") from None
    return beads


def format_bead_line(ar: Sequence[int], en: Sequence[int], score: float | None = None) -> str:
    """Write one bead in the ``[ar indices]:[en indices]`` format, with Vecalign's score style.

    >>> format_bead_line([2, 3], [2])
    '[2, 3]:[2]'
    >>> format_bead_line((), (4,), score=0.14)
    '[]:[4]:0.140000'
    """
    line = f"[{', '.join(map(str, ar))}]:[{', '.join(map(str, en))}]"
    return line if score is None else f"{line}:{score:.6f}"


def evaluate_files(
    gold_path: str | os.PathLike[str], predicted_path: str | os.PathLike[str]
) -> Scores:
    """Score the alignment in ``predicted_path`` against the one in ``gold_path``."""
    return evaluate(read_beads(gold_path), read_beads(predicted_path))
