"""Every view and the report, opened from file:// in a real headless Chromium.

Each page must load with no console error and no network request, draw exactly the nodes and
edges the Python side says it drew (read from vis-network's DataSets and its drawn indices),
show its legend, and leave a screenshot under pytest's tmp dir.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.view.pages import open_page
from tmb_graph.view.network.graph import VEdge, ViewGraph, VNode
from tmb_graph.view.network.page import WrittenView, write_view
from tmb_graph.view.plots import PLOTS
from tmb_graph.view.report import ReportResult
from tmb_graph.view.views import write_views

pytestmark = pytest.mark.timeout(120)


def _check_view(browser: Any, written: WrittenView, screenshots: Path) -> dict[str, int]:
    page, log = open_page(browser, written.path)
    try:
        page.wait_for_function("window.tmbReady === true", timeout=20_000)
        counts: dict[str, int] = page.evaluate("tmbCounts()")
        legend_nodes = page.locator("#tmb-legend li[data-kind]").count()
        legend_edges = page.locator("#tmb-legend li[data-relation]").count()
        kinds = page.evaluate("Array.from(new Set(network.body.data.nodes.get().map(n => n.kind)))")
        relations = page.evaluate("Array.from(new Set(network.body.data.edges.get().map(e => e.relation)))")
        physics = page.evaluate("network.physics.physicsEnabled")
        page.screenshot(path=str(screenshots / f"{written.name}.png"))
    finally:
        page.close()
    assert log.errors == [], f"console errors in {written.path.name}: {log.errors}"
    assert log.remote == [], f"{written.path.name} made network requests: {log.remote}"
    assert counts == {
        "nodes": written.nodes,
        "edges": written.edges,
        "drawnNodes": written.nodes,
        "drawnEdges": written.edges,
    }, written.name
    assert legend_nodes == len(kinds) and legend_edges == len(relations), "the legend lists what is drawn"
    assert physics is False, "physics is off once the layout is done"
    return counts


def test_every_view_loads_offline_and_draws_what_the_graph_side_drew(
    browser: Any, site: ReportResult, screenshots: Path
) -> None:
    assert {w.name for w in site.views} >= {"organisation", "ideal", "continuum", "workgroup-wg-est"}
    for written in site.views:
        counts = _check_view(browser, written, screenshots)
        assert 0 < counts["nodes"] <= 150, f"{written.name}: a readable view, not a hairball"


def test_the_organisation_on_a_date(
    browser: Any, graph_dir: Path, projection: nx.MultiDiGraph, tmp_path: Path, screenshots: Path
) -> None:
    (written,) = write_views(graph_dir, "organisation", tmp_path / "at.html", dt.date(2019, 6, 1), g=projection)
    assert written.name == "organisation-2019-06-01"
    _check_view(browser, written, screenshots)


def test_a_tooltip_shows_role_tenure_and_source(browser: Any, site: ReportResult) -> None:
    written = next(w for w in site.views if w.name == "workgroup-wg-est")
    page, log = open_page(browser, written.path)
    try:
        page.wait_for_function("window.tmbReady === true", timeout=20_000)
        # hover the first person: vis-network shows its title element in div.vis-tooltip
        where = page.evaluate(
            """() => {
              const id = network.body.data.nodes.get().find(n => n.kind === 'person').id;
              const p = network.canvasToDOM(network.getPositions([id])[id]);
              const box = document.getElementById('mynetwork').getBoundingClientRect();
              return {x: box.left + p.x, y: box.top + p.y};
            }"""
        )
        page.mouse.move(where["x"] + 40, where["y"] + 40)
        page.mouse.move(where["x"], where["y"], steps=4)
        page.wait_for_selector("div.vis-tooltip .tmb-tip", state="visible", timeout=5_000)
        text = page.inner_text("div.vis-tooltip")
    finally:
        page.close()
    assert "source: §" in text
    assert log.errors == [] and log.remote == []


def test_the_report_opens_offline_with_every_table_plot_and_link(
    browser: Any, site: ReportResult, screenshots: Path
) -> None:
    page, log = open_page(browser, site.path)
    try:
        page.wait_for_load_state("load")
        tables = page.locator("table.analysis").count()
        empty = page.locator("details p.muted").count()
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        links = page.evaluate("Array.from(document.querySelectorAll('a.view-link')).map(a => a.getAttribute('href'))")
        sources = page.locator("table.sources tbody tr").count()
        page.screenshot(path=str(screenshots / "report.png"), full_page=True)
    finally:
        page.close()
    assert log.errors == [] and log.remote == []
    assert tables + empty == site.tables, "every analysis table is in the report"
    assert len(images) == len(PLOTS) and all(done and width > 0 for done, width in images), images
    assert sorted(links) == sorted(f"views/{w.path.name}" for w in site.views)
    assert all((site.path.parent / href).is_file() for href in links)
    assert sources > 10


def test_the_request_recorder_catches_a_remote_fetch(browser: Any, tmp_path: Path) -> None:
    # the no-network assertions above are only worth something if a fetch would be seen
    page_path = tmp_path / "remote.html"
    page_path.write_text('<html><body><img src="http://example.invalid/x.png"></body></html>', encoding="utf-8")
    page, log = open_page(browser, page_path)
    page.close()
    assert log.remote == ["http://example.invalid/x.png"]


def test_a_physics_layout_is_stabilised_then_switched_off(browser: Any, tmp_path: Path, screenshots: Path) -> None:
    # the four views place their nodes themselves; a view without positions falls back on physics
    view = ViewGraph("physics", "A force-directed view", physics=True)
    for i in range(12):
        view.add_node(VNode(f"n{i}", "person" if i % 3 else "work_group", f"node {i}", f"node {i}"))
    for i in range(11):
        view.add_edge(VEdge(f"n{i}", f"n{(i * 5 + 1) % 12}", "seat", "an edge"))
    written = write_view(view, tmp_path / "physics.html")
    _check_view(browser, written, screenshots)
