"""Subtitles as inputs: one paragraph a cue, no numbers, timings, headers or markup."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from corpora import REPO

from bialign import align_article
from bialign.inputs import input_text, read_input
from bialign.inputs.subtitles import cues_to_text

EXAMPLES = REPO / "examples" / "inputs"

# Seed 004's headline (its URL slug left out) and two of its paragraphs, a cue each.
CUES = [
    "الكاظمي: العراق لم يعد بحاجة إلى قوات قتالية أميركية لمحاربة “داعش\n"
    "Al-Kāẓimī: Iraq is not in need anymore of American fighting forces to combat “Dā‘iš”.",
    "قبيل توجهه إلى واشنطن، رئيس الوزراء العراقي مصطفى الكاظمي يقول إن العراق ليست أفغانستان"
    " وإن الانسحاب الأميركيّ من العراق ليس شبيهاً بالانسحاب من أفعانستان\n"
    "Shortly before leaving to Washington Iraqi Prime Minister Muṣṭafā al-Kāẓimī says that"
    " Iraq is not Afghanistan and that the American withdrawal from Iraq is not similar to the"
    " withdrawal from Afghanistan.",
    "يذكر أن يوم الخميس، وصل وفد عراقي برئاسة وزير الخارجية العراقي حسين فؤاد، إلى العاصمة"
    " الأميركية واشنطن للقاء المسؤولين الأميركيين\n"
    "It should be mentioned that on Thursday an Iraqi delegation led by Iraqi Foreign Minister"
    " Ḥussayn Fu’ād arrived to the American capital Washington to meet with American officials.",
]


@pytest.mark.parametrize("name", ["subtitles.srt", "subtitles.vtt"])
def test_the_examples_are_their_cues_text(name: str) -> None:
    """SubRip with CRLF, cue numbers, {\\an8} and <font>/<i>; WebVTT with a header, NOTE and
    STYLE blocks, cue identifiers and settings, <c.ar> and <v Narrator>, lines wrapped."""
    read = read_input(EXAMPLES / name)
    assert read.kind == name.split(".")[1]
    assert read.text.split("\n\n") == CUES
    assert dict(read.changes) == {"subtitle-timings": 3}


def test_no_number_or_timestamp_is_left() -> None:
    for name in ("subtitles.srt", "subtitles.vtt"):
        text = read_input(EXAMPLES / name).text
        assert "-->" not in text and "00:00" not in text
        assert not any(line.strip().isdigit() for line in text.splitlines())


def test_a_subrip_file_without_blank_lines_between_cues() -> None:
    srt = (
        "\N{BYTE ORDER MARK}1\r\n00:00:01,000 --> 00:00:02,500\r\nمرحبا بكم\r\n"
        "2\r\n00:00:02,600 --> 00:00:04,000\r\n- Welcome.\r\n- Thank you.\r\n"
    )
    assert cues_to_text(srt.lstrip("\N{BYTE ORDER MARK}"), "srt") == (
        "مرحبا بكم\n\n- Welcome. - Thank you.",
        2,
        0,
    )


def test_text_a_stray_blank_line_cut_off_its_cue_is_kept() -> None:
    srt = "7\n00:01:00,000 --> 00:01:03,000\nThe talks will resume\n\nnext week.\n"
    assert cues_to_text(srt, "srt") == ("The talks will resume\n\nnext week.", 1, 0)


@pytest.mark.parametrize(
    ("kind", "subtitles", "text", "timings"),
    [
        (  # a typo in the first cue's timing: its text was lost with the rest before it
            "srt",
            "1\n00:00:01,000 --> 00:00:0x,000\nHello there.\nمرحبا هناك.\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nGood bye.\nوداعا.\n",
            "Hello there.\nمرحبا هناك.\n\nGood bye.\nوداعا.",
            2,
        ),
        (  # one in the middle of cues without blank lines between them
            "srt",
            "1\n00:00:01,000 --> 00:00:02,500\nمرحبا بكم\n"
            "2\n00:00:02,600 --> 00:00:0x\n- Welcome.\n",
            "مرحبا بكم\n\n- Welcome.",
            2,
        ),
        (  # a file named .srt that holds no subtitles: read as the text it is
            "srt",
            "Just prose.\nنص عربي.\n\nMore prose.\n",
            "Just prose.\nنص عربي.\n\nMore prose.",
            0,
        ),
        (  # WebVTT's header with header lines; a comment before the first cue
            "vtt",
            "WEBVTT\nKind: captions\nLanguage: ar\n\nNOTE made by hand\n\n"
            "00:01.000 --> 00:02.000\nHello\n",
            "Hello",
            1,
        ),
        (  # an arrow in a cue's text is text
            "srt",
            "1\n00:00:01,000 --> 00:00:02,000\nCairo --> Alexandria\n",
            "Cairo --> Alexandria",
            1,
        ),
        (  # so are figures with an arrow under a cue's first line
            "srt",
            "1\n00:00:01,000 --> 00:00:04,000\nPrices rose sharply\n2019 --> 2023: up 40%.\n",
            "Prices rose sharply 2019 --> 2023: up 40%.",
            1,
        ),
        (  # and a time with an arrow in a block that is text, under its first line
            "srt",
            "1\n00:00:01,000 --> 00:00:02,000\nMeeting at noon\n\nNotes\n10:30 -> lunch\n",
            "Meeting at noon\n\nNotes 10:30 -> lunch",
            1,
        ),
        (  # the damage before the arrow, and an arrow of one hyphen
            "srt",
            "1\n00:00:0x,000 --> 00:00:02,000\nThe president said.\n\n"
            "2\n00:00:03,000 -> 00:00:04,000\nقال الرئيس.\n",
            "The president said.\n\nقال الرئيس.",
            2,
        ),
        (  # a WebVTT identifier above a damaged timing goes with it
            "vtt",
            "WEBVTT\n\nintro-cue\n00:00:0x.000 --> 00:00:02.000\nHello.\n\n"
            "00:00:03.000 --> 00:00:04.000\nBye.\n",
            "Hello.\n\nBye.",
            2,
        ),
    ],
    ids=[
        "damaged-first",
        "damaged-unblanked",
        "not-subtitles",
        "vtt-header",
        "arrow-in-text",
        "figures-in-text",
        "time-in-text",
        "damaged-before-arrow",
        "vtt-identifier",
    ],
)
def test_text_outside_the_cues_is_kept(
    kind: Literal["srt", "vtt"], subtitles: str, text: str, timings: int
) -> None:
    assert cues_to_text(subtitles, kind) == (text, timings, 0)


def test_a_cue_without_number_and_hours_and_with_a_timestamp_tag() -> None:
    vtt = (
        "WEBVTT\n\n01:02.000 --> 01:04.500 position:10%\n"
        "<00:01:02.500><c>Hello</c> <00:01:03.000><c>there</c>\n"
    )
    assert cues_to_text(vtt, "vtt") == ("Hello there", 1, 0)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n"),
        ("music.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n{\\an8}\n"),
        ("header.vtt", "WEBVTT\n\nNOTE only a comment\n\nSTYLE\n::cue { color: lime }\n"),
    ],
)
def test_subtitles_with_no_text_read_as_empty(name: str, content: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_input(path).text == ""


# Short bilingual cues and, between them, a cue in one language (a song's lyric).
LYRIC_CUES = [
    (
        "أدى انخفاض أسعار القمح إلى تفاقم الأزمة في البلاد.",
        "have made the crisis in the country worse.",
    ),
    ("لم اخترتني؟", "Why did you choose me?"),
    ("", "♪ Oh, say can you see ♪"),
    ("هل لك أن تغلق الباب؟", "Shut the door, will you?"),
]


@pytest.mark.parametrize("english_first", [(), (2, 3)], ids=["arabic first", "either first"])
def test_a_cue_in_one_language_leaves_the_other_cues_paired_with_their_own(
    english_first: tuple[int, ...],
) -> None:
    # The lyric drew the next Arabic cue to it, and that cue's English onto the one before
    # (the paragraph search paired a 2-3 block by length); cues are paired with neighbours.
    # Cues giving their English first or their Arabic make runs of two of a side, of two
    # cues: those are not two paragraphs then theirs.
    vtt = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:{2 * k:02d}.000 --> 00:00:{2 * k + 1:02d}.500\n"
        + (f"{en}\n{ar}" if k in english_first else f"{ar}\n{en}").strip("\n")
        for k, (ar, en) in enumerate(LYRIC_CUES)
    )
    aligned = align_article(input_text(vtt.encode(), "cues.vtt").text)
    pairs = [
        (" ".join(aligned.ar[i] for i in bead.ar), " ".join(aligned.en[j] for j in bead.en))
        for bead in aligned.beads
    ]
    assert pairs == LYRIC_CUES


# Bilingual cues, and between them two cues in one language each, one after the other.
LONE_CUES = [
    ("أدى انخفاض أسعار القمح إلى تفاقم الأزمة.", "The fall in wheat prices made the crisis worse."),
    ("لم اخترتني؟", "Why did you choose me?"),
    ("يجب أن نعوض الوقت الضائع.", ""),
    ("", "Smoke rises from the chimneys."),
    ("هل لك أن تغلق الباب؟", "Shut the door, will you?"),
    ("الجو بارد اليوم.", "It is cold today."),
]


def test_cues_in_one_language_next_to_each_other_are_no_pair() -> None:
    # Where most cues give both languages, a cue's lines are aligned within it: an Arabic
    # cue and the English cue after it had been paired (at 0.85-0.93 in a trial).
    srt = "\n\n".join(
        f"{k}\n00:00:{2 * k:02d},000 --> 00:00:{2 * k + 1:02d},500\n{ar}\n{en}".strip()
        for k, (ar, en) in enumerate(LONE_CUES, 1)
    )
    aligned = align_article(input_text(srt.encode(), "cues.srt").text)
    pairs = [
        (" ".join(aligned.ar[i] for i in bead.ar), " ".join(aligned.en[j] for j in bead.en))
        for bead in aligned.beads
    ]
    assert pairs == LONE_CUES


def test_a_sound_on_a_line_of_its_own_is_left_out_and_counted() -> None:
    # "[Music]" alone in a cue had been glued onto the next cue's pair; a list label, "(b)",
    # and a sound inside a line are text.
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\n[Music]\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n(تصفيق)\n<i>(Applause)</i>\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\n(b) The second point.\n(b)\n[Music] He sings.\n"
        "(Yes, sir.)\n"
    )
    said = "(b) The second point. (b) [Music] He sings. (Yes, sir.)"
    assert cues_to_text(srt, "srt") == (said, 3, 3)
    assert dict(input_text(srt.encode(), "c.srt").changes)["subtitle-sounds"] == 3
