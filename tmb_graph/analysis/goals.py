"""Goal attainment per work group (§4.x.2–4.x.5, §5 question 3).

Definition
----------
For every ``Body`` of kind ``work_group``:

- *planned*: its activities with ``plan_item = true`` (the ones the source counts among the
  group's planned activities; sub-activities and supporting work are not counted);
- *carried out*: those of them whose status ``happened`` (performed or partly performed) —
  reported as "carried out of planned" (e.g. "6 of 7") with the partly performed ones named;
- *fell away*: planned items that did not happen, with their status;
- the result and process goals (``Goal -GOAL_OF->``): clarity and the evaluation's assessment;
- *reasons*: every reason attached to any activity of the group (plan items or not), counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.propertygraph.projection import View
from tmb_graph.table import Result, Table


@dataclass
class GroupGoals:
    body: str
    name: str
    planned: int
    carried_out: int
    attainment: str
    partly: list[str]
    fell_away: list[str]
    result_goal: str
    result_clarity: str
    process_goal: str
    process_clarity: str
    reasons: dict[str, int] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)


@dataclass
class ReasonCount:
    body: str
    reason: str
    activities: int


@dataclass
class GoalsResult(Result):
    groups: list[GroupGoals]
    reasons: list[ReasonCount]
    name: str = "goals"

    def group(self, body: str) -> GroupGoals:
        return next(g for g in self.groups if g.body == body)

    def tables(self) -> list[Table]:
        return [Table.of("goal_attainment", self.groups), Table.of("reasons", self.reasons)]

    def summary(self) -> str:
        total_p = sum(g.planned for g in self.groups)
        total_c = sum(g.carried_out for g in self.groups)
        reasons: Counter[str] = Counter()
        for r in self.reasons:
            reasons[r.reason] += r.activities
        top = ", ".join(f"{k} {n}" for k, n in reasons.most_common(3))
        return f"{total_c} of {total_p} planned activities carried out across {len(self.groups)} work groups; reasons: {top}."


def _activities_of(v: View, body: str) -> list[str]:
    direct = set(v.into(body, "BY_BODY"))
    return sorted(a for a in direct if "Activity" in v.g.nodes[a].get("labels", ()))


def goal_attainment(g: nx.MultiDiGraph) -> GoalsResult:
    """Planned vs carried-out activities, goal assessments and reasons, per work group.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of a programme graph.

    Returns
    -------
    GoalsResult

    Examples
    --------
    >>> goal_attainment(load_projection(Path("build"))).group("wg-avh").attainment  # doctest: +SKIP
    '6 of 7'
    """
    v = View(g)
    groups, reason_rows = [], []
    for body in v.bodies_of_kind("work_group"):
        acts = _activities_of(v, body)
        plan = [a for a in acts if v.node(a).get("plan_item")]
        done = [a for a in plan if v.node(a).get("happened")]
        partly = [a for a in done if v.node(a).get("status") == "partly_performed"]
        fell = [f"{a} ({v.node(a).get('status')})" for a in plan if not v.node(a).get("happened")]
        goals = {str(v.node(x).get("type")): v.node(x) for x in v.into(body, "GOAL_OF")}
        reasons: Counter[str] = Counter()
        for a in acts:
            for r in v.node(a).get("reasons", []) or []:
                reasons[str(r)] += 1
        res, proc = goals.get("result", {}), goals.get("process", {})
        groups.append(
            GroupGoals(
                body,
                str(v.node(body).get("name_en") or v.node(body).get("name")),
                len(plan),
                len(done),
                f"{len(done)} of {len(plan)}",
                partly,
                fell,
                str(res.get("assessment", "")),
                str(res.get("clarity", "")),
                str(proc.get("assessment", "")),
                str(proc.get("clarity", "")),
                dict(sorted(reasons.items())),
                sorted({s for x in v.into(body, "GOAL_OF") for s in v.sections(x)}),
            )
        )
        reason_rows += [ReasonCount(body, r, n) for r, n in sorted(reasons.items())]
    return GoalsResult(groups, reason_rows)
