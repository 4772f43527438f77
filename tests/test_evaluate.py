"""The bead scorer (strict/lax P/R/F1), its file formats, and the benchmark's document builders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import corpora, inserts
from benchmarks.quality import links_to_beads, run
from bialign import AlignConfig
from bialign.chars import ARABIC_DIACRITICS
from bialign.evaluate import Scores, evaluate, evaluate_files, read_beads
from bialign.formats import write_alignment
from bialign.formats.jsonl import write_jsonl
from bialign.formats.vecalign import format_bead_line
from bialign.records import ArticleAlignment, Bead
from bialign.segment import split_sentences

# --- the scorer, on alignments worked out by hand ----------------------------------------

# Gold of a 5 x 5 document: a 1-1, a 1-2, a 2-1 and an English sentence with no Arabic.
GOLD = [([0], [0]), ([1], [1, 2]), ([2, 3], [3]), ([], [4]), ([4], [])]


def counts(s: Scores) -> tuple[int, ...]:
    return (s.predicted, s.strict_correct, s.lax_correct, s.gold, s.strict_found, s.lax_found)


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        # Identical: 5 predicted, all correct; recall over the 3 gold links, all found.
        (GOLD, (5, 5, 5, 3, 3, 3)),
        # The 1-2 split into 1-1 + insertion, the 2-1 split into 1-1 + deletion.
        # Precision: [0]:[0] strict; [1]:[1] lax (overlaps [1]:[1,2] on both sides);
        # []:[2] neither (an insertion can only match strictly); [2]:[3] lax; [3]:[] neither;
        # []:[4] and [4]:[] strict  ->  7 predicted, 3 strict, 5 lax.
        # Recall (links only): gold [0]:[0] strict; [1]:[1,2] lax via [1]:[1];
        # [2,3]:[3] lax via [2]:[3]  ->  3 gold, 1 strict, 3 lax.
        (
            [([0], [0]), ([1], [1]), ([], [2]), ([2], [3]), ([3], []), ([], [4]), ([4], [])],
            (7, 3, 5, 3, 1, 3),
        ),
        # Everything shifted by one English sentence. Gold English of Arabic 0..4 is {0}, {1, 2},
        # {3}, {3}, {} ; [0]:[] is no gold bead; [1]:[0] misses {1, 2}; [2,3]:[1,2] misses {3};
        # [4]:[3,4] meets Arabic 4's empty English  ->  4 predicted, 0 strict, 0 lax.
        # Recall: predicted English of Arabic 0..4 is none, {0}, {1, 2}, {1, 2}, {3, 4}: gold
        # [0]:[0], [1]:[1,2] and [2,3]:[3] meet none of them  ->  3 gold, 0 found.
        ([([0], []), ([1], [0]), ([2, 3], [1, 2]), ([4], [3, 4])], (4, 0, 0, 3, 0, 0)),
        # One bead swallowing everything: overlaps gold links, so lax-correct; recall lax 3/3.
        ([([0, 1, 2, 3, 4], [0, 1, 2, 3, 4])], (1, 0, 1, 3, 0, 3)),
        # Nothing predicted: precision 0/0 is 0.0 (Vecalign's convention), recall 0/3.
        ([], (0, 0, 0, 3, 0, 0)),
    ],
)
def test_counts_worked_by_hand(
    predicted: list[tuple[list[int], list[int]]], expected: tuple[int, ...]
) -> None:
    assert counts(evaluate(GOLD, predicted)) == expected


def test_ratios_follow_counts() -> None:
    # 7 predicted, 3 strict / 5 lax; 3 gold, 1 strict / 3 lax (second case above).
    s = evaluate(
        GOLD, [([0], [0]), ([1], [1]), ([], [2]), ([2], [3]), ([3], []), ([], [4]), ([4], [])]
    )
    assert s.strict_precision == pytest.approx(3 / 7)
    assert s.lax_precision == pytest.approx(5 / 7)
    assert s.strict_recall == pytest.approx(1 / 3)
    assert s.lax_recall == 1.0
    assert s.strict_f1 == pytest.approx(2 * (3 / 7) * (1 / 3) / (3 / 7 + 1 / 3))
    assert s.lax_f1 == pytest.approx(2 * (5 / 7) / (5 / 7 + 1))


def test_insertions_and_deletions_count_for_precision_only() -> None:
    # Gold is all unaligned sentences: nothing to recall, so recall and F1 are 0 by
    # convention even for a perfect prediction, while precision sees 2 of 2 right.
    gold = [([0], []), ([], [0])]
    s = evaluate(gold, gold)
    assert (s.predicted, s.strict_correct, s.gold) == (2, 2, 0)
    assert (s.strict_precision, s.strict_recall, s.strict_f1) == (1.0, 0.0, 0.0)
    # Predicting a 1-1 instead: precision 0/1 (the gold bead of Arabic 0 has no English to
    # overlap), and recall still has nothing to count.
    assert counts(evaluate(gold, [([0], [0])])) == (1, 0, 0, 0, 0, 0)


def test_empty_inputs_score_zero() -> None:
    assert evaluate([], []) == Scores()
    assert evaluate([], []).strict_f1 == 0.0
    # Predictions against an empty gold are all wrong.
    assert counts(evaluate([], [([0], [0])])) == (1, 0, 0, 0, 0, 0)


def test_beads_are_sets() -> None:
    # A repeated bead counts once, index order inside a bead does not matter, and a bead
    # empty on both sides is ignored: all three predictions score as the gold itself.
    predicted = [*GOLD, ([0], [0]), ([], []), ([3, 2], [3])]
    assert evaluate(GOLD, predicted) == evaluate(GOLD, GOLD)


def test_bead_objects_and_pairs_score_alike() -> None:
    as_objects = [Bead(tuple(ar), tuple(en), 0.5) for ar, en in GOLD]
    assert evaluate(as_objects, as_objects) == evaluate(GOLD, GOLD)


def test_adding_scores_pools_beads() -> None:
    one = evaluate(GOLD, [([0], [0])])  # (1, 1, 1, 3, 1, 1)
    two = evaluate(GOLD, [([0, 1], [0, 1, 2])])  # lax only: (1, 0, 1, 3, 0, 2)
    pooled = one + two
    assert counts(pooled) == (2, 1, 2, 6, 1, 3)
    assert pooled.lax_recall == pytest.approx(3 / 6)


def test_format_and_print_show_the_measures() -> None:
    scores = evaluate(GOLD, [([0], [0])])
    text = scores.format()
    assert str(scores) == text  # print(scores): the measures, not only the counts
    # precision strict 1/1, recall strict 1/3, F1 = 2 * 1/3 / (4/3) = 0.5
    assert re.search(r"precision\s+1\.000\s+1\.000", text)
    assert re.search(r"recall\s+0\.333\s+0\.333", text)
    assert re.search(r"F1\s+0\.500\s+0\.500", text)
    assert "1 predicted, 3 gold" in text


# --- reading alignments (the formats themselves are tested in test_formats_*) ------------


def jsonl_bead(ar: list[int], en: list[int]) -> str:
    return json.dumps(
        {
            "source": "news.html",
            "ar": ["نص"] * len(ar),
            "en": ["text"] * len(en),
            "ar_index": ar,
            "en_index": en,
            "score": 0.5,
        },
        ensure_ascii=False,
    )


# The second case of test_counts_worked_by_hand.
SPLIT_UP = [([0], [0]), ([1], [1]), ([], [2]), ([2], [3]), ([3], []), ([], [4]), ([4], [])]


def article(source: str) -> ArticleAlignment:
    """SPLIT_UP as bialign's pipeline would return it, over five sentences a side."""
    beads = tuple(Bead(tuple(ar), tuple(en), 0.25) for ar, en in SPLIT_UP)
    ar = tuple(f"جملة {i}." for i in range(5))  # "sentence i."
    return ArticleAlignment(source, ar, tuple(f"Sentence {i}." for i in range(5)), beads)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("lines", "predicted"), ("lines", "p.align"), ("jsonl", "predicted"), ("jsonl", "p.jsonl")],
)
def test_files_in_both_formats_by_name_or_content(tmp_path: Path, fmt: str, name: str) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("".join(format_bead_line(ar, en) + "\n" for ar, en in GOLD), encoding="utf-8")
    predicted = tmp_path / name
    if fmt == "jsonl":
        with predicted.open("w", encoding="utf-8") as out:
            write_jsonl(article("news.html"), out)
    else:  # Vecalign style, with scores, behind a byte-order mark
        text = "".join(format_bead_line(ar, en, 0.25) + "\n" for ar, en in SPLIT_UP)
        predicted.write_text("\ufeff" + text, encoding="utf-8")
    assert read_beads(predicted) == [(tuple(ar), tuple(en)) for ar, en in SPLIT_UP]
    assert counts(evaluate_files(gold, str(predicted))) == (7, 3, 5, 3, 1, 3)


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("tsv", ".tsv"), ("tmx", ".tmx"), ("vecalign", ".align")]
)
def test_any_format_with_sentence_numbers_can_be_scored(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    path = tmp_path / f"predicted{suffix}"
    write_alignment(article("news.html"), path, fmt, keep_unaligned=True)  # type: ignore[arg-type]
    assert read_beads(path) == [(tuple(ar), tuple(en)) for ar, en in SPLIT_UP]


def test_a_moses_pair_has_no_sentence_numbers_and_is_refused(tmp_path: Path) -> None:
    # Its pairs are numbered by line: scored against a gold, they came out at F1 0.001.
    write_alignment(article("news.html"), tmp_path / "predicted", "moses")
    with pytest.raises(ValueError, match="a Moses pair has no sentence numbers to score"):
        read_beads(tmp_path / "predicted")


def test_jsonl_of_several_documents_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_jsonl([article("one.html"), article("two.html")], out)
    with pytest.raises(ValueError, match=r"holds 2 documents \('one\.html', 'two\.html'\)"):
        read_beads(path)


@pytest.mark.parametrize(
    ("lines", "line_number", "message"),
    [
        (["[0]:[0]", "[1]:[1, x]"], 2, "expected a bead"),
        (["[0]:[0]", "", "[1] [1]"], 3, "expected a bead"),
        (["[0]:[0]", "[0]:[0]:high"], 2, "score"),
        (["[0]:[0]", jsonl_bead([1], [1])], 2, "expected a bead"),  # formats mixed
        ([jsonl_bead([0], [0]), "[1]:[1]"], 2, "not valid JSON"),
        ([jsonl_bead([0], [0]), '{"ar": ["x"], "en": ["y"]}'], 2, "missing key(s) source"),
        ([jsonl_bead([0], [-1])], 1, '"en_index" must be a list'),
    ],
)
def test_malformed_input_names_the_file_and_line(
    tmp_path: Path, lines: list[str], line_number: int, message: str
) -> None:
    path = tmp_path / "bad"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=rf"^{re.escape(str(path))}, line {line_number}: .*{re.escape(message)}"
    ):
        evaluate_files(path, path)


# --- benchmark helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "sizes", "expected"),
    [
        # NLTK's own doctest case align_blocks([10,5,5], [12,20]): a 1-1 then a 2-1.
        ([(0, 0), (1, 1), (2, 1)], (3, 2), [((0,), (0,)), ((1, 2), (1,))]),
        # A 2-2 is four links; Arabic 2 and English 2 are unlinked (NLTK drops 1-0 / 0-1).
        ([(0, 0), (0, 1), (1, 0), (1, 1)], (3, 3), [((0, 1), (0, 1)), ((2,), ()), ((), (2,))]),
        ([], (1, 1), [((0,), ()), ((), (0,))]),
    ],
)
def test_links_to_beads(
    links: list[tuple[int, int]],
    sizes: tuple[int, int],
    expected: list[tuple[tuple[int, ...], ...]],
) -> None:
    assert links_to_beads(links, *sizes) == expected


def test_a_failing_system_scores_zero_on_that_document() -> None:
    doc = corpora.document_from_units("d", [(["a"], ["e"]), (["b", "c"], ["f"]), ([], ["g"])])

    def broken(_: corpora.Document) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        raise ValueError("too big")

    tally = run(broken, [doc])
    assert tally.failures == 1 and "too big" in tally.first_error
    assert (tally.scores.strict_f1, tally.scores.lax_f1) == (0.0, 0.0)
    # Pooled with a perfect document of the same size, it halves precision and recall.
    # Failed: 3 beads wrongly predicted, 2 gold links missed; perfect: 3 right, 2 found.
    perfect = corpora.Document("ok", doc.ar, doc.en, doc.gold)
    both = run(lambda d: list(d.gold) if d.name == "ok" else broken(d), [doc, perfect])
    assert both.scores.strict_precision == 3 / 6 and both.scores.strict_recall == 2 / 4


# --- document builders on real corpus records -------------------------------------------

CORPORA = corpora.default_corpora_dir()
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"no corpora at {CORPORA}")

Splitter = corpora.Splitter


def punctuation_split(text: str, lang: str) -> list[str]:
    """A stand-in splitter, so the builders are tested whatever state bialign's splitter is in."""
    return [
        s
        for s in re.split(r"(?<=[.!?:;\N{ARABIC QUESTION MARK}\N{ARABIC SEMICOLON}])\s+", text)
        if s
    ]


@pytest.fixture(params=["punctuation", "bialign"])
def splitter(request: pytest.FixtureRequest) -> Splitter:
    return punctuation_split if request.param == "punctuation" else split_sentences


@pytest.fixture(scope="module")
def records() -> dict[str, list[corpora.Record]]:
    files = {
        "bible": "bible_svd_kjv.jsonl",
        "un": "unv1_dev_test.jsonl",
        "tatoeba": "tatoeba_ara_eng.jsonl",
        "udhr": "udhr.jsonl",
    }
    missing = [file for file in files.values() if not (CORPORA / file).is_file()]
    if missing:
        pytest.skip(f"corpora not available at {CORPORA}: {', '.join(missing)}")
    return {name: corpora.read_records(CORPORA / file) for name, file in files.items()}


def assert_partition(doc: corpora.Document) -> None:
    """Gold covers every sentence of each side exactly once, in order."""
    assert [i for ar, _ in doc.gold for i in ar] == list(range(len(doc.ar)))
    assert [j for _, en in doc.gold for j in en] == list(range(len(doc.en)))
    assert all(ar or en for ar, en in doc.gold)


def assert_groups_partition(
    groups: dict[corpora.Part, list[corpora.RecordGroup]], records: list[corpora.Record]
) -> None:
    """Dev and held-out groups together hold every record once, each group in corpus order.

    (UN groups skip the other part's records, so order, not adjacency, is what holds.)
    """
    position = {id(r): k for k, r in enumerate(records)}
    seen = [position[id(r)] for part in corpora.PARTS for g in groups[part] for r in g.records]
    assert sorted(seen) == list(range(len(records)))
    for part in corpora.PARTS:
        for g in groups[part]:
            ks = [position[id(r)] for r in g.records]
            assert ks == sorted(ks), g.name


@needs_corpora
def test_bible_groups(records: dict[str, list[corpora.Record]]) -> None:
    bible = records["bible"]
    groups = corpora.bible_groups(bible, chapters=3)
    assert_groups_partition(groups, bible)
    books = {part: {g.records[0].doc.split(".")[0] for g in groups[part]} for part in corpora.PARTS}
    assert not books["dev"] & books["held-out"]
    assert {"GEN", "LEV"} <= books["dev"] and {"EXO", "NUM"} <= books["held-out"]
    for g in groups["dev"] + groups["held-out"]:
        chapters = {r.doc for r in g.records}
        assert len({c.split(".")[0] for c in chapters}) == 1 and 1 <= len(chapters) <= 3
        numbers = sorted(int(c.split(".")[1]) for c in chapters)
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), g.name


@needs_corpora
def test_split_documents_keep_verse_beads(
    records: dict[str, list[corpora.Record]], splitter: Splitter
) -> None:
    group = corpora.bible_groups(records["bible"])["dev"][0]  # Genesis 1-3
    doc = corpora.split_document(group, splitter)
    stripped = corpora.split_document(group, splitter, strip=True)
    assert_partition(doc)
    assert len(doc.gold) == len(group.records)
    for (ar, en), record in zip(doc.gold, group.records, strict=True):
        assert [doc.ar[i] for i in ar] == splitter(record.ar, "ar")
        assert [doc.en[j] for j in en] == splitter(record.en, "en")
    # Verses of several sentences give n:m beads.
    assert set(doc.kinds()) - {"1-1"}
    # Stripping changes the marks only: same gold, same English, no diacritics left.
    assert stripped.gold == doc.gold and stripped.en == doc.en
    assert any(ARABIC_DIACRITICS.search(s) for s in doc.ar)
    assert not any(ARABIC_DIACRITICS.search(s) for s in stripped.ar)


@needs_corpora
def test_udhr_groups(records: dict[str, list[corpora.Record]]) -> None:
    udhr = records["udhr"]
    groups = corpora.udhr_groups(udhr)
    assert_groups_partition(groups, udhr)
    (dev,), (held_out,) = groups["dev"], groups["held-out"]
    assert dev.records[0].id == "UDHR.TITLE" and dev.records[-1].id.startswith("UDHR.ART15.")
    assert held_out.records[0].id.startswith("UDHR.ART16.")


@needs_corpora
@pytest.mark.parametrize("name", ["un", "tatoeba"])
def test_pseudo_document_groups(records: dict[str, list[corpora.Record]], name: str) -> None:
    recs = records[name]
    groups = (
        corpora.un_groups(recs, seed=13) if name == "un" else corpora.tatoeba_groups(recs, seed=13)
    )
    assert_groups_partition(groups, recs)
    sizes = [len(g.records) for part in corpora.PARTS for g in groups[part]]
    assert sum(40 <= n <= 80 for n in sizes) >= len(sizes) - 2  # only a part's last may be short
    if name == "un":
        symbols = {part: {r.doc for g in groups[part] for r in g.records} for part in corpora.PARTS}
        assert not symbols["dev"] & symbols["held-out"]


# How many consecutive records each controlled bead kind is made of.
SPANS = {"1-1": 1, "2-1": 2, "1-2": 2, "2-2": 3, "1-0": 1, "0-1": 1}


@needs_corpora
@pytest.mark.parametrize("name", ["un", "tatoeba"])
def test_perturbed_documents(records: dict[str, list[corpora.Record]], name: str) -> None:
    groups = (
        corpora.un_groups(records["un"], 13)
        if name == "un"
        else corpora.tatoeba_groups(records["tatoeba"], 13)
    )
    kinds: set[str] = set()
    for group in groups["dev"][:10]:
        doc = corpora.perturbed_document(group, seed=13)
        assert doc == corpora.perturbed_document(group, seed=13)  # seeded: reproducible
        assert_partition(doc)
        start = 0
        for ar, en in doc.gold:
            kind = f"{len(ar)}-{len(en)}"
            span = group.records[start : start + SPANS[kind]]
            start += SPANS[kind]
            kinds.add(kind)
            # Every record's text lands, whole and in order, in one bead on each kept side.
            ar_text = " ".join(doc.ar[i] for i in ar)
            en_text = " ".join(doc.en[j] for j in en)
            assert ar_text == (" ".join(r.ar for r in span) if ar else "")
            assert en_text == (" ".join(r.en for r in span) if en else "")
            if (
                kind == "2-2"
            ):  # cut at different places: the first Arabic sentence spans two records
                assert doc.ar[ar[0]] == f"{span[0].ar} {span[1].ar}" and doc.en[en[0]] == span[0].en
        assert start == len(group.records)
    assert kinds == set(SPANS)


@needs_corpora
def test_inserted_documents_are_the_perturbed_ones_with_one_sided_short_lines(
    records: dict[str, list[corpora.Record]],
) -> None:
    inserts = 0
    for group in corpora.un_groups(records["un"], 13)["dev"][:10]:
        plain = corpora.perturbed_document(group, seed=13)
        doc = corpora.inserted_document(group, seed=13)
        assert doc == corpora.inserted_document(group, seed=13)  # seeded: reproducible
        assert_partition(doc)
        # The perturbed document's beads, in order, and between them one-sided short lines.
        remaining = iter(
            (tuple(plain.ar[i] for i in ar), tuple(plain.en[j] for j in en))
            for ar, en in plain.gold
        )
        expected = next(remaining, None)
        for ar, en in doc.gold:
            bead = (tuple(doc.ar[i] for i in ar), tuple(doc.en[j] for j in en))
            if bead == expected:
                expected = next(remaining, None)
                continue
            (line,) = bead[0] + bead[1]
            assert 3 <= len(line.split()) <= 8 and not line.endswith(".")
            inserts += 1
        assert expected is None
    assert inserts > 0


@needs_corpora
def test_the_inserts_benchmark_finds_every_inserted_line_merged_or_unpaired() -> None:
    records = corpora.read_records(CORPORA / "unv1_dev_test.jsonl")
    documents = inserts.articles(records, "dev", seed=11)
    assert documents == inserts.articles(records, "dev", seed=11)  # seeded: reproducible
    assert all(document.line in document.text for document in documents)
    merged, unpaired, scores = inserts.merged_and_unpaired(documents, AlignConfig())
    assert merged + unpaired == len(documents) == inserts.LIMIT and len(scores) == merged


@needs_corpora
def test_build_sets_is_reproducible(
    records: dict[str, list[corpora.Record]], splitter: Splitter
) -> None:
    sets = ["bible", "bible-stripped", "un", "udhr"]
    first = corpora.build_sets(CORPORA, sets, limit=3, seed=7, split=splitter)
    assert first == corpora.build_sets(CORPORA, sets, limit=3, seed=7, split=splitter)
    by_key = {(s.name, s.part): s for s in first}
    assert len(by_key) == 8 and all(
        len(s.documents) == (1 if s.name == "udhr" else 3) for s in first
    )
    for part in corpora.PARTS:
        vowelled, stripped = by_key["bible", part], by_key["bible-stripped", part]
        assert [d.gold for d in vowelled.documents] == [d.gold for d in stripped.documents]
    for doc_set in first:
        for doc in doc_set.documents:
            assert_partition(doc)
    other_seed = corpora.build_sets(CORPORA, ["un"], limit=3, seed=8, split=splitter)
    assert [d.name for d in other_seed[0].documents] != [
        d.name for d in by_key["un", "dev"].documents
    ]


def test_unknown_set_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown set.*bibel"):
        corpora.build_sets(Path("nowhere"), ["bibel"])


@pytest.mark.parametrize(
    ("gold", "predicted", "kind"),
    [
        # A 2-2 unit aligned sentence by sentence: finer, nothing crosses its edges.
        (((0, 1), (0, 1)), [((0,), (0,)), ((1,), (1,))], "finer"),
        # A 1-1 unit glued to its neighbour: one bead covers it and more.
        (((0,), (0,)), [((0, 1), (0, 1))], "coarser"),
        # A boundary in the wrong place: beads straddle the unit's edge.
        (((0, 1), (0,)), [((0,), (0,)), ((1, 2), (1,))], "crossing"),
    ],
)
def test_missed_gold_beads_are_told_apart(gold, predicted, kind) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.quality import miss_kind

    assert miss_kind(gold, predicted) == kind


def test_finer_misses_merge_into_their_gold_bead_and_nothing_else_moves() -> None:
    from benchmarks.quality import finer_merged

    gold = [((0, 1), (0, 1)), ((2,), (2,)), ((3, 4), (3,))]
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), ())]
    # The 2-2 and the 2-1 units were split inside; the 1-1 was right already.
    assert finer_merged(gold, predicted) == gold
    crossing = [((0,), (0,)), ((1, 2), (1, 2)), ((3, 4), (3,))]
    assert finer_merged(gold, crossing) == crossing
