"""The whole job for one document: split, segment, align paragraphs then sentences.

(Interface stub: being implemented.)
"""

from __future__ import annotations

from dataclasses import dataclass

from .align import Bead
from .split import Dropped, Layout

__all__ = ["ArticleAlignment"]


@dataclass(frozen=True)
class ArticleAlignment:
    """A document aligned: both sentence lists, the beads over them, and what was left out.

    ``source`` names the input (a file path, or ``"-"``); ``signature`` records the settings
    and version that produced the result, for reproducibility.
    """

    source: str
    ar: tuple[str, ...]
    en: tuple[str, ...]
    beads: tuple[Bead, ...]
    dropped: tuple[Dropped, ...] = ()
    layout: Layout = "en-ar"
    signature: str = ""
