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
from dataclasses import dataclass, field

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
            out.append(
                Tenure(
                    m,
                    v.one(m, "OF_SEAT") or "",
                    b,
                    v.one(m, "ON_BEHALF_OF") or "",
                    (v.into(m, "HOLDS") or [""])[0],
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
    B = nx.Graph()
    for t in ts:
        who = t.organisation if left == "organisation" else t.person
        if not who:
            continue
        B.add_node(who, bipartite=0)
        B.add_node(t.body, bipartite=1)
        w = B.edges[who, t.body]["weight"] + 1 if B.has_edge(who, t.body) else 1
        B.add_edge(who, t.body, weight=w)
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
    left = side(B, 0)
    if not left:  # nobody held a tenure in the period: networkx refuses an empty projection
        return nx.Graph()
    return bipartite.weighted_projected_graph(B, left)
