"""Recipients on the co-creator ↔ passive-recipient continuum (§5, question 4).

Each recipient is placed at its measured distance from the work group that designed the
activities (:func:`tmb_graph.analysis.recipients.recipient_distance`): left, short distance — the
recipient's stated needs shaped the content (co-creators); right, long distance — passive
recipients. One horizontal lane per work group; the colour is the involvement the source
records, so the measured position and the recorded band can be compared at a glance.
Recipients no work group reaches (their activities belong to other bodies) are drawn in a last
lane at the far right. Every node is placed here; nothing moves.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from tmb_graph.analysis.recipients import RecipientsResult, recipient_distance
from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import name_of, sections, short, tooltip, what
from tmb_graph.view.network import Annotation, Band, VEdge, ViewGraph, VNode

X0 = 0.0
XS = 360.0
BODY_X = -330.0
ROW = 64.0
CELL_COLUMNS = 2
KINDS = {
    "co_creator": "recipient_co_creator",
    "participant": "recipient_participant",
    "passive_recipient": "recipient_passive",
}


def cell_columns(cells: dict[tuple[str, float], list[str]], lane: str, dist: float) -> int:
    """Recipients at one distance in one lane stand in two columns when there are many and no
    other distance in the lane is close enough for the columns to overlap it; else in one."""
    ids = cells[(lane, dist)]
    crowded = any(ln == lane and d != dist and abs(d - dist) < 0.35 for ln, d in cells)
    return CELL_COLUMNS if len(ids) > 3 and not crowded else 1


def continuum_view(g: nx.MultiDiGraph, recipients: RecipientsResult | None = None) -> ViewGraph:
    """Recipients placed by their distance to the work group, one lane per work group.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of a programme graph.
    recipients : RecipientsResult, optional
        The recipients analysis, if already computed.

    Returns
    -------
    ViewGraph
        Every node placed (``physics`` off).
    """
    v = View(g)
    res = recipients or recipient_distance(g)
    view = ViewGraph("continuum", "Recipients on the co-creator ↔ passive-recipient continuum", physics=False)
    view.subtitle = (
        "Distance = the shortest weighted path from a recipient to the work group that designed the activities; an "
        "edge is shorter the more the recipient took part (needs shaped the content, tailored support, feedback, "
        "repeated contact). Colour = the involvement the source records."
    )
    view.notes.append(res.summary())
    finite = [r.distance for r in res.recipients if math.isfinite(r.distance)]
    far = (max(finite, default=1.0) + 1.0) if finite else 1.0

    work_groups = set(v.bodies_of_kind("work_group"))
    lane_of: dict[str, str] = {}
    for r in res.recipients:
        home = r.path[-1] if r.path and r.path[-1] in work_groups else ""
        lane_of[r.recipient] = home or next((b for b in r.bodies if b in work_groups), "") or "(none)"
    means = {b.body: b.mean_distance for b in res.by_body}
    lanes = sorted({lane for lane in lane_of.values() if lane != "(none)"}, key=lambda b: (means.get(b, far), b))
    if "(none)" in lane_of.values():
        lanes.append("(none)")

    cells: dict[tuple[str, float], list[str]] = defaultdict(list)
    for r in res.recipients:
        cells[(lane_of[r.recipient], r.distance if math.isfinite(r.distance) else far)].append(r.recipient)
    y = 0.0
    lane_y: dict[str, tuple[float, float]] = {}
    for i, lane in enumerate(lanes):
        tallest = max(
            (math.ceil(len(ids) / cell_columns(cells, ln, d)) for (ln, d), ids in cells.items() if ln == lane),
            default=1,
        )
        height = tallest * ROW + 40.0
        lane_y[lane] = (y, y + height)
        shade = "#f3f6fa" if i % 2 == 0 else "#ffffff"
        view.bands.append(Band(BODY_X - 130, y, X0 + far * XS + 150, y + height, shade))
        y += height

    rows = {r.recipient: r for r in res.recipients}
    for lane in lanes:
        top, bottom = lane_y[lane]
        centre = (top + bottom) / 2
        if lane == "(none)":
            view.annotations.append(
                Annotation(BODY_X, centre, "reached only by\nbodies outside the\nwork groups", 13, "#555555")
            )
        else:
            node = v.node(lane)
            mean = means.get(lane)
            tip = tooltip(
                name_of(node),
                ("recipients", sum(1 for r in res.recipients if lane in r.bodies)),
                ("mean distance", mean if mean is not None else ""),
                ("source", sections(v, lane)),
            )
            view.add_node(VNode(lane, "work_group", short(name_of(node), 20, 3), tip, x=BODY_X, y=centre))
        for (ln, dist), ids in sorted(cells.items()):
            if ln != lane:
                continue
            columns = cell_columns(cells, ln, dist)
            n_rows = math.ceil(len(ids) / columns)
            first = centre - (n_rows - 1) * ROW / 2
            for k, rid in enumerate(sorted(ids, key=lambda x: (-rows[x].score, x))):
                r = rows[rid]
                row, col = divmod(k, columns)
                dx = (col - (columns - 1) / 2) * 140.0
                kind = KINDS.get(r.recorded_involvement, "recipient_unknown")
                tip = tooltip(
                    name_of(g.nodes[rid]) if rid in g else r.name,
                    ("Swedish", r.name),
                    ("what", what(g, rid) if rid in g else ""),
                    ("distance", r.distance if math.isfinite(r.distance) else "no path to a work group"),
                    ("involvement score", r.score),
                    ("recorded involvement", r.recorded_involvement.replace("_", " ")),
                    ("position on the continuum", f"{r.position} of {len(res.recipients)}"),
                    ("reached by", [name_of(v.node(a)) for a in r.activities][:6]),
                    ("path", " → ".join(r.path)),
                    ("source", ", ".join(f"§{s}" for s in r.sections)),
                )
                label = short(name_of(g.nodes[rid]) if rid in g else r.name, 17, 2)
                view.add_node(VNode(rid, kind, label, tip, x=X0 + dist * XS + dx, y=first + row * ROW))

    for r in res.recipients:
        for b in r.bodies:
            if view.has(b) and view.has(r.recipient):
                tip = tooltip(
                    f"{name_of(v.node(b))} → {r.name}",
                    ("distance", r.distance if math.isfinite(r.distance) else "∞"),
                    ("path", " → ".join(r.path)),
                )
                view.add_edge(VEdge(b, r.recipient, "distance", tip))

    # the axis
    top = -70.0
    steps = sorted({d for d in (0.5 * k for k in range(0, int(far * 2) + 1)) if d <= far - 1.0 + 1e-9})
    for d in steps:
        if d == int(d):
            view.annotations.append(Annotation(X0 + d * XS, top + 30, f"{d:g}", 14, "#555555"))
            view.bands.append(Band(X0 + d * XS - 0.5, top + 45, X0 + d * XS + 0.5, y, "#d0d0d0"))
    if "(none)" in lanes:
        view.annotations.append(Annotation(X0 + far * XS, top + 30, "no path", 14, "#555555"))
    view.annotations.append(
        Annotation(X0 - 40, top - 10, "← co-creators (close to the work group)", 17, "#00684c", "left", True)
    )
    view.annotations.append(
        Annotation(X0 + far * XS + 60, top - 10, "passive recipients (far from it) →", 17, "#4d4d4d", "right", True)
    )
    view.annotations.append(Annotation(X0 + (far - 1) * XS / 2, top + 8, "distance", 13, "#555555"))
    view.legend_extra.append(
        "Left to right: measured distance to the work group. A dot's colour is what the source records; a green dot far "
        "right, or a grey one far left, is where measurement and record disagree."
    )
    return view
