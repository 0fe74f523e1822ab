"""How the network analysis cuts time: calendar periods, and the days each tenure is held in them.

Definition
----------
*Periods* are calendar months, quarters or years, clipped to a window (by default the
programme's period, :func:`~tmb_graph.propertygraph.projection.programme_period`); each is
half-open, ``[start, end)``, like every date range in tmb_graph.

*Held days.* Whether a tenure is held on a day is decided by ONE rule,
:func:`~tmb_graph.propertygraph.projection.held_on` (fuzzy dates read on the earliest day they
may denote; a tenure without a start starts with its body). That rule compares the day with
the tenure's and its body's ``*_earliest`` dates only, so its answer can change only on those
dates: :func:`held_spans` asks it once on each such date (and on the window's first day) and
keeps the answer until the next one. A tenure whose end is "2019-autumn" is therefore held
until 31 August 2019 and counts in the third quarter of 2019 only up to that day.

A tenure *counts in a period* when it is held on at least one day of it; a seat *exists* on
the days its body exists (:func:`~tmb_graph.propertygraph.projection.exists_on`) and is
*vacant* on those of them on which none of its tenures is held.

*The Covid-19 period* starts on :data:`COVID_START` (March 2020, when Sweden's restrictions
began and the programme's first activities fell away for covid19) and lasts to the window's
end; a period is marked ``covid`` when it overlaps it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import day, held_on, programme_period

#: the first day of the Covid-19 period, as the evaluation dates it (activities fell away from spring 2020)
COVID_START = dt.date(2020, 3, 1)
#: the period lengths ``--by`` accepts
BY = ("month", "quarter", "year")

Span = tuple[dt.date, dt.date]
T = TypeVar("T")


@dataclass(frozen=True)
class Period:
    """A half-open stretch of days ``[start, end)`` with a label such as ``2019-Q3``.

    Examples
    --------
    >>> p = Period("2019-Q3", dt.date(2019, 7, 1), dt.date(2019, 10, 1))
    >>> p.days, p.covid
    (92, False)
    """

    label: str
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def covid(self) -> bool:
        """Whether the period overlaps the Covid-19 period (from :data:`COVID_START`)."""
        return self.end > COVID_START

    def overlap(self, spans: Iterable[Span]) -> int:
        """Days of the period covered by ``spans`` (half-open, not overlapping each other)."""
        return sum(max(0, (min(b, self.end) - max(a, self.start)).days) for a, b in spans)


def _label(start: dt.date, by: str) -> str:
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _next(start: dt.date, by: str) -> dt.date:
    step = {"month": 1, "quarter": 3, "year": 12}[by]
    first = dt.date(start.year, start.month if by != "year" else 1, 1)
    if by == "quarter":
        first = dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    months = first.year * 12 + first.month - 1 + step
    return dt.date(months // 12, months % 12 + 1, 1)


def cut(start: dt.date, end: dt.date, by: str = "quarter") -> list[Period]:
    """Calendar periods covering ``[start, end)``, the first and last clipped to it.

    Raises
    ------
    TmbError
        For an unknown ``by`` or an empty window.

    Examples
    --------
    >>> [(p.label, p.start.isoformat(), p.days) for p in cut(dt.date(2018, 3, 15), dt.date(2018, 7, 1))]
    [('2018-Q1', '2018-03-15', 17), ('2018-Q2', '2018-04-01', 91)]
    >>> [p.label for p in cut(dt.date(2019, 12, 1), dt.date(2020, 2, 10), "month")]
    ['2019-12', '2020-01', '2020-02']
    """
    if by not in BY:
        raise TmbError(f"unknown period '{by}': choose one of {', '.join(BY)}")
    if end <= start:
        raise TmbError(
            f"the window {start.isoformat()} – {end.isoformat()} is empty: its end must come after its start"
        )
    out: list[Period] = []
    cur = start
    while cur < end:
        nxt = min(_next(cur, by), end)
        out.append(Period(_label(cur, by), cur, nxt))
        cur = nxt
    return out


def window(g: nx.MultiDiGraph) -> Span:
    """The programme's period ``[start, end)`` (:func:`programme_period`).

    Raises
    ------
    TmbError
        When the graph has no dated programme (then give the window with ``--between``).
    """
    period = programme_period(g)
    if period is None:
        raise TmbError("the graph has no dated programme: give the period to measure with --between A B")
    return period


def breakpoints(g: nx.MultiDiGraph, nodes: Iterable[str]) -> set[dt.date]:
    """The ``*_earliest`` dates of ``nodes``: the only days on which a dated rule may change its answer."""
    out: set[dt.date] = set()
    for n in nodes:
        for key, value in g.nodes[n].items():
            if key.endswith("_earliest") and (d := day(value)) is not None:
                out.add(d)
    return out


def spans_where(test: Callable[[dt.date], bool], points: Iterable[dt.date], within: Span) -> list[Span]:
    """The half-open spans of ``within`` on which ``test`` holds, asking it on ``within[0]`` and
    each point inside ``within`` only (``test`` must be constant between points).

    Examples
    --------
    >>> spans_where(lambda d: d >= dt.date(2019, 1, 1), [dt.date(2019, 1, 1)], (dt.date(2018, 1, 1), dt.date(2020, 1, 1)))
    [(datetime.date(2019, 1, 1), datetime.date(2020, 1, 1))]
    """
    lo, hi = within
    cuts = sorted({lo, *(p for p in points if lo < p < hi)})
    out: list[Span] = []
    for i, a in enumerate(cuts):
        if not test(a):
            continue
        b = cuts[i + 1] if i + 1 < len(cuts) else hi
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def held_spans(g: nx.MultiDiGraph, membership: str, within: Span) -> list[Span]:
    """The spans of ``within`` on which ``membership`` is held, by :func:`held_on` (the one rule).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("wg", labels=frozenset({"Body"}), start_earliest="2018-09-01")
    >>> g.add_node("m", labels=frozenset({"Membership"}), start_earliest="2018-09-01", end_earliest="2019-09-01")
    >>> _ = g.add_edge("m", "wg", key="IN_BODY")
    >>> held_spans(g, "m", (dt.date(2018, 1, 1), dt.date(2021, 1, 1)))
    [(datetime.date(2018, 9, 1), datetime.date(2019, 9, 1))]
    """
    bodies = [v for _, v, k in g.out_edges(membership, keys=True) if k == "IN_BODY"]
    return spans_where(lambda d: held_on(g, membership, d), breakpoints(g, [membership, *bodies]), within)


def union(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans merged.

    >>> union([(dt.date(2019, 1, 1), dt.date(2019, 3, 1)), (dt.date(2019, 2, 1), dt.date(2019, 4, 1))])
    [(datetime.date(2019, 1, 1), datetime.date(2019, 4, 1))]
    """
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def by_period(items: Iterable[T], spans: Callable[[T], Iterable[Span]], periods: list[Period]) -> list[list[T]]:
    """The items overlapping each of ``periods`` (sorted, contiguous), in the order given: the
    same lists as filtering every item for every period, found by bisection instead, so that
    the cost grows with the items and not with items × periods (a national dataset).

    Examples
    --------
    >>> d = dt.date
    >>> ps = cut(d(2019, 1, 1), d(2020, 1, 1), "quarter")
    >>> by_period(["a", "b"], {"a": [(d(2019, 3, 1), d(2019, 4, 2))], "b": [(d(2019, 12, 1), d(2021, 1, 1))]}.get, ps)
    [['a'], ['a'], [], ['b']]
    """
    starts = [p.start for p in periods]
    out: list[list[T]] = [[] for _ in periods]
    for item in items:
        seen: set[int] = set()
        for a, b in spans(item):
            i = max(0, bisect_right(starts, a) - 1)
            while i < len(periods) and periods[i].start < b:
                if a < periods[i].end and i not in seen:
                    out[i].append(item)
                    seen.add(i)
                i += 1
    return out
