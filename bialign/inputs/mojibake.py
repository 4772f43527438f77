"""Repair UTF-8 Arabic that an earlier tool decoded as Windows-1252 or Latin-1.

A scraper or editor that reads UTF-8 as Windows-1252 turns every Arabic letter into two
Latin-1 characters: a lead byte ``Ø``, ``Ù``, ``Ú`` or ``Û`` (0xD8-0xDB) and a continuation
byte (0x80-0xBF) shown as a Windows-1252 symbol or, read as Latin-1, a C1 control character.
``الكاظمي`` becomes ``Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ``. ``ftfy.fix_encoding`` undoes that exactly; it reads the
C1 controls as clues, so this runs before :func:`~bialign.inputs.decode.clean_text` removes
them.

Text that was fine must stay as it was. Only a text holding a misread Arabic letter is
tried; then each line holding a misread UTF-8 sequence (a *sign*: the same tool misread the
English lines' quotes and accents, ``“`` as ``â€œ``), and the repair is kept only when it
makes Arabic words appear and leaves fewer signs. French or Danish text (``café``,
``Ølstykke``) holds no sign, so ``ftfy`` is not even imported for it.
"""

from __future__ import annotations

import contextlib

import regex

from .decode import compiled

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


# A misread UTF-8 sequence: a lead byte (0xC2-0xF4) and a continuation byte. One whose lead
# byte is 0xD8-0xDB (Ø, Ù, Ú, Û) was a letter of the Arabic block U+0600-U+06FF.
_CONTINUATION = f"[{regex.escape(_continuation_bytes())}]"
_SIGN = f"[\xc2-\xf4]{_CONTINUATION}"
_ARABIC_LEADS = "\xd8\xd9\xda\xdb"
_ARABIC_SIGN = f"[{_ARABIC_LEADS}]{_CONTINUATION}"
# A word of Arabic letters: a stray sign in Latin text (German "Rohr Ø¾ Zoll", a pipe's
# diameter) would repair to one letter, misread Arabic to words.
_ARABIC_WORD = r"[\p{Script=Arabic}&&\p{L}]{2,}"


def _count(pattern: regex.Pattern[str], lines: list[str]) -> int:
    return sum(len(pattern.findall(line)) for line in lines)


def repair_mojibake(text: str) -> tuple[str, int]:
    r"""``text`` with its misread lines repaired, and how many lines were.

    >>> repair_mojibake("Ø§Ù„ÙƒØ§Ø¸Ù…ÙŠ\nâ€œDÄ\x81â€˜iÅ¡â€\x9d\ncafé Ølstykke")
    ('الكاظمي\n“Dā‘iš”\ncafé Ølstykke', 2)
    >>> repair_mojibake("Rohr Ø¾ Zoll, â€œ")
    ('Rohr Ø¾ Zoll, â€œ', 0)
    """
    # A sign opens with one of the lead bytes: most texts hold none, found without the regex.
    if not any(lead in text for lead in _ARABIC_LEADS) or not compiled(_ARABIC_SIGN).search(text):
        return text, 0
    import ftfy  # only for text that shows signs of misread Arabic

    lines = text.split("\n")
    sign, word = compiled(_SIGN), compiled(_ARABIC_WORD, regex.V1)
    repaired = [ftfy.fix_encoding(line) if sign.search(line) else line for line in lines]
    if not (
        _count(word, repaired) > _count(word, lines)
        and _count(sign, repaired) < _count(sign, lines)
    ):
        return text, 0
    return "\n".join(repaired), sum(a != b for a, b in zip(lines, repaired, strict=True))
