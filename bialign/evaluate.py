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

Alignments are read through :mod:`bialign.formats`, in the format their name says (``.align``
for the field's ``[ar indices]:[en indices]`` lines, ``.jsonl``, ``.tsv``, ``.tmx``); a file
whose name does not say is bialign JSONL if it starts with ``{``, else ``[i]:[j]`` lines. A file
must hold one document: sentence numbers restart in every document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol, TypeAlias, runtime_checkable

from .formats import Format, format_of, read_pairs

__all__ = ["Beads", "Scores", "evaluate", "evaluate_files", "read_beads"]

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

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        """A small table of the six measures and the counts behind them (``print(scores)``
        shows it; the record's fields are the counts)."""
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


def _sniffed_format(path: str | os.PathLike[str]) -> Format:
    """JSONL if the first non-blank line starts with ``{``, else ``[i]:[j]`` lines."""
    with open(path, encoding="utf-8-sig", errors="replace") as lines:
        first = next((line for line in lines if line.strip()), "")
    return "jsonl" if first.lstrip().startswith("{") else "vecalign"


def read_beads(path: str | os.PathLike[str]) -> Beads:
    """The beads of the one document in ``path``, as ``(ar indices, en indices)`` pairs.

    The format is the one the name says (:func:`bialign.formats.format_of`), else the one the
    content shows (JSONL or ``[i]:[j]`` lines).
    """
    format = format_of(path) or _sniffed_format(path)
    if format == "moses":  # its pairs are numbered by line: scored, they would be nonsense
        raise ValueError(
            f"{path}: a Moses pair has no sentence numbers to score: evaluate the run's JSONL, "
            "TSV, TMX or [i]:[j] output"
        )
    pairs = read_pairs(path, format)
    sources = list(dict.fromkeys(pair.source for pair in pairs))
    if len(sources) > 1:
        # Indices restart in every document: pooling them would score nonsense.
        raise ValueError(
            f"{path} holds {len(sources)} documents ({', '.join(map(repr, sources))}); "
            "evaluate one document at a time"
        )
    return [(pair.ar_index, pair.en_index) for pair in pairs]


def evaluate_files(
    gold_path: str | os.PathLike[str], predicted_path: str | os.PathLike[str]
) -> Scores:
    """Score the alignment in ``predicted_path`` against the one in ``gold_path``."""
    return evaluate(read_beads(gold_path), read_beads(predicted_path))
