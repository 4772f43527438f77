"""The word table: Arabic stems and the English stems they translate to.

An Arabic word whose stem the table lists adds those English stems to its sentence's anchor
tokens. bialign ships one, trained on public parallel text (``data/lexicon_ar_en.tsv``); a
user may bring their own (a TSV of Arabic and English words, say for a domain's terms) and
merge it with the shipped one or use it instead.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TypeVar, overload

from .tokens import word_stem

__all__ = ["Lexicon"]

_T = TypeVar("_T")


class Lexicon(Mapping[str, tuple[str, ...]]):
    """A frozen word table: Arabic stem → English stems, named, with a content digest.

    ``digest`` is the SHA-256 of the table's contents (entries sorted, one line each: the
    Arabic stem, a tab, the English stems), so that two tables of the same words are equal
    and hash alike whatever their ``name``, and a signature can say which table aligned.

    >>> mine = Lexicon({"كاظم": ("kazemi",)}, "mine")
    >>> mine["كاظم"], mine == Lexicon({"كاظم": ["kazemi"]}, "other"), len(mine.digest)
    (('kazemi',), True, 64)
    """

    __slots__ = ("_table", "digest", "name")

    def __init__(self, table: Mapping[str, Iterable[str]], name: str = "") -> None:
        self._table = {arabic: tuple(english) for arabic, english in table.items()}
        self.name = name
        lines = (f"{ar}\t{' '.join(en)}\n" for ar, en in sorted(self._table.items()))
        self.digest = hashlib.sha256("".join(lines).encode()).hexdigest()

    @classmethod
    def _of(cls, table: dict[str, tuple[str, ...]], name: str, digest: str) -> Lexicon:
        """A table whose digest is known, without working it out again."""
        lexicon = cls.__new__(cls)
        lexicon._table, lexicon.name, lexicon.digest = table, name, digest
        return lexicon

    @staticmethod
    def shipped() -> Lexicon:
        """The table shipped with bialign, read on first use."""
        return _shipped()

    @classmethod
    def from_tsv(cls, path: str | Path, name: str | None = None) -> Lexicon:
        """A table read from a UTF-8 file of lines "Arabic word <TAB> English words".

        Words are keyed as the aligner reads them (marks removed, alef forms folded, clitics
        and plural endings stripped, English lower-cased); several English words on a line
        are each a translation, and a word on several lines gets them all. Blank lines and
        lines starting with "#" are skipped. ``name`` defaults to the file's name. Raises
        ValueError naming the file and line of a row that is not one Arabic content word
        and English content words.
        """
        path = Path(path)
        table: dict[str, list[str]] = {}
        text = path.read_text(encoding="utf-8-sig")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                arabic, english = _row(line)
            except ValueError as error:
                raise ValueError(f"{path}, line {number}: {error}") from None
            known = table.setdefault(arabic, [])
            known += [word for word in english if word not in known]
        return cls(table, path.name if name is None else name)

    def merged(self, other: Lexicon) -> Lexicon:
        """This table with ``other``'s entries added: a word in both gets both translations."""
        table = {arabic: list(english) for arabic, english in self._table.items()}
        for arabic, english in other.items():
            known = table.setdefault(arabic, [])
            known += [word for word in english if word not in known]
        return Lexicon(table, f"{self.name}+{other.name}")

    def __getitem__(self, arabic: str) -> tuple[str, ...]:
        return self._table[arabic]

    # Mapping's get and `in` would raise and catch KeyError on every word the table lacks.
    @overload
    def get(self, arabic: str, /) -> tuple[str, ...] | None: ...
    @overload
    def get(self, arabic: str, default: _T, /) -> tuple[str, ...] | _T: ...
    def get(self, arabic: str, default: object = None, /) -> object:
        return self._table.get(arabic, default)

    @property
    def table(self) -> Mapping[str, tuple[str, ...]]:
        """The table's own dict, not to be changed: the compiled word analysis looks up every
        stem first met in it, where a method cost a call (a Python one, a frame)."""
        return self._table

    def __contains__(self, arabic: object) -> bool:
        return arabic in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lexicon):
            return self.digest == other.digest
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self)} words, sha256 {self.digest[:12]})"


def _row(line: str) -> tuple[str, list[str]]:
    """The Arabic stem and English stems of one line of a user's table."""
    cells = line.split("\t")
    if len(cells) != 2:
        raise ValueError(f"expected an Arabic word, a tab and English words, got {line!r}")
    word, words = cells[0].strip(), cells[1].split()
    arabic = word_stem(word, "ar")
    if not arabic:
        raise ValueError(f"{word!r} is not one Arabic word, or is a function word bialign skips")
    english = [stem for stem in (word_stem(w, "en") for w in words) if stem]
    if not english:
        raise ValueError(f"{cells[1]!r} holds no English word bialign does not skip")
    return arabic, english


@functools.cache
def _shipped() -> Lexicon:
    """:meth:`Lexicon.shipped`: stems as the table was built, so read as they stand.

    After its "#" header the file lists the table as its digest is worked out (entries
    sorted, one a line; a test checks), so the digest is that of those bytes, and the table
    is one split of them: cutting and rejoining every line was most of loading it, at every
    start.
    """
    data = resources.files("bialign").joinpath("data/lexicon_ar_en.tsv").read_bytes()
    start = 0
    while data.startswith(b"#", start):
        start = data.index(b"\n", start) + 1
    body = memoryview(data)[start:]
    cells = str(body, "utf-8").replace("\n", "\t").split("\t")  # Arabic, English, Arabic...
    table = dict(zip(cells[0:-1:2], map(tuple, map(str.split, cells[1::2])), strict=True))
    return Lexicon._of(table, "shipped", hashlib.sha256(body).hexdigest())
