"""Arabic, as bialign reads it."""

from __future__ import annotations

__all__ = ["HAS_CASE", "SENT_END_CHARS"]

#: No capital letters: case says nothing about where a sentence starts.
HAS_CASE = False
#: Characters that may end a sentence (Punkt's ``sent_end_chars``): the Latin ones, which the
#: Arabic press uses, and the Arabic question mark. The Arabic comma and semicolon do not.
SENT_END_CHARS = (".", "?", "!", "\N{HORIZONTAL ELLIPSIS}", "\N{ARABIC QUESTION MARK}")
