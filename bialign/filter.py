"""Keep the beads worth training on: by score, by bead type, without unaligned sentences.

Filtering removes beads, never sentences: the result keeps both sentence lists intact, so bead
indices still point at the right text, but the result no longer covers every sentence exactly
once. That is the point of filtering; any consumer that needs full coverage should take the
unfiltered alignment.

The filters run in a fixed order, each on what the previous one kept, so every removed bead is
counted once, by the first filter that removed it: ``drop_unaligned``, then ``only``, then
``min_score``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from numbers import Real

from .records import ArticleAlignment, Bead

__all__ = ["HISTOGRAM_BINS", "FilterStats", "Removed", "filter_beads", "score_histogram"]

#: Bins of the score histogram: ten of width 0.1 over [0, 1].
HISTOGRAM_BINS = 10

_KIND = re.compile(r"\d+-\d+")


@dataclass(frozen=True)
class Removed:
    """What one filter took out: beads, and the sentences and characters in them."""

    name: str
    beads: int = 0
    ar_sentences: int = 0
    en_sentences: int = 0
    ar_chars: int = 0
    en_chars: int = 0


@dataclass(frozen=True)
class FilterStats:
    """Bead types and scores before and after filtering, and what each filter removed.

    ``kinds_*`` are ``(kind, count)`` pairs sorted by kind; ``histogram_*`` count scores in
    :data:`HISTOGRAM_BINS` equal bins over [0, 1] (1.0 in the last), with unknown (NaN) scores
    in ``unscored_*``; ``removed`` has one entry per filter, in the order they ran.
    """

    kinds_before: tuple[tuple[str, int], ...]
    kinds_after: tuple[tuple[str, int], ...]
    histogram_before: tuple[int, ...]
    histogram_after: tuple[int, ...]
    unscored_before: int
    unscored_after: int
    removed: tuple[Removed, ...]

    @property
    def beads_before(self) -> int:
        """Number of beads given."""
        return sum(count for _, count in self.kinds_before)

    @property
    def beads_after(self) -> int:
        """Number of beads kept."""
        return sum(count for _, count in self.kinds_after)

    def format(self) -> str:
        """The statistics as three plain-text tables: bead types, scores, removals."""
        after = dict(self.kinds_after)
        rows: list[tuple[str, ...]] = [("bead type", "before", "after")]
        rows += [(kind, str(n), str(after.get(kind, 0))) for kind, n in self.kinds_before]
        rows.append(("total", str(self.beads_before), str(self.beads_after)))
        lines = _table(rows)
        rows = [("score", "before", "after")]
        for k, (before, kept) in enumerate(
            zip(self.histogram_before, self.histogram_after, strict=True)
        ):
            low, high = k / HISTOGRAM_BINS, (k + 1) / HISTOGRAM_BINS
            label = f"[{low:.1f}, {high:.1f}" + ("]" if k == HISTOGRAM_BINS - 1 else ")")
            rows.append((label, str(before), str(kept)))
        if self.unscored_before:
            rows.append(("unknown", str(self.unscored_before), str(self.unscored_after)))
        lines += ["", *_table(rows)]
        rows = [("removed by", "beads", "ar sent", "en sent", "ar chars", "en chars")]
        rows += [
            (r.name, *map(str, (r.beads, r.ar_sentences, r.en_sentences, r.ar_chars, r.en_chars)))
            for r in self.removed
        ]
        if len(rows) == 1:
            rows.append(("(no filter)", "0", "0", "0", "0", "0"))
        lines += ["", *_table(rows)]
        return "\n".join(lines)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if c == 0 else cell.rjust(width)
            for c, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def score_histogram(beads: Iterable[Bead]) -> tuple[tuple[int, ...], int]:
    """Counts of bead scores in ten equal bins over [0, 1], and the number of NaN scores.

    Scores outside [0, 1] are counted in the nearest end bin.

    >>> score_histogram([Bead((0,), (0,), 0.05), Bead((1,), (1,), 1.0), Bead((2,), (), math.nan)])
    ((1, 0, 0, 0, 0, 0, 0, 0, 0, 1), 1)
    """
    bins = [0] * HISTOGRAM_BINS
    unscored = 0
    for bead in beads:
        if math.isnan(bead.score):
            unscored += 1
        else:
            bins[min(max(int(bead.score * HISTOGRAM_BINS), 0), HISTOGRAM_BINS - 1)] += 1
    return tuple(bins), unscored


def _kinds(beads: Iterable[Bead]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(bead.kind for bead in beads).items()))


def _only_kinds(only: str | Iterable[str]) -> frozenset[str]:
    kinds = frozenset([only] if isinstance(only, str) else only)
    bad = sorted(kind for kind in kinds if not _KIND.fullmatch(kind))
    if bad:
        raise ValueError(f"only: bead types are written like '1-1' or '2-1', got {bad}")
    return kinds


def filter_beads(
    alignment: ArticleAlignment,
    min_score: float | None = None,
    only: str | Iterable[str] | None = None,
    drop_unaligned: bool = False,
) -> tuple[ArticleAlignment, FilterStats]:
    """Keep the beads that pass every filter given; the defaults keep everything.

    ``drop_unaligned`` removes beads with an empty side (1-0, 0-1); ``only`` keeps the bead
    types named (``{"1-1"}``, or one type as a string); ``min_score`` keeps beads scoring at
    least that much, and removes beads whose score is unknown (NaN). Sentence lists are kept
    whole (see the module docstring).
    """
    if not isinstance(alignment, ArticleAlignment):
        raise TypeError(f"alignment must be an ArticleAlignment, not {type(alignment).__name__}")
    if min_score is not None and (isinstance(min_score, bool) or not isinstance(min_score, Real)):
        raise TypeError(f"min_score must be a number, not {type(min_score).__name__}")
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be between 0 and 1 (scores are), got {min_score}")
    tests: list[tuple[str, Callable[[Bead], bool]]] = []
    if drop_unaligned:
        tests.append(("unaligned", lambda bead: bool(bead.ar and bead.en)))
    if only is not None:
        kinds = _only_kinds(only)
        tests.append(("type not " + ",".join(sorted(kinds)), lambda bead: bead.kind in kinds))
    if min_score is not None:
        threshold = min_score
        tests.append((f"score < {min_score:g}", lambda bead: bead.score >= threshold))

    kept = alignment.beads
    removed = []
    for name, keep in tests:
        gone = [bead for bead in kept if not keep(bead)]
        kept = tuple(bead for bead in kept if keep(bead))
        removed.append(
            Removed(
                name=name,
                beads=len(gone),
                ar_sentences=sum(len(bead.ar) for bead in gone),
                en_sentences=sum(len(bead.en) for bead in gone),
                ar_chars=sum(len(alignment.ar[i]) for bead in gone for i in bead.ar),
                en_chars=sum(len(alignment.en[i]) for bead in gone for i in bead.en),
            )
        )
    histogram_before, unscored_before = score_histogram(alignment.beads)
    histogram_after, unscored_after = score_histogram(kept)
    stats = FilterStats(
        kinds_before=_kinds(alignment.beads),
        kinds_after=_kinds(kept),
        histogram_before=histogram_before,
        histogram_after=histogram_after,
        unscored_before=unscored_before,
        unscored_after=unscored_after,
        removed=tuple(removed),
    )
    return replace(alignment, beads=kept), stats
