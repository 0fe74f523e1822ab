"""Reach: recipients per activity and the co-creator share, per period.

Definition
----------
An activity counts in the period in which it started (``start_earliest``, the earliest day
its start may denote) when it was performed (``happened``), and belongs to a body through
``BY_BODY``; activities of the programme itself count for the whole programme.

- *recipients per activity*: ``REACHED`` relationships of the period's performed activities
  over the number of those activities (``None`` without activities);
- *co-creator share*: the share of those reaches whose recorded ``involvement`` is
  ``co_creator`` (medskapare, §5) — the measured continuum is the recipients analysis
  (:mod:`tmb_graph.analysis.recipients`); this is its recorded end-point over time;
- *fell away for covid19*: activities planned (or started) in the period that did not happen,
  or happened late, with ``covid19`` among their reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from tmb_graph.analysis.network.periods import Period
from tmb_graph.propertygraph.projection import View, day

CO_CREATOR = "co_creator"
COVID = "covid19"


@dataclass
class Reach:
    """The reach of one period's activities."""

    activities: int
    reaches: int
    recipients_per_activity: float | None
    co_creator_share: float | None
    fell_away_covid19: int


@dataclass
class Dated:
    """An activity with the day it counts on and its reaches."""

    activity: str
    body: str
    started: dt.date | None
    planned: dt.date | None
    happened: bool
    covid: bool
    involvements: list[str]


def activities(g: nx.MultiDiGraph, bodies: list[str]) -> list[Dated]:
    """The activities of ``bodies`` with their dates and recorded involvements."""
    v = View(g)
    out = []
    for b in bodies:
        for a in v.into(b, "BY_BODY"):
            n = g.nodes[a]
            involvements = [
                str(d.get("involvement", "")) for _, _, k, d in g.out_edges(a, keys=True, data=True) if k == "REACHED"
            ]
            out.append(
                Dated(
                    a,
                    b,
                    day(n.get("start_earliest")),
                    day(n.get("planned_earliest")),
                    bool(n.get("happened")),
                    COVID in (n.get("reasons") or []),
                    involvements,
                )
            )
    return out


def reach(acts: list[Dated], period: Period) -> Reach:
    """The reach of the activities started (performed) or planned (fallen away) in ``period``.

    >>> d = dt.date
    >>> acts = [Dated("a1", "wg", d(2019, 2, 1), None, True, False, ["co_creator", "passive_recipient"]),
    ...         Dated("a2", "wg", None, d(2020, 4, 1), False, True, [])]
    >>> reach(acts, Period("2019", d(2019, 1, 1), d(2020, 1, 1)))
    Reach(activities=1, reaches=2, recipients_per_activity=2.0, co_creator_share=0.5, fell_away_covid19=0)
    """

    def inside(x: dt.date | None) -> bool:
        return x is not None and period.start <= x < period.end

    done = [a for a in acts if a.happened and inside(a.started)]
    reaches = [i for a in done for i in a.involvements]
    covid = sum(1 for a in acts if a.covid and inside(a.planned or a.started))
    return Reach(
        len(done),
        len(reaches),
        round(len(reaches) / len(done), 3) if done else None,
        round(sum(1 for i in reaches if i == CO_CREATOR) / len(reaches), 3) if reaches else None,
        covid,
    )
