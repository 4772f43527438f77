"""The errors bialign raises on purpose about what it was given to read or align, and about
its results, under one base class.

``except BialignError`` catches every one of them; each also derives from the built-in error a
caller would expect (``ValueError`` for bad input, ``ImportError`` for a missing extra), so
code written against those keeps working. An argument or setting bialign cannot take raises a
plain ``TypeError`` or ``ValueError``, as a Python function does.
"""

from __future__ import annotations

__all__ = [
    "AlignmentError",
    "BialignError",
    "CamelUnavailableError",
    "InputError",
    "NotBilingualError",
    "SemanticUnavailableError",
]


class BialignError(Exception):
    """Base class of the errors bialign raises on purpose."""


class InputError(BialignError, ValueError):
    """An input cannot be read as text.

    ``reason`` says what is wrong in a few words ("binary data, not text"), the same for every
    file it applies to; ``detail`` says where and what to do (a byte offset, an option).
    """

    def __init__(self, name: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{name}: {reason}" + (f": {detail}" if detail else ""))
        self.name = name
        self.reason = reason
        self.detail = detail


class NotBilingualError(BialignError, ValueError):
    """The input holds text in at most one of the two languages, so there is nothing to align."""

    def __init__(self, source: str, missing: str, detail: str = "") -> None:
        language = {"ar": "Arabic", "en": "English"}[missing]
        super().__init__(f"{source}: no {language} text found" + (f": {detail}" if detail else ""))
        self.source = source
        self.missing = missing
        self.detail = detail


class AlignmentError(BialignError, ValueError):
    """An alignment breaks the invariant every output relies on: a bug in bialign."""


class CamelUnavailableError(BialignError, ImportError):
    """CAMeL Tools is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "this option needs CAMeL Tools: pip install 'bialign[camel]' "
            "(install a CPU build of torch first to keep CUDA packages out)"
        )


class SemanticUnavailableError(BialignError, ImportError):
    """The sentence encoder of the semantic scorer is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the semantic scorer needs its sentence encoder: pip install 'bialign[semantic]'"
        )
