"""Stage 1: which script each paragraph is written in.

Only letters vote. Diacritics, tatweel, digits of any kind, punctuation and invisible controls
are neutral, so "العَرَبِيَّةُ" is as Arabic as "العربية" and "Muṣṭafā al-Kāẓimī" is Latin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

__all__ = [
    "Paragraph",
    "Script",
    "ScriptReport",
    "detect_script",
    "paragraphs",
    "script_runs",
]

Script = Literal["ar", "latin", "mixed", "neutral"]

#: Share of a paragraph's letters one script needs for the paragraph to count as that script.
#: A name or an acronym in the other script (an English quote inside Arabic news) stays below
#: the remaining 15%.
DOMINANT_SHARE = 0.85

# Runs of letters, counted by their lengths: half the work of matching letters one by one.
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


@dataclass(frozen=True)
class ScriptReport:
    """The verdict on one piece of text, with the letter counts it rests on."""

    script: Script
    arabic_letters: int
    latin_letters: int

    @property
    def arabic_share(self) -> float:
        """Arabic letters as a share of all Arabic and Latin letters (0 when there are none)."""
        total = self.arabic_letters + self.latin_letters
        return self.arabic_letters / total if total else 0.0

    @property
    def latin_share(self) -> float:
        """Latin letters as a share of all Arabic and Latin letters (0 when there are none)."""
        total = self.arabic_letters + self.latin_letters
        return self.latin_letters / total if total else 0.0


@dataclass(frozen=True)
class Paragraph:
    """A blank-line separated block of the input, with where it starts and its script."""

    text: str
    line: int
    report: ScriptReport

    @property
    def script(self) -> Script:
        return self.report.script


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
    arabic = 0 if text.isascii() else sum(map(len, _ARABIC_LETTERS.findall(text)))
    latin = sum(map(len, _LATIN_LETTERS.findall(text)))
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


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` at blank lines; a single line break stays inside its paragraph.

    Lines are numbered from 1 so that reports can point into the input file. Paragraphs that
    hold only white space are not returned.

    >>> [(p.line, p.script) for p in paragraphs("Title\\n\\n\\nالنص\\nالعربي\\n")]
    [(1, 'latin'), (4, 'ar')]
    """
    found = []
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
            found.append(Paragraph(body, line, detect_script(body)))
        if match:
            start = match.end()
    return found


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
