"""`bench/run.py --quick` runs end to end (a smoke test: figures are read from its table, not asserted)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

from tmb_graph.paths import ROOT


def test_bench_quick_runs_every_step_and_prints_the_tables(tmp_path: Path) -> None:
    out_csv = tmp_path / "bench.csv"
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--reps", "3", "--csv", str(out_csv)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    text = out.stdout
    for step in (
        "validate",
        "shacl",
        "build",
        "sparql_load",
        "sparql_load_union",
        "cypher_load_per_row",
        "bolt_load",
        "library_cypher",
        "library_sparql_scoped",
        "library_cypher_scoped",
        "view",
    ):
        assert f"\n{step} " in text, step
    assert "sparql_load vs rdflib_parse" in text
    assert "cypher_load vs cypher_load_per_row" in text
    assert "question library over the whole union, median / p95 ms" in text
    assert "question library within one programme" in text
    assert "sparql library p95 within a programme" in text and "cypher library p95 over the whole union" in text
    assert "targets at the largest size" in text
    cold = text.split("cold pipeline", 1)[1].splitlines()[0]
    assert "dataset_build" in cold and "sparql_load_union" in cold, cold
    # one programme is built in the process itself (no workers): the figure is there, and 0
    assert re.search(r"\(\+ workers 0 MB, 0\.0 s CPU\)", text), "the dataset build's workers are reported"
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    steps = {r["step"] for r in rows}
    assert {"validate", "build", "pg_map", "library_sparql"} <= steps
    assert any(s.startswith("query:sparql:") for s in steps) and any(s.startswith("query:cypher:") for s in steps)
    assert any(s.startswith("query:sparql_scoped:") for s in steps), "the scoped figures are in the CSV"
    scoped = next(r for r in rows if r["step"] == "library_cypher_scoped")
    assert json.loads(scoped["extra"])["first_ms"] > 0, "the first ask of a programme is measured"
    # --report reprints the scoped tables from the CSV alone
    again = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--report", str(out_csv)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert "question library within one programme" in again.stdout and "(first ask)" in again.stdout
    assert all(not r["error"] for r in rows if not r["step"].startswith("query:")), [r for r in rows if r["error"]]


def test_the_workers_of_a_step_are_measured_though_no_wait_reaps_them() -> None:
    # a grandchild (as a forkserver's workers are) holding 60 MB and burning CPU for a while
    from bench.run import _descendants_sampled

    code = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', "
        "'import time; b = bytearray(60 * 2**20); t = time.process_time()\\n"
        "while time.process_time() - t < 0.4: pass'])"
    )
    with _descendants_sampled() as workers:
        subprocess.run([sys.executable, "-c", code], check=True)
    assert workers["mb"] >= 60, workers
    assert 0.3 <= workers["cpu_s"] < 5, workers
