"""split_article on real text: the seeds, seed 004 rearranged, UDHR and Bible articles built from
the corpora, boilerplate in English and Arabic, and content that must survive."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import regex
from cases import load, params
from corpora import records as corpus_records
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign import split
from bialign.detect import detect_script, paragraphs
from bialign.languages import ar, en
from bialign.records import ArticleSplit
from bialign.split import split_article

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_004 = "004_560e4bfc249f71d2.txt"


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def characters(texts: Iterable[str]) -> Counter[str]:
    """Every non-space character of ``texts``, counted."""
    return Counter(char for text in texts for char in text if not char.isspace())


def assert_nothing_lost(text: str, result: ArticleSplit) -> None:
    """Every non-space character of the input is on exactly one side or in ``dropped``."""
    out = [*result.ar, *result.en, *(record.text for record in result.dropped)]
    assert characters([text]) == characters(out)


def assert_lines_point_at_paragraphs(text: str, result: ArticleSplit) -> None:
    lines = text.split("\n")
    for side, numbers in ((result.ar, result.ar_lines), (result.en, result.en_lines)):
        assert len(numbers) == len(side)
        for paragraph, number in zip(side, numbers, strict=True):
            # Word by word: a slug cut out of the middle of the line leaves a gap.
            line = lines[number - 1]
            assert all(word in line for word in paragraph.split("\n")[0].split())
    for record in result.dropped:
        assert record.text.split("\n")[0] in lines[record.line - 1]


def check(text: str) -> ArticleSplit:
    """split_article plus the invariants every result must hold."""
    result = split_article(text)
    assert_nothing_lost(text, result)
    assert_lines_point_at_paragraphs(text, result)
    for side, kept in (("ar", result.ar), ("en", result.en)):
        for paragraph in kept:
            assert paragraph == paragraph.strip() and paragraph
            report = detect_script(paragraph)
            arabic, latin = report.arabic_letters, report.latin_letters - report.latin_names
            assert arabic >= latin if side == "ar" else latin >= arabic
    return result


def raw_paragraphs(text: str) -> list[str]:
    return [paragraph.text for paragraph in paragraphs(text)]


# --- the English-only seeds -----------------------------------------------------------------

# Seed, and the line (read off the file) where its comment-form tail begins: everything from
# there to the end is page furniture, everything before it is the article.
ENGLISH_SEEDS = [
    ("000_7aee41ed920471e5.txt", "Leave a Reply"),
    ("001_9238f872ef9feec1.txt", "Leave a Reply"),
    ("002_cfedf86719f110e5.txt", "Please enter your comment!"),
    ("003_09f3789a519224e6.txt", "Source link"),
]


@pytest.mark.parametrize(("name", "tail_start"), ENGLISH_SEEDS)
def test_english_seed_keeps_the_article_and_drops_the_comment_form(
    name: str, tail_start: str
) -> None:
    text = seed(name)
    result = check(text)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == tail_start)
    assert result.layout == "en-only"
    assert result.ar == ()
    assert result.en == tuple(raw_paragraphs("\n".join(lines[:start])))
    assert {record.reason for record in result.dropped} == {"boilerplate"}
    dropped_lines = [line for record in result.dropped for line in record.text.split("\n")]
    assert dropped_lines == [line.strip() for line in lines[start:] if line.strip()]


def test_seed_000_block_of_one_paragraph_a_line_is_cut_at_its_line_breaks() -> None:
    text = seed("000_7aee41ed920471e5.txt")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Baghdad"))
    last = lines.index("", first)
    assert last - first > 2
    # Paragraphs of hundreds of characters are not hard-wrapped text: each line is one; the
    # dateline goes on into the line that opens with a comma.
    dateline = "\n".join(lines[first : first + 2])
    assert check(text).en[-(last - first - 1) :] == (dateline, *lines[first + 2 : last])


def test_seed_002_two_furniture_lines_in_one_paragraph_are_one_record() -> None:
    result = check(seed("002_cfedf86719f110e5.txt"))
    assert [record.text for record in result.dropped] == [
        "Please enter your comment!\nPlease enter your name here"
    ]


# --- the bilingual seed ---------------------------------------------------------------------


def test_seed_004_gives_title_byline_and_twelve_paragraphs_a_side() -> None:
    text = seed(SEED_004)
    result = check(text)
    raw = raw_paragraphs(text)
    assert result.layout == "en-ar"
    assert len(result.en) == len(result.ar) == 14
    # The title without the slug; the slug, a hyphenated copy of the Arabic title, dropped.
    assert result.en[0].endswith("“Dā‘iš”.") and raw[0].startswith(result.en[0])
    (slug,) = result.dropped
    assert (slug.reason, slug.line) == ("url-slug", 1)
    assert result.en[0] + slug.text == raw[0]
    assert result.ar[0].startswith(slug.text.replace("-", " "))
    # Bylines are content: paragraph 2 of each side, at lines 3 and 33.
    assert result.en[1].startswith("Writer:") and result.en_lines[1] == 3
    assert result.ar[1].startswith("الكاتب:") and result.ar_lines[1] == 33
    assert result.en[1:] == tuple(raw[1:14])
    assert result.ar == tuple(raw[14:])


def test_seed_004_slug_is_on_neither_side() -> None:
    result = check(seed(SEED_004))
    slug = result.dropped[0].text
    hyphen_run = regex.compile(r"\p{L}+(?:\p{P}?-\p{L}+){2,}")
    for paragraph in result.ar + result.en:
        assert slug not in paragraph
        assert not any(detect_script(run).script == "ar" for run in hyphen_run.findall(paragraph))


def seed_004_sides() -> tuple[list[str], list[str]]:
    raw = raw_paragraphs(seed(SEED_004))
    return raw[:14], raw[14:]


Arrange = Callable[[list[str], list[str]], list[str]]


def interleave(first: list[str], second: list[str]) -> list[str]:
    return [paragraph for pair in zip(first, second, strict=True) for paragraph in pair]


SEPARATORS = ["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"]
# How an article can hold its two sides: blocks either way round, or paragraph by paragraph.
BILINGUAL_LAYOUTS = [
    (lambda en, ar: en + ar, "en-ar"),
    (lambda en, ar: ar + en, "ar-en"),
    (interleave, "interleaved"),
    (lambda en, ar: interleave(ar, en), "interleaved"),
]


@pytest.mark.parametrize("separator", SEPARATORS, ids=repr)
@pytest.mark.parametrize(
    ("arrange", "layout"),
    [
        *BILINGUAL_LAYOUTS,
        (lambda en, ar: en, "en-only"),
        (lambda en, ar: ar, "ar-only"),
    ],
    ids=["en-ar", "ar-en", "en-first", "ar-first", "en-only", "ar-only"],
)
def test_seed_004_rearranged(arrange: Arrange, layout: str, separator: str) -> None:
    en, ar = seed_004_sides()
    result = check(separator.join(arrange(en, ar)))
    expected = split_article(seed(SEED_004))
    assert result.layout == layout
    assert result.en == (() if layout == "ar-only" else expected.en)
    assert result.ar == (() if layout == "en-only" else expected.ar)
    # The slug rides on the English title.
    slugs = [(record.text, record.reason) for record in expected.dropped]
    assert [(d.text, d.reason) for d in result.dropped] == ([] if layout == "ar-only" else slugs)


def assert_no_slug_where_ruled_out(line: str) -> None:
    """A line whose edge words rule out a slug has none: the quick test only skips work."""
    if not split._may_hold_edge_slug(line):
        assert all(split._slug_at_edge(line, script) is None for script in ("ar", "latin")), line


def test_the_quick_slug_test_misses_no_slug_of_the_seeds_and_nasty_inputs() -> None:
    files = [*SEEDS.glob("*.txt"), *(REPO / "tests" / "data" / "nasty").glob("*.txt")]
    for path in files:
        for line in path.read_bytes().decode("utf-8", errors="replace").split("\n"):
            assert_no_slug_where_ruled_out(line)


# Words of both scripts and numbers, joined mostly by hyphens: slugs at either edge, inside
# the line, alone, after letterless words, and lines that are none of these.
_SLUG_WORDS = ["Title", "day", "al", "Kazimi", "العراق", "لم", "يعد", "بحاجة", "12", "٣", "“Dā‘iš”"]
_SLUG_JOINS = ["-", "-", "-", " ", ".", ". ", ":-", " 12 ", "\t", "\x1c"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SLUG_WORDS), st.sampled_from(_SLUG_JOINS)), max_size=14))
def test_the_quick_slug_test_misses_no_slug(parts: list[tuple[str, str]]) -> None:
    assert_no_slug_where_ruled_out("".join(word + join for word, join in parts))


def test_title_glued_to_its_translation_without_a_slug() -> None:
    en, ar = seed_004_sides()
    title = en[0][: en[0].index("”.") + 2]  # the English title, up to its final “Dā‘iš”.
    for glue in ("", " ", "\n"):
        result = check(title + glue + ar[0] + "\n\n" + "\n\n".join(en[1:] + ar[1:]))
        assert result.en[0] == title
        assert result.ar[0] == ar[0]
        assert result.dropped == ()


@pytest.mark.parametrize("separator", ["\N{EM DASH}", "-", "|", "/"])
@pytest.mark.parametrize("arabic_first", [True, False])
@pytest.mark.parametrize(
    ("ar_title", "en_title"),
    [
        ("الإعلان العالمي لحقوق الإنسان", "Universal Declaration of Human Rights"),
        ("التقرير السنوي", "Annual report"),  # too short to be cut without the separator
        ("التقرير السنوي 2023", "Annual Report 2023"),
    ],
)
def test_the_separator_between_a_title_and_its_translation_is_neither_sides(
    separator: str, arabic_first: bool, ar_title: str, en_title: str
) -> None:
    first, second = (ar_title, en_title) if arabic_first else (en_title, ar_title)
    body = "All human beings are born free.\n\nيولد جميع الناس أحراراً."
    result = check(f"{first} {separator} {second}\n\n{body}")
    assert (result.ar[0], result.en[0]) == (ar_title, en_title)
    assert [(d.text, d.reason, d.line) for d in result.dropped] == [(separator, "neutral", 1)]


def test_latin_slug_glued_to_an_arabic_title() -> None:
    en, ar = seed_004_sides()
    slug = "al-kazimi-iraq-no-longer-needs-american-combat-forces"
    for line in (ar[0] + "." + slug, slug + " " + ar[0]):
        result = check("\n\n".join([*en[1:], line, *ar[1:]]))
        assert result.ar[0] == ar[0] + "." * line.startswith(ar[0])
        assert [(d.text, d.reason) for d in result.dropped] == [(slug, "url-slug")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Officials described a state-of-the-art base north-west of Baghdad.",
        "أطلقت شرطة المدينة مبادرة (Tweets-by-Beat)، التي تزود السكان بمعلومات محدثة.",
        "وصل وفد عراقي برئاسة وزير الخارجية العراقي حسين فؤاد (Fuad Hussein) إلى واشنطن.",
        "The talks were held under the US-Iraq-Kuwait framework agreed in 2008.",
        "سامسونج تكشف عن هاتفها الرائد الجديد - Galaxy S24",  # a name, not a translation
        "تعلم البرمجة بلغة - Python",
    ],
)
def test_hyphenated_phrases_and_names_inside_text_stay(paragraph: str) -> None:
    result = check(paragraph)
    assert (result.ar + result.en) == (paragraph,)
    assert result.dropped == ()


# --- corpora as articles -------------------------------------------------------------------


def records_as_sides(name: str, limit: int | None = None) -> tuple[list[str], list[str]]:
    records = corpus_records(name)[:limit]
    return [r["en"].strip() for r in records], [r["ar"].strip() for r in records]


@pytest.mark.parametrize("corpus", ["udhr", "bible_svd_kjv"])
@pytest.mark.parametrize(
    ("arrange", "layout"),
    BILINGUAL_LAYOUTS,
    ids=["en-ar", "ar-en", "en-first", "ar-first"],
)
def test_corpus_article(corpus: str, arrange: Arrange, layout: str) -> None:
    en, ar = records_as_sides(corpus, limit=150)  # the Bible: the first 150 verses of Genesis
    result = check("\n\n".join(arrange(en, ar)))
    assert result.layout == layout
    assert result.en == tuple(en)
    assert result.ar == tuple(ar)
    assert result.dropped == ()


@pytest.mark.parametrize("glue", ["\n", " "], ids=["line-break", "space"])
def test_udhr_pairs_in_one_paragraph_are_split(glue: str) -> None:
    en, ar = records_as_sides("udhr")
    if glue == " ":
        # On one line a pair is cut at a sentence end or, without one, only between two runs
        # of four words or more; "Article 1 المادة 1" stays whole (see split.py, step 4).
        pairs = [
            (e, a)
            for e, a in zip(en, ar, strict=True)
            if regex.search(r"[.!?]$", e) or min(len(e.split()), len(a.split())) >= 4
        ]
        en, ar = [e for e, _ in pairs], [a for _, a in pairs]
    assert len(en) > 50
    result = check("\n\n".join(e + glue + a for e, a in zip(en, ar, strict=True)))
    assert result.layout == "interleaved"
    assert result.en == tuple(en)
    assert result.ar == tuple(ar)


def test_brief_example_mixed_paragraph() -> None:
    result = check("English sentence. الجملة العربية.")
    assert (result.en, result.ar) == (("English sentence.",), ("الجملة العربية.",))


def test_un_arabic_sentences_with_latin_stay_whole_on_the_arabic_side() -> None:
    records = corpus_records("unv1_dev_test")
    latin = regex.compile(r"\p{Script=Latin}")
    arabic = [r["ar"] for r in records if detect_script(r["ar"]).script in ("ar", "mixed")]
    with_latin = [sentence for sentence in arabic if latin.search(sentence)]
    assert len(with_latin) > 50
    for sentence in with_latin:
        assert check(sentence).ar == (sentence.strip(),)


def test_english_glossing_arabic_terms_is_english() -> None:
    en = "The Five Pillars of Islam are Shahada (الشهادة), Salat (الصلاة) and Hajj (الحج)."
    ar = "أركان الإسلام الخمسة هي الشهادة والصلاة والزكاة والصوم والحج."
    result = check(f"{en}\n\n{ar}")
    assert (result.en, result.ar, result.layout) == ((en,), (ar,), "en-ar")


def test_arabic_paragraph_naming_in_latin_is_arabic() -> None:
    en = "Microsoft announced Windows Server 2025 at its Build conference in Seattle."
    ar = "أعلنت شركة Microsoft عن إطلاق Windows Server 2025 في مؤتمر Build في مدينة Seattle."
    result = check(f"{en}\n\n{ar}")
    assert (result.en, result.ar, result.layout) == ((en,), (ar,), "en-ar")


# --- boilerplate -----------------------------------------------------------------------------

# Lines that are furniture wherever they stand, and real-looking content that mentions the
# words furniture is made of, which must stay unchanged.
FURNITURE = params("furniture", "line", where=lambda case: case["furniture"])
CONTENT = params("furniture", "line", where=lambda case: not case["furniture"])
LINES = [case["line"] for case in load("furniture")]


@pytest.mark.parametrize("line", FURNITURE)
@pytest.mark.parametrize("where", ["after-en", "after-ar"])
def test_furniture_paragraph_is_dropped(line: str, where: str) -> None:
    en, ar = seed_004_sides()
    blocks = [*en, line, *ar] if where == "after-en" else [*en, *ar, line]
    result = check("\n\n".join(blocks))
    expected = split_article(seed(SEED_004))
    assert (result.en, result.ar) == (expected.en, expected.ar)
    assert [(d.text, d.reason) for d in result.dropped[1:]] == [(line, "boilerplate")]


def test_furniture_line_inside_a_content_paragraph_goes_alone() -> None:
    en, ar = seed_004_sides()
    text = "\n\n".join([*en[:5], en[5] + "\nShare this:\nTwitter\nFacebook", *en[6:], *ar])
    result = check(text)
    assert result.en == split_article(seed(SEED_004)).en
    assert result.dropped[-1].text == "Share this:\nTwitter\nFacebook"


def test_widget_words_are_dropped_only_after_furniture() -> None:
    en, ar = seed_004_sides()
    # "Twitter" alone is a caption here, no furniture before it: kept.
    text = "\n\n".join([*en[:3], "Twitter", *en[3:], *ar])
    assert "Twitter" in check(text).en
    # After "Leave a Reply" the avatar captions and form labels go with it, up to real text.
    tail = ["Leave a Reply", "Google photo", "Name *", "Email *", "Website"]
    result = check("\n\n".join([*en, *tail, *ar]))
    assert [d.text for d in result.dropped[1:]] == tail
    assert result.ar == split_article(seed(SEED_004)).ar


@pytest.mark.parametrize("paragraph", CONTENT)
def test_content_with_furniture_words_is_kept(paragraph: str) -> None:
    en, ar = seed_004_sides()
    side = "ar" if detect_script(paragraph).script == "ar" else "en"
    text = "\n\n".join(
        [*en[:4], paragraph, *en[4:], *ar] if side == "en" else [*en, *ar[:4], paragraph, *ar[4:]]
    )
    result = check(text)
    assert paragraph in getattr(result, side)
    assert all(paragraph not in record.text for record in result.dropped)


def test_a_bilingual_table_of_furniture_words_is_kept_as_its_pairs() -> None:
    # Interface strings beside their translations, a tab between (a localisation table): each
    # line is a pair, not a running head, whose fields share one script ("Title<tab>Page 2").
    rows = [("Share", "مشاركة"), ("Print this page", "اطبع هذه الصفحة")]
    rows.append(("Leave a reply", "اترك ردا"))
    result = check("\n".join(f"{en}\t{ar}" for en, ar in rows) + "\n")
    assert (result.en, result.ar, result.dropped) == (*zip(*rows, strict=True), ())


@pytest.mark.parametrize("paragraph", CONTENT)
def test_content_after_a_furniture_line_is_kept(paragraph: str) -> None:
    result = check(f"Share this:\n\n{paragraph}")
    assert paragraph in result.ar + result.en


# --- neutral paragraphs ---------------------------------------------------------------------


def test_neutral_paragraphs() -> None:
    en, ar = seed_004_sides()
    date = "25/07/2021"
    # Inside the English block: English content, in place.
    result = check("\n\n".join([*en[:3], date, *en[3:], *ar]))
    assert result.en[3] == date and len(result.en) == 15
    # Between the blocks, or between two interleaved paragraphs: which side? Dropped.
    result = check("\n\n".join([*en, date, *ar]))
    assert [(d.text, d.reason) for d in result.dropped[1:]] == [(date, "neutral")]
    result = check("\n\n".join([en[2], date, ar[2], en[3], ar[3]]))
    assert [(d.text, d.reason) for d in result.dropped] == [(date, "neutral")]
    # At the edge of a one-language article, its only neighbour decides.
    result = check("\n\n".join(["١٤:١٠ – ٢٥/٠٧/٢٠٢١", *ar]))
    assert result.ar[0] == "١٤:١٠ – ٢٥/٠٧/٢٠٢١" and result.layout == "ar-only"


@pytest.mark.parametrize("text", ["", "\n\n  \n", "25/07/2021", "\N{RIGHT-TO-LEFT MARK}\n\n14:10"])
def test_no_letters_is_empty(text: str) -> None:
    result = check(text)
    assert (result.ar, result.en, result.layout) == ((), (), "empty")
    # A time of day on its own line reads as a verse or cue number: dropped all the same.
    assert all(record.reason in ("neutral", "number") for record in result.dropped)


def _lines_to_classify() -> list[str]:
    """Furniture, content, seed and corpus lines, and furniture behind marks, controls, odd
    case, white space and characters the key changes: what the first-character and
    first-word checks must agree with the full check on."""
    lines = LINES + _seed_lines()
    for name in ("unv1_dev_test", "bible_svd_kjv", "tatoeba_ara_eng"):
        lines += [line for r in corpus_records(name)[:1500] for line in (r["ar"], r["en"])]
    for phrase in (case["line"] for case in load("furniture") if case["furniture"]):
        lines += [
            "\N{ARABIC FATHA}\N{ARABIC TATWEEL} " + phrase,
            "\N{RIGHT-TO-LEFT MARK}" + phrase.upper(),
            phrase.replace(" ", "\t", 1),
            "\N{NO-BREAK SPACE}" + phrase + " \N{ARABIC FATHA}",
            phrase.split(" ")[0],
            # First characters the key changes: a presentation form, a hamza alef, ß, ǅ.
            "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}" + phrase,
            phrase.replace("ا", "أ", 1),
            "ß" + phrase,
            "\N{LATIN CAPITAL LETTER D WITH SMALL LETTER Z WITH CARON}" + phrase[1:],
        ]
    return lines


@pytest.mark.parametrize("in_tail", [False, True])
def test_the_first_word_check_never_changes_a_verdict(
    monkeypatch: pytest.MonkeyPatch, in_tail: bool
) -> None:
    lines = _lines_to_classify()
    verdicts = [split._is_furniture(line, in_tail) for line in lines]
    assert any(verdicts) and not all(verdicts)
    # No first-character or first-word check.
    monkeypatch.setattr(split, "_may_open_with", lambda char: True)
    monkeypatch.setattr(split, "_may_open_furniture", lambda word: True)
    assert [split._is_furniture(line, in_tail) for line in lines] == verdicts


def _all_phrases() -> regex.Pattern[str]:
    return regex.compile("|".join(split._phrases()))


def test_the_openings_screen_passes_whatever_the_pattern_may_match() -> None:
    # The openings are read off the patterns' text; the patterns themselves are the judge:
    # every beginning of a key that one may complete (a partial match) is an opening of it,
    # whole keys too.
    keys = {split._furniture_key(line) for line in _lines_to_classify()}
    beginnings = {key[:length] for key in keys for length in range(split._OPENING + 2)}
    assert sum(split._may_open(key) for key in beginnings) < len(beginnings)  # it screens
    pattern = _all_phrases()
    missed = [
        (index, key)
        for key in sorted(beginnings | keys)
        if pattern.fullmatch(key, partial=True)
        for index, trie in enumerate(split._phrase_tries())
        if split._phrase(index).fullmatch(key, partial=True) and not split._opens(trie, key, 0)
    ]
    assert missed == []


def test_matching_only_the_patterns_a_key_may_open_is_matching_them_all() -> None:
    keys = sorted({split._furniture_key(line) for line in _lines_to_classify()})
    pattern = _all_phrases()
    verdicts = [split._is_phrase(key) for key in keys]
    assert any(verdicts)
    assert verdicts == [pattern.fullmatch(key) is not None for key in keys]


def test_the_openings_reader_reads_every_pattern_and_refuses_what_it_cannot() -> None:
    for pattern in (*en.furniture_phrases(), *ar.furniture_phrases()):
        assert split._OpeningReader(pattern).openings()
    assert split._OpeningReader("a{2}b?").openings() == {("a", "a"), ("a", "a", "b")}
    # A class is any one character, whatever it holds: an escaped "]", a "]" first.
    for pattern in (r"a[\]b]c", "a[]b]c", "a[^]b]c", r"a[\\]c"):
        assert split._OpeningReader(pattern).openings() == {("a", split._ANY, "c")}
    for unread in ("(?=x)", "\\sx", "x^", "a[bc"):
        with pytest.raises(ValueError, match="cannot read"):
            split._OpeningReader(unread).openings()


# --- invariants on random articles made of real paragraphs -----------------------------------


def _seed_lines() -> list[str]:
    return [
        line.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.strip()
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_seed_lines() + LINES + ["25/07/2021"]),
            st.sampled_from(["\n", "\n\n", "\n \n\n", " "]),
        ),
        max_size=25,
    )
)
def test_nothing_is_lost_in_random_articles(parts: list[tuple[str, str]]) -> None:
    result = check("".join(line + glue for line, glue in parts))
    kind = {
        (False, False): {"empty"},
        (True, False): {"ar-only"},
        (False, True): {"en-only"},
        (True, True): {"en-ar", "ar-en", "interleaved"},
    }
    assert result.layout in kind[bool(result.ar), bool(result.en)]


def test_long_input_is_fast_enough() -> None:
    # 200 copies of seed 004 (about 2 MB, 5,600 paragraphs): quadratic work would not finish.
    result = split_article("\n\n".join([seed(SEED_004)] * 200))
    assert len(result.en) == len(result.ar) == 14 * 200


@pytest.mark.parametrize(
    ("text", "paragraph"), params("hyphens", "text", "paragraph", id_field="name")
)
def test_a_word_a_line_end_hyphen_broke_is_made_whole(text: str, paragraph: str) -> None:
    # Hard-wrapped English (a PDF's text, textwrap's): "transla-" "tion" is one word again,
    # on the line it begins; a name's or compound's hyphen stays.
    assert split_article(text).en == (paragraph,)


def test_a_rule_is_dropped_and_a_figure_kept() -> None:
    # A Word export's rule over its footnotes, between two paragraphs of one side, had joined
    # that side and been paired with the other side's rule.
    text = (
        "The report was adopted.\n\n2015\n\nIt was published.\n\n__________\n\n"
        "See the annex.\n\n* * *\n\nIt was read.\n\nاعتُمد التقرير."
    )
    result = split_article(text)
    assert result.en == (
        "The report was adopted.",
        "2015",
        "It was published.",
        "See the annex.",
        "It was read.",
    )
    assert [(d.text, d.reason) for d in result.dropped] == [
        ("__________", "neutral"),
        ("* * *", "neutral"),
    ]


def test_an_interleaved_document_numbers_its_blocks() -> None:
    # A bilingual cue's two lines share a block; blocks are numbered (not True, 2, 3, ...).
    result = split_article("قال.\nHe said.\n\nThe end.\nالنهاية.\n\nقال.\nSaid.\n\nX y.\nع.")
    assert result.layout == "interleaved"
    assert result.order == ("ar", "en", "en", "ar", "ar", "en", "en", "ar")
    assert result.order_units == (1, 1, 2, 2, 3, 3, 4, 4)
    assert all(type(number) is int for number in result.order_units)
    assert split_article("The end.\n\nالنهاية.").order_units == ()
