"""The query-side commands as a user types them: thin wrappers, clear errors, no stray servers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tmb_graph.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    """Exit code and stdout when the command answered, else stderr (the message)."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_sparql_with_a_parameter(graph_dir: Path) -> None:
    q = "SELECT ?org ?b WHERE { ?w tmb:convener ?o ; dcterms:identifier ?b . ?o dcterms:identifier ?org }"
    code, out = run("query", "sparql", q, "--param", "b=wg-nar", "--format", "json", "--graph-dir", str(graph_dir))
    assert code == 0, out
    assert json.loads(out) == [{"org": "org-ssih"}]


def test_sparql_update_is_refused(graph_dir: Path) -> None:
    code, out = run("query", "sparql", "DELETE WHERE { ?s ?p ?o }", "--graph-dir", str(graph_dir))
    assert code == 1 and "--allow-update" in out


def test_bad_parameter_is_a_clear_error(graph_dir: Path) -> None:
    code, out = run("query", "sparql", "SELECT * WHERE { ?s ?p ?o }", "-p", "noequals", "--graph-dir", str(graph_dir))
    assert code == 1 and "name=value" in out


def _falkordb_pids() -> set[str]:
    """FalkorDB servers started by this process (a leaked one stays our child while we run)."""
    found = subprocess.run(["pgrep", "-P", str(os.getpid()), "-f", "falkordb.so"], capture_output=True, text=True)
    return set(found.stdout.split())


def test_cypher_read_only_and_no_stray_server(graph_dir: Path) -> None:
    before = _falkordb_pids()  # servers of other processes on this machine are not ours
    q = "MATCH (b:Body {id: $b})-[:CONVENED_BY]->(o) RETURN o.id AS convener"
    code, out = run("query", "cypher", q, "-p", "b=wg-far", "--format", "csv", "--graph-dir", str(graph_dir))
    assert code == 0, out
    assert [line for line in out.splitlines() if line] == ["convener", "org-kv-syd"]
    code, out = run("query", "cypher", "MATCH (n) DETACH DELETE n", "--graph-dir", str(graph_dir))
    assert code == 1 and "read-only" in out
    assert _falkordb_pids() - before == set()


def test_mandates_on_a_date(graph_dir: Path) -> None:
    code, out = run(
        "mandates", "--at", "2019-10-01", "--body", "wg-far", "--format", "json", "--graph-dir", str(graph_dir)
    )
    assert code == 0, out
    rows = json.loads(out)
    # §4.2.1: on 1 Oct 2019 the recidivism group had five seats, KV convening
    assert len(rows) == 5
    assert {r["role"] for r in rows if r["organisation"] == "org-kv-syd"} == {"convener"}
    assert all(r["sections"] for r in rows)
    code, out = run("mandates", "--at", "not-a-date", "--graph-dir", str(graph_dir))
    assert code == 1 and "YYYY-MM-DD" in out


def test_exports(graph_dir: Path, tmp_path: Path) -> None:
    code, _out = run("export", "neo4j-csv", str(tmp_path / "csv"), "--graph-dir", str(graph_dir))
    assert code == 0 and (tmp_path / "csv" / "import.sh").is_file()
    code, _out = run("export", "cypher", str(tmp_path / "load.cypher"), "--graph-dir", str(graph_dir))
    assert code == 0 and "MERGE" in (tmp_path / "load.cypher").read_text(encoding="utf-8")


def test_neo4j_load_without_uri_says_how(graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    code, out = run("neo4j", "load", "--graph-dir", str(graph_dir))
    assert code == 1 and "NEO4J_URI" in out


def test_missing_build_says_how(tmp_path: Path) -> None:
    code, out = run("query", "sparql", "ASK {}", "--graph-dir", str(tmp_path / "nothing"))
    assert code == 1 and "tmb build" in out


def test_library_list_and_run(graph_dir: Path) -> None:
    code, out = run("query", "list")
    assert code == 0 and "mandates_at" in out
    code, out = run(
        "query", "run", "work_group_conveners", "--engine", "cypher", "--format", "csv", "--graph-dir", str(graph_dir)
    )
    assert code == 0 and "org-ssih" in out
    code, out = run("query", "run", "no_such_question", "--graph-dir", str(graph_dir))
    assert code == 1 and "tmb query list" in out
