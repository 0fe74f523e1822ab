"""Organisational gaps ("organisatoriska mellanrum", §1, §3.3–3.4, §5 question 2).

Definition
----------
A *gap* is a place where responsibility or authority ends without anyone taking over. Kinds,
each read from graph patterns (property-graph names):

``signatory_without_work_group``
    An organisation the programme is ``SIGNED_BY`` such that no ``Post`` in a ``Body`` of kind
    ``work_group`` is ``ON_BEHALF_OF`` it or one of its units (``PART_OF``).
``body_without_manager_representation``
    A work group none of whose tenures (``Membership -IN_BODY->``) has a role with authority
    ``decision`` or ``executive``: only civil servants, no managers or employer representation.
``no_allocated_time`` / ``no_anchoring`` / ``no_decision_mandate``
    A tenure in a work group whose ``allocated_time`` / ``anchoring`` / ``decision_mandate`` is
    ``no`` (``partly`` counts for time and anchoring, reported with its value; ``unknown`` is
    not a gap but counted in the summary as not stated).
``administrative_only_role``
    A seat whose role's authority type is ``administrative`` (the convener; the process leaders).
``not_in_operational_plan``
    A signatory whose ``in_operational_plan`` is ``no``.
``vacant_seat``
    Days a seat stood empty: between one holder's end and the next holder's start, or from the
    last holder's end to the body's end when nobody took over (dates compared on the earliest
    day each may denote).
``geographic_mismatch`` / ``unclear_representation`` / ``missing_representation`` /
``partner_withdrawal`` / ``undefined_mandate``
    An ``Observation`` of that kind the source records, with the nodes it is ``ABOUT``.

Every gap lists the nodes involved, an evidence snippet when the data has one, and the source
sections of the nodes that carry it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.propertygraph.projection import View, day
from tmb_graph.table import Result, Table

AUTHORITY_OF_MANAGERS = {"decision", "executive"}
OBSERVATION_KINDS = (
    "geographic_mismatch",
    "unclear_representation",
    "missing_representation",
    "partner_withdrawal",
    "undefined_mandate",
)


@dataclass
class Gap:
    """One organisational gap."""

    kind: str
    subject: str
    nodes: list[str]
    detail: str
    days: int | None = None
    evidence: str = ""
    sections: list[str] = field(default_factory=list)


@dataclass
class GapsResult(Result):
    """All gaps, and how many flag values were simply not stated."""

    gaps: list[Gap]
    not_stated: dict[str, int]
    name: str = "gaps"

    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(g.kind for g in self.gaps).items()))

    def of_kind(self, kind: str) -> list[Gap]:
        return [g for g in self.gaps if g.kind == kind]

    def tables(self) -> list[Table]:
        counts = [KindCount(k, n) for k, n in self.by_kind().items()]
        return [Table.of("gaps", self.gaps), Table.of("gaps_by_kind", counts)]

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {n}" for k, n in self.by_kind().items())
        return f"{len(self.gaps)} gaps ({parts})."


@dataclass
class KindCount:
    kind: str
    count: int


def _work_groups(v: View) -> list[str]:
    return v.bodies_of_kind("work_group")


def _signatory_gaps(v: View) -> list[Gap]:
    wg = set(_work_groups(v))
    seated: set[str] = set()
    for post in v.with_label("Post"):
        if v.one(post, "IN_BODY") in wg:
            org = v.one(post, "ON_BEHALF_OF")
            if org:
                seated.update(v.ancestors(org))
    gaps = []
    for prog in v.bodies_of_kind("programme"):
        for org in v.out(prog, "SIGNED_BY"):
            if org not in seated:
                gaps.append(
                    Gap(
                        "signatory_without_work_group",
                        org,
                        [prog, org],
                        f"{v.node(org).get('name')} signed "
                        f"{v.node(prog).get('name')} but holds no seat in any of its {len(wg)} work groups",
                        evidence=v.evidence(org),
                        sections=v.sections(org),
                    )
                )
    return gaps


def _tenures_in(v: View, body: str) -> list[str]:
    return [m for m in v.into(body, "IN_BODY") if "Membership" in v.g.nodes[m].get("labels", ())]


def _manager_gaps(v: View) -> list[Gap]:
    gaps = []
    for body in _work_groups(v):
        tenures = _tenures_in(v, body)
        authorities = sorted({str(v.g.nodes[m].get("authority")) for m in tenures})
        if tenures and not AUTHORITY_OF_MANAGERS & set(authorities):
            gaps.append(
                Gap(
                    "body_without_manager_representation",
                    body,
                    [body, *tenures],
                    f"{len(tenures)} tenures, authority types {', '.join(authorities)}: no decision or executive mandate",
                    sections=sorted({*v.sections(body), "3.4"}),
                )
            )
    return gaps


def _flag_gaps(v: View, not_stated: Counter[str]) -> list[Gap]:
    checks = (
        ("allocated_time", "no_allocated_time"),
        ("anchoring", "no_anchoring"),
        ("decision_mandate", "no_decision_mandate"),
    )
    gaps = []
    for body in _work_groups(v):
        for m in _tenures_in(v, body):
            node = v.node(m)
            for prop, kind in checks:
                value = node.get(prop, "unknown")
                if value in ("no", "partly") and not (prop == "decision_mandate" and value == "partly"):
                    person = v.into(m, "HOLDS")
                    gaps.append(
                        Gap(
                            kind,
                            m,
                            [*person, m, body],
                            f"{prop} = {value}"
                            + (
                                f" ({node['allocated_time_note']})"
                                if prop == "allocated_time" and node.get("allocated_time_note")
                                else ""
                            ),
                            evidence=v.evidence(m),
                            sections=v.sections(m),
                        )
                    )
                elif value == "unknown":
                    not_stated[prop] += 1
    return gaps


def _administrative_gaps(v: View) -> list[Gap]:
    gaps = []
    for post in v.with_label("Post"):
        node = v.node(post)
        if node.get("authority") == "administrative":
            body = v.one(post, "IN_BODY")
            gaps.append(
                Gap(
                    "administrative_only_role",
                    post,
                    [post, *([body] if body else [])],
                    f"role {node.get('role')} carries administrative authority only, no formal decision right",
                    evidence=v.evidence(post),
                    sections=sorted({*v.sections(post), "3.3"}),
                )
            )
    return gaps


def _operational_plan_gaps(v: View) -> list[Gap]:
    gaps = []
    for prog in v.bodies_of_kind("programme"):
        for org in v.out(prog, "SIGNED_BY"):
            if v.node(org).get("in_operational_plan") == "no":
                gaps.append(
                    Gap(
                        "not_in_operational_plan",
                        org,
                        [prog, org],
                        "the commitment was not put into the organisation's operational plan",
                        evidence=v.evidence(org),
                        sections=sorted({*v.sections(org), "5"}),
                    )
                )
    return gaps


def _vacancy_gaps(v: View) -> list[Gap]:
    gaps = []
    for post in v.with_label("Post"):
        body = v.one(post, "IN_BODY")
        tenures = v.memberships_of_post(post)
        for prev, nxt in itertools.pairwise(tenures):
            end, start = day(v.node(prev).get("end_earliest")), day(v.node(nxt).get("start_earliest"))
            if end and start and (start - end).days > 0:
                gaps.append(
                    Gap(
                        "vacant_seat",
                        post,
                        [post, prev, nxt],
                        f"empty between {prev} and {nxt}",
                        days=(start - end).days,
                        sections=v.sections(nxt),
                    )
                )
        if tenures and body:
            last = v.node(tenures[-1])
            end, body_end = day(last.get("end_earliest")), day(v.node(body).get("end_earliest"))
            if end and body_end and (body_end - end).days > 0 and not last.get("end_inferred"):
                gaps.append(
                    Gap(
                        "vacant_seat",
                        post,
                        [post, tenures[-1]],
                        f"nobody took over after {tenures[-1]} left ({last.get('end')})",
                        days=(body_end - end).days,
                        evidence=v.evidence(tenures[-1]),
                        sections=v.sections(tenures[-1]),
                    )
                )
    return gaps


def _observation_gaps(v: View) -> list[Gap]:
    gaps = []
    for obs in v.with_label("Observation"):
        node = v.node(obs)
        if node.get("kind") in OBSERVATION_KINDS:
            about = v.out(obs, "ABOUT")
            gaps.append(
                Gap(
                    str(node["kind"]),
                    obs,
                    about,
                    str(node.get("text_en") or node.get("text") or ""),
                    evidence=v.evidence(obs),
                    sections=v.sections(obs),
                )
            )
    return gaps


def organisational_gaps(g: nx.MultiDiGraph) -> GapsResult:
    """Find every organisational gap in a projected programme graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection (:func:`tmb_graph.propertygraph.projection.project`).

    Returns
    -------
    GapsResult
        ``gaps`` (kind, subject, nodes, detail, days, evidence, sections) and ``not_stated``
        (how many tenures leave each flag unstated).

    Examples
    --------
    >>> res = organisational_gaps(load_projection(Path("build")))      # doctest: +SKIP
    >>> [g.subject for g in res.of_kind("signatory_without_work_group")]  # doctest: +SKIP
    ['org-tullverket']
    """
    v = View(g)
    not_stated: Counter[str] = Counter()
    gaps = [
        *_signatory_gaps(v),
        *_manager_gaps(v),
        *_flag_gaps(v, not_stated),
        *_administrative_gaps(v),
        *_operational_plan_gaps(v),
        *_vacancy_gaps(v),
        *_observation_gaps(v),
    ]
    return GapsResult(gaps, dict(sorted(not_stated.items())))
