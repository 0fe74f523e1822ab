"""The explorer in a real headless Chromium, served by `tmb serve`: the slider draws what `tmb mandates
--at` answers, compare lists what changed, a click shows the evidence with the snippet highlighted in
the source, the ego network is the graph's neighbourhood, a saved view works offline, axe-core finds
no serious or critical violation; no console error, no request leaving the server."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.serve.conftest import SHOTS, Log, Server, open_page
from tmb_graph.paths import ROOT
from tmb_graph.propertygraph.projection import exists_on
from tmb_graph.workspace import Workspace

pytestmark = pytest.mark.timeout(240)
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
DATES = ["2018-04-01", "2018-10-01", "2019-03-01", "2019-10-01", "2020-06-01"]


def open_explorer(context: Any, server: Server, query: str = "") -> tuple[Any, Log]:
    page, log = open_page(context, server, f"/?tab=explore{query}")
    page.wait_for_function("() => window.tmbExplorer && window.tmbExplorer.state()", timeout=30_000)
    return page, log


def drawn(page: Any) -> dict[str, list[str]]:
    return page.evaluate("() => window.tmbExplorer.drawn()")  # type: ignore[no-any-return]


def cli_mandates(graph_dir: Path, at: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "tmb_graph", "mandates", "--at", at, "--format", "json", "--graph-dir", str(graph_dir)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return sorted(str(r["membership"]) for r in json.loads(out.stdout))


def test_the_slider_at_five_dates_draws_exactly_the_tenures_tmb_mandates_returns(
    context: Any, server: Server, graph_dir: Path, workspace: Workspace
) -> None:
    page, log = open_explorer(context, server)
    months: list[str] = page.evaluate("() => window.tmbExplorer.months()")
    g = workspace.projection
    page.focus("#ex-slider")
    page.keyboard.press("Home")  # the slider is moved by keyboard, as a user without a mouse does
    at = 0
    for date in DATES:
        target = months.index(date)
        while at < target:
            page.keyboard.press("ArrowRight")
            at += 1
        assert page.inner_text("#ex-date") == date
        shown = drawn(page)
        assert shown["tenures"] == cli_mandates(graph_dir, date), date
        alive = {
            b for b, d in g.nodes(data=True) if "Body" in d["labels"] and exists_on(d, dt.date.fromisoformat(date))
        }
        tenure_bodies = {v for m in shown["tenures"] for _, v, k in g.out_edges(m, keys=True) if k == "IN_BODY"}
        assert alive <= set(shown["bodies"]) <= alive | tenure_bodies, date
        # the mandates table under the graph is the same day's, and the Mandates tab is set to it
        rows = page.eval_on_selector_all("#ex-mandates tbody tr", "rs => rs.map(r => r.cells[0].innerText)")
        assert sorted(rows) == shown["tenures"]
        assert page.input_value("#mandates-form input[name=at]") == date
    redraws = page.evaluate("() => window.tmbExplorer.metrics.redraw")
    print(f"\nslider step redraw: median {sorted(redraws)[len(redraws) // 2]:.1f} ms, max {max(redraws):.1f} ms")
    page.close()
    assert log.errors == [] and log.remote == []


def test_compare_two_dates_lists_exactly_the_tenures_that_began_and_ended(
    context: Any, server: Server, graph_dir: Path
) -> None:
    page, log = open_explorer(context, server, "&date=2019-10-01")
    page.fill("#ex-compare-form input[name=from]", "2019-01-01")
    page.fill("#ex-compare-form input[name=to]", "2019-10-01")
    page.click("#ex-compare-form button[type=submit]")
    page.wait_for_selector("#ex-compare-result ul[data-list=began]")
    began = page.eval_on_selector_all(
        "#ex-compare-result ul[data-list=began] li", "ls => ls.map(l => l.dataset.tenure)"
    )
    ended = page.eval_on_selector_all(
        "#ex-compare-result ul[data-list=ended] li", "ls => ls.map(l => l.dataset.tenure)"
    )
    before, after = set(cli_mandates(graph_dir, "2019-01-01")), set(cli_mandates(graph_dir, "2019-10-01"))
    assert sorted(began) == sorted(after - before) and sorted(ended) == sorted(before - after)
    replaced = page.eval_on_selector_all(
        "#ex-compare-result ul[data-list=replaced] li", "ls => ls.map(l => l.dataset.seat)"
    )
    assert "post-avh-kfsk" in replaced
    page.close()
    assert log.errors == [] and log.remote == []


def test_clicking_a_node_shows_its_evidence_and_the_snippet_highlighted_in_the_source(
    context: Any, server: Server
) -> None:
    page, log = open_explorer(context, server, "&date=2019-10-01")
    # a click on the drawn node itself (its place on the canvas)
    box = page.locator("#explore-graph").bounding_box()
    point = page.evaluate("() => window.tmbExplorer.cy().getElementById('post-far-kv').renderedPosition()")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#ex-evidence[data-shown='post-far-kv'] #ex-source mark")
    assert "§" in page.inner_text("#ex-evidence")
    # a node of every kind drawn, and a tenure (an edge), through the keyboard's list of the organisation
    seen = []
    for nid in ["wg-far", "org-kfsk", "p-kfsk-konsult", "sg-stmb", "m-avh-kfsk-2"]:
        page.evaluate("id => window.tmbExplorer.select(id)", nid)
        page.wait_for_selector(f"#ex-evidence[data-shown='{nid}']")
        text = page.inner_text("#ex-evidence")
        assert "§" in text and ("stated" in text or "inferred" in text), nid
        mark = page.locator("#ex-source mark").first
        snippet = page.inner_text("#ex-evidence blockquote").strip("“” ")
        assert " ".join(mark.inner_text().split()) == " ".join(snippet.split()), nid
        seen.append(page.evaluate("() => window.tmbExplorer.metrics.lastEvidence"))
    print(f"\nevidence panel: {', '.join(f'{s:.0f}' for s in seen)} ms")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(SHOTS / "explore-evidence-1366x768.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(400)  # the drawing is fitted to the new size after a short pause
    page.screenshot(path=str(SHOTS / "explore-evidence-1920x1080.png"))
    page.close()
    assert log.errors == [] and log.remote == []


def test_an_analysis_rows_ids_open_their_evidence_and_its_sections_the_source_highlighted(
    context: Any, server: Server
) -> None:
    page, log = open_page(context, server, "/?tab=analyses&analysis=gaps&at=2019-10-01")
    row = page.locator("#analyses-result table.data").first.locator("tbody tr").first
    row.wait_for()
    subject = row.locator("a.evidence-link").first.get_attribute("data-evidence")
    # every node the row rests on links to its evidence (a list cell too), its section to the source
    assert row.locator("a.evidence-link").count() >= 2 and row.locator("a.source-link").count() >= 1
    row.locator("a.evidence-link").first.click()
    page.wait_for_selector(f"#ex-evidence[data-shown='{subject}'] #ex-source mark")
    assert not page.is_hidden("#panel-explore") and page.inner_text("#ex-date") == "2019-10-01"
    mark = page.locator("#ex-source mark").first.inner_text()
    snippet = page.inner_text("#ex-evidence blockquote").strip("“” ")
    assert " ".join(mark.split()) == " ".join(snippet.split())
    assert f"node={subject}" in page.url  # the evidence can be linked to, and Back returns to the analysis
    page.go_back()
    page.wait_for_selector("#analyses-result table.data a.source-link")
    link = page.locator("#analyses-result table.data tbody tr a.source-link").first
    section, evidence = link.get_attribute("data-source"), link.get_attribute("data-snippet")
    link.click()
    page.wait_for_selector(f"#ex-evidence[data-shown='§{section}'] #ex-source mark")
    shown = page.locator("#ex-source mark").first.inner_text()
    assert " ".join(shown.split()) == " ".join(evidence.split())
    assert f"§{section}" in page.inner_text("#ex-source h4")
    page.close()
    assert log.errors == [] and log.remote == []


def _neighbourhood(state: dict[str, Any], elements: dict[str, Any], start: str, depth: int) -> set[str]:
    shown = set(state["bodies"]) | set(state["seats"]) | set(state["holders"]) | set(state["organisations"])
    g = nx.Graph()
    g.add_nodes_from(shown)
    held = set(state["tenures"])
    for e in elements["edges"]:
        if e["source"] in shown and e["target"] in shown and (e["type"] != "tenure" or e["id"] in held):
            g.add_edge(e["source"], e["target"])
    for n in elements["nodes"]:
        if n["parent"] and n["id"] in shown and n["parent"] in shown:
            g.add_edge(n["id"], n["parent"])  # a body holds its seats
    return set(nx.ego_graph(g, start, radius=depth))


@pytest.mark.parametrize("depth", [1, 2])
def test_the_ego_network_at_a_depth_equals_the_graphs_neighbourhood(context: Any, server: Server, depth: int) -> None:
    page, log = open_explorer(context, server, "&date=2019-10-01")
    timeline = page.evaluate("() => fetch('/api/explore/timeline').then(r => r.json())")
    state = timeline["states"][timeline["months"].index("2019-10-01")]
    for start in ["p-kfsk-konsult", "wg-far"]:
        page.evaluate("id => window.tmbExplorer.select(id)", start)
        page.select_option("#ex-depth", str(depth))
        assert set(page.evaluate("() => window.tmbExplorer.ego()")) == _neighbourhood(
            state, timeline["elements"], start, depth
        )
        page.select_option("#ex-depth", "0")
    page.close()
    assert log.errors == [] and log.remote == []


def test_a_saved_view_opens_offline_from_a_file_with_a_working_slider(
    context: Any, server: Server, tmp_path: Path, graph_dir: Path
) -> None:
    page, log = open_explorer(context, server, "&date=2019-10-01")
    with page.expect_download() as info:
        page.click("#ex-save")
    saved = tmp_path / "view.html"
    info.value.save_as(saved)
    size = saved.stat().st_size
    print(f"\nsaved view: {size / 1024:.0f} KiB")
    assert size < 3 * 1024 * 1024
    page.close()
    offline = context.new_page()
    remote: list[str] = []
    errors: list[str] = []
    offline.on("pageerror", lambda exc: errors.append(str(exc)))
    offline.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    offline.route("**/*", route)
    offline.goto(saved.as_uri())
    assert offline.input_value("#slider") == offline.evaluate(
        "() => String(JSON.parse(document.getElementById('model').textContent).months.indexOf('2019-10-01'))"
    )
    assert offline.evaluate("() => window.tmbSaved.drawn().tenures") == cli_mandates(graph_dir, "2019-10-01")
    months = offline.evaluate("() => JSON.parse(document.getElementById('model').textContent).months")
    for date in ["2018-04-01", "2020-06-01"]:
        offline.evaluate(
            "i => { const s = document.getElementById('slider'); s.value = i; s.dispatchEvent(new Event('input')); }",
            months.index(date),
        )
        assert offline.inner_text("#date") == date
        assert offline.evaluate("() => window.tmbSaved.drawn().tenures") == cli_mandates(graph_dir, date)
    offline.screenshot(path=str(SHOTS / "saved-view-1366x768.png"))
    offline.close()
    assert remote == [] and errors == [] and log.errors == [] and log.remote == []


def _axe(page: Any, server: Server) -> list[dict[str, Any]]:
    """axe-core (from frontend/node_modules, served to the page as if from this server: the CSP
    allows only this server's scripts) run over the page; its serious and critical violations."""
    page.route(server.url + "/__axe.js", lambda r: r.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=server.url + "/__axe.js")
    result = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_core_finds_no_serious_or_critical_violation_in_either_language(context: Any, server: Server) -> None:
    if not AXE.exists():
        pytest.skip("frontend/node_modules/axe-core missing: run `npm ci --prefix frontend`")
    page, log = open_explorer(context, server, "&date=2019-10-01&node=m-avh-kfsk-2")
    page.wait_for_selector("#ex-evidence #ex-source mark")
    problems = _axe(page, server)
    assert problems == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems]
    page.click("#lang-switch")
    assert page.inner_text("#tab-explore") == "Utforska" and page.get_attribute("html", "lang") == "sv"
    assert "Arbetsgrupp" in page.evaluate("() => window.tmbExplorer.cy().getElementById('wg-far').data('name')")
    problems = _axe(page, server)
    assert problems == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems]
    page.screenshot(path=str(SHOTS / "explore-sv-1366x768.png"))
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.inner_text("#tab-explore") == "Utforska", "the language survives a reload (it is in the URL)"
    page.click("#lang-switch")
    page.goto(server.url + "/?tab=plots")
    page.wait_for_selector("#plots-result img")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#plots-result img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    problems = _axe(page, server)
    assert problems == [], [(v["id"], v["help"]) for v in problems]
    page.screenshot(path=str(SHOTS / "plots-1366x768.png"))
    page.close()
    assert log.errors == [] and log.remote == []


def test_the_explorer_by_keyboard_with_visible_focus_and_screenshots_at_two_sizes(context: Any, server: Server) -> None:
    page, log = open_explorer(context, server, "&date=2019-10-01")
    page.focus("#ex-slider")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#ex-date") == "2019-09-01"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows its focus"
    page.click("details.ex-list summary")
    first = page.locator("#ex-tree button.node-item").first
    first.focus()
    page.keyboard.press("Enter")
    chosen = first.get_attribute("data-id")
    page.wait_for_selector(f"#ex-evidence[data-shown='{chosen}']")
    assert page.evaluate("() => document.activeElement.dataset.id") == chosen, "focus stays on the chosen item"
    page.set_viewport_size({"width": 1366, "height": 768})
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "explore-1366x768.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(400)  # the drawing is fitted to the new size after a short pause
    page.screenshot(path=str(SHOTS / "explore-1920x1080.png"))
    page.close()
    assert log.errors == [] and log.remote == []
