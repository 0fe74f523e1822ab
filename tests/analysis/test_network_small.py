"""Network metrics on small hand-built programmes whose values are worked out by hand."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from tmb_graph.analysis.network import network_metrics
from tmb_graph.analysis.network.cohesion import degree_centralisation, density
from tmb_graph.analysis.network.governance import LEAD, NAO, SHARED, governance
from tmb_graph.analysis.network.periods import Period, cut, held_spans
from tmb_graph.analysis.network.ties import Tenure
from tmb_graph.errors import TmbError

Y = dt.date(2019, 1, 1), dt.date(2020, 1, 1)


def programme(
    tenures: list[tuple[str, str, str, str, str, str]], replaced: dict[str, str] | None = None
) -> nx.MultiDiGraph:
    """A programme 2019 with bodies wg-a, wg-b, wg-c and the given tenures
    ``(membership, body, org, person, start, end)``; a seat per (body, org)."""
    g = nx.MultiDiGraph()
    year = {"start_earliest": "2019-01-01", "end_earliest": "2020-01-01"}
    g.add_node("prog", labels=frozenset({"Body"}), kind="programme", **year)
    for b in ("wg-a", "wg-b", "wg-c"):
        g.add_node(b, labels=frozenset({"Body"}), kind="work_group", **year)
        g.add_edge(b, "prog", key="PART_OF")
    for m, b, org, person, start, end in tenures:
        seat = f"post-{b}-{org}"
        for n, label in ((org, "Organisation"), (person, "Person"), (seat, "Post")):
            if n not in g:
                g.add_node(n, labels=frozenset({label}))
        g.add_edge(seat, b, key="IN_BODY")
        g.add_edge(seat, org, key="ON_BEHALF_OF")
        g.add_node(
            m,
            labels=frozenset({"Membership"}),
            start_earliest=start,
            end_earliest=end,
            role="representative",
            authority="representation",
        )
        g.add_edge(m, b, key="IN_BODY")
        g.add_edge(m, org, key="ON_BEHALF_OF")
        g.add_edge(m, seat, key="OF_SEAT")
        g.add_edge(person, m, key="HOLDS")
    for successor, predecessor in (replaced or {}).items():
        g.add_edge(successor, predecessor, key="REPLACED")
    return g


FULL = ("2019-01-01", "2020-01-01")
#: A and B share wg-a and wg-b; C bridges wg-b and wg-c, where D's holder is replaced on 1 July
SMALL = [
    ("m-a-a", "wg-a", "A", "pa", *FULL),
    ("m-a-b", "wg-b", "A", "pa", *FULL),
    ("m-b-a", "wg-a", "B", "pb", *FULL),
    ("m-b-b", "wg-b", "B", "pb", *FULL),
    ("m-c-b", "wg-b", "C", "pc", *FULL),
    ("m-c-c", "wg-c", "C", "pc", *FULL),
    ("m-d-1", "wg-c", "D", "pd1", "2019-01-01", "2019-07-01"),
    ("m-d-2", "wg-c", "D", "pd2", "2019-07-01", "2020-01-01"),
]


@pytest.fixture
def small() -> nx.MultiDiGraph:
    return programme(SMALL, {"m-d-2": "m-d-1"})


def test_freeman_centralisation_is_one_for_a_star_and_zero_for_a_clique() -> None:
    assert degree_centralisation(nx.star_graph(5)) == 1.0
    assert degree_centralisation(nx.complete_graph(6)) == 0.0
    assert degree_centralisation(nx.cycle_graph(6)) == 0.0
    # path a-b-c-d: degrees 1,2,2,1 -> (1+0+0+1) / (3*2)
    assert degree_centralisation(nx.path_graph(4)) == round(2 / 6, 3)
    assert degree_centralisation(nx.path_graph(2)) is None


def test_density_counts_ties_over_possible_ties() -> None:
    assert density(nx.path_graph(4)) == 0.5
    assert density(nx.empty_graph(1)) == 0.0


def test_the_organisation_network_of_a_small_programme_has_the_values_worked_out_by_hand(
    small: nx.MultiDiGraph,
) -> None:
    res = network_metrics(small, "year", whatif=False)
    [row] = res.periods
    # ties A-B (2 bodies), A-C, B-C, C-D: 4 of 6 possible; degrees A2 B2 C3 D1
    assert (row.organisations, row.org_ties, row.org_density) == (4, 4, 0.667)
    assert row.org_centralisation == round((1 + 1 + 0 + 2) / (3 * 2), 3)
    assert (row.multiplex_ties, row.multiplex_share) == (1, 0.25)
    # C alone links D (wg-c) to the others
    assert row.brokers == ["C"]
    assert row.representatives == 5


def test_a_replacement_lowers_the_same_person_share_in_its_quarter_only(small: nx.MultiDiGraph) -> None:
    res = network_metrics(small, "quarter", whatif=False)
    q = {r.period: r for r in res.periods}
    assert q["2019-Q2"].same_person_share == 1.0 and q["2019-Q2"].departures == 0
    # 7 seats held in Q3; D's seat changed holder
    assert q["2019-Q3"].same_person_share == round(6 / 7, 3)
    assert (q["2019-Q3"].departures, q["2019-Q3"].turnover_rate) == (1, round(1 / 7, 3))
    assert [(d.person, d.day, d.period) for d in res.departures] == [("pd1", "2019-07-01", "2019-Q3")]


def test_one_person_leaving_three_bodies_at_once_is_one_event_of_width_three() -> None:
    tenures = [(f"m-{b}", b, "A", "pa", "2019-01-01", "2019-05-01") for b in ("wg-a", "wg-b", "wg-c")]
    tenures += [(f"n-{b}", b, "A", "pn", "2019-05-01", "2020-01-01") for b in ("wg-a", "wg-b", "wg-c")]
    g = programme(tenures, {f"n-{b}": f"m-{b}" for b in ("wg-a", "wg-b", "wg-c")})
    res = network_metrics(g, "quarter", whatif=False)
    assert [(d.person, d.width) for d in res.departures] == [("pa", 3)]
    assert res.row("2019-Q2").widest_departure == 3
    assert res.row("2019-Q1").widest_departure == 0


def test_vacancy_days_count_the_days_a_seat_existed_unheld() -> None:
    # B's seat in wg-a is first held on 1 February: 31 vacant days in January
    g = programme([("m-a", "wg-a", "A", "pa", *FULL), ("m-b", "wg-a", "B", "pb", "2019-02-01", "2020-01-01")])
    res = network_metrics(g, "month", whatif=False)
    assert (res.row("2019-01").vacancy_days, res.row("2019-01").seats_vacant) == (31, 1)
    assert (res.row("2019-02").vacancy_days, res.row("2019-02").seats_filled) == (0, 2)


def test_a_fuzzy_end_is_held_until_the_earliest_day_it_may_denote() -> None:
    g = programme([("m-a", "wg-a", "A", "pa", "2019-01-01", "2019-09-01")])
    g.nodes["m-a"].update(end="2019-autumn", end_latest="2019-11-30", end_precision="season")
    assert held_spans(g, "m-a", Y) == [(dt.date(2019, 1, 1), dt.date(2019, 9, 1))]
    # counted in Q3 (held in July and August), not in Q4
    res = network_metrics(g, "quarter", whatif=False)
    assert res.row("2019-Q3").representatives == 1 and res.row("2019-Q4").representatives == 0


def test_a_tenure_without_a_start_starts_with_its_body_by_the_one_rule() -> None:
    g = programme([("m-a", "wg-a", "A", "pa", "", "2020-01-01")])
    del g.nodes["m-a"]["start_earliest"]
    g.nodes["wg-a"]["start_earliest"] = "2019-04-01"
    assert held_spans(g, "m-a", Y) == [(dt.date(2019, 4, 1), dt.date(2020, 1, 1))]


def test_periods_are_calendar_periods_clipped_to_the_window() -> None:
    assert [p.label for p in cut(dt.date(2019, 2, 15), dt.date(2020, 1, 1), "quarter")] == [
        "2019-Q1",
        "2019-Q2",
        "2019-Q3",
        "2019-Q4",
    ]
    with pytest.raises(TmbError, match="choose one of month, quarter, year"):
        cut(*Y, "week")


def test_governance_is_read_as_nao_when_the_administrator_holds_no_seat() -> None:
    g = nx.MultiDiGraph()
    g.add_node("prog", labels=frozenset({"Body"}), kind="programme")
    g.add_node("wg", labels=frozenset({"Body"}), kind="work_group")
    ts = [
        Tenure("m1", "s1", "prog", "org-secretariat", "p1", "process_leader", "administrative", [Y]),
        Tenure("m2", "s2", "wg", "org-a", "p2", "representative", "representation", [Y]),
        Tenure("m3", "s3", "wg", "org-b", "p3", "representative", "representation", [Y]),
    ]
    year = Period("2019", *Y)
    assert governance(g, ts, year).form == NAO
    ts[0] = Tenure("m1", "s1", "prog", "org-a", "p1", "process_leader", "administrative", [Y])
    assert (governance(g, ts, year).form, governance(g, ts, year).lead) == (LEAD, "org-a")
    assert governance(g, ts[1:], year).form == SHARED


def test_an_unknown_body_is_refused_with_the_bodies_to_choose_from(small: nx.MultiDiGraph) -> None:
    with pytest.raises(TmbError, match="choose one of wg-a, wg-b, wg-c"):
        network_metrics(small, body="wg-x")
