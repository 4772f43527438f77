"""The evidence beads are priced on: one scorer a kind (:class:`~.base.Scorer`).

:mod:`.length` is Gale & Church's length model, :mod:`.anchors` the words, numbers and names
a bead's sides share; :mod:`.calibration` turns their named features into a bead's score.
"""

from .anchors import AnchorScorer
from .base import Scorer
from .calibration import Calibration
from .length import LengthScorer

__all__ = ["AnchorScorer", "Calibration", "LengthScorer", "Scorer"]
