"""Rebuild bialign/data/lexicon_ar_en.tsv: an Arabic stem → English stems word table.

Trains IBM Model 1 (Brown et al. 1993), t(english | arabic) with a NULL word, on the parallel
units of ../shared/corpora, tokenised by bialign.lexicon.tokens.sentence_anchors itself
(marks stripped, spelling folded, Light10 stems; English stems; stopwords out), so the table
is keyed exactly as it is looked up. Only the *dev* part of
each benchmark set is used (benchmarks/corpora.py decides the parts), so the held-out figures
of benchmarks/quality.py are measured on text the table has never seen.

Run from the repository root:  python tools/build_lexicon.py [--corpora DIR] [--check]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpora import (  # noqa: E402
    _FILES,
    DEFAULT_LIMIT,
    Record,
    corpus_groups,
    default_corpora_dir,
    read_records,
    sampled_groups,
)
from bialign.lexicon.tokens import sentence_anchors  # noqa: E402

OUTPUT = REPO / "bialign" / "data" / "lexicon_ar_en.tsv"
SEED = 13  # benchmarks/quality.py's default seed: it decides the parts and the sampled documents
ITERATIONS = 6
MIN_COUNT = 2  # Arabic stems seen fewer times are not worth an entry
MIN_PROBABILITY = 0.08
MAX_TRANSLATIONS = 3
HEADER = """\
# bialign word table: Arabic stem <TAB> English stems, most probable first.
# IBM Model 1, {iterations} EM iterations, on the dev parts (less the benchmark's documents)
# of: the Smith-Van Dyck Arabic Bible with the King James Version (public domain); the United
# Nations Parallel Corpus v1.0 dev/test sets (courtesy of the United Nations); the Universal
# Declaration of Human Rights (Unicode UDHR project); Tatoeba (tatoeba.org, CC BY 2.0 FR).
# Rebuild: python tools/build_lexicon.py
"""


def words(text: str, lang: str) -> list[str]:
    """The content stems bialign keys its table on, exactly as it finds them at run time."""
    return sorted(sentence_anchors(text, lang, {}).words)


def training_records(corpora: Path) -> list[Record]:
    """The dev parts' records outside every document the benchmark samples.

    Held-out documents never reach the table, and neither do the dev documents that
    benchmarks/quality.py measures and tools/calibrate_scores.py fits on: the table must
    look to both as it looks to a user's text, which it has never seen.
    """
    kept = []
    for corpus, file in _FILES.items():
        groups = corpus_groups(corpus, read_records(corpora / file), SEED)
        measured = {id(g) for g in sampled_groups(corpus, groups, "dev", DEFAULT_LIMIT, SEED)}
        kept += [r for g in groups["dev"] if id(g) not in measured for r in g.records]
    return kept


def train(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, list[tuple[str, float]]]:
    """IBM Model 1 t(e | a), vectorised over every co-occurrence of the corpus."""
    ar_vocab: dict[str, int] = {"<null>": 0}
    en_vocab: dict[str, int] = {}
    ar_ids, en_ids, groups = [], [], []
    group = 0
    ar_counts: Counter[str] = Counter()
    for arabic, english in pairs:
        ar_counts.update(arabic)
        a = [0] + [ar_vocab.setdefault(w, len(ar_vocab)) for w in arabic]
        for word in english:
            e = en_vocab.setdefault(word, len(en_vocab))
            ar_ids.extend(a)
            en_ids.extend([e] * len(a))
            groups.extend([group] * len(a))
            group += 1
    ar_id = np.array(ar_ids, dtype=np.int64)
    en_id = np.array(en_ids, dtype=np.int64)
    group_id = np.array(groups, dtype=np.int64)
    pair_key, pair_of = np.unique(ar_id * len(en_vocab) + en_id, return_inverse=True)
    pair_ar = pair_key // len(en_vocab)
    t = np.ones(len(pair_key))
    for _ in range(ITERATIONS):
        weight = t[pair_of]
        share = weight / np.bincount(group_id, weights=weight)[group_id]
        counts = np.bincount(pair_of, weights=share, minlength=len(pair_key))
        t = counts / np.bincount(pair_ar, weights=counts)[pair_ar]

    ar_words = {i: w for w, i in ar_vocab.items()}
    en_words = {i: w for w, i in en_vocab.items()}
    table: dict[str, list[tuple[str, float]]] = {}
    for key, probability in zip(pair_key.tolist(), t.tolist(), strict=True):
        a, e = divmod(key, len(en_vocab))
        word = ar_words[a]
        if a and ar_counts[word] >= MIN_COUNT and probability >= MIN_PROBABILITY:
            table.setdefault(word, []).append((en_words[e], probability))
    return table


def render(table: dict[str, list[tuple[str, float]]]) -> str:
    lines = [HEADER.format(iterations=ITERATIONS)]
    for arabic in sorted(table):
        best = sorted(table[arabic], key=lambda item: (-item[1], item[0]))[:MAX_TRANSLATIONS]
        lines.append(f"{arabic}\t{' '.join(word for word, _ in best)}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    args = parser.parse_args(argv)
    records = training_records(args.corpora)
    pairs = [(words(r.ar, "ar"), words(r.en, "en")) for r in records]
    text = render(train(p for p in pairs if p[0] and p[1]))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        print("up to date" if current == text else f"stale: {OUTPUT}")
        return 0 if current == text else 1
    OUTPUT.write_text(text, encoding="utf-8")
    entries = sum(not line.startswith("#") for line in text.splitlines())
    print(f"wrote {OUTPUT} ({entries} entries) from {len(pairs)} units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
