"""Write alignments out: JSONL, TSV, Moses, TMX and an HTML review page.

Every writer is a pure function over a text stream; :func:`write_alignment` picks one by name and,
given a path, writes atomically (a temporary file in the same directory, then ``os.replace``), so
an interrupted run never leaves a half-written output behind.

What each format keeps:

=========  ===============  =======  ===============  ======  =========  ==========
format     sentences        indices  score            source  signature  unaligned
=========  ===============  =======  ===============  ======  =========  ==========
jsonl      one by one       yes      exact            yes     no         yes
tsv        joined segment   yes      4 decimals       no      no         yes
tmx        joined segment   yes      4 decimals       yes     header     on request
moses      joined segment   no       no               no      no         on request
html       one by one       yes      2 decimals       yes     yes        yes
=========  ===============  =======  ===============  ======  =========  ==========

A *segment* is one side of a bead as the line-based formats see it (:func:`segment_text`): its
sentences joined by a space, tabs and line breaks replaced by a space, and control characters that
XML cannot carry removed. A NaN score means "unknown" (a Moses file has none); it is written as
JSON ``null``, an empty TSV field, and no ``x-score`` property in TMX.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, TextIO, TypeAlias

from ._version import __version__
from .detect import detect_script
from .records import AlignedPair, ArticleAlignment

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "SCORE_DECIMALS",
    "Documents",
    "Format",
    "aligned_pairs",
    "atomic_files",
    "moses_paths",
    "segment_text",
    "write_alignment",
    "write_html",
    "write_jsonl",
    "write_moses",
    "write_tmx",
    "write_tsv",
]

Format = Literal["jsonl", "tsv", "moses", "tmx", "html"]
FORMATS: tuple[Format, ...] = ("jsonl", "tsv", "moses", "tmx", "html")

#: Decimals of the score in TSV and TMX: enough to rank beads, short enough to read.
SCORE_DECIMALS = 4

#: Beads scoring below this are highlighted on the HTML review page.
DEFAULT_THRESHOLD = 0.5

#: Alignments to write: one document, or several written one after the other.
Documents: TypeAlias = ArticleAlignment | Iterable[ArticleAlignment]

# Everything str.splitlines() breaks on, plus tab: any of them inside a segment would break the
# line (Moses) or column (TSV) structure, and some readers split on the Unicode ones too.
_BREAKS = str.maketrans(dict.fromkeys("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))
# Characters XML 1.0 cannot represent at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def segment_text(sentences: Iterable[str]) -> str:
    r"""One bead side as a single line: sentences joined by a space, line breaks made spaces.

    >>> segment_text(["قالَ:\tنعم.", "Yes.\u2028No.\x07"])
    'قالَ: نعم. Yes. No.'
    """
    return _NOT_XML.sub("", " ".join(sentences).translate(_BREAKS))


def aligned_pairs(alignment: ArticleAlignment) -> tuple[AlignedPair, ...]:
    """The beads of ``alignment`` with their segments, in bead order."""
    return tuple(
        AlignedPair(
            source=alignment.source,
            ar=segment_text(alignment.ar[i] for i in bead.ar),
            en=segment_text(alignment.en[i] for i in bead.en),
            ar_index=bead.ar,
            en_index=bead.en,
            score=float(bead.score),
        )
        for bead in alignment.beads
    )


def _documents(alignments: Documents) -> tuple[ArticleAlignment, ...]:
    if isinstance(alignments, ArticleAlignment):
        return (alignments,)
    return tuple(alignments)


def _score_field(score: float) -> str:
    return "" if math.isnan(score) else f"{score:.{SCORE_DECIMALS}f}"


def _index_field(index: Sequence[int]) -> str:
    return ",".join(map(str, index))


# json's own string encoder, as json.dumps(..., ensure_ascii=False) uses it.
_json_string = json.encoder.encode_basestring


def _json_texts(texts: Iterable[str]) -> str:
    return "[" + ", ".join(map(_json_string, texts)) + "]"


def _json_numbers(numbers: Iterable[int]) -> str:
    return "[" + ", ".join(map(str, numbers)) + "]"


def write_jsonl(alignments: Documents, out: TextIO) -> None:
    """One JSON object a line, one line a bead, no header line.

    Keys: ``source``, ``ar`` and ``en`` (lists of sentence texts), ``ar_index`` and ``en_index``
    (their 0-based positions), ``score`` (``null`` when unknown), and ``ar_translit`` when the
    alignment carries a transliteration. The signature is not repeated on every line; TMX and
    HTML carry it.
    """
    # Each line is what json.dumps(record, ensure_ascii=False) writes, put together from
    # json's string encoder: a third faster than encoding a dict a bead.
    for alignment in _documents(alignments):
        source = _json_string(alignment.source)
        ar, en, translit = alignment.ar, alignment.en, alignment.ar_transliterated
        for bead in alignment.beads:
            score = "null" if math.isnan(bead.score) else repr(float(bead.score))
            line = (
                f'{{"source": {source}, "ar": {_json_texts(ar[i] for i in bead.ar)}, '
                f'"en": {_json_texts(en[i] for i in bead.en)}, '
                f'"ar_index": {_json_numbers(bead.ar)}, "en_index": {_json_numbers(bead.en)}, '
                f'"score": {score}'
            )
            if translit:
                line += f', "ar_translit": {_json_texts(translit[i] for i in bead.ar)}'
            out.write(line + "}\n")


def write_tsv(alignments: Documents, out: TextIO) -> None:
    """Tab-separated, one bead a line, no header: Arabic, English, score, Arabic and English
    indices (comma-separated, empty for an unaligned side).

    Texts are segments (:func:`segment_text`): tabs and line breaks inside a sentence become
    spaces, so every line has exactly five fields.
    """
    for alignment in _documents(alignments):
        for pair in aligned_pairs(alignment):
            fields = (
                pair.ar,
                pair.en,
                _score_field(pair.score),
                _index_field(pair.ar_index),
                _index_field(pair.en_index),
            )
            out.write("\t".join(fields) + "\n")


def write_moses(
    alignments: Documents, ar_out: TextIO, en_out: TextIO, *, keep_unaligned: bool = False
) -> None:
    """Two line-aligned plain-text files, line *k* of one translating line *k* of the other.

    Beads with an empty side (1-0, 0-1) are left out, since an empty line would pair a sentence
    with nothing; ``keep_unaligned=True`` writes them with an empty line opposite.
    """
    for alignment in _documents(alignments):
        for pair in aligned_pairs(alignment):
            if keep_unaligned or (pair.ar_index and pair.en_index):
                ar_out.write(pair.ar + "\n")
                en_out.write(pair.en + "\n")


def _prop(parent: ET.Element, kind: str, value: str) -> None:
    ET.SubElement(parent, "prop", type=kind).text = value


def write_tmx(
    alignments: Documents,
    out: TextIO,
    *,
    keep_unaligned: bool = False,
    tool_version: str | None = None,
) -> None:
    """A TMX 1.4b translation memory: one ``<tu>`` per bead, an Arabic and an English ``<tuv>``.

    ``srclang`` is ``*all*``: a bilingual article does not say which side is the original, so
    either language may serve as source. Each ``<tu>`` keeps its document, score and sentence
    indices as ``x-source``, ``x-score``, ``x-ar-index`` and ``x-en-index`` properties; each
    distinct signature is an ``x-signature`` property of the header. Beads with an empty side
    are left out unless ``keep_unaligned``, which writes them with a single ``<tuv>``.
    """
    documents = _documents(alignments)
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "bialign",
            "creationtoolversion": tool_version or __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": "*all*",
            "o-tmf": "bialign",
        },
    )
    for signature in dict.fromkeys(d.signature for d in documents if d.signature):
        _prop(header, "x-signature", signature)
    body = ET.SubElement(root, "body")
    for alignment in documents:
        for pair in aligned_pairs(alignment):
            if not keep_unaligned and not (pair.ar_index and pair.en_index):
                continue
            tu = ET.SubElement(body, "tu")
            _prop(tu, "x-source", alignment.source)
            if not math.isnan(pair.score):
                _prop(tu, "x-score", _score_field(pair.score))
            _prop(tu, "x-ar-index", _index_field(pair.ar_index))
            _prop(tu, "x-en-index", _index_field(pair.en_index))
            sides = (("ar", pair.ar, pair.ar_index), ("en", pair.en, pair.en_index))
            for lang, text, index in sides:
                if index:
                    tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
                    ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


_CSS = """
:root { --low: #fff1c7; --low-edge: #d9a400; --gap: #fde0de; --gap-edge: #c62828;
  --rule: #d7dbe0; --muted: #5f6b76; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1500px; color: #1d2329;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial,
  sans-serif; }
section.doc + section.doc { margin-top: 3rem; padding-top: 1.5rem;
  border-top: 3px double var(--rule); }
h1 { font-size: 1.35rem; margin: 0 0 .3rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
.meta { color: var(--muted); margin: .15rem 0; overflow-wrap: anywhere; }
.meta code { font-size: .85em; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .6em;
  border-left: 4px solid; }
.legend .low { background: var(--low); border-color: var(--low-edge); }
.legend .gap { background: var(--gap); border-color: var(--gap-edge); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--rule); padding: .45rem .6rem; vertical-align: top; }
thead th { position: sticky; top: 0; background: #eef1f4; text-align: start;
  font-size: .85rem; }
col.n { width: 3.2rem; } col.kind { width: 6.5rem; } col.score { width: 5.2rem; }
td.n, td.kind, td.score { color: var(--muted); font-size: .85rem;
  font-variant-numeric: tabular-nums; }
td.kind b, td.score b { display: block; font-size: .75rem; }
tr.low td { background: var(--low); } tr.low td.n { border-left: 5px solid var(--low-edge); }
tr.gap td { background: var(--gap); } tr.gap td.n { border-left: 5px solid var(--gap-edge); }
tr.low td.score b { color: #8a6400; } tr.gap td.kind b { color: var(--gap-edge); }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Amiri", "Geeza Pro", "Noto Sans Arabic",
  "DejaVu Sans", "Arial", sans-serif; }
td.ar { font-size: 1.15rem; line-height: 1.8; text-align: right; }
.s + .s::before { content: " "; }
.i { color: var(--muted); font-size: .7rem; vertical-align: super; padding: 0 .2em;
  font-family: system-ui, sans-serif; }
.none { color: var(--muted); font-style: italic; }
table.dropped col.line { width: 5rem; } table.dropped col.reason { width: 12rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 9.5pt; padding: 0; max-width: none; }
  thead { display: table-header-group; } thead th { position: static; }
  tr { break-inside: avoid; }
  section.doc + section.doc { break-before: page; border-top: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _sentences_cell(lang: str, sentences: Sequence[str], index: Sequence[int]) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    if not index:
        inner = '<span class="none">(no sentence)</span>'
    else:
        inner = "".join(
            f'<span class="s"><span class="i">{i}</span>{_e(sentences[i])}</span>' for i in index
        )
    return f'<td class="{lang}" lang="{lang}" dir="{direction}">{inner}</td>'


def _html_document(alignment: ArticleAlignment, number: int, threshold: float) -> Iterator[str]:
    beads = alignment.beads
    kinds = Counter(bead.kind for bead in beads)
    unaligned = sum(1 for bead in beads if not (bead.ar and bead.en))
    low = sum(1 for bead in beads if bead.ar and bead.en and bead.score < threshold)
    covered_ar = {i for bead in beads for i in bead.ar}
    covered_en = {i for bead in beads for i in bead.en}
    yield f'<section class="doc" id="doc-{number}">'
    yield f"<h1>{_e(alignment.source)}</h1>"
    yield (
        f'<p class="meta">{len(alignment.ar)} Arabic and {len(alignment.en)} English sentences,'
        f" {len(beads)} beads ("
        + ", ".join(f"{count}× {kind}" for kind, count in sorted(kinds.items()))
        + f"); layout {_e(alignment.layout)}</p>"
    )
    missing = (len(alignment.ar) - len(covered_ar), len(alignment.en) - len(covered_en))
    if any(missing):
        yield (
            f'<p class="meta">Not in any bead (filtered out): {missing[0]} Arabic,'
            f" {missing[1]} English sentences</p>"
        )
    if alignment.signature:
        yield f'<p class="meta">Signature: <code>{_e(alignment.signature)}</code></p>'
    yield (
        f'<p class="meta legend"><span class="low">score below {threshold:g}: {low}</span>'
        f'<span class="gap">unaligned: {unaligned}</span></p>'
    )
    yield (
        '<table class="beads"><colgroup><col class="n"><col class="kind"><col class="score">'
        "<col><col></colgroup><thead><tr><th>#</th><th>type</th><th>score</th>"
        '<th lang="en">English</th><th lang="ar" dir="rtl">العربية</th></tr></thead><tbody>'
    )
    for k, bead in enumerate(beads, start=1):
        is_gap = not (bead.ar and bead.en)
        is_low = not is_gap and not bead.score >= threshold  # NaN counts as low: unknown
        row_class = "bead gap" if is_gap else "bead low" if is_low else "bead"
        score = "–" if math.isnan(bead.score) else f"{bead.score:.2f}"
        yield (
            f'<tr id="doc-{number}-bead-{k}" class="{row_class}" data-kind="{bead.kind}">'
            f'<td class="n">{k}</td>'
            f'<td class="kind">{bead.kind}{"<b>unaligned</b>" if is_gap else ""}</td>'
            f'<td class="score">{score}{"<b>low</b>" if is_low else ""}</td>'
            + _sentences_cell("en", alignment.en, bead.en)
            + _sentences_cell("ar", alignment.ar, bead.ar)
            + "</tr>"
        )
    yield "</tbody></table>"
    if alignment.dropped:
        yield f"<h2>Dropped ({len(alignment.dropped)})</h2>"
        yield (
            '<table class="dropped"><colgroup><col class="line"><col class="reason"><col>'
            "</colgroup><thead><tr><th>line</th><th>reason</th><th>text</th></tr></thead><tbody>"
        )
        for item in alignment.dropped:
            # Dropped text may be either language: the Arabic font stack applies by lang.
            lang = "ar" if detect_script(item.text).script == "ar" else "en"
            yield (
                f"<tr><td>{item.line}</td><td>{_e(item.reason)}</td>"
                f'<td lang="{lang}" dir="auto">{_e(item.text)}</td></tr>'
            )
        yield "</tbody></table>"
    yield "</section>"


def write_html(
    alignments: Documents,
    out: TextIO,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    title: str | None = None,
) -> None:
    """A self-contained review page: English and Arabic side by side, one row a bead.

    Rows scoring below ``threshold`` (and rows with an unknown score) are marked "low"; beads
    with an empty side are marked "unaligned"; dropped boilerplate is listed with its reason
    after each document. No scripts, fonts or images are fetched; the page prints on A4
    landscape.
    """
    documents = _documents(alignments)
    if title is None:
        title = "bialign review: " + (
            documents[0].source if len(documents) == 1 else f"{len(documents)} documents"
        )
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
    )
    for number, alignment in enumerate(documents, start=1):
        for chunk in _html_document(alignment, number, threshold):
            out.write(chunk + "\n")
    out.write("</body></html>\n")


def moses_paths(prefix: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The Arabic and English files of a Moses pair: ``PREFIX.ar`` and ``PREFIX.en``.

    >>> [p.name for p in moses_paths("out/corpus")]
    ['corpus.ar', 'corpus.en']
    """
    prefix = Path(prefix)
    return prefix.with_name(prefix.name + ".ar"), prefix.with_name(prefix.name + ".en")


def _open_temporary(path: Path) -> tuple[Path, TextIO]:
    # O_EXCL on a random name instead of tempfile.mkstemp: mkstemp creates mode 0600, and
    # os.open with 0o666 lets the umask decide, as for any ordinary output file.
    while True:
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return temporary, open(fd, "w", encoding="utf-8", newline="")


@contextmanager
def atomic_files(*paths: str | os.PathLike[str]) -> Iterator[tuple[TextIO, ...]]:
    """Open UTF-8 text files for writing that appear only if the ``with`` block completes.

    Each file is written under a temporary name in its own directory and moved into place with
    ``os.replace`` at the end; on any exception the temporary files are removed and existing
    files are left as they were.
    """
    opened: list[tuple[Path, TextIO]] = []
    try:
        for path in paths:
            opened.append(_open_temporary(Path(path)))
        yield tuple(stream for _, stream in opened)
        for _, stream in opened:
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        for (temporary, _), path in zip(opened, paths, strict=True):
            os.replace(temporary, path)
    except BaseException:
        for temporary, stream in opened:
            stream.close()
            temporary.unlink(missing_ok=True)
        raise


def write_alignment(
    alignments: Documents,
    target: str | os.PathLike[str] | TextIO,
    format: Format,
    *,
    keep_unaligned: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
) -> None:
    """Write ``alignments`` in ``format`` to a path (atomically) or an open text stream.

    For ``moses`` the target is a path prefix and two files are written (see
    :func:`moses_paths`). ``keep_unaligned`` applies to ``moses`` and ``tmx`` (JSONL, TSV and
    HTML always keep unaligned beads); ``threshold`` to ``html``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}")
    documents = _documents(alignments)
    if format == "moses":
        if not isinstance(target, (str, os.PathLike)):
            raise ValueError(
                "the moses format writes two files (PREFIX.ar and PREFIX.en): give a path "
                "prefix, not an open stream"
            )
        with atomic_files(*moses_paths(target)) as (ar_out, en_out):
            write_moses(documents, ar_out, en_out, keep_unaligned=keep_unaligned)
        return
    if isinstance(target, (str, os.PathLike)):
        with atomic_files(target) as (out,):
            _write_one(documents, out, format, keep_unaligned, threshold)
    else:
        _write_one(documents, target, format, keep_unaligned, threshold)


def _write_one(
    documents: tuple[ArticleAlignment, ...],
    out: TextIO,
    format: Format,
    keep_unaligned: bool,
    threshold: float,
) -> None:
    if format == "jsonl":
        write_jsonl(documents, out)
    elif format == "tsv":
        write_tsv(documents, out)
    elif format == "tmx":
        write_tmx(documents, out, keep_unaligned=keep_unaligned)
    else:
        write_html(documents, out, threshold=threshold)
