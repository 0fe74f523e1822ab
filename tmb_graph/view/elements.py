"""Drawing the programme's elements — bodies, seats, organisations, activities, recipients, goals.

:class:`Drawer` turns projection nodes into :class:`~tmb_graph.view.network.VNode` s and
relationships into :class:`~tmb_graph.view.network.VEdge` s at a given
:class:`~tmb_graph.view.network.Collapse` steps. The organisation and work-group views decide
*what* to draw; the drawer decides *how*, so both read the same.

A seat is drawn as one edge from its holder to the body (the property graph's
``Person -HOLDS-> Membership -OF_SEAT-> Post -IN_BODY-> Body`` chain), with the role, the tenure,
the flags the source records and the source sections in its tooltip; a replacement
(``REPLACED``) as an edge from the successor to the predecessor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx

from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import (
    STATUS_WORDS,
    labels_of,
    name_of,
    period,
    sections,
    short,
    short_name,
    start_day,
    tooltip,
    what,
)
from tmb_graph.view.network.graph import Collapse, VEdge, ViewGraph, VNode, join_lines

BODY_KINDS = {
    "programme": "programme",
    "steering_group": "steering_group",
    "startup_group": "startup_group",
    "work_group": "work_group",
}
STATE = {"state_agency", "agency_unit", "region", "government", "foreign_public_body"}
MUNICIPAL = {"municipality", "municipal_unit", "municipal_association"}


def org_kind(org_type: str) -> str:
    """Node kind of an organisation type (state / municipal / other)."""
    if org_type in STATE:
        return "org_state"
    if org_type in MUNICIPAL:
        return "org_municipal"
    return "org_other"


def programme_bodies(v: View) -> list[str]:
    """The programmes and every body that is (transitively) ``PART_OF`` one, sorted."""
    found = set(v.bodies_of_kind("programme"))
    frontier = list(found)
    while frontier:
        parent = frontier.pop()
        for child in v.into(parent, "PART_OF"):
            if "Body" in v.g.nodes[child].get("labels", ()) and child not in found:
                found.add(child)
                frontier.append(child)
    # a national programme that the regional one is part of is context, not the organisation
    inner = {b for b in found if v.out(b, "PART_OF") or v.into(b, "PART_OF")}
    return sorted(inner or found)


class Drawer:
    """Adds projection elements to a :class:`ViewGraph` with some aggregation steps applied.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection (already :func:`~tmb_graph.propertygraph.projection.active_at` a date, if any).
    view : ViewGraph
        The view to add to.
    collapsed : frozenset of Collapse
        The aggregation steps to apply.
    at : datetime.date, optional
        Leave out activities that had not started by this day.
    person_labels : bool
        Draw a short label beside each person (work-group views) or leave them as dots.
    """

    def __init__(
        self,
        g: nx.MultiDiGraph,
        view: ViewGraph,
        collapsed: frozenset[Collapse],
        at: dt.date | None = None,
        person_labels: bool = False,
    ) -> None:
        self.g = g
        self.v = View(g)
        self.view = view
        self.collapsed = collapsed
        self.at = at
        self.person_labels = person_labels

    # ----------------------------------------------------------------------------- bodies
    def body(self, b: str) -> str:
        """Draw a body (programme, steering group, work group, or an outside body)."""
        if self.view.has(b):
            return b
        node = self.v.node(b)
        kind = BODY_KINDS.get(str(node.get("kind")), "other_body")
        convener = [name_of(self.v.node(o)) for o in self.v.out(b, "CONVENED_BY")]
        seats = [p for p in self.v.into(b, "IN_BODY") if "Post" in labels_of(self.g, p)]
        tip = tooltip(
            name_of(node),
            ("Swedish name", node.get("name") if node.get("name") != name_of(node) else ""),
            ("what", what(self.g, b)),
            ("period", period(node) if node.get("start") or node.get("end") else ""),
            ("convened by", convener),
            ("seats", len(seats) or ""),
            ("note", node.get("note", "")),
            ("source", sections(self.v, b)),
        )
        width = 24 if kind in ("work_group", "other_body") else 28
        self.view.add_node(VNode(b, kind, short(name_of(node), width, 3), tip))
        return b

    def part_of(self, child: str, parent: str) -> None:
        if self.view.has(child) and self.view.has(parent):
            self.view.add_edge(
                VEdge(
                    child, parent, "part_of", f"{name_of(self.v.node(child))} is part of {name_of(self.v.node(parent))}"
                )
            )

    # ----------------------------------------------------------------------- organisations
    def organisation(self, o: str, context: str = "") -> str:
        """Draw an organisation; at :attr:`Collapse.ORGANISATIONS` its type group in ``context``."""
        node = self.v.node(o)
        kind = org_kind(str(node.get("type", "")))
        if Collapse.ORGANISATIONS in self.collapsed:
            gid = f"orgs:{context}:{kind}"
            if not self.view.has(gid):
                self.view.add_node(VNode(gid, "organisations_grouped", "", ""))
            group = self.view.nodes[gid]
            members = (
                [*group.tooltip.split("\n")[1:], f"• {name_of(node)}"] if group.tooltip else [f"• {name_of(node)}"]
            )
            members = sorted(set(members))
            word = kind.removeprefix("org_").replace("municipal", "municipal bodies").replace("state", "state/regional")
            group.label = f"{len(members)} {word}\norganisations"
            group.tooltip = "\n".join([f"{len(members)} organisations ({word})", *members])
            return gid
        if self.view.has(o):
            return o
        parents = [name_of(self.v.node(p)) for p in self.v.out(o, "PART_OF")]
        tip = tooltip(
            name_of(node),
            ("Swedish name", node.get("name") if node.get("name") != name_of(node) else ""),
            ("type", what(self.g, o)),
            ("part of", parents),
            ("commitment in its operational plan", node.get("in_operational_plan", "")),
            ("source", sections(self.v, o)),
        )
        self.view.add_node(VNode(o, kind, short_name(node, 18, 2), tip))
        return o

    def units(self) -> None:
        """Draw ``PART_OF`` between organisations that are both drawn."""
        for o in list(self.view.nodes):
            if self.view.nodes[o].kind.startswith("org_"):
                for parent in self.v.out(o, "PART_OF"):
                    if self.view.has(parent):
                        self.view.add_edge(
                            VEdge(
                                o,
                                parent,
                                "unit_of",
                                f"{name_of(self.v.node(o))} is a unit of {name_of(self.v.node(parent))}",
                            )
                        )

    def signatories(self, programme: str) -> None:
        for o in self.v.out(programme, "SIGNED_BY"):
            drawn = self.organisation(o, programme)
            note = self.v.evidence(o)
            self.view.add_edge(
                VEdge(
                    drawn,
                    programme,
                    "signed",
                    tooltip(
                        f"{name_of(self.v.node(o))} signed the programme declaration",
                        ("in its operational plan", self.v.node(o).get("in_operational_plan", "")),
                        ("evidence", note),
                        ("source", sections(self.v, o)),
                    ),
                )
            )

    def conveners(self, body: str) -> None:
        for o in self.v.out(body, "CONVENED_BY"):
            drawn = self.organisation(o, body)
            self.view.add_edge(
                VEdge(drawn, body, "convened", f"{name_of(self.v.node(o))} convenes {name_of(self.v.node(body))}")
            )

    # --------------------------------------------------------------------------- seats
    def memberships(self, body: str) -> list[str]:
        """Tenures in ``body`` (ordered by start)."""
        ms = [m for m in self.v.into(body, "IN_BODY") if "Membership" in labels_of(self.g, m)]
        return sorted(ms, key=lambda m: (str(self.v.node(m).get("start_earliest", "")), m))

    def tenure_tip(self, m: str, holder: str, body: str) -> str:
        node = self.v.node(m)
        org = self.v.one(m, "ON_BEHALF_OF")
        prev = self.v.one(m, "REPLACED")
        succ = self.v.into(m, "REPLACED")
        flags = [
            f"{f.replace('_', ' ')} {node[f]}"
            for f in ("allocated_time", "anchoring", "decision_mandate", "own_time_mandate")
            if node.get(f) not in (None, "", "unknown")
        ]
        return tooltip(
            f"{holder} — {str(node.get('role', 'member')).replace('_', ' ')} in {name_of(self.v.node(body))}",
            ("on behalf of", name_of(self.v.node(org)) if org else ""),
            ("authority", node.get("authority", "")),
            ("tenure", period(node)),
            ("replaced", "yes — took over from a predecessor" if prev else ""),
            ("succeeded by", "yes — the seat changed holder" if succ else ""),
            ("stated", "; ".join(flags)),
            ("note", node.get("note", "")),
            ("source", sections(self.v, m)),
        )

    def seats(self, body: str) -> None:
        """Draw every tenure in ``body`` (persons, or their organisations when collapsed)."""
        if Collapse.PERSONS in self.collapsed:
            self._seats_collapsed(body)
            return
        for m in self.memberships(body):
            person = (self.v.into(m, "HOLDS") or [""])[0]
            if not person:
                continue
            pnode = self.v.node(person)
            holder = name_of(pnode)
            if not self.view.has(person):
                tenures = [x for x in self.v.out(person, "HOLDS")]
                tip = tooltip(
                    holder,
                    ("Swedish", pnode.get("label_sv", "")),
                    ("employer", [name_of(self.v.node(o)) for o in self.v.out(person, "MEMBER_OF")]),
                    ("tenures", len(tenures)),
                    ("note", pnode.get("note", "")),
                    ("source", sections(self.v, person)),
                )
                label = short(holder, 22, 2) if self.person_labels else ""
                self.view.add_node(VNode(person, "person", label, tip))
            self.view.add_edge(VEdge(person, body, "seat", self.tenure_tip(m, holder, body)))
            org = self.v.one(m, "ON_BEHALF_OF")
            if org:
                drawn = self.organisation(org, body)
                self.view.add_edge(
                    VEdge(person, drawn, "represents", f"{holder}\nrepresents {name_of(self.v.node(org))}")
                )
        for m in self.memberships(body):
            prev = self.v.one(m, "REPLACED")
            succ_person = (self.v.into(m, "HOLDS") or [""])[0]
            prev_person = (self.v.into(prev, "HOLDS") or [""])[0] if prev else ""
            if prev and self.view.has(succ_person) and self.view.has(prev_person) and succ_person != prev_person:
                node = self.v.node(m)
                self.view.add_edge(
                    VEdge(
                        succ_person,
                        prev_person,
                        "replaced",
                        tooltip(
                            f"Replacement in {name_of(self.v.node(body))}",
                            ("successor", name_of(self.v.node(succ_person))),
                            ("predecessor", name_of(self.v.node(prev_person))),
                            ("from", node.get("start", "")),
                            ("source", sections(self.v, m)),
                        ),
                    )
                )

    def _seats_collapsed(self, body: str) -> None:
        by_org: dict[str, list[str]] = defaultdict(list)
        for m in self.memberships(body):
            org = self.v.one(m, "ON_BEHALF_OF") or ""
            if org:
                by_org[org].append(m)
        for org, ms in sorted(by_org.items()):
            drawn = self.organisation(org, body)
            changes = sum(1 for m in ms if self.v.one(m, "REPLACED"))
            lines = []
            for m in ms:
                node = self.v.node(m)
                holder = name_of(self.v.node((self.v.into(m, "HOLDS") or [m])[0]))
                lines.append(f"{holder}: {str(node.get('role', '')).replace('_', ' ')}, {period(node)}")
            tip = tooltip(
                f"{name_of(self.v.node(org))} in {name_of(self.v.node(body))}",
                ("tenures", len(ms)),
                ("changes of holder", changes),
                ("source", ", ".join(sorted({s for m in ms for s in sections(self.v, m).split(", ") if s != "—"}))),
            )
            label = f"{len(ms)}" + (f" ({changes}↻)" if changes else "") if len(ms) > 1 or changes else ""
            self.view.add_edge(VEdge(drawn, body, "seats", tip + "\n" + join_lines(lines), label=label))

    # ------------------------------------------------------------------------ activities
    def activities_of(self, body: str) -> list[str]:
        """Activities of ``body`` (``BY_BODY``, and their sub-activities), filtered by ``at``."""
        found = {a for a in self.v.into(body, "BY_BODY") if "Activity" in labels_of(self.g, a)}
        frontier = list(found)
        while frontier:
            parent = frontier.pop()
            for child in self.v.into(parent, "PART_OF"):
                if "Activity" in labels_of(self.g, child) and child not in found:
                    found.add(child)
                    frontier.append(child)
        if self.at is not None:
            at = self.at
            found = {a for a in found if (s := start_day(self.v.node(a))) is not None and s <= at}
        return sorted(found)

    def parent_activity(self, a: str, among: set[str]) -> str | None:
        parent = next((p for p in self.v.out(a, "PART_OF") if p in among), None)
        return parent

    def activity_tip(self, a: str, subs: list[str] | None = None) -> str:
        node = self.v.node(a)
        partners = [
            f"{name_of(self.v.node(o))} ({d.get('role', '')})"
            for o, _, k, d in self.g.in_edges(a, keys=True, data=True)
            if k == "ORGANISED"
        ]
        return tooltip(
            name_of(node),
            ("status", STATUS_WORDS.get(str(node.get("status")), node.get("status", ""))),
            ("type", str(node.get("type", "")).replace("_", " ")),
            ("when", period(node)),
            ("reasons", [str(r).replace("_", " ") for r in node.get("reasons", []) or []]),
            ("organised by", partners[:6]),
            ("sub-activities", len(subs) if subs else ""),
            ("source", sections(self.v, a)),
        )

    def activities(self, body: str) -> dict[str, str]:
        """Draw the activities of ``body``; return activity id → drawn node id."""
        acts = self.activities_of(body)
        among = set(acts)
        drawn: dict[str, str] = {}
        if Collapse.ACTIVITIES in self.collapsed:
            for happened in (True, False):
                mine = [a for a in acts if bool(self.v.node(a).get("happened")) is happened]
                tops = [a for a in mine if self.parent_activity(a, among) is None]
                if not mine:
                    continue
                gid = f"acts:{body}:{'done' if happened else 'not'}"
                word = "took place" if happened else "planned, did not take place"
                lines = [
                    f"{name_of(self.v.node(a))} ({STATUS_WORDS.get(str(self.v.node(a).get('status')), '')})"
                    for a in tops
                ]
                count = len(tops) or len(mine)
                label = f"{count} {'activity' if count == 1 else 'activities'}\n{word}"
                listed = lines or [name_of(self.v.node(a)) for a in mine]
                tip = f"{count} activities of {name_of(self.v.node(body))} that {word}\n" + join_lines(listed, 15)
                self.view.add_node(VNode(gid, "activities_grouped", label, tip))
                self.view.add_edge(VEdge(gid, body, "activity_of", f"activities of {name_of(self.v.node(body))}"))
                drawn.update(dict.fromkeys(mine, gid))
            return drawn
        for a in acts:
            parent = self.parent_activity(a, among)
            if parent is not None and Collapse.SUB_ACTIVITIES in self.collapsed:
                continue
            subs = [c for c in acts if self.parent_activity(c, among) == a]
            node = self.v.node(a)
            kind = "activity_done" if node.get("happened") else "activity_not_done"
            label = short(name_of(node), 22, 2) if self.person_labels else short(name_of(node), 16, 2)
            order = str(node.get("start_earliest") or "9999")
            self.view.add_node(VNode(a, kind, label, self.activity_tip(a, subs), order=order))
            drawn[a] = a
        for a in acts:
            if a in drawn:
                continue
            top, seen = a, {a}
            while drawn.get(top) != top and (p := self.parent_activity(top, among)) is not None and p not in seen:
                top = p
                seen.add(p)
            drawn[a] = top
        for a in acts:
            if drawn[a] != a:
                continue
            parent = self.parent_activity(a, among)
            if parent is not None and parent in drawn and drawn[parent] == parent:
                self.view.add_edge(
                    VEdge(
                        a,
                        parent,
                        "sub_activity",
                        f"{name_of(self.v.node(a))}\nis part of {name_of(self.v.node(parent))}",
                    )
                )
            else:
                self.view.add_edge(VEdge(a, body, "activity_of", f"activity of {name_of(self.v.node(body))}"))
        return drawn

    def partners(self, drawn: dict[str, str], body: str) -> None:
        """Draw organisations and outside bodies that co-organised drawn activities.

        Organisations holding a seat in ``body`` are left out: that they take part in its
        activities goes without saying (each activity's tooltip names all its organisers).
        """
        seated = {o for m in self.memberships(body) for o in self.v.out(m, "ON_BEHALF_OF")}
        for a, target in sorted(drawn.items()):
            if target != a:
                continue
            for src, _, k, d in self.g.in_edges(a, keys=True, data=True):
                if k != "ORGANISED" or src == body or src in seated:
                    continue
                labels = labels_of(self.g, src)
                if "Organisation" in labels:
                    node_id = self.organisation(src, body)
                elif "Body" in labels:
                    node_id = self.body(src)
                else:
                    continue
                tip = tooltip(
                    f"{name_of(self.v.node(src))} co-organised {name_of(self.v.node(a))}",
                    ("role", d.get("role", "")),
                    ("planned only", "yes" if d.get("planned") else ""),
                    ("inferred", "yes" if d.get("inferred") else ""),
                )
                self.view.add_edge(VEdge(node_id, a, "organised", tip))

    # ------------------------------------------------------------------------ recipients
    def recipients(self, body: str, drawn: dict[str, str]) -> None:
        """Draw who the drawn activities reached (grouped per body at :attr:`Collapse.RECIPIENTS`)."""
        reaches: list[tuple[str, str, dict[str, object]]] = []
        for a, target in sorted(drawn.items()):
            for r, props in self.v.out_edges(a, "REACHED"):
                reaches.append((target, r, {**props, "activity": a}))
        if not reaches:
            return
        if Collapse.RECIPIENTS in self.collapsed:
            names = sorted({name_of(self.v.node(r)) for _, r, _ in reaches})
            gid = f"recipients:{body}"
            self.view.add_node(
                VNode(
                    gid,
                    "recipients_grouped",
                    f"{len(names)} recipients",
                    f"{len(names)} recipients reached by {name_of(self.v.node(body))}\n" + join_lines(names, 15),
                )
            )
            for source in sorted({t for t, _, _ in reaches}):
                self.view.add_edge(
                    VEdge(source, gid, "reached", f"reached by activities of {name_of(self.v.node(body))}")
                )
            return
        for source, r, props in reaches:
            labels = labels_of(self.g, r)
            if "Organisation" in labels:
                rid = self.organisation(r, body)
            else:
                rid = r
                if not self.view.has(r):
                    node = self.v.node(r)
                    tip = tooltip(
                        name_of(node),
                        ("Swedish", node.get("name", "")),
                        ("what", what(self.g, r)),
                        ("within", [name_of(self.v.node(o)) for o in self.v.out(r, "WITHIN")]),
                        ("source", sections(self.v, r)),
                    )
                    self.view.add_node(VNode(r, "target_group", short(name_of(node), 18, 2), tip))
            flags = [
                f"{f.replace('_', ' ')}: {props[f]}"
                for f in ("needs_shaped_content", "tailored_support", "feedback", "repeated_contact")
                if props.get(f) not in (None, "", "unknown")
            ]
            tip = tooltip(
                f"{name_of(self.v.node(str(props['activity'])))} reached {name_of(self.v.node(r))}",
                ("involvement", str(props.get("involvement", "")).replace("_", " ")),
                ("stated", "; ".join(flags)),
                ("note", props.get("note", "")),
            )
            self.view.add_edge(VEdge(source, rid, "reached", tip))

    # ----------------------------------------------------------------------------- goals
    def goals(self, body: str) -> None:
        for goal in self.v.into(body, "GOAL_OF"):
            node = self.v.node(goal)
            met = node.get("assessment") == "fulfilled"
            kind = "goal_met" if met else "goal_not_met"
            tip = tooltip(
                f"{str(node.get('type', '')).capitalize()} goal",
                ("goal", node.get("text_en") or node.get("text")),
                ("assessment", str(node.get("assessment", "")).replace("_", " ")),
                ("clarity", node.get("clarity", "")),
                ("deadline", node.get("deadline", "")),
                ("why", node.get("assessment_note", "")),
                ("source", sections(self.v, goal)),
            )
            label = f"{node.get('type', '')} goal:\n{str(node.get('assessment', '')).replace('_', ' ')}"
            self.view.add_node(VNode(goal, kind, label, tip))
            self.view.add_edge(
                VEdge(goal, body, "goal_of", f"{node.get('type', '')} goal of {name_of(self.v.node(body))}")
            )
