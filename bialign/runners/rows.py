"""Documents as rows in, bead rows out: the per-document function a data engine maps.

A *document row* has an ``id`` and either a ``text`` holding both languages or an ``ar`` and an
``en`` text. :func:`align_rows` turns document rows into *bead rows*, one a bead, with the keys
of the JSONL format (``ar``, ``en``, ``ar_index``, ``en_index``, ``score``) plus the document's
``id``, ``status`` and ``reason``; a document that is skipped or fails gives one row with no
sentences saying why. It reads and writes no file and never raises on a bad document, so any
engine can map it: :func:`align_batch` is the same over an Arrow table, with the explicit
:func:`bead_schema` (Ray Data's ``map_batches`` with ``batch_format="pyarrow"``, Spark's
``mapInArrow``); Dask can map :func:`align_rows` over a partition's records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..batch.document import DocumentResult, Options, align_document

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["align_batch", "align_rows", "bead_schema", "document_texts"]


def bead_schema() -> pa.Schema:
    """The Arrow schema of bead rows (pyarrow comes with the ``ray`` extra)."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("status", pa.string(), nullable=False),
            pa.field("reason", pa.string(), nullable=False),
            pa.field("ar", pa.list_(pa.string()), nullable=False),
            pa.field("en", pa.list_(pa.string()), nullable=False),
            pa.field("ar_index", pa.list_(pa.int32()), nullable=False),
            pa.field("en_index", pa.list_(pa.int32()), nullable=False),
            pa.field("score", pa.float64()),  # null when unknown, as in JSONL
        ]
    )


def document_texts(row: Mapping[str, Any]) -> tuple[str, ...]:
    """A document row's texts: ``(text,)``, or ``(ar, en)``. Raises ValueError naming the
    row's ``id`` when it has neither (or both).

    >>> document_texts({"id": "d1", "ar": "نص", "en": "text"})
    ('نص', 'text')
    """
    has_text = row.get("text") is not None
    has_pair = row.get("ar") is not None and row.get("en") is not None
    if has_text == has_pair:
        raise ValueError(
            f"document row {row.get('id')!r}: give a 'text' holding both languages, "
            "or an 'ar' and an 'en' text (not both)"
        )
    return (str(row["text"]),) if has_text else (str(row["ar"]), str(row["en"]))


def _reason_row(identifier: str, status: str, reason: str) -> dict[str, Any]:
    """The one row of a document that was skipped or failed."""
    return {"id": identifier, "status": status, "reason": reason, **_NO_BEAD}


_NO_BEAD: dict[str, Any] = {"ar": [], "en": [], "ar_index": [], "en_index": [], "score": None}


def _bead_rows(identifier: str, result: DocumentResult) -> Iterator[dict[str, Any]]:
    kept = result.kept
    if result.reason is not None or kept is None:
        reason = "" if result.reason is None else result.reason.text()
        status = "failed" if result.reason is None else result.reason.status
        detail = f"{reason}: {result.detail}" if result.detail else reason
        yield _reason_row(identifier, status, detail)
        return
    for bead in kept.beads:
        yield {
            "id": identifier,
            "status": "aligned",
            "reason": "",
            "ar": [kept.ar[i] for i in bead.ar],
            "en": [kept.en[i] for i in bead.en],
            "ar_index": list(bead.ar),
            "en_index": list(bead.en),
            "score": None if math.isnan(bead.score) else float(bead.score),
        }


def align_rows(
    rows: Iterable[Mapping[str, Any]], options: Options | None = None
) -> Iterator[dict[str, Any]]:
    """The bead rows of document rows, document by document, in order (module docstring).
    Never raises on a document: a row without its texts fails with the reason in its row.

    >>> rows = align_rows([{"id": "d1", "ar": "ذهب الولد.", "en": "The boy went."}, {"id": 7}])
    >>> [(r["id"], r["status"], r["ar_index"], r["en_index"]) for r in rows]
    [('d1', 'aligned', [0], [0]), ('7', 'failed', [], [])]
    """
    options = options or Options()
    for row in rows:
        identifier = str(row.get("id", ""))
        try:
            texts = document_texts(row)
        except ValueError as error:
            yield _reason_row(identifier, "failed", str(error))
            continue
        yield from _bead_rows(identifier, align_document(texts, options, identifier))


def align_batch(batch: pa.Table, options: Options | None = None) -> pa.Table:
    """:func:`align_rows` over an Arrow table of document rows: a table of :func:`bead_schema`."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(align_rows(batch.to_pylist(), options)), bead_schema())
