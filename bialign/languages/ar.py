"""Arabic, as bialign reads it. Word lists are in ``bialign/data/*_ar.txt``."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from bialign.languages import read_list, read_set

__all__ = [
    "HAS_CASE",
    "SENT_END_CHARS",
    "calendar",
    "furniture_phrases",
    "menu_items",
    "stop_words",
    "widget_words",
]

#: No capital letters: case says nothing about where a sentence starts.
HAS_CASE = False
#: Characters that may end a sentence (Punkt's ``sent_end_chars``): the Latin ones, which the
#: Arabic press uses, and the Arabic question mark. The Arabic comma and semicolon do not.
SENT_END_CHARS = (".", "?", "!", "\N{HORIZONTAL ELLIPSIS}", "\N{ARABIC QUESTION MARK}")


def stop_words() -> frozenset[str]:
    """Function words, alef and yeh folded as :mod:`bialign.lexicon` folds them."""
    return read_set("stopwords_ar.txt")


@functools.cache
def calendar() -> Mapping[str, str]:
    """English month and weekday names by the stem of their Arabic names."""
    pairs = (line.split() for line in read_list("calendar_ar.txt"))
    return {arabic: english for arabic, english in pairs}


def furniture_phrases() -> tuple[str, ...]:
    """Patterns of lines that are page furniture, in :func:`bialign.split._furniture_key` form."""
    return read_list("furniture_ar.txt")


def menu_items() -> tuple[str, ...]:
    """Patterns of the section names of a site's menu, in the same form."""
    return read_list("menu_ar.txt")


def widget_words() -> frozenset[str]:
    """Words of share buttons, avatar captions and form labels, in the same form."""
    return read_set("widgets_ar.txt")
