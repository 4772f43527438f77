"""Alignment of the layouts people save: bialign's CLI beside NLTK's Gale-Church.

Run from the repository root::

    python -m benchmarks.layouts [--layouts html,srt] [--limit 3] [--long-limit 2] [--parts dev]
                                 [--keep DIR] [--bialign DIR]

Writes, into a temporary directory (``--keep DIR`` to look at them), documents re-laid from
the Bible and UN corpora (``../shared/corpora``; skipped, saying so, when absent) in every
layout of ``benchmarks.relay``, seed 004 in each layout that fits a news article, and the
real pages of ``benchmarks/devset/real`` (see its ``manifest.json``). Prints one line per
layout and set with each system's scores, then what bialign said about documents it did not
align. Sets: ``dev`` (tune on it) and ``held-apart`` (check on it: calibration tables) of the
re-laid corpora, split by ``benchmarks.relay``'s rule; ``seed-dev``; ``real-dev`` and
``real-held-apart`` as the manifest says. ``--bialign DIR`` measures another checkout's CLI.

Systems, given the same files:

* ``bialign``: ``python -m bialign align --jobs 1 -o DIR --report FILE`` (a subprocess, JSONL
  output), all single-file documents of a layout in one call, ``--ar``/``--en`` for the
  two-file layouts. A document it fails or skips is reported, not a crash of the benchmark.
* ``nltk``: ``nltk.translate.gale_church.align_blocks`` given what a naive user would
  give it: the file decoded by its byte order mark (UTF-8 otherwise), cut into paragraphs on
  blank lines (on line breaks when it has none), each paragraph put on the side of the script
  most of its letters are in (a two-file document: the file's side), each paragraph split
  into sentences by ``bialign.segment.split_sentences`` (NLTK's own Punkt needs a download),
  and the length ratio set from the document as in ``benchmarks.quality``'s ``nltk-ratio``.

Scores, pooled over a layout's documents (definitions, so numbers stay comparable):

* Gold units: the records (verse, UN sentence, seed paragraph, real page's gold bead); in a
  paragraph of several records, a record one side of which does not end in a full stop,
  question mark or ellipsis (a KJV verse ending in a comma) is merged with the next, as no
  sentence aligner can cut the sentence it runs into (``gold_units``).
* Words: NFKD, marks (Arabic vowels, hamza above, Latin accents) and tatweel removed,
  case-folded, runs of letters and digits.
* Each output sentence is mapped to the units it holds text of: the output words of one
  side, in bead order, are matched to the units' words of that side, in order, by
  ``difflib.SequenceMatcher`` (no junk heuristic); a sentence belongs to every unit one of
  its matched words comes from.
* Links: a predicted bead links every Arabic unit of its sentences with every English unit
  of its sentences; gold links are (k, k) for each unit k with both sides. Link precision,
  recall and F1 are over these sets, per document, pooled.
* ``lost``: share of unit sides (one unit's Arabic, or its English) whose words, joined, are
  not a substring of that side's output words joined in bead order once the words matched
  to no unit (furniture) are left out: text dropped, or mangled (mojibake left as it is).
* ``extra``: share of output words matched to no unit: furniture kept (slugs, menus, cue
  numbers, "Leave a Reply").
* ``keep`` and ``drop`` (bialign only, whose beads carry a score): share of correct beads
  (every link gold) scoring 0.5 or more, and of wrong beads (a link not gold) scoring
  less: what ``--min-score 0.5`` would keep and drop.
* ``fail``: documents with no beads at all; ``s``: seconds, wall clock (bialign's includes
  starting Python once per call).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import SimpleNamespace

import regex
from nltk.translate.gale_church import LanguageIndependent, align_blocks

from benchmarks.corpora import Record, default_corpora_dir
from benchmarks.quality import links_to_beads
from benchmarks.relay import (
    LAYOUTS,
    Block,
    Laid,
    Part,
    Source,
    bible_sources,
    lay_out,
    original,
    seed_source,
    un_sources,
)
from bialign.segment import Language, split_sentences

__all__ = [
    "OutBead",
    "Outcome",
    "Tally",
    "real_documents",
    "run_bialign",
    "run_nltk",
    "score",
    "verdicts",
    "words",
]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "004_560e4bfc249f71d2.txt"
REAL = Path(__file__).resolve().parent / "devset" / "real"
SYSTEMS = ("bialign", "nltk")
SIDES: tuple[Language, ...] = ("ar", "en")


@dataclass(frozen=True)
class OutBead:
    """One output bead: its sentences on each side and, from bialign, its score."""

    ar: tuple[str, ...]
    en: tuple[str, ...]
    score: float | None = None


@dataclass(frozen=True)
class Outcome:
    """What one system made of one laid-out document."""

    beads: tuple[OutBead, ...]
    seconds: float
    status: str  # "aligned", or what happened instead


# --- scoring ------------------------------------------------------------------------------

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_IGNORED = regex.compile(r"[\p{M}\N{ARABIC TATWEEL}]")


def words(text: str) -> list[str]:
    """The words compared: NFKD, no marks or tatweel, case-folded letter and digit runs.

    >>> words("Al-Kāẓimī: «العَرَبِيَّة»")
    ['al', 'kazimi', 'العربية']
    """
    return _WORD.findall(_IGNORED.sub("", unicodedata.normalize("NFKD", text)).casefold())


@dataclass(frozen=True)
class Tally:
    """Counts of one system over some documents; added up over a layout."""

    documents: int = 0
    failed: int = 0
    pairs: int = 0
    good_pairs: int = 0
    true_links: int = 0
    predicted_links: int = 0
    gold_links: int = 0
    lost: int = 0
    record_sides: int = 0
    extra_words: int = 0
    output_words: int = 0
    correct: int = 0
    correct_kept: int = 0
    wrong: int = 0
    wrong_dropped: int = 0
    seconds: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def precision(self) -> float:
        return self.true_links / self.predicted_links if self.predicted_links else 0.0

    @property
    def recall(self) -> float:
        return self.true_links / self.gold_links if self.gold_links else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class _Matched:
    """One side's output mapped onto the gold units."""

    units_of: list[set[int]]  # per output sentence, the units it holds words of
    kept: str  # the output words matched to a unit, joined: furniture left out
    extra: int  # output words matched to no unit
    total: int


def _match(units: Sequence[Record], sentences: Sequence[str], lang: Language) -> _Matched:
    """Match one side's output words to the units' words, both in order."""
    ref: list[str] = []
    owner: list[int] = []
    for k, unit in enumerate(units):
        unit_words = words(getattr(unit, lang))
        ref += unit_words
        owner += [k] * len(unit_words)
    out: list[str] = []
    sentence_of: list[int] = []
    for s, sentence in enumerate(sentences):
        sentence_words = words(sentence)
        out += sentence_words
        sentence_of += [s] * len(sentence_words)
    units_of: list[set[int]] = [set() for _ in sentences]
    kept: list[str] = []
    matcher = difflib.SequenceMatcher(None, out, ref, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for offset in range(size):
            units_of[sentence_of[a + offset]].add(owner[b + offset])
        kept += out[a : a + size]
    return _Matched(units_of, "".join(kept), len(out) - len(kept), len(out))


_CLOSED = regex.compile(
    r"[.?!\N{HORIZONTAL ELLIPSIS}\N{ARABIC QUESTION MARK}]"
    r"[\"'\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
    r"\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK})\]]*\s*$"
)


def gold_units(source: Source) -> tuple[Record, ...]:
    """The records, consecutive ones of a paragraph merged where one side of the first does
    not end a sentence (a verse ending in a comma or colon runs on into the next sentence,
    so no sentence aligner can separate it from the next verse).

    >>> from benchmarks.relay import Block
    >>> a, b = Record("d", "1", "أ،", "A,"), Record("d", "2", "ب.", "B.")
    >>> [u.id for u in gold_units(Source("d", "x", "dev", (Block(False, (a, b), "", ""),)))]
    ['1+2']
    """
    units = []
    for block in source.blocks:
        run: list[Record] = []
        for k, record in enumerate(block.records):
            run.append(record)
            last = k == len(block.records) - 1
            if last or (_CLOSED.search(record.ar) and _CLOSED.search(record.en)):
                ar, en = " ".join(r.ar for r in run), " ".join(r.en for r in run)
                units.append(Record(record.doc, "+".join(r.id for r in run), ar, en))
                run = []
    return tuple(units)


def _matched(records: Sequence[Record], beads: Sequence[OutBead]) -> dict[Language, _Matched]:
    """Both sides' output, in bead order, mapped onto the gold units."""
    return {
        lang: _match(records, [s for bead in beads for s in getattr(bead, lang)], lang)
        for lang in SIDES
    }


def _members(
    beads: Sequence[OutBead], matched: dict[Language, _Matched]
) -> Iterator[dict[Language, set[int]]]:
    """For each bead, the units its sentences hold text of, on each side."""
    at: dict[Language, int] = {"ar": 0, "en": 0}
    for bead in beads:
        members: dict[Language, set[int]] = {}
        for lang in SIDES:
            n = len(getattr(bead, lang))
            members[lang] = set().union(*matched[lang].units_of[at[lang] : at[lang] + n])
            at[lang] += n
        yield members


def _gold(records: Sequence[Record]) -> set[tuple[int, int]]:
    return {(k, k) for k, r in enumerate(records) if r.ar.strip() and r.en.strip()}


def verdicts(source: Source, beads: Sequence[OutBead]) -> list[bool | None]:
    """Whether each bead is right: with both sides, every link it makes is gold (as ``ok``
    counts it); with one side, none of its sentences holds text of a unit that has a
    translation. ``None`` for a bead of furniture alone, of which the gold says nothing."""
    records = gold_units(source)
    gold = _gold(records)
    right: list[bool | None] = []
    for bead, members in zip(beads, _members(beads, _matched(records, beads)), strict=True):
        units = members["ar"] | members["en"]
        if not units:
            right.append(None)
        elif bead.ar and bead.en:
            links = {(i, j) for i in members["ar"] for j in members["en"]}
            right.append(bool(links) and links <= gold)
        else:
            right.append(not any((k, k) in gold for k in units))
    return right


def score(source: Source, outcome: Outcome) -> Tally:
    """Link precision/recall, lost unit sides, extra words and score calibration counts."""
    records = gold_units(source)
    gold = _gold(records)
    matched = _matched(records, outcome.beads)
    lost = sides = 0
    for lang in SIDES:
        for record in records:
            key = "".join(words(getattr(record, lang)))
            if key:
                sides += 1
                lost += key not in matched[lang].kept
    predicted: set[tuple[int, int]] = set()
    pairs = good_pairs = correct = kept = wrong = dropped = 0
    for bead, members in zip(outcome.beads, _members(outcome.beads, matched), strict=True):
        links = {(i, j) for i in members["ar"] for j in members["en"]}
        predicted |= links
        pairs += bool(bead.ar and bead.en)
        right = bool(links) and links <= gold
        good_pairs += right
        if links and bead.score is not None:
            if right:
                correct, kept = correct + 1, kept + (bead.score >= 0.5)
            else:
                wrong, dropped = wrong + 1, dropped + (bead.score < 0.5)
    return Tally(
        documents=1,
        failed=int(not outcome.beads),
        pairs=pairs,
        good_pairs=good_pairs,
        true_links=len(predicted & gold),
        predicted_links=len(predicted),
        gold_links=len(gold),
        lost=lost,
        record_sides=sides,
        extra_words=matched["ar"].extra + matched["en"].extra,
        output_words=matched["ar"].total + matched["en"].total,
        correct=correct,
        correct_kept=kept,
        wrong=wrong,
        wrong_dropped=dropped,
        seconds=outcome.seconds,
    )


# --- bialign, through its command line ----------------------------------------------------


def _write(laid: Laid, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in laid.files:
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def _read_jsonl(path: Path) -> tuple[OutBead, ...]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line) if line.strip() else {}
        if isinstance(item.get("ar"), list) and isinstance(item.get("en"), list):
            beads.append(OutBead(tuple(item["ar"]), tuple(item["en"]), item.get("score")))
    return tuple(beads)


def _cli(
    arguments: Sequence[str], work: Path, checkout: Path
) -> tuple[dict[str, dict[str, object]], str, float]:
    """Run ``checkout``'s ``bialign align`` with ``-o``/``--report`` in ``work``: the
    report's records by input file, the last line of standard error, and the wall time."""
    report = work / "report.jsonl"
    command = [sys.executable, "-m", "bialign", "align", "--jobs", "1"]
    command += ["-o", str(work / "out"), "--report", str(report), *arguments]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    records: dict[str, dict[str, object]] = {}
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[str(record.get("file"))] = record
    lines = done.stderr.strip().splitlines()
    said = f"exit {done.returncode}: {lines[-1] if lines else 'nothing said'}"
    return records, said, seconds


def _outcome(record: dict[str, object] | None, said: str, seconds: float) -> Outcome:
    if record is None:
        return Outcome((), seconds, said)
    outputs = record.get("outputs")
    beads: tuple[OutBead, ...] = ()
    if isinstance(outputs, list) and outputs and Path(str(outputs[0])).exists():
        beads = _read_jsonl(Path(str(outputs[0])))
    status = str(record.get("status"))
    if status != "aligned":
        detail = record.get("detail") or record.get("reason") or ""
        status = f"{status}: {detail}" if detail else status
    elif not record.get("pairs"):
        status = f"aligned, 0 pairs ({len(beads)} beads, each with an empty side)"
    return Outcome(beads, seconds, status)


def run_bialign(laids: Sequence[Laid], work: Path, checkout: Path = ROOT) -> list[Outcome]:
    """bialign's outcome for each document (the CLI of the repository at ``checkout``);
    single-file ones share one call."""
    outcomes: dict[int, Outcome] = {}
    single = [k for k, laid in enumerate(laids) if not laid.two_files]
    if single:
        batch = work / "batch"
        paths = [_write(laids[k], batch / "in")[0] for k in single]
        records, said, seconds = _cli([str(p) for p in paths], batch, checkout)
        for k, path in zip(single, paths, strict=True):
            record = records.get(str(path))
            outcomes[k] = _outcome(record, said, seconds / len(single))
    for k, laid in enumerate(laids):
        if laid.two_files:
            pair = work / f"pair{k}"
            ar, en = _write(laid, pair / "in")
            records, said, seconds = _cli(["--ar", str(ar), "--en", str(en)], pair, checkout)
            record = next(iter(records.values()), None)
            outcomes[k] = _outcome(record, said, seconds)
    return [outcomes[k] for k in range(len(laids))]


# --- NLTK, given what a naive user would give it -----------------------------------------

_ARABIC = regex.compile(r"\p{Arabic}")
_LATIN = regex.compile(r"\p{Latin}")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="replace")


def _paragraphs(text: str) -> list[str]:
    """Blocks between blank lines, or lines when there is no blank line."""
    text = text.replace("\r\n", "\n")
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [b.strip() for b in blocks if b.strip()]


def _naive_sides(laid: Laid) -> tuple[list[str], list[str]]:
    if laid.two_files:
        return _paragraphs(_decode(laid.files[0][1])), _paragraphs(_decode(laid.files[1][1]))
    ar: list[str] = []
    en: list[str] = []
    for paragraph in _paragraphs(_decode(laid.files[0][1])):
        arabic = len(_ARABIC.findall(paragraph)) > len(_LATIN.findall(paragraph))
        (ar if arabic else en).append(paragraph)
    return ar, en


def run_nltk(laid: Laid) -> Outcome:
    """Gale-Church over the naive user's sentences, the length ratio set from the document."""
    start = time.perf_counter()
    ar_paragraphs, en_paragraphs = _naive_sides(laid)
    ar = [s for p in ar_paragraphs for s in split_sentences(p, "ar")]
    en = [s for p in en_paragraphs for s in split_sentences(p, "en")]
    if not ar or not en:
        return Outcome((), time.perf_counter() - start, "no sentences on one side")
    ar_lengths, en_lengths = [len(s) for s in ar], [len(s) for s in en]
    params = SimpleNamespace(
        PRIORS=LanguageIndependent.PRIORS,
        AVERAGE_CHARACTERS=sum(en_lengths) / max(sum(ar_lengths), 1),
        VARIANCE_CHARACTERS=LanguageIndependent.VARIANCE_CHARACTERS,
    )
    try:
        links = align_blocks(ar_lengths, en_lengths, params)
    except Exception as error:  # measured as shipped: a failure is a document with no beads
        return Outcome((), time.perf_counter() - start, repr(error))
    beads = tuple(
        OutBead(tuple(ar[i] for i in a), tuple(en[j] for j in e))
        for a, e in links_to_beads(links, len(ar), len(en))
    )
    return Outcome(beads, time.perf_counter() - start, "aligned")


# --- real pages ---------------------------------------------------------------------------

_BEAD = re.compile(r"^\[([\d,\s]*)\]:\[([\d,\s]*)\]")


def _indices(text: str) -> list[int]:
    return [int(i) for i in text.split(",") if i.strip()]


def real_documents(folder: Path = REAL) -> list[Laid]:
    """The real pages of ``folder/manifest.json`` with their hand-made gold.

    Each entry names its file(s), its units (``units``: a JSON file of the Arabic and the
    English unit texts, in order) and its gold (``gold``: ``[i]:[j]`` lines over the
    units); record k of the document is gold bead k.
    """
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return []
    laids = []
    for entry in json.loads(manifest.read_text(encoding="utf-8"))["documents"]:
        units = json.loads((folder / entry["units"]).read_text(encoding="utf-8"))
        name = entry["name"]
        records = []
        for k, line in enumerate((folder / entry["gold"]).read_text(encoding="utf-8").splitlines()):
            match = _BEAD.match(line.strip())
            if match:
                ar = " ".join(units["ar"][i] for i in _indices(match[1]))
                en = " ".join(units["en"][j] for j in _indices(match[2]))
                records.append(Record(name, f"{name}:{k}", ar, en))
        blocks = tuple(Block(False, (r,), r.ar, r.en) for r in records)
        source = Source(name, "real", entry["split"], blocks)
        files = tuple((Path(f).name, (folder / f).read_bytes()) for f in entry["files"])
        laids.append(Laid(source, entry["layout"], files))
    return laids


# --- the benchmark ------------------------------------------------------------------------


@dataclass
class Row:
    """One table line: a layout on one set of documents, each system's tally."""

    layout: str
    set: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)


def corpora_dir() -> Path:
    """``benchmarks.corpora``'s default, or else the nearest ``shared/corpora`` above the
    repository (as ``tests/corpora.py`` finds it from a git worktree)."""
    default = default_corpora_dir()
    above = (p / "shared" / "corpora" for p in ROOT.parents)
    return default if default.is_dir() else next((p for p in above if p.is_dir()), default)


def _set_name(source: Source) -> str:
    return source.part if source.corpus in ("bible", "un") else f"{source.corpus}-{source.part}"


def corpus_laids(
    corpora: Path,
    layouts: Sequence[str],
    parts: Sequence[Part],
    limit: int,
    seed: int,
    long_limit: int,
) -> list[Laid]:
    """Every applicable layout of the sampled Bible and UN documents and of seed 004."""
    sources: list[Source] = []
    if corpora.is_dir():
        bible, un = corpora / "bible_svd_kjv.jsonl", corpora / "unv1_dev_test.jsonl"
        for long in (False, True):
            n = long_limit if long else limit
            sources += bible_sources(bible, n, seed, long) + un_sources(un, n, seed, long)
    seed_doc = seed_source(SEED)
    sources.append(seed_doc)
    laids = [original(seed_doc, SEED)] if "blank-lines" in layouts else []
    for layout in layouts:
        for source in sources:
            laid = lay_out(source, layout, seed)
            if laid is not None:
                laids.append(laid)
    return [laid for laid in laids if laid.source.part in parts]


def measure(laids: Sequence[Laid], work: Path, checkout: Path = ROOT) -> list[Row]:
    """Run both systems on every document, one bialign call per layout and set."""
    groups: dict[tuple[str, str], list[Laid]] = {}
    for laid in laids:
        groups.setdefault((laid.layout, _set_name(laid.source)), []).append(laid)
    rows = []
    for n, ((layout, set_name), members) in enumerate(groups.items()):
        row = Row(layout, set_name, {s: Tally() for s in SYSTEMS})
        for laid, outcome in zip(
            members, run_bialign(members, work / str(n), checkout), strict=True
        ):
            row.tallies["bialign"] += score(laid.source, outcome)
            row.statuses[outcome.status] += 1
        for laid in members:
            row.tallies["nltk"] += score(laid.source, run_nltk(laid))
        rows.append(row)
    return rows


def _share(part: int, whole: int, width: int = 6) -> str:
    return f"{part / whole:>{width}.2f}" if whole else f"{'-':>{width}}"


def format_rows(rows: Iterable[Row]) -> str:
    """One line per layout and set, bialign's columns then NLTK's."""
    common = f"{'pairs':>6}{'ok':>6}{'P':>6}{'R':>6}{'F1':>6}{'lost':>6}{'extra':>6}"
    head = (
        f"{'layout':<19}{'set':<16}{'docs':>4} | bialign{common}{'keep':>5}{'drop':>5}"
        f"{'fail':>5}{'s':>6} | nltk{common}{'fail':>5}{'s':>6}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        b, n = row.tallies["bialign"], row.tallies["nltk"]
        line = f"{row.layout:<19}{row.set:<16}{b.documents:>4} | {'':7}"
        for t, system in ((b, "bialign"), (n, "nltk")):
            line += f"{t.pairs:>6}{t.good_pairs:>6}{t.precision:>6.3f}{t.recall:>6.3f}{t.f1:>6.3f}"
            line += _share(t.lost, t.record_sides) + _share(t.extra_words, t.output_words)
            if system == "bialign":
                line += _share(t.correct_kept, t.correct, 5) + _share(t.wrong_dropped, t.wrong, 5)
            line += f"{t.failed:>5}{t.seconds:>6.1f}"
            line += f" | {'':4}" if system == "bialign" else ""
        lines.append(line)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="comma-separated")
    parser.add_argument(
        "--limit", type=int, default=3, help="documents per corpus and part (%(default)s)"
    )
    parser.add_argument(
        "--long-limit",
        type=int,
        default=2,
        help="long-clean documents per corpus and part (%(default)s; NLTK takes seconds each)",
    )
    parser.add_argument("--seed", type=int, default=13, help="sampling and layout seed")
    parser.add_argument("--parts", default="dev,held-apart", help="comma-separated")
    parser.add_argument("--corpora", type=Path, default=corpora_dir())
    parser.add_argument("--no-real", action="store_true", help="leave out the real pages")
    parser.add_argument("--keep", type=Path, help="write the documents here, and keep them")
    parser.add_argument(
        "--bialign",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="measure the bialign of this checkout (default: this one)",
    )
    args = parser.parse_args(argv)
    layouts = [x for x in args.layouts.split(",") if x]
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        parser.error(f"unknown layout(s) {', '.join(sorted(unknown))}; choose from {LAYOUTS}")
    parts: list[Part] = [p for p in ("dev", "held-apart") if p in args.parts.split(",")]
    if not parts:
        parser.error("--parts takes dev, held-apart")

    started = time.perf_counter()
    print(
        f"bialign layouts benchmark: seed {args.seed}, {args.limit} documents per corpus and part"
        f" ({args.long_limit} long-clean)"
    )
    print(f"bialign: {args.bialign.resolve()}")
    if not args.corpora.is_dir():
        print(f"corpora: none at {args.corpora}: Bible and UN documents skipped (--corpora DIR)")
    else:
        print(f"corpora: {args.corpora}")
    laids = corpus_laids(args.corpora, layouts, parts, args.limit, args.seed, args.long_limit)
    if not args.no_real:
        laids += [r for r in real_documents() if r.source.part in parts]
    with tempfile.TemporaryDirectory(prefix="bialign-layouts-") as temporary:
        work = args.keep or Path(temporary)
        rows = measure(laids, work, args.bialign)
    print("sets: dev/held-apart = Bible and UN re-laid; seed-dev = seed 004; real-* = real pages")
    print("pairs: beads with both sides, ok: those with every link right; link P/R/F1; lost")
    print("unit sides; extra words; keep/drop: right/wrong beads at --min-score 0.5 (docstring)")
    print(format_rows(rows))
    print()
    print("bialign's outcomes other than aligned:")
    for row in rows:
        for status, count in sorted(row.statuses.items()):
            if status != "aligned":
                print(f"  {row.layout:<19}{row.set:<17}{count:>3} x {status[:110]}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
