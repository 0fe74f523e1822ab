"""The whole implementation organisation, optionally as it stood on one day.

Drawn: the programme and its bodies (steering group, start-up group, work groups), the
signatories and conveners, every tenure (a representative's seat, drawn from the person to the
body, with the organisation they represent), replacements, the bodies' activities and the
recipients they reached. Over the node budget the view aggregates
(:func:`~tmb_graph.view.network.fit_to_budget`): activities are grouped per body and outcome,
then representatives are collapsed into their organisation (one thick edge organisation → body
whose tooltip lists the holders), then recipients are grouped per body.

Layout, in layers from the top: the programme; the organisations (ordered so that their lines
to the bodies cross as little as possible); the representatives, if drawn; the programme's
bodies side by side on a shaded band; under each body its activities and, further down, the
recipients they reached. The layout is computed here, so the picture is the same every time
and nothing moves.

With ``at``, tenures not held that day are left out
(:func:`~tmb_graph.propertygraph.projection.active_at`, the one rule) and so are activities that had
not started and bodies that did not exist that day (the start-up group after the programme's
adoption, a work group before its start): who held which mandate then. Bodies outside the
programme's organisation (a national work group a representative also sat in) are not drawn;
the header names them and the tenures they hold, so the view's count plus theirs is what
``tmb mandates`` counts.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from dataclasses import dataclass

import networkx as nx

from tmb_graph.propertygraph.projection import View, active_at, exists_on
from tmb_graph.view.describe import name_of
from tmb_graph.view.elements import Drawer, programme_bodies
from tmb_graph.view.layout import place_grid, place_row, place_row_near
from tmb_graph.view.network.graph import Annotation, Band, Collapse, ViewGraph, fit_to_budget

#: the whole organisation collapses representatives before recipients: the persons are
#: pseudonymous dots, and their lines to the shared organisations would fill the picture
LADDER = (Collapse.SUB_ACTIVITIES, Collapse.ACTIVITIES, Collapse.PERSONS, Collapse.RECIPIENTS, Collapse.ORGANISATIONS)
#: node budget of the whole-organisation view
MAX_ORGANISATION_NODES = 100
COLUMN = 280.0


def organisation_view(
    g: nx.MultiDiGraph, at: dt.date | None = None, max_nodes: int = MAX_ORGANISATION_NODES
) -> ViewGraph:
    """The implementation organisation (on ``at``, if given) as a view graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    at : datetime.date, optional
        Draw the organisation as it stood on this day.
    max_nodes : int
        Aggregate until the view has at most this many nodes.

    Returns
    -------
    ViewGraph
        Every node placed (``physics`` off).

    Examples
    --------
    >>> view = organisation_view(load_projection(Path("build")))      # doctest: +SKIP
    >>> view.node_count <= 100                                          # doctest: +SKIP
    True
    """
    h = active_at(g, at) if at is not None else g
    v = View(h)
    organisation = programme_bodies(v)
    programmes = [b for b in organisation if h.nodes[b].get("kind") == "programme"]
    # the programme is the frame of the picture; its bodies are drawn on the days they existed
    members = [b for b in organisation if b not in programmes and (at is None or exists_on(h.nodes[b], at))]
    bodies = [b for b in organisation if b in programmes or b in members]
    left_out = left_out_notes(v, organisation, bodies, at)
    title_name = " · ".join(name_of(h.nodes[p]) for p in programmes) or "the programme"

    def build(collapsed: frozenset[Collapse]) -> ViewGraph:
        name = f"organisation-{at.isoformat()}" if at else "organisation"
        title = f"The implementation organisation of {title_name}" + (f" on {at.isoformat()}" if at else "")
        view = ViewGraph(name, title, physics=False)
        drawer = Drawer(h, view, collapsed, at)
        for b in bodies:
            drawer.body(b)
        for p in programmes:
            drawer.signatories(p)
        for b in members:
            drawer.conveners(b)
        for b in bodies:
            drawer.seats(b)
        for b in bodies:
            drawn = drawer.activities(b)
            drawer.recipients(b, drawn)
        drawer.units()
        view.tenures = [m for b in bodies for m in drawer.memberships(b)]
        tenures = len(view.tenures)
        how = (
            "Each organisation's thick blue line to a body stands for its representatives there (the label counts "
            "tenures, ↻ changes of holder)."
            if Collapse.PERSONS in collapsed
            else "Each representative is a dot linked to the body they sat in and (grey, dashed) to the organisation "
            "they represented; red arrows mark a replacement on a seat."
        )
        view.subtitle = (
            f"{len(bodies)} bodies, {tenures} tenures" + (" held that day" if at else "") + f". {how} "
            "Hover for names, roles, tenures and sources."
        )
        if at:
            view.notes.append(
                f"Only tenures held on {at.isoformat()}, bodies that existed then and activities started by then "
                "are drawn."
            )
        view.notes += left_out
        return view

    view = fit_to_budget(build, max_nodes, LADDER)
    place(view, programmes, members, title_name)
    return view


def left_out_notes(v: View, organisation: list[str], drawn: list[str], at: dt.date | None) -> list[str]:
    """Header notes naming the bodies the view does not draw, and the tenures they hold.

    Two kinds: bodies of the programme that did not exist on ``at`` (ended or not yet
    started), and bodies outside the programme's organisation that hold tenures (national work
    groups, networks). ``v`` is the projection already restricted to ``at``.
    """

    def tenures(b: str) -> int:
        return sum(1 for m in v.into(b, "IN_BODY") if "Membership" in v.g.nodes[m].get("labels", ()))

    held = " held that day" if at else ""
    notes = []
    absent = [b for b in organisation if b not in drawn]
    if absent and at is not None:
        parts = []
        for b in absent:
            node = v.node(b)
            start, end = node.get("start_earliest"), node.get("end_earliest")
            when = (
                f"ended {node.get('end', end)}"
                if end and str(end) <= at.isoformat()
                else f"from {node.get('start', start)}"
            )
            parts.append(f"{name_of(node)} ({when})")
        notes.append(f"Not drawn, as they did not exist on {at.isoformat()}: {'; '.join(parts)}.")
    outside = [b for b in v.with_label("Body") if b not in organisation and tenures(b)]
    if outside:
        parts = [f"{name_of(v.node(b))} ({tenures(b)} tenure{'s' if tenures(b) != 1 else ''}{held})" for b in outside]
        notes.append(f"Not drawn, as they are outside the programme's organisation: {'; '.join(parts)}.")
    return notes


@dataclass(frozen=True)
class Placement:
    """Where :func:`organisation_layout` puts everything: node positions, the band and the row titles."""

    positions: dict[str, tuple[float | None, float | None]]
    bands: list[Band]
    annotations: list[Annotation]


@dataclass(frozen=True)
class _Rows:
    """The heights of the layers, from the top."""

    prog: float
    org: float
    person: float
    body: float
    act: float
    rec: float


def place(view: ViewGraph, programmes: list[str], members: list[str], title_name: str) -> None:
    """Lay the view out in layers (see the module docstring): apply :func:`organisation_layout`."""
    layout = organisation_layout(view, programmes, members, title_name)
    for nid, (x, y) in layout.positions.items():
        view.nodes[nid].x, view.nodes[nid].y = x, y
    view.bands.extend(layout.bands)
    view.annotations.extend(layout.annotations)


def organisation_layout(view: ViewGraph, programmes: list[str], members: list[str], title_name: str) -> Placement:
    """Compute the layered layout of a drawn organisation without changing ``view``.

    The row placers of :mod:`tmb_graph.view.layout` write positions on nodes and read those
    already placed, so the layout runs on a copy of the view and hands back what it decided.

    Examples
    --------
    >>> from tmb_graph.view.network.graph import VNode
    >>> view = ViewGraph("o", "O")
    >>> for b in ("b1", "b2"):
    ...     _ = view.add_node(VNode(b, "work_group", b, b))
    >>> organisation_layout(view, [], ["b1", "b2"], "it").positions
    {'b1': (-140.0, 380.0), 'b2': (140.0, 380.0)}
    """
    work = copy.deepcopy(view)
    work.bands, work.annotations = [], []
    kinds = {nid: n.kind for nid, n in work.nodes.items()}
    bodies = [b for b in members if b in work.nodes]
    # rows from the top
    y_org = 150.0
    has_persons = any(k == "person" for k in kinds.values())
    y_body = (y_org + 170.0 + 170.0) if has_persons else (y_org + 230.0)
    rows = _Rows(0.0, y_org, y_org + 170.0, y_body, y_body + 120.0, y_body + 120.0 + 130.0)

    body_x = place_row(work, bodies, rows.body, COLUMN)
    prog_x = place_row(work, [p for p in programmes if p in work.nodes], rows.prog, 260.0)
    owner, beside, deepest = _place_activities(work, kinds, bodies, body_x, prog_x, rows.act)
    rows = dataclasses.replace(rows, rec=max(rows.rec, deepest + 110.0))
    lower = _place_recipients(work, kinds, bodies, programmes, body_x, prog_x, owner, beside, rows)
    persons = [n for n in work.nodes if kinds[n] == "person"]
    leftovers = [n for n in work.nodes if work.nodes[n].x is None]
    place_row(work, leftovers, rows.rec + 420.0, 120.0)
    _frame(work, rows, COLUMN * max(1, len(bodies)), title_name, bool(persons), bool(owner), any(lower.values()))
    return Placement({nid: (n.x, n.y) for nid, n in work.nodes.items()}, work.bands, work.annotations)


def _place_activities(
    view: ViewGraph,
    kinds: dict[str, str],
    bodies: list[str],
    body_x: dict[str, float],
    prog_x: dict[str, float],
    y_act: float,
) -> tuple[dict[str, str], list[str], float]:
    """Each body's activities in a grid under it; returns each activity's owner, the programme's
    own activities (placed later, beside the programme) and the bottom of the grids."""
    below: dict[str, list[str]] = {b: [] for b in bodies}
    owner: dict[str, str] = {}
    for e in view.edges:
        if e.relation == "activity_of" and (e.target in below or e.target in prog_x):
            owner[e.source] = e.target
    for e in view.edges:
        if e.relation == "sub_activity" and e.target in owner:
            owner.setdefault(e.source, owner[e.target])
    acts = sorted(owner, key=lambda a: (owner[a], kinds[a], a))
    beside: list[str] = []
    for a in acts:
        (beside if owner[a] in prog_x else below[owner[a]]).append(a)
    for b, items in below.items():
        place_grid(view, items, body_x[b], y_act, 1 if len(items) <= 2 else 2, COLUMN * 0.48, 62.0)
    deepest = (
        y_act + 62.0 * max((len(i) + 1) // 2 if len(i) > 2 else len(i) - 1 for i in below.values()) if below else y_act
    )
    return owner, beside, deepest


def _place_recipients(
    view: ViewGraph,
    kinds: dict[str, str],
    bodies: list[str],
    programmes: list[str],
    body_x: dict[str, float],
    prog_x: dict[str, float],
    owner: dict[str, str],
    beside: list[str],
    rows: _Rows,
) -> dict[str, list[str]]:
    """Recipients under the body whose activity reached them, the programme's own beside it, then
    the representatives and the organisations above; returns the recipients per body."""
    # recipients that are not organisations placed above: under the body whose activity reached them
    placed = set(body_x) | set(programmes) | set(owner)
    reached_by = _reached_by(view, owner)
    # the programme's own activities, and whom they reached, to the right of the programme
    right = max(prog_x.values(), default=0.0) + 230.0
    beside += sorted(
        n for n, b in reached_by.items() if b in prog_x and n not in placed and not kinds[n].startswith("org")
    )
    place_row(view, beside, rows.prog, 150.0, right + 75.0 * (len(beside) - 1))
    placed |= set(beside)
    upper = _upper(view, kinds, placed, reached_by)
    lower: dict[str, list[str]] = {b: [] for b in bodies}
    for n in sorted(view.nodes):
        if n not in placed and n not in upper and reached_by.get(n) in lower:
            lower[reached_by[n]].append(n)
    for b, items in lower.items():
        place_grid(
            view,
            sorted(items, key=lambda n: (kinds[n], view.nodes[n].label)),
            body_x[b],
            rows.rec,
            2,
            COLUMN * 0.5,
            58.0,
        )

    persons = [n for n in view.nodes if kinds[n] == "person"]
    person_x = place_row_near(view, persons, {**body_x, **prog_x}, rows.person, 44.0, stagger=55.0)
    anchor_x = {**body_x, **person_x}
    place_row_near(view, upper, anchor_x, rows.org, 125.0, stagger=60.0)
    return lower


def _reached_by(view: ViewGraph, owner: dict[str, str]) -> dict[str, str]:
    """Each reached node's body: the owner of the first drawn activity that reached it."""
    reached_by: dict[str, str] = {}
    for e in view.edges:
        if e.relation == "reached" and e.source in owner and e.target not in reached_by:
            reached_by[e.target] = owner[e.source]
    return reached_by


def _upper(view: ViewGraph, kinds: dict[str, str], placed: set[str], reached_by: dict[str, str]) -> list[str]:
    """The organisations for the upper row: those not placed yet, less the ones that are only
    recipients (no seat, representation, signature or convening), which go under their body."""
    upper = [n for n in view.nodes if n not in placed and kinds[n].startswith(("org", "organisations"))]
    recipients_only = {
        n
        for n in upper
        if n in reached_by
        and not any(
            e.relation in ("seats", "represents", "signed", "convened") and n in (e.source, e.target)
            for e in view.edges
        )
    }
    return [n for n in upper if n not in recipients_only]


def _frame(
    view: ViewGraph, rows: _Rows, width: float, title_name: str, persons: bool, activities: bool, recipients: bool
) -> None:
    """The bodies' band and the title of each row that holds something."""
    half = width / 2
    view.bands.append(Band(-half - 20, rows.body - 45, half + 20, rows.body + 45, "#e8f1f8", "#b9d3e6"))
    view.annotations.append(
        Annotation(-half - 10, rows.body - 58, f"The bodies of {title_name}", 15, "#23527c", "left", bold=True)
    )
    view.annotations.append(Annotation(-half - 10, rows.org - 45, "Organisations", 15, "#7a5200", "left", bold=True))
    if persons:
        view.annotations.append(
            Annotation(-half - 10, rows.person - 40, "Representatives", 15, "#333333", "left", bold=True)
        )
    if activities:
        view.annotations.append(
            Annotation(-half - 10, rows.act - 50, "Activities of each body", 15, "#00684c", "left", bold=True)
        )
    if recipients:
        view.annotations.append(
            Annotation(-half - 10, rows.rec - 50, "Recipients the activities reached", 15, "#5e3c7e", "left", bold=True)
        )
