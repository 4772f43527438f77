"""The Ray runner on a local cluster, started once per test session: ``--engine ray`` writes
the bytes ``--jobs 2`` writes, and ``bialign.ray.align_dataset`` gives the bead rows of the
per-document function, in the explicit schema, through Parquet. Skipped without Ray."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpora import REPO, SEEDS

from bialign.cli import main
from bialign.runners.rows import align_rows, bead_schema

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow

NASTY = Path(__file__).parent / "data" / "nasty"


@pytest.fixture(scope="session")
def cluster() -> Iterator[None]:
    from bialign.runners.ray import connected

    with connected(jobs=2):
        yield


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def test_engine_ray_writes_the_bytes_of_the_local_pool(cluster: None, tmp_path: Path) -> None:
    inputs = [str(SEEDS), str(NASTY)]
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    assert main(["align", *inputs, "-o", str(local), "--jobs", "2"]) == 1  # nasty has failures
    assert main(["align", *inputs, "-o", str(on_ray), "--engine", "ray"]) == 1
    assert _files(local) == _files(on_ray) and len(_files(local)) > 5


def test_the_command_on_ray_says_only_what_bialign_says(tmp_path: Path) -> None:
    """Ray's own notes ("Started a local Ray instance", token authentication) are left out of
    the command's standard error, where the run's messages are."""
    command = [sys.executable, "-m", "bialign", "align", str(SEEDS), "-o", str(tmp_path)]
    done = subprocess.run(
        [*command, "--engine", "ray", "--jobs", "1"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    assert [
        line for line in done.stderr.splitlines() if not line.startswith(("bialign", " "))
    ] == []


def test_align_dataset_gives_the_rows_of_the_function_in_its_schema(
    cluster: None, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    import bialign.ray

    rows = [
        {"id": path.name, "text": path.read_text(encoding="utf-8"), "ar": None, "en": None}
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    rows.append({"id": "pair", "text": None, "ar": "ذهب الولد إلى المدرسة.", "en": "The boy went."})
    beads = bialign.ray.align_dataset(ray.data.from_items(rows))
    beads.write_parquet(str(tmp_path / "beads"))
    table = pq.read_table(tmp_path / "beads")
    assert table.schema.remove_metadata() == bead_schema()
    got = sorted(table.to_pylist(), key=lambda r: (r["id"], r["ar_index"], r["en_index"]))
    expected = sorted(align_rows(rows), key=lambda r: (r["id"], r["ar_index"], r["en_index"]))
    assert got == expected and "pair" in {r["id"] for r in got}


def test_relative_paths_are_read_where_the_command_runs(
    cluster: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cluster's workers run in the directory the cluster started in: the command's
    relative paths (its inputs, ``-o``, ``--pairs`` lines) are its own directory's."""
    (tmp_path / "in").mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["align", "in", "-o", "ray", "--engine", "ray", "--report", "ray.jsonl"]) == 0
    assert main(["align", "in", "-o", "local", "--jobs", "1", "--report", "local.jsonl"]) == 0
    assert _files(tmp_path / "ray") == _files(tmp_path / "local") != {}
    reports = [Path(name).read_text(encoding="utf-8") for name in ("ray.jsonl", "local.jsonl")]
    outputs = [
        [(r["file"], r["outputs"]) for r in map(json.loads, report.splitlines())]
        for report in reports
    ]
    assert outputs[0] == [
        (name, [file.replace("local/", "ray/") for file in files]) for name, files in outputs[1]
    ]


def _closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_an_address_where_nothing_answers_is_refused_at_once(scheme: str, tmp_path: Path) -> None:
    """Ray retries such an address for ever; the command says so and stops, writing nothing."""
    address = f"{scheme}127.0.0.1:{_closed_port()}"
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    command = ["align", str(SEEDS), "-o", str(out), "--report", str(report)]
    done = subprocess.run(
        [sys.executable, "-m", "bialign", *command, "--engine", "ray", "--ray-address", address],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"bialign: error: --ray-address: nothing answers at {address}")
    assert "Traceback" not in done.stderr and list(tmp_path.iterdir()) == []
