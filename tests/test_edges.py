"""The off-by-one check at short sentences (bialign.edges), on the benchmarks' dev documents."""

from __future__ import annotations

import functools
from dataclasses import astuple

import numpy as np
import pytest
from corpora import CORPORA

from benchmarks.corpora import Document, build_sets
from benchmarks.literary import literary_sets
from bialign import align
from bialign._compiled import speedups
from bialign.align import _align_sides, _sides, align_paragraphs
from bialign.chars import measure
from bialign.config import AlignConfig
from bialign.edges import SHORT, _candidates_compiled, _candidates_numpy, _evidence, unsettled
from bialign.search import Path

needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"no corpora at {CORPORA}")


@functools.cache
def dev_documents(name: str) -> tuple[Document, ...]:
    """The first ten dev documents of one of the quality benchmark's sets."""
    return build_sets(CORPORA, [name], limit=10, parts=["dev"])[0].documents


Bead = tuple[tuple[int, ...], tuple[int, ...]]


def bead(row: list[int]) -> Bead:
    i0, i1, j0, j1 = row
    return tuple(range(i0, i1)), tuple(range(j0, j1))


def beads(path: Path) -> set[Bead]:
    return set(map(bead, path.tolist()))


def found(doc: Document) -> Path:
    config = AlignConfig()
    return _align_sides(*_sides(list(doc.ar), list(doc.en), config), config)[0]


def unchecked(monkeypatch: pytest.MonkeyPatch, doc: Document) -> Path:
    """The path the search found, before the check."""
    with monkeypatch.context() as patched:
        patched.setattr(align, "settle", lambda path, model: path)
        return found(doc)


@needs_corpora
@pytest.mark.parametrize(
    ("name", "counts"), [("un", (4, 0)), ("bible", (11, 6)), ("tatoeba", (1, 0))]
)
def test_moved_edges_find_more_gold_beads_than_they_lose(
    monkeypatch: pytest.MonkeyPatch, name: str, counts: tuple[int, int]
) -> None:
    gained = lost = 0
    for doc in dev_documents(name):
        gold = {(tuple(a), tuple(e)) for a, e in doc.gold}
        checked, before = beads(found(doc)), beads(unchecked(monkeypatch, doc))
        gained += len((checked - before) & gold)
        lost += len((before - checked) & gold)
    assert (gained, lost) == counts  # gold beads the moves found, and lost, in 10 documents


@needs_corpora
@pytest.mark.parametrize("name", ["un", "bible", "tatoeba"])
def test_edges_move_past_one_short_sentence_and_sentences_stay_in_order(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for doc in dev_documents(name):
        path, before = found(doc), unchecked(monkeypatch, doc)
        # Every sentence in exactly one bead, in order, no bead empty.
        assert path[0, 0] == path[0, 2] == 0
        assert (path[1:, 0] == path[:-1, 1]).all() and (path[1:, 2] == path[:-1, 3]).all()
        assert (path[-1, 1], path[-1, 3]) == (len(doc.ar), len(doc.en))
        assert ((path[:, 1] > path[:, 0]) | (path[:, 3] > path[:, 2])).all()
        # An edge that moved, moved past one short sentence.
        for start, text in ((0, doc.ar), (2, doc.en)):
            old, new = set(before[:, start].tolist()), set(path[:, start].tolist())
            for edge in old ^ new:
                assert any(measure(text[k]) < SHORT for k in (edge - 1, edge) if k < len(text))
                assert {edge - 1, edge + 1} & (old | new)


@needs_corpora
def test_no_bead_crosses_a_pair_of_paragraphs() -> None:
    # UN records as paragraphs, paired one for one; each Arabic paragraph ends with a short
    # heading whose number begins the next English paragraph: its words say "move it on",
    # which would cross into the next pair of paragraphs.
    doc = dev_documents("un")[0]
    pairs = [([doc.ar[i] for i in ar], [doc.en[j] for j in en]) for ar, en in doc.gold if ar and en]
    ar_paragraphs = [[*ar, f"المادة {k + 1}."] for k, (ar, _) in enumerate(pairs)]
    en_paragraphs = [([f"Article {k}."] if k else []) + en for k, (_, en) in enumerate(pairs)]
    ar_of = [k for k, p in enumerate(ar_paragraphs) for _ in p]
    en_of = [k for k, p in enumerate(en_paragraphs) for _ in p]
    for bead in align_paragraphs(ar_paragraphs, en_paragraphs):
        assert len({ar_of[i] for i in bead.ar} | {en_of[j] for j in bead.en}) == 1


@needs_corpora
def test_beads_at_unsettled_short_edges_are_more_often_wrong() -> None:
    flagged, others = [], []
    for name in ("un", "bible", "tatoeba"):
        for doc in dev_documents(name):
            config = AlignConfig()
            path, model = _align_sides(*_sides(list(doc.ar), list(doc.en), config), config)
            gold = {(tuple(a), tuple(e)) for a, e in doc.gold}
            right = np.array([b in gold for b in map(bead, path.tolist())])
            flags = unsettled(path, model) == 1
            flagged.append(right[flags])
            others.append(right[~flags])
    assert np.concatenate(flagged).mean() < np.concatenate(others).mean() - 0.05


@needs_corpora
@pytest.mark.skipif(speedups is None, reason="the compiled extension was not built")
@pytest.mark.parametrize("name", ["un", "bible", "tatoeba", "literary"])
def test_the_compiled_scan_is_the_numpy_one(name: str) -> None:
    documents = (
        literary_sets(CORPORA, 10, parts=["dev"])[0].documents
        if name == "literary"
        else dev_documents(name)
    )
    compared = 0
    for doc in documents:
        config = AlignConfig()
        path, model = _align_sides(*_sides(list(doc.ar), list(doc.en), config), config)
        compiled = _candidates_compiled(path, _evidence(model))
        twin = _candidates_numpy(path, _evidence(model))
        compared += len(compiled.edge)
        for got, expected in zip(astuple(compiled), astuple(twin), strict=True):
            assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert compared > 50
