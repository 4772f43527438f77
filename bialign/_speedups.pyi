"""Types of bialign's compiled inner loops (bialign/_speedups.c).

Their NumPy twins: bialign.search._rows_numpy, bialign.scorers.anchors._dice_numpy,
bialign.scorers.length._length_terms_numpy and bialign.lexicon.vocabulary._signed_numpy;
number's and learn's Python twins are bialign.lexicon.vocabulary.Vocabulary._numbered_python
and _learnt_python.
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
    sentences: Sequence[str],
    table: npt.NDArray[np.uint64],
    words: list[str],
    unseen: dict[str, int],
    /,
) -> tuple[bytearray, bytearray]: ...
def index(table: npt.NDArray[np.uint64], words: list[str], first: int, /) -> None: ...
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
