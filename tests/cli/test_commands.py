"""A test for every command the other files do not cover: synth, generate, doctor, push sparql
(its error paths; the Virtuoso round trip is in tests/remote), --version and completion."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.cli.conftest import Tmb

GRAPH = "https://w3id.org/tmb-graph/data/skane-2018-2020"


def test_synth_writes_small_programmes_to_a_fresh_folder(tmb: Tmb, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    run = tmb("synth", "--counties", "2", "--years", "1", "--seed", "7", "--out", str(out)).ok()
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2 and "wrote 2 synthetic programmes" in run.stderr and run.stdout == ""
    programme = yaml.safe_load((folders[0] / "programme.yaml").read_text(encoding="utf-8"))
    assert "SYNTETISK" in json.dumps(programme, ensure_ascii=False)
    again = tmp_path / "again"
    tmb("synth", "--counties", "2", "--years", "1", "--seed", "7", "--out", str(again)).ok()
    for f in folders[0].iterdir():
        assert (again / folders[0].name / f.name).read_bytes() == f.read_bytes(), "same seed, different bytes"


def test_synth_writes_with_libyaml_the_bytes_of_the_python_emitter() -> None:
    # synth dumps with libyaml's emitter (~5× faster): it must write what the Python one writes
    from tmb_graph import synth

    assert synth._NoAliasDumper.__mro__[1] is yaml.CSafeDumper

    class Python(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    for county in ("Stockholm", "Västra Götaland", "Skåne"):
        data = synth.programme(county, 2022, 3)
        options = {"allow_unicode": True, "sort_keys": False, "width": 1000}
        fast = yaml.dump(data, Dumper=synth._NoAliasDumper, **options)  # type: ignore[call-overload]
        assert fast == yaml.dump(data, Dumper=Python, **options), county  # type: ignore[call-overload]
        assert "&id" not in fast and "*id" not in fast  # no anchors, no aliases: data files refuse them


def test_synth_refuses_impossible_counts_and_a_users_folder(tmb: Tmb, tmp_path: Path) -> None:
    run = tmb("synth", "--counties", "0", "--out", str(tmp_path / "s"))
    assert run.code == 1 and "--counties" in run.stderr
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    run = tmb("synth", "--counties", "1", "--years", "1", "--out", str(mine))
    assert run.code == 1 and (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_generate_check_finds_the_generated_files_up_to_date(tmb: Tmb) -> None:
    run = tmb("generate", "--check")
    assert run.code == 0, f"generated files are stale: {run.stderr}{run.stdout} — run `tmb generate`"
    assert "nothing" in run.stdout


def test_doctor_says_what_is_installed_as_a_table_on_stdout(tmb: Tmb) -> None:
    run = tmb("doctor", "--format", "csv").ok()
    frame = pd.read_csv(io.StringIO(run.stdout))
    assert list(frame.columns) == ["component", "status", "detail", "needed_for"]
    assert {"sources", "FalkorDB", "Chromium", "Virtuoso", "Node Cypher parser", "built graph"} <= set(
        frame["component"]
    )
    assert set(frame["status"]) <= {"ok", "missing", "broken"}
    falkordb = frame.set_index("component").loc["FalkorDB"]
    assert falkordb["status"] == "ok", falkordb["detail"]  # a dependency of the package: always there


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens there


def test_push_sparql_without_a_build_says_how(tmb: Tmb, tmp_path: Path) -> None:
    run = tmb(
        "push", "sparql", "--endpoint", "http://127.0.0.1:9/store", "--graph", GRAPH, "--graph-dir", str(tmp_path)
    )
    assert run.code == 1 and "tmb build" in run.stderr and not run.stdout


def test_push_sparql_to_a_server_that_is_not_there_is_a_message(tmb: Tmb, graph_dir: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/store"
    run = tmb(
        "push",
        "sparql",
        "--endpoint",
        url,
        "--graph",
        GRAPH,
        "--retries",
        "0",
        "--timeout",
        "5",
        "--graph-dir",
        str(graph_dir),
    )
    assert run.code == 1 and "cannot reach" in run.stderr and "127.0.0.1" in run.stderr
    assert "Traceback" not in run.stderr


def test_push_sparql_refuses_credentials_in_the_url_without_echoing_them(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb(
        "push",
        "sparql",
        "--endpoint",
        "http://dba:S3cret@127.0.0.1:9/store",
        "--graph",
        GRAPH,
        "--graph-dir",
        str(graph_dir),
    )
    assert run.code == 1 and "TMB_SPARQL_PASSWORD" in run.stderr
    assert "S3cret" not in run.stderr + run.stdout


def test_push_sparql_checks_its_arguments(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("push", "sparql", "--endpoint", "http://127.0.0.1:9/store", "--graph-dir", str(graph_dir))
    assert run.code == 2 and "--graph" in run.stderr
    run = tmb(
        "push",
        "sparql",
        "--endpoint",
        "http://127.0.0.1:9/store",
        "--graph",
        "not an iri",
        "--graph-dir",
        str(graph_dir),
    )
    assert run.code == 1 and "IRI" in run.stderr
    run = tmb("push", "sparql", "--endpoint", "ftp://x/y", "--graph", GRAPH, "--graph-dir", str(graph_dir))
    assert run.code == 1 and "http" in run.stderr


def test_version_and_completion(tmb: Tmb, monkeypatch: pytest.MonkeyPatch) -> None:
    run = tmb("--version").ok()
    assert run.stdout.startswith("tmb_graph ")
    # typer guesses the shell from the process's ancestors (shellingham) and then ignores the one
    # named: without a shell above the tests it printed "Shell  not supported". Told not to guess
    # (read each time the command is made), it takes the shell named.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    run = tmb("--show-completion", "bash").ok()
    assert "_TMB_COMPLETE=complete_bash" in run.stdout, "shell completion is not enabled"


def test_a_dataset_build_on_a_terminal_draws_its_progress_and_ends_cleanly(tmp_path: Path) -> None:
    # a live display on a real terminal (a pseudo-terminal here): drawn, then removed, and the
    # worker processes started under it still write to the real stdout and stderr
    import os
    import pty
    import select
    import subprocess
    import sys

    from tests.conftest import MINI_SOURCES, mini_programmes

    root = tmp_path / "programmes"
    root.mkdir()
    mini_programmes(root, ("alpha", "beta", "gamma"))
    args = ["build", str(root), "--out", str(tmp_path / "graph"), "--sources", str(MINI_SOURCES), "--jobs", "2"]
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tmb_graph", *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:  # read while it runs: a full pseudo-terminal would block it
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.wait(30) == 0, text[-2000:]
    assert "building programmes" in text and "Traceback" not in text and "lost sys.stderr" not in text
    assert (tmp_path / "graph" / "dataset.nq").is_file()
