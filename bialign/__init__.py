"""bialign: bilingual Arabic/English articles in, sentence-aligned parallel text out.

The pipeline, one module a stage: :mod:`~bialign.detect` (script of each paragraph),
:mod:`~bialign.split` (Arabic and English parts of an article), :mod:`~bialign.segment`
(sentences), :mod:`~bialign.align` (beads), :mod:`~bialign.write` (files). Importing the
package loads no model and reads no file.
"""

from .align import AlignConfig, Bead, align_lengths, align_paragraphs, align_sentences
from .batch import AlignmentError, check_alignment
from .detect import Paragraph, ScriptReport, detect_script, paragraphs, script_runs
from .filter import FilterStats, filter_beads
from .inputs import InputError, read_input
from .pipeline import (
    ArabicOptions,
    ArticleAlignment,
    NotBilingualError,
    align_article,
    align_texts,
)
from .read import read_alignments, read_pairs
from .segment import split_sentences
from .split import ArticleSplit, Dropped, split_article
from .write import write_alignment

__version__ = "0.1.0"

__all__ = [
    "AlignConfig",
    "AlignmentError",
    "ArabicOptions",
    "ArticleAlignment",
    "ArticleSplit",
    "Bead",
    "Dropped",
    "FilterStats",
    "InputError",
    "NotBilingualError",
    "Paragraph",
    "ScriptReport",
    "__version__",
    "align_article",
    "align_lengths",
    "align_paragraphs",
    "align_sentences",
    "align_texts",
    "check_alignment",
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
