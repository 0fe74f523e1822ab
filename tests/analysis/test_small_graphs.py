"""Each analysis on small hand-built property graphs, where the right answer is plain to see.

The graphs use the property-graph vocabulary of :mod:`tmb_graph.propertygraph.mapping`
(labels, relationship types, property names), so they read like the Cypher a user writes.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from tmb_graph.analysis.gaps import organisational_gaps
from tmb_graph.analysis.goals import goal_attainment
from tmb_graph.analysis.layers import missing_layers
from tmb_graph.analysis.recipients import recipient_distance
from tmb_graph.analysis.turnover import representative_turnover

AUTHORITY = {
    "chair": "decision",
    "steering_member": "decision",
    "convener": "administrative",
    "representative": "representation",
    "project_leader": "executive",
    "project_group_member": "executive",
    "commissioner": "decision",
}


class Builder:
    """A tiny programme: nodes with labels and properties, relationships by type."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        self.node("sec-1", "Section", number="1")

    def node(self, nid: str, kind_label: str, **props: Any) -> Builder:
        self.g.add_node(nid, labels=frozenset({kind_label}), id=nid, **props)
        if kind_label != "Section":
            self.rel(nid, "DERIVED_FROM", "sec-1", evidence="", inferred=False)
        return self

    def rel(self, a: str, rtype: str, b: str, **props: Any) -> Builder:
        self.g.add_edge(a, b, key=rtype, type=rtype, **props)
        return self

    def org(self, oid: str) -> Builder:
        return self.node(oid, "Organisation", name=oid)

    def body(self, bid: str, kind: str, end: str = "2020-12-31", part_of: str | None = None) -> Builder:
        self.node(bid, "Body", kind=kind, name=bid, end=end, end_earliest=end)
        if part_of:
            self.rel(bid, "PART_OF", part_of)
        return self

    def seat(self, post: str, body: str, org: str, role: str) -> Builder:
        self.node(post, "Post", role=role, authority=AUTHORITY[role])
        return self.rel(post, "IN_BODY", body).rel(post, "ON_BEHALF_OF", org)

    def tenure(self, mid: str, post: str, person: str, start: str, end: str, **props: Any) -> Builder:
        body = next(v for _, v, k in self.g.out_edges(post, keys=True) if k == "IN_BODY")
        org = next(v for _, v, k in self.g.out_edges(post, keys=True) if k == "ON_BEHALF_OF")
        post_props = self.g.nodes[post]
        if person not in self.g:
            self.node(person, "Person", label=person)
        replaces = props.pop("replaces", None)
        self.node(
            mid, "Membership", role=post_props["role"], authority=post_props["authority"],
            start=start, start_earliest=start, end=end, end_earliest=end, end_inferred=False, **props,
        )  # fmt: skip
        self.rel(person, "HOLDS", mid).rel(mid, "OF_SEAT", post).rel(mid, "IN_BODY", body).rel(mid, "ON_BEHALF_OF", org)
        if replaces:
            self.rel(mid, "REPLACED", replaces)
        return self

    def activity(self, aid: str, body: str, status: str, plan_item: bool = True, **props: Any) -> Builder:
        happened = status in {"performed", "partly_performed"}
        self.node(
            aid,
            "Activity",
            status=status,
            happened=happened,
            plan_item=plan_item,
            reasons=props.pop("reasons", []),
            **props,
        )
        return self.rel(aid, "BY_BODY", body)


def programme() -> Builder:
    """Programme P signed by A, B, C; steering group S (A chairs); work group W (A convenes, B sits)."""
    b = Builder()
    for o in ("org-a", "org-b", "org-c"):
        b.org(o)
    b.body("prog", "programme").body("sg", "steering_group", part_of="prog").body("wg", "work_group", part_of="prog")
    for o in ("org-a", "org-b", "org-c"):
        b.rel("prog", "SIGNED_BY", o)
    b.seat("post-sg-a", "sg", "org-a", "chair").seat("post-sg-b", "sg", "org-b", "steering_member")
    b.seat("post-sg-c", "sg", "org-c", "steering_member")
    b.seat("post-wg-a", "wg", "org-a", "convener").seat("post-wg-b", "wg", "org-b", "representative")
    b.tenure("m-wg-a", "post-wg-a", "p-a", "2018-09-01", "2020-12-31", allocated_time="yes")
    b.tenure("m-wg-b-1", "post-wg-b", "p-b1", "2018-09-01", "2019-09-01", allocated_time="no")
    b.tenure("m-wg-b-2", "post-wg-b", "p-b2", "2019-11-01", "2020-12-31", replaces="m-wg-b-1")
    return b


def test_gaps_on_a_small_programme() -> None:
    res = organisational_gaps(programme().g)
    assert [g.subject for g in res.of_kind("signatory_without_work_group")] == ["org-c"]
    assert [g.subject for g in res.of_kind("body_without_manager_representation")] == ["wg"]
    assert [g.subject for g in res.of_kind("no_allocated_time")] == ["m-wg-b-1"]
    vacant = res.of_kind("vacant_seat")
    assert [(g.subject, g.days) for g in vacant] == [("post-wg-b", 61)]  # 2019-09-01 → 2019-11-01
    assert {g.subject for g in res.of_kind("administrative_only_role")} == {"post-wg-a"}


def test_a_manager_in_the_work_group_closes_the_manager_gap() -> None:
    b = programme()
    b.seat("post-wg-c", "wg", "org-c", "project_group_member")
    b.tenure("m-wg-c", "post-wg-c", "p-c", "2018-09-01", "2020-12-31")
    res = organisational_gaps(b.g)
    assert res.of_kind("body_without_manager_representation") == []
    assert res.of_kind("signatory_without_work_group") == []


def test_turnover_and_cascade_on_a_small_programme() -> None:
    b = programme()
    # p-b1 also sat in a second group and left it on the same day, replaced by p-b2
    b.body("wg2", "work_group", part_of="prog").seat("post-wg2-b", "wg2", "org-b", "representative")
    b.tenure("m-wg2-b-1", "post-wg2-b", "p-b1", "2018-10-01", "2019-09-01")
    b.tenure("m-wg2-b-2", "post-wg2-b", "p-b2", "2019-09-01", "2020-12-31", replaces="m-wg2-b-1")
    res = representative_turnover(b.g)
    assert res.cascades() == {"p-b1": ["wg", "wg2"]}
    assert sum(1 for t in res.tenures if t.replaced) == 2
    assert {c.successor_person for c in res.cascade} == {"p-b2"}


def test_layers_on_a_small_programme() -> None:
    b = programme()
    b.node("ideal-sg", "IdealLayer", kind="steering_group", role="steering_member", authority="decision", name="S")
    b.node("ideal-pg", "IdealLayer", kind="project_group", role="project_group_member", authority="executive", name="P")
    b.node("ideal-wg", "IdealLayer", kind="work_group", role="representative", authority="representation", name="W")
    b.rel("ideal-pg", "REPORTS_TO", "ideal-sg").rel("ideal-wg", "REPORTS_TO", "ideal-pg")
    res = missing_layers(b.g)
    assert res.missing() == ["ideal-pg"]
    assert {r.role for r in res.extra_roles} == {"chair", "convener"}
    assert all(c.breaks_at == "executive_layer" for c in res.chains)
    # add the missing layer: a project group of line managers with executive seats
    b.body("pg", "project_group", part_of="prog").seat("post-pg-a", "pg", "org-a", "project_group_member")
    b.seat("post-pg-b", "pg", "org-b", "project_group_member")
    res = missing_layers(b.g)
    assert res.missing() == []
    assert all(c.breaks_at == "" for c in res.chains)


def test_recipient_distance_orders_by_involvement() -> None:
    b = programme()
    for r in ("org-near", "org-mid", "org-far"):
        b.org(r)
    b.activity("act-support", "wg", "performed")
    b.rel(
        "act-support",
        "REACHED",
        "org-near",
        involvement="co_creator",
        needs_shaped_content="yes",
        tailored_support="yes",
    )
    b.activity("act-seminar", "wg", "performed")
    b.rel("act-seminar", "REACHED", "org-mid", involvement="participant", needs_shaped_content="partly")
    b.activity("act-folder", "wg", "performed")
    b.rel("act-folder", "REACHED", "org-far", involvement="passive_recipient")
    res = recipient_distance(b.g)
    assert res.order() == ["org-near", "org-mid", "org-far"]
    assert res.row("org-near").distance == 2.0  # edge 3 − 2 + activity → body 1
    assert res.row("org-far").distance == 4.0


def test_goal_attainment_counts_plan_items_only() -> None:
    b = programme()
    b.activity("act-1", "wg", "performed").activity("act-2", "wg", "partly_performed")
    b.activity("act-3", "wg", "cancelled", reasons=["covid19"])
    b.activity("act-3a", "wg", "cancelled", plan_item=False, reasons=["covid19"]).rel("act-3a", "PART_OF", "act-3")
    b.node("goal-r", "Goal", type="result", clarity="clear", assessment="partly_fulfilled").rel(
        "goal-r", "GOAL_OF", "wg"
    )
    res = goal_attainment(b.g)
    row = res.group("wg")
    assert (row.planned, row.carried_out, row.attainment) == (3, 2, "2 of 3")
    assert row.partly == ["act-2"] and row.result_goal == "partly_fulfilled"
    assert row.reasons == {"covid19": 2}
