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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from tmb_graph.analysis.recipients import RecipientRow, RecipientsResult, recipient_distance
from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import name_of, sections, short, tooltip, what
from tmb_graph.view.network.graph import Annotation, Band, VEdge, ViewGraph, VNode

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
        Every node placed (``physics`` off) by :func:`continuum_layout`; the bands and the axis
        by :func:`frame_layout`.
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

    means = {b.body: b.mean_distance for b in res.by_body}
    lanes, lane_of = _lanes(v, res, means, far)

    cells: dict[tuple[str, float], list[str]] = defaultdict(list)
    for r in res.recipients:
        cells[(lane_of[r.recipient], r.distance if math.isfinite(r.distance) else far)].append(r.recipient)
    rows = {r.recipient: r for r in res.recipients}
    placed = continuum_layout(lanes, cells, {rid: r.score for rid, r in rows.items()})

    for lane in placed:
        if lane.name != "(none)":
            view.add_node(_work_group_node(v, res, lane.name, means.get(lane.name), lane.centre))
        for rid, x, y in lane.placed:
            view.add_node(_recipient_node(g, v, rows[rid], len(res.recipients), x, y))
    _draw_distances(view, v, res)

    bands, notes = frame_layout(placed, far)
    view.bands.extend(bands)
    view.annotations.extend(notes)
    view.legend_extra.append(
        "Left to right: measured distance to the work group. A dot's colour is what the source records; a green dot far "
        "right, or a grey one far left, is where measurement and record disagree."
    )
    return view


@dataclass(frozen=True)
class Lane:
    """One lane of the continuum: a work group's band and its recipients, in drawing order, placed."""

    name: str
    top: float
    bottom: float
    placed: tuple[tuple[str, float, float], ...]

    @property
    def centre(self) -> float:
        """Where the work group stands: the middle of its band."""
        return (self.top + self.bottom) / 2


def continuum_layout(
    lanes: Sequence[str], cells: dict[tuple[str, float], list[str]], score: Mapping[str, float]
) -> list[Lane]:
    """Place each lane below the one before, and each recipient by its distance (x) in its lane.

    ``cells`` holds the recipients per ``(lane, distance)``; in a cell the highest ``score``
    comes first, in one or two columns (:func:`cell_columns`), centred on the lane.

    Examples
    --------
    >>> [(lane.top, lane.bottom, lane.placed) for lane in continuum_layout(["wg"], {("wg", 1.0): ["a"]}, {"a": 1.0})]
    [(0.0, 104.0, (('a', 360.0, 52.0),))]
    """
    out: list[Lane] = []
    y = 0.0
    for lane in lanes:
        tallest = max(
            (math.ceil(len(ids) / cell_columns(cells, ln, d)) for (ln, d), ids in cells.items() if ln == lane),
            default=1,
        )
        height = tallest * ROW + 40.0
        centre = (y + (y + height)) / 2
        placed: list[tuple[str, float, float]] = []
        for (ln, dist), ids in sorted(cells.items()):
            if ln != lane:
                continue
            columns = cell_columns(cells, ln, dist)
            n_rows = math.ceil(len(ids) / columns)
            first = centre - (n_rows - 1) * ROW / 2
            for k, rid in enumerate(sorted(ids, key=lambda x: (-score[x], x))):
                row, col = divmod(k, columns)
                dx = (col - (columns - 1) / 2) * 140.0
                placed.append((rid, X0 + dist * XS + dx, first + row * ROW))
        out.append(Lane(lane, y, y + height, tuple(placed)))
        y += height
    return out


def frame_layout(lanes: Sequence[Lane], far: float) -> tuple[list[Band], list[Annotation]]:
    """The lane bands, the distance axis and its words (``far``: where "no path" stands).

    Examples
    --------
    >>> bands, notes = frame_layout([Lane("wg", 0.0, 104.0, ())], 2.0)
    >>> len(bands), [n.text for n in notes][:2]
    (3, ['0', '1'])
    """
    bands: list[Band] = []
    notes: list[Annotation] = []
    for i, lane in enumerate(lanes):
        shade = "#f3f6fa" if i % 2 == 0 else "#ffffff"
        bands.append(Band(BODY_X - 130, lane.top, X0 + far * XS + 150, lane.bottom, shade))
        if lane.name == "(none)":
            notes.append(
                Annotation(BODY_X, lane.centre, "reached only by\nbodies outside the\nwork groups", 13, "#555555")
            )
    bottom = lanes[-1].bottom if lanes else 0.0
    top = -70.0
    steps = sorted({d for d in (0.5 * k for k in range(0, int(far * 2) + 1)) if d <= far - 1.0 + 1e-9})
    for d in steps:
        if d == int(d):
            notes.append(Annotation(X0 + d * XS, top + 30, f"{d:g}", 14, "#555555"))
            bands.append(Band(X0 + d * XS - 0.5, top + 45, X0 + d * XS + 0.5, bottom, "#d0d0d0"))
    if any(lane.name == "(none)" for lane in lanes):
        notes.append(Annotation(X0 + far * XS, top + 30, "no path", 14, "#555555"))
    notes.append(Annotation(X0 - 40, top - 10, "← co-creators (close to the work group)", 17, "#00684c", "left", True))
    notes.append(
        Annotation(X0 + far * XS + 60, top - 10, "passive recipients (far from it) →", 17, "#4d4d4d", "right", True)
    )
    notes.append(Annotation(X0 + (far - 1) * XS / 2, top + 8, "distance", 13, "#555555"))
    return bands, notes


def _recipient_node(g: nx.MultiDiGraph, v: View, r: RecipientRow, total: int, x: float, y: float) -> VNode:
    """A recipient's node: coloured by the involvement the source records, with its distance and path."""
    rid = r.recipient
    kind = KINDS.get(r.recorded_involvement, "recipient_unknown")
    tip = tooltip(
        name_of(g.nodes[rid]) if rid in g else r.name,
        ("Swedish", r.name),
        ("what", what(g, rid) if rid in g else ""),
        ("distance", r.distance if math.isfinite(r.distance) else "no path to a work group"),
        ("involvement score", r.score),
        ("recorded involvement", r.recorded_involvement.replace("_", " ")),
        ("position on the continuum", f"{r.position} of {total}"),
        ("reached by", [name_of(v.node(a)) for a in r.activities][:6]),
        ("path", " → ".join(r.path)),
        ("source", ", ".join(f"§{s}" for s in r.sections)),
    )
    label = short(name_of(g.nodes[rid]) if rid in g else r.name, 17, 2)
    return VNode(rid, kind, label, tip, x=x, y=y)


def _lanes(
    v: View, res: RecipientsResult, means: Mapping[str, float | None], far: float
) -> tuple[list[str], dict[str, str]]:
    """The lanes, closest work group first (``(none)`` last), and each recipient's lane: the work
    group its path ends at, else the first work group that reached it."""
    work_groups = set(v.bodies_of_kind("work_group"))
    lane_of: dict[str, str] = {}
    for r in res.recipients:
        home = r.path[-1] if r.path and r.path[-1] in work_groups else ""
        lane_of[r.recipient] = home or next((b for b in r.bodies if b in work_groups), "") or "(none)"
    lanes = sorted({lane for lane in lane_of.values() if lane != "(none)"}, key=lambda b: (means.get(b, far), b))
    if "(none)" in lane_of.values():
        lanes.append("(none)")
    return lanes, lane_of


def _work_group_node(v: View, res: RecipientsResult, wg: str, mean: float | None, y: float) -> VNode:
    """A lane's work group, at the left of its lane."""
    node = v.node(wg)
    tip = tooltip(
        name_of(node),
        ("recipients", sum(1 for r in res.recipients if wg in r.bodies)),
        ("mean distance", mean if mean is not None else ""),
        ("source", sections(v, wg)),
    )
    return VNode(wg, "work_group", short(name_of(node), 20, 3), tip, x=BODY_X, y=y)


def _draw_distances(view: ViewGraph, v: View, res: RecipientsResult) -> None:
    """An edge from each drawn body to each recipient it reached, with the distance and path."""
    for r in res.recipients:
        for b in r.bodies:
            if view.has(b) and view.has(r.recipient):
                tip = tooltip(
                    f"{name_of(v.node(b))} → {r.name}",
                    ("distance", r.distance if math.isfinite(r.distance) else "∞"),
                    ("path", " → ".join(r.path)),
                )
                view.add_edge(VEdge(b, r.recipient, "distance", tip))
