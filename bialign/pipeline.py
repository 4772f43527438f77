"""The whole job for one document: split into sides, segment, align, with a signature.

Paragraph boundaries are kept through segmentation because they are the strongest positional
clue a text gives away: :func:`bialign.align.align_paragraphs` aligns them first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ._checks import check_config, check_text
from .align import align_paragraphs, align_sentences
from .camel import normalize_orthography, transliterate
from .config import AlignConfig, ArabicOptions, Signature, Splitter
from .detect import in_visual_order, misplaced_sides
from .errors import NotBilingualError
from .records import ArticleAlignment, ArticleSplit, Boundary, Dropped, Language, Structure
from .segment import split_paragraphs
from .split import split_article

__all__ = ["align_article", "align_texts"]


def _segment(side: Sequence[str], lang: str, presegmented: bool) -> list[list[str]]:
    if presegmented:
        return [[p] for p in side]
    return split_paragraphs(side, "ar" if lang == "ar" else "en")


# The last signature written out, with what it was of: a run's articles share one config.
_LAST_SIGNATURE: list[tuple[AlignConfig, Splitter, ArabicOptions, str]] = []


def _signature(config: AlignConfig, splitter: Splitter, arabic: ArabicOptions) -> str:
    """``str(Signature(config, splitter, arabic))``, written out once for a run rather than
    for each article (it cost more than the article's glue). The config is frozen but is
    recognised by identity: an embedder it holds need not hash."""
    for known, known_splitter, known_arabic, text in _LAST_SIGNATURE:
        if known is config and known_splitter == splitter and known_arabic == arabic:
            return text
    text = str(Signature(config, splitter, arabic))
    _LAST_SIGNATURE[:] = [(config, splitter, arabic, text)]
    return text


def _result(
    source: str,
    ar_paragraphs: list[list[str]],
    en_paragraphs: list[list[str]],
    config: AlignConfig,
    parts: ArticleSplit,
    presegmented: bool,
    arabic: ArabicOptions,
) -> ArticleAlignment:
    if arabic.normalize:
        ar_paragraphs = [[normalize_orthography(s) for s in p] for p in ar_paragraphs]
    beads = (
        align_sentences([p[0] for p in ar_paragraphs], [p[0] for p in en_paragraphs], config)
        if presegmented
        else align_paragraphs(
            ar_paragraphs,
            en_paragraphs,
            config,
            order=parts.order or None,  # given for an interleaved layout only
            units=parts.order_units or None,
        )
    )
    ar = tuple(s for p in ar_paragraphs for s in p)
    scheme = arabic.transliteration
    return ArticleAlignment(
        source=source,
        ar=ar,
        en=tuple(s for p in en_paragraphs for s in p),
        beads=tuple(beads),
        dropped=parts.dropped,
        layout=parts.layout,
        signature=_signature(config, "lines" if presegmented else "punkt", arabic),
        ar_transliterated=tuple(transliterate(s, scheme) for s in ar) if scheme else (),
        structure=parts.structure,
    )


def align_article(
    text: str,
    config: AlignConfig | None = None,
    *,
    source: str = "-",
    presegmented: bool = False,
    arabic: ArabicOptions | None = None,
) -> ArticleAlignment:
    """Align one raw article that holds both languages, in any layout.

    With ``presegmented``, every non-blank line is one sentence. Raises
    :class:`NotBilingualError` when one language is missing, or the Arabic is in visual order
    (each line reversed, as some PDF tools extract it).
    """
    check_text("text", text)
    check_text("source", source)
    check_config(config, AlignConfig)
    config = config or AlignConfig()
    if presegmented:
        text = "\n\n".join(text.splitlines())
    parts = split_article(text)
    for side, found in (("ar", parts.ar), ("en", parts.en)):
        if not found:
            raise NotBilingualError(source, side)
    _check_logical_order(parts.ar, source)
    return _result(
        source,
        _segment(parts.ar, "ar", presegmented),
        _segment(parts.en, "en", presegmented),
        config,
        parts,
        presegmented,
        arabic or ArabicOptions(),
    )


def _check_logical_order(ar_paragraphs: Sequence[str], source: str) -> None:
    """Raise :class:`NotBilingualError` where the Arabic is in visual order (each line
    reversed): aligned, it would be written out reversed."""
    if in_visual_order(ar_paragraphs):
        raise NotBilingualError(
            source,
            "ar",
            "its Arabic is in visual order, each line reversed, as some PDF tools extract it: "
            "extract it again in logical order",
        )


def _check_sides(ar_text: str, en_text: str, source: str) -> None:
    """Raise :class:`NotBilingualError` where a side is in the other side's script: an English
    text given as the Arabic side (the two swapped, or one given twice) has no Arabic text,
    whatever its letters would be aligned with."""
    wrong = misplaced_sides([ar_text], [en_text])
    if wrong == {"ar", "en"}:
        why = "the Arabic side is in Latin script and the English side in Arabic: swapped?"
        raise NotBilingualError(source, "ar", why)
    if "ar" in wrong:
        raise NotBilingualError(source, "ar", "the Arabic side is in Latin script")
    if "en" in wrong:
        raise NotBilingualError(source, "en", "the English side is in Arabic script")


def align_texts(
    ar_text: str,
    en_text: str,
    config: AlignConfig | None = None,
    *,
    source: str = "-",
    presegmented: bool = False,
    arabic: ArabicOptions | None = None,
) -> ArticleAlignment:
    """Align a document given as two texts, one per language.

    Raw text is cleaned and cut into paragraphs as one file of :func:`align_article` is
    (furniture, URL slugs and numbers dropped, :func:`bialign.split.split_article`), then into
    sentences. With ``presegmented`` each line is one sentence and its index is its 0-based
    line number. What was dropped is listed, the Arabic file's first. Raises
    :class:`NotBilingualError` when a side is empty or in the other side's script (given on
    the wrong side, or twice), or its Arabic is in visual order (each line reversed).
    """
    check_text("ar_text", ar_text)
    check_text("en_text", en_text)
    check_text("source", source)
    check_config(config, AlignConfig)
    config = config or AlignConfig()
    sides: list[list[list[str]]] = []
    dropped: list[Dropped] = []
    units = {"ar": 0, "en": 0}
    boundaries: Counter[Boundary] = Counter()
    texts: tuple[tuple[Language, str], ...] = (("ar", ar_text), ("en", en_text))
    _check_sides(ar_text, en_text, source)
    _check_logical_order([ar_text], source)
    for lang, text in texts:
        if presegmented:
            segmented = [[line] for line in text.splitlines()]
        else:
            parts = split_article(text, side=lang)
            segmented = _segment(parts.ar if lang == "ar" else parts.en, lang, presegmented=False)
            dropped += [replace(item, side=lang) for item in parts.dropped]
            units[lang] = len(segmented)
            boundaries.update(dict(parts.structure.boundaries))
        if not any(s.strip() for unit in segmented for s in unit):
            raise NotBilingualError(source, lang)
        sides.append(segmented)
    structure = Structure(units["ar"], units["en"], tuple(sorted(boundaries.items())))
    return _result(
        source,
        sides[0],
        sides[1],
        config,
        ArticleSplit((), (), tuple(dropped), "ar-en", structure=structure),
        presegmented,
        arabic or ArabicOptions(),
    )
