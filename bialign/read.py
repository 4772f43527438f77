"""Read alignments back from the formats :mod:`bialign.write` produces.

JSONL is sentence-level and reads back exactly (:func:`read_jsonl`): sentences, indices, scores
and sources. TSV, TMX and Moses are pair-level: each bead side is one segment, the sentences
joined by a space, so they read back as :class:`~bialign.write.AlignedPair` records with the
indices and scores the format carried (Moses carries neither: its indices are line counts and
its scores NaN). :func:`alignment_from_pairs` turns pairs into an
:class:`~bialign.pipeline.ArticleAlignment` whose "sentences" are those segments, one per
non-empty bead side, with indices renumbered in order.

Malformed input raises ``ValueError`` naming the file and the 1-based line.
"""

from __future__ import annotations

import json
import math
import os
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeAlias

from .records import AlignedPair, ArticleAlignment, Bead
from .write import FORMATS, Format, aligned_pairs, moses_paths

__all__ = [
    "Source",
    "Stream",
    "alignment_from_pairs",
    "read_alignments",
    "read_jsonl",
    "read_moses",
    "read_pairs",
    "read_tmx",
    "read_tsv",
]

#: An open file: text, or bytes (decoded as UTF-8; TMX by its XML declaration).
Stream: TypeAlias = TextIO | BinaryIO
Source: TypeAlias = str | os.PathLike[str] | Stream

_JSONL_KEYS = ("source", "ar", "en", "ar_index", "en_index", "score")
_UNEQUAL = "the Moses files have different numbers of lines"
# TMX inline elements whose content is markup of the original document, not text.
_TMX_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def _lines(stream: Stream, name: str) -> Iterator[tuple[int, str]]:
    """Numbered lines without their line ending; bytes are decoded line by line, as UTF-8,
    so that a decoding error names its line."""
    lines: Iterable[str | bytes] = stream
    for number, raw in enumerate(lines, start=1):
        try:
            line = (
                raw if isinstance(raw, str) else raw.decode("utf-8-sig" if number == 1 else "utf-8")
            )
        except UnicodeDecodeError as error:
            raise _error(name, number, f"not UTF-8 text ({error.reason})") from None
        yield number, line.rstrip("\n").removesuffix("\r")


def _error(name: str, line: int, message: str) -> ValueError:
    return ValueError(f"{name}, line {line}: {message}")


def _sentences(value: Any, key: str, name: str, line: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _error(name, line, f'"{key}" must be a list of strings')
    return tuple(value)


def _indices(value: Any, key: str, name: str, line: int) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
    ):
        raise _error(name, line, f'"{key}" must be a list of sentence numbers (integers >= 0)')
    return tuple(value)


def _score(value: Any, name: str, line: int) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _error(name, line, '"score" must be a number or null')
    return float(value)


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
                raise _error(name, line, f"{side} sentence {i} differs from an earlier line")

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
    for line, text in _lines(stream, name):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise _error(name, line, f"not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise _error(name, line, "expected a JSON object, one bead per line")
        missing = [key for key in _JSONL_KEYS if key not in record]
        if missing:
            raise _error(name, line, f"missing key(s) {', '.join(missing)}")
        if not isinstance(record["source"], str):
            raise _error(name, line, '"source" must be a string')
        ar = _sentences(record["ar"], "ar", name, line)
        en = _sentences(record["en"], "en", name, line)
        ar_index = _indices(record["ar_index"], "ar_index", name, line)
        en_index = _indices(record["en_index"], "en_index", name, line)
        if len(ar) != len(ar_index) or len(en) != len(en_index):
            raise _error(name, line, "each side needs as many sentence numbers as sentences")
        document = documents.setdefault(record["source"], _Document())
        document.add("ar", ar_index, ar, name, line)
        document.add("en", en_index, en, name, line)
        document.beads.append(Bead(ar_index, en_index, _score(record["score"], name, line)))
    return [document.alignment(source) for source, document in documents.items()]


def _parse_index(field: str, what: str, name: str, line: int) -> tuple[int, ...]:
    if not field:
        return ()
    try:
        index = tuple(int(part) for part in field.split(","))
    except ValueError:
        raise _error(name, line, f"{what} must be comma-separated numbers, got {field!r}") from None
    if any(i < 0 for i in index):
        raise _error(name, line, f"{what} must not be negative, got {field!r}")
    return index


def _parse_score(field: str, name: str, line: int) -> float:
    if not field:
        return math.nan
    try:
        return float(field)
    except ValueError:
        raise _error(name, line, f"score must be a number, got {field!r}") from None


def read_tsv(stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Read the five-column TSV of :func:`~bialign.write.write_tsv`; ``source`` is ``name``."""
    pairs = []
    for line, text in _lines(stream, name):
        fields = text.split("\t")
        if len(fields) != 5:
            raise _error(
                name,
                line,
                f"expected 5 tab-separated fields (ar, en, score, ar_index, "
                f"en_index), found {len(fields)}",
            )
        ar, en, score, ar_index, en_index = fields
        pairs.append(
            AlignedPair(
                source=name,
                ar=ar,
                en=en,
                ar_index=_parse_index(ar_index, "ar_index", name, line),
                en_index=_parse_index(en_index, "en_index", name, line),
                score=_parse_score(score, name, line),
            )
        )
    return pairs


def read_moses(ar_stream: Stream, en_stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Pair line *k* of the Arabic file with line *k* of the English one.

    An empty line leaves that side unaligned; lines empty on both sides are skipped. Indices
    count the non-empty lines of each side; scores are unknown (NaN).
    """
    pairs: list[AlignedPair] = []
    counts = {"ar": 0, "en": 0}
    ar_lines, en_lines = _lines(ar_stream, f"{name}.ar"), _lines(en_stream, f"{name}.en")
    while True:
        ar_line, en_line = next(ar_lines, None), next(en_lines, None)
        if en_line is None:
            if ar_line is None:
                return pairs
            raise _error(f"{name}.ar", ar_line[0], _UNEQUAL)
        if ar_line is None:
            raise _error(f"{name}.en", en_line[0], _UNEQUAL)
        ar, en = ar_line[1], en_line[1]
        if not ar and not en:
            continue
        index: dict[str, tuple[int, ...]] = {}
        for side, text in (("ar", ar), ("en", en)):
            index[side] = (counts[side],) if text else ()
            counts[side] += bool(text)
        pairs.append(AlignedPair(name, ar, en, index["ar"], index["en"], math.nan))


class _TmxHandler(xml.sax.handler.ContentHandler):
    """Collects ``<tu>`` elements into pairs as the SAX parser walks the file."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.pairs: list[AlignedPair] = []
        self.signatures: list[str] = []
        self.counts = {"ar": 0, "en": 0}
        self.depth = 0
        self.tu_line = 0
        # type -> (value, line); not None while inside a <tu>
        self.props: dict[str, tuple[str, int]] | None = None
        self.segments: dict[str, str] = {}
        self.lang: str | None = None
        self.text: list[str] | None = None  # inside <seg> or <prop> when not None
        self.prop: str | None = None
        self.prop_line = 0
        self.code_depth = 0

    def line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator else 0

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def startElement(self, tag: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        self.depth += 1
        if self.depth == 1 and tag != "tmx":
            raise _error(self.name, self.line(), f"not a TMX file (root element <{tag}>)")
        if tag == "tu":
            self.props, self.segments, self.tu_line = {}, {}, self.line()
        elif tag == "tuv" and self.props is not None:
            lang = attrs.get("xml:lang") or attrs.get("lang") or ""
            self.lang = lang.replace("_", "-").split("-")[0].lower()
            if self.lang in self.segments:
                raise _error(self.name, self.line(), f"a second <tuv> for language {lang!r}")
        elif tag == "seg" and self.lang is not None:
            self.text = []
        elif tag == "prop":
            self.prop, self.prop_line, self.text = attrs.get("type", ""), self.line(), []
        elif tag in _TMX_CODES and self.text is not None:
            self.code_depth += 1

    def characters(self, content: str) -> None:
        if self.text is not None and not self.code_depth:
            self.text.append(content)

    def endElement(self, tag: str) -> None:
        self.depth -= 1
        if tag in _TMX_CODES and self.code_depth:
            self.code_depth -= 1
        elif tag == "seg" and self.lang is not None and self.text is not None:
            self.segments[self.lang] = "".join(self.text)
            self.text = None
        elif tag == "tuv":
            self.lang = None
        elif tag == "prop" and self.text is not None:
            value = "".join(self.text)
            if self.props is not None:
                self.props[self.prop or ""] = (value, self.prop_line)
            elif self.prop == "x-signature":
                self.signatures.append(value)
            self.text = None
        elif tag == "tu" and self.props is not None:
            self.pairs.append(self._pair(self.props, self.segments))
            self.props = None

    def _pair(self, props: dict[str, tuple[str, int]], segments: dict[str, str]) -> AlignedPair:
        if "ar" not in segments and "en" not in segments:
            raise _error(self.name, self.tu_line, "<tu> has neither an Arabic nor an English <seg>")
        index = {}
        for side, what in (("ar", "x-ar-index"), ("en", "x-en-index")):
            if what in props:
                index[side] = _parse_index(props[what][0], what, self.name, props[what][1])
            else:  # a TMX from another tool: number the segments in order
                index[side] = (self.counts[side],) if side in segments else ()
            self.counts[side] += side in segments
        score, score_line = props.get("x-score", ("", self.tu_line))
        return AlignedPair(
            source=props["x-source"][0] if "x-source" in props else self.name,
            ar=segments.get("ar", ""),
            en=segments.get("en", ""),
            ar_index=index["ar"],
            en_index=index["en"],
            score=_parse_score(score, self.name, score_line),
        )


def _parse_tmx(stream: Stream, name: str) -> _TmxHandler:
    handler = _TmxHandler(name)
    parser = xml.sax.make_parser()
    # Never fetch the DTD or any external entity named in the file.
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(stream)
    except xml.sax.SAXParseException as error:
        message = f"not well-formed XML ({error.getMessage()})"
        raise _error(name, error.getLineNumber() or 0, message) from None
    return handler


def read_tmx(stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Read the Arabic and English segments of every ``<tu>`` of a TMX file.

    Languages match on the primary subtag (``ar-SA`` is Arabic); other languages are ignored.
    Without bialign's ``x-*`` properties, indices number the segments in order, the score is
    NaN and the source is ``name``. Inline codes (``<ph>``, ``<bpt>``...) are left out of the
    text.
    """
    return _parse_tmx(stream, name).pairs


def alignment_from_pairs(
    pairs: Iterable[AlignedPair], source: str | None = None, signature: str = ""
) -> ArticleAlignment:
    """An alignment whose sentences are the pairs' segments, one per non-empty side, in order.

    Bead indices are renumbered to point at those segments; scores are kept. ``source``
    defaults to the first pair's.
    """
    pairs = list(pairs)
    ar: list[str] = []
    en: list[str] = []
    beads = []
    for pair in pairs:
        ar_index = (len(ar),) if pair.ar_index else ()
        en_index = (len(en),) if pair.en_index else ()
        ar.extend([pair.ar] if pair.ar_index else [])
        en.extend([pair.en] if pair.en_index else [])
        beads.append(Bead(ar_index, en_index, pair.score))
    if source is None:
        source = pairs[0].source if pairs else ""
    return ArticleAlignment(
        source=source, ar=tuple(ar), en=tuple(en), beads=tuple(beads), signature=signature
    )


def _check_format(format: str) -> None:
    if format not in FORMATS or format == "html":
        readable = ", ".join(f for f in FORMATS if f != "html")
        raise ValueError(f"cannot read format {format!r}; readable formats: {readable}")


def _read(
    source: Source, format: Format
) -> tuple[list[AlignedPair], list[ArticleAlignment] | None, list[str]]:
    """Pairs, exact alignments (JSONL only) and TMX signatures of one input."""
    _check_format(format)
    with ExitStack() as stack:
        if format == "moses":
            if not isinstance(source, (str, os.PathLike)):
                raise ValueError("the moses format is two files: give the path prefix")
            ar_path, en_path = moses_paths(source)
            ar = stack.enter_context(open(ar_path, "rb"))
            en = stack.enter_context(open(en_path, "rb"))
            return read_moses(ar, en, str(source)), None, []
        if isinstance(source, (str, os.PathLike)):
            name = str(source)
            stream: Stream = stack.enter_context(open(Path(source), "rb"))
        else:
            name, stream = getattr(source, "name", "<stream>"), source
        if format == "jsonl":
            alignments = read_jsonl(stream, name)
            return [p for a in alignments for p in aligned_pairs(a)], alignments, []
        if format == "tsv":
            return read_tsv(stream, name), None, []
        handler = _parse_tmx(stream, name)
        return handler.pairs, None, handler.signatures


def read_pairs(source: Source, format: Format) -> list[AlignedPair]:
    """The beads of a file (a path prefix for ``moses``) as pairs of segments."""
    return _read(source, format)[0]


def read_alignments(source: Source, format: Format) -> list[ArticleAlignment]:
    """The alignments of a file, one per source document.

    Exact for JSONL; for the pair-level formats built by :func:`alignment_from_pairs`, with the
    TMX header's signature when it has exactly one.
    """
    pairs, alignments, signatures = _read(source, format)
    if alignments is not None:
        return alignments
    by_source: dict[str, list[AlignedPair]] = {}
    for pair in pairs:
        by_source.setdefault(pair.source, []).append(pair)
    signature = signatures[0] if len(signatures) == 1 else ""
    return [alignment_from_pairs(group, src, signature) for src, group in by_source.items()]
