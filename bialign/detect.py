"""Stage 1: which script each paragraph is written in.

Only letters vote. Diacritics, tatweel, digits of any kind, punctuation and invisible controls
are neutral, so "العَرَبِيَّةُ" is as Arabic as "العربية" and "Muṣṭafā al-Kāẓimī" is Latin.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import regex

from ._checks import check_text
from .chars import every_code_point
from .records import Paragraph, Script, ScriptReport

__all__ = ["detect_script", "paragraphs", "script_runs"]

#: Share of a paragraph's letters one script needs for the paragraph to count as that script.
#: A name or an acronym in the other script (an English quote inside Arabic news) stays below
#: the remaining 15%.
DOMINANT_SHARE = 0.85

_ARABIC_LETTERS = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+", regex.V1)
_LATIN_LETTERS = regex.compile(r"[\p{Script=Latin}&&\p{L}]+", regex.V1)
_BLANK_LINES = regex.compile(r"\n[^\S\n]*\n\s*")
# A run of one script: starts and ends on a letter of it (with the combining marks on that
# last letter: harakat, a decomposed macron); anything but the other script's letters
# (spaces, digits, punctuation, marks) may sit inside.
_RUNS = regex.compile(
    r"[\p{Script=Arabic}&&\p{L}](?:[^\p{Script=Latin}]*[\p{Script=Arabic}&&\p{L}])?\p{M}*"
    r"|[\p{Script=Latin}&&\p{L}](?:[^\p{Script=Arabic}]*[\p{Script=Latin}&&\p{L}])?\p{M}*",
    regex.V1,
)


_ARABIC, _LATIN = 1, 2


@functools.cache
def _letter_classes() -> npt.NDArray[np.uint8]:
    """Every code point's class: ``_ARABIC`` or ``_LATIN`` letter, else 0.

    Read off the regular expressions above once (about 15 ms), so that counting letters is
    a table lookup over a whole article rather than a regex scan of each paragraph.
    """
    table = np.zeros(sys.maxunicode + 1, np.uint8)
    for value, letters in ((_ARABIC, _ARABIC_LETTERS), (_LATIN, _LATIN_LETTERS)):
        for run in letters.finditer(every_code_point()):
            table[run.start() : run.end()] = value
    return table


def _letter_counts(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Arabic and Latin letters in each ``text[start:end]`` of ``spans``."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
    classes = _letter_classes()[codes]
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    counts = []
    for value in (_ARABIC, _LATIN):
        running = np.zeros(len(codes) + 1, np.int64)
        np.cumsum(classes == value, out=running[1:])
        counts.append((running[bounds[:, 1]] - running[bounds[:, 0]]).tolist())
    return list(zip(*counts, strict=True))


def _report(arabic: int, latin: int) -> ScriptReport:
    """The verdict on a text with these letter counts."""
    total = arabic + latin
    script: Script
    if total == 0:
        script = "neutral"
    elif arabic >= DOMINANT_SHARE * total:
        script = "ar"
    elif latin >= DOMINANT_SHARE * total:
        script = "latin"
    else:
        script = "mixed"
    return ScriptReport(script, arabic, latin)


def detect_script(text: str) -> ScriptReport:
    """Classify ``text`` as ``ar``, ``latin``, ``mixed`` or ``neutral`` by its letters.

    >>> detect_script("قالَ الكاظمي ـــ ٢٠٢١").script
    'ar'
    >>> detect_script("Muṣṭafā al-Kāẓimī, “Dā‘iš”").script
    'latin'
    >>> detect_script("25/07/2021 – 14:10").script
    'neutral'
    >>> detect_script("Iraq’s title.العراق-لم-يعد-بحاجة").script
    'mixed'
    """
    check_text("text", text)
    ((arabic, latin),) = _letter_counts(text, [(0, len(text))])
    return _report(arabic, latin)


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` at blank lines; a single line break stays inside its paragraph.

    Lines are numbered from 1 so that reports can point into the input file. Paragraphs that
    hold only white space are not returned.

    >>> [(p.line, p.script) for p in paragraphs("Title\\n\\n\\nالنص\\nالعربي\\n")]
    [(1, 'latin'), (4, 'ar')]
    """
    bodies: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    start = 0
    # Lines are counted on from the previous paragraph, not from the top: linear time.
    line, counted = 1, 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            leading = len(chunk) - len(chunk.lstrip())
            line += text.count("\n", counted, start + leading)
            counted = start + leading
            body = chunk.strip()
            bodies.append((body, line))
            spans.append((counted, counted + len(body)))
        if match:
            start = match.end()
    counts = _letter_counts(text, spans)
    return [
        Paragraph(body, line, _report(*count))
        for (body, line), count in zip(bodies, counts, strict=True)
    ]


def script_runs(text: str) -> list[tuple[Script, str]]:
    """Cut a mixed text into maximal runs of one script, in order.

    Neutral characters between two runs of different scripts belong to neither and are left
    out; neutral characters inside a run stay in it.

    >>> script_runs("Biden met الكاظمي in Washington")
    [('latin', 'Biden met'), ('ar', 'الكاظمي'), ('latin', 'in Washington')]
    """
    runs: list[tuple[Script, str]] = []
    for match in _RUNS.finditer(text):
        run = match.group()
        runs.append(("ar" if _ARABIC_LETTERS.match(run) else "latin", run))
    return runs
