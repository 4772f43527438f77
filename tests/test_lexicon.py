"""The vocabulary reads a whole side at once, and must read it as sentence by sentence would."""

from __future__ import annotations

import functools
import itertools
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from compiled import needs_compiled
from corpora import SEED_004, SEEDS, records
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.align import align_sentences
from bialign.chars import (
    measure,
    normalize_each,
    normalize_for_length,
    word_fold,
)
from bialign.config import AlignConfig, Signature
from bialign.lexicon import Lexicon
from bialign.lexicon.learning import (
    _kept_compiled,
    _kept_numpy,
    learn_from_sides,
    learn_translations,
)
from bialign.lexicon.tokens import _PIECE, OUTSIDE_PIECES, pieces, sentence_anchors
from bialign.lexicon.vocabulary import (
    SIGNATURE_BITS,
    SideAnchors,
    Vocabulary,
    _paired_compiled,
    _paired_numpy,
    _signature_rows,
    _signed_numpy,
    _taught_compiled,
    _taught_numpy,
)
from bialign.split import split_article


def un_side(lang: str, start: int, count: int) -> list[str]:
    return [r[lang] for r in records("unv1_dev_test")[start : start + count]]


def bible_side(lang: str, chapter: str) -> list[str]:
    return [r[lang] for r in records("bible_svd_kjv") if r["doc"] == chapter]


def seed_side(lang: str) -> list[str]:
    parts = split_article(SEED_004.read_text(encoding="utf-8"))
    return list(parts.ar if lang == "ar" else parts.en)


SIDES: dict[str, Callable[[], tuple[str, list[str]]]] = {
    "un ar": lambda: ("ar", un_side("ar", 200, 40)),
    "un en": lambda: ("en", un_side("en", 200, 40)),
    "vowelled bible ar": lambda: ("ar", bible_side("ar", "PSA.119")),
    "bible en": lambda: ("en", bible_side("en", "PSA.119")),
    "seed 004 ar": lambda: ("ar", seed_side("ar")),
    "odd pieces": lambda: (
        "ar",
        ["", "...", "٢٠٢١", "Kazemi الكاظمي", "x", "", "Ūrūk.", "G7 ٣rd", "كوفيد19"],
    ),
    # White space str.split() cuts at beyond the space, and a zero-width space it does not.
    "odd white space": lambda: (
        "en",
        ["one\u3000two\x1cthree", "\xa0\u2028", "four\u200bfive\x85six", "\tseven\n"],
    ),
    # Words that normalise to nothing (a tatweel, bidi marks, a lone fathatan form) or to
    # several words (the ligature U+FDFA): lengths are summed word by word.
    "marks and ligatures": lambda: (
        "ar",
        ["\ufdfa قال", "x \u200f\u200f y", "ـــ", "\ufe70 كلمة،", "كلمة \u200f", "\u200f"],
    ),
}


def lexicon_of(lang: str) -> Mapping[str, tuple[str, ...]]:
    return Lexicon.shipped() if lang == "ar" else {}


@pytest.mark.parametrize("name", SIDES)
def test_a_side_read_at_once_is_each_sentence_read_alone(name: str) -> None:
    lang, sentences = SIDES[name]()
    vocabulary = Vocabulary(lang, lexicon_of(lang))
    side = vocabulary.read(sentences)
    again = vocabulary.read(sentences)  # every word known by now
    words = side.words(range(len(sentences)))
    for row, sentence in enumerate(sentences):
        alone = Vocabulary(lang, lexicon_of(lang)).read([sentence])
        assert side.signatures[row].tolist() == alone.signatures[0].tolist()
        assert words[row] == sentence_anchors(sentence, lang, lexicon_of(lang)).words
        assert side.lengths[row] == measure(sentence)
    assert np.array_equal(again.signatures, side.signatures)


@pytest.mark.parametrize("name", ["un ar", "bible en", "odd pieces"])
def test_a_signature_sets_the_crc32_bit_of_each_token(name: str) -> None:
    # A documented hash, not Python's salted hash(): the same bits in every process.
    lang, sentences = SIDES[name]()
    side = Vocabulary(lang, lexicon_of(lang)).read(sentences)
    for row, sentence in enumerate(sentences):
        tokens = sentence_anchors(sentence, lang, lexicon_of(lang)).tokens
        bits = {zlib.crc32(token.encode()) % SIGNATURE_BITS for token in tokens}
        assert int.from_bytes(side.signatures[row].tobytes(), "little") == sum(1 << b for b in bits)


def test_sentences_with_anchors_get_bits_and_those_without_get_none() -> None:
    lang, sentences = SIDES["odd pieces"]()
    side = Vocabulary(lang, lexicon_of(lang)).read(sentences)
    has_bits = np.bitwise_count(side.signatures).sum(axis=1) > 0
    assert has_bits.tolist() == [False, False, True, True, False, False, True, True, True]


@pytest.mark.parametrize("name", SIDES)
def test_a_side_read_in_small_blocks_is_the_side_read_at_once(name: str) -> None:
    # Long sides are read a block of sentences at a time, to bound memory: the blocks must
    # not show (empty sentences at a block's edge included).
    lang, sentences = SIDES[name]()
    whole = Vocabulary(lang, lexicon_of(lang)).read(sentences)
    blocked = Vocabulary(lang, lexicon_of(lang))
    blocked.BLOCK = 2
    side = blocked.read(sentences)
    for field in ("lengths", "signatures", "word_ids", "starts"):
        assert np.array_equal(getattr(side, field), getattr(whole, field)), field
    assert side.stems.names == whole.stems.names
    assert side.words(range(len(sentences))) == whole.words(range(len(sentences)))


@pytest.mark.parametrize("name", SIDES)
@pytest.mark.parametrize("block", [2, Vocabulary.BLOCK])
def test_compiled_signatures_and_lengths_are_the_numpy_ones(name: str, block: int) -> None:
    native = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    lang, sentences = SIDES[name]()
    vocabulary = Vocabulary(lang, lexicon_of(lang))
    side = vocabulary.read(sentences)
    made = []
    for sign in (functools.partial(_signed_numpy, block=block), native.sign):
        signatures, lengths = np.ones_like(side.signatures), np.ones_like(side.lengths)
        sign(side.word_ids, side.starts, vocabulary._rows, vocabulary._spans, signatures, lengths)
        made.append((signatures.tolist(), lengths.tolist()))
    assert made[0] == made[1] == (side.signatures.tolist(), side.lengths.tolist())


@needs_compiled
@pytest.mark.parametrize("name", SIDES)
@pytest.mark.parametrize("block", [2, Vocabulary.BLOCK])
def test_compiled_stem_pairs_are_the_numpy_ones(name: str, block: int) -> None:
    # Rows as the learning takes them (a column of the path: not contiguous), in any order,
    # some twice, none at all.
    lang, sentences = SIDES[name]()
    side = Vocabulary(lang, lexicon_of(lang)).read(sentences)
    shuffled = np.random.default_rng(7).permutation(len(sentences))
    path = np.stack([np.concatenate([shuffled, shuffled[:3]])] * 2, axis=1)
    for rows in (np.arange(len(sentences)), path[:, 0], np.zeros(0, np.int64)):
        held = np.ascontiguousarray(rows), side.starts, side.word_ids, side.stems
        numpy = _paired_numpy(*held, block=block).tolist()
        assert _paired_compiled(*held).tolist() == side.stem_pairs(rows).tolist() == numpy


@needs_compiled
@pytest.mark.parametrize("name", SIDES)
def test_compiled_teaching_is_the_numpy_one(name: str) -> None:
    # Every third stem of the side learnt, each with bits of its own, then none.
    lang, sentences = SIDES[name]()
    side = Vocabulary(lang, lexicon_of(lang)).read(sentences)
    stems = sorted(set().union(*side.words(range(len(sentences)))))
    for chosen in (stems[::3], []):
        ids = np.array(sorted(side.stems.index[stem] for stem in chosen), np.int64)
        bits = _signature_rows(
            [1 << k % SIGNATURE_BITS | 1 << 3 * k % SIGNATURE_BITS for k in range(len(ids))]
        )
        taught = _taught_numpy(side, ids, bits)
        assert _taught_compiled(side, ids, bits).tolist() == taught.tolist()
        assert (taught != side.signatures).any() == bool(chosen)


@needs_compiled
@pytest.mark.parametrize(("min_count", "min_dice"), [(1, 0.0), (2, 0.5), (3, 0.8)])
def test_compiled_association_is_the_numpy_one(min_count: int, min_dice: float) -> None:
    # The stems of 120 UN sentence pairs, every one with every one, some pairs left out.
    ar = Vocabulary("ar", Lexicon.shipped()).read(un_side("ar", 0, 120))
    en = Vocabulary("en", {}).read(un_side("en", 0, 120))
    rows = np.flatnonzero(np.arange(120) % 7 != 3)
    ar_pairs, en_pairs = ar.stem_pairs(rows), en.stem_pairs(rows)
    for held in ((ar_pairs, en_pairs), (ar_pairs[::2], en_pairs), (ar_pairs[:0], en_pairs)):
        pairs = np.ascontiguousarray(held[0]), held[1], min_count, min_dice
        kept = _kept_numpy(*pairs).tolist()
        assert _kept_compiled(*pairs).tolist() == kept
        assert kept or not len(held[0])


def test_a_vocabulary_past_its_limit_starts_afresh_without_breaking_earlier_sides() -> None:
    sentences = un_side("ar", 0, 30)
    small = Vocabulary("ar", Lexicon.shipped())
    small.LIMIT = 50
    first = small.read(sentences[:15])
    second = small.read(sentences[15:])  # the vocabulary is past 50 words: it starts afresh
    whole = Vocabulary("ar", Lexicon.shipped()).read(sentences)
    assert np.array_equal(np.concatenate((first.signatures, second.signatures)), whole.signatures)
    assert first.words(range(15)) == whole.words(range(15))


def test_reading_only_known_words_many_times_leaves_the_vocabulary_whole() -> None:
    vocabulary = Vocabulary("ar", Lexicon.shipped())
    known = un_side("ar", 0, 1)
    for _ in range(1100):  # reads that learn nothing: none may grow or move what is held
        vocabulary.read(known)
    later = un_side("ar", 1, 20)
    side = vocabulary.read(later)
    fresh = Vocabulary("ar", Lexicon.shipped()).read(later)
    assert np.array_equal(side.signatures, fresh.signatures)
    assert side.words(range(20)) == fresh.words(range(20))


def test_learn_from_sides_reach_every_sentence_holding_their_word() -> None:
    sentences = un_side("ar", 200, 40)
    side = Vocabulary("ar", Lexicon.shipped()).read(sentences)
    words = side.words(range(len(sentences)))
    word = max(sorted(words[0]), key=lambda w: sum(w in held for held in words))
    taught = side.taught({word: {"zzzword"}})
    # The learnt token's bit, as an English sentence of that one word sets it.
    bit = Vocabulary("en", {}).read(["zzzword"]).signatures[0]
    holding = np.array([word in held for held in words])
    expected = np.where(holding[:, None], side.signatures | bit, side.signatures)
    assert holding.sum() > 1
    assert np.array_equal(taught, expected)


def test_threads_sharing_a_vocabulary_read_as_one_thread_would() -> None:
    sides = [un_side("ar", start, 30) for start in range(0, 240, 30)]
    alone = [Vocabulary("ar", Lexicon.shipped()).read(side).signatures for side in sides]
    shared = Vocabulary("ar", Lexicon.shipped())
    with ThreadPoolExecutor(max_workers=4) as pool:
        read = list(pool.map(shared.read, sides))
    for side, expected in zip(read, alone, strict=True):
        assert np.array_equal(side.signatures, expected)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        (
            "I don't think we've seen Iraq's sons' council",
            {"think", "seen", "iraq", "son", "council"},
        ),
        ("They didn’t say; O'Brien and Wa'il did", {"say", "o'brien", "wa'il"}),
    ],
)
def test_english_words_keep_apostrophes_and_drop_contractions(
    sentence: str, words: set[str]
) -> None:
    assert sentence_anchors(sentence, "en", {}).words == words


@pytest.mark.parametrize(
    ("sentence", "lang", "tokens", "words"),
    [
        # Scripts glued without a space (slugs, scraped titles): each word counts.
        ("العراقKazemi", "ar", {"iraq", "kazemi", "sk:kzm"}, {"عراق"}),
        ("Kazemiالعراق", "en", {"kazemi", "sk:kzm"}, {"kazemi"}),
    ],
)
def test_a_piece_of_two_scripts_gives_the_words_of_both(
    sentence: str, lang: str, tokens: set[str], words: set[str]
) -> None:
    found = sentence_anchors(sentence, lang, {"عراق": ("iraq",)})
    assert found.tokens == tokens
    assert found.words == words


@pytest.mark.parametrize("name", SIDES)
def test_words_are_cut_into_pieces_as_the_piece_pattern_cuts_them(name: str) -> None:
    _, sentences = SIDES[name]()
    words = normalize_each([word for sentence in sentences for word in sentence.split()])
    assert [pieces(word) for word in words] == [_PIECE.findall(word) for word in words]


def test_every_letter_is_a_piece_of_its_own() -> None:
    # What lets pieces() take a word of letters alone (str.isalpha) as one piece unread.
    letters = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha()]
    assert [c for c in letters if not _PIECE.fullmatch(c)] == []


# Letters of both scripts, a mark, digits, apostrophes, separators of numbers and the
# punctuation pieces() strips, in any order.
_WORD_PARTS = ["ق", "ال", "K", "ā", "\u0301", "7", "٣", "'", "’", ",", "٫", "_", *OUTSIDE_PIECES]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PARTS), max_size=8).map("".join))
def test_any_word_is_cut_into_pieces_as_the_piece_pattern_cuts_it(word: str) -> None:
    assert pieces(word) == _PIECE.findall(word)


def read_both_ways(lang: str, sentences: list[str]) -> tuple[SideAnchors, SideAnchors]:
    """A side read by a vocabulary analysing words in Python, and by one analysing in C."""
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    python = Vocabulary(lang, lexicon_of(lang))
    python._learnt = python._learnt_python  # type: ignore[method-assign]
    python._numbered = python._numbered_python  # type: ignore[method-assign]
    python._index = python._index_python  # type: ignore[method-assign]
    return python.read(sentences), Vocabulary(lang, lexicon_of(lang)).read(sentences)


def assert_read_alike(python: SideAnchors, compiled: SideAnchors) -> None:
    assert compiled.signatures.tolist() == python.signatures.tolist()
    assert compiled.word_ids.tolist() == python.word_ids.tolist()
    rows = range(len(python.lengths))
    assert compiled.words(rows) == python.words(rows)
    assert compiled.stems.names == python.stems.names
    assert dict(compiled.stems.index) == python.stems.index
    assert "no such stem" not in compiled.stems.index


@pytest.mark.parametrize("name", SIDES)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_compiled_analysis_reads_a_side_as_the_python_one(name: str, lang: str) -> None:
    _, sentences = SIDES[name]()
    assert_read_alike(*read_both_ways(lang, sentences))


def test_the_compiled_analysis_reads_the_seeds_as_the_python_one() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        parts = split_article(seed.read_text(encoding="utf-8"))
        for lang, side in (("ar", parts.ar), ("en", parts.en)):
            assert_read_alike(*read_both_ways(lang, list(side)))


# Every character str.split() cuts at, and some it does not (no-break spaces are white space,
# zero-width ones and marks are not), with words in either script.
_SPLIT_PARTS = [" ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000"]
_SPLIT_PARTS += ["\u200b", "\u200f", "\ufeff", "x", "قال", "Ūrūk", "٣", "\U0001f600", "\ud800"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SPLIT_PARTS), max_size=12).map("".join), max_size=6))
def test_the_compiled_numbering_cuts_and_numbers_words_as_the_python_one(
    sentences: list[str],
) -> None:
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    vocabulary = Vocabulary("ar", {})
    vocabulary.read(["x قال"])  # words it knows, numbered by id
    python: list[str] = []
    compiled: list[str] = []
    expected = vocabulary._numbered_python(sentences, python)
    found = vocabulary._numbered_compiled(sentences, compiled)
    assert [a.tolist() for a in found] == [a.tolist() for a in expected]
    words = [w for s in sentences for w in s.split() if w not in ("x", "قال")]
    assert compiled == python == list(dict.fromkeys(words))
    assert expected[1].tolist() == [len(s.split()) for s in sentences]
    # The next block of the side: the words added to unseen keep their numbers, and new ones
    # come after them.
    more = [*sentences, "x Ūrūk ٣"]
    expected = vocabulary._numbered_python(more, python)
    found = vocabulary._numbered_compiled(more, compiled)
    assert [a.tolist() for a in found] == [a.tolist() for a in expected]
    assert compiled == python == list(dict.fromkeys([*words, "Ūrūk", "٣"]))


@needs_compiled
def test_the_compiled_numbering_finds_the_words_of_a_grown_vocabulary_as_the_python_one() -> None:
    # Over a thousand words read a side at a time: the compiled numbering's table is made anew
    # as it fills, and every word must still be found under the id the dict gives it.
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    vocabulary = Vocabulary("en", {})
    parts = [split_article(seed.read_text(encoding="utf-8")) for seed in sorted(SEEDS.glob("*"))]
    sides = [list(side) for part in parts for side in (part.en, part.ar)]
    new = "unknown\u0301 Ūrūk"
    for side in sides:
        vocabulary.read(side)
    for side in sides:
        python: list[str] = []
        compiled: list[str] = []
        expected = vocabulary._numbered_python([*side, new], python)
        found = vocabulary._numbered_compiled([*side, new], compiled)
        assert [a.tolist() for a in found] == [a.tolist() for a in expected]
        assert compiled == python == new.split()
    assert len(vocabulary._table) > 8 << 10  # the table, 1024 slots at first, was made anew


# What the two analyses' rules turn on: alef and yeh forms, the clitics and suffixes stripped,
# a stopword, a month, consonants and vowels of both scripts, digraphs, plural endings,
# capitals, numbers and their separators, apostrophes, marks and what cuts pieces.
_ANALYSED_PARTS = [
    *["و", "ال", "بال", "لل", "ف", "ك", "أ", "إ", "آ", "ى", "ة", "ی", "ک", "ها", "ات", "ين", "يه"],
    *["ه", "ي", "ا", "ن", "ظ", "ش", "ع", "ء", "في", "يناير", "ڤ", "ࢶ", "ࡰ"],
    *["K", "S", "sh", "ch", "ng", "ck", "ph", "ies", "s", "us", "ss", "the", "a", "x", "q"],
    *["'", "’", "n't", "ā", "́", "7", "٣", ",", ".", "-", "«", "٫", "٬", "/", "_"],
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_ANALYSED_PARTS), min_size=1, max_size=7).map("".join)),
    st.sampled_from(["ar", "en"]),
)
def test_the_compiled_analysis_reads_any_word_as_the_python_one(
    words: list[str], lang: str
) -> None:
    assert_read_alike(*read_both_ways(lang, [" ".join(words), *words]))


# Words a document may hold that no rule was written for: only marks, a lone surrogate (kept by
# the vocabulary's surrogatepass round trip), NUL, characters past the BMP (emoji, Garay digits,
# mathematical letters of both scripts), Arabic letters past the compiled tables, 100k letters.
_HOSTILE_WORDS = [
    "\u064e\u0651", "\u0301", "\ud800", "Kaz\udfffemi", "\udc80قال", "\x00", "قال\x00الكاظمي",
    "Iraq\x00s", "😀", "Kazemi😀", "\U00010d40\U00010d41٣", "𝐊𝐚𝐳𝐞𝐦𝐢", "\U0001ee00\U0001ee01",
    "\ufb50\u08b6ق", "\U00010ec2", "K" + "a" * 100_000, "وال" + "ك" * 100_000, "قال\ufe70ت",
    "\ufbb2قال",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_compiled_analysis_reads_hostile_words_as_the_python_one(lang: str) -> None:
    assert_read_alike(*read_both_ways(lang, [" ".join(_HOSTILE_WORDS), *_HOSTILE_WORDS, ""]))


def test_each_character_is_folded_in_a_word_as_normalize_for_length_folds_it() -> None:
    # What the compiled analysis normalises words with, for the characters of the scripts and
    # controls up to U+2FFF and of the presentation forms and specials from U+FB00 (white
    # space cuts words, so none holds it).
    for code in itertools.chain(range(0x3000), range(0xFB00, 0x10000)):
        char = chr(code)
        fold = word_fold(char)
        # 2: a presentation form, which NFKC folds; a word holding one goes to Python.
        if fold != 2 and not char.isspace():
            kept = {0: char, 1: ""}.get(fold, chr(fold))
            assert normalize_for_length(char) == kept, hex(code)
            assert normalize_for_length(f"ab{char}c") == f"ab{kept}c", hex(code)


@needs_compiled
def test_the_compiled_analysis_reads_only_entries_it_made() -> None:
    # Its table of the pieces it leaves to Python is the caller's: a short entry is refused,
    # not read past.
    pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    vocabulary = Vocabulary("en", {})
    vocabulary._entries["Kazemi's"] = b"\x01"
    with pytest.raises(TypeError, match="entries hold bytes"):
        vocabulary.read(["Kazemi's visit"])


def rule(
    pairs: Iterable[tuple[Collection[str], Collection[str]]],
    min_count: int,
    min_dice: float,
    known: Collection[str],
) -> dict[str, set[str]]:
    """learn_translations' rule, word for word, on sets."""
    sets = [(set(ar) - set(known), set(en)) for ar, en in pairs]
    ar_count = Counter(w for ar, _ in sets for w in ar)
    en_count = Counter(w for _, en in sets for w in en)
    together = Counter(pair for ar, en in sets for pair in itertools.product(ar, en))
    learnt: dict[str, set[str]] = {}
    for (a, e), count in together.items():
        if count >= min_count and 2 * count / (ar_count[a] + en_count[e]) >= min_dice:
            learnt.setdefault(a, set()).add(e)
    return learnt


def sentence_pairs(name: str) -> tuple[list[str], list[str]]:
    if name == "un":
        return un_side("ar", 300, 120), un_side("en", 300, 120)
    return bible_side("ar", name), bible_side("en", name)


@pytest.mark.parametrize("name", ["un", "GEN.1", "PSA.119"])
@pytest.mark.parametrize(("min_count", "min_dice"), [(2, 0.5), (1, 0.3), (3, 0.4)])
@pytest.mark.parametrize("table", [True, False], ids=["shipped table", "no table"])
def test_word_pairs_are_learnt_by_the_rule(
    name: str, min_count: int, min_dice: float, table: bool
) -> None:
    ar_sentences, en_sentences = sentence_pairs(name)
    known = Lexicon.shipped() if table else {}
    ar = Vocabulary("ar", known).read(ar_sentences)
    en = Vocabulary("en", {}).read(en_sentences)
    # Every other sentence pair trusted, some of them twice over: rows need not be in order.
    rows = np.array([*range(0, len(ar_sentences), 2), *range(len(ar_sentences) - 1, 0, -7)])
    words = list(zip(ar.words(rows.tolist()), en.words(rows.tolist()), strict=True))
    expected = rule(words, min_count, min_dice, known)
    assert expected or table  # without the table, the rule learns something here
    assert learn_from_sides(ar, rows, en, rows, min_count, min_dice) == expected
    assert learn_translations(words, min_count, min_dice, known) == expected


@pytest.mark.parametrize("name", ["un", "PSA.119"])
@pytest.mark.parametrize("shared", [False, True], ids=["own vocabulary", "shared vocabulary"])
def test_a_taught_sentence_holds_the_bits_of_its_tokens_and_of_its_stems_translations(
    name: str, shared: bool
) -> None:
    ar_sentences, _ = sentence_pairs(name)
    vocabulary = Vocabulary("ar", Lexicon.shipped())
    if shared:  # words read before and after the side, some of them the side's own stems
        vocabulary.read(bible_side("ar", "GEN.1"))
    side = vocabulary.read(ar_sentences)
    if shared:
        vocabulary.read(bible_side("ar", "GEN.2") + un_side("ar", 0, 60))
    words = side.words(range(len(ar_sentences)))
    # Stems of a few sentences, each taught one or two made-up English words.
    stems = sorted(set().union(*words[:6]))
    learnt = {
        stem: {f"zz{k}", f"yy{k % 3}"} if k % 2 else {f"zz{k}"} for k, stem in enumerate(stems)
    }
    taught = side.taught(learnt)
    for row, sentence in enumerate(ar_sentences):
        tokens = set(sentence_anchors(sentence, "ar", Lexicon.shipped()).tokens)
        tokens |= {e for stem in words[row] for e in learnt.get(stem, ())}
        bits = {zlib.crc32(token.encode()) % SIGNATURE_BITS for token in tokens}
        assert int.from_bytes(taught[row].tobytes(), "little") == sum(1 << b for b in bits)


def write_table(directory: Path, text: str) -> Path:
    path = directory / "terms.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def shared_tokens(ar: str, en: str, lexicon: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    return sentence_anchors(ar, "ar", lexicon).tokens & sentence_anchors(en, "en", {}).tokens


def test_a_user_word_table_merged_adds_its_pairs_and_replacing_drops_the_shipped_ones(
    tmp_path: Path,
) -> None:
    # Seed 004's first sentences translate each other; the shipped table lacks أميركي/وفد.
    mine = Lexicon.from_tsv(
        write_table(tmp_path, "# my terms\nأميركية\tAmerican\n\nوَفْد\tdelegation\n")
    )
    assert dict(mine) == {"اميرك": ("american",), "وفد": ("delegation",)}
    shipped = Lexicon.shipped()
    merged = shipped.merged(mine)
    ar, en = seed_side("ar"), seed_side("en")
    alone, both, only_mine = (shared_tokens(ar[0], en[0], t) for t in (shipped, merged, mine))
    assert "american" not in alone and {"iraq", "need"} <= alone
    assert both == alone | {"american"}
    assert "american" in only_mine and not {"iraq", "need"} & only_mine
    gained = shared_tokens(ar[7], en[7], merged) - shared_tokens(ar[7], en[7], shipped)
    assert "delegation" in gained
    assert len({shipped.digest, merged.digest, mine.digest}) == 3
    assert mine == Lexicon.from_tsv(tmp_path / "terms.tsv", name="again") != merged


def test_the_shipped_table_is_written_as_its_digest_is_worked_out() -> None:
    # Its digest is taken from the file's lines as they stand: the same table built anew (its
    # entries sorted and written out) must give the same one.
    shipped = Lexicon.shipped()
    again = Lexicon(dict(shipped.items()), "again")
    assert again.digest == shipped.digest and dict(again) == dict(shipped) and len(shipped) > 10_000


def test_the_aligner_reads_through_the_configured_word_table(tmp_path: Path) -> None:
    ar, en = seed_side("ar"), seed_side("en")
    mine = Lexicon.from_tsv(write_table(tmp_path, "أميركية\tAmerican\nوفد\tdelegation\n"))
    # Without refinement, which would learn أميركي/American from the document itself.
    config = AlignConfig(refine=False)
    default = align_sentences(ar, en, config)
    merged = align_sentences(ar, en, replace(config, lexicon=Lexicon.shipped().merged(mine)))
    replaced = align_sentences(ar, en, replace(config, lexicon=mine))
    pairs = list(zip(default, merged, replaced, strict=True))
    # Beads holding the user's pairs gain; without the shipped table, most lose.
    assert all(d.ar == m.ar == r.ar and d.en == m.en == r.en for d, m, r in pairs)
    assert all(m.score >= d.score for d, m, _ in pairs)
    assert sum(m.score > d.score for d, m, _ in pairs) > len(pairs) // 2
    assert sum(r.score < d.score for d, _, r in pairs) > len(pairs) // 2
    assert align_sentences(ar, en, config) == default  # each table has its own vocabulary
    assert f"|lexicon:terms.tsv@{mine.digest[:12]}|" in str(Signature(AlignConfig(lexicon=mine)))


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("أميركية American", "expected an Arabic word, a tab and English words"),
        ("أميركية\tAmerican\textra", "expected an Arabic word, a tab and English words"),
        ("American\tأميركية", "not one Arabic word"),
        ("الولايات المتحدة\tUnited States", "not one Arabic word"),
        ("في\tin", "function word"),
        ("العراق\tthe", "holds no English word"),
    ],
)
def test_a_bad_row_of_a_user_word_table_is_named_by_file_and_line(
    tmp_path: Path, row: str, complaint: str
) -> None:
    path = write_table(tmp_path, f"وفد\tdelegation\n{row}\n")
    with pytest.raises(ValueError, match=f"terms.tsv, line 2: .*{complaint}"):
        Lexicon.from_tsv(path)
