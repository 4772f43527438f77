"""One-sided short lines in articles: how often ``bialign.align_article`` merges a byline's or a
caption's line into a neighbouring bead rather than leave it unpaired.

Run from the repository root::

    python -m benchmarks.inserts [--priors 0.01,0.04] [--part dev] [--seed 11] [--corpora DIR]
                                 [--full-stop] [--joined]

Articles are the UN documents of ``unv1_dev_test.jsonl`` (``../shared/corpora``) of eight
records or more, dev or held-out as ``benchmarks.corpora`` parts them: the first ten records
as paragraphs, the English ones then the Arabic ones. One short line is inserted on a side
drawn at random, at a random place: the first 3-8 words, on that side, of a record drawn
from the whole corpus, without its full stop (with ``--full-stop``, ending in one, as a
photo's caption does). The table gives, for each prior of 1-0 and 0-1 beads (the others as
``AlignConfig`` has them), how many of the inserted lines ended merged into a bead with the
other side and how many were left unpaired, and the scores of the merged beads. With
``--joined``, the cost of taking such lines apart instead: the first short English paragraph
of each UN and Bible document, its Arabic joined to the next record's
(:func:`joined_documents`), and how many of them are left unaligned. The other beads are
not scored here: ``benchmarks/quality.py --sets un-inserts`` does that at the sentence
level.

Skips, saying so, when the corpora are absent.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import regex

import bialign
from benchmarks.corpora import (
    PARTS,
    Part,
    Record,
    bible_groups,
    default_corpora_dir,
    one_sided_line,
    read_records,
    un_groups,
)
from bialign import AlignConfig
from bialign.records import Language

__all__ = ["Article", "articles", "merged_and_unpaired"]

#: Documents a part, at most.
LIMIT = 60
#: Paragraphs an article, at most (records of its document).
PARAGRAPHS = 10


class Article(NamedTuple):
    """An article's text and the one-sided line inserted in it, on ``side``."""

    text: str
    line: str
    side: Language


def articles(
    records: Sequence[Record], part: Part, seed: int, full_stop: bool = False
) -> list[Article]:
    """The part's articles, each with its inserted line (ending in a full stop with
    ``full_stop``); reproducible from ``seed``."""
    rng = random.Random(f"{seed}:inserts:{part}")
    groups = [g for g in un_groups(records, seed)[part] if len(g.records) >= 8][:LIMIT]
    result = []
    for group in groups:
        ar = [r.ar for r in group.records[:PARAGRAPHS]]
        en = [r.en for r in group.records[:PARAGRAPHS]]
        side: Language = rng.choice(("ar", "en"))
        line = one_sided_line(rng.choice(records), side, rng, full_stop)
        (ar if side == "ar" else en).insert(rng.randint(0, len(ar) - 1), line)
        result.append(Article("\n\n".join(en) + "\n\n" + "\n\n".join(ar) + "\n", line, side))
    return result


def merged_and_unpaired(
    documents: Sequence[Article], config: AlignConfig
) -> tuple[int, int, list[float]]:
    """How many inserted lines were merged with the other side, how many left unpaired, and
    the merged beads' scores."""
    merged, unpaired, scores = 0, 0, []
    for article in documents:
        result = bialign.align_article(article.text, config)
        sentences = result.ar if article.side == "ar" else result.en
        for bead in result.beads:
            mine, theirs = (bead.ar, bead.en) if article.side == "ar" else (bead.en, bead.ar)
            if any(article.line in sentences[i] or sentences[i] in article.line for i in mine):
                if theirs:
                    merged += 1
                    scores.append(bead.score)
                else:
                    unpaired += 1
                break
    return merged, unpaired, scores


#: Words at most of a short paragraph that ``joined_documents`` joins on the Arabic side.
SHORT_WORDS = 8
#: Records of a document read, at most, for its first short paragraph.
JOINED_RECORDS = 40


class Joined(NamedTuple):
    """An article whose Arabic joins the translation of the short English paragraph ``line``
    to the next record's, by "و" (``and``: one sentence) or by a full stop (``stop``)."""

    text: str
    line: str
    corpus: str
    joint: str


def joined_documents(corpora: Path, part: Part) -> list[Joined]:
    """The first short English paragraph (two to :data:`SHORT_WORDS` words, ending in a full
    stop, question or exclamation mark) of each UN and Bible document of ``part``, with the
    Arabic of its record joined to the next record's, both ways: the translation is there,
    only cut otherwise (as translators join a wire story's short paragraphs)."""
    found = []
    sets = {
        "un": un_groups(read_records(corpora / "unv1_dev_test.jsonl"), 13)[part],
        "bible": bible_groups(read_records(corpora / "bible_svd_kjv.jsonl"))[part],
    }
    for corpus, groups in sets.items():
        for group in groups:
            records = group.records[:JOINED_RECORDS]
            k = next(
                (
                    k
                    for k, r in enumerate(records[:-1])
                    if 2 <= len(r.en.split()) <= SHORT_WORDS and r.en.rstrip().endswith(_ENDS)
                ),
                None,
            )
            if k is None:
                continue
            en = [r.en for r in records]
            for joint in ("and", "stop"):
                ar = [r.ar for r in records]
                head, after = _ARABIC_END.sub("", ar[k]), ar[k + 1]
                glue = (" " if after.startswith("و") else " و") if joint == "and" else ". "
                ar[k : k + 2] = [head + glue + after]
                text = "\n\n".join(en) + "\n\n" + "\n\n".join(ar) + "\n"
                found.append(Joined(text, records[k].en, corpus, joint))
    return found


_ENDS = (".", "!", "?")
_ARABIC_END = regex.compile(r"[.\u06d4:؛]+\s*$")


def left_alone(documents: Sequence[Joined]) -> Counter[tuple[str, str, bool]]:
    """How many of the joined short paragraphs were left unaligned (wrongly), by corpus and
    joint."""
    counted: Counter[tuple[str, str, bool]] = Counter()
    for document in documents:
        result = bialign.align_article(document.text)
        alone = any(
            not bead.ar and any(result.en[j].strip() == document.line.strip() for j in bead.en)
            for bead in result.beads
        )
        counted[document.corpus, document.joint, alone] += 1
    return counted


def _config(prior: float) -> AlignConfig:
    priors = dict(AlignConfig().priors)
    priors[(1, 0)] = priors[(0, 1)] = prior
    return AlignConfig(priors=tuple(priors.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--priors", default="0.01", help="comma-separated 1-0 and 0-1 priors")
    parser.add_argument("--part", choices=PARTS, default="dev")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument(
        "--full-stop", action="store_true", help="end each line in a full stop, as captions do"
    )
    parser.add_argument(
        "--joined",
        action="store_true",
        help="instead: translated short paragraphs the Arabic joins to the next sentence",
    )
    args = parser.parse_args(argv)
    path = args.corpora / "unv1_dev_test.jsonl"
    if not path.is_file():
        print(f"skipped: no {path} (give --corpora DIR)", file=sys.stderr)
        return 0
    if args.joined:
        counted = left_alone(joined_documents(args.corpora, args.part))
        print(f"translated short paragraphs joined on the Arabic side ({args.part})")
        print(f"{'corpus':<8}{'joint':<7}{'articles':>9}{'left unaligned':>16}")
        for corpus, joint in sorted({(c, j) for c, j, _ in counted}):
            alone = counted[corpus, joint, True]
            print(f"{corpus:<8}{joint:<7}{alone + counted[corpus, joint, False]:>9}{alone:>16}")
        return 0
    documents = articles(read_records(path), args.part, args.seed, args.full_stop)
    kind = "short lines ending in a full stop" if args.full_stop else "short lines"
    print(f"one-sided {kind}: {len(documents)} UN articles ({args.part}), one line each")
    print(f"{'1-0 prior':>10} {'merged':>7} {'unpaired':>9} {'merged score median':>20}")
    for prior in (float(p) for p in args.priors.split(",")):
        merged, unpaired, scores = merged_and_unpaired(documents, _config(prior))
        median = f"{statistics.median(scores):.2f}" if scores else "-"
        print(f"{prior:>10g} {merged:>7} {unpaired:>9} {median:>20}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
