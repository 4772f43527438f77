"""Document pairing: precision, recall and time of ``bialign.pairing`` as the sets grow.

Run from the repository root::

    python -m benchmarks.pairing [--sizes 1000,5000,20000] [--seed 13] [--corpora DIR]

Prints two tables, every number measured in this run:

1. ``UN``: the UN documents of ``unv1_dev_test.jsonl`` (``../shared/corpora``) of three
   records or more, each record's Arabic and English joined into an Arabic and an English
   document, by symbol (the ``doc`` field), dev or held-out by a hash of the symbol. Of each
   side's documents 30% are *distractors*, whose translation is not in the set; a tenth of
   the pairs get a *near-duplicate* pair beside them, a revision with a third of its records
   replaced by another document's. The threshold is the one of ``PairingOptions``; the line
   ``best dev threshold`` is the one that maximises F1 on dev, which is how it was set.
2. ``synthetic``: N documents a side (30% distractors) of 4-12 records drawn from every
   corpus, for sizes beyond what the UN set holds; precision, recall and the seconds
   ``pair_documents`` takes (reading and analysing the texts included; files not).

Skips, saying so, when the corpora are absent.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.corpora import PARTS, Part, Record, default_corpora_dir, read_records
from bialign.lexicon import Lexicon
from bialign.pairing import DocumentPair, PairingOptions, pair_documents

__all__ = ["PairingSet", "Score", "score", "synthetic_set", "un_set"]

DISTRACTORS = 0.3
NEAR_DUPLICATES = 0.1
_CORPORA = ("unv1_dev_test", "bible_svd_kjv", "tatoeba_ara_eng", "udhr")


@dataclass(frozen=True)
class PairingSet:
    """Documents of both sides and the gold pairs (Arabic index, English index)."""

    ar: tuple[str, ...]
    en: tuple[str, ...]
    gold: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class Score:
    """Precision and recall of predicted pairs against the gold."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(pairs: Sequence[DocumentPair], gold: frozenset[tuple[int, int]]) -> Score:
    """Precision and recall of ``pairs``; an empty prediction has precision 1."""
    found = {(pair.ar, pair.en) for pair in pairs}
    right = len(found & gold)
    return Score(right / len(found) if found else 1.0, right / len(gold) if gold else 1.0)


def _text(records: Sequence[Record], lang: str) -> str:
    return "\n".join(getattr(record, lang) for record in records)


def _with_distractors(
    documents: Sequence[Sequence[Record]], rng: random.Random, pairs: int
) -> PairingSet:
    """``pairs`` documents with both sides, and as many more of one side only as make 30% of
    each side distractors; both sides shuffled."""
    extra = round(pairs * DISTRACTORS / (1 - DISTRACTORS))
    both = documents[:pairs]
    ar_only, en_only = (
        documents[pairs : pairs + extra],
        documents[pairs + extra : pairs + 2 * extra],
    )
    ar = [(_text(d, "ar"), k) for k, d in enumerate(both)] + [(_text(d, "ar"), -1) for d in ar_only]
    en = [(_text(d, "en"), k) for k, d in enumerate(both)] + [(_text(d, "en"), -1) for d in en_only]
    rng.shuffle(ar)
    rng.shuffle(en)
    where = {k: i for i, (_, k) in enumerate(en) if k >= 0}
    gold = frozenset((i, where[k]) for i, (_, k) in enumerate(ar) if k >= 0)
    return PairingSet(tuple(t for t, _ in ar), tuple(t for t, _ in en), gold)


def un_set(corpora: Path, part: Part, seed: int = 13) -> PairingSet:
    """The UN documents of one part, with distractors and near-duplicates (module docstring)."""
    by_symbol: dict[str, list[Record]] = {}
    for record in read_records(corpora / "unv1_dev_test.jsonl"):
        by_symbol.setdefault(record.doc, []).append(record)
    documents = [
        records
        for symbol, records in by_symbol.items()
        if len(records) >= 3 and PARTS[zlib.crc32(symbol.encode()) % 2] == part
    ]
    rng = random.Random(f"{seed}:un:{part}")
    rng.shuffle(documents)
    pairs = round(len(documents) / (1 + 2 * DISTRACTORS / (1 - DISTRACTORS)))
    revised = []
    for number, records in enumerate(documents[: round(pairs * NEAR_DUPLICATES)]):
        other = documents[(number + 1) % len(documents)]
        keep = list(records)
        for k in rng.sample(range(len(keep)), max(1, len(keep) // 3)):
            keep[k] = rng.choice(other)
        revised.append(keep)
    # The revisions are pairs too: the distractors are drawn from what is left.
    return _with_distractors(revised + documents, rng, pairs + len(revised))


def synthetic_set(corpora: Path, size: int, seed: int = 13) -> PairingSet:
    """``size`` documents a side, 30% of them distractors, of 4-12 records from every corpus."""
    records = [r for name in _CORPORA for r in read_records(corpora / f"{name}.jsonl")]
    rng = random.Random(f"{seed}:synthetic:{size}")
    pairs = round(size * (1 - DISTRACTORS))
    documents = [rng.sample(records, rng.randint(4, 12)) for _ in range(pairs + 2 * (size - pairs))]
    return _with_distractors(documents, rng, pairs)


def best_threshold(found: PairingSet, options: PairingOptions) -> tuple[float, Score]:
    """The threshold with the best F1 on ``found``, from 0.02 to 0.4 in steps of 0.01."""
    lexicon = Lexicon.shipped()
    pairs = pair_documents(found.ar, found.en, lexicon, replace(options, threshold=0.0))
    tried = [
        (t / 100, score([p for p in pairs if p.score >= t / 100], found.gold)) for t in range(2, 41)
    ]
    return max(tried, key=lambda item: (item[1].f1, -item[0]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="synthetic documents a side")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    args = parser.parse_args(argv)
    if not (args.corpora / "unv1_dev_test.jsonl").is_file():
        print(f"benchmarks.pairing: no corpora in {args.corpora}: skipped", file=sys.stderr)
        return 0
    options, lexicon = PairingOptions(), Lexicon.shipped()
    print(f"threshold {options.threshold}; {DISTRACTORS:.0%} distractors a side")
    print(f"{'set':<22}{'docs a side':>12}{'pairs':>8}{'P':>8}{'R':>8}{'F1':>8}{'seconds':>9}")
    rows: list[tuple[str, PairingSet]] = [
        (f"UN {part}", un_set(args.corpora, part)) for part in PARTS
    ]
    rows += [
        ("synthetic", synthetic_set(args.corpora, int(size), args.seed))
        for size in args.sizes.split(",")
    ]
    for name, found in rows:
        start = time.perf_counter()
        pairs = pair_documents(found.ar, found.en, lexicon, options)
        seconds = time.perf_counter() - start
        got = score(pairs, found.gold)
        print(
            f"{name:<22}{len(found.ar):>12,}{len(found.gold):>8,}{got.precision:>8.4f}"
            f"{got.recall:>8.4f}{got.f1:>8.4f}{seconds:>9.1f}"
        )
    threshold, best = best_threshold(un_set(args.corpora, "dev"), options)
    print(f"best dev threshold {threshold:.2f} (F1 {best.f1:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
