"""Multiplexity: organisation pairs tied in two or more bodies.

Definition
----------
A tie of the organisation network (:mod:`.ties`) is *multiplex* when the two organisations sit
together in at least two bodies in the period (its ``weight``, the number of bodies shared, is
at least 2). Reported: the number of multiplex ties and their share of all ties (``None``
when there is no tie). In this graph a body stands for one collaboration context, so a
multiplex tie is a pair of organisations that meet in more than one context — the overlap
Burt calls redundancy and Verbrugge multiplexity.

References: Verbrugge, L. M. (1979), "Multiplexity in adult friendships", *Social Forces* 57(4),
1286–1309; Wasserman & Faust (1994) §4.3.
"""

from __future__ import annotations

import networkx as nx

MULTIPLEX = 2


def multiplex_ties(G: nx.Graph) -> list[tuple[str, str, int]]:
    """The ties of ``G`` whose ``weight`` (bodies shared) is at least 2, as sorted ``(a, b, bodies)``.

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2); G.add_edge("b", "c", weight=1)
    >>> multiplex_ties(G)
    [('a', 'b', 2)]
    """
    return sorted((min(a, b), max(a, b), int(w)) for a, b, w in G.edges(data="weight", default=1) if w >= MULTIPLEX)


def multiplex_share(G: nx.Graph) -> float | None:
    """Multiplex ties over all ties (``None`` without ties).

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2); G.add_edge("b", "c", weight=1)
    >>> multiplex_share(G)
    0.5
    """
    return share_of(len(multiplex_ties(G)), G.number_of_edges())


def share_of(multiplex: int, ties: int) -> float | None:
    """``multiplex`` ties over ``ties`` ties, rounded (``None`` without ties).

    >>> share_of(1, 4), share_of(0, 0)
    (0.25, None)
    """
    return round(multiplex / ties, 3) if ties else None
