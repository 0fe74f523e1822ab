"""The network metrics of every period, for the programme or one body (``tmb analyse network``).

Each metric is defined in its own module — :mod:`.periods` (how periods cut tenures),
:mod:`.ties` (what a tie is), :mod:`.cohesion`, :mod:`.multiplexity`, :mod:`.brokerage`,
:mod:`.continuity`, :mod:`.reach`, :mod:`.governance` — and documented with formulas and
references in ``docs/network-metrics.md``. This module only puts them side by side, one row
per period (``periods``), per period and body (``bodies``), per period and organisation
(``organisations``), per departure (``departures``) and per governance reading
(``governance``).

Seats: a seat (``Post``) exists on the days its body exists
(:func:`~tmb_graph.propertygraph.projection.exists_on`); ``seats`` counts the seats that
existed on at least one day of the period; ``seats_filled`` and ``seats_vacant`` split the
seats standing on the period's last day by whether one of their tenures was held that day;
*vacancy-days* are the days of the period on which a seat existed and none of its tenures was
held (summed over seats).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import networkx as nx

from tmb_graph.analysis.network import cohesion, multiplexity
from tmb_graph.analysis.network.brokerage import Brokerage, brokerage_of
from tmb_graph.analysis.network.continuity import (
    Departure,
    departed,
    departure_days,
    departures,
    first_holders,
    latest_holders,
    share_of_first,
)
from tmb_graph.analysis.network.governance import Governance, governance
from tmb_graph.analysis.network.periods import Period, Span, breakpoints, by_period, cut, spans_where, union, window
from tmb_graph.analysis.network.reach import Dated, activities, reach
from tmb_graph.analysis.network.ties import Tenure, networks, programmes, scope, summary, tenures
from tmb_graph.propertygraph.projection import View, day, exists_on
from tmb_graph.table import Result, Table

_T = TypeVar("_T")


@dataclass
class PeriodRow:
    """The metrics of one period (for the programme, or the one body asked for)."""

    period: str
    start: str
    end: str
    covid: bool
    organisations: int
    representatives: int
    seats: int
    seats_filled: int
    seats_vacant: int
    vacancy_days: int
    org_ties: int
    org_density: float
    org_centralisation: float | None
    person_density: float
    person_centralisation: float | None
    multiplex_ties: int
    multiplex_share: float | None
    bridging_organisations: int
    brokers: list[str]
    broker_betweenness: float | None
    same_person_share: float | None
    departures: int
    turnover_rate: float | None
    widest_departure: int
    activities: int
    recipients_per_activity: float | None
    co_creator_share: float | None
    fell_away_covid19: int
    governance: str


@dataclass
class BodyRow:
    """The metrics of one body in one period."""

    period: str
    body: str
    organisations: int
    representatives: int
    seats: int
    seats_vacant: int
    vacancy_days: int
    same_person_share: float | None
    departures: int
    activities: int
    co_creator_share: float | None


@dataclass
class OrganisationRow:
    """One organisation's position in one period's network."""

    period: str
    organisation: str
    bodies: int
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None


@dataclass
class WhatIf:
    """How one metric moves under one perturbation (:mod:`.whatif`)."""

    scenario: str
    subject: str
    metric: str
    aggregate: str
    baseline: float | None
    perturbed: float | None
    change: float | None
    moves: str


@dataclass
class NetworkResult(Result):
    """Network metrics over time (tables ``periods``, ``bodies``, ``organisations``,
    ``departures``, ``governance`` and, when computed, ``whatif``)."""

    by: str
    scope: list[str]
    periods: list[PeriodRow]
    bodies: list[BodyRow]
    organisations: list[OrganisationRow]
    departures: list[Departure]
    governance: list[Governance]
    whatif: list[WhatIf] = field(default_factory=list)
    name: str = "network"

    def tables(self) -> list[Table]:
        dep = Table.of("departures", self.departures)
        if self.departures:  # the width is a property, not a field
            dep.columns.insert(4, "width")
            for row, d in zip(dep.rows, self.departures, strict=True):
                row["width"] = d.width
        tables = [
            Table.of("periods", self.periods),
            Table.of("bodies", self.bodies),
            Table.of("organisations", self.organisations),
            dep,
            Table.of("governance", self.governance),
        ]
        if self.whatif:
            tables.append(Table.of("whatif", self.whatif))
        return tables

    def row(self, period: str) -> PeriodRow:
        """The row of ``period`` (e.g. ``2019-Q3``)."""
        return next(r for r in self.periods if r.period == period)

    def summary(self) -> str:
        if not self.periods:
            return "no period to measure."
        first, last = self.periods[0], self.periods[-1]
        brokers = Counter(b for r in self.periods for b in r.brokers)
        top = brokers.most_common(1)[0] if brokers else ("", 0)
        peak = max(self.periods, key=lambda r: (r.turnover_rate or 0, r.widest_departure))
        widest = max(self.departures, key=lambda d: d.width, default=None)
        forms = Counter(g.form for g in self.governance)
        pre = [r.activities for r in self.periods if not r.covid]
        during = [r.activities for r in self.periods if r.covid]
        return (
            f"{_plural(len(self.periods), self.by)} {first.period} – {last.period}"
            + (f" ({', '.join(self.scope)})" if len(self.scope) == 1 else "")
            + f"; organisation network density {first.org_density}–{last.org_density}"
            + (
                f"; the strongest broker (or one of them) in {top[1]} of {len(self.periods)}: {self.names.get(top[0], top[0])}"
                if top[0]
                else ""
            )
            + (
                f"; turnover peaked in {peak.period} (rate {peak.turnover_rate}"
                + (
                    f"; {widest.person} left {_plural(widest.width, 'body', 'bodies')} on {widest.day}"
                    if widest
                    else ""
                )
                + ")"
                if peak.turnover_rate
                else ""
            )
            + (
                f"; activities started per {self.by}: {round(sum(pre) / len(pre), 2)} before Covid-19, "
                f"{round(sum(during) / len(during), 2)} during it; {sum(r.fell_away_covid19 for r in self.periods)} fell away for covid19"
                if pre and during
                else ""
            )
            + (f"; governance: {forms.most_common(1)[0][0]}" if forms else "")
            + "."
        )


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _intersection(xs: list[Span], ys: list[Span]) -> list[Span]:
    out = []
    for a, b in xs:
        for c, d in ys:
            lo, hi = max(a, c), min(b, d)
            if lo < hi:
                out.append((lo, hi))
    return out


@dataclass
class _Seat:
    seat: str
    body: str
    exists: list[Span]
    held: list[Span]


def _seats(g: nx.MultiDiGraph, bodies: list[str], ts: list[Tenure], within: Span) -> list[_Seat]:
    v = View(g)
    of_seat: dict[str, list[Span]] = defaultdict(list)
    for t in ts:
        of_seat[t.seat] += t.spans
    out = []
    for b in bodies:
        exists = spans_where(lambda d, b=b: exists_on(g.nodes[b], d), breakpoints(g, [b]), within)  # type: ignore[misc]
        for post in v.into(b, "IN_BODY"):
            if "Post" not in g.nodes[post]["labels"]:
                continue
            held = union(of_seat.get(post, []))
            out.append(_Seat(post, b, exists, _intersection(held, exists) if exists else []))
    return out


@dataclass
class _Counts:
    organisations: int
    representatives: int
    seats: int
    filled: int
    vacant: int
    vacancy_days: int


@dataclass
class _SeatDays:
    """One seat in one period: its vacancy-days, and whether it stands (and is filled) on the last day."""

    body: str
    vacant_days: int
    standing: bool
    filled: bool


def _seat_days(existing: list[_Seat], period: Period) -> list[_SeatDays]:
    last = period.end - dt.timedelta(days=1)
    out = []
    for s in existing:
        standing = any(a <= last < b for a, b in s.exists)
        out.append(
            _SeatDays(
                s.body,
                period.overlap(s.exists) - period.overlap(s.held),
                standing,
                standing and any(a <= last < b for a, b in s.held),
            )
        )
    return out


def _counts(held: list[Tenure], seats: list[_SeatDays]) -> _Counts:
    """The counts of a period from the tenures held in it and its existing seats' days."""
    standing = sum(1 for s in seats if s.standing)
    filled = sum(1 for s in seats if s.filled)
    return _Counts(
        len({t.organisation for t in held}),
        len({t.person for t in held}),
        len(seats),
        filled,
        standing - filled,
        sum(s.vacant_days for s in seats),
    )


def _day(when: dt.date) -> list[Span]:
    return [(when, when + dt.timedelta(days=1))]


def _activity_days(a: Dated) -> list[Span]:
    """The days an activity may count on in :func:`.reach.reach` (it decides which apply)."""
    return [(d, d + dt.timedelta(days=1)) for d in {a.started, a.planned or a.started} if d is not None]


def _group(items: list[_T]) -> dict[str, list[_T]]:
    """Items by their ``body``, in the order given."""
    out: dict[str, list[_T]] = defaultdict(list)
    for x in items:
        out[x.body].append(x)  # type: ignore[attr-defined]
    return out


def measure(
    g: nx.MultiDiGraph,
    by: str = "quarter",
    body: str | None = None,
    between: tuple[dt.date, dt.date] | None = None,
    holes: bool = True,
    detail: bool = True,
) -> NetworkResult:
    """The network metrics of every ``by`` period (month, quarter, year) of the programme.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a programme graph; not changed.
    by : str
        ``month``, ``quarter`` or ``year``.
    body : str, optional
        Measure this body of the programme alone (its id).
    between : (date, date), optional
        The window ``[A, B)`` to measure; by default the programme's period.
    holes : bool
        Compute constraint and effective size (the ``organisations`` table); the what-if
        comparison leaves them out.
    detail : bool
        Fill the ``bodies``, ``organisations`` and ``governance`` tables; the what-if
        comparison reads the ``periods`` table alone (its ``governance`` column is then empty).

    Examples
    --------
    >>> res = measure(load_projection(Path("build/graph")), "quarter")        # doctest: +SKIP
    >>> res.row("2019-Q3").widest_departure                                    # doctest: +SKIP
    5
    """
    within = between or window(g)
    periods = cut(*within, by)
    bodies = scope(g, body)
    ts = tenures(g, bodies, within)
    governing = ts + tenures(g, programmes(g), within)
    seats = _seats(g, bodies, ts, within)
    first = first_holders(ts)
    left = departed(g)
    latest = {t.membership: d for t in ts if (d := day(g.nodes[t.membership].get("end_latest")))}
    deps = departures(ts, left, periods, latest)
    left_on = departure_days(ts, left)
    acts = activities(g, bodies + (programmes(g) if body is None else []))
    # what each period reads, found once (by bisection) instead of filtering everything per period
    held_in = by_period(ts, lambda t: t.spans, periods)
    governing_in = by_period(governing, lambda t: t.spans, periods)
    seats_in = by_period(seats, lambda s: s.exists, periods)
    gone_in = by_period((t for t in ts if t.membership in left_on), lambda t: _day(left_on[t.membership]), periods)
    acts_in = by_period(acts, _activity_days, periods)
    sections = lru_cache(maxsize=None)(View(g).sections)
    rows, body_rows, org_rows, gov_rows = [], [], [], []
    for p, held, gov_held, existing, gone, p_acts in zip(
        periods, held_in, governing_in, seats_in, gone_in, acts_in, strict=True
    ):
        # the networks as their components: each measured once, however many periods show it
        orgs = networks(held)
        G = summary(orgs, multiplexity.MULTIPLEX)
        P = summary(networks(held, "person"))
        broker_rows: list[Brokerage] = brokerage_of(orgs, holes)
        days = _seat_days(existing, p)
        c = _counts(held, days)
        holders = latest_holders(held, p)
        here = [d for d in deps if d.period == p.label]
        r = reach(p_acts, p)
        form = ""
        if detail:
            gov = governance(g, gov_held, p, sections)
            gov_rows.append(gov)
            form = gov.form
        rows.append(
            PeriodRow(
                p.label,
                p.start.isoformat(),
                p.end.isoformat(),
                p.covid,
                c.organisations,
                c.representatives,
                c.seats,
                c.filled,
                c.vacant,
                c.vacancy_days,
                G.ties,
                cohesion.density_of(G.nodes, G.ties),
                cohesion.centralisation_of(G.nodes, G.degree_sum, G.top_degree),
                cohesion.density_of(P.nodes, P.ties),
                cohesion.centralisation_of(P.nodes, P.degree_sum, P.top_degree),
                G.multiplex,
                multiplexity.share_of(G.multiplex, G.ties),
                sum(1 for b in broker_rows if b.betweenness > 0),
                [
                    b.organisation
                    for b in broker_rows
                    if b.betweenness > 0 and b.betweenness == broker_rows[0].betweenness
                ],
                broker_rows[0].betweenness if broker_rows else None,
                share_of_first(holders, first),
                len(gone),
                round(len(gone) / len(held_seats), 3) if (held_seats := {t.seat for t in held}) else None,
                max((d.width for d in here), default=0),
                r.activities,
                r.recipients_per_activity,
                r.co_creator_share,
                r.fell_away_covid19,
                form,
            )
        )
        if not detail:
            continue
        org_rows += [
            OrganisationRow(p.label, b.organisation, b.bodies, b.degree, b.betweenness, b.constraint, b.effective_size)
            for b in broker_rows
        ]
        held_of, seats_of, gone_of, acts_of = _group(held), _group(days), _group(gone), _group(p_acts)
        for b in bodies:
            if b not in held_of and b not in seats_of:
                continue
            bt = held_of.get(b, [])
            bc = _counts(bt, seats_of.get(b, []))
            br = reach(acts_of.get(b, []), p)
            body_rows.append(
                BodyRow(
                    p.label,
                    b,
                    bc.organisations,
                    bc.representatives,
                    bc.seats,
                    bc.vacant,
                    bc.vacancy_days,
                    share_of_first({t.seat: holders[t.seat] for t in bt}, first),
                    len(gone_of.get(b, [])),
                    br.activities,
                    br.co_creator_share,
                )
            )
    return NetworkResult(by, bodies, rows, body_rows, org_rows, deps, gov_rows)


__all__ = ["Dated", "NetworkResult", "measure"]
