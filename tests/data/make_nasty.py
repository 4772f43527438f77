"""Write the nasty inputs of ``tests/data/nasty/`` and their labels, from seed 004.

Run from anywhere: ``python tests/data/make_nasty.py``. The files are committed; the test
suite checks that this script still writes exactly them, so edit this script, never the files.

Every file is built from the first paragraphs of the bilingual seed article (each English
paragraph translated by the Arabic paragraph of the same position), or from a few sentences
written here, then encoded or damaged in one way. ``labels.json`` says for each file what
``bialign align`` must make of it: the status, the reason (skipped and failed), the detected
encoding, and, for files that only differ from the plain article in their bytes, that their
alignment must equal the plain article's.
"""

from __future__ import annotations

import codecs
import json
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "seeds" / "004_560e4bfc249f71d2.txt"
OUT = HERE / "nasty"

#: English then Arabic paragraphs of the seed kept in the small article: title (with its URL
#: slug), byline and three body paragraphs on each side.
PARAGRAPHS = 5
SEED_ENGLISH = slice(0, 14)
SEED_ARABIC = slice(14, 28)


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """The seed's English and Arabic paragraphs, in order."""
    paragraphs = [p.strip("\n") for p in SEED.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [p for p in paragraphs if p.strip()]
    return paragraphs[SEED_ENGLISH], paragraphs[SEED_ARABIC]


def article(english: list[str], arabic: list[str]) -> str:
    return "\n\n".join(english + arabic) + "\n"


def plain() -> str:
    """The small bilingual article every "same as the plain article" file is checked against."""
    english, arabic = seed_paragraphs()
    return article(english[:PARAGRAPHS], arabic[:PARAGRAPHS])


def without_latin_marks(text: str) -> str:
    """Latin letters without their diacritics ("Kāẓimī" -> "Kazimi"); Windows-1256 has none."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or c > "\u0600")
    )


def presentation_forms(text: str) -> str:
    """Arabic letters as their isolated presentation forms, "لا" as the lam-alef ligature, as
    old PDF extractions and legacy encodings leave them."""
    text = text.replace("لا", "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}")
    out = []
    for char in text:
        try:
            out.append(unicodedata.lookup(unicodedata.name(char) + " ISOLATED FORM"))
        except (KeyError, ValueError):
            out.append(char)
    return "".join(out)


def invisible_marks(english: list[str], arabic: list[str]) -> str:
    """Bidi embeddings and marks, ZWJ/ZWNJ inside words, no-break spaces and tatweel."""
    marked_arabic = [
        "\N{RIGHT-TO-LEFT EMBEDDING}"
        + p.replace("الكاظمي", "الكاظـــمي")
        .replace("العراق", "العر\N{ZERO WIDTH JOINER}اق")
        .replace("، ", "،\N{RIGHT-TO-LEFT MARK}\N{NO-BREAK SPACE}")
        .replace("الأ", "ال\N{ZERO WIDTH NON-JOINER}أ")
        + "\N{POP DIRECTIONAL FORMATTING}"
        for p in arabic
    ]
    marked_english = [
        p.replace("Iraq", "\N{LEFT-TO-RIGHT MARK}Iraq").replace(" the ", "\N{NO-BREAK SPACE}the ")
        for p in english
    ]
    return article(marked_english, marked_arabic)


def html_entities(english: list[str], arabic: list[str]) -> str:
    """Character references a scraper left in: named, decimal, hexadecimal, and a URL whose
    ``&not=`` must stay as it is."""
    first = english[2].replace("“", "&ldquo;").replace("”", "&rdquo;").replace(" to ", "&nbsp;to ")
    english = [
        *english[:2],
        first + " (AT&amp;T, see https://example.com/?a=1&not=2)",
        *english[3:],
    ]
    arabic = [
        p.replace("ا", "&#1575;", 3).replace("ل", "&#x644;", 3) if k == 2 else p
        for k, p in enumerate(arabic)
    ]
    return article(english, arabic)


def control_characters(english: list[str], arabic: list[str]) -> str:
    """C0 and C1 control characters (not NUL) sprinkled into words."""
    english = [p.replace("Iraq", "Ir\x07aq").replace(" said", "\x1b said\x7f") for p in english]
    arabic = [p.replace("العراق", "العر\x01اق").replace("الكاظمي", "الكا\x9bظمي") for p in arabic]
    return article(english, arabic)


def persian_urdu() -> str:
    """Persian and Urdu letters, Extended Arabic-Indic digits, ZWNJ, and the Urdu full stop."""
    return (
        "Books and the year\n\n"
        "Hello, this is a test. The books are on the table. In the year 1400 we went to Tehran.\n\n"
        "This is a book. I am going to Lahore.\n\n"
        "کتاب‌ها و سال\n\n"
        "سلام، این یک آزمایش است. کتاب‌ها روی میز هستند. در سال ۱۴۰۰ به تهران رفتیم.\n\n"
        "یہ ایک کتاب ہے۔ میں لاہور جا رہا ہوں۔\n"
    )


def many_arabic_few_english(english: list[str], arabic: list[str]) -> str:
    """200 Arabic sentences (the seed's Arabic words, eight a sentence) against 3 English."""
    words = [word.strip(".") for word in " ".join(arabic[2:]).split()]
    starts = [(8 * k) % (len(words) - 8) for k in range(200)]
    sentences = [" ".join(words[start : start + 8]) + "." for start in starts]
    paragraphs = [" ".join(sentences[k : k + 5]) for k in range(0, 200, 5)]
    return article([english[2].split(". ")[0] + ".", "He left.", "That is all."], paragraphs)


def junk(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def damaged_utf8(text: str) -> bytes:
    """UTF-8 with one Arabic letter cut in half, as a truncated download leaves it."""
    data = text.encode("utf-8")
    cut = data.index("الكاتب".encode()) + 1
    return data[:cut] + data[cut + 1 :]


def truncated_utf8(text: str) -> bytes:
    """UTF-8 that stops in the middle of its last Arabic letter, as a download cut short
    leaves it: the letter's first byte, without its second."""
    data = text.rstrip().encode("utf-8")
    assert len(text.rstrip()[-1].encode("utf-8")) == 2  # an Arabic letter
    return data[:-1]


# name -> (bytes, label). Labels: status, reason (skipped/failed), encoding (aligned),
# same_as_plain (aligned like the plain UTF-8 article), output (its expected name).
Case = tuple[Callable[[], bytes], dict[str, object]]


def cases() -> dict[str, Case]:
    english, arabic = seed_paragraphs()
    english, arabic = english[:PARAGRAPHS], arabic[:PARAGRAPHS]
    text = plain()

    def same(encoding: str) -> dict[str, object]:
        return {"status": "aligned", "encoding": encoding, "same_as_plain": True}

    aligned = {"status": "aligned", "encoding": "utf-8"}
    return {
        "plain.txt": (lambda: text.encode(), same("utf-8")),
        "utf8_bom.txt": (lambda: codecs.BOM_UTF8 + text.encode(), same("utf-8")),
        "utf16le_bom.txt": (lambda: text.encode("utf-16"), same("utf-16-le")),
        "utf16be_bom.txt": (
            lambda: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            same("utf-16-be"),
        ),
        "utf32le_bom.txt": (lambda: text.encode("utf-32"), same("utf-32-le")),
        "crlf.txt": (
            lambda: text.replace("\n", "\r\n").encode(),
            {**same("utf-8"), "output": "crlf"},
        ),
        "cr.txt": (lambda: text.replace("\n", "\r").encode(), same("utf-8")),
        "mixed_line_ends.txt": (
            lambda: "".join(
                line + ("\r\n", "\n", "\r", "\u2028")[k % 4]
                for k, line in enumerate(text.split("\n"))
            ).encode(),
            same("utf-8"),
        ),
        "cp1256.txt": (
            lambda: without_latin_marks(text).encode("cp1256"),
            {"status": "aligned", "encoding": "cp1256"},
        ),
        "invisible_marks.txt": (lambda: invisible_marks(english, arabic).encode(), aligned),
        "presentation_forms.txt": (
            lambda: article(english, [presentation_forms(p) for p in arabic]).encode(),
            aligned,
        ),
        "persian_urdu.txt": (lambda: persian_urdu().encode(), aligned),
        "html_entities.txt": (lambda: html_entities(english, arabic).encode(), aligned),
        "control_characters.txt": (lambda: control_characters(english, arabic).encode(), aligned),
        "one_line.txt": (lambda: text.replace("\n", " ").encode(), aligned),
        "ar200_en3.txt": (lambda: many_arabic_few_english(english, arabic).encode(), aligned),
        "empty.txt": (lambda: b"", {"status": "skipped", "reason": "empty or white space only"}),
        "whitespace_only.txt": (
            lambda: " \t\n\r\n\u00a0\u3000\n\n".encode(),
            {"status": "skipped", "reason": "empty or white space only"},
        ),
        "arabic_only.txt": (
            lambda: article([], arabic).encode(),
            {"status": "skipped", "reason": "no English text found"},
        ),
        "english_only.txt": (
            lambda: article(english, []).encode(),
            {"status": "skipped", "reason": "no Arabic text found"},
        ),
        "digits_punctuation.txt": (
            lambda: "25/07/2021 – 14:10\n\n٢٥/٠٧/٢٠٢١ … !!! ؟\n".encode(),
            {"status": "skipped", "reason": "no Arabic text found"},
        ),
        "binary_junk.txt": (
            lambda: junk(2021, 3000),
            {"status": "failed", "reason": "binary data, not text"},
        ),
        "binary_junk_no_nul.txt": (
            lambda: junk(725, 3000).replace(b"\0", b"\1"),
            {"status": "failed", "reason": "binary data, not text"},
        ),
        "nul_inside.txt": (
            lambda: text.encode().replace(b"\n\n", b"\n\0\n", 1),
            {"status": "failed", "reason": "binary data, not text"},
        ),
        "utf16_no_bom.txt": (
            lambda: text.encode("utf-16-le"),
            {"status": "failed", "reason": "binary data, not text"},
        ),
        "damaged_utf8.txt": (
            lambda: damaged_utf8(text),
            {"status": "failed", "reason": "not valid UTF-8"},
        ),
        "truncated_utf8.txt": (
            lambda: truncated_utf8(text),
            {"status": "aligned", "encoding": "utf-8"},
        ),
        "latin1_french.txt": (
            lambda: "Le président a déclaré à la télévision qu'il était prêt.\n".encode("latin-1"),
            {"status": "failed", "reason": "not UTF-8, and not Arabic in Windows-1256"},
        ),
        # Same stem as crlf.txt, in a subdirectory: both get a longer output name.
        "sub/crlf.txt": (lambda: text.encode(), {**same("utf-8"), "output": "sub__crlf"}),
    }


def write(directory: Path = OUT) -> list[Path]:
    """Write every case and ``labels.json`` into ``directory``; return the paths written."""
    written = []
    labels = {}
    for name, (build, label) in cases().items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        written.append(path)
        labels[name] = label
    # Not inputs: a directory walk takes *.txt files only, and no hidden ones.
    for name, data in (("README", b"Not an input.\n"), (".hidden.txt", b"Not an input.\n")):
        (directory / name).write_bytes(data)
        written.append(directory / name)
    labels_path = directory / "labels.json"
    labels_path.write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n")
    return [*written, labels_path]


if __name__ == "__main__":
    for path in write():
        print(path.relative_to(HERE))
