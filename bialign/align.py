"""Stage 4: align two sentence lists by length and shared anchors.

(Interface stub: being implemented.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["AlignConfig", "Bead", "align_sentences"]


@dataclass(frozen=True)
class Bead:
    """One aligned unit: Arabic sentence indices, English sentence indices, and a confidence.

    Indices are 0-based positions in each side's sentence list; either side may be empty
    (an unaligned sentence). ``score`` is in [0, 1]: higher means more trustworthy.
    """

    ar: tuple[int, ...]
    en: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type as ``"ar-en"`` sentence counts, e.g. ``"1-1"`` or ``"2-1"``."""
        return f"{len(self.ar)}-{len(self.en)}"


@dataclass(frozen=True)
class AlignConfig:
    """Settings of the aligner; every field has a documented default."""


def align_sentences(
    ar: Sequence[str], en: Sequence[str], config: AlignConfig | None = None
) -> list[Bead]:
    """Align Arabic and English sentences; every index appears in exactly one bead, in order."""
    raise NotImplementedError
