"""Read an input file as clean text, whatever kind of file it is.

:func:`read_input` decodes the bytes (:mod:`~bialign.inputs.decode`), repairs Arabic that an
earlier tool misread as Windows-1252 (:mod:`~bialign.inputs.mojibake`), turns a web page
(:mod:`~bialign.inputs.html`), subtitles (:mod:`~bialign.inputs.subtitles`) or text cut into
pages, by form feeds or by page numbers (:mod:`~bialign.inputs.pages`), into text, and
cleans it; the text follows bialign's plain convention (paragraphs separated by blank lines,
lines by single line breaks). Each kind's module is imported when a file of that kind is
read, so ``import bialign`` loads no HTML parser and no ftfy.

The kind comes from the file's suffix (``.html``, ``.htm``, ``.srt``, ``.vtt``, any case),
or, for any other suffix, from how the text begins: ``<!DOCTYPE html``, ``<html``, ``<head``,
``<body``, ``<meta`` or ``<title``, after an XML declaration or processing instructions too
(pages saved as ``.txt``, ``.php``, ``.xhtml`` or under no suffix), ``WEBVTT``, or a SubRip
cue number and timing line.
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass
from typing import BinaryIO, Literal, cast

import regex

from .._checks import check_bytes, check_text
from ..errors import InputError
from .decode import (
    BOM_STARTS,
    BOMS,
    PROBE_BYTES,
    clean_text,
    compiled,
    cut_character,
    decode,
    refuse_nul,
)
from .mojibake import repair_mojibake

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "InputText",
    "Kind",
    "input_text",
    "kind_of_head",
    "read_input",
    "suffix_of",
]

#: Inputs larger than this are refused unless the caller raises the limit. A news article is
#: rarely over 1 MB; a bigger file is most likely a dump of many articles, which aligns better
#: split up, and a 50 MB one takes about half a minute and over a gigabyte of memory.
DEFAULT_MAX_BYTES = 20_000_000

Kind = Literal["text", "html", "srt", "vtt", "markdown"]

#: The suffix of each kind's files (compared case-insensitively): what a directory walk reads.
SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".srt": "srt",
    ".vtt": "vtt",
    ".md": "markdown",
    ".markdown": "markdown",
}

# Matched against the lowercased beginning of a file (faster to compile than IGNORECASE).
_SNIFF = (
    r"\A\s*(?:"
    r"(?P<html>(?:<\?[^>]*>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>])"
    r"|(?P<vtt>webvtt(?:[ \t\n]|\Z))"
    r"|(?P<srt>\d+[ \t]*\r?\n[ \t]*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->)"
    r")"
)


@dataclass(frozen=True)
class InputText:
    """Text read from a file, the encoding it was read with, what cleaning changed (its
    name and count for each kind of change) and the kind of file it was."""

    text: str
    encoding: str
    changes: tuple[tuple[str, int], ...] = ()
    kind: Kind = "text"


def suffix_of(name: str) -> str:
    """A file name's suffix, lowercased; the query of a URL a crawler saved in the name is no
    part of it.

    >>> suffix_of("dir/Index.PHP?p=41086"), suffix_of("story?id=7"), suffix_of("a.tar.gz")
    ('.php', '', '.gz')
    """
    return os.path.splitext(os.path.basename(name).partition("?")[0])[1].lower()


def kind_of_head(name: str, head: bytes) -> Kind:
    """:func:`_kind` of a file from its name and first bytes (read leniently: the head may end
    inside a character), for a directory walk that reads a file only if it is of a kind.

    >>> kind_of_head("story", b'<?xml version="1.0"?>\\n<html><p>x'), kind_of_head("README", b"x")
    ('html', 'text')
    """
    for bom, codec in BOMS:
        if head.startswith(bom):
            return _kind(name, head[len(bom) :].decode(codec, "replace"))
    return _kind(name, head.decode("utf-8", "replace"))


def _kind(name: str, text: str) -> Kind:
    """The kind of file, by suffix, else by how its text begins.

    >>> _kind("a.HTM", ""), _kind("page.php", "<!DOCTYPE html><p>x"), _kind("a.txt", "Hi")
    ('html', 'html', 'text')
    >>> _kind("page.xhtml", '<?xml version="1.0"?>\\n<html>'), _kind("notes.md?ref=1", "x")
    ('html', 'markdown')
    >>> _kind("captions.txt", "1\\n00:00:01,000 --> 00:00:02,000\\nHi")
    'srt'
    """
    kind = SUFFIXES.get(suffix_of(name), "text")
    if kind != "text":
        return kind
    head = text[:4096]
    opening = head.lstrip()[:1]
    # Every kind opens with "<", "w" or a digit: most texts open with another letter.
    if opening.isalpha() and opening not in "wW":
        return "text"
    match = compiled(_SNIFF, regex.DOTALL).match(head.lower())
    return "text" if match is None else cast(Kind, match.lastgroup)


def _read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream``. A regular file smaller than that is read into a
    buffer of its size: a buffer of ``limit`` bytes (20 MB by default) is mapped from the
    system and given back for every file, a tenth of reading's CPU."""
    size = os.fstat(stream.fileno()).st_size  # 0 for a pipe or a device: read to the limit
    if not 0 < size < limit:
        return stream.read(limit)
    data = stream.read(size + 1)  # a byte more, to see whether the file grew since
    return data if len(data) <= size else data + stream.read(limit - len(data))


def read_input(
    path: str | os.PathLike[str],
    encoding: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> InputText:
    """Read, decode, repair and clean one input file; :class:`InputError` says why it cannot be.

    ``max_bytes`` (``None``: no limit) is checked while reading, so a huge file or an endless
    stream is refused without being read whole. The changes name what was done:
    ``truncated-character`` (the bytes of a UTF-8 character cut short at the end, left out:
    :func:`~.decode.cut_character`), ``column-rows`` (rows of text in two columns side by
    side, one language each, that held a line of each: :mod:`~bialign.inputs.columns`),
    ``mojibake`` (lines repaired), ``html-elements``
    (elements holding text left out of a page), ``subtitle-timings`` (cue timing lines left
    out), ``subtitle-sounds`` (cue lines that only describe a sound), ``markdown-blocks``
    (code, front matter and the furniture of HTML blocks left out of a Markdown file),
    ``moved-marks`` (the closing marks a PDF extractor set first on right-to-left lines, put
    back at their end: :func:`~.pages.marks_put_back`), ``page-furniture`` (running heads
    and feet and page numbers left out of text cut into pages, by form feeds or by page
    numbers: :mod:`~bialign.inputs.pages`), and
    :func:`~.decode.clean_text`'s.
    """
    name = os.fspath(path)
    try:
        # A buffer size of its own spares the open a terminal check (an ioctl) per file.
        with open(path, "rb", io.DEFAULT_BUFFER_SIZE) as stream:
            # Binary data is refused from its first bytes: an endless stream (/dev/zero) too.
            data = _read_up_to(stream, PROBE_BYTES if max_bytes is None else max_bytes + 1)
            if encoding is None and not data.startswith(BOM_STARTS):
                refuse_nul(data, name)
            if max_bytes is None:
                data += stream.read()
    except OSError as error:
        raise InputError(name, "cannot read", error.strerror or str(error)) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            name,
            "too large",
            f"over the {max_bytes / 1e6:g} MB limit for one input (--max-size raises it; "
            "is this a dump of many articles?)",
        )
    return input_text(data, name, encoding)


def _is_utf8(encoding: str) -> bool:
    """Whether ``encoding`` names UTF-8 (``utf8``, ``UTF-8-SIG``); an unknown name is left for
    :func:`~.decode.decode` to refuse."""
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def input_text(data: bytes, name: str, encoding: str | None = None) -> InputText:
    """Decode, repair and clean the bytes of input ``name``: :func:`read_input` once it has
    read them, for bytes already in memory (a crawler's response). ``name`` gives the kind
    by its suffix (``page.html``; else the text's beginning does) and names the input in
    errors.

    >>> input_text("<p>Tom &amp; Jerry</p>".encode(), "page.html")
    InputText(text='Tom & Jerry', encoding='utf-8', changes=(), kind='html')
    """
    check_bytes("data", data)
    check_text("name", name)
    if encoding is not None:
        check_text("encoding", encoding)
    data = bytes(data)
    cut = cut_character(data) if encoding is None or _is_utf8(encoding) else 0
    text, used = decode(data[: len(data) - cut], name, encoding)
    kind = _kind(name, text)
    text, repaired = repair_mojibake(text)
    changes = [("truncated-character", cut), ("mojibake", repaired)]
    if kind == "html":
        from .html import html_to_text

        text, dropped = html_to_text(text)
        changes.append(("html-elements", dropped))
    elif kind == "srt" or kind == "vtt":
        from .subtitles import cues_to_text

        text, timings, sounds = cues_to_text(text, kind)
        changes += [("subtitle-timings", timings), ("subtitle-sounds", sounds)]
    elif kind == "markdown":
        from .markdown import markdown_to_text

        text, blocks = markdown_to_text(text)
        changes.append(("markdown-blocks", blocks))
    else:  # pdftotext's columns and pages, a word processor's page breaks, numbered pages
        from .columns import side_by_side
        from .pages import marks_put_back, numbered_pages, pages_to_text

        columns = side_by_side(text)
        if columns is not None:  # each column its own pages: its heads at their edges
            *texts, rows = columns
            changes.append(("column-rows", rows))
        read, furniture, marks = [], 0, 0
        for each in texts if columns is not None else [text]:
            paged = each if "\f" in each else numbered_pages(each)
            if paged is not None or columns is not None:  # a PDF's text
                each, moved = marks_put_back(each if paged is None else paged)
                marks += moved
            if paged is not None:
                each, left_out = pages_to_text(each)
                furniture += left_out
            read.append(each)
        text = "\n\n".join(read)
        changes += [("moved-marks", marks), ("page-furniture", furniture)]
    # A parser has decoded the references of a page's or a Markdown file's text already.
    cleaned, cleaning = clean_text(text, references=kind not in ("html", "markdown"))
    counted = tuple((change, count) for change, count in changes if count) + cleaning
    return InputText(cleaned, used, counted, kind)
