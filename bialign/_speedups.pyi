"""Types of bialign's compiled inner loops (bialign/_speedups.c).

Their NumPy twins: bialign.search._rows_numpy, bialign.scorers.anchors._dice_numpy,
bialign.scorers.length._length_terms_numpy, bialign.lexicon.vocabulary._signed_numpy,
_paired_numpy (stem_pairs's) and _taught_numpy (teach's), and
bialign.lexicon.learning._kept_numpy (associate's);
number's and learn's Python twins are bialign.lexicon.vocabulary.Vocabulary._numbered_python
and _learnt_python; band_path's twin is the chunked search, bialign.search._search, and
bead_costs's is bialign.align._BeadModel.cost in NumPy (with _BeadModel.compiled false);
band_costs's is that cost too; punkt_slices's is
bialign.punkt.PunktSentenceTokenizer._slices_python,
letter_counts's NumPy twin bialign.detect._letter_counts_numpy, joined_sentences's Python twin
bialign.segment._joined_spans (and the slicing after it), sentences's
bialign.segment._split_python (sentence_sets only prepares its argument); path_terms's is
the bead model's features kind by kind, bialign.align._kind_features.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar, final

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
def band_path(
    table: npt.NDArray[np.float64],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    kind_a: npt.NDArray[np.int64],
    kind_b: npt.NDArray[np.int64],
    unit: float,
    limit: float,
    inserts: bool,
    path: npt.NDArray[np.int64],
    /,
) -> int: ...
def bead_costs(
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    penalty: npt.NDArray[np.float64],
    log_p: npt.NDArray[np.float64],
    dice: npt.NDArray[np.float64],
    weight: float,
    ar_blocks: npt.NDArray[np.int64],
    en_blocks: npt.NDArray[np.int64],
    out: npt.NDArray[np.float64],
    /,
) -> None: ...
def band_costs(
    ar_prefix: npt.NDArray[np.float64],
    en_prefix: npt.NDArray[np.float64],
    coefficients: npt.NDArray[np.float64],
    ar_signatures: npt.NDArray[np.uint64],
    en_signatures: npt.NDArray[np.uint64],
    ar_blocks: npt.NDArray[np.int64],
    en_blocks: npt.NDArray[np.int64],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    kind_a: npt.NDArray[np.int64],
    kind_b: npt.NDArray[np.int64],
    priors: npt.NDArray[np.float64],
    terms: npt.NDArray[np.float64],
    table: npt.NDArray[np.float64],
    ratio: float,
    variance: float,
    weight: float,
    inserts: bool,
    costs: bool,
    /,
) -> int | None: ...
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
    table: bytearray,
    words: list[str],
    unseen: list[str],
    /,
) -> tuple[bytearray, bytearray]: ...
def index(table: bytearray, words: list[str], first: int, /) -> bytearray: ...
def sign(
    word_ids: npt.NDArray[np.int32],
    starts: npt.NDArray[np.int64],
    rows: npt.NDArray[np.uint64],
    spans: npt.NDArray[np.int64],
    signatures: npt.NDArray[np.uint64],
    lengths: npt.NDArray[np.float64],
    /,
) -> None: ...
def stem_pairs(
    rows: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    word_ids: npt.NDArray[np.int32],
    stem_starts: npt.NDArray[np.int64],
    stem_counts: npt.NDArray[np.int64],
    stem_ids: npt.NDArray[np.int64],
    /,
) -> bytes: ...
def teach(
    word_ids: npt.NDArray[np.int32],
    starts: npt.NDArray[np.int64],
    stem_starts: npt.NDArray[np.int64],
    stem_counts: npt.NDArray[np.int64],
    stem_ids: npt.NDArray[np.int64],
    learnt: npt.NDArray[np.int64],
    bits: npt.NDArray[np.uint64],
    signatures: npt.NDArray[np.uint64],
    /,
) -> None: ...
def associate(
    ar_pairs: npt.NDArray[np.int64],
    en_pairs: npt.NDArray[np.int64],
    min_count: int,
    min_dice: float,
    /,
) -> bytes: ...

@final
class Analysis:
    """What learn keeps for one vocabulary from call to call (a capsule)."""

def analysis(
    arabic: bool,
    names: list[str],
    entries: dict[str, bytes],
    english_stop: frozenset[str],
    arabic_stop: frozenset[str],
    calendar: dict[str, str],
    lexicon: dict[str, Iterable[str]],
    pieces: Callable[[str], Sequence[str]],
    analyse: Callable[[str], tuple[Sequence[str], Sequence[str]]],
    normalize: Callable[[str], str],
    fold_char: Callable[[str], int],
    folds_size: int,
    outside: str,
    letters: str,
    shapes: str,
    /,
) -> Analysis: ...
def learn(
    words: Sequence[str],
    analysis: Analysis,
    rows: npt.NDArray[np.uint64],
    spans: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    first_stem: int,
    /,
) -> tuple[bytes, bytes]: ...
def stem_id(analysis: Analysis, stem: str, /) -> int | None: ...

# edges (the off-by-one check at short sentences); its NumPy twin is
# bialign.edges._candidates_numpy.
def edges(
    path: npt.NDArray[np.int64],
    prefix: npt.NDArray[np.float64],
    mine: npt.NDArray[np.uint64],
    theirs: npt.NDArray[np.uint64],
    column: int,
    shortness: float,
    edge: npt.NDArray[np.int64],
    forward: npt.NDArray[np.bool_],
    own: npt.NDArray[np.int64],
    other: npt.NDArray[np.int64],
    /,
) -> int: ...
def punkt_slices(
    text: str,
    ends: str,
    non_word: str,
    others: str,
    stop_after: str,
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
def sentence_sets(
    ends: str, non_word: str, others: str, stop_after: str, openers: str, closers: str, /
) -> bytes: ...
def sentences(
    paragraph: str,
    sets: bytes,
    not_plain: frozenset[str],
    decide: Callable[[str], bool],
    has_case: bool,
    is_label: Callable[[str, int, int], bool],
    opens_with_label: Callable[[str, int, int], bool],
    dots: bool,
    /,
) -> list[str] | None: ...
def path_terms(
    ar_prefix: npt.NDArray[np.float64],
    en_prefix: npt.NDArray[np.float64],
    coefficients: npt.NDArray[np.float64],
    ar_signatures: npt.NDArray[np.uint64],
    en_signatures: npt.NDArray[np.uint64],
    path: npt.NDArray[np.int64],
    ratio: float,
    variance: float,
    terms: npt.NDArray[np.float64],
    /,
) -> int: ...

# splitting (split4): printable_lines's Python twin is
# bialign.inputs.decode._printable_lines_python, short_digit_lines's
# bialign.inputs.pages._short_digit_lines_python, text_lines's bialign.detect._lines_python.
def printable_lines(text: str, /) -> bool: ...
def short_digit_lines(text: str, longest: int, /) -> int: ...

_Line = TypeVar("_Line", bound=tuple[object, ...])

def text_lines(
    text: str,
    classes: npt.NDArray[np.uint8],
    line: type[_Line],
    first: object,
    after_blank: object,
    /,
) -> list[_Line]: ...
def sync_paths(paths: Sequence[bytes], /) -> list[int]: ...
def move_paths(
    sources: Sequence[bytes], targets: Sequence[bytes], sizes: Sequence[int], /
) -> list[int]: ...

# paragraphs (para8): words_at_most's Python twin is bialign.detect._words_at_most_python.
def words_at_most(text: str, limit: int, /) -> bool: ...
