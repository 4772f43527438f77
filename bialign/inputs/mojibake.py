"""Repair UTF-8 Arabic that an earlier tool decoded as Windows-1252 or Latin-1.

A scraper or editor that reads UTF-8 as Windows-1252 turns every Arabic letter into two
Latin-1 characters: a lead byte ``Ø``, ``Ù``, ``Ú`` or ``Û`` (0xD8-0xDB) and a continuation
byte (0x80-0xBF) shown as a Windows-1252 symbol or, read as Latin-1, a C1 control character.
``الكاظمي`` becomes ``Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ``. ``ftfy.fix_encoding`` undoes that exactly; it reads the
C1 controls as clues, so this runs before :func:`~bialign.inputs.decode.clean_text` removes
them.

Text that was fine must stay as it was: only lines holding such a pair (a *sign*) are tried,
and a repair is kept only when it makes Arabic letters appear and leaves fewer signs. French
or Danish text (``café``, ``Ølstykke``) has no sign, so ``ftfy`` is not even imported for it.
"""

from __future__ import annotations

import contextlib

import regex

__all__ = ["repair_mojibake"]


def _continuation_bytes() -> str:
    """The characters bytes 0x80-0xBF become when read as Windows-1252 (its five undefined
    bytes kept as their code points, as browsers do) or as Latin-1 (C1 controls)."""
    chars = set()
    for byte in range(0x80, 0xC0):
        chars.add(chr(byte))
        with contextlib.suppress(UnicodeDecodeError):
            chars.add(bytes([byte]).decode("cp1252"))
    return "".join(sorted(chars))


# Lead bytes of U+0600-U+06FF (the Arabic block) in UTF-8, then a continuation byte.
_LEADS = "".join(bytes([byte]).decode("latin-1") for byte in range(0xD8, 0xDC))  # ØÙÚÛ
_SIGN = regex.compile(f"[{_LEADS}][{regex.escape(_continuation_bytes())}]")
_ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.V1)


def _repair_line(line: str) -> str:
    """``line`` repaired, or as it was when the repair does not make it more Arabic.

    >>> _repair_line("Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ: Iraq")
    'الكاظمي: Iraq'
    >>> _repair_line("ÙØ is not Arabic")
    'ÙØ is not Arabic'
    """
    import ftfy  # only for text that shows signs of mojibake

    fixed = ftfy.fix_encoding(line)
    more_arabic = len(_ARABIC_LETTER.findall(fixed)) > len(_ARABIC_LETTER.findall(line))
    fewer_signs = len(_SIGN.findall(fixed)) < len(_SIGN.findall(line))
    return fixed if more_arabic and fewer_signs else line


def repair_mojibake(text: str) -> tuple[str, int]:
    """``text`` with its mojibake Arabic lines repaired, and how many lines were.

    >>> repair_mojibake("Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ\\ncafé Ølstykke")
    ('الكاظمي\\ncafé Ølstykke', 1)
    """
    if not _SIGN.search(text):
        return text, 0
    lines = text.split("\n")
    repaired = [_repair_line(line) if _SIGN.search(line) else line for line in lines]
    changed = sum(a != b for a, b in zip(lines, repaired, strict=True))
    return "\n".join(repaired), changed
