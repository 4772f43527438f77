"""A heading one side has and the other does not is left unaligned (bialign.headings)."""

from __future__ import annotations

import pytest
from cases import params

from bialign import align_article


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
