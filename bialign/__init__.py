"""bialign: bilingual Arabic/English articles in, sentence-aligned parallel text out.

The pipeline, one module a stage: :mod:`~bialign.inputs` (read and clean),
:mod:`~bialign.detect` (script of each paragraph), :mod:`~bialign.split` (Arabic and English
parts of an article), :mod:`~bialign.segment` (sentences), :mod:`~bialign.align` (beads),
:mod:`~bialign.formats` (files, one module a format). Below them, importing nothing of bialign's:
:mod:`~bialign.records` (what the stages pass on), :mod:`~bialign.config` (settings and
the reproducibility signature), :mod:`~bialign.errors`. Importing the package loads no model
and reads no file.
"""

from ._version import __version__
from .align import align_lengths, align_paragraphs, align_sentences
from .config import AlignConfig, ArabicOptions, SearchConfig, Signature
from .detect import detect_script, paragraphs, script_runs
from .errors import AlignmentError, BialignError, InputError, NotBilingualError
from .filter import FilterStats, filter_beads
from .formats import read_alignments, read_pairs, write_alignment
from .inputs import read_input
from .pipeline import align_article, align_texts
from .records import (
    AlignedPair,
    ArticleAlignment,
    ArticleSplit,
    Bead,
    Dropped,
    Paragraph,
    ScriptReport,
)
from .segment import split_sentences
from .split import split_article

__all__ = [
    "AlignConfig",
    "AlignedPair",
    "AlignmentError",
    "ArabicOptions",
    "ArticleAlignment",
    "ArticleSplit",
    "Bead",
    "BialignError",
    "Dropped",
    "FilterStats",
    "InputError",
    "NotBilingualError",
    "Paragraph",
    "ScriptReport",
    "SearchConfig",
    "Signature",
    "__version__",
    "align_article",
    "align_lengths",
    "align_paragraphs",
    "align_sentences",
    "align_texts",
    "detect_script",
    "filter_beads",
    "paragraphs",
    "read_alignments",
    "read_input",
    "read_pairs",
    "script_runs",
    "split_article",
    "split_sentences",
    "write_alignment",
]
