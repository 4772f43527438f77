"""Stage 3: split paragraphs into sentences, Arabic-aware.

(Interface stub: to be implemented.)
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Language", "split_sentences"]

Language = Literal["ar", "en"]


def split_sentences(paragraph: str, lang: Language) -> list[str]:
    """Split one paragraph into sentences; the paragraph's end always ends a sentence."""
    raise NotImplementedError
