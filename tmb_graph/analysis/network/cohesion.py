"""Cohesion: density and Freeman degree centralisation of a one-mode network.

Definition
----------
- *density*: ties present over ties possible, ``2m / (n (n − 1))`` for an undirected graph of
  ``n`` nodes and ``m`` ties (``networkx.density``); 0 for fewer than two nodes;
- *degree centralisation* (Freeman 1979): how far the network is from a star, the sum of the
  differences between the highest degree and each node's degree over its largest possible
  value, that of a star with ``n`` nodes::

      C_D = Σ_i (d_max − d_i) / ((n − 1)(n − 2))

  1 for a star, 0 when every node has the same degree (a clique, a ring); undefined for
  fewer than three nodes (``None``). Degrees are networkx's (``G.degree``); networkx has no
  centralisation function, so the formula is written here, once.

References: Freeman, L. C. (1979), "Centrality in social networks: conceptual clarification",
*Social Networks* 1(3), 215–239; Wasserman, S. & Faust, K. (1994), *Social Network Analysis*,
Cambridge University Press, §5.2.
"""

from __future__ import annotations

import networkx as nx


def density(G: nx.Graph) -> float:
    """``networkx.density``, rounded to 3 decimals (0 for fewer than two nodes).

    >>> density(nx.path_graph(3))
    0.667
    """
    return round(float(nx.density(G)), 3) if G.number_of_nodes() > 1 else 0.0


def degree_centralisation(G: nx.Graph) -> float | None:
    """Freeman's degree centralisation of an undirected graph, over networkx's degrees.

    Examples
    --------
    >>> degree_centralisation(nx.star_graph(4)), degree_centralisation(nx.complete_graph(5))
    (1.0, 0.0)
    >>> degree_centralisation(nx.path_graph(4))
    0.333
    >>> degree_centralisation(nx.path_graph(2)) is None
    True
    """
    n = int(G.number_of_nodes())
    if n < 3:
        return None
    degrees = [int(d) for _, d in G.degree()]
    top = max(degrees)
    return round(sum(top - d for d in degrees) / ((n - 1) * (n - 2)), 3)
