"""The Network tab in a real headless Chromium (Debian's, through Playwright), served by `tmb serve`.

Each metric's chart shows the figures `tmb analyse network` prints, the Covid-19 period shaded
where the plot shades it; the governance reading links to its evidence in the explorer; the
what-if comparison is the CLI's; axe-core finds no serious or critical violation; no console
error, no request leaves the server.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.serve.conftest import SHOTS, Server, open_page
from tests.serve.test_explore_browser import AXE, _axe
from tmb_graph.cli import app

pytestmark = pytest.mark.timeout(240)


def cli_tables(graph_dir: Path, by: str) -> dict[str, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["analyse", "network", "--by", by, "-f", "json", "--graph-dir", str(graph_dir)])
    assert result.exit_code == 0, result.stderr
    tables: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)["tables"]
    return tables


def points(page: Any) -> dict[str, list[tuple[str, float]]]:
    """Metric → its drawn points (period, value), read from the charts."""
    drawn: dict[str, list[tuple[str, float]]] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#network-page figure.net-chart')].map(f =>
             [f.dataset.metric, [...f.querySelectorAll('circle.pt')].map(c => [c.dataset.period, Number(c.dataset.value)])]))"""
    )
    return {k: [(p, v) for p, v in pts] for k, pts in drawn.items()}


def test_the_network_page_draws_the_clis_figures_with_the_covid_period_and_links_to_evidence(
    context: Any, server: Server, graph_dir: Path
) -> None:
    expected = cli_tables(graph_dir, "month")
    started = time.perf_counter()
    page, log = open_page(context, server, "/?tab=network&by=month")
    page.wait_for_selector("#network-page figure.net-chart circle.pt", timeout=60_000)
    seconds = time.perf_counter() - started
    print(f"\nnetwork page (by month), cold: ready and drawn in {seconds:.2f} s")
    periods = expected["periods"]
    drawn = points(page)
    assert len(drawn) >= 10 and "org_density" in drawn and "turnover_rate" in drawn
    for metric, pts in drawn.items():
        want = [(r["period"], float(r[metric])) for r in periods if r[metric] is not None]
        assert pts == want, metric
    # the Covid-19 shading starts where March 2020 lies: left of its point, right of February's
    chart = "#network-page figure[data-metric=organisations]"
    shade = page.eval_on_selector(f"{chart} rect.covid", "r => Number(r.getAttribute('x'))")
    march = page.eval_on_selector(f"{chart} circle[data-period='2020-03']", "c => Number(c.getAttribute('cx'))")
    february = page.eval_on_selector(f"{chart} circle[data-period='2020-02']", "c => Number(c.getAttribute('cx'))")
    assert february < shade < march
    # the widest departure, marked as the plot marks it
    assert page.eval_on_selector("figure[data-metric=turnover_rate] line.mark title", "t => t.textContent").count(
        "left 4 bodies"
    )
    # per body, governance and what-if: the CLI's rows
    tables = page.eval_on_selector_all(
        "#network-page table.data", "ts => ts.map(t => [t.caption.textContent, t.tBodies[0].rows.length])"
    )
    counts = dict(tables)
    assert counts["bodies per period"] == len(expected["bodies"])
    assert counts["governance per period"] == len(expected["governance"])
    assert counts["what-if comparison"] == len(expected["whatif"])
    assert "lead organisation" in page.inner_text("#network-page")
    # a governance reading's tenure opens in the explorer's evidence panel
    assert page.locator("#network-page a.evidence-link[data-evidence='org-lst-skane']").count() > 0  # the lead
    link = page.locator("#network-page a.evidence-link[data-evidence^='m-']").first
    assert link.get_attribute("data-evidence") in {m for g in expected["governance"] for m in g["evidence"]}
    page.screenshot(path=str(SHOTS / "network-1366x768.png"), full_page=False)
    if AXE.exists():
        problems = _axe(page, server)
        assert problems == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems]
    link.click()
    page.wait_for_selector("#ex-evidence h3", timeout=30_000)
    assert page.get_attribute("#tab-explore", "aria-selected") == "true"
    page.go_back()
    page.wait_for_selector("#network-page figure.net-chart circle.pt")
    assert page.get_attribute("#tab-network", "aria-selected") == "true"
    page.close()
    assert log.errors == [] and log.remote == []


def test_choosing_years_and_one_body_redraws_and_survives_a_reload(
    context: Any, server: Server, graph_dir: Path
) -> None:
    expected = cli_tables(graph_dir, "year")
    page, log = open_page(context, server, "/?tab=network")
    page.wait_for_selector("#network-page figure.net-chart circle.pt", timeout=60_000)
    page.select_option("#network-by", "year")
    page.wait_for_function(
        "() => document.querySelectorAll('#network-page figure[data-metric=organisations] circle.pt').length === 3"
    )
    assert points(page)["organisations"] == [(r["period"], float(r["organisations"])) for r in expected["periods"]]
    page.select_option("#network-body", "wg-far")
    page.wait_for_function("() => document.querySelector('#network-page code')?.textContent.includes('--body wg-far')")
    page.reload()
    page.wait_for_selector("#network-page figure.net-chart circle.pt", timeout=60_000)
    assert page.input_value("#network-by") == "year" and page.input_value("#network-body") == "wg-far"
    bodies = page.eval_on_selector_all(
        "#network-page table.data",
        "ts => ts.filter(t => t.caption.textContent === 'bodies per period')"
        ".flatMap(t => [...t.tBodies[0].rows].map(r => r.cells[1].innerText))",
    )
    assert bodies and set(bodies) == {"wg-far"}
    page.click("#lang-switch")
    assert page.inner_text("#tab-network") == "Nätverk"
    page.click("#lang-switch")
    page.close()
    assert log.errors == [] and log.remote == []
