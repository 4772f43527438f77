"""A bead's score: the calibrated probability that it is exactly right.

A logistic model over named features: the bead model's own (a constant, whether the bead
leaves a sentence unaligned, whether it merges more than two) and each scorer's. Weights are
keyed by feature name in ``data/score_calibration.json`` (and, fitted with the semantic
scorer's feature, ``data/score_calibration_semantic.json``) by ``tools/calibrate_scores.py``;
a feature a document lacks (anchors, aligning by length alone) counts as 0.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from importlib import resources

import numpy as np

from ..search import FloatArray

__all__ = ["Calibration", "feature_matrix", "logistic"]


class Calibration:
    """Weights of the logistic model, one a feature name, in the order they were fitted."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.names = tuple(weights)
        self._known = frozenset(self.names)
        self.weights = np.array([weights[name] for name in self.names], dtype=np.float64)

    @staticmethod
    def shipped(*, semantic: bool = False) -> Calibration:
        """The weights shipped with bialign, read on first use: fitted with the semantic
        scorer's feature (``data/score_calibration_semantic.json``) or without it."""
        return _shipped(SEMANTIC_FILE if semantic else FILE)

    def probabilities(self, features: Mapping[str, FloatArray]) -> FloatArray:
        """The probability of each bead, from its named features (columns of one length).

        Raises ValueError for a feature the calibration has no weight for: a scorer added
        since the weights were fitted.
        """
        if not self._known.issuperset(features):
            unknown = sorted(set(features).difference(self.names))
            raise ValueError(
                f"the score calibration has no weight for {', '.join(unknown)}: "
                "refit it with tools/calibrate_scores.py"
            )
        return logistic(feature_matrix(features, self.names), self.weights)


def logistic(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """1 / (1 + exp(-z)) of each row's ``z = matrix @ weights``: what the calibration makes of
    features, and what ``tools/calibrate_scores.py`` fits.

    >>> logistic(np.array([[0.0], [1000.0], [-1000.0]]), np.array([1.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    # In place: the same operations, without a new array each.
    scores: FloatArray = matrix @ weights
    np.negative(scores, out=scores)
    # Past z = -709, exp(-z) is infinite and the score 0, its limit: no warning is due (a
    # word of 100,000 letters took one to the user's terminal).
    with np.errstate(over="ignore"):
        np.exp(scores, out=scores)
    scores += 1.0
    return np.divide(1.0, scores, out=scores)


def feature_matrix(features: Mapping[str, FloatArray], names: Sequence[str]) -> FloatArray:
    """Named feature columns as a matrix, one column a name of ``names`` (0 where absent).

    >>> feature_matrix({"b": np.array([1.0, 2.0])}, ["a", "b"]).tolist()
    [[0.0, 1.0], [0.0, 2.0]]
    """
    # np.broadcast, not np.broadcast_shapes: the same shape, in a fifth of the time.
    rows = np.broadcast(*features.values()).shape
    matrix = np.zeros((*rows, len(names)))
    for k, name in enumerate(names):
        if name in features:
            matrix[..., k] = features[name]
    return matrix


#: The shipped weights, without and with the semantic scorer, in ``bialign/data``.
FILE = "score_calibration.json"
SEMANTIC_FILE = "score_calibration_semantic.json"


@functools.cache
def _shipped(name: str) -> Calibration:
    text = resources.files("bialign").joinpath(f"data/{name}").read_text("utf-8")
    weights: dict[str, float] = json.loads(text)["weights"]
    return Calibration(weights)
