"""Tests that try to break bialign: bad bytes, huge lines, and arbitrary text and sentences.

The invariant under test everywhere: every sentence of each side is in exactly one bead, in
order, and no bead is empty; nothing raises but the documented ``NotBilingualError``.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import importlib.util
import io
import json
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import regex
from corpora import SEED_004, records
from hypothesis import given, settings
from hypothesis import strategies as st

import bialign
from bialign import chars
from bialign.align import align_sentences
from bialign.chars import measure, normalize_each, normalize_for_length
from bialign.cli import main
from bialign.errors import InputError
from bialign.formats import read_alignments
from bialign.inputs import input_text, read_input
from bialign.inputs.decode import _MARKS_ONLY as MARKS_ONLY
from bialign.inputs.decode import clean_text, decode
from bialign.pipeline import align_article
from bialign.records import ArticleAlignment, Bead
from bialign.split import split_article

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
SEED_PARAGRAPHS = [p for p in SEED_TEXT.split("\n\n") if p.strip()]
ENGLISH, ARABIC = SEED_PARAGRAPHS[:14], SEED_PARAGRAPHS[14:]
CONTROL = regex.compile(r"\p{Cc}")


# --- decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SEED_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SEED_TEXT.encode("utf-8"), "utf-8"),
        (SEED_TEXT.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
        (SEED_TEXT.encode("utf-32"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + SEED_TEXT.encode("utf-32-be"), "utf-32-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_unicode_encodings_are_detected_and_the_mark_removed(data: bytes, encoding: str) -> None:
    assert decode(data, "seed.txt") == (SEED_TEXT, encoding)


@pytest.mark.parametrize("paragraph", ARABIC, ids=range(len(ARABIC)))
def test_windows_1256_arabic_is_detected(paragraph: str) -> None:
    assert decode(paragraph.encode("cp1256")) == (paragraph, "cp1256")


@pytest.mark.parametrize(
    "text",
    [
        "Le président a déclaré à la télévision qu'il était prêt à négocier.",
        "Der Präsident äußerte sich über die Größe der Mädchenschule.",
        "Señor Muñoz, año nuevo, mañana.",
    ],
)
def test_latin_1_text_is_not_mistaken_for_windows_1256(text: str) -> None:
    with pytest.raises(InputError, match=r"not UTF-8, and not Arabic in Windows-1256") as caught:
        decode(text.encode("latin-1"), "page.txt")
    first_bad = next(k for k, byte in enumerate(text.encode("latin-1")) if byte > 0x7F)
    assert caught.value.name == "page.txt"
    assert f"at offset {first_bad}" in str(caught.value)


def test_a_forced_encoding_wins_and_names_the_bad_byte() -> None:
    data = "قال الكاظمي".encode("cp1256")
    assert decode(data, encoding="windows-1256") == ("قال الكاظمي", "cp1256")
    with pytest.raises(InputError, match=r"a\.txt: not valid utf-8: byte 0x\w\w at offset 0"):
        decode(data, "a.txt", encoding="utf-8")
    # Valid UTF-8 is read as UTF-8 unless told otherwise: nothing is guessed then.
    assert decode("é".encode(), encoding="latin-1") == ("Ã©", "iso8859-1")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (gzip.compress(SEED_TEXT.encode("utf-8")), "gzip-compressed: decompress it first"),
        (bz2.compress(SEED_TEXT.encode("utf-8")), "bzip2-compressed: decompress it first"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "a PDF: take its text out first"),
    ],
    ids=["gzip", "bzip2", "pdf"],
)
def test_a_compressed_file_or_a_pdf_is_refused_saying_what_it_is(
    data: bytes, said: str, tmp_path: Path
) -> None:
    (tmp_path / "page.txt").write_bytes(data)
    with pytest.raises(InputError, match="binary data, not text") as caught:
        read_input(tmp_path / "page.txt")
    assert f"; {said}" in caught.value.detail


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_file_cut_inside_its_last_character_is_read_without_it(cut: int, tmp_path: Path) -> None:
    text = SEED_TEXT.rstrip() + " \N{EMOJI MODIFIER FITZPATRICK TYPE-1-2}"  # four bytes
    (tmp_path / "cut.txt").write_bytes(text.encode("utf-8")[:-cut])
    (tmp_path / "whole.txt").write_text(SEED_TEXT.rstrip() + " ", encoding="utf-8")
    read = read_input(tmp_path / "cut.txt")
    assert read.text == read_input(tmp_path / "whole.txt").text
    assert read.encoding == "utf-8"
    assert dict(read.changes)["truncated-character"] == 4 - cut  # the bytes left of it
    assert read_input(tmp_path / "cut.txt", "utf-8").text == read.text  # named, the same


def test_a_windows_1256_letter_at_the_end_is_not_taken_for_a_cut_character() -> None:
    read = input_text("Hello ے".encode("cp1256"), "x.txt")
    assert (read.text, read.encoding, read.changes) == ("Hello ے", "cp1256", ())


@pytest.mark.parametrize(
    "data",
    ["We met at the café".encode("latin-1"), b"Hello world\xc0"],
    ids=["latin-1", "never-a-first-byte"],
)
def test_a_last_byte_of_ascii_text_is_no_cut_character(data: bytes) -> None:
    # Only UTF-8 with characters of several bytes before the cut is UTF-8 cut short.
    with pytest.raises(InputError, match="not UTF-8, and not Arabic in Windows-1256"):
        input_text(data, "x.txt")


def test_utf8_with_one_damaged_byte_is_refused_not_read_as_windows_1256() -> None:
    data = SEED_TEXT.encode("utf-8")
    cut = data.index("الكاتب".encode()) + 1
    with pytest.raises(InputError, match="not valid UTF-8") as caught:
        decode(data[:cut] + data[cut + 1 :], "seed.txt")
    # The letter's first byte is left without its second one.
    assert caught.value.detail.startswith(f"byte 0x{data[cut - 1]:02x} at offset {cut - 1}")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte at offset 8"),
        ("نص".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (bytes(range(1, 32)) * 20, "control, unassigned or private-use characters"),
        ("\ue000\ue001 private use only".encode(), "control, unassigned or private-use"),
    ],
    ids=["png", "utf-16-without-bom", "controls", "private-use"],
)
def test_binary_data_is_refused_with_a_reason(data: bytes, detail: str) -> None:
    with pytest.raises(InputError, match="binary data, not text") as caught:
        decode(data, "x.bin")
    assert detail in caught.value.detail


# --- cleaning -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("AT&amp;T &lt;b&gt; &quot;x&quot;", 'AT&T <b> "x"'),
        (
            "&#1575;&#x644;&#X644;",
            "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER LAM}",
        ),
        ("a&nbsp;b", "a\N{NO-BREAK SPACE}b"),
        ("&amp;amp; once", "&amp; once"),
        ("?a=1&not=2 &unknown; & alone", "?a=1&not=2 &unknown; & alone"),
        ("one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        ("a\u2028b\u2029c\x85d\x0be\x0cf", "a\nb\n\nc\nd\ne\nf"),
        ("bell\x07 esc\x1b del\x7f c1\x9b tab\tnewline\n", "bell esc del c1 tab\tnewline\n"),
        ("\N{RIGHT-TO-LEFT MARK}كتاب\N{ZERO WIDTH NON-JOINER}ها", "\u200fكتاب\u200cها"),
        ("العنوان\nــــــــــ\nالنص", "العنوان\n\nالنص"),  # a rule drawn with tatweel
        ("قال\n\u200f\u200f\n \u200e\t\nThe end", "قال\n\n\nThe end"),  # marks on empty lines
        ("كتـــاب ـ\nــ نص", "كتـــاب ـ\nــ نص"),  # tatweel inside lines is text
        ("كتـــاب\nنص ـ\n  ــــ  ", "كتـــاب\nنص ـ\n"),  # a rule after tatweel in words
    ],
    ids=[
        "named",
        "numeric",
        "nbsp",
        "once",
        "not-references",
        "line-ends",
        "unicode-breaks",
        "controls",
        "format-chars-kept",
        "tatweel-rule-emptied",
        "mark-lines-emptied",
        "tatweel-in-lines-kept",
        "last-line-rule-emptied",
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw)[0] == clean


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="\N{ARABIC TATWEEL} \nقa\t\u200f", max_size=30))
def test_lines_are_emptied_as_the_pattern_says(text: str) -> None:
    # Text with no line ends or controls to change: only lines of marks change, and clean_text
    # looks for them without the pattern where every line is printable.
    assert clean_text(text)[0] == regex.sub(MARKS_ONLY, "", text)


def test_a_word_of_100000_letters_is_aligned_without_a_warning() -> None:
    # Its length cost makes exp overflow in the score's calibration: a score of 0, its limit.
    en = "The president said the government would work to improve the economy."
    ar = "قال الرئيس إن الحكومة ستعمل على تحسين الاقتصاد."
    text = f"{en}\n\n{'ا' * 100_000}\n\n{ar}\n\n{'a' * 100_000}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = align_article(text)
    assert sorted(i for bead in result.beads for i in bead.ar) == list(range(len(result.ar)))
    assert sorted(j for bead in result.beads for j in bead.en) == list(range(len(result.en)))
    assert all(0.0 <= bead.score <= 1.0 for bead in result.beads)


@pytest.mark.parametrize(
    ("plain", "forms"),
    [
        ("لا", "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}"),
        (
            "بيت",
            "\N{ARABIC LETTER BEH INITIAL FORM}\N{ARABIC LETTER YEH MEDIAL FORM}"
            "\N{ARABIC LETTER TEH FINAL FORM}",
        ),
        ("الله", "\N{ARABIC LIGATURE ALLAH ISOLATED FORM}"),
        ("گ", "\N{ARABIC LETTER GAF ISOLATED FORM}"),
    ],
)
def test_presentation_forms_count_as_base_letters_but_are_kept(plain: str, forms: str) -> None:
    assert normalize_for_length(forms) == plain
    assert measure(forms) == measure(plain)
    assert clean_text(forms)[0] == forms


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["قالَ", "\N{ARABIC TATWEEL}", "\ufdfa", "\ufe70", "٣,٠٠٠", "Kāẓimī", "\u200f"],
        ["two\nlines", "one"],  # a text with a line break of its own
        SEED_TEXT.split(),
    ],
)
def test_texts_normalised_together_are_each_normalised_alone(texts: list[str]) -> None:
    assert normalize_each(texts) == [normalize_for_length(text) for text in texts]


def strip_marks_by_pattern(text: str) -> str:
    """What strip_marks means, in the patterns' own words: presentation forms folded, then
    every match of the mark and control patterns and every tatweel removed."""
    text = chars.ARABIC_DIACRITICS.sub("", chars.fold_presentation_forms(text))
    return chars.INVISIBLE_CONTROLS.sub("", text.replace(chars.TATWEEL, ""))


# Marks, tatweel, controls, foreign digits and presentation forms (BMP and beyond), among any
# characters at all.
MARKED = st.lists(
    st.one_of(
        st.sampled_from(
            list("قالَُِّْـ\u200f\u2066\u061c\ufeff\u00ad٣۴\ufdfa\ufe70\U00010efd\U000102e0")
        ),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=MARKED)
def test_marks_are_stripped_as_the_patterns_say(text: str) -> None:
    assert chars.strip_marks(text) == strip_marks_by_pattern(text)
    assert chars._fold(text) == chars.fold_digits(strip_marks_by_pattern(text))


@pytest.mark.parametrize("name", ["bible_svd_kjv", "unv1_dev_test"])
def test_corpus_arabic_is_stripped_as_the_patterns_say(name: str) -> None:
    arabic = "\n".join(record["ar"] for record in records(name)[::50])
    assert chars.strip_marks(arabic) == strip_marks_by_pattern(arabic)


# --- huge inputs ----------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    line = SEED_TEXT.replace("\n", " ").encode()
    with dump.open("wb") as out:
        for _ in range(50_000_000 // len(line) + 1):
            out.write(line)
    started = time.perf_counter()
    with pytest.raises(InputError, match="too large: over the 20 MB limit"):
        read_input(dump)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "line",
    [
        "word-" * 200_000 + "نص عربي هنا",
        "كلمة-" * 200_000 + " English text here",
        SEED_TEXT.replace("\n", " ") * 30,
    ],
    ids=["latin-hyphen-chain", "arabic-hyphen-chain", "seed-on-one-line"],
)
def test_a_megabyte_line_is_split_in_linear_time(line: str) -> None:
    # The URL-slug pattern used to backtrack quadratically along a hyphen chain: one such
    # megabyte line took over ten seconds, a 50 MB one would take hours.
    started = time.perf_counter()
    parts = split_article(line)
    assert time.perf_counter() - started < 5
    kept = "".join(parts.ar + parts.en + tuple(d.text for d in parts.dropped))
    assert Counter("".join(kept.split())) == Counter("".join(line.split()))


def test_slugs_are_still_cut_at_the_ends_of_a_long_line() -> None:
    slug = "الكاظمي:-العراق-لم-يعد-بحاجة"
    long_english = " ".join(ENGLISH[2:] * 2)
    assert len(long_english) > 4000
    for line in (long_english + slug, slug + " " + long_english):
        assert [d.text for d in split_article(line).dropped] == [slug]
    inside = long_english[:2500] + " " + slug + " " + long_english[2500:]
    assert split_article(inside).dropped == ()


# --- properties: the aligner and the pipeline on arbitrary input ----------------------------

# Characters an aligner meets in scraped text, weighted towards the troublesome ones.
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى پچژگکیےہ ً ٌ ٍ َ ُ ِ ّ ْ ٰ ـ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳ ، ؛ ؟ ۔"
_LATIN = "abcdefghijklmnopqrstuvwxyz ABCXYZ āẓīṣḥ 0123456789 .,;:!?'\"()-–— “”‘’ … & %"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2069\ufeff\u00ad\u061c"
_CONTROL = "\x00\x01\x07\x1b\x7f\x85\x9b\t\n\r\x0b\x0c\u2028\u2029\u00a0\u3000"
_PRESENTATION = "\ufb56\ufb8a\ufe8d\ufe91\ufef5\ufefb\ufdf2"

characters = st.one_of(
    st.sampled_from(_ARABIC + _LATIN + _INVISIBLE + _CONTROL + _PRESENTATION),
    st.characters(codec="utf-8"),
)
sentences = st.lists(st.text(characters, max_size=60), max_size=60)


def assert_invariant(beads: Sequence[Bead], n_ar: int, n_en: int) -> None:
    """Every index of each side in exactly one bead, in order; no empty bead; scores in [0, 1]."""
    assert [i for bead in beads for i in bead.ar] == list(range(n_ar))
    assert [j for bead in beads for j in bead.en] == list(range(n_en))
    assert all(bead.ar or bead.en for bead in beads)
    assert all(0.0 <= bead.score <= 1.0 for bead in beads)


@settings(max_examples=300, deadline=None)
@given(sentences, sentences)
def test_align_sentences_keeps_the_invariant_on_arbitrary_sentences(
    ar: list[str], en: list[str]
) -> None:
    assert_invariant(align_sentences(ar, en), len(ar), len(en))


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ([], []),
        ([""] * 5, [""] * 7),
        ([""] * 5, ["Hello there."] * 3),
        ([], ENGLISH),
        (ARABIC, []),
        ([ARABIC[2]], ENGLISH * 715),  # 1 against 10,010
        (ARABIC * 715, [ENGLISH[2]]),
        (["نعم."] * 500, ["Yes."] * 500),
        (["٢٠٢١", "١٤:١٠", "۱۴۰۰"], ["2021", "14:10", "1400"]),
        (["...", "؟؟", "!", "«»"], ["?", "...", "“”"]),
        (["\u064e\u064f\u0651"] * 3, ["\u0301"] * 4),
        (["ب" * 1_000_000], ["a" * 10, "b" * 1_000_000]),
    ],
    ids=[
        "nothing",
        "empty-sentences",
        "empty-against-text",
        "no-arabic",
        "no-english",
        "1-vs-10010",
        "10010-vs-1",
        "identical-repeated",
        "digits-only",
        "punctuation-only",
        "marks-only",
        "megabyte-sentence",
    ],
)
def test_align_sentences_keeps_the_invariant_on_degenerate_input(
    ar: list[str], en: list[str]
) -> None:
    started = time.perf_counter()
    assert_invariant(align_sentences(ar, en), len(ar), len(en))
    assert time.perf_counter() - started < 5


# Pieces of real articles and their furniture, with separators and noise between them.
_NOISE = [
    "Leave a Reply",
    "Share this:",
    "اترك تعليقا",
    "الكاظمي:-العراق-لم-يعد",
    "word-word-word",
    "Mr.",
    "U.S.",
    "...",
    "؟",
    "&amp;",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u200f",
    "\ufefb",
    "٢٠٢١",
    "\x07",
    "",
]
_SEPARATORS = st.sampled_from([" ", "\n", "\n\n", "", ". ", "\r\n\r\n", "\u2029"])


def _side(words: list[str]) -> st.SearchStrategy[str]:
    pieces = st.lists(st.sampled_from(words + _NOISE), min_size=1, max_size=60)
    return st.builds(lambda ps, sep: sep.join(ps), pieces, _SEPARATORS)


english = _side(" ".join(ENGLISH).split())
arabic = _side(" ".join(ARABIC).split())
articles = st.one_of(
    st.builds(lambda a, b, sep: a + sep + b, english, arabic, _SEPARATORS),
    st.builds(lambda a, b, sep: a + sep + b, arabic, english, _SEPARATORS),
    st.builds("\n\n".join, st.lists(st.one_of(english, arabic), max_size=8)),
    st.text(characters, max_size=400),
)


def visible(text: str) -> Counter[str]:
    return Counter("".join(text.split()))


@settings(max_examples=200, deadline=None)
@given(articles, st.booleans())
def test_align_article_keeps_every_character_and_the_invariant(text: str, preseg: bool) -> None:
    try:
        alignment = bialign.align_article(text, presegmented=preseg)
    except bialign.NotBilingualError:
        return
    assert_invariant(alignment.beads, len(alignment.ar), len(alignment.en))
    # Nothing lost: every visible character is in a sentence or in a dropped item, once.
    dropped = "".join(item.text for item in alignment.dropped)
    assert visible("".join(alignment.ar + alignment.en) + dropped) == visible(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(arabic, articles), st.one_of(english, articles), st.booleans())
def test_align_texts_keeps_every_character_and_the_invariant(
    ar_text: str, en_text: str, preseg: bool
) -> None:
    try:
        alignment = bialign.align_texts(ar_text, en_text, presegmented=preseg)
    except bialign.NotBilingualError:
        return
    assert_invariant(alignment.beads, len(alignment.ar), len(alignment.en))
    # Each file is cleaned as a single file is: what it loses is listed as dropped, once.
    dropped = "".join(item.text for item in alignment.dropped)
    kept = "".join(alignment.ar + alignment.en) + dropped
    assert visible(kept) == visible(ar_text + en_text)
    if preseg:
        assert visible("".join(alignment.ar)) == visible(ar_text)


# --- the nasty corpus, through the command line -----------------------------------------------

NASTY = Path(__file__).parent / "data" / "nasty"
LABELS: dict[str, dict[str, object]] = json.loads((NASTY / "labels.json").read_text())


def test_the_nasty_corpus_is_what_its_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_nasty", NASTY.parent / "make_nasty.py")
    assert spec is not None and spec.loader is not None
    make_nasty = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_nasty)
    written = make_nasty.write(tmp_path)
    committed = sorted(p.relative_to(NASTY) for p in NASTY.rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path) for p in written) == committed
    for path in written:
        assert path.read_bytes() == (NASTY / path.relative_to(tmp_path)).read_bytes(), path


@dataclass(frozen=True)
class NastyRun:
    code: int
    err: list[str]
    records: dict[str, dict[str, Any]]
    out: Path


def _align_nasty(out: Path, jobs: int) -> NastyRun:
    report = out.parent / f"{out.name}.report.jsonl"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        argv = ["align", str(NASTY), "-o", str(out), "--jobs", str(jobs), "--report", str(report)]
        code = main(argv)
    records = {}
    for line in report.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[Path(record["file"]).relative_to(NASTY).as_posix()] = record
    return NastyRun(code, stderr.getvalue().splitlines(), records, out)


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> NastyRun:
    return _align_nasty(tmp_path_factory.mktemp("nasty") / "out", jobs=1)


def _output(run: NastyRun, name: str) -> ArticleAlignment:
    (alignment,) = read_alignments(run.records[name]["outputs"][0], "jsonl")
    return alignment


def test_the_nasty_corpus_fails_some_inputs_and_reports_every_one(nasty: NastyRun) -> None:
    assert nasty.code == 1
    assert sorted(nasty.records) == sorted(LABELS)  # README and .hidden.txt are no inputs


@pytest.mark.parametrize("name", sorted(LABELS))
def test_a_nasty_input_gets_its_labelled_outcome(nasty: NastyRun, name: str) -> None:
    label, record = LABELS[name], nasty.records[name]
    assert record["status"] == label["status"]
    assert record["reason"] == label.get("reason", "")
    problem_lines = [
        line
        for line in nasty.err
        if line.startswith(("bialign: warning: ", "bialign: error: "))
        and f"{NASTY / name}:" in line
    ]
    if label["status"] == "aligned":
        assert record["encoding"] == label["encoding"]
        stem = label.get("output", Path(name).stem)
        assert record["outputs"] == [str(nasty.out / f"{stem}.jsonl")]
        alignment = _output(nasty, name)
        assert_invariant(alignment.beads, len(alignment.ar), len(alignment.en))
        assert not any(CONTROL.search(s) for s in alignment.ar + alignment.en)
        assert problem_lines == []
    else:
        assert record["outputs"] == []
        kind = "warning" if label["status"] == "skipped" else "error"
        # One line per problem, naming the file and the reason.
        assert len(problem_lines) == 1
        assert problem_lines[0].startswith(f"bialign: {kind}: {NASTY / name}: {label['reason']}")


@pytest.mark.parametrize(
    "name", sorted(n for n, label in LABELS.items() if label.get("same_as_plain"))
)
def test_encodings_and_line_ends_do_not_change_the_alignment(nasty: NastyRun, name: str) -> None:
    plain, other = _output(nasty, "plain.txt"), _output(nasty, name)
    assert (other.ar, other.en, other.beads) == (plain.ar, plain.en, plain.beads)


def test_windows_1256_text_aligns_like_its_unicode_original(nasty: NastyRun) -> None:
    plain, legacy = _output(nasty, "plain.txt"), _output(nasty, "cp1256.txt")
    assert legacy.ar == plain.ar
    # Windows-1256 cannot spell "Muṣṭafā": the English lost its Latin marks, which may move a
    # score a little, but not a bead.
    assert [(b.ar, b.en) for b in legacy.beads] == [(b.ar, b.en) for b in plain.beads]


def test_html_references_are_unescaped_once(nasty: NastyRun) -> None:
    text = "\n".join(
        _output(nasty, "html_entities.txt").en + _output(nasty, "html_entities.txt").ar
    )
    assert "AT&T" in text and "?a=1&not=2" in text and "“Iraq and the United States" in text
    assert not regex.search(r"&#?\w+;", text)
    assert nasty.records["html_entities.txt"]["cleaned"] == {"html-references": 9}


def test_invisible_marks_and_presentation_forms_are_written_as_read(nasty: NastyRun) -> None:
    marked = "".join(_output(nasty, "invisible_marks.txt").ar)
    for char in ("\N{ARABIC TATWEEL}", "\N{ZERO WIDTH JOINER}", "\N{RIGHT-TO-LEFT MARK}"):
        assert char in marked
    forms = "".join(_output(nasty, "presentation_forms.txt").ar)
    assert "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}" in forms
    assert not regex.search(r"[\N{ARABIC LETTER ALEF}-\N{ARABIC LETTER YEH}]", forms)
    # Measured as base letters, the forms align like the plain article (a ligature's folded
    # length may move a score in the fourth decimal, not a bead).
    forms_beads = _output(nasty, "presentation_forms.txt").beads
    assert [(b.ar, b.en) for b in forms_beads] == [
        (b.ar, b.en) for b in _output(nasty, "plain.txt").beads
    ]


def test_many_arabic_sentences_against_three_english(nasty: NastyRun) -> None:
    record = nasty.records["ar200_en3.txt"]
    assert record["status"] == "aligned"
    assert record["sentences"] == {"ar": 200, "en": 3}
    # Two of the English sentences ("He left.") translate nothing: how they pair is the
    # aligner's guess; that the article aligns, whole, is what this input tests.
    assert 1 <= record["pairs"] <= 3


def test_a_pool_gives_the_nasty_corpus_the_same_outcomes(nasty: NastyRun, tmp_path: Path) -> None:
    pooled = _align_nasty(tmp_path / "out", jobs=2)
    assert pooled.code == nasty.code

    def comparable(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in {"seconds", "outputs"}}

    assert {k: comparable(r) for k, r in pooled.records.items()} == {
        k: comparable(r) for k, r in nasty.records.items()
    }
