"""Sentence splitting on real text: the seeds, the corpora (skipped when absent), and short
examples written for one rule each."""

from __future__ import annotations

import functools
import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cases import params
from compiled import needs_compiled, speedups
from corpora import records
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.languages import ar, en
from bialign.punkt import parse_parameters
from bialign.records import Language
from bialign.segment import (
    _CLOSERS,
    _HAS_CASE,
    _OPENERS,
    _compiled_arguments,
    _is_label,
    _joined_spans,
    _opens_with_label,
    _punkt_spans,
    _split_python,
    punkt_parameters,
    punkt_tokenizer,
    split_paragraphs,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def visible(text: str) -> str:
    """The non-whitespace characters of ``text``, in order."""
    return "".join(text.split())


def assert_well_formed(paragraph: str, sentences: list[str]) -> None:
    """Nothing lost or added, no empty sentence, whitespace trimmed and collapsed."""
    assert visible("".join(sentences)) == visible(paragraph)
    for sentence in sentences:
        assert sentence
        assert sentence == " ".join(sentence.split())


@functools.cache
def nltk_punkt(lang: Language) -> Any:
    """NLTK's own Punkt tokenizer with bialign's parameters: what bialign's Punkt must equal."""
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

    ours = punkt_parameters(lang)
    params = PunktParameters()
    params.abbrev_types = set(ours.abbrev_types)
    params.sent_starters = set(ours.sent_starters)
    params.collocations = set(ours.collocations)
    our_vars = punkt_tokenizer(lang)._lang_vars
    lang_vars = type(
        f"PunktLanguageVars_{lang}",
        (PunktLanguageVars,),
        {
            "sent_end_chars": our_vars.sent_end_chars,
            "_re_non_word_chars": our_vars._re_non_word_chars,
            "re_boundary_realignment": our_vars.re_boundary_realignment,
        },
    )()
    return PunktSentenceTokenizer(params, lang_vars=lang_vars)


def corpus(name: str) -> dict[str, dict[str, str]]:
    """The records of a shared corpus by id; skips the test when the corpora are absent."""
    return {record["id"]: record for record in records(name)}


def seed_paragraphs(prefix: str) -> list[str]:
    """The blank-line-separated paragraphs of the seed whose file name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n[^\S\n]*\n", text) if p.strip()]


def seed_paragraph(prefix: str, start: str) -> str:
    (paragraph,) = [p for p in seed_paragraphs(prefix) if p.lstrip().startswith(start)]
    return paragraph


# One rule each; the expected splits are what a reader takes for the sentences.
@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    params("sentence_splits", "lang", "text", "sentences", id_field="name"),
)
def test_examples(lang: Language, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("text", ["", " ", " \n\t\u00a0\n "])
def test_whitespace_only_gives_nothing(text: str, lang: Language) -> None:
    assert split_sentences(text, lang) == []


@pytest.mark.parametrize("lang", ["fr", "ara", ""])
def test_unknown_language_is_refused(lang: str) -> None:
    with pytest.raises(ValueError, match="lang must be"):
        split_sentences("Text.", lang)  # type: ignore[arg-type]


def test_a_side_is_split_paragraph_by_paragraph_and_one_str_is_refused() -> None:
    paragraphs = [seed_paragraph("004", start) for start, _ in SEED_004_ARABIC[7:9]]
    expected = [split_sentences(paragraph, "ar") for paragraph in paragraphs]
    assert split_paragraphs(iter(paragraphs), "ar") == expected
    with pytest.raises(TypeError, match="not one str"):
        split_paragraphs(paragraphs[0], "ar")


# --- seeds ----------------------------------------------------------------------------------

# Seed 004: the Arabic paragraphs end without a full stop; (first words, sentence count).
SEED_004_ARABIC = [
    ("قبيل توجهه إلى واشنطن", 1),
    ("قال رئيس الوزراء العراقي", 1),
    ("وخلال مقابلة مع وكالة", 1),
    ("كما أكّد أن بلاده", 1),
    ("وقال الكاظمي إنّ", 1),
    ("وعلى رأس وفد حكومي", 1),
    ("وقال الكاظمي قبيل مغادرته", 1),
    ("هذا ولم تستبعد", 2),
    ("يذكر أن يوم الخميس", 1),
    ("وقال وزير الخارجية الأميركي", 1),
    ("من جهته، قال وزير", 1),
    ("وأضاف حسين أن", 1),
]


@pytest.mark.parametrize(("start", "count"), SEED_004_ARABIC)
def test_seed_004_arabic_paragraphs(start: str, count: int) -> None:
    paragraph = seed_paragraph("004", start)
    sentences = split_sentences(paragraph, "ar")
    assert len(sentences) == count
    assert sentences[0].startswith(start)
    # The paragraph's end ends the last sentence, full stop or not.
    assert sentences[-1].endswith(paragraph.split()[-1])


# Seed 004, English: (first words, expected sentence ends) around “…”. quotes.
SEED_004_ENGLISH = [
    ("Al-Kāẓimī said that", ["Afghanistan”.", "region”."]),
    ("Shortly before his leave", ["fields.", "interests”."]),
    ("At the same time American", ["state.", "“on paper”."]),
    ("American Secretary of the State", ["stability.", "Iraq”."]),
    ("On his own behalf", ["Baghdad”."]),
]


@pytest.mark.parametrize(("start", "ends"), SEED_004_ENGLISH)
def test_seed_004_english_quotes(start: str, ends: list[str]) -> None:
    sentences = split_sentences(seed_paragraph("004", start), "en")
    assert [s.split()[-1] for s in sentences] == [e.split()[-1] for e in ends]
    assert all(s.endswith(e) for s, e in zip(sentences, ends, strict=True))


def test_seed_000_paragraph_with_line_breaks() -> None:
    sentences = split_sentences(seed_paragraph("000", "Baghdad – Mawazine News"), "en")
    # The first line has no full stop: a line break is no boundary.
    assert sentences[0].startswith("Baghdad – Mawazine News , Prime Minister")
    assert len(sentences) == 7
    assert sentences[3].endswith("in light of the agreement.”")
    assert sentences[4].startswith("The strategic framework")
    # "sanctions. on Iran": a lower-case word after a full stop continues the sentence.
    assert "international sanctions. on Iran, in addition" in sentences[5]
    assert sentences[6] == "Ended 29/A43"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_seed_paragraphs_lose_nothing(prefix: str, lang: Language) -> None:
    for paragraph in seed_paragraphs(prefix):
        assert_well_formed(paragraph, split_sentences(paragraph, lang))


# --- corpora --------------------------------------------------------------------------------

# Bible verses often hold several sentences: (id, side, number of sentences).
BIBLE = [
    ("GEN.1.2", "en", 2),
    ("GEN.19.9", "en", 3),
    ("GEN.4.9", "en", 2),
    ("GEN.4.7", "en", 2),  # "be accepted? and if thou ..." goes on after the question mark
    ("GEN.3.4", "en", 1),  # ends with a colon
    ("GEN.1.3", "ar", 1),  # «...» inside the sentence
    ("GEN.1.27", "ar", 3),
    ("GEN.3.11", "ar", 2),
    ("GEN.12.19", "ar", 3),
    ("GEN.16.5", "ar", 3),
]


@pytest.mark.parametrize(("unit_id", "lang", "count"), BIBLE)
def test_bible_verses(unit_id: str, lang: Language, count: int) -> None:
    text = corpus("bible_svd_kjv")[unit_id][lang]
    sentences = split_sentences(text, lang)
    assert len(sentences) == count
    assert_well_formed(text, sentences)


@pytest.mark.parametrize(
    ("unit_id", "first_end"),
    [("GEN.3.13", "فَعَلْتِ؟»"), ("GEN.4.9", "اخُوكَ؟»"), ("GEN.3.11", "عُرْيَانٌ؟")],
)
def test_bible_arabic_question_marks_keep_their_quote(unit_id: str, first_end: str) -> None:
    sentences = split_sentences(corpus("bible_svd_kjv")[unit_id]["ar"], "ar")
    assert sentences[0].endswith(first_end)


# UN units are single sentences holding abbreviations and paragraph numbers.
UN_SINGLE = [
    ("devset:1944|ar:143:1|en:149:1", "en"),  # 57. The concern ...
    ("devset:1944|ar:143:1|en:149:1", "ar"),  # ٥٧ - وأصبح ...
    ("devset:1714|ar:30:1|en:31:1", "en"),  # decision No. 2085
    ("devset:1505|ar:19:1|en:19:1", "en"),  # from the U.S. nor have we
    ("devset:2959|ar:147:1|en:145:1", "en"),  # art. 12 (4):
    ("testset:83|ar:61:2|en:66:2", "en"),  # Bodegom et al. 2012
    ("testset:228|ar:6:1|en:8:1", "en"),  # 2. On 13 November ... Decree No. 8.351
    ("devset:3881|ar:207:1|en:390:1", "en"),  # 173. Act No. 18246
    ("testset:3049|ar:54:2|en:59:2", "en"),  # U.S.-Russia ... U.S. nuclear
    ("testset:1925|ar:82:3|en:82:3", "ar"),  # "TIPOFF U.S. - Canada" inside Arabic
    ("devset:3188|ar:21:3|en:23:3", "ar"),  # No.14704-6 inside Arabic
]


@pytest.mark.parametrize(("unit_id", "lang"), UN_SINGLE)
def test_un_units_are_one_sentence(unit_id: str, lang: Language) -> None:
    text = corpus("unv1_dev_test")[unit_id][lang]
    assert split_sentences(text, lang) == [" ".join(text.split())]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_un_units_rarely_split(lang: Language) -> None:
    """Each UN unit is one sentence; a handful carry a trailing "(Jazan sector 3)" and such."""
    units = corpus("unv1_dev_test").values()
    split = [u["id"] for u in units if len(split_sentences(u[lang], lang)) > 1]
    assert len(split) <= len(units) // 1000, split


# UDHR paragraphs: (id, Arabic sentences, English sentences).
UDHR = [
    ("UDHR.ART01.1", 2, 2),
    ("UDHR.PRE.a2.e2", 2, 1),  # the English is one clause ending with a comma
    ("UDHR.ART07.1", 1, 2),
    ("UDHR.ART26.1", 2, 4),
    ("UDHR.ART25.1", 3, 1),
]


@pytest.mark.parametrize(("unit_id", "arabic", "english"), UDHR)
def test_udhr(unit_id: str, arabic: int, english: int) -> None:
    record = corpus("udhr")[unit_id]
    assert len(split_sentences(record["ar"], "ar")) == arabic
    assert len(split_sentences(record["en"], "en")) == english


@pytest.mark.parametrize(
    ("unit_id", "lang", "count"),
    [
        ("en#266065|ar#371292", "ar", 2),  # النجدة! ساعدني!
        ("en#1898415|ar#1898629", "ar", 2),  # هيا. دعونا نذهب إلى البيت.
        ("en#1898415|ar#1898629", "en", 2),  # Come on. Let's go home.
        ("en#7496847|ar#7498884", "en", 1),  # Mr. Jackson is our history teacher.
    ],
)
def test_tatoeba(unit_id: str, lang: Language, count: int) -> None:
    assert len(split_sentences(corpus("tatoeba_ara_eng")[unit_id][lang], lang)) == count


@pytest.mark.parametrize("name", ["unv1_dev_test", "bible_svd_kjv", "udhr", "tatoeba_ara_eng"])
def test_corpus_units_lose_nothing(name: str) -> None:
    records = list(corpus(name).values())
    step = max(1, len(records) // 2000)
    for record in records[::step]:
        for lang in ("ar", "en"):
            assert_well_formed(record[lang], split_sentences(record[lang], lang))


def assert_decisions_are_nltks(text: str, lang: Language) -> int:
    """Every candidate of single-spaced ``text`` is decided as NLTK's Punkt decides it, by the
    full annotation and by the shortcut where it answers; returns how many were checked."""
    ours, theirs = punkt_tokenizer(lang), nltk_punkt(lang)
    checked = 0
    for match, word in ours._potential_ends(text):
        context = text[word : match.end("after_tok")]
        expected = theirs.text_contains_sentbreak(context)
        assert ours.text_contains_sentbreak(context) == expected, context
        assert not ours._plain_sentbreak(text, word, match.end("after_tok")) or expected, context
        checked += 1
    return checked


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_decisions_are_nltks_on_the_corpora(lang: Language) -> None:
    """Every candidate, decided by the shortcut or by bialign's Punkt, as NLTK's Punkt does."""
    records = list(corpus("unv1_dev_test").values()) + list(corpus("bible_svd_kjv").values())[::20]
    text = " ".join(" ".join(r[lang].split()) for r in records)
    assert assert_decisions_are_nltks(text, lang) > 1000


# Pieces of text that exercise every branch of Punkt: end characters, quotes and brackets,
# abbreviations, initials, numbers, ellipses, hyphen runs, capitals and lower case.
_PUNKT_PIECES = st.sampled_from(
    [
        *"aZ5٣ قلمدَ.?!…؟،؛,;:\"'()«»“”‘’[]-",
        *["U.S.", "Mr.", "J.", "d.", "د.", "...", ". . .", "--", "!!", ".)", "57.", "57. "],
        *["3.5", "-4.", ",5.", " The ", " the ", " and ", " But ", " He", " He ", " No. "],
        *[" Art. ", " vs. ", " e.g. ", " ex-Gov. ", " cost-effective. ", "(UNDP). ", "»."],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(_PUNKT_PIECES, min_size=1, max_size=12), lang=st.sampled_from(["en", "ar"]))
def test_decisions_are_nltks_on_any_text(parts: list[str], lang: Language) -> None:
    assert_decisions_are_nltks(" ".join("".join(parts).split()), lang)


# A paragraph number and a full stop before a word of letters of any case and script, marks,
# titlecase and modifier letters, digits, punctuation: the shortcut's number contexts.
_NUMBER_WORD_CHARS = st.sampled_from(
    [
        *"aZéÉǅßσΣح_'١²ʰªⅣⅳ",
        *["\N{COMBINING ACUTE ACCENT}", "\N{ARABIC FATHA}", "ال", "ـ", "ﻻ"],
        *[*';:,.!?()«»"-5', "3.", "--", "..."],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(
    number=st.sampled_from(["1", "12", "2015", "007", "٣", "1.2"]),
    word=st.lists(_NUMBER_WORD_CHARS, min_size=1, max_size=5),
    lang=st.sampled_from(["en", "ar"]),
)
def test_number_contexts_are_decided_as_nltk_decides(
    number: str, word: list[str], lang: Language
) -> None:
    text = f"See {number}. {''.join(word)} here."
    assert_decisions_are_nltks(text, lang)
    assert_spans_are_nltks(text, lang)


def seed_and_nasty_paragraphs() -> list[str]:
    """The blank-line-separated paragraphs of the seeds and of the nasty inputs, as read."""
    files = [*SEEDS.glob("*.txt"), *(REPO / "tests" / "data" / "nasty").glob("*.txt")]
    return [
        paragraph
        for path in files
        for paragraph in re.split(r"\n\s*\n", path.read_bytes().decode("utf-8", errors="replace"))
    ]


def assert_spans_are_nltks(text: str, lang: Language) -> None:
    """bialign's Punkt spans of single-spaced ``text`` are NLTK's ``span_tokenize``."""
    text = " ".join(text.split())
    if text:
        expected = list(nltk_punkt(lang).span_tokenize(text))
        assert punkt_tokenizer(lang).span_tokenize(text) == expected, text


@pytest.mark.parametrize("name", ["unv1_dev_test", "bible_svd_kjv", "udhr", "tatoeba_ara_eng"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_spans_are_nltks_on_the_corpora(name: str, lang: Language) -> None:
    records = list(corpus(name).values())
    for record in records[:: max(1, len(records) // 3000)]:
        assert_spans_are_nltks(record[lang], lang)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_spans_are_nltks_on_the_seeds_and_nasty_inputs(lang: Language) -> None:
    for paragraph in seed_and_nasty_paragraphs():
        assert_spans_are_nltks(paragraph, lang)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(_PUNKT_PIECES, max_size=40), lang=st.sampled_from(["en", "ar"]))
def test_spans_are_nltks_on_any_text(parts: list[str], lang: Language) -> None:
    assert_spans_are_nltks("".join(parts), lang)


def assert_compiled_walk_is_pythons(text: str, lang: Language) -> None:
    """The compiled candidate walk gives the Python walk's slices of ``text``."""
    tokenizer = punkt_tokenizer(lang)
    assert tokenizer._slices_from_text(text) == tokenizer._slices_python(text), text


@needs_compiled
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_compiled_walk_is_pythons_on_the_seeds_and_nasty_inputs(lang: Language) -> None:
    for paragraph in seed_and_nasty_paragraphs():
        assert_compiled_walk_is_pythons(" ".join(paragraph.split()), lang)
        assert_compiled_walk_is_pythons(paragraph, lang)  # any text, not only single-spaced


@needs_compiled
@pytest.mark.parametrize("name", ["unv1_dev_test", "bible_svd_kjv"])
def test_compiled_walk_is_pythons_on_the_corpora(name: str) -> None:
    records = list(corpus(name).values())
    for record in records[:: max(1, len(records) // 3000)]:
        for lang in ("en", "ar"):
            assert_compiled_walk_is_pythons(" ".join(record[lang].split()), lang)


# Marks after a letter (Latin accents, harakat), digits of other scripts, other white space.
_WALK_PIECES = st.one_of(
    _PUNKT_PIECES,
    st.sampled_from(
        [
            "\N{COMBINING ACUTE ACCENT}",
            "\N{ARABIC FATHA}",
            "\N{ARABIC LETTER SUPERSCRIPT ALEF}",
            "٣.",
            "_.",
            "\t",
            "\N{NO-BREAK SPACE}",
            "\n",
            "éé.",
            "12. The",
            "٣. É",
            "Ab.c. ",
        ]
    ),
)


@needs_compiled
@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(_WALK_PIECES, max_size=40), lang=st.sampled_from(["en", "ar"]))
def test_compiled_walk_is_pythons_on_any_text(parts: list[str], lang: Language) -> None:
    assert_compiled_walk_is_pythons("".join(parts), lang)


def assert_compiled_joining_is_pythons(text: str, spans: list[tuple[int, int]]) -> None:
    """The compiled joining gives the Python joining's sentences of ``spans``, in both
    languages (with case and without)."""
    for lang in ("en", "ar"):
        expected = [text[start:end].strip() for start, end in _joined_spans(text, spans, lang)]
        args = (_HAS_CASE[lang], _OPENERS, _is_label, _opens_with_label)
        assert speedups.joined_sentences(text, spans, *args) == expected, (text, spans, lang)


@needs_compiled
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_compiled_joining_is_pythons_on_the_seeds_and_nasty_inputs(lang: Language) -> None:
    for paragraph in seed_and_nasty_paragraphs():
        single = " ".join(paragraph.split())
        assert_compiled_joining_is_pythons(single, _punkt_spans(single, lang))


@needs_compiled
@settings(max_examples=1000, deadline=None)
@given(
    parts=st.lists(_WALK_PIECES, max_size=40),
    cuts=st.lists(st.integers(0, 200), max_size=8),
    lang=st.sampled_from(["en", "ar"]),
)
def test_compiled_joining_is_pythons_on_any_text(
    parts: list[str], cuts: list[int], lang: Language
) -> None:
    text = " ".join("".join(parts).split())
    assert_compiled_joining_is_pythons(text, _punkt_spans(text, lang))
    # Any spans in order, not only Punkt's: pieces that are labels, letterless, lower case.
    bounds = sorted({0, len(text), *(cut for cut in cuts if cut < len(text))})
    assert_compiled_joining_is_pythons(text, list(itertools.pairwise(bounds)))


# --- property -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"aZ5٣ قلم.?!…؟،؛,;:\"'()«»“”‘’[]-\n\t",
        *["U.S.", "Mr.", "د.", "...", "57. ", " The ", " and ", "3.5", "٣٫٥", "\N{NO-BREAK SPACE}"],
        *["No.", "ab.1 ", ".12", "¹ ", "قلم.١ "],  # footnote references and their look-alikes
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, max_size=40), lang=st.sampled_from(["en", "ar"]))
def test_nothing_lost_on_any_text(parts: list[str], lang: Language) -> None:
    text = "".join(parts)
    sentences = split_sentences(text, lang)
    assert_well_formed(text, sentences)
    assert (sentences == []) == (not text.strip())


def may_hold_footnote(paragraph: str, lang: Language) -> bool:
    """Whether a letter, a sentence end, closers and a number (or a character Python does
    not know) follow one another in ``paragraph``: where the compiled call leaves a footnote
    reference to Python."""
    ends = (en if lang == "en" else ar).SENT_END_CHARS
    for k in range(1, len(paragraph) - 1):
        if paragraph[k] in ends and paragraph[k - 1].isalpha():
            rest = paragraph[k + 1 :].lstrip(_CLOSERS)
            if rest and (rest[0].isnumeric() or not rest[0].isprintable()):
                return True
    return False


def assert_compiled_sentences_are_pythons(paragraph: str) -> None:
    """The one compiled call splits ``paragraph`` as the Python path does, in both languages,
    and answers wherever it should: a single-spaced paragraph, in Arabic without "..", with
    no footnote reference maybe after a sentence end.
    """
    for lang in ("en", "ar"):
        found = speedups.sentences(paragraph, *_compiled_arguments(lang))
        spaced = " ".join(paragraph.split()) == paragraph
        left = (
            not spaced or (lang == "ar" and ".." in paragraph) or may_hold_footnote(paragraph, lang)
        )
        assert (found is None) == left, paragraph
        assert found is None or found == _split_python(paragraph, lang), (paragraph, lang)


@needs_compiled
def test_compiled_sentences_are_pythons_on_the_seeds_and_nasty_inputs() -> None:
    for paragraph in seed_and_nasty_paragraphs():
        assert_compiled_sentences_are_pythons(paragraph)
        assert_compiled_sentences_are_pythons(paragraph.strip())
        assert_compiled_sentences_are_pythons(" ".join(paragraph.split()))


@needs_compiled
@pytest.mark.parametrize("name", ["unv1_dev_test", "bible_svd_kjv", "udhr", "tatoeba_ara_eng"])
def test_compiled_sentences_are_pythons_on_the_corpora(name: str) -> None:
    records = list(corpus(name).values())
    for record in records[:: max(1, len(records) // 3000)]:
        for lang in ("en", "ar"):
            assert_compiled_sentences_are_pythons(" ".join(record[lang].split()))


@needs_compiled
@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.one_of(_ALPHABET, _WALK_PIECES), max_size=40))
def test_compiled_sentences_are_pythons_on_any_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert_compiled_sentences_are_pythons(text)
    assert_compiled_sentences_are_pythons(" ".join(text.split()))


@needs_compiled
def test_compiled_white_space_is_pythons_at_every_code_point() -> None:
    # The compiled screen asks for no white space below U+1680 but U+0085 and U+00A0.
    arguments = _compiled_arguments("en")
    for code in range(sys.maxunicode + 1):
        text = f"a{chr(code)}b"
        expected = None if chr(code).isspace() and code != ord(" ") else [text]
        assert speedups.sentences(text, *arguments) == expected, hex(code)


# --- shipped parameters ---------------------------------------------------------------------

BRIEF_ABBREVIATIONS = [
    *("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "St", "Jr", "Sr"),
    *("Inc", "Ltd", "Co", "Corp", "vs", "etc", "e.g", "i.e", "No", "Nos", "Art", "para", "paras"),
    *("Vol", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
    *("U.S", "U.K", "U.N", "U.S.A", "a.m", "p.m"),
]


@pytest.mark.parametrize("abbreviation", BRIEF_ABBREVIATIONS)
def test_english_abbreviations_are_shipped(abbreviation: str) -> None:
    assert abbreviation.lower() in punkt_parameters("en").abbrev_types
    assert abbreviation.lower() in punkt_parameters("ar").abbrev_types  # Latin text inside Arabic
    sentence = f"It was {abbreviation}. 5 people came. They left."
    assert split_sentences(sentence, "en")[0] == f"It was {abbreviation}. 5 people came."


def test_english_parameters_credit_their_sources() -> None:
    header = (REPO / "bialign" / "data" / "punkt_en.txt").read_text(encoding="utf-8")
    for source in ("United Nations", "King James Bible", "Universal Declaration", "Tatoeba"):
        assert source in header
    assert "tools/build_punkt.py" in header


@pytest.mark.parametrize("letter", ["د", "أ", "م", "هـ", "ق.م"])
def test_arabic_abbreviations(letter: str) -> None:
    assert letter in punkt_parameters("ar").abbrev_types
    assert split_sentences(f"قال {letter}. أحمد كلاما", "ar") == [f"قال {letter}. أحمد كلاما"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[abbrev_types]\nmr\n[ortho]\nx\n", r"<string>:3: unknown section \[ortho\]"),
        ("mr\n[abbrev_types]\n", r"<string>:1: entry 'mr' before any \[section\]"),
        ("[collocations]\nj bach sebastian\n", "a collocation is two words"),
    ],
)
def test_bad_parameter_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_parameters(text)


def test_nothing_is_loaded_at_import_and_nltk_never() -> None:
    code = (
        "import sys, bialign, bialign.segment as s; "
        "print(s.punkt_parameters.cache_info().currsize); "
        "s.split_sentences('Mr. J. Smith came at 5 p.m. on No. 3. He left... Then -- 4. x', 'en'); "
        "s.split_sentences('قال د. أحمد... ثم ذهب. 5. ثم', 'ar'); "
        "print(s.punkt_parameters.cache_info().currsize, 'nltk' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0", "2", "False"]
