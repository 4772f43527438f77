"""Headings one side has and the other does not: a title, a byline, a caption left untranslated,
taken out of the bead the search joined them to.

The search prices a sentence left unaligned at the prior of 1-0 and 0-1 beads, and a short
line adds little to the length cost of a long sentence's bead: so an untranslated "Report of
the Commission" joins the first pair, at a score that does not warn. A higher prior leaves
most such lines merged and costs real beads (``docs/benchmarks.md``, one-sided short lines).
The paragraphs say more: a heading is a paragraph of one short sentence, and a translated
heading shares its words with its translation. A heading at the edge of a bead that shares at
most half of its anchor tokens with the bead's other side, and a smaller share than the rest
of its side in the bead, is made a bead of its own; one that ends a sentence (a photo's
caption, but also a short paragraph the other side joins to the next sentence) only where it
shares none of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .detect import is_short, is_short_line
from .lexicon.vocabulary import SignatureArray
from .search import IntArray, Path

__all__ = ["apart"]


#: What a heading does not end with: a lead-in's colon ("Article 2 reads:").
_LEAD_IN_END = ":"


def apart(
    path: Path,
    signatures: tuple[SignatureArray, SignatureArray],
    paragraphs: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]],
    starts: tuple[Sequence[int], Sequence[int]],
) -> Path:
    """``path`` with each heading of ``paragraphs`` (Arabic and English, their first
    sentences at ``starts``) made a 1-0 or 0-1 bead, before or after the rest of its bead,
    where the bead holds more than headings on the heading's side, and the heading shares at
    most half of its anchor tokens (of ``signatures``) with the bead's other side (none, for
    one that ends a sentence), and a smaller share than the rest of its side does
    (:func:`_untranslated`). Items of a list that
    the other side joins into one line ("Blankets and warm clothes", "Bottled water") stay
    together: they are all headings, all ending a sentence or none (:func:`_list_items`)."""
    headings = (_headings(paragraphs[0], starts[0]), _headings(paragraphs[1], starts[1]))
    if not (headings[0] or headings[1]):
        return path
    # The beads that hold a heading and more on its side (each side's sentence ends ascend
    # down the path): most headings are a bead's whole side.
    rows = {
        int(row)
        for column, heads in ((1, headings[0]), (3, headings[1]))
        for row in np.searchsorted(path[:, column], sorted(heads), side="right")
        if path[row, column] - path[row, column - 1] > 1
    }
    pieces: list[Path] = []
    done = 0
    for row in sorted(rows):
        split = _split(path[row], signatures, headings)
        if len(split) > 1:
            pieces += [path[done:row], split]
            done = row + 1
    return np.concatenate([*pieces, path[done:]]) if pieces else path


def _headings(paragraphs: Sequence[Sequence[str]], starts: Sequence[int]) -> dict[int, bool]:
    """The sentences that are a heading, by number, and whether each ends a sentence: a
    paragraph of one short sentence (:func:`~bialign.detect.is_short`), a title or a byline
    (``False``: :func:`~bialign.detect.is_short_line`) or a caption ("Archive photo of the
    meeting hall.", ``True``), that is not a lead-in ending in a colon."""
    # Written out, not a call a paragraph: most paragraphs are rejected by their sentence
    # count or their length, and a call cost more than that (articles of verses a paragraph).
    return {
        start: not is_short_line(paragraph[0])
        for start, paragraph in zip(starts, paragraphs, strict=False)
        if len(paragraph) == 1
        and paragraph[0].rstrip()[-1:] != _LEAD_IN_END
        and is_short(paragraph[0])
    }


def _list_items(headings: Mapping[int, bool], first: int, end: int, ends: bool) -> bool:
    """Whether sentences ``first`` to ``end`` are all headings that end a sentence, or all
    that end none, as the heading beside them does (``ends``): items of a list with it; not
    an untranslated line and a translated paragraph of one short sentence beside it."""
    return all(headings.get(k) is ends for k in range(first, end))


def _split(
    bead: IntArray,
    signatures: tuple[SignatureArray, SignatureArray],
    headings: tuple[Mapping[int, bool], Mapping[int, bool]],
) -> Path:
    """One bead as the beads :func:`apart` makes of it, in order."""
    # The kept bead's bounds, (Arabic start, end, English start, end), as headings leave it;
    # those before it and after it, each a sentence on one side.
    kept = bead.tolist()
    before: list[list[int]] = []
    after: list[list[int]] = []
    for side in (0, 1):
        lo, hi = 2 * side, 2 * side + 1
        heads = headings[side]
        if kept[hi] - kept[lo] < 2 or not (kept[lo] in heads or kept[hi] - 1 in heads):
            continue
        other = 2 * (1 - side)
        theirs = np.bitwise_or.reduce(signatures[1 - side][kept[other] : kept[other + 1]], axis=0)
        mine = signatures[side]
        while (
            kept[hi] - kept[lo] >= 2
            and kept[lo] in heads
            and _untranslated(kept[lo], mine, kept[lo] + 1, kept[hi], theirs, heads[kept[lo]])
            and not _list_items(heads, kept[lo] + 1, kept[hi], heads[kept[lo]])
        ):
            row = kept[:2] + [kept[2]] * 2 if side == 0 else [kept[0]] * 2 + kept[2:]
            row[hi] = row[lo] + 1
            before.append(row)
            kept[lo] += 1
        while (
            kept[hi] - kept[lo] >= 2
            and kept[hi] - 1 in heads
            and _untranslated(
                kept[hi] - 1, mine, kept[lo], kept[hi] - 1, theirs, heads[kept[hi] - 1]
            )
            and not _list_items(heads, kept[lo], kept[hi] - 1, heads[kept[hi] - 1])
        ):
            row = [kept[1]] * 2 + [kept[3]] * 2
            row[lo] = kept[hi] - 1
            after.insert(0, row)
            kept[hi] -= 1
    return np.array([*before, kept, *after], dtype=np.int64).reshape(-1, 4)


def _untranslated(
    heading: int,
    mine: SignatureArray,
    rest_start: int,
    rest_end: int,
    theirs: SignatureArray,
    ends_sentence: bool,
) -> bool:
    """Whether sentence ``heading`` of a side (``mine``) shares at most half of its anchor
    tokens with ``theirs``, what its bead's other side holds, and a smaller share of them
    than the rest of its side's sentences in the bead (``rest_start`` to ``rest_end``) share
    of theirs. Where the word table knows neither side's words (a list of
    relief items), sharing nothing says nothing; nor does a heading without tokens (aligned
    by length alone). A heading that ends a sentence (a caption, or a short paragraph that
    the other side joins to the next sentence: "Dozens more were injured.") must share none:
    a translated one shares some of a few tokens as often as not."""
    own = mine[heading]
    rest = np.bitwise_or.reduce(mine[rest_start:rest_end], axis=0)
    tokens, rest_tokens = int(np.bitwise_count(own).sum()), int(np.bitwise_count(rest).sum())
    shared = int(np.bitwise_count(own & theirs).sum())
    rest_shared = int(np.bitwise_count(rest & theirs).sum())
    if ends_sentence:
        return tokens > 0 and shared == 0 and rest_shared > 0
    return tokens > 0 and 2 * shared <= tokens and rest_shared * tokens > shared * rest_tokens
