"""Writers: each format's structure on real text, escaping, TMX checked by translate-toolkit,
and atomic writes."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from output_samples import SAMPLES, ReviewPage, bible, markup, seed_004, tricky

from bialign.formats import FORMATS, Format, aligned_pairs, segment_text, write_alignment
from bialign.formats.html import write_html
from bialign.formats.jsonl import write_jsonl
from bialign.formats.moses import write_moses
from bialign.formats.tmx import write_tmx
from bialign.formats.tsv import write_tsv
from bialign.records import ArticleAlignment, Bead

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(params=list(SAMPLES))
def alignment(request: pytest.FixtureRequest) -> ArticleAlignment:
    return SAMPLES[request.param]()


def render(writer, alignment, **options) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    writer(alignment, out, **options)
    return out.getvalue()


def test_jsonl_has_one_record_per_bead_with_the_sentences(alignment: ArticleAlignment) -> None:
    lines = render(write_jsonl, alignment).splitlines()
    assert len(lines) == len(alignment.beads)
    for line, bead in zip(lines, alignment.beads, strict=True):
        record = json.loads(line)
        assert set(record) == {"source", "ar", "en", "ar_index", "en_index", "score"}
        assert record["ar"] == [alignment.ar[i] for i in bead.ar]
        assert record["en"] == [alignment.en[i] for i in bead.en]
        assert (tuple(record["ar_index"]), tuple(record["en_index"])) == (bead.ar, bead.en)
        assert record["score"] == bead.score
        assert record["source"] == alignment.source


@pytest.mark.parametrize("transliterated", [False, True])
def test_jsonl_lines_are_what_json_dumps_writes(
    alignment: ArticleAlignment, transliterated: bool
) -> None:
    if transliterated:  # Buckwalter-like text, with the characters JSON must escape
        marks = ("\\", '"', "\x01", "\t", "|>&<}{~")
        alignment = dataclasses.replace(
            alignment,
            ar_transliterated=tuple(f"{marks[k % 5]}{s[:20]}" for k, s in enumerate(alignment.ar)),
        )
    lines = render(write_jsonl, alignment).split("\n")
    assert lines.pop() == ""
    for line, bead in zip(lines, alignment.beads, strict=True):
        record = {
            "source": alignment.source,
            "ar": [alignment.ar[i] for i in bead.ar],
            "en": [alignment.en[i] for i in bead.en],
            "ar_index": list(bead.ar),
            "en_index": list(bead.en),
            "score": None if math.isnan(bead.score) else bead.score,
        }
        if transliterated:
            record["ar_translit"] = [alignment.ar_transliterated[i] for i in bead.ar]
        assert line == json.dumps(record, ensure_ascii=False, allow_nan=False)


def test_jsonl_keeps_arabic_readable_and_writes_unknown_scores_as_null() -> None:
    sample = seed_004()
    unknown = ArticleAlignment(sample.source, sample.ar, sample.en, (Bead((0,), (0,), math.nan),))
    text = render(write_jsonl, unknown)
    assert sample.ar[0] in text  # not \u escapes
    assert json.loads(text)["score"] is None


def test_tsv_has_five_fields_a_line_in_bead_order(alignment: ArticleAlignment) -> None:
    lines = render(write_tsv, alignment).split("\n")
    assert lines[-1] == ""
    for line, pair in zip(lines[:-1], aligned_pairs(alignment), strict=True):
        ar, en, score, ar_index, en_index = line.split("\t")
        assert (ar, en) == (pair.ar, pair.en)
        assert float(score) == pytest.approx(pair.score, abs=5e-5)
        assert ar_index == ",".join(map(str, pair.ar_index))
        assert en_index == ",".join(map(str, pair.en_index))


def test_merged_sentences_are_joined_by_a_space() -> None:
    sample = bible()
    merged = next(bead for bead in sample.beads if bead.kind == "2-2")
    first = render(write_tsv, sample).split("\n")[sample.beads.index(merged)]
    assert first.split("\t")[0] == " ".join(sample.ar[i] for i in merged.ar)


@pytest.mark.parametrize("breaker", ["\t", "\n", "\r\n", "\u2028", "\x85"])
def test_tabs_and_line_breaks_in_a_sentence_become_spaces(breaker: str) -> None:
    sample = seed_004()
    broken = sample.en[3].replace(" ", breaker, 1)
    changed = ArticleAlignment(
        sample.source, sample.ar, (*sample.en[:3], broken, *sample.en[4:]), sample.beads
    )
    tsv = render(write_tsv, changed)
    assert [len(line.split("\t")) for line in tsv.split("\n")[:-1]] == [5] * len(sample.beads)
    ar_out, en_out = io.StringIO(), io.StringIO()
    write_moses(changed, ar_out, en_out)
    assert len(en_out.getvalue().splitlines()) == len(sample.beads)
    # each breaking character becomes one space: "\r\n" becomes two
    assert en_out.getvalue().splitlines()[3] == sample.en[3].replace(" ", " " * len(breaker), 1)


def test_segment_text_drops_characters_xml_cannot_hold() -> None:
    assert segment_text(["نعم\x00", "\x1bYes\ufffe"]) == "نعم Yes"


def test_moses_leaves_out_unaligned_beads_unless_asked() -> None:
    sample = bible()
    aligned = [b for b in sample.beads if b.ar and b.en]
    assert len(aligned) < len(sample.beads)  # the sample has 1-0 and 0-1 beads
    for keep, beads in ((False, aligned), (True, list(sample.beads))):
        ar_out, en_out = io.StringIO(), io.StringIO()
        write_moses(sample, ar_out, en_out, keep_unaligned=keep)
        ar_lines, en_lines = ar_out.getvalue().split("\n"), en_out.getvalue().split("\n")
        assert len(ar_lines) == len(en_lines) == len(beads) + 1
        for ar, en, bead in zip(ar_lines, en_lines, beads, strict=False):
            assert ar == " ".join(sample.ar[i] for i in bead.ar)
            assert en == " ".join(sample.en[i] for i in bead.en)
        assert ("" in ar_lines[:-1] + en_lines[:-1]) == keep


def parse_tmx(text: str) -> ET.Element:
    return ET.fromstring(text.split("\n", 2)[2])  # after the declaration and DOCTYPE


def test_tmx_has_a_tu_per_aligned_bead_with_both_languages(alignment: ArticleAlignment) -> None:
    text = render(write_tmx, alignment, tool_version="9.9")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx')
    root = parse_tmx(text)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "bialign",
        "creationtoolversion": "9.9",
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "*all*",
        "o-tmf": "bialign",
    }
    signatures = [p.text for p in header.iter("prop") if p.get("type") == "x-signature"]
    assert signatures == ([alignment.signature] if alignment.signature else [])
    pairs = [p for p in aligned_pairs(alignment) if p.ar_index and p.en_index]
    units = root.findall("body/tu")
    assert len(units) == len(pairs)
    for tu, pair in zip(units, pairs, strict=True):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-source"] == alignment.source
        assert float(props["x-score"] or "") == pytest.approx(pair.score, abs=5e-5)
        segs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        assert segs == {"ar": pair.ar, "en": pair.en}


def test_tmx_keeps_unaligned_beads_with_one_tuv_when_asked() -> None:
    sample = bible()
    root = parse_tmx(render(write_tmx, sample, keep_unaligned=True))
    units = root.findall("body/tu")
    assert len(units) == len(sample.beads)
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    expected = [[lang for lang, side in (("ar", b.ar), ("en", b.en)) if side] for b in sample.beads]
    assert langs == expected


def test_tmx_version_defaults_to_the_package_version() -> None:
    import bialign

    root = parse_tmx(render(write_tmx, seed_004()))
    version = root.find("header").get("creationtoolversion")  # type: ignore[union-attr]
    assert version == str(getattr(bialign, "__version__", "unknown"))


@pytest.mark.parametrize("make", [seed_004, bible, tricky, markup], ids=lambda f: f.__name__)
def test_translate_toolkit_reads_every_pair_intact(make) -> None:  # type: ignore[no-untyped-def]
    tmx = pytest.importorskip("translate.storage.tmx")
    sample = make()
    store = tmx.tmxfile(
        render(write_tmx, sample).encode("utf-8"), sourcelanguage="ar", targetlanguage="en"
    )
    units = [u for u in store.units if u.istranslatable()]
    found = [(u.source, u.target) for u in units]
    expected = [(p.ar, p.en) for p in aligned_pairs(sample) if p.ar_index and p.en_index]
    assert found == expected


def test_the_tricky_sample_holds_every_character_that_needs_care() -> None:
    text = "".join(tricky().ar + tricky().en)
    for char in ("\N{RIGHT-TO-LEFT MARK}", "&", "<", '"', "\N{ARABIC KASRA}", "«"):
        assert char in text


def test_html_review_page_shows_every_bead_escaped_and_flagged(alignment: ArticleAlignment) -> None:
    threshold = 0.8
    page = render(write_html, alignment, threshold=threshold)
    parser = ReviewPage()
    parser.feed(page)
    beads = [row for row in parser.rows if "bead" in (row.get("class") or "").split()]
    assert [row["id"] for row in beads] == [
        f"doc-1-bead-{k}" for k in range(1, len(alignment.beads) + 1)
    ]
    for row, bead in zip(beads, alignment.beads, strict=True):
        classes = (row.get("class") or "").split()
        assert row["data-kind"] == bead.kind
        assert ("gap" in classes) == (not (bead.ar and bead.en))
        assert ("low" in classes) == bool(bead.ar and bead.en and bead.score < threshold)
    arabic = [(attrs, "".join(text)) for attrs, text in parser.cells if attrs.get("class") == "ar"]
    assert len(arabic) == len(alignment.beads)
    assert all(attrs["dir"] == "rtl" and attrs["lang"] == "ar" for attrs, _ in arabic)
    shown = "".join(text for _, text in arabic)
    assert all(alignment.ar[i] in shown for bead in alignment.beads for i in bead.ar)
    # Self-contained: nothing is fetched, nothing runs.
    assert not parser.tags & {"script", "link", "img", "iframe", "object"}
    assert "url(" not in page and "@import" not in page and "http" not in page


def test_html_sets_a_sentence_in_the_other_script_in_its_own_direction() -> None:
    # A Latin date on the Arabic side (a UN document's Arabic edition has its front page in
    # English) read "January 2015 12" in the right-to-left cell; an Arabic sentence with a
    # Latin name stays in the cell's direction.
    ar = ("12 January 2015", "أعلنت شركة Microsoft عن إطلاق Windows.")
    en = ("12 January 2015", "Microsoft announced Windows.", "قال الرئيس.")
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((), (2,), 0.5))
    page = render(write_html, ArticleAlignment("a.txt", ar, en, beads))
    assert '<bdi dir="ltr">12 January 2015</bdi>' in page
    assert '<bdi dir="rtl">قال الرئيس.</bdi>' in page
    assert page.count("<bdi") == 2


def test_html_escapes_markup_in_text() -> None:
    page = render(write_html, markup())
    assert "&lt;الحوار&gt; &amp; التعاون" in page
    assert "<الحوار>" not in page
    assert "sig with &quot;quotes&quot; &amp; &lt;angle&gt;" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_html_lists_dropped_text_with_reasons() -> None:
    sample = seed_004()
    parser = ReviewPage()
    parser.feed(render(write_html, sample))
    texts = ["".join(text) for _, text in parser.cells]
    for item in sample.dropped:
        at = texts.index(item.text)
        assert texts[at - 2 : at] == [str(item.line), item.reason]


def test_html_prints_and_declares_an_arabic_font_stack() -> None:
    page = render(write_html, seed_004())
    assert "@media print" in page
    assert '"Noto Naskh Arabic", "Amiri", "Geeza Pro"' in page


@pytest.mark.parametrize("format", FORMATS)
def test_write_alignment_to_a_path_matches_the_stream_writer(format: str, tmp_path: Path) -> None:
    sample = bible()
    target = tmp_path / "out"
    write_alignment(sample, target, format)  # type: ignore[arg-type]
    written = sorted(p.name for p in tmp_path.iterdir())
    if format == "moses":
        assert written == ["out.ar", "out.en"]
        ar, en = io.StringIO(), io.StringIO()
        write_moses(sample, ar, en)
        assert (tmp_path / "out.ar").read_text(encoding="utf-8") == ar.getvalue()
        assert (tmp_path / "out.en").read_text(encoding="utf-8") == en.getvalue()
    else:
        assert written == ["out"]
        stream = io.StringIO()
        write_alignment(sample, stream, format)  # type: ignore[arg-type]
        assert target.read_bytes() == stream.getvalue().encode("utf-8")


@pytest.mark.parametrize("format", FORMATS)
def test_an_interrupted_write_leaves_existing_files_alone(format: str, tmp_path: Path) -> None:
    sample = seed_004()
    # The last bead has no score, so every writer fails after the first beads.
    broken = ArticleAlignment(
        sample.source,
        sample.ar,
        sample.en,
        (*sample.beads, Bead((0,), (0,), None)),  # type: ignore[arg-type]
    )
    targets = (
        [tmp_path / "out.ar", tmp_path / "out.en"] if format == "moses" else [tmp_path / "out"]
    )
    for target in targets:
        target.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(TypeError):
        write_alignment(broken, tmp_path / "out", format)  # type: ignore[arg-type]
    assert sorted(tmp_path.iterdir()) == sorted(targets)  # no temporary file left behind
    assert all(t.read_text(encoding="utf-8") == "previous run\n" for t in targets)


@pytest.mark.skipif(os.name != "posix", reason="umask is POSIX")
def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_alignment(seed_004(), tmp_path / "out.jsonl", "jsonl")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    ("name", "format"),
    [("out.jsonl", "jsonl"), ("out.TMX", "tmx"), ("out.tsv", "tsv"), ("out.align", "vecalign")],
)
def test_write_alignment_takes_the_format_from_the_path_s_suffix(
    tmp_path: Path, name: str, format: Format
) -> None:
    write_alignment(seed_004(), tmp_path / name)
    write_alignment(seed_004(), tmp_path / "named", format)
    assert (tmp_path / name).read_bytes() == (tmp_path / "named").read_bytes()


def test_write_alignment_without_a_format_needs_a_path_that_names_one(tmp_path: Path) -> None:
    for target in (io.StringIO(), tmp_path / "out.txt", tmp_path / "corpus"):
        with pytest.raises(ValueError, match="name the format of"):
            write_alignment(seed_004(), target)


def test_write_alignment_rejects_unknown_formats_and_a_stream_for_moses() -> None:
    with pytest.raises(ValueError, match=r"unknown output format 'csv'.*jsonl, tsv"):
        write_alignment(seed_004(), io.StringIO(), "csv")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="path prefix"):
        write_alignment(seed_004(), io.StringIO(), "moses")


def test_two_documents_of_one_source_are_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    # align_texts names every document "-" unless told: read back, JSONL refused the file.
    first, second = seed_004(), dataclasses.replace(bible(), source=seed_004().source)
    with pytest.raises(ValueError, match=r"alignments\[1\] has the source .* of alignments\[0\]"):
        write_alignment([first, second], tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_several_documents_go_into_one_file() -> None:
    first, second = seed_004(), bible()
    lines = render(write_jsonl, [first, second]).splitlines()
    sources = [json.loads(line)["source"] for line in lines]
    assert sources == [first.source] * len(first.beads) + [second.source] * len(second.beads)
    root = parse_tmx(render(write_tmx, [first, second]))
    header = root.find("header")
    assert header is not None
    assert [p.text for p in header.iter("prop")] == [first.signature, second.signature]
