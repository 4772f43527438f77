"""Whole documents through the pipeline: seeds, layouts, two-file input, paragraphs first."""

from __future__ import annotations

import pytest
from corpora import SEED_004, SEEDS, records

from bialign import (
    ArticleAlignment,
    NotBilingualError,
    Signature,
    align_article,
    align_texts,
    detect_script,
    paragraphs,
    split_sentences,
)
from bialign.evaluate import evaluate

SEED_TEXT = SEED_004.read_text(encoding="utf-8")


def assert_nothing_lost(alignment: ArticleAlignment) -> None:
    """Each side's sentences appear in exactly one bead each, in order."""
    assert [i for b in alignment.beads for i in b.ar] == list(range(len(alignment.ar)))
    assert [j for b in alignment.beads for j in b.en] == list(range(len(alignment.en)))


def paragraph_of(sentences: tuple[str, ...], paras: list[str], lang: str) -> list[int]:
    """For each sentence, the index of the paragraph it was split from."""
    owner = []
    for k, paragraph in enumerate(paras):
        owner += [k] * len(split_sentences(paragraph, lang))  # type: ignore[arg-type]
    assert len(owner) == len(sentences)
    return owner


def seed_sides() -> tuple[list[str], list[str]]:
    """Seed 004's English paragraphs (slug removed) and Arabic paragraphs, by hand."""
    found = [p.text for p in paragraphs(SEED_TEXT)]
    title = found[0][: found[0].index("الكاظمي:-")]
    return found[14:], [title, *found[1:14]]


def test_seed_004_pairs_its_14_paragraphs_in_order() -> None:
    alignment = align_article(SEED_TEXT, source="004")
    assert_nothing_lost(alignment)
    ar_paras, en_paras = seed_sides()
    assert len(ar_paras) == len(en_paras) == 14
    ar_owner = paragraph_of(alignment.ar, ar_paras, "ar")
    en_owner = paragraph_of(alignment.en, en_paras, "en")
    for bead in alignment.beads:
        assert bead.ar and bead.en, "every sentence of seed 004 has its translation"
        assert {ar_owner[i] for i in bead.ar} == {en_owner[j] for j in bead.en}
    assert {ar_owner[b.ar[0]] for b in alignment.beads} == set(range(14))


def test_seed_004_keeps_slug_and_furniture_out_of_both_sides() -> None:
    alignment = align_article(SEED_TEXT)
    text = " ".join(alignment.ar + alignment.en)
    assert "الكاظمي:-العراق" not in text
    assert [d.reason for d in alignment.dropped] == ["url-slug"]
    assert Signature.parse(alignment.signature) == Signature()


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("00[0-3]_*.txt")))
def test_english_only_seeds_say_no_arabic(seed: str) -> None:
    with pytest.raises(NotBilingualError, match="no Arabic text found") as raised:
        align_article((SEEDS / seed).read_text(encoding="utf-8"), source=seed)
    assert raised.value.missing == "ar"


def test_arabic_in_visual_order_is_refused_as_no_arabic() -> None:
    # Seed 004 with each Arabic line reversed, as some PDF tools extract it: aligned, it was
    # written out reversed; in one file or two, it is not Arabic text to align.
    ar, en = seed_sides()
    reversed_ar = ["\n".join(line[::-1] for line in p.split("\n")) for p in ar]
    for align in (
        lambda: align_article("\n\n".join([*en, *reversed_ar]), source="v.txt"),
        lambda: align_texts("\n\n".join(reversed_ar), "\n\n".join(en), source="v.txt"),
    ):
        with pytest.raises(NotBilingualError, match="visual order"):
            align()
    assert align_texts("\n\n".join(ar), "\n\n".join(en)).beads


def rearranged(order: str) -> str:
    ar, en = seed_sides()
    interleaved = [p for pair in zip(en, ar, strict=True) for p in pair]
    return "\n\n".join(ar + en if order == "ar-en" else interleaved)


@pytest.mark.parametrize("order", ["ar-en", "interleaved"])
def test_every_layout_gives_the_same_alignment(order: str) -> None:
    reference = align_article(SEED_TEXT)
    other = align_article(rearranged(order))
    assert other.layout == order
    assert (other.ar, other.en) == (reference.ar, reference.en)
    assert [(b.ar, b.en) for b in other.beads] == [(b.ar, b.en) for b in reference.beads]


def test_two_files_give_the_same_alignment_as_one_article() -> None:
    ar, en = seed_sides()
    two_files = align_texts("\n\n".join(ar), "\n\n".join(en))
    reference = align_article(SEED_TEXT)
    assert (two_files.ar, two_files.en) == (reference.ar, reference.en)
    assert [(b.ar, b.en) for b in two_files.beads] == [(b.ar, b.en) for b in reference.beads]


def test_presegmented_lines_keep_their_line_numbers() -> None:
    chosen = records("unv1_dev_test")[200:230]
    ar_lines = [r["ar"] for r in chosen]
    en_lines = [r["en"] for r in chosen]
    del en_lines[7]
    result = align_texts("\n".join(ar_lines), "\n".join(en_lines), presegmented=True)
    assert result.ar == tuple(ar_lines) and result.en == tuple(en_lines)
    assert_nothing_lost(result)
    assert ((7,), ()) in [(b.ar, b.en) for b in result.beads]


def test_udhr_as_one_article_aligns_paragraph_first() -> None:
    units = records("udhr")
    article = "\n\n".join([u["en"] for u in units] + [u["ar"] for u in units])
    result = align_article(article)
    assert_nothing_lost(result)
    gold, ar_at, en_at = [], 0, 0
    for unit in units:
        a = len(split_sentences(unit["ar"], "ar"))
        e = len(split_sentences(unit["en"], "en"))
        gold.append((tuple(range(ar_at, ar_at + a)), tuple(range(en_at, en_at + e))))
        ar_at, en_at = ar_at + a, en_at + e
    assert (ar_at, en_at) == (len(result.ar), len(result.en))
    assert evaluate(gold, result.beads).lax_f1 > 0.95


def test_one_language_missing_from_two_files() -> None:
    with pytest.raises(NotBilingualError, match="no English text found"):
        align_texts("نص عربي.", "  \n\n ")


def test_a_document_of_two_files_says_which_file_each_dropped_line_was_in() -> None:
    lines = SEED_TEXT.splitlines()
    arabic = [line for line in lines if detect_script(line).script == "ar"]
    english = [line for line in lines if line not in arabic]  # the title, its slug glued on
    alignment = align_texts("\n".join(arabic), "\n".join(english), source="seed")
    assert [(d.reason, d.side, d.line) for d in alignment.dropped] == [("url-slug", "en", 1)]
    assert sum(b.kind == "1-1" for b in alignment.beads) >= 10
