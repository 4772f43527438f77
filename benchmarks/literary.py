"""A literary-style development set: long Arabic sentences against short English ones.

Literary Arabic runs on where English stops: one Arabic sentence, clauses joined by commas
and "wa", is often five or eight English sentences. Aligners tuned on news, where beads are
mostly 1-1, lose sync there. This set makes that shape from the Bible, with a known gold:

* a document is three consecutive chapters (``bible_groups`` in ``benchmarks/corpora.py``);
* its verses are walked in order, each step either a *run* (half the steps) of 2-8
  consecutive verses of one chapter, whose Arabic becomes one long sentence (inner sentence
  ends turned into Arabic commas) against all their English sentences, or a *plain stretch*
  of 1-4 verses, each verse one Arabic sentence against its English sentences;
* so gold beads are 1-N: 1-1 and 1-2 in the plain stretches, up to 1-8 in the runs (a run
  is shortened until its English has at most 8 sentences);
* Arabic diacritics are stripped, as in modern literary prose (and the sentence encoders
  measured here read unvowelled Arabic far better).

The ``literary-en`` set is its mirror, for the N-1 beads of English that joins what Arabic
keeps apart (the King James Version runs four verses of Genesis 1 into one sentence where the
Arabic keeps four): runs of 2-6 verses become one English sentence (inner sentence ends
turned into semicolons) against all their Arabic sentences, and in the plain stretches each
verse's English is one sentence against its Arabic sentences; so gold beads are N-1, up to
6-1 (a run is shortened until its Arabic has at most 6 sentences).

Dev and held-out parts follow the Bible set's rule (books alternate, Genesis dev), so tuning
on the literary dev part never sees a verse of the Bible's held-out part. Documents are
sampled, and runs drawn, from ``random.Random`` seeded with the run's seed and the
document's name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from benchmarks.corpora import (
    PARTS,
    Document,
    DocumentSet,
    Part,
    Record,
    RecordGroup,
    Splitter,
    bible_groups,
    document_from_units,
    read_records,
    sampled_groups,
)
from bialign.chars import strip_marks
from bialign.records import Language
from bialign.segment import split_sentences

__all__ = [
    "LITERARY",
    "LITERARY_EN",
    "RUN_SHARE",
    "Shape",
    "join_arabic",
    "join_english",
    "literary_document",
    "literary_sets",
]

#: Share of steps that are runs; the rest are plain stretches of 1-4 verses.
RUN_SHARE = 0.5
_PLAIN_VERSES = (1, 4)

# A sentence end inside the run (followed by more text): full stop, colon, Arabic question
# mark or semicolon, with any closing quote before it kept.
_INNER_END = re.compile(r"\s*[.:!?\N{ARABIC QUESTION MARK}\N{ARABIC SEMICOLON}]+(?=\s)")


def join_arabic(verses: Sequence[str]) -> str:
    """Verses as one long Arabic sentence: inner sentence ends become Arabic commas.

    >>> join_arabic(["قال لهم: اذهبوا.", "فذهبوا."])
    'قال لهم، اذهبوا، فذهبوا.'
    """
    return _INNER_END.sub("\N{ARABIC COMMA}", " ".join(verses))


# An English sentence end inside the run, any closing quote before it kept.
_INNER_END_EN = re.compile(r"\s*[.:!?]+(?=\s)")


def join_english(verses: Sequence[str]) -> str:
    """Verses as one long English sentence: inner sentence ends become semicolons.

    >>> join_english(["And God said, Let there be light: and there was light.", "And it was so."])
    'And God said, Let there be light; and there was light; And it was so.'
    """
    return _INNER_END_EN.sub(";", " ".join(verses))


@dataclass(frozen=True)
class Shape:
    """Which side a set joins runs of verses on, and how far: the ``literary`` set joins
    Arabic (beads 1-N), ``literary-en`` English (beads N-1)."""

    name: str
    joined: Language
    #: Verses a run joins into one sentence, fewest and most.
    run_verses: tuple[int, int]
    #: Most sentences of the other side against one joined sentence.
    max_run_sentences: int

    def text(self, record: Record, side: Language) -> str:
        """A verse's text on one side, Arabic without diacritics (as modern prose)."""
        return strip_marks(record.ar) if side == "ar" else record.en

    def join(self, texts: Sequence[str]) -> str:
        """Verses as one sentence of the joined side."""
        return (join_arabic if self.joined == "ar" else join_english)(texts)

    def unit(self, joined: str, other: list[str]) -> tuple[list[str], list[str]]:
        """A gold bead as (Arabic sentences, English sentences)."""
        return ([joined], other) if self.joined == "ar" else (other, [joined])


LITERARY = Shape("literary", "ar", (2, 8), 8)
LITERARY_EN = Shape("literary-en", "en", (2, 6), 6)


def _run(
    shape: Shape, verses: Sequence[Record], start: int, size: int, split: Splitter
) -> tuple[int, list[str]]:
    """How many verses from ``start`` the run takes (at most ``size``), and the other side's
    sentences: shortened until they number at most ``shape.max_run_sentences``."""
    other: Language = "en" if shape.joined == "ar" else "ar"
    for taken in range(min(size, len(verses) - start), 1, -1):
        texts = [shape.text(r, other) for r in verses[start : start + taken]]
        sentences = [s for text in texts for s in split(text, other)]
        if len(sentences) <= shape.max_run_sentences:
            return taken, sentences
    return 0, []


def _chapter_units(
    shape: Shape, verses: Sequence[Record], rng: random.Random, split: Splitter
) -> Iterator[tuple[list[str], list[str]]]:
    other: Language = "en" if shape.joined == "ar" else "ar"
    at = 0
    while at < len(verses):
        if rng.random() < RUN_SHARE:
            taken, sentences = _run(shape, verses, at, rng.randint(*shape.run_verses), split)
            if taken:
                run = verses[at : at + taken]
                yield shape.unit(shape.join([shape.text(r, shape.joined) for r in run]), sentences)
                at += taken
                continue
        for record in verses[at : at + rng.randint(*_PLAIN_VERSES)]:
            own = shape.text(record, shape.joined)
            yield shape.unit(own, split(shape.text(record, other), other))
            at += 1


def literary_document(
    group: RecordGroup,
    seed: int,
    split: Splitter = split_sentences,
    shape: Shape = LITERARY,
) -> Document:
    """The literary form of a group of Bible chapters; runs never cross a chapter."""
    rng = random.Random(f"{seed}:{shape.name}:{group.name}")
    chapters = [tuple(verses) for _, verses in groupby(group.records, key=lambda r: r.doc)]
    units = (unit for chapter in chapters for unit in _chapter_units(shape, chapter, rng, split))
    return document_from_units(f"{shape.name}:{group.name}", units)


def literary_sets(
    corpora_dir: Path,
    limit: int | None,
    seed: int = 13,
    parts: Sequence[Part] = PARTS,
    split: Splitter = split_sentences,
    shape: Shape = LITERARY,
) -> list[DocumentSet]:
    """The ``literary`` (or ``literary-en``, by ``shape``) set's sampled documents, one
    :class:`DocumentSet` per part.

    Samples the same chapters as the ``bible`` set for the same seed and limit, so the two
    can be compared document for document. Raises ``FileNotFoundError`` if the Bible corpus
    is missing.
    """
    groups = bible_groups(read_records(corpora_dir / "bible_svd_kjv.jsonl"))
    return [
        DocumentSet(
            shape.name,
            part,
            tuple(
                literary_document(group, seed, split, shape)
                for group in sampled_groups("bible", groups, part, limit, seed)
            ),
        )
        for part in parts
    ]
