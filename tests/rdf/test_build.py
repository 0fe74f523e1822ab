"""`tmb build`: deterministic, atomic, and every serialisation holds the same graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from tests.conftest import MINI_SOURCES
from tmb_graph.cli import app
from tmb_graph.errors import DataError
from tmb_graph.io import MARKER
from tmb_graph.pipeline import OUTPUTS, build


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_build_writes_every_format_and_they_agree(mini: Path, tmp_path: Path) -> None:
    summary = build(mini, tmp_path / "out", MINI_SOURCES)
    out = summary.out
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, MARKER])
    nt = Graph().parse(out / "graph.nt", format="nt")
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    doc = json.loads((out / "graph.jsonld").read_text())
    doc["@context"] = json.loads((out / "context.jsonld").read_text())["@context"]
    jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(nt) == summary.counts["triples"] > 300
    assert isomorphic(nt, ttl) and isomorphic(nt, jsonld)
    assert summary.counts["memberships"] == 2 and summary.counts["activities_plans"] == 1


def test_same_input_gives_byte_identical_files_across_processes(mini: Path, tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tmb_graph",
                "build",
                str(mini),
                "--out",
                str(out),
                "--sources",
                str(MINI_SOURCES),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(_snapshot(out))
    assert outs[0] == outs[1]


def test_failed_build_leaves_previous_output_untouched(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(mini, out, MINI_SOURCES)
    before = _snapshot(out)
    (mini / "programme.yaml").write_text(
        (mini / "programme.yaml").read_text().replace("convener: org-a", "convener: org-zz")
    )
    with pytest.raises(DataError):
        build(mini, out, MINI_SOURCES)
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_cli_build_prints_counts(mini: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(mini),
            "--out",
            str(tmp_path / "o"),
            "--sources",
            str(MINI_SOURCES),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["organisations"] == 3 and counts["persons"] == 3 and counts["goals"] == 1


def test_generated_files_are_up_to_date() -> None:
    from tmb_graph.generate import regenerate

    assert regenerate(write=False) == [], "run `tmb generate` and commit the result"
