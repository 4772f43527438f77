"""Alignment test documents with a known gold alignment, built from ``../shared/corpora``.

Shared by the benchmarks (quality, speed) and their tests. Each set has a *dev* part, which
may be looked at while tuning, and a *held-out* part, which must not be:

* ``bible``: documents of consecutive chapters (3 by default); each verse is split into
  sentences on both sides, so beads are naturally n:m; the gold bead of verse k is "all
  Arabic sentences of verse k <-> all English sentences of verse k". Arabic fully vowelled,
  as the corpus has it. Books alternate dev / held-out in canon order (Genesis dev, Exodus
  held-out, ...).
* ``bible-stripped``: the same documents with Arabic diacritics stripped (after splitting,
  so the sentences and the gold are the same as in ``bible``).
* ``un`` and ``tatoeba``: sentence records (each taken as one sentence) grouped into
  pseudo-documents of 40-80 consecutive records, with seeded merges (2-1, 1-2, and 2-2 built
  from three records split at different places on the two sides) and deletions (1-0, 0-1).
  UN documents go to dev or held-out by a hash of their symbol; Tatoeba pseudo-documents
  alternate dev / held-out by position.
* ``udhr``: the Universal Declaration, paragraph records split into sentences; preamble and
  articles 1-15 are dev, articles 16-30 held-out.
* ``un-inserts`` (only when asked for: not in :data:`SETS`): the ``un`` documents with short
  lines that have no counterpart inserted on one side, as a page in one language has its
  byline, photo caption or credit: after one unit in :data:`INSERT_RATE`, the first 3-8 words
  of a record of the document drawn at random, on a side drawn at random, without a final
  full stop.

Documents are sampled reproducibly: everything random draws from ``random.Random`` seeded
with the run's seed and the set, part or document name.
"""

from __future__ import annotations

import json
import os
import random
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Literal

from bialign.chars import strip_marks
from bialign.records import Language
from bialign.segment import split_sentences

__all__ = [
    "EXTRA_SETS",
    "INSERT_RATE",
    "MERGE_RATES",
    "PARTS",
    "SETS",
    "Document",
    "DocumentSet",
    "Part",
    "Record",
    "RecordGroup",
    "Splitter",
    "bible_groups",
    "build_sets",
    "default_corpora_dir",
    "document_from_units",
    "inserted_document",
    "one_sided_line",
    "perturbed_document",
    "read_records",
    "split_document",
    "tatoeba_groups",
    "udhr_groups",
    "un_groups",
]

Part = Literal["dev", "held-out"]
PARTS: tuple[Part, ...] = ("dev", "held-out")
SETS = ("bible", "bible-stripped", "un", "tatoeba", "udhr")
#: Sets built only when a caller names them.
EXTRA_SETS = ("un-inserts",)

Splitter = Callable[[str, Language], list[str]]
GoldBead = tuple[tuple[int, ...], tuple[int, ...]]

# Share of records starting each controlled bead kind in the perturbed sets; the rest stay
# 1-1. Merges dominate, as in real translated news; deletions are rarer.
MERGE_RATES: dict[str, float] = {"2-1": 0.06, "1-2": 0.06, "2-2": 0.03, "1-0": 0.02, "0-1": 0.02}

#: Share of units after which ``un-inserts`` has a one-sided short line.
INSERT_RATE = 0.05

_PSEUDO_DOC_SIZES = (40, 80)
_FILES = {
    "bible": "bible_svd_kjv.jsonl",
    "un": "unv1_dev_test.jsonl",
    "tatoeba": "tatoeba_ara_eng.jsonl",
    "udhr": "udhr.jsonl",
}


@dataclass(frozen=True)
class Record:
    """One corpus line: a unit of text and its translation."""

    doc: str
    id: str
    ar: str
    en: str


@dataclass(frozen=True)
class RecordGroup:
    """Consecutive records that become one test document."""

    name: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Document:
    """Sentences of both sides and the gold beads over their indices."""

    name: str
    ar: tuple[str, ...]
    en: tuple[str, ...]
    gold: tuple[GoldBead, ...]

    def kinds(self) -> dict[str, int]:
        """How many gold beads of each kind (``"ar-en"`` sentence counts)."""
        counts: dict[str, int] = {}
        for ar, en in self.gold:
            kind = f"{len(ar)}-{len(en)}"
            counts[kind] = counts.get(kind, 0) + 1
        return counts


@dataclass(frozen=True)
class DocumentSet:
    """The sampled documents of one part of one set."""

    name: str
    part: Part
    documents: tuple[Document, ...]


def default_corpora_dir() -> Path:
    """``$BIALIGN_CORPORA`` if set, else the nearest ``shared/corpora`` above the repository
    (beside it, or beside the folder of a git worktree), as the tests find it.

    The folder is absent in a user's clone; callers skip when it is.
    """
    override = os.environ.get("BIALIGN_CORPORA")
    if override:
        return Path(override)
    repository = Path(__file__).resolve().parents[1]
    found = (p / "shared" / "corpora" for p in repository.parents)
    return next((p for p in found if p.is_dir()), repository.parent / "shared" / "corpora")


def read_records(path: Path) -> list[Record]:
    """All records of one corpus file, in file (document) order."""
    with path.open(encoding="utf-8") as lines:
        return [Record(**json.loads(line)) for line in lines if line.strip()]


def document_from_units(
    name: str, units: Iterable[tuple[Sequence[str], Sequence[str]]]
) -> Document:
    """Number the sentences of translation units in order; each unit becomes one gold bead.

    >>> doc = document_from_units("d", [(["a1", "a2"], ["e1"]), ([], ["e2"])])
    >>> doc.gold
    (((0, 1), (0,)), ((), (1,)))
    """
    ar: list[str] = []
    en: list[str] = []
    gold: list[GoldBead] = []
    for unit_ar, unit_en in units:
        if not unit_ar and not unit_en:
            continue
        gold.append(
            (
                tuple(range(len(ar), len(ar) + len(unit_ar))),
                tuple(range(len(en), len(en) + len(unit_en))),
            )
        )
        ar.extend(unit_ar)
        en.extend(unit_en)
    return Document(name, tuple(ar), tuple(en), tuple(gold))


def split_document(
    group: RecordGroup, split: Splitter = split_sentences, strip: bool = False
) -> Document:
    """Split each record into sentences on both sides; a record is one gold bead.

    ``strip`` removes Arabic diacritics after splitting, so the stripped document has the
    same sentences and gold as the vowelled one and only the marks differ.
    """

    def unit(record: Record) -> tuple[list[str], list[str]]:
        ar = split(record.ar, "ar")
        return [strip_marks(s) for s in ar] if strip else ar, split(record.en, "en")

    return document_from_units(group.name, map(unit, group.records))


def _join(texts: Iterable[str]) -> str:
    return " ".join(texts)


def draw_bead_kind(rng: random.Random) -> str:
    """A bead kind drawn at the rates of :data:`MERGE_RATES`, "1-1" for the rest."""
    draw = rng.random()
    for kind, rate in MERGE_RATES.items():
        if draw < rate:
            return kind
        draw -= rate
    return "1-1"


def _perturbed_units(
    records: Sequence[Record], rng: random.Random
) -> Iterator[tuple[list[str], list[str]]]:
    i = 0
    while i < len(records):
        kind = draw_bead_kind(rng)
        ahead = records[i : i + 3]
        a = ahead[0]
        if kind == "2-1" and len(ahead) >= 2:
            yield [a.ar, ahead[1].ar], [_join((a.en, ahead[1].en))]
        elif kind == "1-2" and len(ahead) >= 2:
            yield [_join((a.ar, ahead[1].ar))], [a.en, ahead[1].en]
        elif kind == "2-2" and len(ahead) == 3:
            # Three records cut at different places on the two sides: no finer bead exists.
            b, c = ahead[1:]
            yield [_join((a.ar, b.ar)), c.ar], [a.en, _join((b.en, c.en))]
        elif kind == "1-0":
            yield [a.ar], []
        elif kind == "0-1":
            yield [], [a.en]
        else:
            kind = "1-1"
            yield [a.ar], [a.en]
        i += 3 if kind == "2-2" else 2 if kind in ("2-1", "1-2") else 1


def perturbed_document(group: RecordGroup, seed: int) -> Document:
    """Each record is one sentence; seeded merges and deletions make harder, known beads.

    The rates are :data:`MERGE_RATES`; a merge that would run past the end stays 1-1.
    """
    rng = random.Random(f"{seed}:{group.name}")
    return document_from_units(group.name, _perturbed_units(group.records, rng))


def _with_inserts(
    units: Iterable[tuple[list[str], list[str]]], records: Sequence[Record], rng: random.Random
) -> Iterator[tuple[list[str], list[str]]]:
    for unit in units:
        yield unit
        if rng.random() < INSERT_RATE:
            side: Language = rng.choice(("ar", "en"))
            line = one_sided_line(rng.choice(records), side, rng)
            yield ([line], []) if side == "ar" else ([], [line])


def one_sided_line(
    record: Record, side: Language, rng: random.Random, full_stop: bool = False
) -> str:
    """The first 3-8 words of ``record`` on ``side``, without a final full stop (or, with
    ``full_stop``, ending in one, as a photo's caption does): as long as a byline or a
    caption (``un-inserts``, ``benchmarks/inserts.py``)."""
    line = " ".join(getattr(record, side).split()[: rng.randint(3, 8)]).rstrip(".")
    return line + "." if full_stop else line


def inserted_document(group: RecordGroup, seed: int) -> Document:
    """:func:`perturbed_document` with one-sided short lines inserted (``un-inserts``)."""
    rng = random.Random(f"{seed}:{group.name}")
    inserts = random.Random(f"{seed}:{group.name}:inserts")
    units = _with_inserts(_perturbed_units(group.records, rng), group.records, inserts)
    return document_from_units(group.name, units)


def _chunks(records: Sequence[Record], rng: random.Random, prefix: str) -> list[RecordGroup]:
    """Cut records into consecutive pseudo-documents of 40-80 records (the last may be shorter)."""
    groups = []
    start = 0
    while start < len(records):
        size = rng.randint(*_PSEUDO_DOC_SIZES)
        chunk = tuple(records[start : start + size])
        groups.append(RecordGroup(f"{prefix}{start}-{start + len(chunk) - 1}", chunk))
        start += size
    return groups


def bible_groups(records: Sequence[Record], chapters: int = 3) -> dict[Part, list[RecordGroup]]:
    """Runs of ``chapters`` consecutive chapters of one book; books alternate dev/held-out."""
    parts: dict[Part, list[RecordGroup]] = {part: [] for part in PARTS}
    by_book = groupby(records, key=lambda r: r.doc.split(".")[0])
    for position, (_, book_records) in enumerate(by_book):
        by_chapter = [tuple(rs) for _, rs in groupby(book_records, key=lambda r: r.doc)]
        for start in range(0, len(by_chapter), chapters):
            window = by_chapter[start : start + chapters]
            name = f"{window[0][0].doc}-{window[-1][0].doc.split('.')[1]}"
            group = RecordGroup(name, tuple(r for chapter in window for r in chapter))
            parts[PARTS[position % 2]].append(group)
    return parts


def un_groups(records: Sequence[Record], seed: int) -> dict[Part, list[RecordGroup]]:
    """UN documents split dev/held-out by a hash of their symbol, then cut into pseudo-documents.

    The UN file holds a few sampled sentences of each document, so a pseudo-document runs
    across several UN documents of the same part.
    """
    parts: dict[Part, list[RecordGroup]] = {}
    for part in PARTS:
        chosen = [r for r in records if PARTS[zlib.crc32(r.doc.encode()) % 2] == part]
        parts[part] = _chunks(chosen, random.Random(f"{seed}:un:{part}"), f"un:{part}:")
    return parts


def tatoeba_groups(records: Sequence[Record], seed: int) -> dict[Part, list[RecordGroup]]:
    """Tatoeba (sorted by length) cut into pseudo-documents that alternate dev/held-out."""
    groups = _chunks(records, random.Random(f"{seed}:tatoeba"), "tatoeba:")
    return {part: groups[i::2] for i, part in enumerate(PARTS)}


def udhr_groups(records: Sequence[Record]) -> dict[Part, list[RecordGroup]]:
    """Preamble and articles 1-15 are dev, articles 16-30 held-out: one document each."""

    def is_held_out(record: Record) -> bool:
        section = record.id.split(".")[1]  # TITLE, PRE or ARTnn
        return section.startswith("ART") and int(section[3:]) >= 16

    return {
        "dev": [RecordGroup("udhr:1-15", tuple(r for r in records if not is_held_out(r)))],
        "held-out": [RecordGroup("udhr:16-30", tuple(filter(is_held_out, records)))],
    }


def _sample(groups: list[RecordGroup], limit: int | None, rng: random.Random) -> list[RecordGroup]:
    if limit is None or limit >= len(groups):
        return groups
    chosen = set(rng.sample(range(len(groups)), limit))
    return [g for i, g in enumerate(groups) if i in chosen]


#: Documents sampled per part of each set, unless a caller asks otherwise.
DEFAULT_LIMIT = 40


def corpus_groups(
    corpus: str, records: Sequence[Record], seed: int
) -> dict[Part, list[RecordGroup]]:
    """The candidate documents of one corpus (``bible``, ``un``, ``tatoeba``, ``udhr``) by part."""
    if corpus == "bible":
        return bible_groups(records)
    if corpus == "un":
        return un_groups(records, seed)
    if corpus == "tatoeba":
        return tatoeba_groups(records, seed)
    return udhr_groups(records)


def sampled_groups(
    corpus: str, groups: dict[Part, list[RecordGroup]], part: Part, limit: int | None, seed: int
) -> list[RecordGroup]:
    """The documents of ``part`` the benchmark measures; seeded by corpus, not set, so bible
    and bible-stripped sample the same chapters."""
    return _sample(groups[part], limit, random.Random(f"{seed}:{corpus}:{part}"))


def build_sets(
    corpora_dir: Path,
    sets: Sequence[str] = SETS,
    limit: int | None = DEFAULT_LIMIT,
    seed: int = 13,
    split: Splitter = split_sentences,
    parts: Sequence[Part] = PARTS,
) -> list[DocumentSet]:
    """The documents of each requested set and part; ``limit`` documents per part at most.

    Raises ``FileNotFoundError`` naming the missing corpus file, ``ValueError`` for an
    unknown set name.
    """
    known = (*SETS, *EXTRA_SETS)
    unknown = sorted(set(sets) - set(known))
    if unknown:
        raise ValueError(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    groups: dict[str, dict[Part, list[RecordGroup]]] = {}
    result = []
    for name in sets:
        corpus = {"bible-stripped": "bible", "un-inserts": "un"}.get(name, name)
        if corpus not in groups:
            groups[corpus] = corpus_groups(corpus, read_records(corpora_dir / _FILES[corpus]), seed)
        for part in parts:
            sampled = sampled_groups(corpus, groups[corpus], part, limit, seed)
            if name == "un-inserts":
                documents = [inserted_document(g, seed) for g in sampled]
            elif name in ("un", "tatoeba"):
                documents = [perturbed_document(g, seed) for g in sampled]
            else:
                strip = name == "bible-stripped"
                documents = [split_document(g, split, strip) for g in sampled]
            result.append(DocumentSet(name, part, tuple(documents)))
    return result
