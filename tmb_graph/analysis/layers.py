"""The missing project-group layer: the real organisation against the ideal type of §3.4.

Definition
----------
The reference model is the chain of ``IdealLayer`` nodes (``REPORTS_TO``): beställare →
styrgrupp → projektgrupp of line managers chaired by a projektledare → arbetsgrupper, each
with a body ``kind``, a ``role`` and that role's ``authority``. For the real programme:

*Layer realisation*
    An ideal layer is realised when a ``Body`` of the layer's kind has a ``Post`` whose
    authority is the layer's (a steering group of decision-makers; a project group, and its
    leader, with executive authority; work groups of representatives). Unrealised layers are
    *missing*. The real roles with no ideal counterpart
    are listed with their authority (e.g. the coordinators' ``process_leader``, administrative).
*Chain of delegated authority*
    For every work-group tenure: the organisation it is held for (``ON_BEHALF_OF``, climbing
    ``PART_OF``) → that organisation's steering-group seat and its authority → a holder of that
    organisation with **executive** authority between them (the ideal project-group member) →
    the work-group member's role and authority. The chain *breaks at* the first missing link:
    ``steering_group`` (the organisation has no steering seat), ``executive_layer`` (no
    executive holder for the organisation), or nothing.
*Hierarchical distance*
    Per work group: the ideal number of steps from the steering group down to it (counted on
    ``REPORTS_TO``), the real path between the steering group and the work group in the body
    graph (``PART_OF``, undirected), and the authority levels on the way that no one holds
    (ranks: decision 0, executive 1, administrative/representation 2, advisory/contracted 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.propertygraph.projection import View
from tmb_graph.table import Result, Table

RANK = {"decision": 0, "executive": 1, "administrative": 2, "representation": 2, "advisory": 3, "contracted": 3}
RANK_NAMES = {0: "decision", 1: "executive", 2: "administrative/representation", 3: "advisory/contracted"}


@dataclass
class LayerRow:
    layer: str
    name: str
    kind: str
    role: str
    authority: str
    realised: bool
    realised_by: list[str]
    sections: list[str] = field(default_factory=list)


@dataclass
class ExtraRole:
    role: str
    authority: str
    seats: int
    bodies: list[str]


@dataclass
class ChainRow:
    membership: str
    person: str
    body: str
    organisation: str
    steering_seat: str
    steering_authority: str
    executive_link: str
    member_role: str
    member_authority: str
    breaks_at: str


@dataclass
class DistanceRow:
    body: str
    ideal_steps: int
    real_path: list[str]
    unheld_levels: list[str]


@dataclass
class LayersResult(Result):
    layers: list[LayerRow]
    extra_roles: list[ExtraRole]
    chains: list[ChainRow]
    distances: list[DistanceRow]
    name: str = "layers"

    def missing(self) -> list[str]:
        return [row.layer for row in self.layers if not row.realised]

    def tables(self) -> list[Table]:
        return [
            Table.of("layers", self.layers),
            Table.of("extra_roles", self.extra_roles),
            Table.of("authority_chains", self.chains),
            Table.of("distances", self.distances),
        ]

    def summary(self) -> str:
        broken = sum(1 for c in self.chains if c.breaks_at)
        return (
            f"Missing layers: {', '.join(self.missing()) or 'none'}. "
            f"{broken} of {len(self.chains)} work-group tenures have a broken chain of authority from the steering group."
        )


def _layers(v: View) -> list[LayerRow]:
    rows = []
    for layer in v.with_label("IdealLayer"):
        n = v.node(layer)
        kind, role, authority = str(n.get("kind")), str(n.get("role")), str(n.get("authority", ""))
        # realised: a seat in a body of the layer's kind that carries the layer's authority
        posts = [
            p
            for b in v.bodies_of_kind(kind)
            for p in v.into(b, "IN_BODY")
            if "Post" in v.g.nodes[p].get("labels", ()) and v.node(p).get("authority") == authority
        ]
        name = str(n.get("name_en") or n.get("name"))
        rows.append(LayerRow(layer, name, kind, role, authority, bool(posts), sorted(posts), v.sections(layer)))
    order = layer_depths(v)
    return sorted(rows, key=lambda r: (order.get(r.layer, 99), r.layer))


def layer_depths(v: View) -> dict[str, int]:
    """How many ``REPORTS_TO`` steps each ideal layer sits below the top (the commissioner: 0).

    The one definition of layer depth: the analysis orders its rows by it and the ideal view
    draws its rows by it. A reporting cycle (rejected by validation) stops at the repeat.

    Examples
    --------
    >>> layer_depths(View(g))                                   # doctest: +SKIP
    {'ideal-commissioner': 0, 'ideal-steering': 1, 'ideal-project': 2, 'ideal-work': 3}
    """
    depth = {}
    for layer in v.with_label("IdealLayer"):
        d, cur, seen = 0, layer, {layer}
        while (up := v.one(cur, "REPORTS_TO")) and up not in seen:
            d, cur = d + 1, up
            seen.add(up)
        depth[layer] = d
    return depth


def _extra_roles(v: View) -> list[ExtraRole]:
    ideal_roles = {str(v.node(x).get("role")) for x in v.with_label("IdealLayer")}
    by_role: dict[str, list[str]] = {}
    for post in v.with_label("Post"):
        role = str(v.node(post).get("role"))
        if role not in ideal_roles:
            by_role.setdefault(role, []).append(post)
    return [
        ExtraRole(
            role, str(v.node(posts[0]).get("authority")), len(posts), sorted({v.one(p, "IN_BODY") or "" for p in posts})
        )
        for role, posts in sorted(by_role.items())
    ]


def _chains(v: View) -> list[ChainRow]:
    steering = set(v.bodies_of_kind("steering_group"))
    seat_of: dict[str, tuple[str, str]] = {}
    executives: dict[str, str] = {}
    for post in v.with_label("Post"):
        org = v.one(post, "ON_BEHALF_OF") or ""
        n = v.node(post)
        if v.one(post, "IN_BODY") in steering:
            seat_of[org] = (post, str(n.get("authority")))
        elif n.get("authority") == "executive":
            executives.setdefault(org, post)
    rows = []
    for body in v.bodies_of_kind("work_group"):
        for m in sorted(x for x in v.into(body, "IN_BODY") if "Membership" in v.g.nodes[x].get("labels", ())):
            n = v.node(m)
            org = v.one(m, "ON_BEHALF_OF") or ""
            line = v.ancestors(org)
            seat = next((seat_of[o] for o in line if o in seat_of), ("", ""))
            executive = next((executives[o] for o in line if o in executives), "")
            breaks = "steering_group" if not seat[0] else ("executive_layer" if not executive else "")
            rows.append(
                ChainRow(
                    m,
                    (v.into(m, "HOLDS") or [""])[0],
                    body,
                    org,
                    seat[0],
                    seat[1],
                    executive,
                    str(n.get("role")),
                    str(n.get("authority")),
                    breaks,
                )
            )
    return rows


def _distances(v: View) -> list[DistanceRow]:
    ideal = layer_depths(v)
    kinds = {str(v.node(x).get("kind")): ideal[x] for x in v.with_label("IdealLayer")}
    ideal_steps = kinds.get("work_group", 0) - kinds.get("steering_group", 0)
    bodies = nx.Graph()
    for b in v.with_label("Body"):
        bodies.add_node(b)
        for parent in v.out(b, "PART_OF"):
            bodies.add_edge(b, parent)
    held = {RANK.get(str(v.node(p).get("authority")), 3) for p in v.with_label("Post")}
    rows = []
    work_groups = v.bodies_of_kind("work_group")
    pairs: list[tuple[str, list[str]]] = []
    for sg in v.bodies_of_kind("steering_group"):
        paths = nx.single_source_shortest_path(bodies, sg)  # one search per steering group
        pairs += [(wg, paths[wg]) for wg in work_groups if wg in paths]  # its own programme's groups
    reached = {wg for wg, _ in pairs}
    pairs += [(wg, []) for wg in work_groups if wg not in reached]  # no path from any steering group
    for wg, path in pairs:
        member_ranks = [
            RANK.get(str(v.node(m).get("authority")), 3)
            for m in v.into(wg, "IN_BODY")
            if "Membership" in v.g.nodes[m].get("labels", ())
        ]
        top = min(member_ranks, default=3)
        unheld = [RANK_NAMES[r] for r in range(1, top) if r not in held]
        rows.append(DistanceRow(wg, ideal_steps, path, unheld))
    return rows


def missing_layers(g: nx.MultiDiGraph) -> LayersResult:
    """Hold the programme's organisation against the ideal-type project organisation.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of a programme graph that includes the reference model (``IdealLayer``).

    Returns
    -------
    LayersResult
        ``layers`` (realised or missing), ``extra_roles``, ``chains`` (per work-group tenure),
        ``distances`` (per work group).

    Examples
    --------
    >>> missing_layers(load_projection(Path("build"))).missing()        # doctest: +SKIP
    ['ideal-commissioner', 'ideal-project-group', 'ideal-project-leader']
    """
    v = View(g)
    return LayersResult(_layers(v), _extra_roles(v), _chains(v), _distances(v))
