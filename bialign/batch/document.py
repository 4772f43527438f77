"""One document in, one small result out: the batch's unit of work, free of file IO.

:func:`align_document` takes the texts of one document (one bilingual text, or an Arabic and an
English text) and the run's :class:`Options`, and returns a :class:`DocumentResult`: the checked
alignment, or a :class:`Reason` why there is none. It reads and writes no file and never raises
on bad input, so any runner (a local pool, a cluster mapping it over rows) can call it; options
and results are frozen and picklable.

Before an alignment is returned, :meth:`ArticleAlignment.check` makes sure the aligner kept its
promise: every sentence of each side in exactly one bead, in order, no bead empty.
"""

from __future__ import annotations

import enum
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..config import AlignConfig, ArabicOptions, Signature
from ..errors import AlignmentError, NotBilingualError
from ..filter import FilterStats, filter_beads
from ..records import ArticleAlignment

__all__ = ["DocumentResult", "Options", "Reason", "Status", "align_document", "describe_bug"]

Status = Literal["aligned", "skipped", "failed"]


class Reason(enum.Enum):
    """Why a document was skipped or failed; the value is the text reports and summaries print.

    ``NOT_VALID`` names the encoding the input was not valid in: its text is a template
    (:meth:`text`).
    """

    EMPTY = "empty or white space only"
    NO_ARABIC = "no Arabic text found"
    NO_ENGLISH = "no English text found"
    OUTPUT_EXISTS = "output exists"
    NOT_A_FILE = "not a regular file"
    CANNOT_READ = "cannot read"
    TOO_LARGE = "too large"
    BINARY = "binary data, not text"
    NOT_VALID = "not valid {encoding}"
    NOT_DECODABLE = "not UTF-8, and not Arabic in Windows-1256"
    LOST_SENTENCES = "alignment lost or repeated sentences (a bug in bialign: please report it)"
    INTERNAL = "internal error (a bug in bialign: please report it)"
    CANNOT_WRITE = "cannot write"
    WORKER_DIED = "worker process died"

    @property
    def status(self) -> Status:
        """``skipped`` for input with nothing to align (a warning), else ``failed``."""
        return "skipped" if self in _SKIPS else "failed"

    def text(self, encoding: str = "") -> str:
        """The words printed for this reason; ``encoding`` fills in ``NOT_VALID``'s."""
        text: str = self.value
        return text.format(encoding=encoding) if self is Reason.NOT_VALID else text


_SKIPS = frozenset(
    {Reason.EMPTY, Reason.NO_ARABIC, Reason.NO_ENGLISH, Reason.OUTPUT_EXISTS, Reason.NOT_A_FILE}
)
_MISSING = {"ar": Reason.NO_ARABIC, "en": Reason.NO_ENGLISH}


@dataclass(frozen=True)
class Options:
    """How every document of a run is aligned and filtered.

    ``config``, ``presegmented`` and ``arabic`` are what the run's :attr:`signature` records;
    the filters (``min_score``, ``only``, ``drop_unaligned``) choose which beads are kept, and
    ``stats`` asks for their statistics.
    """

    config: AlignConfig = field(default_factory=AlignConfig)
    presegmented: bool = False
    arabic: ArabicOptions = field(default_factory=ArabicOptions)
    min_score: float | None = None
    only: tuple[str, ...] | None = None
    drop_unaligned: bool = False
    stats: bool = False

    @property
    def signature(self) -> Signature:
        """The settings with this installation's version and data: what outputs record."""
        return Signature(self.config, "lines" if self.presegmented else "punkt", self.arabic)

    def filters(self) -> bool:
        """Whether any bead filter is set."""
        return self.min_score is not None or self.only is not None or self.drop_unaligned


@dataclass(frozen=True)
class DocumentResult:
    """What became of one document.

    ``alignment`` is the aligner's, ``kept`` what the filters kept of it (the same object when
    no filter is set) and ``stats`` their statistics when asked for. Without a ``reason`` the
    document is aligned; ``LOST_SENTENCES`` keeps the faulty ``alignment`` (for its counts) but
    no ``kept``. ``detail`` is what is particular to this document, ``trace`` the traceback of
    an internal error.
    """

    source: str
    alignment: ArticleAlignment | None = None
    kept: ArticleAlignment | None = None
    stats: FilterStats | None = None
    reason: Reason | None = None
    detail: str = ""
    trace: str = ""


def describe_bug(error: Exception) -> tuple[str, str]:
    """An unexpected exception as a report's detail and traceback (call it in ``except``)."""
    return f"{type(error).__name__}: {error}", traceback.format_exc()


def align_document(texts: Sequence[str], options: Options, source: str = "") -> DocumentResult:
    """Align, check and filter the texts of one document; say how it went. Never raises.

    ``texts`` is one text holding both languages, or an Arabic and an English text; ``source``
    names the document in the alignment. Text in one language only (or none) is skipped; an
    alignment that fails :meth:`ArticleAlignment.check`, or any error, fails it.
    """
    if len(texts) not in (1, 2):
        raise ValueError(f"a document is one or two texts, not {len(texts)}")
    try:
        return _align_document(texts, options, source)
    except Exception as error:  # a bug on one document must not stop the others
        detail, trace = describe_bug(error)
        return DocumentResult(source, reason=Reason.INTERNAL, detail=detail, trace=trace)


def _align_document(texts: Sequence[str], options: Options, source: str) -> DocumentResult:
    if not any(text.strip() for text in texts):
        return DocumentResult(source, reason=Reason.EMPTY)
    if len(texts) == 2:  # a blank side: say so, not what aligning it would find
        for side, language, text in zip(("ar", "en"), ("Arabic", "English"), texts, strict=True):
            if not text.strip():
                detail = f"the {language} side is empty or white space only"
                return DocumentResult(source, reason=_MISSING[side], detail=detail)
    # Imported here so that parsing a command line loads no aligner (NumPy and its tables).
    from ..pipeline import align_article, align_texts

    config, presegmented, arabic = options.config, options.presegmented, options.arabic
    try:
        if len(texts) == 1:
            alignment = align_article(
                texts[0], config, source=source, presegmented=presegmented, arabic=arabic
            )
        else:
            alignment = align_texts(
                texts[0], texts[1], config, source=source, presegmented=presegmented, arabic=arabic
            )
    except NotBilingualError as error:
        return DocumentResult(source, reason=_MISSING[error.missing], detail=error.detail)
    try:
        alignment.check()
    except AlignmentError as error:
        return DocumentResult(source, alignment, reason=Reason.LOST_SENTENCES, detail=str(error))
    if not (options.stats or options.filters()):  # the beads are kept as they are, unsummed
        return DocumentResult(source, alignment, alignment)
    kept, stats = filter_beads(
        alignment,
        min_score=options.min_score,
        only=options.only,
        drop_unaligned=options.drop_unaligned,
    )
    return DocumentResult(source, alignment, kept, stats if options.stats else None)
