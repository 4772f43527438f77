"""The per-document function over rows: the beads the JSONL output holds, as rows, for
documents given as one text or as an Arabic and an English text; bad rows fail in their row."""

from __future__ import annotations

import io
import json

from corpora import SEED_004

from bialign.batch.document import Options, align_document
from bialign.formats.jsonl import write_jsonl
from bialign.runners.rows import align_rows

_KEYS = ("ar", "en", "ar_index", "en_index", "score")


def _jsonl_records(texts: tuple[str, ...], name: str) -> list[dict[str, object]]:
    result = align_document(texts, Options(), name)
    assert result.kept is not None
    out = io.StringIO()
    write_jsonl(result.kept, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_bead_rows_are_the_jsonl_beads_of_each_document() -> None:
    seed = SEED_004.read_text(encoding="utf-8")
    rows = [{"id": "seed", "text": seed}]
    expected = [{"id": "seed", **{k: r[k] for k in _KEYS}} for r in _jsonl_records((seed,), "")]
    got = [{k: row[k] for k in ("id", *_KEYS)} for row in align_rows(rows)]
    assert got == expected and len(got) > 10


def test_a_row_in_one_language_is_skipped_and_a_row_without_texts_fails() -> None:
    rows = list(align_rows([{"id": "en", "text": "Only English here."}, {"id": "x", "ar": "نص"}]))
    assert [(r["id"], r["status"], r["ar"]) for r in rows] == [
        ("en", "skipped", []),
        ("x", "failed", []),
    ]
    assert rows[0]["reason"] == "no Arabic text found"
    assert "give a 'text'" in rows[1]["reason"]
