"""Tests that try to break bialign: bad bytes, huge lines, and arbitrary text and sentences.

The invariant under test everywhere: every sentence of each side is in exactly one bead, in
order, and no bead is empty; nothing raises but the documented ``NotBilingualError``.
"""

from __future__ import annotations

import codecs
import time
from collections import Counter
from pathlib import Path

import pytest
from corpora import SEED_004

from bialign.chars import measure, normalize_for_length
from bialign.inputs import InputError, clean_text, decode, read_input
from bialign.split import split_article

SEED_TEXT = SEED_004.read_text(encoding="utf-8")
SEED_PARAGRAPHS = [p for p in SEED_TEXT.split("\n\n") if p.strip()]
ENGLISH, ARABIC = SEED_PARAGRAPHS[:14], SEED_PARAGRAPHS[14:]


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
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw)[0] == clean


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
        SEED_TEXT.replace("\n", " ") * 120,
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
