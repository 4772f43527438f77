"""Subtitles (SubRip ``.srt``, WebVTT ``.vtt``) as plain text: one paragraph a cue.

A cue is a timing line (``00:00:01,000 --> 00:00:03,500``, with ``.`` in WebVTT, maybe
followed by cue settings) and the text lines after it, up to a blank line. What is not text
is left out: the timing line, a damaged one (an arrow and a time where a cue opens:
``00:00:0x,000 --> 00:00:02,000``), the line before a timing line when it is the cue's number
or identifier, a line of a cue that only describes a sound (``[Music]``, ``(تصفيق)``: nothing
to translate, and a cue of nothing else has no partner), WebVTT's header and its
``NOTE``, ``STYLE`` and ``REGION`` blocks, and inline markup (``<i>``,
``<font color=...>``, ``<c.yellow>``, ``<v Speaker>``, ``<00:00:01.500>``, ``{\\an8}``).

A cue's lines are one unit: lines in the same script are joined by a space (a subtitle
editor wraps lines at about 42 characters), while a line in the other script starts a new
line, so that a bilingual cue (an Arabic line above its English line) keeps its script
boundary for the stages after this one. Text outside any cue (a SubRip cue broken by a
stray blank line, a cue whose timing line is damaged, the whole of a file that is not
subtitles at all) is kept, a unit a block.
"""

from __future__ import annotations

from typing import Literal

import regex

from ..detect import side_of

__all__ = ["cues_to_text"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?"
_TIMING = regex.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?")
# What is left of a timing line a typo or a converter broke (``00:00:0x,000 -> 00:00:02,000``):
# an arrow, and a time on one side of it.
_ARROW = regex.compile(r"-{1,2} ?>")
_TIME_SHAPE = regex.compile(r"\d{1,2}:\d{2}")
_NUMBER = regex.compile(r"[ \t]*\d+[ \t]*")
_VTT_BLOCK = regex.compile(r"(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t].*)?")
# A cue's line that only describes a sound, for the deaf and hard of hearing: "[Music]",
# "(Applause)", "[موسيقى]" (two letters at least: "(b)" labels a list's item; no comma or
# full stop: "(Yes, sir.)" is said).
_SOUND = regex.compile(
    r"\s*[\[(]\s*\p{L}[\p{L}\p{M} '\N{RIGHT SINGLE QUOTATION MARK}-]{1,40}[\])]\s*"
)
_MARKUP = regex.compile(
    r"</?(?:[A-Za-z][\w.-]*(?:[ \t][^<>\n]*)?|\d[\d:.]*)>"  # <i>, <c.x>, <v Name>, <00:01.000>
    r"|\{\\[^{}\n]*\}"  # SubStation override codes kept by converters: {\an8}, {\i1}
)


def _unit(lines: list[str]) -> str:
    """A cue's text lines as one unit: same-script lines joined, script changes kept.

    >>> _unit(["<i>قال الرئيس</i>", "إن العراق", "The president said", "{\\\\an8}that Iraq"])
    'قال الرئيس إن العراق\\nThe president said that Iraq'
    """
    out: list[tuple[str, list[str]]] = []
    for raw in lines:
        line = " ".join(_MARKUP.sub("", raw).split())
        if not line:
            continue
        script = side_of(line) or ""
        if out and (not script or out[-1][0] in ("", script)):
            out[-1] = (out[-1][0] or script, [*out[-1][1], line])
        else:
            out.append((script, [line]))
    return "\n".join(" ".join(words) for _, words in out)


def cues_to_text(text: str, kind: Literal["srt", "vtt"]) -> tuple[str, int, int]:
    """The cues' text, one paragraph a cue, how many timing lines were left out, and how
    many lines of a cue that only describe a sound (``[Music]``, ``(تصفيق)``).

    >>> cues_to_text("1\\n00:00:01,000 --> 00:00:02,000\\nمرحبا\\nHello\\n\\n"
    ...              "2\\n00:00:02,500 --> 00:00:04,000\\n<i>Bye</i>\\n[Music]\\n", "srt")
    ('مرحبا\\nHello\\n\\nBye', 2, 1)
    """
    lines = text.splitlines()
    timings, damaged, sounds = [], 0, 0
    for k, line in enumerate(lines):
        if "->" not in line:
            continue
        if _TIMING.fullmatch(line):
            timings.append(k)
        elif _is_damaged_timing(lines, k, kind):
            # Its cue's text is then text outside any cue; its number or identifier goes too.
            if k and lines[k - 1].strip():
                lines[k - 1] = ""
            lines[k] = ""
            damaged += 1
    first = timings[0] if timings else len(lines)
    if timings and first and _is_identifier(lines, first - 1):
        first -= 1
    units = _blocks(lines[:first], kind)
    for number, start in enumerate(timings):
        end = timings[number + 1] if number + 1 < len(timings) else len(lines)
        if number + 1 < len(timings) and _is_identifier(lines, end - 1):
            end -= 1
        body = lines[start + 1 : end]
        blank = next((k for k, line in enumerate(body) if not line.strip()), len(body))
        said = [line for line in body[:blank] if not _SOUND.fullmatch(_MARKUP.sub("", line))]
        sounds += blank - len(said)
        units.append(_unit(said))
        units += _blocks(body[blank:], kind)
    return "\n\n".join(unit for unit in units if unit), len(timings) + damaged, sounds


def _blocks(lines: list[str], kind: Literal["srt", "vtt"]) -> list[str]:
    """Text outside the cues, a unit a block of lines (blank lines between blocks), less
    WebVTT's header, comments and styles."""
    units: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block and not (kind == "vtt" and _VTT_BLOCK.fullmatch(block[0])):
            units.append(_unit(block))
        block = []
    return units


def _is_damaged_timing(lines: list[str], k: int, kind: Literal["srt", "vtt"]) -> bool:
    """Whether line ``k`` is a timing line damaged past reading: an arrow and a time beside
    it, where a cue opens (first in its block, or under its number, or in WebVTT under its
    identifier). A line of cue text ("2019 --> 2023: up 40%") stands under a timing line or
    under more text."""
    line = lines[k]
    if _ARROW.search(line) is None or _TIME_SHAPE.search(line) is None:
        return False
    if k == 0 or not lines[k - 1].strip() or _NUMBER.fullmatch(lines[k - 1]):
        return True
    return kind == "vtt" and _is_identifier(lines, k - 1)


def _is_identifier(lines: list[str], k: int) -> bool:
    """Whether line ``k``, just before a timing line, names that cue: a SubRip number, or
    the first line of its block (a WebVTT identifier)."""
    return bool(_NUMBER.fullmatch(lines[k])) or k == 0 or not lines[k - 1].strip()
