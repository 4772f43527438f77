"""English, as bialign reads it."""

from __future__ import annotations

__all__ = ["HAS_CASE", "SENT_END_CHARS"]

#: Capital letters start sentences and names; a lower-case word starts neither.
HAS_CASE = True
#: Characters that may end a sentence (Punkt's ``sent_end_chars``).
SENT_END_CHARS = (".", "?", "!", "\N{HORIZONTAL ELLIPSIS}")
