"""Bilingual documents with a known pairing, laid out the ways people save them.

A :class:`Source` is the content of one document: blocks (headings and paragraphs) in
reading order, each the Arabic and English text of one or more gold *records* (a verse, a
UN sentence, a paragraph of seed 004, a hand-paired unit of a real page). A layout renders
a source as the file or files a user would hand to an aligner; the gold pairing stays the
record list, whatever the layout, so every layout of a source is scored against the same
links.

Layouts (``LAYOUTS``), all of the same content unless said otherwise:

* ``blank-lines``: English paragraphs, then the Arabic ones (or the other way round),
  separated by blank lines: the convention bialign reads today; the control.
* ``line-per-paragraph``: the same, one paragraph a line and no blank lines (Word's "Save
  as plain text", browser copy-paste, many scrapers).
* ``word-utf16-crlf``: that, as Word writes "Unicode" plain text: UTF-16 LE with a byte
  order mark and CRLF line ends.
* ``interleaved``: each Arabic block followed by its English block on the next line, no
  blank lines, titles, dates and numbered section headings as short lines among them.
* ``numbered``: one paragraph a line, verse numbers (``12:1``) or list numbers (``3.``) on a
  line of their own or leading the paragraph's line.
* ``html``: one saved page holding both languages: ``<head>`` with ``<style>`` and
  ``<script>``, a ``<header>``, a ``<nav>`` menu in both languages, ``<h1>``/``<h2>``,
  ``<p>``, ``<br>`` inside paragraphs, ``<li>`` items, entities, a ``<footer>`` and a
  comment form.
* ``srt``: one SubRip file of bilingual cues, one cue per record: the Arabic line above the
  English one. Bilingual subtitle files are made this way (dual-language subtitles shown
  together on screen, e.g. for learners); the cue text is not wrapped, one line a language.
* ``vtt``: two WebVTT files, one per language, with the same cue times: WebVTT is
  distributed one track per language (HTML5 ``<track srclang>``, YouTube's downloads), and
  its lines are wrapped at 42 characters as subtitle editors do.
* ``two-files``: an Arabic file and an English file (``--ar``/``--en``), each opening with a
  URL-slug title line and ending in blog furniture ("Share this:", "Leave a Reply", form
  labels) in its language.
* ``two-columns``: one file as ``pdftotext -layout`` writes a page in two columns side by
  side, the language laid out first on the left (wrapped at 45 characters), the other on the
  right (at 40), after a gutter of 6 spaces; each block pair begins on one row, a blank row
  after the longer. ``columns-flowing``: each column runs on by itself, a blank line
  after each of its blocks, so that the columns go out of step.
* ``mojibake``: ``blank-lines`` whose UTF-8 bytes were decoded as Windows-1252 (the five
  bytes it leaves undefined kept as the same code points, as browsers and ftfy's
  "sloppy-windows-1252" do) and the result saved as UTF-8: ``الكاظمي`` becomes
  ``Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ``.
* ``long-clean``: ``blank-lines`` of a long document (``LONG_PARAGRAPHS``+ paragraphs a
  side), paragraphs only, one translation per paragraph, equal counts.

Corpus sources (``bible_sources``, ``un_sources``): a paragraph is 1-3 consecutive records
(seeded); Bible documents are two consecutive chapters with a "Chapter n" heading each; UN
documents are ``benchmarks.corpora``'s pseudo-documents of consecutive records, with a
report title, a date line and numbered section headings in the UN's Arabic style. The
dev/held-apart split is ``benchmarks.corpora``'s (Bible books alternate in canon order, UN
document symbols go by a CRC-32 of the symbol); its "held-out" part is called held-apart
here, to keep it apart from the project's real held-out material.
"""

from __future__ import annotations

import html
import random
import textwrap
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby, zip_longest
from pathlib import Path
from typing import Literal

import regex

from benchmarks.corpora import Part as CorpusPart
from benchmarks.corpora import (
    Record,
    RecordGroup,
    bible_groups,
    read_records,
    sampled_groups,
    un_groups,
)

__all__ = [
    "LAYOUTS",
    "LONG_PARAGRAPHS",
    "RIGHT_COLUMN_AT",
    "Block",
    "Laid",
    "Part",
    "Source",
    "bible_sources",
    "lay_out",
    "mojibake",
    "original",
    "seed_source",
    "un_sources",
]

Part = Literal["dev", "held-apart"]
_PART: dict[CorpusPart, Part] = {"dev": "dev", "held-out": "held-apart"}

LAYOUTS = (
    "blank-lines",
    "line-per-paragraph",
    "word-utf16-crlf",
    "interleaved",
    "numbered",
    "html",
    "srt",
    "vtt",
    "two-files",
    "two-columns",
    "columns-flowing",
    "mojibake",
    "long-clean",
)
#: Paragraphs a side of a ``long-clean`` document, at least.
LONG_PARAGRAPHS = 100


@dataclass(frozen=True)
class Block:
    """A heading or paragraph: its text in each language as laid out, and its gold records.

    ``ar``/``en`` are usually the records' texts joined by a space; seed 004's English
    title also carries the Arabic URL slug glued to it, which is in no record.
    ``number`` is what the ``numbered`` layout writes before it ("12:1", "3."), empty for
    headings.
    """

    heading: bool
    records: tuple[Record, ...]
    ar: str
    en: str
    number: str = ""


@dataclass(frozen=True)
class Source:
    """The content of one document, before any layout."""

    name: str
    corpus: str
    part: Part
    blocks: tuple[Block, ...]
    english_first: bool = True
    slugged: bool = False  # the English title line already carries a URL slug (seed 004)

    @property
    def records(self) -> tuple[Record, ...]:
        """The gold records in reading order: record k's Arabic pairs with record k's English."""
        return tuple(r for block in self.blocks for r in block.records)


@dataclass(frozen=True)
class Laid:
    """A source laid out: one file holding both languages, or an Arabic and an English file.

    ``files`` holds ``(name, bytes)``; with two files the Arabic one comes first.
    """

    source: Source
    layout: str
    files: tuple[tuple[str, bytes], ...]

    @property
    def two_files(self) -> bool:
        return len(self.files) == 2


def _paragraph(records: Sequence[Record], number: str = "") -> Block:
    return Block(
        False,
        tuple(records),
        " ".join(r.ar for r in records),
        " ".join(r.en for r in records),
        number,
    )


def _heading(doc: str, key: str, ar: str, en: str) -> Block:
    return Block(True, (Record(doc, f"{doc}:{key}", ar, en),), ar, en)


def _runs(records: Sequence[Record], rng: random.Random) -> Iterator[Sequence[Record]]:
    """Consecutive runs of 1-3 records: the paragraphs of a document."""
    start = 0
    while start < len(records):
        size = rng.randint(1, 3)
        yield records[start : start + size]
        start += size


def _english_first(name: str) -> bool:
    return zlib.crc32(name.encode()) % 2 == 0


def _bible_blocks(group: RecordGroup, rng: random.Random, headings: bool) -> list[Block]:
    blocks = []
    for doc, verses in groupby(group.records, key=lambda r: r.doc):
        chapter = doc.split(".")[1]
        if headings:
            blocks.append(_heading(doc, "title", f"الأصحاح {chapter}", f"Chapter {chapter}"))
        for run in _runs(tuple(verses), rng):
            first = run[0].id.split(".")
            blocks.append(_paragraph(run, f"{first[1]}:{first[2]}"))
    return blocks


# UN reports: numbered section headings as the Arabic editions write them ("أولا -").
_UN_SECTIONS = (
    ("أولا - مقدمة", "I. Introduction"),
    ("ثانيا - معلومات أساسية", "II. Background"),
    ("ثالثا - الأنشطة المضطلع بها", "III. Activities undertaken"),
    ("رابعا - الآثار المالية", "IV. Financial implications"),
    ("خامسا - الاستنتاجات", "V. Conclusions"),
    ("سادسا - التوصيات", "VI. Recommendations"),
)
_MONTHS = (
    ("كانون الثاني/يناير", "January"),
    ("شباط/فبراير", "February"),
    ("آذار/مارس", "March"),
    ("نيسان/أبريل", "April"),
    ("أيار/مايو", "May"),
    ("حزيران/يونيه", "June"),
    ("تموز/يوليه", "July"),
    ("آب/أغسطس", "August"),
    ("أيلول/سبتمبر", "September"),
    ("تشرين الأول/أكتوبر", "October"),
    ("تشرين الثاني/نوفمبر", "November"),
    ("كانون الأول/ديسمبر", "December"),
)


def _un_blocks(group: RecordGroup, rng: random.Random, headings: bool) -> list[Block]:
    paragraphs = list(_runs(group.records, rng))
    blocks = []
    if headings:
        day, (month_ar, month_en), year = (
            rng.randint(1, 28),
            rng.choice(_MONTHS),
            2010 + rng.randint(0, 9),
        )
        blocks.append(
            _heading(group.name, "title", "تقرير الأمين العام", "Report of the Secretary-General")
        )
        blocks.append(
            _heading(group.name, "date", f"{day} {month_ar} {year}", f"{day} {month_en} {year}")
        )
    per_section = max(1, -(-len(paragraphs) // len(_UN_SECTIONS)))
    for k, run in enumerate(paragraphs):
        if headings and k % per_section == 0:
            ar, en = _UN_SECTIONS[k // per_section]
            blocks.append(_heading(group.name, f"section{k}", ar, en))
        blocks.append(_paragraph(run, f"{k + 1}."))
    return blocks


BlockMaker = Callable[[RecordGroup, random.Random, bool], list[Block]]


def _sources(
    corpus: str,
    groups: dict[CorpusPart, list[RecordGroup]],
    make: BlockMaker,
    limit: int,
    seed: int,
    long: bool,
) -> list[Source]:
    """``limit`` documents per part; a long one runs on into the part's next groups until it
    has ``LONG_PARAGRAPHS`` paragraphs."""
    sources = []
    for corpus_part, part in _PART.items():
        candidates = groups[corpus_part]
        for group in sampled_groups(corpus, groups, corpus_part, limit, seed):
            rng = random.Random(f"{seed}:{group.name}")
            blocks = make(group, rng, not long)
            at = candidates.index(group) + 1
            while long and len(blocks) < LONG_PARAGRAPHS and at < len(candidates):
                blocks += make(candidates[at], rng, False)
                at += 1
            name = f"{corpus}-{'long-' if long else ''}{group.name}"
            sources.append(Source(name, corpus, part, tuple(blocks), _english_first(name)))
    return sources


def bible_sources(path: Path, limit: int, seed: int, long: bool = False) -> list[Source]:
    """Documents of two consecutive chapters (long: as many as make ``LONG_PARAGRAPHS``)."""
    groups = bible_groups(read_records(path), chapters=2)
    return _sources("bible", groups, _bible_blocks, limit, seed, long)


def un_sources(path: Path, limit: int, seed: int, long: bool = False) -> list[Source]:
    """``benchmarks.corpora``'s UN pseudo-documents (long: run on into the next ones)."""
    groups = un_groups(read_records(path), seed)
    return _sources("un", groups, _un_blocks, limit, seed, long)


_ARABIC_LETTER = regex.compile(r"\p{Arabic}")


def seed_source(path: Path) -> Source:
    """Seed 004: an English title glued to an Arabic URL slug, a byline and 12 paragraphs,
    then the same in Arabic. Paragraph k of one side translates paragraph k of the other;
    the slug is in no record."""
    text = path.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    half = len(paragraphs) // 2
    english, arabic = paragraphs[:half], paragraphs[half:]
    slug_at = _ARABIC_LETTER.search(english[0])
    title = english[0][: slug_at.start()] if slug_at else english[0]
    blocks = []
    for k, (ar, en) in enumerate(zip(arabic, english, strict=True)):
        record = Record("seed-004", f"seed-004:{k}", ar, title if k == 0 else en)
        blocks.append(Block(k < 2, (record,), ar, en))
    return Source("seed-004", "seed", "dev", tuple(blocks), True, slugged=True)


# --- layouts ------------------------------------------------------------------------------


def _sides(source: Source) -> tuple[list[str], list[str]]:
    """The blocks of the language laid out first, then of the other."""
    ar = [b.ar for b in source.blocks]
    en = [b.en for b in source.blocks]
    return (en, ar) if source.english_first else (ar, en)


def _text(lines: Sequence[str], separator: str) -> bytes:
    return (separator.join(lines) + "\n").encode("utf-8")


def _blank_lines(source: Source) -> list[str]:
    first, second = _sides(source)
    return first + second


def _interleaved(source: Source) -> list[str]:
    return [line for b in source.blocks for line in (b.ar, b.en)]


def _numbered(source: Source, rng: random.Random) -> list[str]:
    """Numbers lead the paragraph's line, or stand on the line above it (one choice a
    document, as a document is typeset one way)."""
    own_line = rng.random() < 0.5
    lines = []
    for side in (0, 1):
        ar_side = (side == 0) != source.english_first
        for block in source.blocks:
            text = block.ar if ar_side else block.en
            if not block.number:
                lines.append(text)
            elif own_line:
                lines += [block.number, text]
            else:
                lines.append(f"{block.number} {text}")
    return lines


#: Widths of the two columns of the ``two-columns`` layout, and of the gutter between them.
_LEFT_WIDTH, _GUTTER, _RIGHT_WIDTH = 45, 6, 40
#: Where the right column of a ``two-columns`` row begins.
RIGHT_COLUMN_AT = _LEFT_WIDTH + _GUTTER


def _two_columns(source: Source, flowing: bool) -> list[str]:
    """The blocks as ``pdftotext -layout`` writes a page set in two columns side by side: the
    language laid out first on the left, the other on the right, each wrapped to its column.
    Each block pair begins on one row, a blank row after the longer; or, ``flowing``, each
    column runs on by itself, a blank line after each of its blocks, so that the columns go
    out of step."""
    first, second = _sides(source)
    if flowing:
        left = [line for text in first for line in (*textwrap.wrap(text, _LEFT_WIDTH), "")]
        right = [line for text in second for line in (*textwrap.wrap(text, _RIGHT_WIDTH), "")]
        pairs = list(zip_longest(left, right, fillvalue=""))
    else:
        pairs = []
        for one, other in zip(first, second, strict=True):
            wrapped = textwrap.wrap(one, _LEFT_WIDTH), textwrap.wrap(other, _RIGHT_WIDTH)
            pairs += [*zip_longest(*wrapped, fillvalue=""), ("", "")]
    return [f"{left:<{RIGHT_COLUMN_AT}}{right}".rstrip() for left, right in pairs]


def _slug(text: str) -> str:
    words = regex.findall(r"[\p{L}\p{N}]+", regex.sub(r"\p{M}", "", text))[:8]
    return "-".join(w.lower() for w in words)


_FURNITURE = {
    "en": [
        "Share this:",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Related",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Comment *",
        "Name *",
        "Email *",
        "Website",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Post Comment",
    ],
    "ar": [
        "شارك هذا:",
        "فيسبوك",
        "تويتر",
        "واتساب",
        "ذات صلة",
        "اترك تعليقاً",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "التعليق *",
        "الاسم *",
        "البريد الإلكتروني *",
        "الموقع الإلكتروني",
        "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح"
        " لاستخدامها المرة المقبلة في تعليقي.",
        "إرسال التعليق",
    ],
}


def _two_files(source: Source) -> tuple[bytes, bytes]:
    """Each side a blog post: slug title line, blocks, furniture; blank lines between."""
    files = []
    for lang in ("ar", "en"):
        texts = [getattr(b, lang) for b in source.blocks]
        if not source.slugged:
            texts.insert(0, _slug(texts[0]) + "-" + _slug(texts[-1])[:20].strip("-"))
        files.append(_text(texts + _FURNITURE[lang], "\n\n"))
    return files[0], files[1]


_CSS = """body { font-family: "Noto Naskh Arabic", Georgia, serif; max-width: 60em; }
.ar { direction: rtl; text-align: right; } .en { direction: ltr; }
nav ul { list-style: none; display: flex; gap: 1em; } footer { font-size: small; color: #666; }
.share a { padding: 0 .5em; } #respond textarea { width: 100%; height: 8em; }"""

_SCRIPT = """window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'UA-00000000-1', { 'anonymize_ip': true });
document.addEventListener('DOMContentLoaded', function () {
  var menu = document.querySelector('nav .toggle');
  if (menu) {
    menu.addEventListener('click', function () { document.body.classList.toggle('open'); });
  }
  var lang = document.documentElement.getAttribute('lang') || 'en';
  console.log('Page ready, language: ' + lang + ', comments enabled: true');
});"""

_NAV = (
    ("Home", "الرئيسية"),
    ("News", "أخبار"),
    ("Politics", "سياسة"),
    ("Economy", "اقتصاد"),
    ("Opinion", "رأي"),
    ("About us", "من نحن"),
    ("Contact", "اتصل بنا"),
)


def _html_blocks(blocks: Sequence[Block], lang: str, rng: random.Random) -> list[str]:
    """Headings as h1/h2; paragraphs as p, as p with its records on br-separated lines, or
    as a list item."""
    out = []
    for k, block in enumerate(blocks):
        texts = [getattr(r, lang) for r in block.records]
        if block.heading:
            tag = "h1" if k == 0 else "h2"
            out.append(f"<{tag}>{html.escape(getattr(block, lang))}</{tag}>")
            continue
        style = rng.random()
        if style < 0.2 and len(texts) > 1:
            out.append("<p>" + "<br>\n".join(map(html.escape, texts)) + "</p>")
        elif style < 0.35:
            out.append(f"<ul><li>{html.escape(getattr(block, lang))}</li></ul>")
        else:
            out.append(f"<p>{html.escape(getattr(block, lang))}</p>")
    return out


def _html(source: Source, rng: random.Random) -> bytes:
    nav = "\n".join(
        f'<li><a href="/{en.lower().replace(" ", "-")}">{en}</a> | <a href="/ar/">{ar}</a></li>'
        for en, ar in _NAV
    )
    sections = []
    for lang in ("en", "ar") if source.english_first else ("ar", "en"):
        body = "\n".join(_html_blocks(source.blocks, lang, rng))
        share = " ".join(f'<a href="#">{label}</a>' for label in _FURNITURE[lang][1:4])
        sections.append(
            f'<article class="{lang}" lang="{lang}">\n{body}\n'
            f'<div class="share">{_FURNITURE[lang][0]} {share}</div>\n</article>'
        )
    form = "\n".join(
        f"<p><label>{html.escape(label)}</label></p>"
        for label in _FURNITURE["en"][6:11] + _FURNITURE["ar"][6:11]
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(source.blocks[0].en)} &ndash; Al-Markaz News</title>
<style>
{_CSS}
</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-00000000-1"></script>
<script>
{_SCRIPT}
</script>
</head>
<body>
<header><a class="logo" href="/">Al-Markaz News | المركز الإخباري</a>
<form role="search"><input type="search" placeholder="Search &hellip;"></form></header>
<nav><button class="toggle">Menu</button><ul>
{nav}
</ul></nav>
<main>
{chr(10).join(sections)}
</main>
<section id="respond"><h3>{_FURNITURE["en"][5]} | {_FURNITURE["ar"][5]}</h3>
<form method="post" action="/wp-comments-post.php">
{form}
<textarea name="comment"></textarea>
<input type="submit" value="{_FURNITURE["en"][-1]}">
</form></section>
<footer><p>&copy; 2021 Al-Markaz News. All rights reserved. &nbsp;|&nbsp; جميع الحقوق محفوظة</p>
<p><a href="/privacy">Privacy Policy</a> &middot; <a href="/terms">Terms of Use</a></p></footer>
</body>
</html>
"""
    return page.encode("utf-8")


def _timestamp(seconds: float, comma: bool) -> str:
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02}:{m:02}:{s:02}{',' if comma else '.'}{ms:03}"


def _cue_times(records: Sequence[Record]) -> Iterator[tuple[float, float]]:
    """Cue start and end, on screen as long as the English takes to read (15 chars/s)."""
    start = 1.0
    for record in records:
        end = start + max(1.5, len(record.en) / 15)
        yield start, end
        start = end + 0.25


def _srt(source: Source) -> bytes:
    cues = []
    for k, (record, (start, end)) in enumerate(
        zip(source.records, _cue_times(source.records), strict=True), 1
    ):
        times = f"{_timestamp(start, True)} --> {_timestamp(end, True)}"
        cues.append(f"{k}\n{times}\n{record.ar}\n{record.en}\n")
    return _text(cues, "\n")


def _vtt(source: Source) -> tuple[bytes, bytes]:
    files = []
    for lang in ("ar", "en"):
        cues = [f"WEBVTT\nKind: captions\nLanguage: {lang}\n"]
        for record, (start, end) in zip(source.records, _cue_times(source.records), strict=True):
            lines = textwrap.wrap(getattr(record, lang), 42)
            times = f"{_timestamp(start, False)} --> {_timestamp(end, False)}"
            cues.append(times + "\n" + "\n".join(lines) + "\n")
        files.append(_text(cues, "\n"))
    return files[0], files[1]


def _sloppy_cp1252() -> dict[int, str]:
    """Byte -> character of Windows-1252, its undefined bytes kept as the same code point."""
    table = {}
    for byte in range(256):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


_CP1252 = _sloppy_cp1252()


def mojibake(text: str) -> str:
    """UTF-8 text as a program reading it as Windows-1252 shows it.

    >>> mojibake("الكاظمي")
    'Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ'
    """
    return "".join(_CP1252[byte] for byte in text.encode("utf-8"))


def lay_out(source: Source, layout: str, seed: int) -> Laid | None:
    """``source`` in ``layout``; ``None`` where the layout does not apply to it (subtitles and
    numbers for a news article, ``long-clean`` for a short document and the reverse, and
    seed 004's ``blank-lines``, which is its own file: :func:`original`)."""
    rng = random.Random(f"{seed}:{layout}:{source.name}")
    stem = source.name.replace(":", "_").replace("/", "_")
    long = "-long-" in source.name
    if (layout == "long-clean") != long:
        return None
    if source.corpus == "seed" and layout in ("blank-lines", "numbered", "srt", "vtt"):
        return None
    if layout in ("blank-lines", "long-clean"):
        files = [(f"{stem}.txt", _text(_blank_lines(source), "\n\n"))]
    elif layout == "line-per-paragraph":
        files = [(f"{stem}.txt", _text(_blank_lines(source), "\n"))]
    elif layout == "word-utf16-crlf":
        text = "\r\n".join(_blank_lines(source)) + "\r\n"
        files = [(f"{stem}.txt", b"\xff\xfe" + text.encode("utf-16-le"))]
    elif layout == "interleaved":
        files = [(f"{stem}.txt", _text(_interleaved(source), "\n"))]
    elif layout == "numbered":
        files = [(f"{stem}.txt", _text(_numbered(source, rng), "\n"))]
    elif layout == "html":
        files = [(f"{stem}.html", _html(source, rng))]
    elif layout == "srt":
        files = [(f"{stem}.srt", _srt(source))]
    elif layout == "vtt":
        ar, en = _vtt(source)
        files = [(f"{stem}.ar.vtt", ar), (f"{stem}.en.vtt", en)]
    elif layout == "two-files":
        ar, en = _two_files(source)
        files = [(f"{stem}.ar.txt", ar), (f"{stem}.en.txt", en)]
    elif layout in ("two-columns", "columns-flowing"):
        rows = _two_columns(source, flowing=layout == "columns-flowing")
        files = [(f"{stem}.txt", _text(rows, "\n"))]
    elif layout == "mojibake":
        text = "\n\n".join(_blank_lines(source)) + "\n"
        files = [(f"{stem}.txt", mojibake(text).encode("utf-8"))]
    else:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    return Laid(source, layout, tuple(files))


def original(source: Source, path: Path) -> Laid:
    """A file as it already is: seed 004's own file is its ``blank-lines`` layout."""
    return Laid(source, "blank-lines", ((path.name, path.read_bytes()),))
