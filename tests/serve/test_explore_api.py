"""The explorer's server side: each date's state is the one rule's answer, compare lists exactly what
changed, the source view finds each snippet in its section, and the plots are served from memory."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tmb_graph.propertygraph.projection import exists_on, held_on
from tmb_graph.query.mandates import mandates
from tmb_graph.serve.explore import Explorer, months
from tmb_graph.view.network.page import remote_references
from tmb_graph.view.plots import PLOTS
from tmb_graph.workspace import Workspace

DATES = [dt.date(2018, 4, 1), dt.date(2018, 10, 1), dt.date(2019, 3, 1), dt.date(2019, 10, 1), dt.date(2020, 6, 1)]


def _labelled(ws: Workspace, label: str) -> list[str]:
    return sorted(n for n, d in ws.projection.nodes(data=True) if label in d.get("labels", ()))


def _held(ws: Workspace, when: dt.date) -> set[str]:
    return {m for m in _labelled(ws, "Membership") if held_on(ws.projection, m, when)}


@pytest.mark.parametrize("when", DATES, ids=str)
def test_each_dates_state_holds_the_tenures_tmb_mandates_gives_and_the_bodies_alive(
    app_client: TestClient, workspace: Workspace, when: dt.date
) -> None:
    state = app_client.get("/api/explore/state", params={"at": when.isoformat()}).json()
    expected = sorted(str(r["membership"]) for r in mandates(workspace.projection, when).json_rows())
    assert state["tenures"] == expected
    assert set(state["tenures"]) == _held(workspace, when)
    alive = {b for b in _labelled(workspace, "Body") if exists_on(workspace.projection.nodes[b], when)}
    assert alive <= set(state["bodies"])
    assert [r["membership"] for r in state["mandates"]] == [
        str(r["membership"]) for r in mandates(workspace.projection, when).json_rows()
    ]
    for seat in state["vacant"]:
        assert seat not in state["holder_of"]


def test_the_timeline_has_a_state_per_month_equal_to_that_days_state(app_client: TestClient) -> None:
    timeline = app_client.get("/api/explore/timeline").json()
    assert timeline["months"][0] == "2018-03-01" and timeline["months"][-1] == "2020-12-01"
    assert len(timeline["states"]) == len(timeline["months"]) == 34
    for k in (0, 7, 19, 33):
        state = app_client.get("/api/explore/state", params={"at": timeline["months"][k]}).json()
        month = timeline["states"][k]
        assert {key: month[key] for key in state} == state
    ids = {n["id"] for n in timeline["elements"]["nodes"]}
    frames = {n["parent"] for n in timeline["elements"]["nodes"] if n["parent"]}
    # a body holding seats is drawn around them; every other node has its fixed place
    assert all(n["position"] is not None for n in timeline["elements"]["nodes"] if n["id"] not in frames)
    assert all(n["position"] is None for n in timeline["elements"]["nodes"] if n["id"] in frames)
    for state in timeline["states"]:
        assert set(state["bodies"]) | set(state["seats"]) | set(state["holders"]) <= ids
    tenure_edges = {e["id"] for e in timeline["elements"]["edges"] if e["type"] == "tenure"}
    assert set().union(*(set(s["tenures"]) for s in timeline["states"])) <= tenure_edges


def test_the_changes_of_a_month_are_the_comparison_with_the_month_before(app_client: TestClient) -> None:
    timeline = app_client.get("/api/explore/timeline").json()
    assert timeline["states"][0]["changes"] is None
    k = timeline["months"].index("2019-10-01")
    before, after = timeline["months"][k - 1], timeline["months"][k]
    compared = app_client.get("/api/explore/compare", params={"from": before, "to": after}).json()
    assert timeline["states"][k]["changes"] == compared


@pytest.mark.parametrize(("before", "after"), [("2018-04-01", "2019-10-01"), ("2019-01-01", "2019-10-01")])
def test_compare_lists_exactly_the_tenures_that_began_ended_or_changed_holder(
    app_client: TestClient, workspace: Workspace, before: str, after: str
) -> None:
    d = app_client.get("/api/explore/compare", params={"from": before, "to": after}).json()
    a, b = _held(workspace, dt.date.fromisoformat(before)), _held(workspace, dt.date.fromisoformat(after))
    assert set(d["began"]) == b - a and set(d["ended"]) == a - b
    assert d["began"] and d["ended"], "the programme's people changed between these dates"
    g = workspace.projection

    def holders(held: set[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for m in held:
            seat = next(v for _, v, k in g.out_edges(m, keys=True) if k == "OF_SEAT")
            out.setdefault(seat, set()).update(u for u, _, k in g.in_edges(m, keys=True) if k == "HOLDS")
        return out

    ha, hb = holders(a), holders(b)
    changed = {s for s in set(ha) & set(hb) if ha[s] != hb[s]}
    assert {r["seat"] for r in d["replaced"]} == changed
    assert "post-avh-kfsk" in changed or before == "2018-04-01"


def test_a_bad_date_is_refused_with_a_message(app_client: TestClient) -> None:
    response = app_client.get("/api/explore/compare", params={"from": "2019-13-01", "to": "2019-10-01"})
    assert response.status_code == 400 and "from" in response.json()["error"]


def test_months_cover_the_programme_period_in_month_steps() -> None:
    assert [d.isoformat() for d in months(dt.date(2020, 11, 3), dt.date(2021, 1, 1))] == ["2020-11-01", "2020-12-01"]


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_source_view_highlights_the_evidence_of_a_node_of_every_kind(
    app_client: TestClient, workspace: Workspace
) -> None:
    g = workspace.projection
    kinds = ["Organisation", "Body", "Person", "Post", "Membership", "Activity", "Goal", "TargetGroup", "Observation"]
    for label in kinds:
        nid, section, evidence = next(
            (n, v, rel["evidence"])
            for n in _labelled(workspace, label)
            for _, v, k, rel in g.out_edges(n, keys=True, data=True)
            if k == "DERIVED_FROM" and rel.get("evidence")
        )
        page = app_client.get(f"/api/node/{nid}").json()
        assert any(s["section_id"] == section and s["evidence"] == evidence for s in page["sources"]), nid
        doc = app_client.get(f"/api/source/{section}", params={"snippet": evidence}).json()
        assert doc["available"] and doc["section"] == section.removeprefix("sec-")
        assert doc["marks"], f"{label} {nid}: the snippet is not highlighted in §{doc['section']}"
        start, end = doc["marks"][0]
        assert _fold(doc["text"][start:end]) == _fold(evidence)


def test_without_the_source_text_the_panel_says_so(workspace: Workspace, tmp_path: Path) -> None:
    doc = Explorer(workspace, sources=tmp_path).source("sec-4.1.1", "Kommunförbundet Skåne")
    assert doc["available"] is False and "not installed" in doc["why"] and doc["section"] == "4.1.1"


@pytest.mark.parametrize("section", ["sec-99", "..%2F..%2Fetc%2Fpasswd", "4.1.1%00"])
def test_a_section_the_graph_does_not_cite_or_a_path_is_refused(app_client: TestClient, section: str) -> None:
    response = app_client.get(f"/api/source/{section}")
    assert response.status_code in (400, 404)
    assert "root:" not in response.text


def test_the_plots_are_served_as_svg_and_png_drawn_in_memory(app_client: TestClient) -> None:
    assert app_client.get("/api/plots").json() == list(PLOTS)  # the plots `tmb plot` draws
    svg = app_client.get("/api/plots/goals.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text and remote_references(svg.text) == []  # namespaces are names, not requests
    png = app_client.get("/api/plots/tenures.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert app_client.get("/api/plots/nothing.svg").status_code == 404
    assert app_client.get("/api/plots/goals.gif").status_code in (400, 404)


def test_the_evidence_panel_comes_in_one_answer_equal_to_the_node_page_and_its_source(app_client: TestClient) -> None:
    for nid in ["wg-far", "org-kfsk", "p-kfsk-konsult", "post-far-kv", "m-avh-kfsk-2"]:
        combined = app_client.get(f"/api/explore/evidence/{nid}").json()
        source = combined.pop("source")
        assert combined == app_client.get(f"/api/node/{nid}").json(), nid
        first = next(s for s in combined["sources"] if s.get("evidence"))
        assert (source.pop("for"), source.pop("snippet")) == (first["section_id"], first["evidence"])
        assert (
            source == app_client.get(f"/api/source/{first['section_id']}", params={"snippet": first["evidence"]}).json()
        )
        assert source["marks"], f"{nid}: the snippet is not highlighted in §{source['section']}"
    missing = app_client.get("/api/explore/evidence/org-nowhere")
    assert missing.status_code == 404 and "org-nowhere" in missing.json()["error"]


def test_an_analysis_names_the_graphs_nodes_its_rows_rest_on(app_client: TestClient, workspace: Workspace) -> None:
    gaps = app_client.get("/api/analyses/gaps").json()
    nodes = set(gaps["nodes"])
    assert nodes <= set(workspace.projection)
    listed = {n for row in gaps["tables"]["gaps"] for n in row["nodes"]}
    assert listed <= nodes and {row["subject"] for row in gaps["tables"]["gaps"]} <= nodes
    assert not nodes & {row["kind"] for row in gaps["tables"]["gaps"]}  # a kind is no node
