"""bialign: bilingual Arabic/English articles in, sentence-aligned parallel text out.

The pipeline, one module a stage: :mod:`~bialign.inputs` (read and clean),
:mod:`~bialign.detect` (script of each paragraph), :mod:`~bialign.split` (Arabic and English
parts of an article), :mod:`~bialign.segment` (sentences), :mod:`~bialign.align` (beads),
:mod:`~bialign.formats` (files, one module a format). Below them, importing nothing of bialign's:
:mod:`~bialign.records` (what the stages pass on), :mod:`~bialign.config` (settings and
the reproducibility signature), :mod:`~bialign.errors`. Importing the package loads no model
and reads no file.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .align import align_lengths, align_paragraphs, align_sentences
    from .config import AlignConfig, ArabicOptions, SearchConfig, Signature
    from .detect import detect_script, paragraphs, script_runs
    from .errors import AlignmentError, BialignError, InputError, NotBilingualError
    from .filter import FilterStats, filter_beads
    from .formats import read_alignments, read_pairs, write_alignment
    from .inputs import input_text, read_input
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

# The public names and the module each lives in, imported on first use (PEP 562), so that
# `import bialign` costs no regex compilation, no NumPy and no XML until something is used.
_WHERE = {
    "AlignConfig": "config",
    "AlignedPair": "records",
    "AlignmentError": "errors",
    "ArabicOptions": "config",
    "ArticleAlignment": "records",
    "ArticleSplit": "records",
    "Bead": "records",
    "BialignError": "errors",
    "Dropped": "records",
    "FilterStats": "filter",
    "InputError": "errors",
    "NotBilingualError": "errors",
    "Paragraph": "records",
    "ScriptReport": "records",
    "SearchConfig": "config",
    "Signature": "config",
    "align_article": "pipeline",
    "align_lengths": "align",
    "align_paragraphs": "align",
    "align_sentences": "align",
    "align_texts": "pipeline",
    "detect_script": "detect",
    "filter_beads": "filter",
    "input_text": "inputs",
    "paragraphs": "detect",
    "read_alignments": "formats",
    "read_input": "inputs",
    "read_pairs": "formats",
    "script_runs": "detect",
    "split_article": "split",
    "split_sentences": "segment",
    "write_alignment": "formats",
}

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
    "input_text",
    "paragraphs",
    "read_alignments",
    "read_input",
    "read_pairs",
    "script_runs",
    "split_article",
    "split_sentences",
    "write_alignment",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'bialign' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, the module's own dunders (``__version__``, ``__file__``) and the
    submodules loaded so far, but not this module's imports (``Any``, ``importlib``)."""
    loaded = (n for n, v in globals().items() if getattr(v, "__name__", "").startswith("bialign."))
    dunders = (n for n in globals() if n.startswith("__") and n.endswith("__"))
    return sorted({*__all__, *dunders, *(n for n in loaded if not n.startswith("_"))})
