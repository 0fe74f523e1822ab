"""What a tie is: the organisation × body two-mode network and its two one-mode projections.

Definition
----------
The network of a period is read from the tenures (``Membership``) held in it
(:mod:`.periods`), in the bodies of the programme — the bodies ``PART_OF`` a dated programme:
its steering group, start-up group and work groups (the programme itself is the container, not
a body anyone meets in, so its process-leader tenures count for governance only):

- *two-mode network* ``B``: an organisation is tied to a body when a tenure on its behalf
  (``ON_BEHALF_OF``) in that body is held on at least one day of the period; the edge's
  ``weight`` is the number of such tenures;
- *organisation network*: two organisations are tied when they sit in at least one body
  together in the period; the tie's ``weight`` is the number of bodies they share
  (``networkx.algorithms.bipartite.weighted_projected_graph``);
- *person network*: two persons are tied when they hold tenures in the same body in the period
  (weight: bodies shared). A person is a ``Person`` node: the data's persons are
  pseudonymous roles, so the same human may appear as two persons where the source does not
  say they are one (``IDENTITY_AMONG`` records such readings; it is not merged here).

Reference: Borgatti, S. P. & Everett, M. G. (1997), "Network analysis of 2-mode data",
*Social Networks* 19(3), 243–269.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from networkx.algorithms import bipartite

from tmb_graph.analysis.network.periods import Period, Span, held_spans
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View, day


@dataclass
class Tenure:
    """One tenure with the spans of the window it is held on."""

    membership: str
    seat: str
    body: str
    organisation: str
    person: str
    role: str
    authority: str
    spans: list[Span] = field(default_factory=list)

    def in_period(self, period: Period) -> bool:
        """Held on at least one day of ``period``."""
        return any(a < period.end and period.start < b for a, b in self.spans)

    def held_at(self, when: dt.date) -> bool:
        """Held on ``when``."""
        return any(a <= when < b for a, b in self.spans)


def programmes(g: nx.MultiDiGraph) -> list[str]:
    """The dated programmes (bodies of kind ``programme`` with a start and an end)."""
    v = View(g)
    return [
        p
        for p in v.bodies_of_kind("programme")
        if day(g.nodes[p].get("start_earliest")) and day(g.nodes[p].get("end_earliest"))
    ]


def programme_bodies(g: nx.MultiDiGraph) -> list[str]:
    """The bodies ``PART_OF`` a dated programme, sorted (the bodies ties are read from).

    Examples
    --------
    >>> programme_bodies(load_projection(Path("build/graph")))          # doctest: +SKIP
    ['sg-stmb', 'sug-stmb', 'wg-avh', 'wg-est', 'wg-far', 'wg-mvk', 'wg-nar', 'wg-otp', 'wg-sam']
    """
    v = View(g)
    return sorted({b for p in programmes(g) for b in v.into(p, "PART_OF") if "Body" in g.nodes[b]["labels"]})


def scope(g: nx.MultiDiGraph, body: str | None) -> list[str]:
    """The bodies measured: the programme's, or the one ``body`` asked for.

    Raises
    ------
    TmbError
        When ``body`` is not one of the programme's bodies (the message lists them).
    """
    bodies = programme_bodies(g)
    if body is None:
        return bodies
    if body not in bodies:
        raise TmbError(f"--body '{body}' is not a body of the programme: choose one of {', '.join(bodies)}")
    return [body]


def tenures(g: nx.MultiDiGraph, bodies: list[str], within: Span) -> list[Tenure]:
    """The tenures in ``bodies`` with the spans of ``within`` they are held on (empty spans kept out)."""
    v = View(g)
    out = []
    for b in bodies:
        for m in v.into(b, "IN_BODY"):
            if "Membership" not in g.nodes[m]["labels"]:
                continue
            spans = held_spans(g, m, within)
            if not spans:
                continue
            n = g.nodes[m]
            # one pass over the tenure's edges (View.one per relation would make one each)
            out_rel: dict[str, list[str]] = {}
            for _, target, rel in g.out_edges(m, keys=True):
                out_rel.setdefault(rel, []).append(target)
            holders = sorted(u for u, _, rel in g.in_edges(m, keys=True) if rel == "HOLDS")
            out.append(
                Tenure(
                    m,
                    min(out_rel.get("OF_SEAT", [""])),
                    b,
                    min(out_rel.get("ON_BEHALF_OF", [""])),
                    holders[0] if holders else "",
                    str(n.get("role", "")),
                    str(n.get("authority", "")),
                    spans,
                )
            )
    return out


def two_mode(ts: list[Tenure], left: str = "organisation") -> nx.Graph:
    """The two-mode network of the tenures ``ts`` (``left``: ``organisation`` or ``person``),
    nodes marked ``bipartite`` 0 (left) and 1 (body), edge weight = tenures.

    Examples
    --------
    >>> t = [Tenure("m1", "s1", "wg-a", "org-a", "p1", "member", "representation"),
    ...      Tenure("m2", "s2", "wg-a", "org-b", "p2", "member", "representation")]
    >>> B = two_mode(t)
    >>> side(B, 0), side(B, 1), B.edges["org-a", "wg-a"]["weight"]
    (['org-a', 'org-b'], ['wg-a'], 1)
    """
    weights: Counter[tuple[str, str]] = Counter()
    for t in ts:
        who = t.organisation if left == "organisation" else t.person
        if who:
            weights[who, t.body] += 1
    B = nx.Graph()
    for who, body in weights:  # in the order first seen, as one tenure after the other would add them
        B.add_node(who, bipartite=0)
        B.add_node(body, bipartite=1)
    B.add_weighted_edges_from((who, body, w) for (who, body), w in weights.items())
    return B


def side(B: nx.Graph, mode: int = 0) -> list[str]:
    """The nodes of one mode of a two-mode network, sorted."""
    return sorted(n for n, d in B.nodes(data="bipartite") if d == mode)


def projection(B: nx.Graph) -> nx.Graph:
    """The one-mode projection onto the left nodes; ``weight`` = bodies shared.

    Examples
    --------
    >>> B = nx.Graph([("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("c", "y")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}, "bipartite")
    >>> sorted(projection(B).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1)]
    """
    G = nx.Graph()
    for edges in components(B):
        part = _projection(edges)
        G.add_nodes_from(part)
        G.add_edges_from(part.edges(data=True))
    return G


def components(B: nx.Graph) -> list[tuple[tuple[str, str], ...]]:
    """The connected components of a two-mode network, each as its sorted ``(left, right)`` edges.

    Ties never cross a component, so every measure of the projection or of paths is the
    union (or sum) of its components' — and a programme is a component of its own: a national
    dataset is measured programme by programme, and a component unchanged from one period (or
    one what-if copy) to the next is measured once (cached by its edges).

    >>> B = nx.Graph([("a", "x"), ("b", "y")])
    >>> nx.set_node_attributes(B, {"a": 0, "b": 0, "x": 1, "y": 1}, "bipartite")
    >>> components(B)
    [(('a', 'x'),), (('b', 'y'),)]
    """
    mode = dict(B.nodes(data="bipartite"))
    out = []
    for nodes in nx.connected_components(B):
        edges = {(u, v) if mode[u] == 0 else (v, u) for u in nodes for v in B[u]}
        out.append(tuple(sorted(edges)))
    return sorted(out)


@lru_cache(maxsize=4096)
def _projection(edges: tuple[tuple[str, str], ...]) -> nx.Graph:
    """The weighted projection of one component (shared between callers: not to be changed)."""
    B = nx.Graph()
    B.add_nodes_from((a for a, _ in edges), bipartite=0)
    B.add_nodes_from((b for _, b in edges), bipartite=1)
    B.add_edges_from(edges)
    return bipartite.weighted_projected_graph(B, sorted({a for a, _ in edges}))


Component = tuple[tuple[str, str], ...]


def networks(ts: list[Tenure], left: str = "organisation") -> list[Component]:
    """The connected components of the two-mode network of ``ts`` (:func:`two_mode`), each as
    its sorted ``(left, body)`` ties — found by union-find over the ties, without building the
    network (a period of a national dataset has thousands of tenures, its components are small).

    >>> t = [Tenure("m1", "s1", "wg-a", "org-a", "p1", "", ""), Tenure("m2", "s2", "wg-b", "org-b", "p2", "", ""),
    ...      Tenure("m3", "s3", "wg-b", "org-a", "p3", "", "")]
    >>> networks(t), networks(t, "person")
    ([(('org-a', 'wg-a'), ('org-a', 'wg-b'), ('org-b', 'wg-b'))], [(('p1', 'wg-a'),), (('p2', 'wg-b'), ('p3', 'wg-b'))])
    """
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def root(x: tuple[int, str]) -> tuple[int, str]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ties = dict.fromkeys((t.organisation if left == "organisation" else t.person, t.body) for t in ts)
    for who, body in ties:
        if not who:
            continue
        a, b = (0, who), (1, body)  # the mode in the key: an id names one node per mode
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for who, body in ties:
        if who:
            groups.setdefault(root((0, who)), []).append((who, body))
    return sorted(tuple(sorted(edges)) for edges in groups.values())


@dataclass(frozen=True)
class Summary:
    """What the cohesion and multiplexity measures read from a one-mode projection: its nodes,
    ties, the sum and the highest of its degrees, and its multiplex ties."""

    nodes: int = 0
    ties: int = 0
    degree_sum: int = 0
    top_degree: int = 0
    multiplex: int = 0

    def __add__(self, other: Summary) -> Summary:
        """The summary of the disjoint union of two networks."""
        return Summary(
            self.nodes + other.nodes,
            self.ties + other.ties,
            self.degree_sum + other.degree_sum,
            max(self.top_degree, other.top_degree),
            self.multiplex + other.multiplex,
        )


def summary(parts: list[Component], multiplex: int = 2) -> Summary:
    """The summary of the projection of the two-mode network made of ``parts`` (its
    components, :func:`networks`), each projected (:func:`projection`) and summarised once.

    >>> summary(networks([Tenure("m1", "s1", "wg", "a", "p1", "", ""), Tenure("m2", "s2", "wg", "b", "p2", "", "")]))
    Summary(nodes=2, ties=1, degree_sum=2, top_degree=1, multiplex=0)
    """
    total = Summary()
    for edges in parts:
        total += _summary(edges, multiplex)
    return total


@lru_cache(maxsize=8192)
def _summary(edges: Component, multiplex: int) -> Summary:
    G = _projection(edges)
    degrees = [int(d) for _, d in G.degree()]
    return Summary(
        len(degrees),
        int(G.number_of_edges()),
        sum(degrees),
        max(degrees, default=0),
        sum(1 for _, _, w in G.edges(data="weight", default=1) if w >= multiplex),
    )
