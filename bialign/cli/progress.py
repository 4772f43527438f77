"""What a batch shows while it runs and when it ends: a progress bar, a line per problem, the
summary, and the ``--report`` file."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..batch.document import Reason, Status
from ..batch.job import Outcome
from ..formats import atomic_files
from ..records import Dropped

__all__ = ["Progress", "Reporter", "Summary", "counted", "drops", "write_report"]


class Progress:
    """A one-line progress bar, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO, total: int, width: int = 30) -> None:
        self.stream, self.total, self.width = stream, total, width
        self.start = time.monotonic()
        self.done = 0

    def advance(self) -> None:
        """Count one more task done and redraw."""
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.start
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}"
            f"  {elapsed:.0f} s"
        )
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar, so that a message can be printed on a line of its own."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()


class Reporter:
    """Prints one line per problem as outcomes arrive, around an optional progress bar.

    A task left out because its output exists is counted in the summary, not printed.
    """

    def __init__(self, err: TextIO, progress: Progress | None) -> None:
        self.err, self.progress = err, progress
        self.outcomes: dict[int, Outcome] = {}

    def __call__(self, index: int, outcome: Outcome) -> None:
        """Take the outcome of task ``index``."""
        self.outcomes[index] = outcome
        lines = []
        if outcome.status == "failed":
            lines.append(f"bialign: error: {outcome.source}: {outcome.message}")
        elif outcome.status == "skipped" and outcome.reason is not Reason.OUTPUT_EXISTS:
            lines.append(f"bialign: warning: {outcome.source}: {outcome.message}; nothing written")
        if outcome.stats:
            lines.append(f"== {outcome.source}\n{outcome.stats}")
        if lines and self.progress:
            self.progress.clear()
        for line in lines:
            print(line, file=self.err)
        if self.progress:
            self.progress.advance()

    def finish(self) -> list[Outcome]:
        """Erase the bar; the outcomes so far, in task order."""
        if self.progress:
            self.progress.clear()
        return [self.outcomes[index] for index in sorted(self.outcomes)]


def write_report(path: Path, outcomes: Sequence[Outcome], signature: str, err: TextIO) -> bool:
    """Write the ``--report`` file, the run's ``signature`` on every line; say on ``err`` and
    return ``False`` if it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_files(path) as (out,):
            for outcome in outcomes:
                record = {**outcome.record(), "signature": signature}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as error:
        print(f"bialign: error: cannot write the report {path}: {error.strerror}", file=err)
        return False
    return True


@dataclass(frozen=True)
class Summary:
    """The end of a run in a few lines: what was aligned, skipped and failed, and why."""

    outcomes: tuple[Outcome, ...]
    seconds: float
    reported: bool = False  # a --report file is written: the details are there

    def count(self, status: Status) -> int:
        """How many tasks ended with ``status``."""
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def pairs(self) -> int:
        """Sentence pairs written, over all tasks."""
        return sum(outcome.pairs for outcome in self.outcomes)

    def format(self, max_articles: int = 10) -> str:
        """The summary as text; dropped text is listed for at most ``max_articles`` articles."""
        lines = [
            f"bialign: {counted(len(self.outcomes), 'input')} in {self.seconds:.1f} s: "
            f"{self.count('aligned')} aligned, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed; {self.pairs} sentence pairs written"
        ]
        for status in ("skipped", "failed"):
            reasons = Counter(o.reason_text for o in self.outcomes if o.status == status)
            if reasons:
                lines.append(
                    f"  {status}: "
                    + "; ".join(f"{reason} ({n})" for reason, n in reasons.most_common())
                )
        with_drops = [o for o in self.outcomes if o.status == "aligned" and left_out(o)]
        if with_drops:
            lines.append(f"  dropped on purpose ({details_hint(self.reported)}):")
        for outcome in with_drops[:max_articles]:
            lines.append(f"    {outcome.source}: {left_out(outcome)}")
        if len(with_drops) > max_articles:
            more = counted(len(with_drops) - max_articles, "more article")
            lines.append(f"    ... and {more}")
        return "\n".join(lines)


def details_hint(reported: bool) -> str:
    """Where the dropped lines are listed whole: in the report written, or in one asked for."""
    return "the report has the details" if reported else "--report FILE has the details"


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural but for one: ``1 input``, ``3 temporary files``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


#: Line numbers listed per reason in the summary; the report has every one.
_SHOWN_LINES = 5


#: What the readers leave out of a file and count (they do not keep its text: see
#: :mod:`bialign.inputs.html` and :mod:`bialign.inputs.markdown`), by its ``cleaned`` name.
_READERS_LEFT_OUT = {
    "truncated-character": "bytes of a character cut short at the end {} (a truncated file?)",
    "html-elements": "page elements {} (menus, scripts, forms and the like)",
    "markdown-blocks": "Markdown blocks {} (code, front matter, page furniture)",
    "page-furniture": "page heads, feet and numbers {} (lines)",
    "subtitle-sounds": "sound descriptions {} ([Music] and the like)",
}


def left_out(outcome: Outcome) -> str:
    """What a task left out on purpose: what the readers counted (a web page's elements that
    hold text, a Markdown file's code), then the lines :func:`drops` lists.

    >>> left_out(Outcome("a.html", cleaned=(("html-elements", 3),),
    ...                  dropped=(Dropped("Leave a Reply", "boilerplate", 30),)))
    'page elements 3 (menus, scripts, forms and the like); boilerplate line 30'
    """
    cleaned = dict(outcome.cleaned)
    read = [
        text.format(cleaned[name]) for name, text in _READERS_LEFT_OUT.items() if cleaned.get(name)
    ]
    return "; ".join([*read, drops(outcome.dropped)] if outcome.dropped else read)


def drops(dropped: Sequence[Dropped]) -> str:
    """Dropped items by reason with their lines, e.g. ``url-slug line 1; boilerplate lines 30,
    41``; a long list (every verse number of a chapter) is cut short.

    >>> drops([Dropped("1:1", "number", n) for n in range(1, 81)])
    'number lines 1, 2, 3, 4, 5 and 75 more'
    """
    lines: dict[str, list[int]] = {}
    for item in dropped:
        where = f"{item.reason} ({item.side} file)" if item.side else item.reason
        lines.setdefault(where, []).append(item.line)
    described = []
    for reason, numbers in lines.items():
        shown = ", ".join(map(str, numbers[:_SHOWN_LINES]))
        more = len(numbers) - _SHOWN_LINES
        plural = "s" if len(numbers) > 1 else ""
        tail = f" and {more} more" if more > 0 else ""
        described.append(f"{reason} line{plural} {shown}{tail}")
    return "; ".join(described)
