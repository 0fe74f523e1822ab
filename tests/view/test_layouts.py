"""The designed layouts on their own: pure functions from what is drawn to where it stands."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.analysis.turnover import representative_turnover
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.continuum import ROW as LANE_ROW
from tmb_graph.view.continuum import Lane, continuum_layout
from tmb_graph.view.continuum import frame_layout as continuum_frame
from tmb_graph.view.ideal import IDEAL_X, REAL_LEFT, REAL_STEP, ROW, chain_layout, frame_layout, real_layout
from tmb_graph.view.network.graph import VEdge, ViewGraph, VNode
from tmb_graph.view.organisation import organisation_layout, organisation_view
from tmb_graph.view.plot_tenure import gantt_layout


@pytest.fixture(scope="module")
def g(graph_dir: Path) -> nx.MultiDiGraph:
    return load_projection(graph_dir)


def test_the_ideal_chain_stands_one_row_per_depth_centred_on_its_column() -> None:
    pos = chain_layout({0: ["commissioner"], 2: ["wg-a", "wg-b"]})
    assert pos["commissioner"] == (IDEAL_X, 0.0)
    assert pos["wg-a"][0] < IDEAL_X < pos["wg-b"][0]
    assert (pos["wg-a"][0] + pos["wg-b"][0]) / 2 == IDEAL_X
    assert pos["wg-a"][1] < 2 * ROW < pos["wg-b"][1]  # a little apart in height


def test_a_missing_layer_stands_on_its_ideal_layers_height() -> None:
    chain = {"project-group": (IDEAL_X, 2 * ROW + 17.0)}
    pos = real_layout({2: ["body-x", "missing:project-group"]}, chain)
    assert pos["missing:project-group"][1] == 2 * ROW + 17.0
    assert pos["body-x"][1] == 2 * ROW
    assert pos["missing:project-group"][0] - pos["body-x"][0] == REAL_STEP
    wide = real_layout({0: ["a", "b", "c", "d"]}, {})
    assert wide["a"][0] == REAL_LEFT  # four or more: no half-step indent


def test_the_ideal_frame_shades_missing_rows_red_and_names_them() -> None:
    bands, notes = frame_layout(2, 3, {1: ["Project group"]})
    assert [b.colour for b in bands[:3]] == ["#f4f4f4", "#fde0dd", "#f4f4f4"]
    assert notes[0].text == "MISSING LAYER: Project group" and notes[0].y == ROW - 48


def test_continuum_lanes_stack_and_recipients_sit_at_their_distance() -> None:
    cells = {("wg-a", 0.5): ["r1"], ("wg-a", 2.0): ["r2", "r3"], ("wg-b", 1.0): ["r4"]}
    lanes = continuum_layout(["wg-a", "wg-b"], cells, {"r1": 1.0, "r2": 0.1, "r3": 0.9, "r4": 0.0})
    assert [lane.name for lane in lanes] == ["wg-a", "wg-b"]
    assert lanes[0].bottom == lanes[1].top
    where = {rid: (x, y) for lane in lanes for rid, x, y in lane.placed}
    assert where["r1"][0] < where["r4"][0] < where["r2"][0]  # x grows with distance
    assert [rid for rid, _, _ in lanes[0].placed] == ["r1", "r3", "r2"]  # higher score first in a cell
    assert where["r2"][1] - where["r3"][1] == LANE_ROW
    assert lanes[1].top < where["r4"][1] < lanes[1].bottom


def test_the_continuum_frame_marks_the_no_path_lane() -> None:
    bands, notes = continuum_frame([Lane("wg", 0.0, 100.0, ()), Lane("(none)", 100.0, 200.0, ())], 3.0)
    texts = [n.text for n in notes]
    assert "no path" in texts and any(t.startswith("reached only by") for t in texts)
    assert [b.colour for b in bands[:2]] == ["#f3f6fa", "#ffffff"]


def test_the_organisation_layout_leaves_the_view_as_it_was(g: nx.MultiDiGraph) -> None:
    view = organisation_view(g, dt.date(2019, 10, 1))
    members = [n for n, node in view.nodes.items() if node.kind in ("work_group", "steering_group")]
    before = copy.deepcopy(view)
    for node in view.nodes.values():
        node.x = node.y = None
    blank = copy.deepcopy(view)
    layout = organisation_layout(view, [], members, "it")
    assert [(n.x, n.y) for n in view.nodes.values()] == [(n.x, n.y) for n in blank.nodes.values()]
    assert set(layout.positions) == set(view.nodes)
    assert all(x is not None and y is not None for x, y in layout.positions.values())
    assert before.node_count == view.node_count


def test_the_organisation_layout_puts_bodies_on_one_row_side_by_side() -> None:
    view = ViewGraph("o", "O")
    for b in ("b1", "b2", "b3"):
        view.add_node(VNode(b, "work_group", b, b))
    view.add_node(VNode("org", "org_municipal", "org", "org"))
    view.add_edge(VEdge("org", "b3", "seats", "seat"))
    layout = organisation_layout(view, [], ["b1", "b2", "b3"], "it")
    ys = {layout.positions[b][1] for b in ("b1", "b2", "b3")}
    xs = [layout.positions[b][0] for b in ("b1", "b2", "b3")]
    assert len(ys) == 1 and xs == sorted(xs)
    org_x, org_y = layout.positions["org"]
    assert org_y is not None and org_y < ys.pop()  # organisations above the bodies
    assert org_x == layout.positions["b3"][0]  # above the body it is linked to
    assert layout.bands and layout.annotations[0].text == "The bodies of it"


def test_the_gantt_layout_gives_each_seat_its_own_row_under_its_body(g: nx.MultiDiGraph) -> None:
    tenures = representative_turnover(g).tenures
    rows = [("b1", "seat a", tenures[:1]), ("b2", "seat c", []), ("b1", "seat b", [])]
    blocks, bottom = gantt_layout(["b1", "b2"], rows)
    assert [b.body for b in blocks] == ["b1", "b2"]
    assert [label for _, label, _ in blocks[0].rows] == ["seat a", "seat b"]
    ys = [y for b in blocks for y, _, _ in b.rows]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert blocks[0].y < blocks[0].rows[0][0] and blocks[1].y > blocks[0].rows[-1][0]
    assert bottom > ys[-1]
