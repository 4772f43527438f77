"""Readers: every format read back gives what was written, as far as the format carries it;
malformed input is reported with its file and line."""

from __future__ import annotations

import io
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from output_samples import SAMPLES, bible, seed_004

from bialign.formats import (
    SCORE_DECIMALS,
    aligned_pairs,
    alignment_from_pairs,
    read_alignments,
    read_pairs,
    write_alignment,
)
from bialign.formats.jsonl import read_jsonl, write_jsonl
from bialign.formats.moses import read_moses
from bialign.formats.tmx import read_tmx
from bialign.formats.tsv import read_tsv
from bialign.records import AlignedPair, ArticleAlignment, Bead


@pytest.fixture(params=list(SAMPLES))
def alignment(request: pytest.FixtureRequest) -> ArticleAlignment:
    return SAMPLES[request.param]()


def rounded(pair: AlignedPair, source: str) -> AlignedPair:
    return replace(pair, source=source, score=round(pair.score, SCORE_DECIMALS))


def test_jsonl_reads_back_the_same_alignment(alignment: ArticleAlignment, tmp_path: Path) -> None:
    write_alignment(alignment, tmp_path / "a.jsonl", "jsonl")
    (back,) = read_alignments(tmp_path / "a.jsonl", "jsonl")
    # JSONL carries sentences, beads and source; not the dropped text, layout or signature.
    assert back == ArticleAlignment(alignment.source, alignment.ar, alignment.en, alignment.beads)


def test_jsonl_reads_several_documents_in_order() -> None:
    first, second = seed_004(), bible()
    out = io.StringIO()
    write_jsonl([first, second, first], out)  # the same source twice is one document
    back = read_jsonl(io.StringIO(out.getvalue()))
    assert [a.source for a in back] == [first.source, second.source]
    assert back[0].beads == first.beads * 2 and back[1].beads == second.beads


def test_jsonl_of_a_filtered_alignment_leaves_unused_sentences_empty() -> None:
    sample = seed_004()
    kept = replace(sample, beads=sample.beads[::2])
    out = io.StringIO()
    write_jsonl(kept, out)
    (back,) = read_jsonl(io.StringIO(out.getvalue()))
    used = {i for bead in kept.beads for i in bead.ar}
    assert back.beads == kept.beads
    assert all((text == sample.ar[i]) == (i in used) for i, text in enumerate(back.ar))
    assert all(back.ar[i] == "" for i in range(len(back.ar)) if i not in used)


def test_unknown_scores_survive_jsonl_and_tsv() -> None:
    sample = seed_004()
    unknown = replace(sample, beads=(Bead((0,), (0,), math.nan), *sample.beads[1:]))
    for format in ("jsonl", "tsv"):
        out = io.StringIO()
        write_alignment(unknown, out, format)  # type: ignore[arg-type]
        pairs = read_pairs(io.StringIO(out.getvalue()), format)  # type: ignore[arg-type]
        assert math.isnan(pairs[0].score) and not math.isnan(pairs[1].score)


def test_tsv_reads_back_pairs_with_indices_and_rounded_scores(
    alignment: ArticleAlignment, tmp_path: Path
) -> None:
    path = tmp_path / "a.tsv"
    write_alignment(alignment, path, "tsv")
    expected = [rounded(p, str(path)) for p in aligned_pairs(alignment)]
    assert read_pairs(path, "tsv") == expected


def test_tmx_reads_back_pairs_with_source_indices_and_signature(
    alignment: ArticleAlignment, tmp_path: Path
) -> None:
    path = tmp_path / "a.tmx"
    write_alignment(alignment, path, "tmx", keep_unaligned=True)
    expected = [rounded(p, alignment.source) for p in aligned_pairs(alignment)]
    assert read_pairs(path, "tmx") == expected
    (back,) = read_alignments(path, "tmx")
    assert back.signature == alignment.signature


def test_moses_reads_back_the_texts_one_segment_a_line(
    alignment: ArticleAlignment, tmp_path: Path
) -> None:
    for keep in (False, True):
        write_alignment(alignment, tmp_path / "corpus", "moses", keep_unaligned=keep)
        pairs = read_pairs(tmp_path / "corpus", "moses")
        expected = [p for p in aligned_pairs(alignment) if keep or (p.ar_index and p.en_index)]
        assert [(p.ar, p.en) for p in pairs] == [(p.ar, p.en) for p in expected]
        assert all(math.isnan(p.score) for p in pairs)


def test_pair_formats_rebuild_a_one_sentence_a_side_alignment_exactly(tmp_path: Path) -> None:
    sample = seed_004()  # every bead is 1-1, so segments are sentences
    for format in ("tsv", "tmx", "moses"):
        write_alignment(sample, tmp_path / "x", format)  # type: ignore[arg-type]
        (back,) = read_alignments(tmp_path / "x", format)  # type: ignore[arg-type]
        assert (back.ar, back.en) == (sample.ar, sample.en)
        assert [(b.ar, b.en) for b in back.beads] == [(b.ar, b.en) for b in sample.beads]


@pytest.mark.parametrize("format", ["jsonl", "tsv", "tmx", "vecalign"])
def test_without_a_format_the_files_name_tells_it(format: str, tmp_path: Path) -> None:
    sample = seed_004()
    path = tmp_path / f"x.{'align' if format == 'vecalign' else format}"
    write_alignment(sample, path, format)  # type: ignore[arg-type]
    assert read_alignments(path) == read_alignments(path, format)  # type: ignore[arg-type]
    assert read_pairs(path) == read_pairs(path, format)  # type: ignore[arg-type]


def test_without_a_format_a_stream_or_an_unknown_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot tell the format of a stream: give format"):
        read_alignments(io.StringIO("{}"))
    (tmp_path / "x.txt").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.txt from its name: give format"):
        read_pairs(tmp_path / "x.txt")


def test_alignment_from_pairs_makes_each_segment_a_sentence() -> None:
    sample = bible()
    rebuilt = alignment_from_pairs(aligned_pairs(sample))
    assert rebuilt.source == sample.source
    assert [b.kind for b in rebuilt.beads] == [
        "-".join(str(min(1, n)) for n in (len(b.ar), len(b.en))) for b in sample.beads
    ]
    assert [p.ar for p in aligned_pairs(rebuilt)] == [p.ar for p in aligned_pairs(sample)]
    assert [b.score for b in rebuilt.beads] == [b.score for b in sample.beads]


def test_tmx_from_another_tool_is_read_by_language(tmp_path: Path) -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    sample = seed_004()
    store = tmx.tmxfile(sourcelanguage="en-US", targetlanguage="ar-IQ")
    for ar, en in zip(sample.ar, sample.en, strict=True):
        store.addtranslation(en, "en-US", ar, "ar-IQ")
    path = tmp_path / "other.tmx"
    path.write_bytes(bytes(store))
    pairs = read_pairs(path, "tmx")
    assert [(p.ar, p.en) for p in pairs] == list(zip(sample.ar, sample.en, strict=True))
    assert [p.ar_index for p in pairs] == [(k,) for k in range(len(sample.ar))]
    assert all(math.isnan(p.score) and p.source == str(path) for p in pairs)


def test_inline_codes_are_left_out_of_tmx_text() -> None:
    tmx = (
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        '<tuv xml:lang="en"><seg>Press <ph x="1">&lt;b&gt;</ph>OK<hi>now</hi></seg></tuv>'
        '<tuv xml:lang="ar-SA"><seg>اضغط <bpt i="1">&lt;b&gt;</bpt>موافق<ept i="1">x</ept></seg>'
        "</tuv></tu></body></tmx>"
    )
    (pair,) = read_tmx(io.StringIO(tmx))
    assert (pair.en, pair.ar) == ("Press OKnow", "اضغط موافق")


def written(sample: ArticleAlignment, format: str) -> list[str]:
    out = io.StringIO()
    write_alignment(sample, out, format)  # type: ignore[arg-type]
    return out.getvalue().split("\n")


def corrupt(lines: list[str], line: int, edit: str) -> str:
    """The file with 1-based ``line`` replaced by ``edit`` (``{}`` stands for the old line)."""
    return "\n".join([*lines[: line - 1], edit.replace("{}", lines[line - 1]), *lines[line:]])


def record(**fields: object) -> str:
    """A JSONL line: a valid one-sentence 1-0 bead with ``fields`` changed."""
    base = {"source": "s", "ar": ["نص"], "en": [], "ar_index": [0], "en_index": [], "score": 1}
    return json.dumps(base | fields, ensure_ascii=False)


JSONL_CASES = [
    ("{} trailing", 2, "not valid JSON"),
    ('["a list"]', 3, "expected a JSON object"),
    ('{"ar": [], "en": []}', 1, "missing key"),
    (record(ar="نص"), 4, '"ar" must be a list of strings'),
    (record(ar_index=[True]), 2, '"ar_index" must be a list'),
    (record(ar_index=[-1]), 2, '"ar_index" must be a list'),
    (record(ar_index=[]), 5, "as many sentence numbers"),
    (record(score="high"), 6, '"score" must be a number'),
    (record(source=None), 7, '"source" must be a string'),
]


@pytest.mark.parametrize(("edit", "line", "message"), JSONL_CASES)
def test_malformed_jsonl_names_file_and_line(
    edit: str, line: int, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(corrupt(written(seed_004(), "jsonl"), line, edit), encoding="utf-8")
    with pytest.raises(ValueError, match=f"bad.jsonl, line {line}: .*{message}"):
        read_alignments(path, "jsonl")


def test_jsonl_with_two_texts_for_one_sentence_is_rejected() -> None:
    lines = written(seed_004(), "jsonl")
    text = corrupt(lines, 3, lines[0].replace('"ar_index": [0]', '"ar_index": [1]'))
    with pytest.raises(ValueError, match="<stream>, line 3: ar sentence 1 differs"):
        read_jsonl(io.StringIO(text))


TSV_CASES = [
    ("{}\textra", 2, "expected 5 tab-separated fields"),
    ("only\ttwo", 4, "found 2"),
    ("ar\ten\tgood\t0\t0", 3, "score must be a number, got 'good'"),
    ("ar\ten\t0.5\t1;2\t0", 5, "ar_index must be comma-separated numbers"),
    ("ar\ten\t0.5\t0\t-1", 1, "en_index must not be negative"),
]


@pytest.mark.parametrize(("edit", "line", "message"), TSV_CASES)
def test_malformed_tsv_names_file_and_line(edit: str, line: int, message: str) -> None:
    text = corrupt(written(seed_004(), "tsv"), line, edit)
    with pytest.raises(ValueError, match=f"seed.tsv, line {line}: .*{message}"):
        read_tsv(io.StringIO(text), "seed.tsv")


TMX_CASES = [
    ("</tu>", 15, "not well-formed XML"),
    ('<tuv xml:lang="AR">', 16, "a second <tuv> for language 'AR'"),
    ('<prop type="x-score">very</prop>', 10, "score must be a number, got 'very'"),
    ('<prop type="x-en-index">one</prop>', 12, "x-en-index must be comma-separated numbers"),
]


@pytest.mark.parametrize(("edit", "line", "message"), TMX_CASES)
def test_malformed_tmx_names_file_and_line(edit: str, line: int, message: str) -> None:
    lines = written(seed_004(), "tmx")
    assert lines[15].strip() == '<tuv xml:lang="en">'  # the layout the cases rely on
    with pytest.raises(ValueError, match=f"x.tmx, line {line}: .*{message}"):
        read_tmx(io.StringIO(corrupt(lines, line, edit)), "x.tmx")


def test_tmx_without_arabic_or_english_and_non_tmx_files_are_rejected() -> None:
    only_french = (
        '<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="fr"><seg>Oui</seg></tuv></tu>'
        "</body></tmx>"
    )
    with pytest.raises(ValueError, match=r"x\.tmx, line 2: <tu> has neither"):
        read_tmx(io.StringIO(only_french), "x.tmx")
    with pytest.raises(ValueError, match=r"x\.tmx, line 1: not a TMX file"):
        read_tmx(io.StringIO(written(seed_004(), "html")[0] + "<html></html>"), "x.tmx")


@pytest.mark.parametrize("longer", ["ar", "en"])
def test_moses_files_of_different_lengths_are_rejected(longer: str, tmp_path: Path) -> None:
    write_alignment(seed_004(), tmp_path / "c", "moses")
    path = tmp_path / f"c.{longer}"
    path.write_text(path.read_text(encoding="utf-8") + "one more line\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"c\.{longer}, line 14: .*different numbers of lines"):
        read_pairs(tmp_path / "c", "moses")


def test_files_that_are_not_utf8_are_rejected_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.tsv"
    lines = written(seed_004(), "tsv")
    path.write_bytes(
        "\n".join(lines[:2]).encode("utf-8") + b"\n" + lines[2].encode("cp1256", errors="replace")
    )
    with pytest.raises(ValueError, match=r"cp1256\.tsv, line 3: not UTF-8 text"):
        read_pairs(path, "tsv")


def test_a_utf16_tmx_is_read_by_its_declaration(tmp_path: Path) -> None:
    sample = seed_004()
    text = "\n".join(written(sample, "tmx")).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    (tmp_path / "u16.tmx").write_bytes(text.encode("utf-16"))
    pairs = read_pairs(tmp_path / "u16.tmx", "tmx")
    assert [(p.ar, p.en) for p in pairs] == list(zip(sample.ar, sample.en, strict=True))


def test_moses_empty_lines_are_unaligned_sides() -> None:
    pairs = read_moses(io.StringIO("نعم\n\nلا\n\n"), io.StringIO("Yes\nMaybe\nNo\n\n"))
    assert [(p.ar_index, p.en_index) for p in pairs] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_unreadable_formats_are_named() -> None:
    with pytest.raises(ValueError, match="cannot read format 'html'; readable formats: jsonl"):
        read_pairs(io.StringIO(""), "html")
