"""What bialign knows of each language it reads, one module a language.

spaCy's ``spacy/lang/<code>/`` pattern, sized for two languages: :mod:`bialign.languages.ar`
and :mod:`bialign.languages.en` hold each language's characters as constants, and its word
lists (stop words, page furniture, calendar names) as files ``bialign/data/*_<code>.txt``,
read on first use and never at import.
"""

from __future__ import annotations

import functools

__all__ = ["read_list", "read_set"]


@functools.cache
def read_list(name: str) -> tuple[str, ...]:
    """The entries of ``bialign/data/<name>``, in order: one a line, white space around it
    removed; blank lines, lines starting with "#" and text after " #" are comments."""
    from importlib import resources  # ~10 ms, so only when a list is read

    text = (resources.files("bialign") / "data" / name).read_text(encoding="utf-8")
    lines = (raw.split(" #", 1)[0].strip() for raw in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def read_set(name: str) -> frozenset[str]:
    """The white-space separated words of ``bialign/data/<name>`` (see :func:`read_list`)."""
    return frozenset(word for line in read_list(name) for word in line.split())
