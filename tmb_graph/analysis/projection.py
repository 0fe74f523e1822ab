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
    from tmb_graph.propertygraph.mapping import to_property_graph

    pg = to_property_graph(graph)
    g = nx.MultiDiGraph()
    for node in pg.nodes:
        g.add_node(node.id, labels=frozenset(node.labels), **node.props)
    for rel in pg.rels:
        g.add_edge(rel.start, rel.end, key=rel.type, type=rel.type, **rel.props)
    return g


def load_projection(graph_dir: Path) -> nx.MultiDiGraph:
    """Read ``graph_dir/graph.nt`` (written by ``tmb build``) and project it."""
    from tmb_graph.rdf.build import load_built_graph

    return project(load_built_graph(graph_dir))


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


def active_at(g: nx.MultiDiGraph, when: dt.date) -> nx.MultiDiGraph:
    """The projection as it stood on ``when``: tenures not held that day are removed.

    A tenure is held from its start's earliest day until its end's earliest day (half-open);
    a tenure without a start counts from the beginning, without an end until the end.
    """
    drop = []
    for nid, data in g.nodes(data=True):
        if "Membership" not in data.get("labels", ()):
            continue
        start, end = day(data.get("start_earliest")), day(data.get("end_earliest"))
        if (start and start > when) or (end and end <= when):
            drop.append(nid)
    h = g.copy()
    h.remove_nodes_from(drop)
    return h
