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

Dev and held-out parts follow the Bible set's rule (books alternate, Genesis dev), so tuning
on the literary dev part never sees a verse of the Bible's held-out part. Documents are
sampled, and runs drawn, from ``random.Random`` seeded with the run's seed and the
document's name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
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
from bialign.segment import split_sentences

__all__ = [
    "MAX_RUN_SENTENCES",
    "RUN_SHARE",
    "RUN_VERSES",
    "join_arabic",
    "literary_document",
    "literary_sets",
]

#: Verses joined into one Arabic sentence, fewest and most.
RUN_VERSES = (2, 8)
#: Share of steps that are runs; the rest are plain stretches of 1-4 verses.
RUN_SHARE = 0.5
#: Most English sentences against one joined Arabic sentence.
MAX_RUN_SENTENCES = 8
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


def _run(verses: Sequence[Record], start: int, size: int, split: Splitter) -> tuple[int, list[str]]:
    """How many verses from ``start`` the run takes (at most ``size``), and their English
    sentences: shortened until they number at most :data:`MAX_RUN_SENTENCES`."""
    for taken in range(min(size, len(verses) - start), 1, -1):
        english = [s for r in verses[start : start + taken] for s in split(r.en, "en")]
        if len(english) <= MAX_RUN_SENTENCES:
            return taken, english
    return 0, []


def _chapter_units(
    verses: Sequence[Record], rng: random.Random, split: Splitter
) -> Iterator[tuple[list[str], list[str]]]:
    at = 0
    while at < len(verses):
        if rng.random() < RUN_SHARE:
            taken, english = _run(verses, at, rng.randint(*RUN_VERSES), split)
            if taken:
                arabic = join_arabic([strip_marks(r.ar) for r in verses[at : at + taken]])
                yield [arabic], english
                at += taken
                continue
        for record in verses[at : at + rng.randint(*_PLAIN_VERSES)]:
            yield [strip_marks(record.ar)], split(record.en, "en")
            at += 1


def literary_document(group: RecordGroup, seed: int, split: Splitter = split_sentences) -> Document:
    """The literary form of a group of Bible chapters; runs never cross a chapter."""
    rng = random.Random(f"{seed}:literary:{group.name}")
    chapters = [tuple(verses) for _, verses in groupby(group.records, key=lambda r: r.doc)]
    units = (unit for chapter in chapters for unit in _chapter_units(chapter, rng, split))
    return document_from_units(f"literary:{group.name}", units)


def literary_sets(
    corpora_dir: Path,
    limit: int | None,
    seed: int = 13,
    parts: Sequence[Part] = PARTS,
    split: Splitter = split_sentences,
) -> list[DocumentSet]:
    """The ``literary`` set's sampled documents, one :class:`DocumentSet` per part.

    Samples the same chapters as the ``bible`` set for the same seed and limit, so the two
    can be compared document for document. Raises ``FileNotFoundError`` if the Bible corpus
    is missing.
    """
    groups = bible_groups(read_records(corpora_dir / "bible_svd_kjv.jsonl"))
    return [
        DocumentSet(
            "literary",
            part,
            tuple(
                literary_document(group, seed, split)
                for group in sampled_groups("bible", groups, part, limit, seed)
            ),
        )
        for part in parts
    ]
