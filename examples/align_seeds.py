"""Align the bundled seed articles with bialign's Python API and show what came out.

Run from the repository root:  python examples/align_seeds.py
"""

from pathlib import Path

import bialign

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

for path in sorted(SEEDS.glob("*.txt")):
    text = path.read_text(encoding="utf-8")

    # Stage by stage: what script is each paragraph, and what are the two sides?
    parts = bialign.split_article(text)
    print(
        f"{path.name}: layout {parts.layout}, {len(parts.ar)} Arabic and "
        f"{len(parts.en)} English paragraphs, {len(parts.dropped)} pieces dropped"
    )
    for dropped in parts.dropped[:3]:
        print(f"   dropped ({dropped.reason}, line {dropped.line}): {dropped.text[:50]!r}")

    # The whole job in one call; an English-only article has nothing to align.
    try:
        alignment = bialign.align_article(text, source=path.name)
    except bialign.NotBilingualError as why:
        print(f"   skipped: {why}")
        continue

    for bead in alignment.beads[:5]:
        arabic = " ".join(alignment.ar[i] for i in bead.ar)
        english = " ".join(alignment.en[j] for j in bead.en)
        print(f"   {bead.kind}  {bead.score:.2f}  {arabic[:40]}  |  {english[:50]}")

    # Keep the trustworthy one-to-one pairs and write them as a translation memory.
    kept, stats = bialign.filter_beads(alignment, min_score=0.5, only="1-1")
    out = Path("aligned") / (path.stem + ".tmx")
    out.parent.mkdir(exist_ok=True)
    bialign.write_alignment(kept, out, "tmx")
    print(f"   wrote {len(kept.beads)} of {len(alignment.beads)} beads to {out}")
