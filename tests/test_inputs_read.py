"""Every input kind through the command line: a directory walk finds each, --ar/--en reads
each, the report says what reading changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

import pytest
import regex
from compiled import needs_compiled, speedups
from corpora import REPO, SEED_004, SEEDS
from corpora import records as corpus_records

import bialign
import bialign.inputs
from bialign.batch.plan import find_inputs
from bialign.chars import code_points
from bialign.cli import main
from bialign.errors import InputError
from bialign.inputs import _kind, read_input
from bialign.inputs.decode import _printable_lines_python
from bialign.inputs.pages import _short_digit_lines_python

EXAMPLES = REPO / "examples" / "inputs"
SUBTITLE_CUES = 3


def _fed_fifo(path: Path, data: bytes) -> threading.Thread:
    """A named pipe at ``path`` that a thread writes ``data`` into (what is read, it keeps)."""
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as fifo, suppress(BrokenPipeError):
            fifo.write(data)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("spare", [-1, 0, 1])
@pytest.mark.parametrize("kind", ["file", "pipe", "grown"])
def test_the_size_limit_holds_to_the_byte_for_a_file_and_a_pipe(
    tmp_path: Path, kind: str, spare: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, expected = SEED_004.read_bytes(), read_input(SEED_004).text
    path = SEED_004
    if kind == "pipe":  # no size to read up to: read to the limit
        path = tmp_path / "fifo"
        _fed_fifo(path, data)
    if kind == "grown":  # written to after its size was read: it holds more than that size
        real = os.fstat

        def half_the_size(fd: int) -> os.stat_result:
            fields = list(real(fd))
            fields[6] //= 2  # st_size
            return os.stat_result(fields)

        monkeypatch.setattr(bialign.inputs.os, "fstat", half_the_size)
    if spare < 0:
        with pytest.raises(InputError, match="too large"):
            read_input(path, max_bytes=len(data) + spare)
    else:
        assert read_input(path, max_bytes=len(data) + spare).text == expected


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda path: path.name)
def test_bytes_in_memory_read_as_their_file_does(path: Path) -> None:
    # A crawler holds a page's bytes, not a file: same text, encoding, changes and kind.
    assert bialign.input_text(path.read_bytes(), path.name) == read_input(path)


def _report(path: Path) -> dict[str, dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return {Path(str(r["file"])).name: r for r in records if "file" in r}


def test_a_directory_walk_finds_every_kind_in_any_case(tmp_path: Path) -> None:
    names = ["a.txt", "b.HTML", "c.htm", "d.Srt", "e.VTT", "f.md", "g.json", "h.html.bak"]
    for name in [*names, "i.MarkDown"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [path.name for path in find_inputs([tmp_path])]
    assert found == ["a.txt", "b.HTML", "c.htm", "d.Srt", "e.VTT", "f.md", "i.MarkDown"]


def test_a_directory_walk_reads_pages_a_crawler_saved_and_names_what_it_left_out(
    tmp_path: Path,
) -> None:
    page = "<!DOCTYPE html><html><p>x</p></html>"
    files = {
        "index.php?p=41086": page,
        "news.ASPX": "\n  <html><body><p>x</p></body></html>",
        "page.html?lang=ar": "x",  # a kind's own suffix: read whatever it holds
        "about": "\ufeff<?xml version='1.0'?>\n<!DOCTYPE html><p>About us</p>",
        "cues": "1\n00:00:01,000 --> 00:00:02,000\nHi\n",
        "script.php": "<?php echo 'x'; ?>",  # a server's script, not a page
        "README": "<b>What this folder holds.</b>",  # markup, but no page
        "logo": "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        "h.json": "{}",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "story?id=7").write_text(page, encoding="utf-16")
    os.mkfifo(tmp_path / "pipe")  # never opened: reading it would wait for a writer
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")  # read, to fail with the reason named
    left_out: list[Path] = []
    found = [path.name for path in find_inputs([tmp_path], left_out)]
    assert found == [
        "about",
        "cues",
        "gone",
        "index.php?p=41086",
        "news.ASPX",
        "page.html?lang=ar",
        "story?id=7",
    ]
    assert [path.name for path in left_out] == ["README", "h.json", "logo", "pipe", "script.php"]


def test_align_dir_reads_a_page_saved_without_a_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    inputs = tmp_path / "crawl"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "page.html", inputs / "index.php?p=41086")
    shutil.copy(EXAMPLES / "page.html", inputs / "story")
    (inputs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report = tmp_path / "report.jsonl"
    code = main(["align", str(inputs), "-o", str(tmp_path / "out"), "--report", str(report)])
    summary = capsys.readouterr().err
    assert code == 0
    records = _report(report)
    assert {name: (r["status"], r["pairs"]) for name, r in records.items()} == {
        "index.php?p=41086": ("aligned", 15),
        "story": ("aligned", 15),
    }
    assert "left out 1 file of other kinds (.png 1)" in summary


def test_align_dir_reads_each_kind(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLES, inputs)
    report = tmp_path / "report.jsonl"
    code = main(["align", str(inputs), "-o", str(tmp_path / "out"), "--report", str(report)])
    summary = capsys.readouterr().err
    assert code == 0
    # What the HTML reader left out is named beside what the splitter dropped.
    page = f"{inputs / 'page.html'}: page elements 8 (menus, scripts, forms and the like); url-slug"
    assert page in summary
    records = _report(report)
    assert sorted(records) == sorted(path.name for path in EXAMPLES.iterdir())
    assert {name: (r["status"], r["cleaned"]) for name, r in records.items()} == {
        "page.html": ("aligned", {"html-elements": 8}),
        "subtitles.srt": ("aligned", {"subtitle-timings": 3}),
        "subtitles.vtt": ("aligned", {"subtitle-timings": 3}),
        "mojibake.txt": ("aligned", {"mojibake": 28}),
        "word-export.txt": ("aligned", {"line-ends": 28}),
        "article.md": ("aligned", {"markdown-blocks": 2}),
        "pdf-text.txt": ("aligned", {"page-furniture": 12}),
        "two-columns.txt": ("aligned", {"column-rows": 73}),
    }
    assert (
        f"{inputs / 'article.md'}: Markdown blocks 2 (code, front matter, page furniture)"
        in summary
    )
    assert f"{inputs / 'pdf-text.txt'}: page heads, feet and numbers 12 (lines)" in summary
    assert records["page.html"]["pairs"] == records["mojibake.txt"]["pairs"] == 15
    assert records["pdf-text.txt"]["pairs"] == 15
    assert records["two-columns.txt"]["pairs"] == 17  # the title's slug wraps into the Arabic
    assert records["subtitles.srt"]["pairs"] == records["subtitles.vtt"]["pairs"] == SUBTITLE_CUES
    for name in ("page.html", "mojibake.txt"):
        dropped = records[name]["dropped"]
        assert isinstance(dropped, list) and [d["reason"] for d in dropped] == ["url-slug"]


def test_the_word_export_aligns_as_the_seed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "report.jsonl"
    out = tmp_path / "out"
    main(["align", str(EXAMPLES / "word-export.txt"), "-o", str(out), "--report", str(report)])
    capsys.readouterr()
    assert _report(report)["word-export.txt"]["pairs"] == 15


def test_two_subtitle_tracks_are_read_as_two_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """WebVTT comes one track a language: the Arabic track and the English one, by --ar/--en."""
    cues = (EXAMPLES / "subtitles.vtt").read_text(encoding="utf-8").split("\n\n")
    for side, keep in (("ar", 0), ("en", 1)):
        tracks = [cue for cue in cues if "-->" not in cue] + [
            "\n".join([*cue.splitlines()[:2], _side(cue, keep)]) for cue in cues if "-->" in cue
        ]
        (tmp_path / f"talk.{side}.vtt").write_text("\n\n".join(tracks), encoding="utf-8")
    report = tmp_path / "report.jsonl"
    argv = ["align", "--ar", tmp_path / "talk.ar.vtt", "--en", tmp_path / "talk.en.vtt"]
    code = main([str(a) for a in [*argv, "-o", tmp_path / "out", "--report", report]])
    capsys.readouterr()
    (record,) = _report(report).values()
    assert code == 0 and record["pairs"] == SUBTITLE_CUES
    assert record["cleaned"] == {"subtitle-timings": 2 * SUBTITLE_CUES}


def _side(cue: str, english: int) -> str:
    """A bilingual example cue's Arabic lines (``english`` 0) or English lines (1)."""
    text = cue.splitlines()[2:]
    return "\n".join(line for line in text if line.startswith("<c.ar>") != bool(english))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("markup.html", "<html><head><title>T</title></head><body><nav>Home</nav></body></html>"),
        ("silent.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n"),
    ],
)
def test_an_input_with_no_text_is_skipped(
    name: str, content: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code = main(["align", str(path), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0 and f"{path}: empty or white space only" in err
    assert not list((tmp_path / "out").glob("*.jsonl"))


def test_only_a_page_loads_the_html_parser_only_mojibake_ftfy_only_markdown_its_parser() -> None:
    code = (
        "import sys, bialign\n"
        "from bialign.inputs import read_input\n"
        "parsers = ('selectolax', 'ftfy', 'markdown_it')\n"
        "def loaded(): return [m for m in parsers if m in sys.modules]\n"
        "print(loaded())\n"
        f"read_input({str(REPO / 'seeds' / '004_560e4bfc249f71d2.txt')!r}); print(loaded())\n"
        f"read_input({str(EXAMPLES / 'subtitles.srt')!r}); print(loaded())\n"
        f"read_input({str(EXAMPLES / 'page.html')!r}); print(loaded())\n"
        f"read_input({str(EXAMPLES / 'mojibake.txt')!r}); print(loaded())\n"
        f"read_input({str(EXAMPLES / 'article.md')!r}); print(loaded())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:6] == [
        "[]",
        "[]",
        "[]",
        "['selectolax']",
        "['selectolax', 'ftfy']",
        "['selectolax', 'ftfy', 'markdown_it']",
    ]


# --- the compiled printability check against its Python twin ---------------------------------


def _printable_texts() -> list[str]:
    """Seeds, nasty inputs (controls, line ends, binary junk) and corpus text: inputs that pass
    the check and inputs that fail it, in each width of string."""
    nasty = (REPO / "tests" / "data" / "nasty").glob("*.*")
    paths = [*sorted(SEEDS.glob("*.txt")), *sorted(path for path in nasty if path.is_file())]
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in paths]
    texts += [path.read_bytes().decode("latin-1") for path in paths]
    for name in ("bible_svd_kjv", "udhr"):
        texts += ["\n".join(r[lang] for r in corpus_records(name)[:2000]) for lang in ("ar", "en")]
    return texts + [text + "\N{GRINNING FACE}" for text in texts] + ["", "\n", "\n\n\t"]


@needs_compiled
def test_compiled_printable_lines_is_pythons_on_real_text() -> None:
    verdicts = [_printable_lines_python(text) for text in _printable_texts()]
    assert any(verdicts) and not all(verdicts)
    assert [speedups.printable_lines(text) for text in _printable_texts()] == verdicts


@needs_compiled
def test_compiled_printable_lines_is_pythons_on_every_code_point() -> None:
    # Alone, each is read in its narrowest width (the real text above reads the others).
    disagree = [
        code
        for code in range(sys.maxunicode + 1)
        if speedups.printable_lines(chr(code)) != _printable_lines_python(chr(code))
    ]
    assert disagree == []


@needs_compiled
@pytest.mark.parametrize("longest", [6, 24, 80])
def test_compiled_short_digit_lines_is_pythons_on_real_text(longest: int) -> None:
    # The screen of numbered pages: lines of a digit and a few characters. Page numbers,
    # white space about them, a carriage return, each width of string.
    paged = "\n".join(f"A/70/100  Head\n\nText of page {k}.\n\t- {k} -\r\n{k}/9" for k in "1٢۳")
    texts = [*_printable_texts(), paged, paged + "\N{GRINNING FACE}"]
    counts = [_short_digit_lines_python(text, longest) for text in texts]
    assert any(counts) and not all(counts)
    assert [speedups.short_digit_lines(text, longest) for text in texts] == counts


@needs_compiled
def test_compiled_short_digit_lines_is_pythons_on_every_code_point() -> None:
    # A digit, space or line break to either: each alone, then after a space.
    disagree = [
        code
        for code in range(sys.maxunicode + 1)
        for text in (chr(code), " " + chr(code))
        if speedups.short_digit_lines(text, 1) != _short_digit_lines_python(text, 1)
    ]
    assert disagree == []


def test_no_kind_is_sniffed_in_a_text_opening_with_a_letter_but_w() -> None:
    # What _kind's screen rests on: the sniffing pattern's \s is white space to str.lstrip,
    # and no letter but "W" lowercases to an opening the pattern takes ("<", "w", a digit).
    every = code_points(sys.maxunicode + 1)
    assert all(space.isspace() for space in regex.findall(r"\s", every))
    letters = [char for char in every if char.isalpha() and char not in "wW"]
    openings = "".join(letter.lower()[:1] for letter in letters)
    assert regex.search(r"[<w\d]", openings) is None
    assert _kind("a.txt", " \N{NO-BREAK SPACE}Webvtt\n") == "vtt"
