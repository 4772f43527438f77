"""Types of bialign's compiled inner loops (bialign/_speedups.c).

Their NumPy twins: bialign.search._rows_numpy, bialign.scorers.anchors._dice_numpy,
bialign.scorers.length._length_terms_numpy and bialign.lexicon.vocabulary._signed_numpy;
number's and learn's Python twins are bialign.lexicon.vocabulary.Vocabulary._numbered_python
and _learnt_python; punkt_slices's is bialign.punkt.PunktSentenceTokenizer._slices_python,
letter_counts's NumPy twin bialign.detect._letter_counts_numpy, joined_sentences's Python twin
bialign.segment._joined_spans (and the slicing after it), spaced_candidates's
bialign.segment._candidates_python.
"""

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

INTERFACE: int

def rows(
    values: npt.NDArray[np.float64],
    gather: npt.NDArray[np.int64],
    costs: npt.NDArray[np.float64],
    along: npt.NDArray[np.float64],
    bounds: npt.NDArray[np.int64],
    firsts: npt.NDArray[np.int64],
    pointers: npt.NDArray[np.int8],
    leftmost: npt.NDArray[np.int64],
    origin: bool,
    inserts: bool,
    /,
) -> None: ...
def dice(
    ar: npt.NDArray[np.uint64],
    en: npt.NDArray[np.uint64],
    a: npt.NDArray[np.int64],
    i: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    out: npt.NDArray[np.float64],
    portable: bool = ...,
    /,
) -> None: ...
def length_terms(
    ar_prefix: npt.NDArray[np.float64],
    en_prefix: npt.NDArray[np.float64],
    a: npt.NDArray[np.int64],
    i: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    ratio: float,
    variance: float,
    coefficients: npt.NDArray[np.float64],
    t: npt.NDArray[np.float64],
    zz: npt.NDArray[np.float64],
    poly: npt.NDArray[np.float64],
    portable: bool = ...,
    /,
) -> None: ...
def number(
    sentences: Sequence[str], ids: dict[str, int], unseen: dict[str, int], /
) -> tuple[bytearray, bytearray]: ...
def sign(
    word_ids: npt.NDArray[np.int32],
    starts: npt.NDArray[np.int64],
    rows: npt.NDArray[np.uint64],
    spans: npt.NDArray[np.int64],
    signatures: npt.NDArray[np.uint64],
    lengths: npt.NDArray[np.float64],
    /,
) -> None: ...
def learn(
    words: list[str],
    arabic: bool,
    known: dict[str, bytes],
    index: dict[str, int],
    names: list[str],
    english_stop: frozenset[str],
    arabic_stop: frozenset[str],
    calendar_get: Callable[[str], str | None],
    lexicon_get: Callable[[str], Iterable[str] | None],
    pieces: Callable[[str], Sequence[str]],
    analyse: Callable[[str], tuple[Sequence[str], Sequence[str]]],
    outside: str,
    letters: str,
    shapes: str,
    /,
) -> tuple[bytes, bytes, bytes]: ...
def punkt_slices(
    text: str,
    ends: str,
    non_word: str,
    others: str,
    not_plain: frozenset[str],
    decide: Callable[[str], bool],
    /,
) -> list[tuple[int, int]]: ...
def letter_counts(
    text: str, classes: npt.NDArray[np.uint8], spans: list[tuple[int, int]], /
) -> list[tuple[int, int]]: ...
def joined_sentences(
    text: str,
    spans: list[tuple[int, int]],
    has_case: bool,
    openers: str,
    is_label: Callable[[str, int, int], bool],
    opens_with_label: Callable[[str, int, int], bool],
    /,
) -> list[str]: ...
def spaced_candidates(text: str, ends: str, non_word: str, /) -> int: ...
