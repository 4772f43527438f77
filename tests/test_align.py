"""The aligner on real text: the invariant, exactness of the banded search, anchors, scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path as FilePath

import numpy as np
import pytest
from compiled import needs_compiled, speedups
from corpora import CORPORA, SEED_004, records
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpora import Record, RecordGroup
from benchmarks.literary import LITERARY_EN, literary_document
from benchmarks.quality import search_errors
from benchmarks.speed import write_articles
from bialign import align
from bialign.align import (
    _align_sides,
    _BeadModel,
    _kind_features,
    _learnt,
    _path_features,
    _reading_order,
    _rounded,
    _sides,
    align_lengths,
    align_paragraphs,
    align_sentences,
)
from bialign.chars import strip_marks
from bialign.config import AlignConfig, SearchConfig, without_wide_splits
from bialign.evaluate import evaluate
from bialign.lexicon import Lexicon
from bialign.lexicon.learning import learn_translations
from bialign.lexicon.tokens import sentence_anchors, skeleton
from bialign.pipeline import align_article
from bialign.records import Bead
from bialign.scorers import AnchorScorer, Calibration
from bialign.search import FloatArray, IntArray, Path, Sizes, best_path
from bialign.segment import split_sentences


def assert_partition(beads: Sequence[Bead], n: int, m: int) -> None:
    """Every sentence of each side in exactly one bead, in order; no empty bead."""
    assert [i for b in beads for i in b.ar] == list(range(n))
    assert [j for b in beads for j in b.en] == list(range(m))
    assert all(b.ar or b.en for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def bible_document(book_chapters: Sequence[str]) -> tuple[list[str], list[str], list[tuple]]:
    """Chapters' verses split into sentences, with the verse-level gold."""
    ar: list[str] = []
    en: list[str] = []
    gold = []
    for record in records("bible_svd_kjv"):
        if record["doc"] in book_chapters:
            a = split_sentences(record["ar"], "ar")
            e = split_sentences(record["en"], "en")
            gold.append(
                (tuple(range(len(ar), len(ar) + len(a))), tuple(range(len(en), len(en) + len(e))))
            )
            ar += a
            en += e
    return ar, en, gold


def un_document(start: int, count: int) -> tuple[list[str], list[str]]:
    chosen = records("unv1_dev_test")[start : start + count]
    return [r["ar"] for r in chosen], [r["en"] for r in chosen]


@pytest.mark.parametrize("chapters", [("GEN.1",), ("RUT.1", "RUT.2"), ("MAT.5", "MAT.6", "MAT.7")])
def test_bible_chapters_partition_and_mostly_match_the_gold(chapters: tuple[str, ...]) -> None:
    ar, en, gold = bible_document(chapters)
    beads = align_sentences(ar, en)
    assert_partition(beads, len(ar), len(en))
    # Lax F1 counts a bead right when it overlaps the gold verse on both sides.
    assert evaluate(gold, beads).lax_f1 > 0.95


def test_one_arabic_sentence_against_seven_or_eight_english_is_one_bead() -> None:
    # Genesis 1-3 in the literary form of benchmarks/literary.py: runs of verses joined into
    # one Arabic sentence, five of them against 7 or 8 English sentences. Without 1-7 and 1-8
    # beads the search must cut them and the path around them goes out of step.
    chapters = ("GEN.1", "GEN.2", "GEN.3")
    verses = tuple(Record(**r) for r in records("bible_svd_kjv") if r["doc"] in chapters)
    doc = literary_document(RecordGroup("genesis", verses), seed=13)
    beads = [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en))]
    wide = [bead for bead in doc.gold if len(bead[1]) >= 7]
    assert len(wide) == 5
    assert all(bead in beads for bead in wide)
    assert evaluate(doc.gold, beads).strict_f1 > 0.95


def test_english_joining_four_verses_is_one_bead_with_their_arabic() -> None:
    # Genesis 1-5 as two texts, each split into sentences: the King James Version runs
    # several verses into one sentence where the Arabic keeps each verse apart (Enoch's four
    # verses, 5:21-24; the curse on Adam, 3:17-19, in five Arabic sentences). Without 4-1
    # and 5-1 beads the search left seven Arabic sentences unaligned.
    chapters = [f"GEN.{c}" for c in range(1, 6)]
    verses = [r for r in records("bible_svd_kjv") if r["doc"] in chapters]
    ar = split_sentences(" ".join(r["ar"] for r in verses), "ar")
    en = split_sentences(" ".join(r["en"] for r in verses), "en")
    beads = align_sentences(ar, en)
    assert all(b.ar and b.en for b in beads)
    (enoch,) = [b for b in beads if en[b.en[0]].startswith("And Enoch lived sixty and five")]
    assert (len(enoch.ar), len(enoch.en)) == (4, 1)
    enoch_verses = [r["ar"] for r in verses if r["id"] in ("GEN.5.21", "GEN.5.24")]
    assert ar[enoch.ar[0]] in enoch_verses[0] and ar[enoch.ar[-1]] in enoch_verses[1]


def test_one_english_sentence_against_four_to_six_arabic_is_one_bead() -> None:
    # The mirror of the literary form (benchmarks/literary.py, literary-en): runs of 2-6
    # verses joined into one English sentence against all their Arabic sentences.
    chapters = ("GEN.1", "GEN.2", "GEN.3")
    verses = tuple(Record(**r) for r in records("bible_svd_kjv") if r["doc"] in chapters)
    doc = literary_document(RecordGroup("genesis", verses), seed=13, shape=LITERARY_EN)
    beads = [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en))]
    wide = [bead for bead in doc.gold if len(bead[0]) >= 4]
    assert len(wide) == 13  # four each of 4-1 and 6-1, five of 5-1
    assert all(bead in beads for bead in wide)
    assert evaluate(doc.gold, beads).strict_f1 > 0.95


def test_the_search_finds_the_path_the_model_prices_lowest_on_literary_text() -> None:
    # Where the path found is not the gold, the model prices the gold higher: the misses
    # are the model's, and a different search (anchor-first, say) would find the same path.
    chapters = ("GEN.10", "GEN.11", "GEN.12")
    verses = tuple(Record(**r) for r in records("bible_svd_kjv") if r["doc"] in chapters)
    doc = literary_document(RecordGroup("genesis", verses), seed=13)
    beads = [(b.ar, b.en) for b in align_sentences(list(doc.ar), list(doc.en))]
    assert evaluate(doc.gold, beads).strict_f1 < 1.0
    assert search_errors([doc]) == (0, 0)


def test_diacritics_do_not_change_the_alignment() -> None:
    ar, en, _ = bible_document(("EXO.20", "EXO.21"))
    vowelled = [(b.ar, b.en) for b in align_sentences(ar, en)]
    stripped = [(b.ar, b.en) for b in align_sentences([strip_marks(s) for s in ar], en)]
    assert vowelled == stripped


@pytest.mark.parametrize("anchor_weight", [0.0, AlignConfig().anchor_weight])
@pytest.mark.parametrize("book", ["GEN", "NUM"])
def test_banded_search_equals_full_search_on_a_long_document(
    book: str, anchor_weight: float
) -> None:
    # Arabic splits into a third more sentences than English here, so the path runs far
    # from the diagonal: the band must follow it.
    ar, en, _ = bible_document(tuple(f"{book}.{c}" for c in range(1, 21)))
    assert len(ar) * len(en) > SearchConfig().full_cells  # the default takes the banded path
    config = AlignConfig(anchor_weight=anchor_weight)
    banded = align_sentences(ar, en, config)
    if not anchor_weight:  # lengths alone search wide n-1 beads only in full
        config = replace(config, priors=without_wide_splits(config.priors))
    full = align_sentences(ar, en, replace(config, search=SearchConfig(full_cells=10**9)))
    assert banded == full


def test_a_document_teaches_its_own_word_pairs() -> None:
    # Verse pairs of three chapters, no word table: what recurs together is learnt.
    verses = [r for r in records("bible_svd_kjv") if r["doc"] in ("GEN.1", "GEN.2", "GEN.3")]
    pairs = [
        (sentence_anchors(r["ar"], "ar", {}).words, sentence_anchors(r["en"], "en", {}).words)
        for r in verses
    ]
    learnt = learn_translations(pairs)
    assert "god" in learnt["له"]  # الله, "the God", stems to له
    assert "earth" in learnt["ارض"]


def test_the_second_pass_searches_with_the_word_pairs_the_first_taught() -> None:
    ar, en, _ = bible_document(("RUT.1", "RUT.2", "RUT.3"))
    sides = _sides(ar, en, AlignConfig())
    ar_anchors, en_anchors = sides[0].anchors, sides[1].anchors
    assert ar_anchors and en_anchors and sides[1].signatures is not None
    first, first_model = _align_sides(*sides, AlignConfig(passes=1))
    learnt = _learnt(first, first_model, ar_anchors, en_anchors)
    assert "ruth" in learnt["راعوث"]  # a name the word table does not have
    taught = ar_anchors.taught(learnt)
    _, refined = _align_sides(*sides, AlignConfig(passes=2))
    _, plain = _align_sides(*sides, AlignConfig(passes=2, refine=False))
    refined_anchors, plain_anchors = (model.scorers[1] for model in (refined, plain))
    assert isinstance(refined_anchors, AnchorScorer) and isinstance(plain_anchors, AnchorScorer)
    assert np.array_equal(refined_anchors.ar, taught)
    assert not np.array_equal(plain_anchors.ar, taught)


@pytest.mark.parametrize("dropped", [3, 11, 24])
def test_anchors_find_an_untranslated_sentence(dropped: int) -> None:
    ar, en = un_document(400, 30)
    del en[dropped]
    beads = align_sentences(ar, en)
    assert_partition(beads, len(ar), len(en))
    assert Bead((dropped,), (), 0.0).ar in [b.ar for b in beads if not b.en]
    # Every other Arabic sentence keeps its own translation.
    pairs = {b.ar: b.en for b in beads if b.ar and b.en}
    expected = {(i,): (i if i < dropped else i - 1,) for i in range(len(ar)) if i != dropped}
    assert sum(pairs.get(k) == v for k, v in expected.items()) >= len(expected) - 2


def test_anchors_beat_length_alone_where_lengths_are_alike() -> None:
    # Tatoeba is sorted by length: neighbours look alike, only the words tell them apart.
    chosen = records("tatoeba_ara_eng")[6000:6060]
    ar, en = [r["ar"] for r in chosen], [r["en"] for r in chosen]
    en = en[:20] + en[21:]  # one translation missing
    gold = [((i,), (i if i < 20 else i - 1,)) for i in range(60) if i != 20] + [((20,), ())]
    length_only = evaluate(gold, align_sentences(ar, en, AlignConfig(anchor_weight=0))).strict_f1
    anchored = evaluate(gold, align_sentences(ar, en)).strict_f1
    assert anchored > length_only + 0.2


class GoldScorer:
    """A third scorer, as a semantic one would be: here beads of the gold gain 5 nats."""

    feature_names = ("gold",)

    def __init__(self, gold: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], n: int, m: int):
        self.ends = np.zeros((n + 1, m + 1), dtype=bool)
        for ar, en in gold:
            if len(ar) == len(en) == 1:
                self.ends[ar[0] + 1, en[0] + 1] = True

    def similarity(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        one = (np.asarray(a) == 1) & (np.asarray(b) == 1)
        return (self.ends[i, j] & one).astype(np.float64)

    def cost(self, i: IntArray, a: Sizes, j: IntArray, b: Sizes) -> FloatArray:
        return -5.0 * self.similarity(i, a, j, b)

    def features(self, i: IntArray, a: int, j: IntArray, b: int) -> dict[str, FloatArray]:
        return {"gold": self.similarity(i, a, j, b)}


def test_a_third_scorer_joins_the_bead_model_and_its_feature_needs_a_weight() -> None:
    # Tatoeba is sorted by length: length alone goes wrong, the gold scorer puts it right.
    chosen = records("tatoeba_ara_eng")[6000:6060]
    ar, en = [r["ar"] for r in chosen], [r["en"] for r in chosen]
    en = en[:20] + en[21:]  # one translation missing
    gold = [((i,), () if i == 20 else (i if i < 20 else i - 1,)) for i in range(60)]
    config = AlignConfig(anchor_weight=0, passes=1)
    sides = _sides(ar, en, config)
    path, model = _align_sides(*sides, config)
    assert evaluate(gold, [(b[0], b[1]) for b in _ranges(path)]).strict_f1 < 0.9
    scorers = [GoldScorer(gold, len(ar), len(en))]
    with_gold = _BeadModel(config.prior_table, model.length, scorers)
    assert with_gold.feature_names == (
        "bias",
        "length_log_p",
        "gold",
        "unaligned",
        "merged",
        "document_anchor_dice",
        "document_unaligned",
        "short_edge",
    )
    found = best_path(with_gold, list(config.prior_table), config.search)
    assert [(b[0], b[1]) for b in _ranges(found)] == gold
    features = _path_features(with_gold, found)
    with pytest.raises(ValueError, match="no weight for gold: refit"):
        Calibration.shipped().probabilities(features)
    weights = dict(zip(Calibration.shipped().names, Calibration.shipped().weights, strict=True))
    scores = Calibration({**weights, "gold": 2.0}).probabilities(features)
    plain = Calibration(weights).probabilities({k: features[k] for k in model.feature_names})
    matched = features["gold"] == 1
    assert matched.sum() == 59
    assert (scores[matched] > plain[matched]).all() and (scores == plain)[~matched].all()


def _ranges(path: Path) -> list[tuple[tuple[int, ...], ...]]:
    return [(tuple(range(i0, i1)), tuple(range(j0, j1))) for i0, i1, j0, j1 in path.tolist()]


@needs_compiled
@pytest.mark.parametrize("anchor_weight", [10.0, 0.0], ids=["anchors", "lengths"])
def test_the_compiled_bead_features_are_those_of_the_scorers_kind_by_kind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: FilePath, anchor_weight: float
) -> None:
    # Every path the speed benchmark's articles (Bible and UN records) are scored on: its
    # beads' features in one compiled pass, and by the scorers bead kind by bead kind.
    for name in ("bible_svd_kjv", "unv1_dev_test"):
        records(name)  # skips without the corpora
    write_articles(tmp_path, CORPORA, seed=5, limit_mb=0.05)
    compared: list[Path] = []
    path_features = _path_features

    def both(model: _BeadModel, path: Path) -> dict[str, FloatArray]:
        assert model.compiled
        compiled = model.bead_features(path)
        numpy = _kind_features(model, path)
        assert list(compiled) == list(numpy)
        for name, column in numpy.items():
            np.testing.assert_array_equal(compiled[name], column, strict=True)
        compared.append(path)
        return path_features(model, path)

    monkeypatch.setattr(align, "_path_features", both)
    config = AlignConfig(anchor_weight=anchor_weight)
    for article in sorted(tmp_path.glob("*.txt")):
        align_article(article.read_text(encoding="utf-8"), config)
    # And unaligned sentences, which the articles' wide beads now all absorb: UN records
    # with a long English sentence that nothing translates (two Bible verses).
    un = records("unv1_dev_test")[:30]
    stray = " ".join(record["en"] for record in records("bible_svd_kjv")[100:102])
    en = [record["en"] for record in un]
    align_sentences([record["ar"] for record in un], [*en[:15], stray, *en[15:]], config)
    kinds = {tuple(size) for path in compared for size in (path[:, 1::2] - path[:, 0::2])}
    assert {(1, 1), (1, 2), (0, 1)} <= kinds


@needs_compiled
def test_the_compiled_path_terms_refuse_beads_outside_the_sides() -> None:
    # A bead past a side's end would read past its prefix sums and signatures.
    assert speedups is not None
    from bialign import _speedups

    prefix, signatures = np.zeros(3), np.zeros((2, 8), np.uint64)
    terms = np.empty((4, 1))
    sides = (prefix, prefix, np.ones(1), signatures, signatures)
    assert _speedups.path_terms(*sides, np.array([[0, 2, 0, 2]]), 1.0, 8.0, terms) == 1
    for bead in ([0, 3, 0, 2], [1, 0, 0, 2], [-1, 1, 0, 1]):
        with pytest.raises(ValueError, match="path_terms"):
            _speedups.path_terms(*sides, np.array([bead]), 1.0, 8.0, terms)
    with pytest.raises(ValueError, match="path_terms"):  # no room for the bead's terms
        _speedups.path_terms(*sides, np.array([[0, 1, 0, 1]] * 2), 1.0, 8.0, terms)


def test_scores_separate_translations_from_mismatches() -> None:
    ar, en = un_document(1000, 40)
    right = align_sentences(ar, en)
    wrong = align_sentences(ar, en[20:] + en[:20])  # the two halves swapped
    mean = lambda beads: sum(b.score for b in beads) / len(beads)  # noqa: E731
    assert mean(right) > 0.8
    assert mean(right) > mean(wrong) + 0.3


@pytest.mark.parametrize("start", [10, 200, 900])
def test_a_three_sentence_span_holds_the_anchors_of_all_three(start: int) -> None:
    # One Arabic sentence translating three English ones shares more with all three than
    # with the last two: a 1-3 bead must see the anchors of its first sentence too.
    ar, en = un_document(start, 3)
    joined, three = _sides([" ".join(ar)], en, AlignConfig())
    assert joined.signatures is not None and three.signatures is not None
    anchors = AnchorScorer(joined.signatures, three.signatures, 10.0)
    one, ends = np.array([1]), np.array([3])
    assert anchors.similarity(one, 1, ends, 3)[0] > anchors.similarity(one, 1, ends, 2)[0]


def test_names_numbers_and_words_meet_across_scripts() -> None:
    ar = "قال الكاظمي إن ٢٬٥٠٠ جندي أميركي في العراق"
    en = "Al-Kāẓimī said 2,500 American soldiers are in Iraq"
    shared = (
        sentence_anchors(ar, "ar", Lexicon.shipped()).tokens & sentence_anchors(en, "en", {}).tokens
    )
    assert {"#2500", "sk:kzm", "iraq"} <= shared
    assert skeleton("واشنطن") == skeleton("Washington")


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ([], []),
        (["جملة."], []),
        ([], ["A sentence."]),
        (["", "", ""], ["", ""]),
        (["١٢٣", "!!!", "..."], ["123", "?"]),
        (["نفس الجملة."] * 50, ["The same sentence."] * 45),
        (["جملة واحدة."], [f"Sentence number {k}." for k in range(3000)]),
    ],
)
def test_degenerate_inputs_give_a_valid_partition(ar: list[str], en: list[str]) -> None:
    assert_partition(align_sentences(ar, en), len(ar), len(en))


def test_lengths_only_entry_point() -> None:
    beads = align_lengths([10, 20, 30, 40], [12, 24, 36, 48])
    assert [(b.ar, b.en) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


# --- paragraphs ---------------------------------------------------------------------------


def un_paragraphs(start: int, sizes: Sequence[int]) -> tuple[list[list[str]], list[list[str]]]:
    """UN records from ``start`` grouped into paragraphs of ``sizes`` records, as sentences:
    a document translated paragraph for paragraph."""
    ar: list[list[str]] = []
    en: list[list[str]] = []
    at = start
    for size in sizes:
        chosen = records("unv1_dev_test")[at : at + size]
        ar.append(split_sentences(" ".join(r["ar"] for r in chosen), "ar"))
        en.append(split_sentences(" ".join(r["en"] for r in chosen), "en"))
        at += size
    return ar, en


def paragraph_pairs(
    beads: Sequence[Bead], ar: Sequence[Sequence[str]], en: Sequence[Sequence[str]]
):
    """For each bead, the paragraph pairs (k of the Arabic, l of the English) it touches."""
    ar_of = [k for k, p in enumerate(ar) for _ in p]
    en_of = [k for k, p in enumerate(en) for _ in p]
    return [({ar_of[i] for i in b.ar}, {en_of[j] for j in b.en}) for b in beads]


# Thirty paragraphs of UN records 3960-4033, where the paragraph search alone left the third
# paragraph unpaired on both sides (its Arabic numbers its items "4 - ", "6 - ", the English
# does not): a 0-1 and a 1-0 that left its ten sentences unaligned.
UN_SIZES = [int(size) for size in "216111113136231162322326321116"]


def test_paragraphs_that_pair_one_to_one_are_paired_one_to_one() -> None:
    ar, en = un_paragraphs(3960, UN_SIZES)
    beads = align_paragraphs(ar, en)
    assert_partition(beads, sum(map(len, ar)), sum(map(len, en)))
    touched = paragraph_pairs(beads, ar, en)
    assert all(a == e or not a or not e for a, e in touched)
    assert sum(a == e == {2} for a, e in touched) >= 3  # was 0: ten sentences unaligned


@settings(max_examples=10, deadline=None)
@given(
    start=st.integers(0, 5000),
    sizes=st.lists(st.integers(1, 6), min_size=8, max_size=40),
)
def test_no_sentence_bead_crosses_a_paragraph_pair(start: int, sizes: list[int]) -> None:
    """With equal paragraph counts that pair one to one, every bead stays inside a pair."""
    ar, en = un_paragraphs(start, sizes)
    touched = paragraph_pairs(align_paragraphs(ar, en), ar, en)
    assert all(len(a | e) == 1 for a, e in touched)


def test_paragraphs_share_their_numbers_in_any_digit_system() -> None:
    """Paragraph pairing reads the anchors of the paragraphs' sentences, numbers included."""
    ar = ["في عام ١٩٤٨ حدث ذلك.", "ثم انتهى."]
    sides = [
        _sides(ar, [f"In {year} it happened.", "Then it ended."], AlignConfig())
        for year in (1948, 1950)
    ]
    shared = []
    for ar_side, en_side in sides:
        ar_signature, en_signature = ar_side.grouped([0, 2]), en_side.grouped([0, 2])
        assert ar_signature.signatures is not None and en_signature.signatures is not None
        shared.append(
            int(np.bitwise_count(ar_signature.signatures & en_signature.signatures).sum())
        )
    assert shared[0] > shared[1]


def test_min_score_one_half_keeps_every_pair_of_a_clean_article() -> None:
    beads = align_article(SEED_004.read_text(encoding="utf-8")).beads
    assert len(beads) == 15 and all(b.score >= 0.5 for b in beads)


def test_scores_are_rounded_as_python_rounds_them() -> None:
    # _rounded stands for round(score, 4), bit for bit: on a real article's scores, on
    # numbers spread over [0, 1] and crowded near 0, and on the halves and their neighbours,
    # where scaling by 10,000 could tip the rounding.
    features: list[np.ndarray] = []
    spy = align._path_features

    def kept(model: _BeadModel, path: np.ndarray) -> dict[str, np.ndarray]:
        named = spy(model, path)
        features.append(align._calibration(model).probabilities(named))
        return named

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "_path_features", kept)
        align_article(SEED_004.read_text(encoding="utf-8"))
    rng = np.random.default_rng(4)
    halves = np.arange(20_001) / 20_000
    scores = np.concatenate(
        (*features, rng.random(100_000), rng.random(100_000) ** 8, halves,
         np.nextafter(halves, 2.0), np.nextafter(halves, -1.0), [np.nan])
    )  # fmt: skip
    python = np.array([round(score, 4) for score in scores.tolist()])
    rounded = _rounded(scores)
    assert len(features) >= 2
    np.testing.assert_array_equal(rounded.view(np.int64), python.view(np.int64))


@pytest.mark.parametrize(
    ("order", "error"),
    [(["ar", "en", "en"], ValueError), (["ar", "ar"], ValueError), ("aren", TypeError)],
)
def test_a_reading_order_must_name_each_paragraph_once(order: object, error: type) -> None:
    with pytest.raises(error, match="order"):
        align_paragraphs([["قال."], ["ذهب."]], [["He said."]], order=order)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("order", "interleaved"),
    [
        (["ar", "en", "ar", "en", "en", "ar", "en"], True),  # cues, one of them a lyric
        (["en", "ar", "en", "ar", "ar", "en", "ar", "en"], True),  # cues in either order
        (["en", "en", "en", "ar", "en", "ar", "ar"], False),  # a stray note in the Arabic part
        (["en", "en", "ar", "ar", "en", "ar"], False),  # runs of two, sides apart
        (["ar", "en", "ar"], False),  # too few runs to tell
    ],
)
def test_only_a_document_that_interleaves_its_paragraphs_is_read_in_order(
    order: list[str], interleaved: bool
) -> None:
    # A short article in one language then the other, with a line of the first inside the
    # second's part, has short runs too: read in order, its pairs were all wrong.
    assert (_reading_order(order) is not None) == interleaved


def test_the_two_sides_of_a_bilingual_cue_are_one_bead() -> None:
    # A short Arabic cue ("نعم.") fits a short lyric in the other language better than its
    # own long English line; cut from one cue (units), the two stay together.
    ar = [["الصباح جميل اليوم في المدينة."], ["نعم."], ["كان علي أن أفعل هذا منذ سنوات."]]
    en = [
        ["The morning is beautiful today in the city."],
        ["♪ La la ♪"],
        ["Yes, of course I will come with you tomorrow, my friend."],
        ["I should have done this years ago."],
    ]
    order = ["en", "ar", "en", "ar", "en", "ar", "en"]
    beads = align_paragraphs(ar, en, order=order, units=[0, 0, 1, 2, 2, 3, 3])
    assert [(b.ar, b.en) for b in beads] == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    with pytest.raises(ValueError, match="units"):
        align_paragraphs(ar, en, order=order, units=[0, 1])


def test_a_bilingual_cue_without_inserts_in_the_priors_aligns() -> None:
    # Without 1-0 and 0-1 beads no path could pass a cue whose two sides are one bead
    # ("no path reaches (7, 5)", from a review): the cues' units are then not used.
    config = AlignConfig(priors={(1, 1): 0.9, (2, 1): 0.05, (1, 2): 0.05})
    ar = [["نعم."], ["لا."], ["ربما."], ["ذهب."], ["جاء."], ["قال."], ["نام."]]
    en = [["Yes."], ["No."], ["Maybe."], ["He went."], ["He came."]]
    order = ["ar", "en", "en", "ar", "en", "ar", "en", "ar", "ar", "en", "ar", "ar"]
    units = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7]
    beads = align_paragraphs(ar, en, config, order=order, units=units)
    assert [i for b in beads for i in b.ar] == list(range(7))
    assert [j for b in beads for j in b.en] == list(range(5))
