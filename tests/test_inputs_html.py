"""Web pages as inputs: blocks kept as paragraphs, furniture left out, both languages kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import load, params
from corpora import REPO, SEED_004

from bialign.inputs import input_text, read_input
from bialign.inputs.html import html_to_text
from bialign.pipeline import align_article

PAGE = REPO / "examples" / "inputs" / "page.html"
SEED_PARAGRAPHS = [p for p in SEED_004.read_text(encoding="utf-8").split("\n\n") if p.strip()]

# A bilingual press release as a CMS saves it: a banner header with a search form, a menu in
# both languages, the article's own header, a table of figures, a related-links aside, a
# comment form, a footer, scripts and styles in head and body.
PRESS_RELEASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry of Water Resources &raquo; Dam levels | وزارة الموارد المائية</title>
<style>.rtl { direction: rtl }</style>
<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>
</head>
<body class="home">
<header id="masthead" class="site-header"><h1 class="site-title"><a href="/">Ministry of
 Water Resources</a></h1><form role="search"><input type="search" name="s">
<button>Search</button></form></header>
<nav id="site-navigation"><ul><li><a href="/">Home</a></li><li><a href="/ar">الرئيسية</a></li>
<li><a href="/news">News</a></li></ul></nav>
<div id="content"><main id="main">
<article class="post">
<header class="entry-header"><h1 class="entry-title">Dam levels rise after the rains</h1>
<div class="entry-meta">Posted on <time>3 March 2021</time></div></header>
<div class="entry-content">
<p>The Ministry announced on Tuesday that the water level of the Mosul Dam has risen
   by two metres.</p>
<p>The Minister said:<br>&ldquo;The reserves are sufficient for the summer season.&rdquo;</p>
<table><tr><th>Dam</th><th>السد</th></tr><tr><td>Mosul</td><td>الموصل</td></tr></table>
<div class="rtl">
<p>أعلنت الوزارة يوم الثلاثاء أن منسوب المياه في سد الموصل ارتفع بمقدار مترين.</p>
<p>وقال الوزير:<br>&laquo;إن الخزين كافٍ لموسم الصيف.&raquo;</p>
<ul><li>السدود &amp; الخزانات</li><li>Dams &amp; reservoirs</li></ul>
</div>
<pre>Level:   330 m
Change:  +2 m</pre>
<p hidden>Cached copy</p>
<div class="sharedaddy"><button>Share</button><span aria-hidden="true">&#9776;</span></div>
</div>
<footer class="entry-footer">Posted in <a href="/category/news">News</a></footer>
</article>
<!-- #post-12 -->
</main></div>
<aside id="secondary"><h2>Recent posts</h2><ul><li>Irrigation plan 2021</li></ul></aside>
<section id="comments"><h3>Leave a Reply</h3>
<form id="commentform"><label>Comment</label><textarea>Write here</textarea>
<select><option>Notify me</option></select></form></section>
<footer id="colophon"><p>&copy; 2021 Ministry of Water Resources</p></footer>
<script src="/wp-includes/js/wp-embed.min.js"></script>
<noscript><img src="/pixel.gif" alt="tracking"></noscript>
</body></html>
"""


def test_a_page_keeps_its_blocks_and_both_languages_and_drops_its_furniture() -> None:
    text, dropped = html_to_text(PRESS_RELEASE)
    assert text.split("\n\n") == [
        "Dam levels rise after the rains",
        "Posted on 3 March 2021",
        "The Ministry announced on Tuesday that the water level of the Mosul Dam has risen"
        " by two metres.",
        "The Minister said:\n“The reserves are sufficient for the summer season.”",
        "Dam",
        "السد",
        "Mosul",
        "الموصل",
        "أعلنت الوزارة يوم الثلاثاء أن منسوب المياه في سد الموصل ارتفع بمقدار مترين.",
        "وقال الوزير:\n«إن الخزين كافٍ لموسم الصيف.»",
        "السدود & الخزانات",
        "Dams & reservoirs",
        "Level: 330 m\nChange: +2 m",
    ]
    # head, banner header, nav, hidden p, the share bar (class sharedaddy), both footers,
    # aside, the comments section (id comments, its heading with it); the body's noscript
    # holds no text (an image) and is not counted.
    assert dropped == 9


def test_seed_004_as_a_page_reads_as_the_seed() -> None:
    """The example page: seed 004 in two <article>s, with a banner, menus in both languages,
    an aside, a comment form, a footer, scripts, entities and the headlines in <header>s."""
    read = read_input(PAGE)
    assert read.kind == "html"
    assert read.text == "\n\n".join(SEED_PARAGRAPHS)
    assert dict(read.changes) == {"html-elements": 8}


def test_seed_004_as_a_page_aligns_as_the_original() -> None:
    original = align_article(SEED_004.read_text(encoding="utf-8"))
    page = align_article(read_input(PAGE).text)
    assert [(b.ar, b.en) for b in page.beads] == [(b.ar, b.en) for b in original.beads]
    assert sum(1 for bead in page.beads if bead.ar and bead.en) == 15
    assert [(d.reason, d.text) for d in page.dropped] == [
        (d.reason, d.text) for d in original.dropped
    ]
    assert [d.reason for d in page.dropped] == ["url-slug"]


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Home</title><script>init()</script></head><body></body></html>",
        '<!DOCTYPE html><nav><a href="/">Home</a></nav><div><img src="a.png"></div>'
        "<footer>&copy; 2021</footer><!-- empty -->",
    ],
)
def test_a_page_of_markup_only_has_no_text(page: str, tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    assert read_input(path).text == ""


def test_a_page_saved_under_another_suffix_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "index.php.txt"
    path.write_text("<!-- saved 2021 -->\n<!doctype HTML><p>نص</p><p>Text</p>", encoding="utf-8")
    read = read_input(path)
    assert (read.kind, read.text) == ("html", "نص\n\nText")


def test_a_text_mentioning_tags_is_not_a_page(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Use <p> for paragraphs &amp; <br> for lines.\n", encoding="utf-8")
    read = read_input(path)
    assert (read.kind, read.text) == ("text", "Use <p> for paragraphs & <br> for lines.\n")


def test_references_are_unescaped_once() -> None:
    assert html_to_text("<p>&amp;lt;p&amp;gt; &#1575;&nbsp;x</p>") == ("&lt;p&gt; ا\xa0x", 0)


ARTICLE = (
    "<article><h1>Dam levels rise</h1><p>The water level has risen by two metres.</p></article>"
)


@pytest.mark.parametrize(
    ("html", "held", "dropped"),
    params("html_furniture", "html", "text", "dropped", id_field="name"),
)
def test_an_element_of_furniture_is_left_out(html: str, held: str, dropped: bool) -> None:
    # An element whose class or id names comments, related content, a share bar and the
    # like goes with all it holds (``held`` is some of it); a name that is content's, or a
    # word that only begins like one, keeps it. So go paragraphs of links, whatever their
    # names (a list's each item); text with a link in it, a linked heading, a table's cells
    # are kept.
    text, count = html_to_text(f"<body>{ARTICLE}{html}</body>")
    assert text.startswith("Dam levels rise\n\nThe water level has risen by two metres.")
    assert (held in text, count > 0) == (not dropped, dropped)


@pytest.mark.parametrize("tag", ["body", "main", "article"])
def test_the_page_and_its_article_are_kept_whatever_their_class_says(tag: str) -> None:
    # A theme names the body or the article for what the page has besides ("ads-enabled",
    # "has-comments"): no <h1> or <article> inside to say it holds the text.
    html = f'<{tag} class="single-post ads-enabled has-comments"><p>The reservoirs are full.</p>'
    assert html_to_text(html) == ("The reservoirs are full.", 0)


@pytest.mark.parametrize(
    ("html", "text", "dropped"), params("html_tables", "html", "text", "dropped", id_field="name")
)
def test_a_table_of_translations_gives_a_line_a_row(html: str, text: str, dropped: int) -> None:
    # One column of Arabic, one of English, the rest labels: a row is a line, its two texts
    # parted by a tab, and the labels and headers are left out. Other tables: cells.
    assert html_to_text(html) == (text, dropped)


def test_a_translation_memory_aligns_row_by_row() -> None:
    # Its status column had been glued onto pairs, and its header paired, at scores that
    # --min-score 0.5 dropped whole.
    table = next(case for case in load("html_tables") if case["name"].startswith("a translation"))
    aligned = align_article(input_text(table["html"].encode(), "memory.html").text)
    pairs = [
        ("".join(aligned.ar[i] for i in bead.ar), "".join(aligned.en[j] for j in bead.en))
        for bead in aligned.beads
    ]
    assert pairs == [tuple(reversed(line.split("\t"))) for line in table["text"].split("\n\n")]
