"""Markdown (``.md``, ``.markdown``) as plain text: one paragraph a block.

What a crawler that writes Markdown (or a writer's notes) adds to the text is left out:
heading marks, list and quote markers, emphasis, link targets (a link keeps its text, an image
its description) and inline HTML tags (``<br>`` is a line break). An HTML block
(``<div dir="rtl">`` around an Arabic paragraph) is read as a page is
(:func:`~bialign.inputs.html.html_to_text`). Code blocks are not prose to translate: they
are left out, and counted. A table's row is one unit, a line a cell, so that a row holding a
sentence and its translation keeps them together. A front matter (a static site's ``title``
and ``date`` between ``---`` lines in YAML, or ``+++`` lines in TOML) is left out too.
Parsing is `markdown-it-py`'s (CommonMark, with tables).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["markdown_to_text"]

# YAML: "---", then "key: value" lines (and their indented or listed values), then "---" or
# "..."; TOML (Hugo's): "+++" alone on the first line, then any lines (tables, comments, blank
# lines), then "+++".
_FRONT_MATTER = regex.compile(
    r"\A---[ \t]*\n[A-Za-z_][\w-]*[ \t]*:.*\n(?:[^\n]+\n)*?(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
    r"|\A\+\+\+[ \t]*\n(?:.*\n)*?\+\+\+[ \t]*(?:\n|\Z)"
)
_BREAK = regex.compile(r"<br\s*/?>", regex.IGNORECASE)

#: Blocks left out: code, fenced or indented.
_LEFT_OUT = frozenset({"fence", "code_block"})


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def markdown_to_text(text: str) -> tuple[str, int]:
    """The text of a Markdown document, one paragraph a block, and how many blocks were left
    out (code, front matter, and the page furniture of HTML blocks).

    >>> markdown_to_text("# The *Council*\\n\\n- Adopted [the report](r.html).\\n"
    ...                  "- اعتمد **التقرير**.\\n\\n```\\nx = 1\\n```\\n")
    ('The Council\\n\\nAdopted the report.\\n\\nاعتمد التقرير.', 1)
    """
    text = text.replace("\r\n", "\n")  # the front matter's lines, before line ends are cleaned
    front = _FRONT_MATTER.match(text)
    left_out = 1 if front else 0
    units: list[str] = []
    cells: list[str] | None = None  # the cells of the table row being read
    for token in _parser().parse(text[front.end() :] if front else text):
        if token.type in _LEFT_OUT:
            left_out += 1
        elif token.type == "html_block":
            from .html import html_to_text

            html_text, elements = html_to_text(token.content)  # a menu's, a form's: left out
            units.append(html_text)
            left_out += elements
        elif token.type == "tr_open":
            cells = []
        elif token.type == "tr_close" and cells is not None:
            units.append("\n".join(cell for cell in cells if cell))
            cells = None
        elif token.type == "inline":
            inline = _inline_text(token.children or [])
            if cells is not None:
                cells.append(inline)
            else:
                units.append(inline)
    return "\n\n".join(unit for unit in units if unit.strip()), left_out


def _inline_text(children: list[Token]) -> str:
    """An inline run's text: its words and code, line breaks kept, markup left out."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _BREAK.fullmatch(child.content)
        ):
            parts.append("\n")
        elif child.type == "image":  # its description, parsed as its children
            parts.append(_inline_text(child.children or []))
    return "".join(parts).strip()
