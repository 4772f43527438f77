"""What the two sides of a translation share beyond length: words, names, numbers.

Each sentence becomes a set of *anchor tokens* in a common space (:mod:`.tokens`), hashed
into bit signatures, each distinct word analysed once per process (:mod:`.vocabulary`).
Arabic words reach English ones through a word table (:mod:`.table`), the shipped one or a
user's, refined per document on the beads aligned with confidence (:mod:`.learning`).
"""

from .table import Lexicon

__all__ = ["Lexicon"]
