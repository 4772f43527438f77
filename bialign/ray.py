"""Align a Ray Dataset of documents: ``bialign.ray.align_dataset(rows)`` (the ``ray`` extra).

The rows are document rows (an ``id``, and a ``text`` holding both languages or an ``ar`` and
an ``en`` text); the result is a Dataset of bead rows of
:func:`bialign.runners.rows.bead_schema`, one a bead, which ``write_parquet`` writes as it
comes. The function mapped is :func:`bialign.runners.rows.align_batch`, which knows nothing of
Ray: the same function runs in Dask or Spark.

>>> import ray, bialign.ray                                             # doctest: +SKIP
>>> rows = ray.data.from_items([{"id": "d1", "ar": "...", "en": "..."}])  # doctest: +SKIP
>>> bialign.ray.align_dataset(rows).write_parquet("beads/")              # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .batch.document import Options
from .runners.rows import align_batch, bead_schema

if TYPE_CHECKING:
    import ray.data

__all__ = ["align_dataset", "bead_schema"]


def align_dataset(
    rows: ray.data.Dataset, options: Options | None = None, *, batch_size: int = 8
) -> ray.data.Dataset:
    """The bead rows of a Dataset of document rows, aligned lazily as Ray Data runs.

    ``options`` are the batch's (:class:`bialign.batch.document.Options`: settings and
    filters); ``batch_size`` documents go to a task at a time.
    """
    return rows.map_batches(
        align_batch,
        fn_kwargs={"options": options or Options()},
        batch_format="pyarrow",
        batch_size=batch_size,
    )
