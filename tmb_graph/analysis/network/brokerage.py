"""Brokerage: organisations bridging the programme's bodies.

Definition
----------
- *betweenness* on the organisation × body two-mode network (:mod:`.ties`): the share of
  shortest paths between other nodes that pass through an organisation, normalised for
  two-mode networks by the largest value an organisation can take given the sizes of both
  modes (``networkx.algorithms.bipartite.betweenness_centrality``; Borgatti & Everett 1997).
  An organisation sitting in several work groups whose other members do not meet elsewhere
  scores high; one that sits in a single body scores 0;
- *constraint* (Burt 1992) on the organisation network (the projection, read as present or
  absent ties): how much an organisation's ties lead to contacts who are tied to each other
  (``networkx.constraint``; high = no brokerage opportunity; ``None`` for an isolate);
- *effective size* (Burt 1992): the number of contacts less their redundancy, the average
  number of ties each contact has to the others (``networkx.effective_size``).

Both are computed on binary ties: the projection's weight counts shared bodies, which is
multiplexity (:mod:`.multiplexity`), not the time or emotional investment Burt's tie strength
stands for; binary ties also keep networkx on its fast path. A network seen in several periods
is measured once (cached by its ties).

References: Borgatti & Everett (1997), *Social Networks* 19(3), 243–269; Burt, R. S. (1992),
*Structural Holes*, Harvard University Press, ch. 1–2; Freeman, L. C. (1977), "A set of
measures of centrality based on betweenness", *Sociometry* 40(1), 35–41.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from networkx.algorithms import bipartite

from tmb_graph.analysis.network.ties import side


@dataclass(frozen=True)
class Brokerage:
    """One organisation's brokerage in one network."""

    organisation: str
    bodies: int
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None


def _clean(x: float) -> float | None:
    return None if x is None or math.isnan(x) else round(float(x), 3)


def brokerage(B: nx.Graph, holes: bool = True) -> list[Brokerage]:
    """Betweenness on the two-mode ``B``, constraint and effective size on its projection,
    for every organisation, the strongest broker first (``holes=False``: betweenness only, the
    structural-hole measures left empty — what the what-if comparison needs, at half the cost).

    Examples
    --------
    >>> B = nx.Graph([("a", "x"), ("b", "x"), ("b", "y"), ("c", "y")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}, "bipartite")
    >>> [(r.organisation, r.betweenness) for r in brokerage(B)]
    [('b', 1.0), ('a', 0.0), ('c', 0.0)]
    """
    mode = dict(B.nodes(data="bipartite"))
    edges = tuple(sorted((a, b) if mode[a] == 0 else (b, a) for a, b in B.edges()))
    return list(_brokerage(edges, tuple(side(B, 0)), tuple(side(B, 1)), holes))


@lru_cache(maxsize=512)
def _brokerage(
    edges: tuple[tuple[str, str], ...], orgs: tuple[str, ...], bodies: tuple[str, ...], holes: bool
) -> tuple[Brokerage, ...]:
    if not orgs:
        return ()
    B = nx.Graph()
    B.add_nodes_from(orgs, bipartite=0)
    B.add_nodes_from(bodies, bipartite=1)
    B.add_edges_from(edges)
    G = bipartite.projected_graph(B, list(orgs))
    # with one body (or one organisation) no path runs through an organisation, and networkx's
    # normalisation (the largest betweenness possible) is 0: the betweenness is 0 by definition
    between = bipartite.betweenness_centrality(B, orgs) if len(bodies) > 1 and len(orgs) > 1 else {}
    constraint = nx.constraint(G) if holes else {}
    effective = nx.effective_size(G) if holes else {}
    rows = [
        Brokerage(
            o,
            B.degree(o),
            G.degree(o),
            round(float(between.get(o, 0.0)), 3),
            _clean(constraint.get(o, math.nan)),
            _clean(effective.get(o, math.nan)),
        )
        for o in orgs
    ]
    return tuple(sorted(rows, key=lambda r: (-r.betweenness, r.organisation)))
