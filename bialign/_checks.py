"""Argument checks at the public API's boundary: a wrong type fails at once with a
``TypeError`` that names the argument, not deep inside, and a ``str`` given for a list of
sentences is not aligned character by character.

Values are checked by the records that hold them (``AlignConfig`` checks its own); these
checks are of types only, and cost one ``isinstance`` an item, or less (:func:`_plain`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from numbers import Real
from typing import cast

__all__ = ["check_bytes", "check_config", "check_sequence", "check_source", "check_text"]


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def check_text(name: str, value: object) -> None:
    """``value`` must be a ``str``.

    >>> check_text("text", b"bytes")
    Traceback (most recent call last):
    ...
    TypeError: text must be a str, not bytes
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_kind(value)}")


def check_bytes(name: str, value: object) -> None:
    """``value`` must be bytes (or a bytearray or memoryview of them): what a file held.

    >>> check_bytes("data", "text")
    Traceback (most recent call last):
    ...
    TypeError: data must be bytes, not str (encode it, or align it as text)
    """
    if not isinstance(value, (bytes, bytearray, memoryview)):
        hint = " (encode it, or align it as text)" if isinstance(value, str) else ""
        raise TypeError(f"{name} must be bytes, not {_kind(value)}{hint}")


def check_source(name: str, value: object) -> None:
    """``value`` must be a path (``str`` or ``os.PathLike``) or an open file (with ``read``).

    >>> check_source("source", b"out.jsonl")
    Traceback (most recent call last):
    ...
    TypeError: source must be a path or an open file, not bytes
    """
    if isinstance(value, (bytes, bytearray)) or not (
        isinstance(value, (str, os.PathLike)) or hasattr(value, "read")
    ):
        raise TypeError(f"{name} must be a path or an open file, not {_kind(value)}")


def check_sequence(name: str, value: object, item: type, what: str, depth: int = 1) -> None:
    """``value`` must be a sequence (not a string) of ``item`` (``depth`` 2: of sequences of
    ``item``); ``what`` says what it is in the message. A NumPy array passes as a sequence.

    >>> check_sequence("ar", "one sentence", str, "list of sentences")
    Traceback (most recent call last):
    ...
    TypeError: ar must be a list of sentences, not str
    >>> check_sequence("ar", [["a"], "b"], str, "list of paragraphs", depth=2)
    Traceback (most recent call last):
    ...
    TypeError: ar[1] must be a list of paragraphs, not str
    """
    if isinstance(value, (str, bytes, bytearray)) or not (
        isinstance(value, Sequence) or hasattr(value, "__array__")
    ):
        raise TypeError(f"{name} must be a {what}, not {_kind(value)}")
    if _plain(cast("Iterable[object]", value), item, depth):
        return
    for position, element in enumerate(cast("Iterable[object]", value)):
        if depth > 1:
            check_sequence(f"{name}[{position}]", element, item, what, depth - 1)
        elif not isinstance(element, item) or isinstance(element, bool):
            raise TypeError(f"{name}[{position}] must be a {item.__name__}, not {_kind(element)}")


#: The types whose values pass as an item of each kind the API checks for, exactly (not
#: their subclasses: ``bool`` is an ``int`` but no length).
_EXACT: dict[type, frozenset[type]] = {str: frozenset({str}), Real: frozenset({int, float})}
_LISTS = frozenset({list, tuple})


def _plain(value: Iterable[object], item: type, depth: int) -> bool:
    """Whether ``value`` is lists or tuples ``depth - 1`` levels down, of values whose type
    is exactly one of ``item``'s (:data:`_EXACT`): what callers pass, checked a type a level
    rather than an element at a time. Anything else is checked element by element."""
    for _ in range(depth - 1):
        if not _LISTS.issuperset(map(type, value)):
            return False
        value = list(itertools.chain.from_iterable(cast("Iterable[Iterable[object]]", value)))
    return _EXACT.get(item, frozenset()).issuperset(map(type, value))


def check_config(config: object, kind: type) -> None:
    """``config`` must be ``None`` (the defaults) or a ``kind``."""
    if config is not None and not isinstance(config, kind):
        raise TypeError(f"config must be a {kind.__name__} or None, not {_kind(config)}")
