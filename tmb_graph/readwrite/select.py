"""What an export holds: the whole graph, without provenance, on one day, or a two-mode projection.

Gephi users mostly want the organisation, not its sources: about a third of the projection's
edges are provenance (``DERIVED_FROM`` to a source section, ``SEE_ALSO`` to further sections).
:func:`select` narrows the projection before it is written (``tmb export-graph``):

- ``provenance=False`` leaves out the provenance edges and the ``Section`` and ``Document``
  nodes they point to;
- ``at`` keeps the tenures held that day (:func:`~tmb_graph.propertygraph.projection.held_on`, the
  one rule) and leaves out the bodies that did not exist that day (with their seats); the
  programmes stay, as the frame, as in the dated views;
- ``projection="org-body"`` is the two-mode network organisation × body: one edge
  ``REPRESENTED_IN`` per organisation and body it held tenures in, with the number of tenures
  and seats, the roles and holders; ``projection="person-body"`` one edge ``SAT_IN`` per tenure
  from the person to the body, with role, organisation and dates.

Examples
--------
>>> h = select(load_projection(Path("build/graph")), provenance=False)      # doctest: +SKIP
>>> {k for _, _, k in h.edges(keys=True)} & set(PROVENANCE_RELS)          # doctest: +SKIP
set()
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import networkx as nx

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View, active_at, exists_on

#: relationship types that say where a fact comes from, not what it is
PROVENANCE_RELS = ("DERIVED_FROM", "SEE_ALSO")
#: node labels that are sources
PROVENANCE_LABELS = ("Section", "Document")
#: the two-mode projections → (label of the first mode, relationship type)
PROJECTIONS: dict[str, tuple[str, str]] = {
    "org-body": ("Organisation", "REPRESENTED_IN"),
    "person-body": ("Person", "SAT_IN"),
}


def select(
    g: nx.MultiDiGraph,
    provenance: bool = True,
    projection: str | None = None,
    at: dt.date | None = None,
) -> nx.MultiDiGraph:
    """The part of the projection an export holds (see the module docstring).

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    provenance : bool
        Keep the provenance edges and source nodes (ignored by a two-mode projection, which
        has none).
    projection : str, optional
        ``org-body`` or ``person-body``: write that two-mode network instead of the graph.
    at : datetime.date, optional
        The graph as it stood that day.

    Raises
    ------
    TmbError
        For an unknown projection (with the ones there are).
    """
    if projection is not None and projection not in PROJECTIONS:
        raise TmbError(f"unknown projection '{projection}': choose {' or '.join(PROJECTIONS)}")
    h = on_day(g, at) if at is not None else g
    if projection is not None:
        return two_mode(h, projection)
    if not provenance:
        h = without_provenance(h)
    return h


def on_day(g: nx.MultiDiGraph, at: dt.date) -> nx.MultiDiGraph:
    """Tenures held on ``at``; bodies (other than programmes) that existed then, with their seats."""
    h = active_at(g, at)
    v = View(h)
    gone = [b for b in v.with_label("Body") if h.nodes[b].get("kind") != "programme" and not exists_on(h.nodes[b], at)]
    seats = [p for b in gone for p in v.into(b, "IN_BODY") if "Post" in h.nodes[p].get("labels", ())]
    h.remove_nodes_from([*gone, *seats])
    return h


def without_provenance(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy without provenance edges and source nodes."""
    h = g.copy()
    h.remove_edges_from([(u, v, k) for u, v, k in g.edges(keys=True) if k in PROVENANCE_RELS])
    h.remove_nodes_from([n for n, d in g.nodes(data=True) if set(d.get("labels", ())) & set(PROVENANCE_LABELS)])
    return h


def two_mode(g: nx.MultiDiGraph, projection: str) -> nx.MultiDiGraph:
    """The organisation × body or person × body network of the tenures in ``g``."""
    _, rel = PROJECTIONS[projection]
    v = View(g)
    out = nx.MultiDiGraph(name=f"tmb_graph {projection}")
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m in v.with_label("Membership"):
        body = v.one(m, "IN_BODY")
        holders = v.into(m, "HOLDS")
        first = v.one(m, "ON_BEHALF_OF") if projection == "org-body" else (holders[0] if holders else None)
        if body and first:
            edges[(first, body)].append(m)
    for (first, body), ms in sorted(edges.items()):
        for n in (first, body):
            if n not in out:
                out.add_node(n, **g.nodes[n])
        if projection == "org-body":
            seats = {v.one(m, "OF_SEAT") for m in ms} - {None}
            attrs: dict[str, Any] = {
                "tenures": len(ms),
                "seats": len(seats),
                "weight": len(ms),
                "roles": sorted({str(g.nodes[m].get("role", "")) for m in ms}),
                "holders": sorted({p for m in ms for p in v.into(m, "HOLDS")}),
                "memberships": ms,
            }
            out.add_edge(first, body, key=rel, type=rel, **attrs)
        else:
            for m in ms:
                node = g.nodes[m]
                attrs = {
                    "membership": m,
                    "role": node.get("role"),
                    "organisation": v.one(m, "ON_BEHALF_OF"),
                    **{k: node[k] for k in node if k.startswith(("start", "end"))},
                }
                out.add_edge(first, body, key=f"{rel}:{m}", type=rel, **attrs)
    return out
