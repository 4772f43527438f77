"""Markdown as input: the text of its blocks, one paragraph each, without the markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpora import REPO

from bialign.cli import main
from bialign.inputs import read_input
from bialign.inputs.markdown import markdown_to_text

EXAMPLE = REPO / "examples" / "inputs" / "article.md"
SEED = REPO / "seeds" / "004_560e4bfc249f71d2.txt"
PARAGRAPHS = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def test_the_example_is_the_seeds_paragraphs_without_markup() -> None:
    """Seed 004 written as Markdown: front matter, headings, emphasis, a link, a list, a
    quote, an image and a code block."""
    read = read_input(EXAMPLE)
    assert read.kind == "markdown"
    assert dict(read.changes) == {"markdown-blocks": 2}  # the front matter and the code
    paragraphs = read.text.split("\n\n")
    for seed_paragraph in [*PARAGRAPHS[2:6], *PARAGRAPHS[16:20], *PARAGRAPHS[7:14]]:
        # Whole, or with the text of the link after it: "(source)", "(المصدر)".
        assert any(p == seed_paragraph or p.startswith(f"{seed_paragraph} (") for p in paragraphs)
    for markup in ("# ", "*", "](", "```", "> ", "title:", '"id"'):
        assert markup not in read.text


def test_the_example_aligns_title_to_title_and_paragraph_to_paragraph(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    assert main(["align", str(EXAMPLE.parent), "-o", str(tmp_path), "--report", str(report)]) == 0
    (record,) = [r for r in map(json.loads, report.open()) if r["file"] == str(EXAMPLE)]
    assert (record["status"], record["layout"], record["pairs"]) == ("aligned", "en-ar", 15)
    beads = [json.loads(line) for line in (tmp_path / "article.jsonl").open()]
    assert beads[0]["ar"] == [PARAGRAPHS[14]]  # the Arabic title
    assert beads[0]["en"][0].startswith("Al-Kāẓimī: Iraq is not in need anymore")


@pytest.mark.parametrize(
    ("markdown", "text", "left_out"),
    [
        ("Title\n=====\n\nBody  \nnext line\n", "Title\n\nBody\nnext line", 0),
        (
            "| English | العربية |\n|---|---|\n| Hello | مرحبا |\n",
            "English\nالعربية\n\nHello\nمرحبا",
            0,
        ),
        ("Text\n\n    indented code\n\n<nav>Menu</nav>\n", "Text", 2),
        (
            '<div dir="rtl">\nاعتمد المجلس التقرير.\n</div>\n\nAdopted.\n',
            "اعتمد المجلس التقرير.\n\nAdopted.",
            0,
        ),
        (
            "| He said.<br>Then he left. | قال.<br/>ثم غادر. |\n|---|---|\n",
            "He said.\nThen he left.\nقال.\nثم غادر.",
            0,
        ),
        ("---\r\ntitle: Report\r\ndate: 2020\r\n---\r\n\r\nThe body.\r\n", "The body.", 1),
        ("---\n\nSome text.\n\n---\n\nMore text.\n", "Some text.\n\nMore text.", 0),
        ("1. First.\n2) Second <b>bold</b> &amp; `code`.\n", "First.\n\nSecond bold & code.", 0),
        ("---\nnot front matter\n", "not front matter", 0),
        (
            '+++\nversion = "2.1"\naliases = ["/version/2/1"]\n+++\n\n# Code of Conduct\n',
            "Code of Conduct",
            1,
        ),
        ("+++ a plus sign thrice\n\nThe body.\n", "+++ a plus sign thrice\n\nThe body.", 0),
        ('+++\n# Hugo\ntitle = "Code"\n\n[params]\nweight = 2\n+++\nThe body.\n', "The body.", 1),
    ],
    ids=[
        "setext-and-hard-break",
        "table-row-a-unit",
        "code-and-page-furniture-left-out",
        "html-block-read-as-html",
        "br-a-line-break",
        "crlf-front-matter",
        "rules-not-front-matter",
        "ordered-list",
        "rule",
        "toml-front-matter",
        "plus-signs-not-front-matter",
        "toml-front-matter-with-a-table",
    ],
)
def test_markdown_blocks(markdown: str, text: str, left_out: int) -> None:
    assert markdown_to_text(markdown) == (text, left_out)
