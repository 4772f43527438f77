"""JSONL: one JSON object a bead, the sentences one by one; the one format that reads back
exactly (sentences, indices, scores, sources).

Keys: ``source``, ``ar`` and ``en`` (lists of sentence texts), ``ar_index`` and ``en_index``
(their 0-based positions), ``score`` (``null`` when unknown), and ``ar_translit`` when the
alignment carries a transliteration. No header line, so files concatenate; the signature is not
repeated on every line (TMX and HTML carry it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any, TextIO

from ..records import ArticleAlignment, Bead
from .common import (
    Contents,
    Documents,
    Stream,
    WriteOptions,
    as_documents,
    check_numbers,
    finite,
    numbered_lines,
    read_error,
)

__all__ = ["read", "read_jsonl", "write", "write_jsonl"]

_KEYS = ("source", "ar", "en", "ar_index", "en_index", "score")

# json's own string encoder, as json.dumps(..., ensure_ascii=False) uses it.
_json_string = json.encoder.encode_basestring

#: Lines joined into one write: a write a line was a tenth of the writer's time, and a
#: document's every line at once would hold a long document's text twice in memory.
_LINES_A_WRITE = 256


def _json_list(texts: Sequence[str], index: tuple[int, ...]) -> str:
    """The texts ``index`` names, as the inside of a JSON list."""
    return ", ".join([_json_string(texts[i]) for i in index])


def write_jsonl(alignments: Documents, out: TextIO) -> None:
    """One JSON object a line, one line a bead, no header line (keys: see the module)."""
    # Each line is what json.dumps(record, ensure_ascii=False) writes, put together from
    # json's string encoder: a third faster than encoding a dict a bead, and a bead of one
    # sentence a side (most) is one f-string.
    for alignment in as_documents(alignments):
        head = '{"source": ' + _json_string(alignment.source) + ', "ar": ['
        ar, en, translit = alignment.ar, alignment.en, alignment.ar_transliterated
        lines: list[str] = []
        for bead in alignment.beads:
            a, e, score = bead.ar, bead.en, bead.score
            end = "null" if math.isnan(score) else repr(float(score))
            if translit:
                end += f', "ar_translit": [{_json_list(translit, a)}]'
            if len(a) == 1 and len(e) == 1:
                i, j = a[0], e[0]
                lines.append(
                    f'{head}{_json_string(ar[i])}], "en": [{_json_string(en[j])}], '
                    f'"ar_index": [{i}], "en_index": [{j}], "score": {end}}}\n'
                )
            else:
                lines.append(
                    f'{head}{_json_list(ar, a)}], "en": [{_json_list(en, e)}], '
                    f'"ar_index": [{", ".join(map(str, a))}], '
                    f'"en_index": [{", ".join(map(str, e))}], "score": {end}}}\n'
                )
            if len(lines) == _LINES_A_WRITE:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


def _no_constant(constant: str) -> float:
    """Refuse ``NaN`` and ``Infinity``: JavaScript's words, not JSON (Python reads them)."""
    raise ValueError(f"{constant} is not a JSON number (an unknown score is null)")


def _sentences(value: Any, key: str, name: str, line: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise read_error(name, line, f'"{key}" must be a list of strings')
    return tuple(value)


def _indices(value: Any, key: str, name: str, line: int) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
    ):
        raise read_error(name, line, f'"{key}" must be a list of sentence numbers (integers >= 0)')
    return check_numbers(value, key, name, line)


def _score(value: Any, name: str, line: int) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise read_error(name, line, '"score" must be a number or null')
    return finite(float(value), name, line)


class _Document:
    """Sentences and beads of one source as JSONL records arrive."""

    def __init__(self) -> None:
        self.ar: dict[int, str] = {}
        self.en: dict[int, str] = {}
        self.beads: list[Bead] = []

    def add(
        self, side: str, index: tuple[int, ...], texts: tuple[str, ...], name: str, line: int
    ) -> None:
        known = self.ar if side == "ar" else self.en
        for i, text in zip(index, texts, strict=True):
            if known.setdefault(i, text) != text:
                raise read_error(name, line, f"{side} sentence {i} differs from an earlier line")

    def alignment(self, source: str) -> ArticleAlignment:
        def sentence_list(known: dict[int, str]) -> tuple[str, ...]:
            return tuple(known.get(i, "") for i in range(max(known, default=-1) + 1))

        return ArticleAlignment(
            source=source,
            ar=sentence_list(self.ar),
            en=sentence_list(self.en),
            beads=tuple(self.beads),
        )


def read_jsonl(stream: Stream, name: str = "<stream>") -> list[ArticleAlignment]:
    """Rebuild the alignments of a JSONL file, one per source, in order of first appearance.

    Sentences are put back at their indices; a sentence no bead mentions (a filtered file) comes
    back as ``""``. Blank lines are skipped; keys other than the six written are ignored.
    """
    documents: dict[str, _Document] = {}
    for line, text in numbered_lines(stream, name):
        if not text.strip():
            continue
        try:
            record = json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as error:
            raise read_error(name, line, f"not valid JSON ({error.msg})") from None
        except ValueError as error:  # NaN, Infinity
            raise read_error(name, line, str(error)) from None
        except RecursionError:
            raise read_error(name, line, "not a bead: JSON nested too deeply") from None
        if not isinstance(record, dict):
            raise read_error(name, line, "expected a JSON object, one bead per line")
        missing = [key for key in _KEYS if key not in record]
        if missing:
            raise read_error(name, line, f"missing key(s) {', '.join(missing)}")
        if not isinstance(record["source"], str):
            raise read_error(name, line, '"source" must be a string')
        ar = _sentences(record["ar"], "ar", name, line)
        en = _sentences(record["en"], "en", name, line)
        ar_index = _indices(record["ar_index"], "ar_index", name, line)
        en_index = _indices(record["en_index"], "en_index", name, line)
        if len(ar) != len(ar_index) or len(en) != len(en_index):
            raise read_error(name, line, "each side needs as many sentence numbers as sentences")
        document = documents.setdefault(record["source"], _Document())
        document.add("ar", ar_index, ar, name, line)
        document.add("en", en_index, en, name, line)
        document.beads.append(Bead(ar_index, en_index, _score(record["score"], name, line)))
    return [document.alignment(source) for source, document in documents.items()]


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_jsonl` (every bead is kept)."""
    write_jsonl(documents, streams[0])


def read(streams: Sequence[Stream], name: str) -> Contents:
    """The registry's reader: :func:`read_jsonl`, exact."""
    return Contents(alignments=tuple(read_jsonl(streams[0], name)))
