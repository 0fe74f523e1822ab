"""Network metrics on the real programme: the story of the evaluation without tuning, and
perturbed copies that move the metrics the way their definitions say."""

from __future__ import annotations

import networkx as nx
import pytest

from tmb_graph.analysis.network import NetworkResult, network_metrics
from tmb_graph.analysis.network.governance import LEAD
from tmb_graph.analysis.network.whatif import keep_person, remove_organisation

LST = "org-lst-skane"
KFSK_REP = "p-kfsk-vu"


@pytest.fixture(scope="module")
def quarters(real: nx.MultiDiGraph) -> NetworkResult:
    return network_metrics(real, "quarter")


def test_the_2019_turnover_peaks_in_the_third_quarter_with_one_person_leaving_four_groups(
    quarters: NetworkResult,
) -> None:
    # §4.1.1–4.7.1: Kommunförbundet Skåne's representative left the groups in 2019
    peak = max(quarters.periods, key=lambda r: r.turnover_rate or 0)
    assert peak.period == "2019-Q3"
    assert peak.widest_departure == 4
    widest = max(quarters.departures, key=lambda d: d.width)
    assert (widest.person, widest.bodies) == (KFSK_REP, ["wg-avh", "wg-est", "wg-otp", "wg-sam"])
    assert quarters.row("2018-Q4").same_person_share == 1.0
    end = quarters.row("2020-Q4").same_person_share
    assert end is not None and end < 0.9


def test_activities_fall_away_for_covid19_only_in_the_covid_period(quarters: NetworkResult) -> None:
    before = [r for r in quarters.periods if not r.covid]
    during = [r for r in quarters.periods if r.covid]
    assert sum(r.fell_away_covid19 for r in before) == 0
    assert sum(r.fell_away_covid19 for r in during) >= 10
    assert during[0].period == "2020-Q1"


def test_lansstyrelsen_is_the_top_broker_and_the_lead_organisation(quarters: NetworkResult) -> None:
    # §3.3: the county governor chairs the steering group, Länsstyrelsen's coordinators lead the process
    from2019 = [r for r in quarters.periods if r.period >= "2019"]
    assert all(r.brokers == [LST] for r in from2019)
    assert {g.form for g in quarters.governance} == {LEAD}
    assert {g.lead for g in quarters.governance} == {LST}
    assert all(g.evidence and g.sections for g in quarters.governance)


def test_keeping_the_cascades_person_lowers_departures_and_raises_continuity(
    real: nx.MultiDiGraph, quarters: NetworkResult
) -> None:
    nodes = real.number_of_nodes()
    kept = network_metrics(keep_person(real, KFSK_REP), "quarter", whatif=False)
    assert real.number_of_nodes() == nodes and "m-avh-kfsk-2" in real  # the real graph is untouched
    assert sum(r.departures for r in kept.periods) == sum(r.departures for r in quarters.periods) - 5
    assert max(r.widest_departure for r in kept.periods) == 1
    before, after = quarters.row("2020-Q4").same_person_share, kept.row("2020-Q4").same_person_share
    assert before is not None and after is not None and after > before
    rows = {(w.scenario, w.metric): w for w in quarters.whatif}
    assert rows[("cascade removed", "departures")].moves == "down"
    assert rows[("cascade removed", "same_person_share")].moves == "up"


def test_removing_lansstyrelsens_seats_removes_it_and_its_ties(real: nx.MultiDiGraph, quarters: NetworkResult) -> None:
    without = network_metrics(remove_organisation(real, LST), "quarter", whatif=False)
    for a, b in zip(quarters.periods, without.periods, strict=True):
        assert b.organisations == a.organisations - 1
        assert b.org_ties < a.org_ties
        assert LST not in b.brokers
    assert LST in real.nodes and any(True for _ in real.in_edges(LST))
    rows = {(w.scenario, w.metric): w for w in quarters.whatif}
    assert rows[("seats removed", "org_ties")].moves == "down"


def test_one_body_alone_is_measured_on_its_own_seats(real: nx.MultiDiGraph) -> None:
    far = network_metrics(real, "year", body="wg-far", whatif=False)
    assert far.scope == ["wg-far"]
    assert {b.body for b in far.bodies} == {"wg-far"}
    # two representatives of the recidivism group were replaced (§4.3.1)
    assert far.row("2020").same_person_share == 0.4
