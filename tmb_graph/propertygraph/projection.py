"""The networkx projection every analysis reads.

Nodes are the property graph's nodes (key: ``id``; attributes: ``labels`` and the node's
properties); edges are its relationships (a :class:`networkx.MultiDiGraph`, edge key = the
relationship type, attributes = its properties). The projection is made from the RDF graph
through the one mapping in :mod:`tmb_graph.propertygraph.mapping`, so an analysis sees exactly
what a Cypher user sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from tmb_graph.propertygraph.mapping import PropertyGraph, load_property_graph, to_property_graph

Node = dict[str, Any]


def project(graph: Graph) -> nx.MultiDiGraph:
    """Project an RDF graph (data + concepts) to a networkx multigraph via the mapping.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph, e.g. from :func:`load_projection` or ``dataset_to_graph``.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> g = project(dataset_to_graph(ds))              # doctest: +SKIP
    >>> g.nodes["wg-est"]["kind"]                      # doctest: +SKIP
    'work_group'
    """
    return from_property_graph(to_property_graph(graph))


def from_property_graph(pg: PropertyGraph) -> nx.MultiDiGraph:
    """The networkx projection of a property graph already mapped (:class:`tmb_graph.workspace.Workspace`)."""
    g = nx.MultiDiGraph()
    for node in pg.nodes:
        g.add_node(node.id, labels=frozenset(node.labels), **node.props)
    for rel in pg.rels:
        g.add_edge(rel.start, rel.end, key=rel.type, type=rel.type, **rel.props)
    return g


def load_projection(graph_dir: Path) -> nx.MultiDiGraph:
    """Read ``graph_dir/graph.nt`` (written by ``tmb build``) and project it."""
    return from_property_graph(load_property_graph(graph_dir))


class View:
    """Small read helpers over a projection, so analyses read like their definitions."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g

    def node(self, nid: str) -> Node:
        return dict(self.g.nodes[nid])

    def with_label(self, label: str) -> list[str]:
        """Ids of nodes carrying ``label``, sorted."""
        return sorted(n for n, d in self.g.nodes(data=True) if label in d.get("labels", ()))

    def out(self, nid: str, rel: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``nid``, sorted."""
        return sorted({v for _, v, k in self.g.out_edges(nid, keys=True) if k == rel})

    def into(self, nid: str, rel: str) -> list[str]:
        """Sources of ``rel`` edges entering ``nid``, sorted."""
        return sorted({u for u, _, k in self.g.in_edges(nid, keys=True) if k == rel})

    def out_edges(self, nid: str, rel: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for _, v, k, d in self.g.out_edges(nid, keys=True, data=True):
            if k == rel:
                yield v, d

    def one(self, nid: str, rel: str) -> str | None:
        targets = self.out(nid, rel)
        return targets[0] if targets else None

    def sections(self, nid: str) -> list[str]:
        """Section numbers a node is derived from (its DERIVED_FROM edges)."""
        return sorted(str(self.g.nodes[s].get("number", s)) for s in self.out(nid, "DERIVED_FROM"))

    def evidence(self, nid: str) -> str:
        """The node's evidence snippet, if it has one."""
        for _, d in self.out_edges(nid, "DERIVED_FROM"):
            if d.get("evidence"):
                return str(d["evidence"])
        return ""

    def inferred(self, nid: str) -> bool:
        return any(bool(d.get("inferred")) for _, d in self.out_edges(nid, "DERIVED_FROM"))

    def ancestors(self, org: str) -> list[str]:
        """``org`` and what it is PART_OF, innermost first."""
        chain = [org]
        while True:
            parent = self.one(chain[-1], "PART_OF")
            if parent is None or parent in chain:
                return chain
            chain.append(parent)

    def bodies_of_kind(self, kind: str) -> list[str]:
        return [b for b in self.with_label("Body") if self.g.nodes[b].get("kind") == kind]

    def memberships_of_post(self, post: str) -> list[str]:
        """Tenures of a seat, ordered by start."""
        ms = self.into(post, "OF_SEAT")
        return sorted(ms, key=lambda m: (str(self.g.nodes[m].get("start_earliest", "")), m))


def day(value: object) -> dt.date | None:
    """Parse an ISO date property (or return None)."""
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def exists_on(node: Node, when: dt.date) -> bool:
    """Whether a dated node (a body, a tenure) existed on ``when``, by its own dates only.

    Half-open on the earliest day each date may denote: from ``start_earliest`` until
    ``end_earliest``; a missing start or end puts no bound on that side.

    Examples
    --------
    >>> exists_on({"start_earliest": "2018-03-01", "end_earliest": "2018-05-30"}, dt.date(2018, 5, 30))
    False
    >>> exists_on({"end_earliest": "2020-12-31"}, dt.date(2018, 1, 1))
    True
    """
    start, end = day(node.get("start_earliest")), day(node.get("end_earliest"))
    return (start is None or start <= when) and (end is None or when < end)


def held_on(g: nx.MultiDiGraph, membership: str, when: dt.date) -> bool:
    """Whether a tenure was held on ``when`` — THE rule every dated question applies.

    A tenure is held from the earliest day its start may denote until the earliest day its end
    may denote (half-open); an open end counts as still held. A tenure whose start the source
    does not give is read, by the same earliest-day convention, as starting with its body: it
    counts as held when its end is after ``when`` (or open) and its body existed on ``when``
    (:func:`exists_on`; a body without dates existed throughout). The question library's
    ``mandates_at`` (SPARQL and Cypher) states the same rule in its own language.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("wg", labels=frozenset({"Body"}), start_earliest="2018-09-01", end_earliest="2020-12-31")
    >>> g.add_node("m", labels=frozenset({"Membership"}), end_earliest="2020-12-31")
    >>> _ = g.add_edge("m", "wg", key="IN_BODY")
    >>> held_on(g, "m", dt.date(2018, 8, 1)), held_on(g, "m", dt.date(2019, 10, 1))
    (False, True)
    """
    data = g.nodes[membership]
    end = day(data.get("end_earliest"))
    if end is not None and end <= when:
        return False
    start = day(data.get("start_earliest"))
    if start is not None:
        return start <= when
    bodies = [v for _, v, k in g.out_edges(membership, keys=True) if k == "IN_BODY"]
    return all(exists_on(g.nodes[b], when) for b in bodies)


def active_at(g: nx.MultiDiGraph, when: dt.date) -> nx.MultiDiGraph:
    """The projection as it stood on ``when``: tenures not held that day are removed.

    Which tenures were held is decided by :func:`held_on` (the one rule). Bodies stay, ended or
    not: an analysis of that day may still ask about them; the dated views leave out the ones
    that did not exist (:func:`exists_on`).
    """
    drop = [
        nid for nid, data in g.nodes(data=True) if "Membership" in data.get("labels", ()) and not held_on(g, nid, when)
    ]
    h = g.copy()
    h.remove_nodes_from(drop)
    return h


def programme_period(g: nx.MultiDiGraph) -> tuple[dt.date, dt.date] | None:
    """The period the programme ran: from its (or its first body's) start until its end.

    The programme is a body of kind ``programme`` with both a start and an end (the national
    programme it belongs to has no end); its bodies (``PART_OF`` it) widen the period, e.g.
    the start-up group that worked before the programme was adopted. ``None`` when the graph
    has no dated programme.
    """
    v = View(g)
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    for p in v.bodies_of_kind("programme"):
        node = g.nodes[p]
        if not (node.get("start_earliest") and node.get("end_earliest")):
            continue
        for b in [p, *v.into(p, "PART_OF")]:
            s, e = day(g.nodes[b].get("start_earliest")), day(g.nodes[b].get("end_earliest"))
            starts += [s] if s else []
            ends += [e] if e else []
    if not starts or not ends:
        return None
    return min(starts), max(ends)


def period_warning(g: nx.MultiDiGraph, when: dt.date) -> str | None:
    """A warning when ``when`` lies outside :func:`programme_period` (else ``None``).

    Examples
    --------
    >>> period_warning(load_projection(Path("build")), dt.date(2023, 1, 1))    # doctest: +SKIP
    "2023-01-01 is outside the programme's period (it ran from 2018-03-01 and ended on 2020-12-31): ..."
    """
    period = programme_period(g)
    if period is None or period[0] <= when < period[1]:
        return None
    return (
        f"{when.isoformat()} is outside the programme's period (it ran from {period[0].isoformat()} "
        f"and ended on {period[1].isoformat()}): expect few or no tenures held that day"
    )
