"""The views, graph side: what they draw, how they aggregate, and that their HTML needs no network."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.analysis.layers import missing_layers
from tmb_graph.analysis.recipients import recipient_distance
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View, active_at
from tmb_graph.view.continuum import continuum_view
from tmb_graph.view.elements import programme_bodies
from tmb_graph.view.ideal import ideal_view
from tmb_graph.view.network.graph import Collapse, VEdge, ViewGraph, VNode
from tmb_graph.view.network.page import assert_offline, remote_references, render_html
from tmb_graph.view.network.style import NODE_STYLES
from tmb_graph.view.organisation import organisation_view
from tmb_graph.view.views import build_views, write_views
from tmb_graph.view.workgroup import work_groups, workgroup_view

FETCHING = re.compile(r"""(?i)(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""")


def test_every_view_html_is_self_contained(projection: nx.MultiDiGraph) -> None:
    for view, _ in build_views(projection, "all"):
        page = render_html(view)
        assert not FETCHING.search(page), f"{view.name} references the network"
        assert "bootstrap" not in page.lower(), "pyvis's remote Bootstrap links are stripped"
        assert "vis.Network" in page and "<script src" not in page, "vis-network is inlined"
        assert page.count('<aside id="tmb-legend"') == 1
        for kind in view.kinds():
            assert f'data-kind="{kind}"' in page
        for rel in view.relations():
            assert f'data-relation="{rel}"' in page


def test_the_offline_check_catches_what_pyvis_leaves_behind() -> None:
    page = (
        '<link href="https://cdn.jsdelivr.net/npm/bootstrap@5/dist/css/bootstrap.min.css" rel="stylesheet">'
        "<style>@font-face { src: url('https://fonts.example/x.woff2'); }</style>"
        '<script src="//cdn.example/vis.js"></script><img src="data:image/png;base64,AAAA">'
    )
    found = remote_references(page)
    assert len(found) == 3
    with pytest.raises(TmbError, match="network"):
        assert_offline(page)


def test_rendering_is_deterministic(projection: nx.MultiDiGraph) -> None:
    assert render_html(workgroup_view(projection, "wg-est")) == render_html(workgroup_view(projection, "wg-est"))


def test_the_whole_organisation_shows_bodies_organisations_activities_and_recipients(
    projection: nx.MultiDiGraph,
) -> None:
    view = organisation_view(projection)
    bodies = programme_bodies(View(projection))
    assert all(view.has(b) for b in bodies)
    kinds = set(view.kinds())
    assert {"programme", "steering_group", "work_group", "org_state", "activities_grouped"} <= kinds
    assert view.node_count <= 100 and not view.physics
    assert all(n.x is not None and n.y is not None for n in view.nodes.values())
    # the seven signatories are drawn with their signature
    assert sum(1 for e in view.edges if e.relation == "signed") == 7


def test_persons_collapse_into_their_organisation_above_the_node_budget(projection: nx.MultiDiGraph) -> None:
    full = organisation_view(projection, max_nodes=10_000)
    assert full.collapsed == frozenset() and any(n.kind == "person" for n in full.nodes.values())
    small = organisation_view(projection, max_nodes=60)
    assert small.node_count <= 60
    assert Collapse.PERSONS in small.collapsed
    assert not any(n.kind == "person" for n in small.nodes.values())
    assert any(e.relation == "seats" for e in small.edges)
    assert small.notes[0].startswith("Simplified to stay readable")


def test_a_national_sized_organisation_is_aggregated_not_a_hairball(projection: nx.MultiDiGraph) -> None:
    # 3,000 extra representatives from 600 extra municipalities in the seven work groups
    g = projection.copy()
    wgs = work_groups(g)
    for i in range(3_000):
        org, person, m = f"org-x{i % 600}", f"p-x{i}", f"m-x{i}"
        g.add_node(org, labels=frozenset({"Organisation"}), name=f"Kommun {i % 600}", type="municipality")
        g.add_node(person, labels=frozenset({"Person"}), label=f"person {i}")
        g.add_node(m, labels=frozenset({"Membership"}), role="representative", start_earliest="2019-01-01")
        g.add_edge(person, m, key="HOLDS")
        g.add_edge(m, wgs[i % len(wgs)], key="IN_BODY")
        g.add_edge(m, org, key="ON_BEHALF_OF")
    view = organisation_view(g)
    assert view.node_count <= 100
    assert Collapse.ORGANISATIONS in view.collapsed
    assert any(n.kind == "organisations_grouped" for n in view.nodes.values())


def test_the_organisation_on_a_date_draws_the_tenures_held_that_day(projection: nx.MultiDiGraph) -> None:
    day = dt.date(2019, 6, 1)
    view = organisation_view(projection, day, max_nodes=10_000)
    h = active_at(projection, day)
    v = View(h)
    bodies = set(programme_bodies(v))
    held = [m for m in v.with_label("Membership") if v.one(m, "IN_BODY") in bodies]
    holders = {p for m in held for p in v.into(m, "HOLDS")}
    drawn = {nid for nid, n in view.nodes.items() if n.kind == "person"}
    assert drawn == holders
    assert sum(1 for e in view.edges if e.relation == "seat") == len(
        {(p, v.one(m, "IN_BODY")) for m in held for p in v.into(m, "HOLDS")}
    )
    assert view.title.endswith("on 2019-06-01")
    # a person who left before that day is not drawn
    left = {p for m in View(projection).with_label("Membership") for p in View(projection).into(m, "HOLDS")} - holders
    assert left and not (left & drawn)


def test_a_work_group_view_has_its_seats_activities_recipients_and_goals(projection: nx.MultiDiGraph) -> None:
    view = workgroup_view(projection, "wg-est")
    v = View(projection)
    tenures = [m for m in v.into("wg-est", "IN_BODY") if "Membership" in projection.nodes[m]["labels"]]
    assert {n for n, x in view.nodes.items() if x.kind == "person"} == {p for m in tenures for p in v.into(m, "HOLDS")}
    assert any(e.relation == "replaced" for e in view.edges), "the EST group's change of KFSK representative"
    assert {n for n, x in view.nodes.items() if x.kind.startswith("goal")} == set(v.into("wg-est", "GOAL_OF"))
    assert any(x.kind.startswith("activity") for x in view.nodes.values())
    assert any(e.relation == "reached" for e in view.edges)
    tips = [e.tooltip for e in view.edges if e.relation == "seat"]
    assert all("tenure:" in t and "source: §" in t for t in tips)


def test_unknown_views_and_work_groups_are_clear_errors(projection: nx.MultiDiGraph, graph_dir: Path) -> None:
    with pytest.raises(TmbError, match="not a work group"):
        workgroup_view(projection, "wg-nope")
    with pytest.raises(TmbError, match="unknown view"):
        build_views(projection, "hairball")
    with pytest.raises(TmbError, match="takes no date"):
        build_views(projection, "continuum", dt.date(2019, 1, 1))
    with pytest.raises(TmbError, match="directory"):
        write_views(graph_dir, "workgroup", graph_dir / "one.html", g=projection)


def test_the_ideal_view_highlights_every_missing_layer(projection: nx.MultiDiGraph) -> None:
    view = ideal_view(projection)
    missing = missing_layers(projection).missing()
    assert sorted(n.removeprefix("missing:") for n, x in view.nodes.items() if x.kind == "missing_layer") == sorted(
        missing
    )
    assert {e.source for e in view.edges if e.relation == "not_realised"} == set(missing)
    assert any("MISSING LAYER" in a.text for a in view.annotations)
    assert view.has("sg-stmb") and all(view.has(b) for b in work_groups(projection))
    # ideal on the left, the programme on the right, on the same rows
    ideal_x = [x.x for x in view.nodes.values() if x.kind == "ideal_layer"]
    real_x = [x.x for x in view.nodes.values() if x.kind != "ideal_layer"]
    assert max(i for i in ideal_x if i is not None) < min(r for r in real_x if r is not None)


def test_the_continuum_orders_recipients_by_distance(projection: nx.MultiDiGraph) -> None:
    res = recipient_distance(projection)
    view = continuum_view(projection, res)
    rows = {r.recipient: r for r in res.recipients}
    assert set(rows) <= set(view.nodes)
    by_distance: dict[float, list[float]] = {}
    for rid, r in rows.items():
        x = view.nodes[rid].x
        assert x is not None
        by_distance.setdefault(r.distance, []).append(x)
    centres = [sum(xs) / len(xs) for _, xs in sorted(by_distance.items())]
    assert centres == sorted(centres) and len(set(centres)) == len(centres), "further right = further away"
    colours = {view.nodes[rid].kind for rid, r in rows.items() if r.recorded_involvement == "co_creator"}
    assert colours == {"recipient_co_creator"}


def test_a_view_graph_refuses_unknown_kinds_and_dangling_edges() -> None:
    view = ViewGraph("t", "test")
    with pytest.raises(TmbError, match="unknown node kind"):
        view.add_node(VNode("a", "nonsense", "a", "a"))
    view.add_node(VNode("a", next(iter(NODE_STYLES)), "a", "a"))
    with pytest.raises(TmbError, match="drawn first"):
        view.add_edge(VEdge("a", "b", "part_of", ""))


def test_a_physics_view_gets_stabilised_then_frozen() -> None:
    view = ViewGraph("p", "physics", physics=True)
    for i in range(5):
        view.add_node(VNode(f"n{i}", "person", f"n{i}", f"node {i}"))
    for i in range(4):
        view.add_edge(VEdge(f"n{i}", f"n{i + 1}", "represents", "x"))
    page = render_html(view)
    assert "window.TMB_PHYSICS = true" in page
    assert '"solver": "forceAtlas2Based"' in page
    assert "stabilizationIterationsDone" in page
