"""Measured component by component, the network metrics are those of the whole network at once.

A dataset of programmes is a network of disjoint components (one per programme); the analysis
measures each component once (:func:`ties.networks`, :func:`ties.summary`,
:func:`brokerage.brokerage_of`) — these tests hold it to networkx run on the whole network.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from tmb_graph.analysis.network.brokerage import brokerage, brokerage_of, max_betweenness
from tmb_graph.analysis.network.cohesion import centralisation_of, degree_centralisation, density, density_of
from tmb_graph.analysis.network.periods import by_period, cut
from tmb_graph.analysis.network.ties import Tenure, networks, projection, summary, two_mode


def tenures(*ties: tuple[str, str, str]) -> list[Tenure]:
    return [
        Tenure(f"m{i}", f"s{i}", body, org, person, "member", "representation")
        for i, (org, body, person) in enumerate(ties)
    ]


# two programmes: a chain of three bodies with a broker each side, and a small star
TWO = tenures(
    ("a", "x", "p1"), ("b", "x", "p2"), ("b", "y", "p3"), ("c", "y", "p4"), ("c", "z", "p5"), ("d", "z", "p6"),
    ("e", "v", "p7"), ("f", "v", "p8"), ("g", "v", "p9"), ("e", "w", "p7"),
)  # fmt: skip


def test_components_are_found_without_building_the_network_and_match_networkx() -> None:
    parts = networks(TWO)
    B = two_mode(TWO)
    assert len(parts) == nx.number_connected_components(B) == 2
    assert sorted(n for edges in parts for e in edges for n in e) == sorted(n for u, v in B.edges() for n in (u, v))


@pytest.mark.parametrize("left", ["organisation", "person"])
def test_density_and_centralisation_from_components_equal_networkx_on_the_union(left: str) -> None:
    G = projection(two_mode(TWO, left))
    s = summary(networks(TWO, left))
    assert (s.nodes, s.ties) == (G.number_of_nodes(), G.number_of_edges())
    assert density_of(s.nodes, s.ties) == density(G) == round(nx.density(G), 3)
    degrees = [d for _, d in G.degree()]
    freeman = round(sum(max(degrees) - d for d in degrees) / ((len(degrees) - 1) * (len(degrees) - 2)), 3)
    assert centralisation_of(s.nodes, s.degree_sum, s.top_degree) == degree_centralisation(G) == freeman


def test_betweenness_summed_over_components_is_networkxs_two_mode_betweenness_of_the_whole() -> None:
    B = two_mode(TWO)
    orgs = [n for n, m in B.nodes(data="bipartite") if m == 0]
    whole = bipartite.betweenness_centrality(B, orgs)
    rows = {r.organisation: r for r in brokerage_of(networks(TWO))}
    assert {o: rows[o].betweenness for o in orgs} == {o: round(whole[o], 3) for o in orgs}
    assert rows["b"].betweenness > 0 and rows["c"].betweenness > 0 and rows["a"].betweenness == 0
    assert [r.organisation for r in brokerage(B)] == list(rows)  # strongest broker first, either door
    assert rows["e"].constraint is not None and rows["e"].effective_size is not None
    # the normalisation networkx applies: a path a-x-b-y-c, b on 4 of the shortest paths
    assert max_betweenness(3, 2) == 4.0


def test_items_are_put_in_the_periods_they_overlap_as_filtering_would() -> None:
    d = dt.date
    periods = cut(d(2019, 1, 1), d(2021, 1, 1), "quarter")
    spans = {
        "inside": [(d(2019, 2, 1), d(2019, 2, 2))],
        "across": [(d(2019, 3, 31), d(2019, 7, 2))],
        "two spans": [(d(2019, 1, 1), d(2019, 1, 5)), (d(2020, 12, 31), d(2021, 6, 1))],
        "before": [(d(2018, 1, 1), d(2019, 1, 1))],
        "ends on a start": [(d(2019, 5, 1), d(2019, 7, 1))],
    }
    found = by_period(list(spans), spans.__getitem__, periods)
    filtered = [[k for k, ss in spans.items() if any(a < p.end and p.start < b for a, b in ss)] for p in periods]
    assert found == filtered
    assert found[0] == ["inside", "across", "two spans"] and "ends on a start" not in found[2]
