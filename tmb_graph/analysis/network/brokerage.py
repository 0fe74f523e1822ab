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
import sys
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from networkx.algorithms import bipartite

from tmb_graph.analysis.network.ties import Component, components


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

    Computed per connected component (:func:`~.ties.components`: no shortest path and no ego
    network leaves one), each measured once and cached by its ties, and the betweenness
    normalised over the whole network as ``networkx.algorithms.bipartite.betweenness_centrality``
    does (:func:`max_betweenness`) — the same figures as on the whole network at once, in time
    that grows with the programmes rather than with their square.

    Examples
    --------
    >>> B = nx.Graph([("a", "x"), ("b", "x"), ("b", "y"), ("c", "y")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}, "bipartite")
    >>> [(r.organisation, r.betweenness) for r in brokerage(B)]
    [('b', 1.0), ('a', 0.0), ('c', 0.0)]
    """
    return brokerage_of(components(B), holes)


def brokerage_of(parts: list[Component], holes: bool = True) -> list[Brokerage]:
    """:func:`brokerage` of the two-mode network made of ``parts`` (its components as
    ``(organisation, body)`` ties, :func:`~.ties.networks`)."""
    orgs, bodies = len({a for edges in parts for a, _ in edges}), len({b for edges in parts for _, b in edges})
    # with one body (or one organisation) no path runs through an organisation, and networkx's
    # normalisation (the largest betweenness possible) is 0: the betweenness is 0 by definition
    top = max_betweenness(orgs, bodies) if bodies > 1 and orgs > 1 else 0.0
    rows = [
        Brokerage(o, n_bodies, degree, round(raw / top, 3) if top else 0.0, constraint, effective)
        for edges in parts
        for o, n_bodies, degree, raw, constraint, effective in _component(edges, holes)
    ]
    return sorted(rows, key=lambda r: (-r.betweenness, r.organisation))


def max_betweenness(n: int, m: int) -> float:
    """The largest betweenness an organisation can have in a two-mode network of ``n``
    organisations and ``m`` bodies (Borgatti & Everett 1997, eq. 4) — the normalisation
    ``networkx.algorithms.bipartite.betweenness_centrality`` divides by, written here because
    networkx applies it inside that function only and the brokerage is summed over components.

    >>> max_betweenness(3, 2)       # a - x - b - y - c: b, between the bodies, lies on 4 shortest paths
    4.0
    """
    s, t = divmod(n - 1, m)
    return ((m**2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


#: networks measured (in this process) before the structural-hole measures switch to networkx's sparse path
SPARSE_FROM = 40


def _sparse() -> bool:
    return "scipy.sparse" in sys.modules or _component.cache_info().misses >= SPARSE_FROM


@lru_cache(maxsize=4096)
def _component(
    edges: tuple[tuple[str, str], ...], holes: bool
) -> tuple[tuple[str, int, int, float, float | None, float | None], ...]:
    """Per organisation of one component: bodies, degree, raw betweenness, constraint, effective size."""
    B = nx.Graph(edges)
    orgs = sorted({a for a, _ in edges})
    G = bipartite.projected_graph(B, orgs)
    between = nx.betweenness_centrality(B, normalized=False, weight=None) if len(B) > 2 else {}
    # every node at once (nodes=None) lets networkx use its sparse-matrix path when scipy is
    # installed: ~20x faster per network, but importing scipy takes ~0.6 s — worth it for a
    # dataset's hundreds of networks, not for one programme's few dozen (the same figures)
    nodes = None if _sparse() else orgs
    constraint = nx.constraint(G, nodes) if holes else {}
    effective = nx.effective_size(G, nodes) if holes else {}
    return tuple(
        (
            o,
            B.degree(o),
            G.degree(o),
            float(between.get(o, 0.0)),
            _clean(constraint.get(o, math.nan)),
            _clean(effective.get(o, math.nan)),
        )
        for o in orgs
    )
