"""Bytes to clean text: detect the encoding, refuse what is not text, tidy it up.

Scraped Arabic text arrives in more shapes than UTF-8. :func:`decode` decides, in this order:

1. ``encoding`` given (the command line's ``--encoding``): that codec, strictly.
2. A byte-order mark: UTF-32 or UTF-16 (either byte order) or UTF-8; the mark is removed.
3. A NUL byte: binary data (or UTF-16 without a byte-order mark), refused.
4. Valid UTF-8: UTF-8. Valid UTF-8 always wins, since legacy bytes almost never form it.
5. Windows-1256, the common legacy Arabic code page, when its decoding looks like Arabic
   text: most non-ASCII letters Arabic, and those letters in words of their own
   rather than scattered inside Latin words (which is what a Latin-1 file decoded as
   Windows-1256 looks like).
   A file that is mostly well-formed UTF-8 with a few bad bytes is not tried as Windows-1256:
   it is a damaged UTF-8 file, and reading it as Windows-1256 would turn its Arabic into
   mojibake ("ط§ظ„").
6. Otherwise an :class:`InputError` naming the file and the first byte that is not UTF-8.

Decoded text that is mostly control, unassigned or private-use characters is refused as binary
(UTF-8 misread as Latin-1 excepted: its C1 controls are clues for the repair).

:func:`clean_text` then makes the text what the pipeline expects, each step for a reason:

* HTML character references (``&amp;``, ``&#1575;``, ``&#x627;``, ``&nbsp;``) are replaced by
  their characters, once (``&amp;lt;`` becomes ``&lt;``): scrapers often leave them in, and
  ``&#1575;`` is an Arabic letter the length model and the script detector must see. Only
  references ending in ``;`` are read, so ``?a=1&not=2`` in a URL stays as it is.
* Line ends become ``\\n``: CRLF, CR, and the other breaks ``str.splitlines`` knows (vertical
  tab, form feed, file/group/record separators, NEL, U+2028); a paragraph separator (U+2029)
  becomes a blank line.
* Other control characters (C0 and C1, tab and newline excepted) are removed. Invisible
  *format* characters (bidi marks, ZWJ, ZWNJ) are kept: they are part of the text (ZWNJ is
  spelling in Persian), and :mod:`bialign.chars` ignores them when measuring.

Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) are left in the text: they are
folded to base letters only when lengths are measured (:func:`bialign.chars.normalize_for_length`),
so what is written out is what was read.
"""

from __future__ import annotations

import codecs
import functools
import html
from codecs import BOM_UTF8

import regex

from .._compiled import speedups
from ..errors import InputError

_COMPILED = speedups is not None  # the compiled check, where it was built from this source
if _COMPILED:
    from .. import _speedups

__all__ = [
    "BOMS",
    "BOM_STARTS",
    "PROBE_BYTES",
    "DecodingError",
    "clean_text",
    "compiled",
    "cut_character",
    "decode",
    "refuse_nul",
]

#: Byte-order marks and their codecs, longest first: the UTF-32 LE mark begins with the
#: UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# What is read of an input without a size limit before the rest: enough to refuse binary data.
PROBE_BYTES = 1 << 16
BOM_STARTS = tuple(bom for bom, _ in BOMS)

# A share of non-text characters above this makes decoded input "binary". Real text has none
# or a handful; random bytes read as a single-byte code page have about one in eight. A C1
# control that continues a UTF-8 sequence begun by a Latin-1 letter (Â-ô) is not counted: it
# is UTF-8 text misread as Latin-1, which :mod:`bialign.inputs.mojibake` repairs.
_MAX_JUNK_SHARE = 0.05
_JUNK = (
    r"(?<![\xc2-\xf4]|[\xe0-\xf4][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{2})[\x80-\x9f]"
    r"|[[\p{Cc}\p{Cn}\p{Co}\p{Cs}\N{REPLACEMENT CHARACTER}]--[\t\n\r\f\v\x80-\x9f]]"
)

# Windows-1256 heuristics: Arabic letters must be half the non-ASCII letters or more, seldom
# glued to a Latin letter (misread Latin-1 puts single Arabic letters inside Latin words).
_MIN_ARABIC_SHARE = 0.5
_MAX_GLUED_SHARE = 0.1
_ARABIC_LETTER = r"[\p{Script=Arabic}&&\p{L}]"
_NON_ASCII_LETTER = r"[\p{L}--[\x00-\x7f]]"
_GLUED = (
    r"(?<=[\p{Script=Latin}&&\p{L}])[\p{Script=Arabic}&&\p{L}]"
    r"|[\p{Script=Arabic}&&\p{L}](?=[\p{Script=Latin}&&\p{L}])"
)

_REFERENCE = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_LINE_END = "\r\n|[\r\v\f\x1c\x1d\x1e\x85\N{LINE SEPARATOR}]"
_PARAGRAPH_END = "\N{PARAGRAPH SEPARATOR}"
_CONTROL = r"[[\p{Cc}]--[\t\n]]"
# A line of nothing but format characters (bidi marks, zero-width joiners) and tatweel: no
# text, but a separator drawn with tatweel, or marks an editor left on an empty line.
_MARKS_ONLY = r"(?m)^[ \t]*+[\p{Cf}\N{ARABIC TATWEEL}][\p{Cf}\N{ARABIC TATWEEL} \t]*+$"
# Not bialign.chars's: that module loads NumPy, which the command line must load only after it
# has chosen OpenBLAS's threads.
_TATWEEL = "\N{ARABIC TATWEEL}"


@functools.cache
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``pattern`` compiled on first use, and kept: the regex parser is slow (a pattern of the
    inputs' takes 0.1-1 ms), and most texts (UTF-8, printable lines, no "&", no misread
    Arabic, a letter first) need few of them or none."""
    return regex.compile(pattern, flags)


class DecodingError(InputError):
    """Bytes that are not valid in the encoding the input is in: the one named, the one its
    byte-order mark claims, or UTF-8 with a few damaged bytes. ``encoding`` names it."""

    def __init__(self, name: str, encoding: str, detail: str) -> None:
        super().__init__(name, f"not valid {encoding}", detail)
        self.encoding = encoding


def _strict(data: bytes, encoding: str, name: str, skip: int = 0) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        raise DecodingError(
            name,
            encoding,
            f"byte 0x{data[offset]:02x} at offset {offset} ({error.reason})",
        ) from None


def _count(pattern: regex.Pattern[str], text: str) -> int:
    """Characters of ``text`` that ``pattern`` matches, without a list of the matches."""
    return len(text) - len(pattern.sub("", text))


def _looks_arabic(text: str) -> bool:
    """Whether text decoded as Windows-1256 reads as Arabic rather than misread Latin-1.

    >>> _looks_arabic("قال الرئيس: نعم"), _looks_arabic("café crème brûlée")
    (True, False)
    >>> _looks_arabic("Bنckerstraكe Mنdchen")  # German in Latin-1, read as Windows-1256
    False
    """
    arabic = _count(compiled(_ARABIC_LETTER, regex.V1), text)
    return (
        arabic > 0
        and arabic >= _MIN_ARABIC_SHARE * _count(compiled(_NON_ASCII_LETTER, regex.V1), text)
        and _count(compiled(_GLUED, regex.V1), text) <= _MAX_GLUED_SHARE * arabic
    )


#: What a file that is not text most often is, by how it begins: what to do about it.
_CONTAINERS = (
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"PK\x03\x04", "a ZIP archive (or .docx, .epub): take its text out first"),
    (b"BZh", "bzip2-compressed: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first"),
    (b"%PDF-", "a PDF: take its text out first (pdftotext -layout)"),
)


def _hint(data: bytes) -> str:
    """What binary ``data`` may be, to say with its refusal: compressed, an archive, a PDF
    (by its first bytes), or UTF-16 without a byte-order mark.

    >>> _hint(b"\\x1f\\x8b\\x08\\x00" + bytes(8))
    '; gzip-compressed: decompress it first'
    """
    for start, what in _CONTAINERS:
        if data.startswith(start):
            return f"; {what}"
    return _utf16_hint(data)


def _utf16_hint(data: bytes) -> str:
    """A hint when ``data`` looks like UTF-16 without a byte-order mark: every other byte the
    high byte of Latin (0x00) or Arabic (0x06) characters, and the bytes between them hardly
    ever NUL (binary data has NULs at both).

    >>> _utf16_hint("نص".encode("utf-16-le"))
    '; UTF-16 without a byte-order mark? name it with --encoding utf-16-le'
    >>> _utf16_hint(b"\\x7fELF\\x02\\x01\\x01" + bytes(57))  # an executable's header
    ''
    """
    for start, order in ((1, "le"), (0, "be")):
        high, low = data[start::2], data[1 - start :: 2]
        if (
            len(high) >= 2
            and high.count(0) + high.count(6) >= 0.5 * len(high)
            and low.count(0) <= 0.05 * len(low)
        ):
            return f"; UTF-16 without a byte-order mark? name it with --encoding utf-16-{order}"
    return ""


def _junk(text: str) -> int:
    r"""Characters of ``text`` that ``_JUNK`` matches.

    A line ``str.isprintable`` passes holds no control, unassigned, private-use or surrogate
    character, so the only junk it can hold is U+FFFD: most lines skip the regex.

    >>> _junk("ok\n\x01\x02 bad\tline\n\ufffd")
    3
    """
    if _printable_lines(text):
        return text.count("\N{REPLACEMENT CHARACTER}")
    junk = compiled(_JUNK, regex.V1)
    return sum(
        line.count("\N{REPLACEMENT CHARACTER}") if line.isprintable() else _count(junk, line)
        for line in text.split("\n")
    )


def _printable_lines(text: str) -> bool:
    r"""Whether every line of ``text`` passes ``str.isprintable``: most texts, answered in
    one pass over the text instead of a call a line (compiled where the extension was built).

    >>> _printable_lines("a line\nanother"), _printable_lines("a\tb"), _printable_lines("")
    (True, False, True)
    """
    if not _COMPILED:
        return _printable_lines_python(text)
    return _speedups.printable_lines(text)


def _printable_lines_python(text: str) -> bool:
    """:func:`_printable_lines` in Python: two passes, and a copy of the text."""
    return text.replace("\n", "").isprintable()


def _refuse_binary(text: str, data: bytes, name: str) -> None:
    junk = _junk(text)
    if junk > _MAX_JUNK_SHARE * len(text):
        share = f"{junk / len(text):.0%} control, unassigned or private-use characters"
        raise InputError(name, "binary data, not text", share + _hint(data))


def decode(data: bytes, name: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` as described in the module docstring; return the text and the encoding.

    >>> decode("نص".encode("utf-16"))
    ('نص', 'utf-16-le')
    >>> decode("نص عربي".encode("cp1256"))
    ('نص عربي', 'cp1256')
    >>> decode(b"caf\\xe9 au lait", "menu.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bialign.errors.InputError: menu.txt: not UTF-8, ...: byte 0xe9 at offset 3 is not UTF-8...

    An unknown ``encoding`` raises ``LookupError``.
    """
    if encoding is not None:
        codec = codecs.lookup(encoding).name
        bom = next((bom for bom, name_ in BOMS if name_ == codec), b"")
        text = _strict(data, codec, name, len(bom) if bom and data.startswith(bom) else 0)
    else:
        codec, text = _detect(data, name)
    _refuse_binary(text, data, name)
    return text, codec


def refuse_nul(data: bytes, name: str) -> None:
    """Refuse data with a NUL byte and no byte-order mark: binary (or UTF-16 without a mark)."""
    nul = data.find(b"\0")
    if nul >= 0:
        detail = f"NUL byte at offset {nul}{_hint(data)}"
        raise InputError(name, "binary data, not text", detail)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, _strict(data, codec, name, len(bom))
    refuse_nul(data, name)
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    if _mostly_utf8(data):
        raise DecodingError(
            name,
            "UTF-8",
            f"{bad}, though the rest is UTF-8: a damaged or truncated file?",
        )
    text = data.decode("cp1256")
    _refuse_binary(text, data, name)
    if _looks_arabic(text):
        return "cp1256", text
    raise InputError(
        name,
        "not UTF-8, and not Arabic in Windows-1256",
        f"{bad} is not UTF-8; name the encoding with --encoding",
    )


def _has_tatweel_line(text: str) -> bool:
    r"""Whether a line of ``text`` holds nothing but tatweel and spaces: in text whose lines are
    printable (no format characters, no tabs), the only lines :data:`_MARKS_ONLY` empties.
    Tatweel stretches words in many Arabic texts: only the lines that hold one are read (the
    pattern's pass over every line was 3% of the instructions of aligning 6 MB of articles).

    >>> _has_tatweel_line("قالـــت\nـــــــ"), _has_tatweel_line("قالـــت\nالعربيـــة")
    (True, False)
    """
    at = text.find(_TATWEEL)
    while at >= 0:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if not text[text.rfind("\n", 0, at) + 1 : end].strip(" " + _TATWEEL):
            return True
        at = text.find(_TATWEEL, end)
    return False


def cut_character(data: bytes) -> int:
    """How many bytes at the end of ``data`` begin a UTF-8 character that the data stops
    before it is whole (1 to 3), where all before them is UTF-8 (a byte-order mark of UTF-8 or
    none), and a single byte after ASCII text is not (it may be a one-byte code page's
    letter): what a download cut short leaves; else 0.
    One letter cut in half is no reason to refuse an article, as damage inside the text is
    (:func:`decode` says where).

    >>> cut_character("قال".encode()[:-1]), cut_character("قال".encode())
    (1, 0)
    >>> cut_character("قال".encode("cp1256")), cut_character("café".encode("latin-1"))
    (0, 0)
    >>> cut_character("The report ends here \N{EM DASH}".encode()[:-1])  # ASCII, then 2 bytes
    2
    """
    if data[-1:].isascii() or (data.startswith(BOM_STARTS) and not data.startswith(BOM_UTF8)):
        return 0  # most files: they end in a line break
    # Where the last character begins: the last byte that continues none (10xxxxxx does).
    start = len(data) - 1
    while start > len(data) - _UTF8_LONGEST and start > 0 and data[start] & 0xC0 == 0x80:
        start -= 1
    try:
        data[start:].decode("utf-8")
        return 0  # a whole character: decode reads the rest
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":  # no character's beginning: damage
            return 0
    cut = len(data) - start
    try:  # a file that ends so is rare: the rest is decoded twice
        data[:start].decode("utf-8")
    except UnicodeDecodeError:  # damage inside, or another code page: decode says which
        return 0
    # A single byte after ASCII text may be a letter of a one-byte code page (Latin-1's "é");
    # a character's first bytes, two or three of them, are UTF-8's.
    return 0 if cut == 1 and data[:start].isascii() else cut


#: Bytes at most of a UTF-8 character.
_UTF8_LONGEST = 4


def _mostly_utf8(data: bytes) -> bool:
    """Whether well-formed UTF-8 sequences outnumber the malformed ones: a UTF-8 file with a
    few damaged bytes, which read as Windows-1256 would come out as mojibake.

    >>> _mostly_utf8("قال الكاظمي".encode() + b"\\xd8"), _mostly_utf8("قال".encode("cp1256"))
    (True, False)
    """
    text = data.decode("utf-8", errors="replace")
    malformed = text.count("\N{REPLACEMENT CHARACTER}")
    return len(text) - len(text.encode("ascii", "ignore")) - malformed > malformed


def clean_text(text: str, references: bool = True) -> tuple[str, tuple[tuple[str, int], ...]]:
    r"""Unescape HTML references (unless ``references`` is false: text an HTML parser has
    already unescaped, where ``&amp;lt;`` stands for ``&lt;``), normalise line ends, drop
    control characters, and empty the lines that hold only bidi marks, zero-width characters
    and tatweel.

    Returns the text and, for every kind of change made, its name and how many were made.

    >>> clean_text("Tom &amp; Jerry&#13;\r\n&#1575;&nbsp;\x07x")  # doctest: +NORMALIZE_WHITESPACE
    ('Tom & Jerry\n\nا\xa0x',
     (('html-references', 4), ('line-ends', 2), ('control-characters', 1)))
    >>> clean_text("قال\nـــــــ\n\u200f\u200f\nThe end")
    ('قال\n\n\nThe end', (('mark-lines', 2),))
    """
    changes = []
    if references and "&" in text:  # every reference opens with "&"
        text, count = compiled(_REFERENCE).subn(lambda m: html.unescape(m.group()), text)
        changes.append(("html-references", count))
    # Line ends other than "\n" and control characters all fail str.isprintable: most text,
    # whose lines pass it, has none to change.
    printable = _printable_lines(text)  # format characters are not printable
    if not printable:
        text, paragraphs = compiled(_PARAGRAPH_END).subn("\n\n", text)
        text, count = compiled(_LINE_END).subn("\n", text)
        changes.append(("line-ends", count + paragraphs))
        text, count = compiled(_CONTROL, regex.V1).subn("", text)
        changes.append(("control-characters", count))
    if not printable or _has_tatweel_line(text):
        text, count = compiled(_MARKS_ONLY).subn("", text)
        changes.append(("mark-lines", count))
    return text, tuple((name, count) for name, count in changes if count)
