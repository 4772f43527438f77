"""HTML: a self-contained review page, English and Arabic side by side, one row a bead.

Rows scoring below a threshold (and rows with an unknown score) are marked "low"; beads with an
empty side "unaligned"; dropped boilerplate is listed with its reason after each document. No
scripts, fonts or images are fetched; the page prints on A4 landscape. Written, never read.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TextIO

from ..detect import OTHER_SCRIPT, detect_script
from ..records import ArticleAlignment, Language
from .common import DEFAULT_THRESHOLD, Documents, WriteOptions, as_documents, strip_not_xml

__all__ = ["write", "write_html"]

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
    return html.escape(strip_not_xml(text), quote=True)


def _sentence(lang: Language, text: str) -> str:
    """A sentence in the other side's script isolated in its own direction: a Latin date in
    an Arabic cell ("12 January 2015") read "January 2015 12" right to left."""
    if detect_script(text).script == OTHER_SCRIPT[lang]:
        return f'<bdi dir="{"ltr" if lang == "ar" else "rtl"}">{_e(text)}</bdi>'
    return _e(text)


def _sentences_cell(lang: Language, sentences: Sequence[str], index: Sequence[int]) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    if not index:
        inner = '<span class="none">(no sentence)</span>'
    else:
        inner = "".join(
            f'<span class="s"><span class="i">{i}</span>{_sentence(lang, sentences[i])}</span>'
            for i in index
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
            where = f"{item.side} {item.line}" if item.side else item.line
            yield (
                f"<tr><td>{where}</td><td>{_e(item.reason)}</td>"
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
    """Write the review page (see the module); rows scoring below ``threshold`` are "low".

    ``title`` defaults to the document's source, or the number of documents.
    """
    documents = as_documents(alignments)
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


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_html` (every bead is kept)."""
    write_html(documents, streams[0], threshold=options.threshold)
