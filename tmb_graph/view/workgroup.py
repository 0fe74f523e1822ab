"""One work group: its seats and their holders, activities, partners, recipients and goals.

Drawn, in columns from left to right: the organisations represented in the group; the
representatives (each holder's seat drawn to the group, a red arrow from a successor to the
predecessor); the work group itself with the programme above it and its result and process
goals below (the evaluation's assessment in the label); its activities in order of start (green
squares took place, dashed ones did not); their sub-activities beside them; and on the right
the outside organisations and bodies that co-organised them and the recipients they reached.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View, active_at, exists_on
from tmb_graph.view.describe import name_of
from tmb_graph.view.elements import Drawer
from tmb_graph.view.layout import barycentre_order_y, place_column
from tmb_graph.view.network.graph import MAX_NODES, Annotation, Collapse, ViewGraph, fit_to_budget

X_ORG, X_PERSON, X_BODY, X_ACT, X_SUB, X_OUT = -760.0, -470.0, -180.0, 130.0, 400.0, 700.0
DY = 64.0


def work_groups(g: nx.MultiDiGraph) -> list[str]:
    """Ids of the bodies of kind ``work_group``, sorted."""
    return View(g).bodies_of_kind("work_group")


def workgroup_view(g: nx.MultiDiGraph, body: str, at: dt.date | None = None, max_nodes: int = MAX_NODES) -> ViewGraph:
    """One work group as a view graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    body : str
        The work group's id (``wg-est``).
    at : datetime.date, optional
        Draw the group as it stood on this day.
    max_nodes : int
        Aggregate until the view has at most this many nodes.

    Returns
    -------
    ViewGraph
        Every node placed (``physics`` off).

    Raises
    ------
    TmbError
        When ``body`` is not a work group of the graph.
    """
    groups = work_groups(g)
    if body not in groups:
        raise TmbError(f"'{body}' is not a work group: choose one of {', '.join(groups) or '(none in this graph)'}")
    h = active_at(g, at) if at is not None else g
    v = View(h)
    node = v.node(body)

    def build(collapsed: frozenset[Collapse]) -> ViewGraph:
        name = f"workgroup-{body}" + (f"-{at.isoformat()}" if at else "")
        title = f"{name_of(node)} ({body})" + (f" on {at.isoformat()}" if at else "")
        view = ViewGraph(name, title, physics=False)
        drawer = Drawer(h, view, collapsed, at, person_labels=True)
        drawer.body(body)
        for parent in v.out(body, "PART_OF"):
            drawer.body(parent)
            drawer.part_of(body, parent)
        drawer.conveners(body)
        drawer.seats(body)
        drawn = drawer.activities(body)
        drawer.partners(drawn, body)
        drawer.recipients(body, drawn)
        drawer.goals(body)
        acts = drawer.activities_of(body)
        done = sum(1 for a in acts if v.node(a).get("happened"))
        view.tenures = drawer.memberships(body)
        if at is not None and not exists_on(node, at):
            view.notes.append(
                f"The group did not exist on {at.isoformat()} (it ran from {node.get('start', '?')} "
                f"until {node.get('end', '?')}): nothing was held in it that day."
            )
        view.subtitle = (
            f"Swedish name: {node.get('name', '')}. {len(view.tenures)} tenures"
            + (" held that day" if at else "")
            + "; "
            f"{len(acts)} activities ({done} took place, {len(acts) - done} did not)"
            + (f" started by {at.isoformat()}" if at else "")
            + ". Hover for roles, tenures, dates, reasons and sources."
        )
        return view

    view = fit_to_budget(build, max_nodes)
    place(view, body)
    return view


def place(view: ViewGraph, body: str) -> None:
    """Lay the view out in columns (see the module docstring)."""
    kinds = {nid: n.kind for nid, n in view.nodes.items()}
    out_edges: dict[str, list[tuple[str, str]]] = {}
    for e in view.edges:
        out_edges.setdefault(e.source, []).append((e.target, e.relation))

    # activities (and groups) of the body, each with its sub-activities, in order of start
    tops = [s for s, targets in out_edges.items() if (body, "activity_of") in targets]
    subs: dict[str, list[str]] = {t: [] for t in tops}
    for s, targets in out_edges.items():
        for t, rel in targets:
            if rel == "sub_activity" and t in subs:
                subs[t].append(s)
    tops.sort(key=lambda a: (view.nodes[a].order or "~", a))
    total = sum(max(1, len(subs[a])) for a in tops)
    y = -DY * (total - 1) / 2
    act_y: dict[str, float] = {}
    for a in tops:
        block = max(1, len(subs[a]))
        centre = y + DY * (block - 1) / 2
        act_y |= place_column(view, [a], X_ACT, centre, DY)
        act_y |= place_column(view, sorted(subs[a]), X_SUB, centre, DY)
        y += DY * block
    # sub-sub-activities: beside their parent, further right
    deeper = [n for n in view.nodes if kinds[n].startswith("activity") and view.nodes[n].x is None]
    for n in deeper:
        parent = next((t for t, rel in out_edges.get(n, []) if rel == "sub_activity" and t in act_y), None)
        node = view.nodes[n]
        node.x, node.y = X_SUB + 150.0, act_y.get(parent or "", 0.0) + DY / 2
        act_y[n] = node.y

    # the body, the programme above, goals below
    view.nodes[body].x, view.nodes[body].y = X_BODY, 0.0
    above = [n for n in view.nodes if kinds[n] == "programme"]
    place_column(view, above, X_BODY, -3 * DY, DY)
    goals = sorted(n for n in view.nodes if kinds[n].startswith("goal"))
    place_column(view, goals, X_BODY, 3 * DY + DY * (len(goals) - 1) / 2, DY * 1.3)

    # representatives (by tenure order) and the organisations they represent
    persons = [n for n in view.nodes if kinds[n] == "person"]
    person_y = place_column(view, persons, X_PERSON, 0.0, DY * 1.25)
    seat_orgs = {
        t
        for s, targets in out_edges.items()
        for t, rel in targets
        if rel in ("represents",) or (rel in ("seats", "convened") and t == body)
    } | {s for s, targets in out_edges.items() if any(t == body and rel in ("seats", "convened") for t, rel in targets)}
    orgs = [n for n in seat_orgs if n in view.nodes and view.nodes[n].x is None and n != body]
    place_column(view, barycentre_order_y(orgs, view, person_y), X_ORG, 0.0, DY * 1.4)

    # partners and recipients on the right, next to the activities they are linked to
    rest = [n for n in view.nodes if view.nodes[n].x is None]
    place_column(view, barycentre_order_y(rest, view, act_y), X_OUT, 0.0, DY)

    top = min((n.y for n in view.nodes.values() if n.y is not None), default=0.0) - 70.0
    for x, text in (
        (X_ORG, "Organisations"),
        (X_PERSON, "Representatives"),
        (X_BODY, "Work group"),
        (X_ACT, "Activities (by start)"),
        (X_SUB, "Parts of activities"),
        (X_OUT, "Partners and recipients"),
    ):
        if any(n.x == x for n in view.nodes.values()):
            view.annotations.append(Annotation(x, top, text, 16, "#333333", bold=True))
