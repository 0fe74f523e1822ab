"""The four structural findings of the evaluation and goal attainment come out of the graph.

Expected values are read from the source, with their sections.
"""

from __future__ import annotations

import networkx as nx

from tests.conftest import SIGNATORIES, WORK_GROUPS
from tmb_graph.analysis.gaps import organisational_gaps
from tmb_graph.analysis.goals import goal_attainment
from tmb_graph.analysis.layers import missing_layers
from tmb_graph.analysis.recipients import recipient_distance
from tmb_graph.analysis.turnover import representative_turnover


def test_tullverket_is_the_signatory_without_a_work_group(real: nx.MultiDiGraph) -> None:
    # footnotes 3 and 11: Tullverket signed but sits in none of the seven work groups
    res = organisational_gaps(real)
    assert [g.subject for g in res.of_kind("signatory_without_work_group")] == ["org-tullverket"]
    assert res.of_kind("signatory_without_work_group")[0].sections


def test_no_work_group_has_manager_representation(real: nx.MultiDiGraph) -> None:
    # §3.4: the work groups consisted exclusively of civil servants
    res = organisational_gaps(real)
    assert {g.subject for g in res.of_kind("body_without_manager_representation")} == WORK_GROUPS


def test_only_lansstyrelsen_put_the_commitment_into_its_plans(real: nx.MultiDiGraph) -> None:
    # §5 question 2
    res = organisational_gaps(real)
    assert {g.subject for g in res.of_kind("not_in_operational_plan")} == SIGNATORIES - {"org-lst-skane"}


def test_conveners_are_administrative_only(real: nx.MultiDiGraph) -> None:
    # §3.3: a purely administrative function without formal decision rights
    res = organisational_gaps(real)
    admin = res.of_kind("administrative_only_role")
    bodies = {n for g in admin for n in g.nodes if n.startswith("wg-")}
    assert bodies == WORK_GROUPS
    assert all(real.nodes[g.subject]["role"] in {"convener", "process_leader"} for g in admin)


def test_no_allocated_time_and_geographic_mismatch_are_found(real: nx.MultiDiGraph) -> None:
    res = organisational_gaps(real)
    # §4.2.1: only Länsstyrelsen and Kriminalvården set working time aside in the recidivism group
    far = {g.subject for g in res.of_kind("no_allocated_time") if "wg-far" in g.nodes}
    assert len(far) >= 3
    assert any("wg-far" in g.nodes for g in res.of_kind("geographic_mismatch"))  # §4.2.5


def test_the_project_leaders_seat_stood_empty(real: nx.MultiDiGraph) -> None:
    # §4.1.1: Länsstyrelsen's project leader left in late winter 2019 and was not replaced
    res = organisational_gaps(real)
    vacant = [g for g in res.of_kind("vacant_seat") if any(n.startswith("post-avh") for n in g.nodes)]
    assert vacant and all((g.days or 0) > 600 for g in vacant)


def test_kfsk_departure_cascades_through_five_groups(real: nx.MultiDiGraph) -> None:
    # §4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.6.1: KFSK's business developer replaced by a consultant
    res = representative_turnover(real)
    assert res.cascades()["p-kfsk-vu"] == ["wg-avh", "wg-est", "wg-far", "wg-otp", "wg-sam"]
    successors = {c.successor_person for c in res.cascade if c.person == "p-kfsk-vu"}
    assert successors == {"p-kfsk-konsult"}


def test_three_replacements_in_the_recidivism_group(real: nx.MultiDiGraph) -> None:
    # §4.2.1: three of the representatives were replaced
    res = representative_turnover(real)
    assert sum(1 for t in res.tenures if t.body == "wg-far" and t.replaced) == 3


def test_missing_layers_come_out_of_the_graph(real: nx.MultiDiGraph) -> None:
    # §3.4: no formal commissioner, no project group of line managers, no executive project leader
    res = missing_layers(real)
    assert res.missing() == ["ideal-commissioner", "ideal-project-group", "ideal-project-leader"]
    realised = {r.layer for r in res.layers if r.realised}
    assert realised == {"ideal-steering-group", "ideal-work-group"}
    assert {r.role for r in res.extra_roles} >= {"convener", "process_leader"}
    assert res.chains and all(c.breaks_at for c in res.chains)
    assert all("executive" in d.unheld_levels for d in res.distances)


def test_recipients_follow_the_sources_continuum(real: nx.MultiDiGraph) -> None:
    # §5 question 4: EST pilot and agreement municipalities at the co-creator end; violence-against-
    # women and recidivism recipients in between; business, defectors' portal, folder recipients passive
    res = recipient_distance(real)
    mean = {b.body: b.mean_distance for b in res.by_body}
    co = [mean[b] for b in ("wg-est", "wg-sam")]
    middle = [mean[b] for b in ("wg-mvk", "wg-far") if b in mean]
    passive = [mean[b] for b in ("wg-nar", "wg-avh", "wg-otp") if b in mean]
    assert middle and passive
    assert max(co) < min(middle) <= max(middle) < min(passive)
    for m in (
        "org-hassleholm",
        "org-trelleborg",
        "org-angelholm",
        "org-horby",
        "org-hoor",
        "org-kristianstad",
        "org-tomelilla",
    ):
        assert res.row(m).recorded_involvement == "co_creator"


def test_goal_attainment_per_group(real: nx.MultiDiGraph) -> None:
    # §5 question 3: six of seven (defectors), one of two seminars (recidivism), all four (business)
    res = goal_attainment(real)
    assert res.group("wg-avh").attainment == "6 of 7"
    assert res.group("wg-far").attainment == "1 of 2"
    assert res.group("wg-nar").attainment == "4 of 4"
    assert res.group("wg-avh").result_goal == "not_fulfilled"
    assert res.group("wg-est").result_goal == "fulfilled"
    covid = sum(r.activities for r in res.reasons if r.reason == "covid19")
    assert covid >= 6
