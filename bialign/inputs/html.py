"""A saved web page as plain text: its blocks as paragraphs, its furniture left out.

The page is parsed by selectolax's lexbor, an HTML5 parser: it builds the tree a browser
builds (unclosed ``<p>`` and ``<li>``, misnested tags, character references with or without
``;``), from a small wheel with no dependencies. Main-content extractors are not used: on
seed 004 laid out as a page, trafilatura keeps the English article and 2% of the Arabic
letters, and jusText keeps one language or the other depending on its stop list.

* Blocks (``<p>``, ``<h1>``-``<h6>``, ``<li>``, ``<td>``/``<th>``, ``<div>``, ``<blockquote>``
  and the other elements a browser shows as blocks) become paragraphs, separated by blank
  lines; ``<br>`` and the lines of a ``<pre>`` become line breaks within one.
* Whitespace in text is collapsed as a browser shows it (a no-break space is kept).
* Left out, with everything inside: ``<head>`` (the ``<title>`` repeats the page's heading,
  in one language, with the site's name), code and styling (``script``, ``style``,
  ``noscript``, ``template``, ``svg``), navigation and page furniture (``nav``, ``aside``,
  ``footer``, ``form``, ``button``, ``select``, ``textarea``, embedded frames and media),
  comments, elements marked ``hidden`` or ``aria-hidden="true"`` or kept from sight for
  screen readers (``class="screen-reader-text"``, ``sr-only``), and ``<header>`` when it
  is the page's banner (logo, search, menu): a ``<header>`` inside an ``<article>``,
  ``<main>`` or ``<section>`` holds the article's title and is kept, as the ARIA mapping of
  ``<header>`` to the banner role has it.
* Left out too: an element whose class or id names furniture (``id="comments"``,
  ``class="related-posts"``, share bars, cookie notices, ads, author boxes, a post's
  categories and tags, a photo's credit:
  ``_FURNITURE_NAMES``) and no
  content, unless it holds the text (a ``<main>``, an ``<h1>``, an ``<article>`` not so
  named) or is the ``<body>``, ``<main>`` or ``<article>`` itself.
* A table of translations (a translation memory or a glossary exported to HTML: one column
  of Arabic text, one of English, and, if any, columns of labels, such as a number or a
  status, and header rows) gives a line a row, its two texts parted by a tab, as
  side-by-side text is (each row a unit of the splitter, its two sides paired); the labels
  and headers are left out. Any other table gives a paragraph a cell.
* Left out too, whatever their names: paragraphs that are links rather than text, as
  Readability and jusText tell them by their link density (:func:`_is_links`): a menu's
  items, related headlines, a share bar, a language switcher, "Read also:" and a headline,
  a breadcrumb ("Home » News » the page's title"). A sentence with a link in it is text,
  and so are links in headings (a post's linked title) and table cells, and two links that
  are a title and its translation.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from ..records import Language

__all__ = ["html_to_text"]

_DROPPED = frozenset(
    {"head"}  # the <title> repeats the heading, in one language, with the site's name
    | {"script", "style", "noscript", "template", "svg", "math"}  # code, styling, drawings
    | {"nav", "aside", "footer", "form", "button", "select", "textarea", "dialog"}  # furniture
    | {"iframe", "object", "embed", "canvas", "audio", "video"}  # fallback text of embeds
)
# Words of a class or an id that name page furniture: comment threads, related-content
# lists, share bars, breadcrumbs, cookie notices, newsletter boxes, advertisements (words of
# the kind Readability and trafilatura take for unlikely content).
_FURNITURE_NAMES = frozenset(
    {"comments", "comment", "disqus", "related", "relatedposts"}
    | {"share", "sharing", "sharedaddy", "breadcrumb", "breadcrumbs"}
    | {"cookie", "cookies", "newsletter", "subscribe", "ads", "advert", "advertisement"}
    | {"sponsored"}
    | {"authorbox"}  # the author's box below the article: a photo, a bio, handles
    | {"categories", "tags", "credit", "credits"}  # a post's filing, a photo's credit
)
# Classes of text a page keeps from sight, for screen readers only ("Skip to the content",
# "Categories"), as WordPress and Bootstrap name them.
_UNSHOWN = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden"})
# Words that name an author box with "author" ("author-bio", "about-author"): "author" alone,
# or "author-info", names a byline too, which the article keeps; "bio" alone may name content
# (a profile's "Biography").
_AUTHOR_BOX_NAMES = frozenset({"box", "bio", "card", "about", "profile"})
# Words that name content ("entry-content"): an element named with one is kept, and so is
# one holding a <main>, an <h1> or an <article> not itself named as furniture, a wrapper whose
# class only mentions furniture ("has-comments"). (WordPress wraps each comment in an
# <article class="comment-body">: a thread holds those.)
_CONTENT_NAMES = frozenset({"article", "content", "main", "body", "story"})
# Elements that hold the page or its article whatever their class says ("ads-enabled").
_CONTAINERS = frozenset({"html", "body", "main", "article"})
# Where a <header> holds an article's title rather than the site's banner.
_SECTIONING = frozenset({"article", "main", "section"})
# What a browser shows as blocks (the HTML standard's rendering section), one unit each.
_BLOCKS = frozenset(
    {"html", "body", "main", "article", "section", "header", "hgroup", "search", "address"}
    | {"p", "div", "center", "blockquote", "pre", "listing", "figure", "figcaption", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
    | {"ul", "ol", "menu", "dir", "li", "dl", "dt", "dd", "details", "summary"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "fieldset", "legend"}
)
# Where a link's text is text all the same: a heading (a post's title is often a link to the
# post), a table's cell (a translation table's text), preformatted text.
_LINKS_ARE_TEXT = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre"})
# The elements a node's place is told by: sectioning (for <header>), links, and the above.
_TRACKED = _SECTIONING | _LINKS_ARE_TEXT | {"a"}
#: Letters (and digits) at most in a paragraph that is links: a paragraph of text is longer.
LINK_LINE_LETTERS = 200
#: Share of a paragraph's letters that are its links' from which it is links (what
#: Readability and jusText call its link density).
LINK_SHARE = 0.6
#: Words at most outside the link of a paragraph of one link that is links ("Read also:").
LINK_LABEL_WORDS = 3
#: Words at least of each of two links, a text and its translation, that are text.
TRANSLATED_LINK_WORDS = 7
_LETTER = regex.compile(r"[\p{L}\p{N}]")
# Links, each followed by a breadcrumb's separator, then the page's own crumb: links stand as
# NUL ("Home » News » Dam levels").
_BREADCRUMB = regex.compile(r"\s*(?:\x00\s*[»›>/|·•]\s*){2,}[^\x00]*")
# HTML's whitespace: collapsed when shown, unlike the no-break space.
_SPACE = regex.compile(r"[ \t\n\r\f]+")


def _dropped(node: LexborNode, tag: str, inside: frozenset[str]) -> bool:
    attributes = node.attributes
    if tag in _DROPPED or "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    if "class" in attributes and not _UNSHOWN.isdisjoint((attributes["class"] or "").split()):
        return True
    if tag == "header" and not inside & _SECTIONING:
        return True
    return (
        ("class" in attributes or "id" in attributes)
        and tag not in _CONTAINERS
        and _named_furniture(node, attributes)
    )


def _named_furniture(node: LexborNode, attributes: dict[str, str | None]) -> bool:
    """Whether an element's class or id names furniture (``id="comments"``,
    ``class="related-posts"``) and not content, and it holds no main text."""
    words = _name_words(attributes)
    return (
        (
            not _FURNITURE_NAMES.isdisjoint(words)
            or ("author" in words and not _AUTHOR_BOX_NAMES.isdisjoint(words))
        )
        and _CONTENT_NAMES.isdisjoint(words)
        and node.css_first("main, h1") is None
        and all(
            not _FURNITURE_NAMES.isdisjoint(_name_words(article.attributes))
            for article in node.css("article")
        )
    )


# Classes WordPress gives a post for its categories and tags ("category-comment",
# "tag-share"): what the post is filed under, not what the element is.
_TAXONOMY = ("category-", "tag-")


def _name_words(attributes: dict[str, str | None]) -> list[str]:
    """The words of an element's class and id: they part at spaces, "-" and "_" (split, not
    a regex search, which tried every position of every class: most elements have one)."""
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    words = names.replace("-", " ").replace("_", " ").split()
    if _FURNITURE_NAMES.isdisjoint(words) and "author" not in words:  # most: nothing to look at
        return words
    return [
        word
        for name in names.split()
        if not name.startswith(_TAXONOMY)
        for word in name.replace("-", " ").replace("_", " ").split()
    ]


class _Mark(enum.Enum):
    """Where a block begins or ends; where an element holding text was left out."""

    BLOCK = enum.auto()
    DROPPED = enum.auto()


class _Row(str):
    """A row of a table of translations: its texts parted by a tab, a paragraph of its own."""


class _LinkText(str):
    """Text inside a link (but where links are text: :data:`_LINKS_ARE_TEXT`)."""


#: Words at most in each cell of a table's column of labels (a number, a status, a date).
LABEL_WORDS = 3
#: Share of a column's cells with text on a side from which it is that side's column.
_SIDE_SHARE = 2 / 3


def _translation_rows(table: LexborNode) -> tuple[list[str], int] | None:
    """The rows of a table of translations as lines (each row's Arabic and English cells, in
    their order, parted by a tab) and how many cells holding text are left out (labels,
    headers); ``None`` for any other table.

    Such a table has two rows of cells or more, each with as many cells, and no table
    inside. Each side has one column of text: its cells are mostly of that side's script,
    and it is the side's only column with more than :data:`LABEL_WORDS` words in a cell, or,
    in a glossary of short terms, its only column whose cells mostly differ. Every other
    column is of labels: short cells, or cells that repeat (a number, a status, a date).
    """
    from ..detect import side_of

    if len(table.css("table")) > 1:  # a table inside: a page laid out in tables
        return None
    rows = [[cell for cell in row.iter() if cell.tag in ("td", "th")] for row in table.css("tr")]
    body = [row for row in rows if any(cell.tag == "td" for cell in row)]
    if len(body) < 2 or len({len(row) for row in body}) != 1 or len(body[0]) < 2:
        return None
    cells = [[_cell_blocks(cell) for cell in row] for row in body]
    texts = [[" ".join(blocks) for blocks, _ in row] for row in cells]
    found: dict[Language, list[tuple[bool, int]]] = {"ar": [], "en": []}  # (short, column)
    for number, column in enumerate(zip(*texts, strict=True)):
        held = [text for text in column if text]
        short = all(len(text.split()) <= LABEL_WORDS for text in held)
        sides = [side_of(text) for text in held]
        side = next((s for s in found if held and sides.count(s) >= _SIDE_SHARE * len(held)), None)
        if side is not None and (not short or 2 * len(set(held)) > len(held)):
            found[side].append((short, number))
        elif not short:
            return None  # text of neither side, or of both
    columns: dict[Language, int] = {}
    for side, candidates in found.items():
        chosen = [number for short, number in candidates if not short] or [
            number for _, number in candidates
        ]
        if len(chosen) != 1:
            return None
        columns[side] = chosen[0]
    kept = sorted(columns.values())
    first = texts[0]
    if all(len(text.split()) <= LABEL_WORDS for text in first) and any(
        first[k]
        and side_of(first[k]) != side
        and first[k] not in " ".join(first[:k] + first[k + 1 :])
        for side, k in columns.items()
    ):  # a header row of plain cells: "Source (en-US)", "Target (ar-SA)" (not "COVID-19")
        texts, cells = texts[1:], cells[1:]
    lines = [_row_lines([row[k][0] for k in kept]) for row in cells]
    with_text = sum(1 for row in rows for cell in row if cell.text(deep=True).strip())
    left_out = with_text - sum(bool(row[k]) for row in texts for k in kept)
    left_out += sum(row[k][1] for row in cells for k in kept)  # what kept cells left out
    return [line for line in lines if line], left_out


def _row_lines(cells: Sequence[Sequence[str]]) -> str:
    """A row's kept cells (each its blocks' texts) as lines of their texts parted by a tab:
    a line a block where each cell has as many (a heading and its text, side by side), else
    one line of each cell's blocks."""
    if len({len(blocks) for blocks in cells}) == 1 and len(cells[0]) > 1:
        return "\n".join("\t".join(texts) for texts in zip(*cells, strict=True))
    return "\t".join(text for text in (" ".join(blocks) for blocks in cells) if text)


def _cell_blocks(cell: LexborNode) -> tuple[list[str], int]:
    """The texts of a table cell's blocks (paragraphs) as the page shows them, each on one
    line (a line break a space), and how many elements holding text it left out."""
    blocks: list[str] = []
    text: list[str] = []
    left_out = 0
    for piece in [*_walk(cell, frozenset({"td"})), _Mark.BLOCK]:
        if piece is _Mark.DROPPED:
            left_out += 1
        elif piece is _Mark.BLOCK:
            block = _SPACE.sub(" ", "".join(text).replace("\n", " ")).strip(" ")
            if block:
                blocks.append(block)
            text.clear()
        elif isinstance(piece, str):
            text.append(piece)
    return blocks, left_out


def _pieces(html: str) -> Iterator[str | _Mark]:
    """The page's text in document order, ``"\\n"`` at each line break, and the marks."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(html).root
    if root is not None:
        yield from _walk(root, frozenset())


def _walk(top: LexborNode, above: frozenset[str]) -> Iterator[str | _Mark]:
    """The text of ``top`` and what it holds, in document order, and the marks; ``above``:
    the elements of :data:`_TRACKED` it is inside. A table of translations gives its
    caption, then a :class:`_Row` a row."""
    # Each entry: a node, the tracked elements it is inside, and whether its block ends.
    stack: list[tuple[LexborNode, frozenset[str], bool]] = [(top, above, False)]
    while stack:
        node, inside, closing = stack.pop()
        if closing:
            yield _Mark.BLOCK
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            if "pre" in inside:
                yield text
            elif "a" in inside and inside.isdisjoint(_LINKS_ARE_TEXT):
                yield _LinkText(text.replace("\n", " "))
            else:
                yield text.replace("\n", " ")
            continue
        if tag in ("-comment", "-doctype"):
            continue
        if tag == "br":
            yield "\n"
            continue
        if _dropped(node, tag, inside):
            if node.text(deep=True).strip():
                yield _Mark.DROPPED
            continue
        if tag == "table" and (translations := _translation_rows(node)) is not None:
            lines, left_out = translations
            for caption in node.css("caption"):
                yield from _walk(caption, inside)
            for line in lines:
                yield _Row(line)
            for _ in range(left_out):
                yield _Mark.DROPPED
            continue
        below = inside | {tag} if tag in _TRACKED else inside
        if tag in _BLOCKS:
            yield _Mark.BLOCK
            stack.append((node, below, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, below, False) for child in reversed(children))


def _is_links(pieces: Sequence[str]) -> bool:
    """Whether a paragraph (its text, in ``pieces``: those in links :class:`_LinkText`) is
    links rather than text: a menu's item, a related headline, a share bar, a language
    switcher, "Read also:" and a headline, a breadcrumb. It has at most
    :data:`LINK_LINE_LETTERS` letters, and :data:`LINK_SHARE` of them or more in links: two
    or more, or one with at most :data:`LINK_LABEL_WORDS` words and no sentence's end
    besides ("The <a>Universal Declaration</a> was adopted in 1948." is text); or it is
    links, each followed by a breadcrumb's separator, then the page's own crumb. Links that
    hold a text and its translation are text (:func:`_translated_links`)."""
    from ..detect import SENTENCE_END

    letters = sum(len(_LETTER.findall(piece)) for piece in pieces)
    if not 0 < letters <= LINK_LINE_LETTERS:
        return False
    # The links: runs of their pieces ("<a>Hel<b>lo</b></a>" is one), as NUL.
    shape = "".join("\x00" if isinstance(piece, _LinkText) else piece for piece in pieces)
    shape = regex.sub("\x00+", "\x00", shape)
    links = shape.count("\x00")
    if links >= 2 and _translated_links(pieces):
        return False
    outside = shape.replace("\x00", "")
    in_links = letters - len(_LETTER.findall(outside))
    if in_links >= LINK_SHARE * letters and (
        links >= 2
        or (len(outside.split()) <= LINK_LABEL_WORDS and not SENTENCE_END.search(outside))
    ):
        return True
    return links >= 2 and _BREADCRUMB.fullmatch(shape) is not None


def _translated_links(pieces: Sequence[str]) -> bool:
    """Whether a paragraph is two links, a text and its translation: one Arabic and one
    English, each of :data:`TRANSLATED_LINK_WORDS` words or more, nothing but space between
    them (a list of documents, each title and its translation linked; not a language
    switcher's "Read this article in English", nor a menu's bar of items)."""
    from ..detect import side_of

    texts, run, between = [], [], []
    for piece in [*pieces, ""]:
        if isinstance(piece, _LinkText):
            run.append(piece)
        else:
            if run:
                texts.append("".join(run))
                run = []
            if texts:
                between.append(piece)
    return (
        len(texts) == 2
        and not "".join(between[:-1]).strip()
        and all(len(text.split()) >= TRANSLATED_LINK_WORDS for text in texts)
        and {side_of(text) for text in texts} == {"ar", "en"}
    )


def html_to_text(html: str) -> tuple[str, int]:
    """The page's text in bialign's plain convention (paragraphs separated by blank lines,
    lines by single line breaks), and how many elements holding text were left out.

    >>> html_to_text("<nav>Home</nav><h1>Title &amp; more</h1><p>One<br>two  <b>three</b>"
    ...              "<script>x()</script><li>نص</li><!-- note -->")
    ('Title & more\\n\\nOne\\ntwo three\\n\\nنص', 2)
    """
    paragraphs: list[str] = []
    lines: list[str] = []
    line: list[str] = []
    held: list[str] = []  # the paragraph's pieces from its first link's on, and before
    dropped = 0

    def end_line() -> None:
        text = _SPACE.sub(" ", "".join(line)).strip(" ")
        if text:
            lines.append(text)
        line.clear()

    def end_paragraph() -> None:
        nonlocal dropped
        end_line()
        if held and _is_links(held):
            dropped += 1
        elif lines:
            paragraphs.append("\n".join(lines))
        lines.clear()
        held.clear()

    for piece in _pieces(html):
        if piece is _Mark.BLOCK:
            end_paragraph()
        elif isinstance(piece, _Row):
            end_paragraph()
            paragraphs.append(piece)
        elif piece is _Mark.DROPPED:
            dropped += 1
        else:
            if held or isinstance(piece, _LinkText):
                if not held:  # the paragraph's text before its first link
                    held.append(" ".join([*lines, "".join(line)]))
                held.append(piece)
            if "\n" in piece:
                first, *rest = piece.split("\n")
                line.append(first)
                for part in rest:
                    end_line()
                    line.append(part)
            else:
                line.append(piece)
    end_paragraph()
    return "\n\n".join(paragraphs), dropped
