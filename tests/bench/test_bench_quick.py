"""`bench/run.py --quick` runs end to end (a smoke test; figures are read from its table, not asserted)."""

from __future__ import annotations

import subprocess
import sys

from tmb_graph.paths import ROOT


def test_bench_quick_runs_and_prints_a_table() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--steps",
            "validate,build,rdflib_serialize_nt,sparql_load,rdflib_parse",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "sparql_load vs rdflib_parse" in out.stdout
    assert "validate" in out.stdout
