"""Every setting that changes a result, and the signature that records them.

:class:`AlignConfig` (the aligner), :class:`SearchConfig` (its speed/exactness trade) and
:class:`ArabicOptions` (CAMeL Tools services) are frozen and hashable. A :class:`Signature`
holds all of them, with the splitter, the version and a digest of each shipped data file; its
text is written with every output and parses back into the settings that replay the result
(``bialign align --config FILE``), as sacrebleu's signatures do for its scores.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, TypeVar, get_args

from ._version import __version__

if TYPE_CHECKING:  # the floor imports nothing of bialign's at run time
    from numpy.typing import ArrayLike

    from .lexicon import Lexicon

__all__ = [
    "DEFAULT_PRIORS",
    "SCHEMES",
    "USEM3",
    "WIDE_SPLITS",
    "AlignConfig",
    "ArabicOptions",
    "Embedder",
    "Scheme",
    "SearchConfig",
    "SemanticSetting",
    "Signature",
    "Splitter",
    "without_wide_splits",
]

BeadKind = tuple[int, int]
_T = TypeVar("_T")

#: Arabic sentence counts of the n-1 beads searched only where the search is exact or reads
#: more than lengths (anchors, meaning): on a long document aligned by length alone, banded,
#: they let the band's cheapest partial path run down the Arabic on few English sentences,
#: and the band follows it off the true path (align_lengths' strict F1 on the speed
#: benchmark's 100,000 sentences fell from 0.475 to 0.022 with them, while align_sentences,
#: with anchors, rose from 0.764 to 0.796).
WIDE_SPLITS = range(4, 7)


def without_wide_splits(
    priors: tuple[tuple[BeadKind, float], ...],
) -> tuple[tuple[BeadKind, float], ...]:
    """The priors less the n-1 kinds of :data:`WIDE_SPLITS`: those a banded search by
    lengths alone takes."""
    return tuple(((a, b), p) for (a, b), p in priors if b != 1 or a not in WIDE_SPLITS)


#: Bead types as (Arabic sentences, English sentences) with their prior probabilities.
#: Arabic–English translations merge and split sentences more than the French–English
#: Hansards Gale & Church measured, so n:m beads get more mass than their 1993 table.
DEFAULT_PRIORS: tuple[tuple[BeadKind, float], ...] = (
    ((1, 1), 0.80),
    ((1, 0), 0.01),
    ((0, 1), 0.01),
    ((2, 1), 0.06),
    ((1, 2), 0.06),
    ((2, 2), 0.03),
    ((1, 3), 0.01),
    ((3, 1), 0.01),
    # Literary prose joins up to eight or more English sentences into one Arabic one (so
    # does a legal text listing in one line what English gives line by line); priced low
    # enough that on UN, Bible and Tatoeba text they take nothing from 1-1
    # (benchmarks/quality.py). Up to 1-8, as Bertalign's max_align 8: without 1-7 and 1-8 a
    # bead that wide is cut, and the path around the cut goes out of step (literary dev
    # strict F1 0.818 with beads up to 1-6, 0.962 up to 1-8).
    ((2, 3), 0.005),
    ((3, 2), 0.005),
    *(((1, n), 0.005) for n in range(4, 9)),
    # 4-1 to 6-1: English joins what Arabic keeps apart less often, but it does (the King
    # James Version runs Genesis 5:21-24 into one sentence): literary-en dev strict F1 0.527
    # to 0.923 with them, Bible dev merged 0.962 to 0.971, UN, Tatoeba, UDHR and literary
    # as they were (at 0.0025: 0.919, at 0.01: 0.925, the others alike). Searched only
    # where the search is exact or reads more than lengths (WIDE_SPLITS).
    *(((n, 1), 0.005) for n in WIDE_SPLITS),
)


#: A sentence embedder: texts in, a matrix with a row per text out (any length; rows are
#: normalised before use). A user's own (a local LaBSE, say) goes in :attr:`AlignConfig.semantic`.
Embedder: TypeAlias = "Callable[[list[str]], ArrayLike]"
#: The embedder the ``semantic`` extra installs: USE multilingual v3 (``usem3``).
USEM3: Final = "usem3"
#: What :attr:`AlignConfig.semantic` holds: the shipped embedder by name, a user's, or none.
SemanticSetting: TypeAlias = "Literal['usem3'] | Embedder | None"


def _positive(name: str, value: float, *, zero: bool = False) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        wanted = "a finite number >= 0" if zero else "a finite number > 0"
        raise ValueError(f"{name} must be {wanted}, not {value!r}")


def _whole(name: str, value: int, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValueError(f"{name} must be a whole number >= {least}, not {value!r}")


@dataclass(frozen=True)
class SearchConfig:
    """How the search trades exactness for speed.

    Tables of at most ``full_cells`` cells are searched in full (exact). Larger ones are
    searched within ``band`` sentences either side of the cheapest partial path, a band that
    follows the search chunk of rows by chunk, then grown where the path presses against its
    edge.
    """

    full_cells: int = 250_000
    band: int = 48

    def __post_init__(self) -> None:
        _whole("SearchConfig.full_cells", self.full_cells, 0)
        _whole("SearchConfig.band", self.band, 1)


@dataclass(frozen=True)
class AlignConfig:
    """Settings of the aligner; the defaults are the ones benchmarks/quality.py measures.

    ``priors`` are the bead types searched and their prior probabilities, as ``(a, b) ->
    p`` pairs in search order (a mapping is accepted and kept as pairs, so the config stays
    hashable). ``ratio`` is English characters per Arabic character and ``variance`` the
    length variance per character; ``None`` estimates them from the document. With
    ``passes`` of 2 or more, the ratio, variance and priors are re-estimated from the
    previous pass's beads (shrunk toward the configured values on short documents);
    paragraphs, which are few, are aligned in one pass whatever ``passes`` says.
    ``anchor_weight`` is how many nats a bead gains when its two sides share all their anchor
    tokens (words via the word table, numbers, names); 0 aligns by length alone. ``lexicon``
    is the word table Arabic words are read through: ``None`` is the shipped one
    (:meth:`bialign.lexicon.Lexicon.shipped`); a user's may be merged with it or replace it.
    With ``refine`` (and ``passes`` of 2 or more), word pairs that recur in a pass's confident
    1-1 beads are added to the word table for the next pass. ``search`` trades exactness for
    speed on long documents (see :class:`SearchConfig`). ``semantic`` adds the meaning of
    the sentences to the evidence (:mod:`bialign.scorers.semantic`): ``"usem3"`` embeds them
    with USE multilingual v3 (the ``semantic`` extra), a callable (an :data:`Embedder`) with
    that embedder; ``None`` aligns without.
    """

    priors: tuple[tuple[BeadKind, float], ...] = DEFAULT_PRIORS
    ratio: float | None = None
    variance: float | None = None
    passes: int = 2
    anchor_weight: float = 10.0
    refine: bool = True
    search: SearchConfig = field(default_factory=SearchConfig)
    lexicon: Lexicon | None = None
    semantic: SemanticSetting = None

    def __post_init__(self) -> None:
        priors = self.priors
        pairs = tuple(priors.items()) if isinstance(priors, Mapping) else tuple(priors)
        object.__setattr__(self, "priors", pairs)
        if not pairs:
            raise ValueError("AlignConfig.priors must name at least one bead type")
        for kind, probability in pairs:
            if (
                not isinstance(kind, tuple)
                or len(kind) != 2
                or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in kind)
                or kind == (0, 0)
            ):
                raise ValueError(
                    f"AlignConfig.priors: a bead type is (Arabic, English) sentence counts "
                    f"such as (1, 2), not {kind!r}"
                )
            _positive(f"AlignConfig.priors[{kind}]", probability)
        # The search keeps the bead type that wins each cell in a signed byte, -1 for a 0-1.
        vertical = len({kind for kind, _ in pairs if kind[0] > 0})
        if vertical > 128:
            raise ValueError(
                f"AlignConfig.priors: at most 128 bead types with Arabic sentences, not {vertical}"
            )
        if self.ratio is not None:
            _positive("AlignConfig.ratio", self.ratio)
        if self.variance is not None:
            _positive("AlignConfig.variance", self.variance)
        _whole("AlignConfig.passes", self.passes, 1)
        _positive("AlignConfig.anchor_weight", self.anchor_weight, zero=True)
        if not isinstance(self.refine, bool):
            raise ValueError(f"AlignConfig.refine must be True or False, not {self.refine!r}")
        if not isinstance(self.search, SearchConfig):
            raise ValueError(f"AlignConfig.search must be a SearchConfig, not {self.search!r}")
        if self.lexicon is not None and not isinstance(getattr(self.lexicon, "digest", None), str):
            raise ValueError(
                f"AlignConfig.lexicon must be a bialign.lexicon.Lexicon or None, "
                f"not {self.lexicon!r}"
            )

        if not (self.semantic is None or self.semantic == USEM3 or callable(self.semantic)):
            raise ValueError(
                f"AlignConfig.semantic must be {USEM3!r}, an embedder (a callable from a list "
                f"of texts to a matrix) or None, not {self.semantic!r}"
            )

    @property
    def prior_table(self) -> dict[BeadKind, float]:
        """The priors as a dict, in search order."""
        return dict(self.priors)


Scheme = Literal["bw", "hsb"]
#: Transliteration schemes: Buckwalter and Habash–Soudi–Buckwalter.
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)


@dataclass(frozen=True)
class ArabicOptions:
    """Opt-in CAMeL Tools services (the ``camel`` extra) applied to the Arabic side.

    ``normalize`` rewrites the Arabic sentences in CAMeL's normalised orthography (no
    diacritics; alef, alef maqsura and teh marbuta unified) before alignment, and so in the
    output; ``transliteration`` (``"bw"`` or ``"hsb"``) adds a Latin-letter copy of each.
    """

    normalize: bool = False
    transliteration: Scheme | None = None

    def __post_init__(self) -> None:
        if self.transliteration not in (None, *get_args(Scheme)):
            raise ValueError(
                f"ArabicOptions.transliteration must be one of {get_args(Scheme)} or None, "
                f"not {self.transliteration!r}"
            )


#: How sentences were found: bialign's Punkt-based splitter, or one sentence per line.
Splitter = Literal["punkt", "lines"]

_DIGEST_LENGTH = 12

#: How a signature names the word table bialign ships.
SHIPPED_LEXICON = "shipped"
_NOT_IN_NAMES = str.maketrans(dict.fromkeys("|:,@ \t\n", "_"))


def lexicon_id(lexicon: Lexicon) -> str:
    """A word table as a signature names it: its name (made safe) and its digest."""
    return f"{lexicon.name.translate(_NOT_IN_NAMES) or 'lexicon'}@{lexicon.digest[:_DIGEST_LENGTH]}"


@functools.cache
def shipped_data() -> tuple[tuple[str, str], ...]:
    """Each data file the package ships, by name, with the start of its SHA-256 digest."""
    folder = resources.files("bialign").joinpath("data")
    return tuple(
        (entry.name, hashlib.sha256(entry.read_bytes()).hexdigest()[:_DIGEST_LENGTH])
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.is_file() and not entry.name.startswith((".", "_"))
    )


#: How a signature names the absence of a semantic scorer, and a user's embedder.
NO_SEMANTIC = "no"
_CUSTOM = "custom:"


def semantic_id(setting: SemanticSetting) -> str:
    """A semantic setting as a signature names it: ``no``, ``usem3``, or ``custom:`` and the
    user's embedder's name (its ``__name__``, else its class's), which cannot be replayed
    from text alone."""
    if setting is None:
        return NO_SEMANTIC
    if isinstance(setting, str):
        return setting
    name = getattr(setting, "__name__", None) or type(setting).__name__
    return _CUSTOM + (str(name).translate(_NOT_IN_NAMES) or "embedder")


def _number(value: float) -> str:
    return repr(float(value))


def _optional_number(value: float | None) -> str:
    return "doc" if value is None else _number(value)


_YES_NO = {"yes": True, "no": False}
_SPLITTERS: dict[str, Splitter] = {"punkt": "punkt", "lines": "lines"}
_SCHEMES: dict[str, Scheme | None] = {"no": None, "bw": "bw", "hsb": "hsb"}
_SEMANTIC: dict[str, SemanticSetting] = {NO_SEMANTIC: None, USEM3: USEM3}


@dataclass(frozen=True)
class Signature:
    """Everything that produced a result: version, splitter, settings, shipped data.

    ``str(signature)`` is one line of ``key:value`` fields joined by ``|``; :meth:`parse`
    reads it back, so any output's signature replays its run. A user's word table is recorded
    by name and digest (``lexicon``); a parsed signature cannot hold the table itself, so its
    ``lexicon`` keeps that text and :meth:`with_lexicon` supplies the table, checked against it.
    A user's embedder is recorded by name (``semantic``), and supplied by :meth:`with_embedder`.

    >>> text = str(Signature(config=AlignConfig(passes=1, ratio=1.1)))
    >>> Signature.parse(text).config == AlignConfig(passes=1, ratio=1.1)
    True
    """

    config: AlignConfig = field(default_factory=AlignConfig)
    splitter: Splitter = "punkt"
    arabic: ArabicOptions = field(default_factory=ArabicOptions)
    version: str = __version__
    data: tuple[tuple[str, str], ...] = field(default_factory=shipped_data)
    lexicon: str = SHIPPED_LEXICON
    semantic: str = NO_SEMANTIC

    def __post_init__(self) -> None:
        if self.config.lexicon is not None:
            object.__setattr__(self, "lexicon", lexicon_id(self.config.lexicon))
        if self.config.semantic is not None:
            object.__setattr__(self, "semantic", semantic_id(self.config.semantic))

    def with_lexicon(self, lexicon: Lexicon | None) -> Signature:
        """This signature with the word table it names; ``ValueError`` unless ``lexicon`` is
        that table (``None`` for the shipped one)."""
        given = SHIPPED_LEXICON if lexicon is None else lexicon_id(lexicon)
        if given != self.lexicon:
            raise ValueError(f"the signature names lexicon {self.lexicon}, not {given}")
        return replace(self, config=replace(self.config, lexicon=lexicon))

    def with_embedder(self, embedder: Embedder) -> Signature:
        """This signature with the user's embedder it names; ``ValueError`` unless
        ``embedder`` has that name."""
        given = semantic_id(embedder)
        if given != self.semantic:
            raise ValueError(f"the signature names semantic {self.semantic}, not {given}")
        return replace(self, config=replace(self.config, semantic=embedder))

    @property
    def presegmented(self) -> bool:
        """Whether the inputs held one sentence a line."""
        return self.splitter == "lines"

    def __str__(self) -> str:
        config, search = self.config, self.config.search
        fields_ = {
            "bialign": self.version,
            "split": self.splitter,
            "priors": ",".join(f"{a}-{b}={_number(p)}" for (a, b), p in config.priors),
            "ratio": _optional_number(config.ratio),
            "variance": _optional_number(config.variance),
            "passes": str(config.passes),
            "anchors": _number(config.anchor_weight),
            "refine": "yes" if config.refine else "no",
            "band": str(search.band),
            "full": str(search.full_cells),
            "camel-normalize": "yes" if self.arabic.normalize else "no",
            "translit": self.arabic.transliteration or "no",
            "lexicon": self.lexicon,
            "semantic": self.semantic,
            "data": ",".join(f"{name}@{digest}" for name, digest in self.data),
        }
        return "|".join(f"{key}:{value}" for key, value in fields_.items())

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The signature written as ``text``; ``ValueError`` says what is wrong with it."""
        values: dict[str, str] = {}
        for part in text.strip().split("|"):
            key, colon, value = part.partition(":")
            if not colon:
                raise ValueError(f"not a bialign signature: field {part!r} has no ':'")
            values[key] = value
        expected = set(str(cls()).split("|"))
        missing = {f.partition(":")[0] for f in expected} - set(values)
        if missing:
            raise ValueError(f"not a bialign signature: no {', '.join(sorted(missing))}")
        try:
            return cls(
                config=AlignConfig(
                    priors=tuple(_prior(item) for item in values["priors"].split(",")),
                    ratio=_optional_float(values["ratio"]),
                    variance=_optional_float(values["variance"]),
                    passes=int(values["passes"]),
                    anchor_weight=float(values["anchors"]),
                    refine=_lookup(_YES_NO, values["refine"], "refine"),
                    search=SearchConfig(full_cells=int(values["full"]), band=int(values["band"])),
                    semantic=_lookup(_SEMANTIC, values["semantic"], "semantic")
                    if not values["semantic"].startswith(_CUSTOM)
                    else None,
                ),
                splitter=_lookup(_SPLITTERS, values["split"], "split"),
                arabic=ArabicOptions(
                    normalize=_lookup(_YES_NO, values["camel-normalize"], "camel-normalize"),
                    transliteration=_lookup(_SCHEMES, values["translit"], "translit"),
                ),
                version=values["bialign"],
                lexicon=values["lexicon"],
                semantic=values["semantic"],
                data=tuple(
                    (name, digest)
                    for name, _, digest in (d.partition("@") for d in values["data"].split(","))
                    if name
                ),
            )
        except ValueError as error:
            raise ValueError(f"not a valid bialign signature: {error}") from None

    def differences(self, other: Signature) -> list[str]:
        """What differs between two signatures apart from the settings: the version and the
        shipped data files, each a reason a replay may not give the same bytes."""
        found = []
        if self.version != other.version:
            found.append(f"bialign {self.version}, not {other.version}")
        mine, theirs = dict(self.data), dict(other.data)
        for name in sorted(set(mine) | set(theirs)):
            if mine.get(name) != theirs.get(name):
                found.append(f"data file {name} differs")
        return found


def _optional_float(text: str) -> float | None:
    return None if text == "doc" else float(text)


def _prior(item: str) -> tuple[BeadKind, float]:
    kind, _, probability = item.partition("=")
    a, _, b = kind.partition("-")
    return (int(a), int(b)), float(probability)


def _lookup(table: Mapping[str, _T], value: str, key: str) -> _T:
    if value not in table:
        raise ValueError(f"{key} must be one of {', '.join(table)}, not {value!r}")
    return table[value]
