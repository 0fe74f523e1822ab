"""Representative turnover (§4.1.1–4.7.1, §5 question 2).

Definition
----------
For every seat (``Post``) of a body, the tenures (``Membership -OF_SEAT->``) in order of start:

- *tenure length*: days from the start's earliest day to the end's earliest day (half-open,
  as everywhere in tmb_graph), reported with both dates' precision — "2019-autumn" is a season,
  so a length computed from it is approximate and says so (``approximate``);
- *change*: a tenure that ``REPLACED`` another on the same seat, dated by the successor's start;
  *departure*: a tenure that ended before its body did (explicit end, not an inferred
  end-of-programme), whether or not somebody took over;
- *changes per year*: changes counted by the calendar year of the successor's start;
- *continuity of a body*: per half-year of the programme, the seats that existed, the seats
  whose holder changed in that half-year, and the share that kept their holder.

The *cascade*: for every person with at least one departure, every body that person sat in and
what happened to each seat when they left — one person's departure shown across all the bodies
it touched (Kommunförbundet Skåne's change of representative in 2019 touches five work groups).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from tmb_graph.propertygraph.projection import View, day
from tmb_graph.table import Result, Table

EXACT = {"day"}


@dataclass
class Tenure:
    """One holder's tenure on a seat."""

    seat: str
    body: str
    organisation: str
    membership: str
    person: str
    order: int
    start: str
    end: str
    start_precision: str
    end_precision: str
    days: int | None
    approximate: bool
    replaced: str
    inferred_dates: bool
    sections: list[str] = field(default_factory=list)


@dataclass
class YearCount:
    body: str
    year: int
    changes: int


@dataclass
class Continuity:
    body: str
    period: str
    seats: int
    changed: int
    kept_share: float


@dataclass
class CascadeItem:
    """One body touched by a person's departure."""

    person: str
    label: str
    body: str
    seat: str
    membership: str
    left: str
    successor: str
    successor_person: str
    sections: list[str] = field(default_factory=list)


@dataclass
class TurnoverResult(Result):
    tenures: list[Tenure]
    changes_per_year: list[YearCount]
    continuity: list[Continuity]
    cascade: list[CascadeItem]
    name: str = "turnover"

    def tables(self) -> list[Table]:
        return [
            Table.of("tenures", self.tenures),
            Table.of("changes_per_year", self.changes_per_year),
            Table.of("continuity", self.continuity),
            Table.of("cascade", self.cascade),
        ]

    def cascades(self) -> dict[str, list[str]]:
        """Person → bodies their departure touched."""
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.cascade:
            out[item.person].append(item.body)
        return {p: sorted(set(b)) for p, b in sorted(out.items())}

    def summary(self) -> str:
        changes = sum(1 for t in self.tenures if t.replaced)
        widest = max(self.cascades().items(), key=lambda kv: len(kv[1]), default=("", []))
        return (
            f"{len(self.tenures)} tenures on {len({t.seat for t in self.tenures})} seats; {changes} replacements; "
            f"the widest cascade: {widest[0]} left {len(widest[1])} bodies ({', '.join(widest[1])})."
        )


def _halves(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    year = start.year
    while dt.date(year, 1, 1) <= end:
        for half, (a, b) in enumerate(
            ((dt.date(year, 1, 1), dt.date(year, 6, 30)), (dt.date(year, 7, 1), dt.date(year, 12, 31))), 1
        ):
            if b >= start and a <= end:
                out.append((f"{year}-H{half}", a, b))
        year += 1
    return out


def _tenures(v: View) -> list[Tenure]:
    rows = []
    for post in v.with_label("Post"):
        body = v.one(post, "IN_BODY") or ""
        org = v.one(post, "ON_BEHALF_OF") or ""
        for i, m in enumerate(v.memberships_of_post(post), 1):
            n = v.node(m)
            start, end = day(n.get("start_earliest")), day(n.get("end_earliest"))
            rows.append(
                Tenure(
                    post,
                    body,
                    org,
                    m,
                    (v.into(m, "HOLDS") or [""])[0],
                    i,
                    str(n.get("start", "")),
                    str(n.get("end", "")),
                    str(n.get("start_precision", "")),
                    str(n.get("end_precision", "")),
                    (end - start).days if start and end else None,
                    not ({n.get("start_precision"), n.get("end_precision")} <= EXACT),
                    v.one(m, "REPLACED") or "",
                    bool(n.get("start_inferred") or n.get("end_inferred")),
                    v.sections(m),
                )
            )
    return rows


def _departed(v: View, t: Tenure, succeeded: bool) -> bool:
    # a departure: someone took the seat over, or the tenure ended before the body did (an end
    # that only repeats the body's end, stated or inferred, is no departure)
    if succeeded:
        return True
    end = day(v.node(t.membership).get("end_earliest"))
    body_end = day(v.node(t.body).get("end_earliest")) if t.body else None
    return end is not None and (body_end is None or end < body_end)


def _cascade(v: View, tenures: list[Tenure]) -> list[CascadeItem]:
    successors = {t.replaced: t for t in tenures if t.replaced}
    by_person: dict[str, list[Tenure]] = defaultdict(list)
    for t in tenures:
        by_person[t.person].append(t)
    items = []
    for person, ts in sorted(by_person.items()):
        left = [t for t in ts if _departed(v, t, t.membership in successors)]
        if not left:
            continue
        for t in sorted(left, key=lambda t: (t.body, t.membership)):
            succ = successors.get(t.membership)
            items.append(
                CascadeItem(
                    person,
                    str(v.node(person).get("label", "")),
                    t.body,
                    t.seat,
                    t.membership,
                    t.end,
                    succ.membership if succ else "",
                    succ.person if succ else "",
                    t.sections,
                )
            )
    return items


def _continuity(v: View, tenures: list[Tenure]) -> list[Continuity]:
    rows = []
    seats_by_body: dict[str, list[Tenure]] = defaultdict(list)
    for t in tenures:
        seats_by_body[t.body].append(t)
    for body, ts in sorted(seats_by_body.items()):
        starts = [day(v.node(t.membership).get("start_earliest")) for t in ts]
        ends = [day(v.node(t.membership).get("end_earliest")) for t in ts]
        lo = min((s for s in starts if s), default=None)
        hi = max((e for e in ends if e), default=None)
        if lo is None or hi is None:
            continue
        for label, a, b in _halves(lo, hi):
            seats = {t.seat for t, s, e in zip(ts, starts, ends, strict=True) if s and s <= b and (e is None or e > a)}
            changed = {t.seat for t, s in zip(ts, starts, strict=True) if t.replaced and s and a <= s <= b}
            if seats:
                rows.append(Continuity(body, label, len(seats), len(changed), round(1 - len(changed) / len(seats), 3)))
    return rows


def representative_turnover(g: nx.MultiDiGraph) -> TurnoverResult:
    """Compute tenures, changes per year, body continuity and departure cascades.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a programme graph.

    Returns
    -------
    TurnoverResult

    Examples
    --------
    >>> res = representative_turnover(load_projection(Path("build")))   # doctest: +SKIP
    >>> res.cascades()["p-kfsk-vu"]                                      # doctest: +SKIP
    ['wg-avh', 'wg-est', 'wg-far', 'wg-otp', 'wg-sam']
    """
    v = View(g)
    tenures = _tenures(v)
    per_year: Counter[tuple[str, int]] = Counter()
    for t in tenures:
        start = day(v.node(t.membership).get("start_earliest"))
        if t.replaced and start:
            per_year[(t.body, start.year)] += 1
    changes = [YearCount(b, y, n) for (b, y), n in sorted(per_year.items())]
    return TurnoverResult(tenures, changes, _continuity(v, tenures), _cascade(v, tenures))
