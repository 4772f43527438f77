"""TMX 1.4b: a translation memory, one ``<tu>`` a bead with an Arabic and an English ``<tuv>``.

``srclang`` is ``*all*``: a bilingual article does not say which side is the original, so either
language may serve as source. Each ``<tu>`` keeps its document, score and sentence indices as
``x-source``, ``x-score``, ``x-ar-index`` and ``x-en-index`` properties; each distinct signature
is an ``x-signature`` property of the header. The reader takes TMX from other tools too.

The XML libraries are imported here only, so that they load when TMX is read or written.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Sequence
from typing import TextIO

from .._version import __version__
from ..records import AlignedPair, ArticleAlignment
from .common import (
    Contents,
    Documents,
    Stream,
    WriteOptions,
    aligned_pairs,
    as_documents,
    index_field,
    parse_index,
    parse_score,
    read_error,
    score_field,
)

__all__ = ["read", "read_tmx", "write", "write_tmx"]

# TMX inline elements whose content is markup of the original document, not text.
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def _prop(parent: ET.Element, kind: str, value: str) -> None:
    ET.SubElement(parent, "prop", type=kind).text = value


def write_tmx(
    alignments: Documents,
    out: TextIO,
    *,
    keep_unaligned: bool = False,
    tool_version: str | None = None,
) -> None:
    """Write one ``<tu>`` per bead (properties: see the module).

    Beads with an empty side are left out unless ``keep_unaligned``, which writes them with a
    single ``<tuv>``.
    """
    documents = as_documents(alignments)
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
                _prop(tu, "x-score", score_field(pair.score))
            _prop(tu, "x-ar-index", index_field(pair.ar_index))
            _prop(tu, "x-en-index", index_field(pair.en_index))
            sides = (("ar", pair.ar, pair.ar_index), ("en", pair.en, pair.en_index))
            for lang, text, index in sides:
                if index:
                    tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
                    ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


class _Handler(xml.sax.handler.ContentHandler):
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
            raise read_error(self.name, self.line(), f"not a TMX file (root element <{tag}>)")
        if tag == "tu":
            self.props, self.segments, self.tu_line = {}, {}, self.line()
        elif tag == "tuv" and self.props is not None:
            lang = attrs.get("xml:lang") or attrs.get("lang") or ""
            self.lang = lang.replace("_", "-").split("-")[0].lower()
            if self.lang in self.segments:
                raise read_error(self.name, self.line(), f"a second <tuv> for language {lang!r}")
        elif tag == "seg" and self.lang is not None:
            self.text = []
        elif tag == "prop":
            self.prop, self.prop_line, self.text = attrs.get("type", ""), self.line(), []
        elif tag in _CODES and self.text is not None:
            self.code_depth += 1

    def characters(self, content: str) -> None:
        if self.text is not None and not self.code_depth:
            self.text.append(content)

    def endElement(self, tag: str) -> None:
        self.depth -= 1
        if tag in _CODES and self.code_depth:
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
            raise read_error(
                self.name, self.tu_line, "<tu> has neither an Arabic nor an English <seg>"
            )
        index = {}
        for side, what in (("ar", "x-ar-index"), ("en", "x-en-index")):
            if what in props:
                index[side] = parse_index(props[what][0], what, self.name, props[what][1])
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
            score=parse_score(score, self.name, score_line),
        )


def _parse(stream: Stream, name: str) -> _Handler:
    handler = _Handler(name)
    parser = xml.sax.make_parser()
    # Never fetch the DTD or any external entity named in the file.
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(stream)
    except xml.sax.SAXParseException as error:
        message = f"not well-formed XML ({error.getMessage()})"
        raise read_error(name, error.getLineNumber() or 0, message) from None
    return handler


def read_tmx(stream: Stream, name: str = "<stream>") -> list[AlignedPair]:
    """Read the Arabic and English segments of every ``<tu>`` of a TMX file.

    Languages match on the primary subtag (``ar-SA`` is Arabic); other languages are ignored.
    Without bialign's ``x-*`` properties, indices number the segments in order, the score is
    NaN and the source is ``name``. Inline codes (``<ph>``, ``<bpt>``...) are left out of the
    text.
    """
    return _parse(stream, name).pairs


def write(
    documents: Sequence[ArticleAlignment], streams: Sequence[TextIO], options: WriteOptions
) -> None:
    """The registry's writer: :func:`write_tmx`."""
    write_tmx(documents, streams[0], keep_unaligned=options.keep_unaligned)


def read(streams: Sequence[Stream], name: str) -> Contents:
    """The registry's reader: the pairs and the header's signatures."""
    handler = _parse(streams[0], name)
    return Contents(pairs=tuple(handler.pairs), signatures=tuple(handler.signatures))
