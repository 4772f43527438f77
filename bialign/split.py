"""Stage 2: cut a bilingual article into its Arabic and English paragraphs.

(Interface stub: to be implemented.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ArticleSplit", "Dropped", "Layout", "split_article"]

Layout = Literal["en-ar", "ar-en", "interleaved", "ar-only", "en-only", "empty"]


@dataclass(frozen=True)
class Dropped:
    """Text left out of both sides on purpose, with why and where (1-based line)."""

    text: str
    reason: str
    line: int


@dataclass(frozen=True)
class ArticleSplit:
    """The two sides of an article, paragraph by paragraph, in reading order."""

    ar: tuple[str, ...]
    en: tuple[str, ...]
    dropped: tuple[Dropped, ...]
    layout: Layout


def split_article(text: str) -> ArticleSplit:
    """Split raw article text into Arabic and English paragraphs, dropping boilerplate."""
    raise NotImplementedError
