"""The records every stage passes on: small, frozen and typed, importing nothing of bialign's
but its errors.

Stages produce them (:class:`Paragraph` by detection, :class:`ArticleSplit` by the article
splitter, :class:`Bead` by the aligner, :class:`ArticleAlignment` by the pipeline), and
writers, readers, filters and batch runners consume them without importing the stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import AlignmentError

__all__ = [
    "AlignedPair",
    "ArticleAlignment",
    "ArticleSplit",
    "Bead",
    "Boundary",
    "Dropped",
    "Language",
    "Layout",
    "Paragraph",
    "Script",
    "ScriptReport",
    "Structure",
    "UnitKind",
]

#: The two languages, by ISO 639-1 code.
Language = Literal["ar", "en"]
#: A paragraph's script: Arabic, Latin, both, or no letters at all.
Script = Literal["ar", "latin", "mixed", "neutral"]
#: How an article's two languages were laid out.
Layout = Literal["en-ar", "ar-en", "interleaved", "ar-only", "en-only", "empty"]
#: Why a unit of the input starts where it does: the top of the file, a blank line, a line
#: break in a block of one paragraph a line, a change of script from one line to the next, or
#: a line before it that was dropped (a number, furniture).
Boundary = Literal["start", "blank line", "line break", "script change", "dropped line"]
#: What a unit of the input is: a paragraph, a short line of its own (a title, a byline, a
#: date), or a verse or list number (dropped).
UnitKind = Literal["paragraph", "short", "number"]


@dataclass(frozen=True)
class ScriptReport:
    """The verdict on one piece of text, with the letter counts it rests on.

    ``latin_names`` are the Latin letters of names, code and addresses inside Arabic
    sentences ("حضر José Ramírez و Zoë Müller", "استخدم الأمر pip install"): counted among
    ``latin_letters``, they do not vote (see :func:`bialign.detect.detect_script`). They are
    looked for only where they could change the verdict, in text (and on lines) that its
    Arabic letters do not already make Arabic."""

    script: Script
    arabic_letters: int
    latin_letters: int
    latin_names: int = 0

    @property
    def arabic_share(self) -> float:
        """Arabic letters as a share of the letters that vote (0 when there are none)."""
        total = self.arabic_letters + self.latin_letters - self.latin_names
        return self.arabic_letters / total if total else 0.0

    @property
    def latin_share(self) -> float:
        """Latin letters that vote as a share of the letters that vote (0 when there are
        none)."""
        total = self.arabic_letters + self.latin_letters - self.latin_names
        return (self.latin_letters - self.latin_names) / total if total else 0.0


@dataclass(frozen=True)
class Paragraph:
    """A unit of the input (see :func:`bialign.detect.paragraphs`): its text, the line it
    starts on and how many lines it spans, its script, what it is and why it starts there."""

    text: str
    line: int
    report: ScriptReport
    lines: int = 1
    kind: UnitKind = "paragraph"
    boundary: Boundary = "start"

    @property
    def script(self) -> Script:
        return self.report.script


@dataclass(frozen=True)
class Dropped:
    """Text left out of both sides on purpose, with why and where: its 1-based line and, in a
    document given as two files, the side whose file it was in (its line numbers are that
    file's)."""

    text: str
    reason: str
    line: int
    side: Language | None = None


@dataclass(frozen=True)
class Structure:
    """What the splitter inferred of a document's structure, in short: the units (paragraphs
    and short lines) it sent to each side and how often each boundary rule cut the text."""

    ar_units: int = 0
    en_units: int = 0
    boundaries: tuple[tuple[Boundary, int], ...] = ()

    def summary(self) -> dict[str, object]:
        """The structure as a JSON-ready record, as ``--report`` writes it."""
        return {
            "units": {"ar": self.ar_units, "en": self.en_units},
            "boundaries": dict(self.boundaries),
        }


@dataclass(frozen=True)
class ArticleSplit:
    """The two sides of an article, paragraph by paragraph, in reading order.

    ``ar_lines`` and ``en_lines`` give the 1-based input line each paragraph starts on;
    for an interleaved layout (empty for another), ``order`` gives the sides of the
    paragraphs in reading order (``("en", "ar", "en", "ar")``), and ``order_units`` the block
    of the input each was cut from, numbered (lines with no blank line, furniture or number
    between them: a bilingual subtitle cue or paragraph gives each side one, and the two
    share a number).
    """

    ar: tuple[str, ...]
    en: tuple[str, ...]
    dropped: tuple[Dropped, ...]
    layout: Layout
    ar_lines: tuple[int, ...] = ()
    en_lines: tuple[int, ...] = ()
    structure: Structure = Structure()
    order: tuple[Language, ...] = ()
    order_units: tuple[int, ...] = ()


@dataclass(frozen=True)
class Bead:
    """One aligned unit: Arabic sentence indices, English sentence indices, and a confidence.

    Indices are 0-based positions in each side's sentence list; either side may be empty
    (an unaligned sentence). ``score`` is in [0, 1]: higher means more trustworthy.
    """

    ar: tuple[int, ...]
    en: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type as ``"ar-en"`` sentence counts, e.g. ``"1-1"`` or ``"2-1"``."""
        return f"{len(self.ar)}-{len(self.en)}"


@dataclass(frozen=True)
class ArticleAlignment:
    """A document aligned: both sentence lists, the beads over them, and what was left out.

    ``source`` names the input (a file path, or ``"-"``); ``signature`` is the text of the
    :class:`bialign.config.Signature` that produced the result, for reproducibility.
    ``ar_transliterated`` holds the Arabic sentences in Latin letters when a transliteration
    was asked for.
    """

    source: str
    ar: tuple[str, ...]
    en: tuple[str, ...]
    beads: tuple[Bead, ...]
    dropped: tuple[Dropped, ...] = ()
    layout: Layout = "en-ar"
    signature: str = ""
    ar_transliterated: tuple[str, ...] = ()
    structure: Structure = Structure()

    def check(self) -> None:
        """Raise :class:`~bialign.errors.AlignmentError` unless every sentence of each side is
        in exactly one bead, in order, and no bead is empty on both sides.

        >>> good = ArticleAlignment("a.txt", ("ا", "ب"), ("A",), (Bead((0, 1), (0,), 1.0),))
        >>> good.check()
        >>> lost = ArticleAlignment("a.txt", ("ا", "ب"), ("A",), (Bead((0,), (0,), 1.0),))
        >>> lost.check()
        Traceback (most recent call last):
        ...
        bialign.errors.AlignmentError: a.txt: Arabic sentence 1 is in no bead
        """
        beads = self.beads
        # What every alignment is, checked at once; where it fails, bead by bead for the message.
        if (
            all(bead.ar or bead.en for bead in beads)
            and [i for bead in beads for i in bead.ar] == list(range(len(self.ar)))
            and [j for bead in beads for j in bead.en] == list(range(len(self.en)))
        ):
            return
        for number, bead in enumerate(beads):
            if not bead.ar and not bead.en:
                raise AlignmentError(f"{self.source}: bead {number} holds no sentence")
        for language, sentences, side in (("Arabic", self.ar, "ar"), ("English", self.en, "en")):
            order = [
                (i, number) for number, bead in enumerate(self.beads) for i in getattr(bead, side)
            ]
            problem = _first_problem(order, len(sentences))
            if problem:
                raise AlignmentError(f"{self.source}: {language} {problem}")


def _first_problem(order: Sequence[tuple[int, int]], count: int) -> str:
    """What is wrong with sentence indices ``order`` (with their bead numbers) for a side of
    ``count`` sentences, or ``""`` when they are exactly 0, 1, ..., count - 1."""
    for position, (index, bead) in enumerate(order):
        if not 0 <= index < count:
            return f"sentence {index} (bead {bead}) does not exist: the side has {count}"
        if index == position:
            continue
        if index < position:
            return f"sentence {index} is in two beads (the second is bead {bead})"
        if any(i == position for i, _ in order[position:]):
            return f"sentence {position} comes after sentence {index} (bead {bead})"
        return f"sentence {position} is in no bead"
    if len(order) < count:
        return f"sentence {len(order)} is in no bead"
    return ""


@dataclass(frozen=True)
class AlignedPair:
    """One bead with its text, as the line-based formats (TSV, TMX, Moses) carry it.

    ``ar`` and ``en`` are segments (one line each: the bead's sentences joined by a space);
    the indices point into the document's sentence lists; ``score`` is NaN when unknown.
    """

    source: str
    ar: str
    en: str
    ar_index: tuple[int, ...]
    en_index: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type as ``"ar-en"`` sentence counts, e.g. ``"2-1"``."""
        return f"{len(self.ar_index)}-{len(self.en_index)}"
