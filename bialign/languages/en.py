"""English, as bialign reads it. Word lists are in ``bialign/data/*_en.txt``."""

from __future__ import annotations

from bialign.languages import read_list, read_set

__all__ = [
    "HAS_CASE",
    "SENT_END_CHARS",
    "furniture_phrases",
    "menu_items",
    "stop_words",
    "widget_words",
]

#: Capital letters start sentences and names; a lower-case word starts neither.
HAS_CASE = True
#: Characters that may end a sentence (Punkt's ``sent_end_chars``).
SENT_END_CHARS = (".", "?", "!", "\N{HORIZONTAL ELLIPSIS}")


def stop_words() -> frozenset[str]:
    """Function words, lower case: they carry no evidence of translation."""
    return read_set("stopwords_en.txt")


def furniture_phrases() -> tuple[str, ...]:
    """Patterns of lines that are page furniture, in :func:`bialign.split._furniture_key` form."""
    return read_list("furniture_en.txt")


def menu_items() -> tuple[str, ...]:
    """Patterns of the section names of a site's menu, in the same form."""
    return read_list("menu_en.txt")


def widget_words() -> frozenset[str]:
    """Words of share buttons, avatar captions and form labels, in the same form."""
    return read_set("widgets_en.txt")
