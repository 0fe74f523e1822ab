"""Continuity: the same people over time, turnover, and one departure felt in several bodies.

Definition
----------
- *same-person share* of a period: of the seats held in the period, the share whose holder —
  the person of the seat's latest tenure held in the period — is the person who held the seat
  first (its earliest tenure in the window, "as at the body's start"); 1 when nobody was
  replaced, ``None`` when no seat is held;
- *departure*: a tenure that the turnover analysis counts as one
  (:mod:`tmb_graph.analysis.turnover`: somebody took the seat over, or it ended before its body
  did — the one rule), dated on the first day it is no longer held (:mod:`.periods`);
- *turnover rate* of a period: departures dated in it over the seats held in it;
- *cross-body departure*: the departures of one person that may have happened on the same day
  (their possible days, from the earliest to the latest day the source's end date may denote,
  overlap), counted as one event with the bodies it touched; ``widest_departure`` of a period
  is the largest number of bodies one event dated in it left without that member.

Reference: the evaluation's own reading of turnover (§4.1.1–4.7.1) and Provan, K. G. &
Milward, H. B. (2001), "Do networks really work?", *Public Administration Review* 61(4),
414–423 (membership stability as a network-level outcome).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.analysis.network.periods import Period
from tmb_graph.analysis.network.ties import Tenure
from tmb_graph.analysis.turnover import representative_turnover


@dataclass
class Departure:
    """One person's departures on one day, across the bodies they touched."""

    person: str
    day: str
    period: str
    bodies: list[str] = field(default_factory=list)
    memberships: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.bodies)


def departed(g: nx.MultiDiGraph) -> set[str]:
    """The tenures the turnover analysis counts as departures (its one rule)."""
    return {item.membership for item in representative_turnover(g).cascade}


def departures(
    ts: list[Tenure], left: set[str], periods: list[Period], latest: dict[str, dt.date] | None = None
) -> list[Departure]:
    """The departures among ``ts`` grouped into events, each with the period it falls in.

    A tenure's departure is dated on the first day it is no longer held; ``latest`` gives the
    last day its end may denote (``end_latest``; without it the two are the same). One
    person's departures are one event when their possible days overlap — "2019-Q3" and
    "2019-autumn" may be the same day — and the event is dated on its earliest day.

    Examples
    --------
    >>> d = dt.date
    >>> ts = [Tenure(f"m{i}", f"s{i}", f"wg-{i}", "org-a", "p1", "member", "representation",
    ...              [(d(2019, 1, 1), d(2019, 7 + i, 1))]) for i in (1, 2)]
    >>> year = [Period("2019", d(2019, 1, 1), d(2020, 1, 1))]
    >>> [(x.person, x.day, x.bodies) for x in departures(ts, {"m1", "m2"}, year)]
    [('p1', '2019-08-01', ['wg-1']), ('p1', '2019-09-01', ['wg-2'])]
    >>> [(x.day, x.bodies) for x in departures(ts, {"m1", "m2"}, year, {"m1": d(2019, 9, 30)})]
    [('2019-08-01', ['wg-1', 'wg-2'])]
    """
    by_person: dict[str, list[tuple[dt.date, dt.date, Tenure]]] = defaultdict(list)
    for t in ts:
        if t.membership in left and t.spans:
            first = t.spans[-1][1]
            by_person[t.person].append((first, max(first, (latest or {}).get(t.membership, first)), t))
    out = []
    for person, items in by_person.items():
        items.sort(key=lambda x: (x[0], x[2].membership))
        groups: list[list[tuple[dt.date, dt.date, Tenure]]] = []
        for item in items:
            if groups and item[0] <= max(x[1] for x in groups[-1]):
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            when = group[0][0]
            period = next((p.label for p in periods if p.start <= when < p.end), None)
            if period is None:  # after the window measured: not a departure within it
                continue
            out.append(
                Departure(
                    person,
                    when.isoformat(),
                    period,
                    sorted({t.body for _, _, t in group}),
                    sorted(t.membership for _, _, t in group),
                )
            )
    return sorted(out, key=lambda x: (x.day, x.person))


def departure_days(ts: list[Tenure], left: set[str]) -> dict[str, dt.date]:
    """Departed tenure → the first day it is no longer held."""
    return {t.membership: t.spans[-1][1] for t in ts if t.membership in left and t.spans}


def first_holders(ts: list[Tenure]) -> dict[str, str]:
    """Seat → the person of its earliest tenure in the window."""
    first: dict[str, tuple[dt.date, str]] = {}
    for t in ts:
        start = t.spans[0][0]
        if t.seat not in first or start < first[t.seat][0]:
            first[t.seat] = (start, t.person)
    return {s: p for s, (_, p) in first.items()}


def same_person_share(ts: list[Tenure], period: Period, first: dict[str, str]) -> float | None:
    """Share of the seats held in ``period`` whose latest holder in it is the seat's first holder.

    >>> d = dt.date
    >>> a = Tenure("m1", "s1", "wg", "o", "p1", "", "", [(d(2019, 1, 1), d(2019, 6, 1))])
    >>> b = Tenure("m2", "s1", "wg", "o", "p2", "", "", [(d(2019, 6, 1), d(2020, 1, 1))])
    >>> c = Tenure("m3", "s2", "wg", "o", "p3", "", "", [(d(2019, 1, 1), d(2020, 1, 1))])
    >>> same_person_share([a, b, c], Period("2019-Q3", d(2019, 7, 1), d(2019, 10, 1)), first_holders([a, b, c]))
    0.5
    """
    return share_of_first(latest_holders(ts, period), first)


def latest_holders(ts: list[Tenure], period: Period) -> dict[str, str]:
    """Seat → the person of its latest tenure held in ``period`` (among ``ts``)."""
    latest: dict[str, tuple[dt.date, str]] = {}
    for t in ts:
        if not t.in_period(period):
            continue
        start = max(a for a, b in t.spans if a < period.end and period.start < b)
        if t.seat not in latest or start > latest[t.seat][0]:
            latest[t.seat] = (start, t.person)
    return {seat: person for seat, (_, person) in latest.items()}


def share_of_first(latest: dict[str, str], first: dict[str, str]) -> float | None:
    """Share of the seats in ``latest`` (seat → holder) held by their first holder (``None`` without seats)."""
    if not latest:
        return None
    same = sum(1 for seat, person in latest.items() if first.get(seat) == person)
    return round(same / len(latest), 3)
