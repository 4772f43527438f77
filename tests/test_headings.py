"""A heading one side has and the other does not is left unaligned (bialign.headings)."""

from __future__ import annotations

import pytest
from cases import load, params

from bialign import AlignConfig, align_article


@pytest.mark.parametrize(("text", "alone"), params("headings", "text", "alone"))
def test_untranslated_headings_are_left_unaligned(text: str, alone: list[str]) -> None:
    result = align_article(text)
    one_sided = [
        " ".join(result.ar[i] for i in bead.ar) + " ".join(result.en[j] for j in bead.en)
        for bead in result.beads
        if not (bead.ar and bead.en)
    ]
    assert one_sided == alone
    covered = sorted(j for bead in result.beads for j in bead.en)
    assert covered == list(range(len(result.en)))
    assert sorted(i for bead in result.beads for i in bead.ar) == list(range(len(result.ar)))


def test_no_one_sided_bead_where_the_configuration_searches_none() -> None:
    (case, *_) = load("headings")
    config = AlignConfig(priors=(((1, 1), 0.9), ((1, 2), 0.05), ((2, 1), 0.05)))
    result = align_article(case["text"], config=config)
    assert case["alone"]  # a heading the default configuration leaves alone
    assert all(bead.ar and bead.en for bead in result.beads)
