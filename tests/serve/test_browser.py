"""The workbench in a real headless Chromium (Debian's, driven by Playwright), served by `tmb serve`.

No request may leave the server (every other address is recorded and blocked), no console error
may occur; screenshots at 1366x768 and 1920x1080 go to build/screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.serve.conftest import SHOTS, Server, open_page

pytestmark = pytest.mark.timeout(180)


def table_rows(page: Any, container: str) -> list[list[str]]:
    rows: list[list[str]] = page.eval_on_selector_all(
        f"{container} table.data tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))"
    )
    return rows


def test_a_library_form_with_suggestions_gives_the_clis_answer(context: Any, server: Server, graph_dir: Path) -> None:
    page, log = open_page(context, server, "/?tab=library")
    page.get_by_role("button", name="Who held which mandate").first.click()
    options = page.eval_on_selector_all("#library-form datalist option", "os => os.map(o => o.value)")
    assert "2019-10-01" in options
    page.fill("#qp-at", "2019-10-01")
    page.check("#library-form input[value=cypher]")
    page.get_by_role("button", name="Answer").click()
    page.wait_for_selector("#library-result table.data tbody tr")
    shown = table_rows(page, "#library-result")
    started = time.perf_counter()
    cli = subprocess.run(
        [sys.executable, "-m", "tmb_graph", "query", "run", "mandates_at", "--engine", "cypher",
         "-p", "at=2019-10-01", "--format", "json", "--graph-dir", str(graph_dir)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    cli_seconds = time.perf_counter() - started
    expected = json.loads(cli.stdout)
    assert len(shown) == len(expected) == 40
    assert sorted(r[0] for r in shown) == sorted(str(r["membership"]) for r in expected)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(SHOTS / "library-1366x768.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(SHOTS / "library-1920x1080.png"))
    page.close()
    print(f"\ntmb query run (cypher), end to end: {cli_seconds:.2f} s")
    assert log.errors == [] and log.remote == []


def test_hand_written_cypher_and_sparql_with_a_parameter_and_the_state_survives_a_reload(
    context: Any, server: Server
) -> None:
    page, log = open_page(context, server, "/?tab=ask&engine=cypher")
    text = "MATCH (post:Post {id: $seat})<-[:OF_SEAT]-(m:Membership) RETURN m.id AS membership ORDER BY membership"
    page.click("#editor .cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    page.fill("#param-rows input[aria-label='parameter 1 name']", "seat")
    page.fill("#param-rows input[aria-label='parameter 1 value']", "post-far-kv")
    page.keyboard.press("Tab")
    page.click("#run")
    page.wait_for_selector("#ask-result table.data tbody tr")
    cypher_rows = table_rows(page, "#ask-result")
    assert cypher_rows and all(r[0].startswith("m-far-kv") for r in cypher_rows)
    page.screenshot(path=str(SHOTS / "ask-cypher-1366x768.png"))
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_checked("input[name=engine][value=cypher]")
    assert page.inner_text("#editor .cm-content").strip() == text
    assert page.input_value("#param-rows input[aria-label='parameter 1 value']") == "post-far-kv"
    # the same question in SPARQL, with the same parameter
    page.check("input[name=engine][value=sparql]")
    page.click("#editor .cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(
        "SELECT ?membership ?seat WHERE { ?p a org:Post ; dcterms:identifier ?seat . "
        "?m tmb:seat ?p ; dcterms:identifier ?membership } ORDER BY ?membership"
    )
    page.evaluate("() => document.querySelector('#ask-result').replaceChildren()")  # no stale answer is read
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#ask-result table.data tbody tr")
    assert table_rows(page, "#ask-result") == cypher_rows
    page.close()
    assert log.errors == [] and log.remote == []


def test_completion_offers_this_graphs_labels_types_classes_and_properties(context: Any, server: Server) -> None:
    page, log = open_page(context, server, "/?tab=ask&engine=cypher&q=")
    page.click("#editor .cm-content")
    page.keyboard.type("MATCH (m:Mem")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    labels = page.inner_text(".cm-tooltip-autocomplete")
    assert "Membership" in labels
    page.keyboard.press("Escape")
    page.keyboard.type(")-[:IN_")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    assert "IN_BODY" in page.inner_text(".cm-tooltip-autocomplete")
    page.keyboard.press("Escape")
    page.check("input[name=engine][value=sparql]")
    page.click("#editor .cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT * WHERE { ?b a tmb:Bo")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    assert "tmb:Body" in page.inner_text(".cm-tooltip-autocomplete")
    page.keyboard.press("Escape")
    page.keyboard.type(" ; tmb:se")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    assert "tmb:seat" in page.inner_text(".cm-tooltip-autocomplete")
    page.close()
    assert log.errors == [] and log.remote == []


def test_search_by_keyboard_opens_a_node_page_with_provenance(context: Any, server: Server) -> None:
    page, log = open_page(context, server, "/")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.focus("#search-box")
    page.keyboard.type("KFSK")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results a.node-link")
    page.keyboard.press("Tab")  # from the search button into the results
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.node")
    assert focused == "org-kfsk"
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-page h3")
    text = page.inner_text("#node-page")
    assert "Sources" in text and "Mandates" in text and "§" in text
    page.screenshot(path=str(SHOTS / "node-1920x1080.png"))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(SHOTS / "node-1366x768.png"))
    page.goto(server.url + "/?tab=analyses&analysis=goals")
    page.wait_for_selector("#analyses-result table.data")
    page.screenshot(path=str(SHOTS / "analyses-1366x768.png"))
    page.goto(
        server.url
        + "/?tab=ask&engine=cypher&q=MATCH%20(p%3APerson)-%5Br%3AHOLDS%5D-%3E(m)-%5B%3AIN_BODY%5D-%3E(b%3ABody%20%7Bid%3A%20%27wg-est%27%7D)%20RETURN%20p%2C%20m%2C%20b"
    )
    page.wait_for_selector("body[data-ready=true]")
    page.click("#run")
    page.get_by_role("button", name="Graph").click()
    page.wait_for_selector("#ask-result .graph canvas")
    page.wait_for_timeout(500)  # the layout runs once, without animation
    assert page.evaluate("() => window.tmbGraph.nodes().length") > 2
    page.screenshot(path=str(SHOTS / "graph-1366x768.png"))
    page.close()
    assert log.errors == [] and log.remote == []
