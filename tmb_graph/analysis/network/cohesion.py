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
    """The density of ``G``, rounded to 3 decimals (0 for fewer than two nodes).

    >>> density(nx.path_graph(3))
    0.667
    """
    return density_of(int(G.number_of_nodes()), int(G.number_of_edges()))


def density_of(n: int, m: int) -> float:
    """``networkx.density``'s formula for an undirected graph of ``n`` nodes and ``m`` ties,
    rounded: stated over the counts so that a network of disjoint components (a dataset of
    programmes) is measured from its components' counts without building their union.

    >>> g = nx.gnm_random_graph(9, 14, seed=1)
    >>> density_of(9, 14) == round(nx.density(g), 3)
    True
    """
    return round(m / (n * (n - 1)) * 2, 3) if n > 1 else 0.0


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
    degrees = [int(d) for _, d in G.degree()]
    return centralisation_of(len(degrees), sum(degrees), max(degrees, default=0))


def centralisation_of(n: int, degree_sum: int, top: int) -> float | None:
    """The formula, over ``n`` nodes, the sum of their degrees and the highest degree:
    ``Σ_i (d_max − d_i) = n · d_max − Σ_i d_i`` — so that disjoint components combine by their
    counts (``None`` for fewer than three nodes).

    >>> centralisation_of(5, 8, 4)      # a star of 5 nodes
    1.0
    """
    if n < 3:
        return None
    return round((n * top - degree_sum) / ((n - 1) * (n - 2)), 3)
