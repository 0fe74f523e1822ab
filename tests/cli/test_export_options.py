"""`tmb export-graph` options for Gephi and `tmb view --at`: what the files hold, and the warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from tests.cli.conftest import Run

Tmb = Callable[..., Run]


def test_export_graph_without_provenance_on_a_day(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tmb.gexf"
    tmb("export-graph", "gexf", str(out), "--no-provenance", "--at", "2019-10-01", "--graph-dir", str(graph_dir)).ok()
    g = nx.read_gexf(out)
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert "DERIVED_FROM" not in relations and "SEE_ALSO" not in relations and "HOLDS" in relations
    assert "sug-stmb" not in g and "m-avh-kfsk-2" in g


def test_export_graph_as_organisation_by_body(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "org-body.graphml"
    tmb("export-graph", "graphml", str(out), "--projection", "org-body", "--graph-dir", str(graph_dir)).ok()
    g = nx.read_graphml(out)
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"REPRESENTED_IN"}
    run = tmb("export-graph", "gexf", str(tmp_path / "x.gexf"), "--projection", "nope", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "unknown projection 'nope'" in run.stderr and not (tmp_path / "x.gexf").exists()


def test_a_dated_view_outside_the_programme_warns_and_says_what_it_leaves_out(
    tmb: Tmb, graph_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "org.html"
    run = tmb("view", "organisation", "--at", "2021-06-01", "--out", str(page), "--graph-dir", str(graph_dir)).ok()
    assert "outside the programme's period" in run.stderr
    tmb("view", "organisation", "--at", "2019-10-01", "--out", str(tmp_path / "o2.html"), "--graph-dir", str(graph_dir))
    text = (tmp_path / "o2.html").read_text(encoding="utf-8")
    assert "outside the programme&#x27;s organisation" in text or "outside the programme's organisation" in text
    assert "Start-up group (ended 2018-05-30)" in text
