"""Outputs people share say what they count and carry no local paths."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx

from tmb_graph.analysis.run import analyse_all
from tmb_graph.view.report import ReportResult, figures

LOCAL_PATH = re.compile(r"(?<![\w/])/(?:tmp|home|root|work|Users|var)/")


def test_the_report_names_the_graph_without_a_local_path(site: ReportResult, graph_dir: Path) -> None:
    page = site.path.read_text(encoding="utf-8")
    assert str(graph_dir) not in page and str(graph_dir.resolve()) not in page
    assert not LOCAL_PATH.search(page), LOCAL_PATH.search(page)
    namespace = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))["namespace"]
    assert html.escape(namespace) in page  # the graph is named by what it is instead


def test_the_reports_tenure_count_is_the_build_summarys(
    site: ReportResult, graph_dir: Path, projection: nx.MultiDiGraph
) -> None:
    counts = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))["counts"]
    shown = dict(figures(projection))
    assert shown["tenures (memberships) in the graph"] == counts["memberships"]
    inside = shown["of them in the programme's own bodies"]
    assert 0 < inside < counts["memberships"]  # the rest sit in a national work group
    page = site.path.read_text(encoding="utf-8")
    assert f"<b>{counts['memberships']}</b><span>tenures (memberships) in the graph</span>" in page


def test_the_analyses_summary_carries_no_local_path(graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "analyses"
    analyse_all(graph_dir, out)
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert str(graph_dir) not in text and not LOCAL_PATH.search(text)
    assert text.splitlines()[2].startswith("Graph: https://")
