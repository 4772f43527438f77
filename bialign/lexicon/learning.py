"""Word pairs a document teaches: the per-document refinement of the word table.

The rule of Moore's aligner and Hunalign's ``-realign`` with the Dice association, on sets
of words (:func:`learn_translations`) or on a :class:`~bialign.lexicon.vocabulary.Vocabulary`'s
arrays of stem ids (:func:`learn_from_sides`), which give the same pairs.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence

import numpy as np

from .._compiled import speedups
from .vocabulary import IntArray, SideAnchors, distinct, ranges

if speedups is not None:  # the compiled loops, where they were built from this source
    from .. import _speedups

__all__ = ["learn_from_sides", "learn_translations"]


def learn_translations(
    pairs: Iterable[tuple[Iterable[str], Iterable[str]]],
    min_count: int = 2,
    min_dice: float = 0.5,
    known: Container[str] = (),
) -> dict[str, set[str]]:
    """Arabic → English stem pairs that keep appearing together in trusted sentence pairs.

    The per-document refinement of Moore's aligner and Hunalign's ``-realign``, with the Dice
    association: a document's own names and terms, missing from the shipped table, are
    learnt from the beads it aligned with confidence. A pair is learnt when it comes in at
    least ``min_count`` sentence pairs and in at least ``min_dice`` of those that hold
    either word; Arabic words in ``known`` (the shipped table) are not learnt again.

    >>> learn_translations([({"كاظم", "قال"}, {"kazemi"}), ({"كاظم"}, {"kazemi", "visit"})])
    {'كاظم': {'kazemi'}}
    """
    ar_index: dict[str, int] = {}
    en_index: dict[str, int] = {}
    ar_pairs: list[int] = []
    en_pairs: list[int] = []
    for bead, (ar, en) in enumerate(pairs):
        ar_pairs += [
            bead << 32 | ar_index.setdefault(w, len(ar_index)) for w in set(ar) if w not in known
        ]
        en_pairs += [bead << 32 | en_index.setdefault(w, len(en_index)) for w in set(en)]
    return _associated(
        np.sort(np.array(ar_pairs, dtype=np.int64)),
        list(ar_index),
        np.sort(np.array(en_pairs, dtype=np.int64)),
        list(en_index),
        min_count,
        min_dice,
    )


def learn_from_sides(
    ar: SideAnchors,
    ar_rows: IntArray,
    en: SideAnchors,
    en_rows: IntArray,
    min_count: int = 2,
    min_dice: float = 0.5,
) -> dict[str, set[str]]:
    """:func:`learn_translations` of the stems of the sentence pairs ``(ar_rows[k],
    en_rows[k])``, counted on arrays of stem ids rather than on sets of words; the Arabic
    stems the vocabulary's word table lists are known."""
    ar_pairs, en_pairs = ar.stem_pairs(ar_rows), en.stem_pairs(en_rows)
    unknown = ~ar.stems.listed[ar_pairs & 0xFFFFFFFF]
    return _associated(
        ar_pairs[unknown], ar.stems.names, en_pairs, en.stems.names, min_count, min_dice
    )


def _associated(
    ar_pairs: IntArray,
    ar_names: Sequence[str],
    en_pairs: IntArray,
    en_names: Sequence[str],
    min_count: int,
    min_dice: float,
) -> dict[str, set[str]]:
    """The rule of :func:`learn_translations` on each side's ``sentence pair << 32 | stem id``,
    each once, ascending."""
    kept = _kept(ar_pairs, en_pairs, min_count, min_dice)
    learnt: dict[str, set[str]] = {}
    for ar_stem, en_stem in zip((kept >> 32).tolist(), (kept & 0xFFFFFFFF).tolist(), strict=True):
        learnt.setdefault(ar_names[ar_stem], set()).add(en_names[en_stem])
    return learnt


def _kept_numpy(
    ar_pairs: IntArray, en_pairs: IntArray, min_count: int, min_dice: float
) -> IntArray:
    """``a << 32 | e`` for the stem pairs :func:`_associated` learns, ascending."""
    ar_stems, ar_count = distinct(ar_pairs & 0xFFFFFFFF)
    en_stems, en_count = distinct(en_pairs & 0xFFFFFFFF)
    # A pair seen min_count times has words seen as often: only those words are paired up,
    # which in one document leaves out most of them.
    ar_pairs = ar_pairs[ar_count[np.searchsorted(ar_stems, ar_pairs & 0xFFFFFFFF)] >= min_count]
    en_pairs = en_pairs[en_count[np.searchsorted(en_stems, en_pairs & 0xFFFFFFFF)] >= min_count]
    # Every Arabic stem of a sentence pair with every English one: each Arabic entry repeated
    # once per English entry of its pair.
    pair_of_en = en_pairs >> 32
    en_first = np.searchsorted(pair_of_en, ar_pairs >> 32)
    en_each = np.searchsorted(pair_of_en, ar_pairs >> 32, side="right") - en_first
    together, count = distinct(
        np.repeat(ar_pairs & 0xFFFFFFFF, en_each) << 32
        | en_pairs[ranges(en_first, en_each)] & 0xFFFFFFFF
    )
    a, e = together >> 32, together & 0xFFFFFFFF
    either = ar_count[np.searchsorted(ar_stems, a)] + en_count[np.searchsorted(en_stems, e)]
    kept: IntArray = together[(count >= min_count) & (2 * count / either >= min_dice)]
    return kept


def _kept_compiled(
    ar_pairs: IntArray, en_pairs: IntArray, min_count: int, min_dice: float
) -> IntArray:
    """:func:`_kept_numpy`, compiled: the pairs of stems counted in one sort, of one array."""
    kept = _speedups.associate(ar_pairs, en_pairs, min_count, min_dice)
    return np.frombuffer(kept, np.int64)


_kept = _kept_compiled if speedups is not None else _kept_numpy
