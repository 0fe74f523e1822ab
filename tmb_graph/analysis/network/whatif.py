"""What-if: the same metrics on a perturbed COPY of the graph, and how each one moves.

Perturbations (each returns a new projection; the graph given is never changed):

- :func:`keep_person` — one replacement cascade removed: the person stays in every seat they
  left (their tenure takes the end of the tenure that replaced them, or the body's end where
  nobody did) and their successors' tenures go;
- :func:`remove_organisation` — one organisation's seats (``Post``) and tenures
  (``Membership``) removed, in every body.

:func:`compare` reruns :func:`~.measure.measure` on the copy and reports, per metric, its
value on the real graph and on the copy over the whole window (the mean over the periods; for
``departures`` the sum, for ``widest_departure`` the largest) and which way it moved. What a
definition predicts — keeping the cascade's person lowers departures, turnover and the widest
departure, and raises the same-person share; removing the central organisation lowers the
organisations, the seats and the ties — is tested on the real graph.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from tmb_graph.analysis.network.continuity import departed
from tmb_graph.analysis.network.measure import NetworkResult, PeriodRow, WhatIf, measure
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View

END_KEYS = ("end", "end_earliest", "end_latest", "end_precision", "end_inferred")
#: the metrics compared, and how each is aggregated over the periods
METRICS = {
    "organisations": "mean",
    "representatives": "mean",
    "seats_vacant": "mean",
    "vacancy_days": "sum",
    "org_ties": "mean",
    "org_density": "mean",
    "org_centralisation": "mean",
    "person_density": "mean",
    "person_centralisation": "mean",
    "multiplex_share": "mean",
    "bridging_organisations": "mean",
    "same_person_share": "mean",
    "departures": "sum",
    "turnover_rate": "mean",
    "widest_departure": "max",
}


def keep_person(g: nx.MultiDiGraph, person: str) -> nx.MultiDiGraph:
    """A copy of ``g`` in which ``person`` never left: every tenure of theirs that the turnover
    analysis counts as a departure runs on to its successor's end (or its body's end), and the
    successors' tenures are removed.

    Raises
    ------
    TmbError
        When ``person`` is not a person of the graph.
    """
    if person not in g or "Person" not in g.nodes[person].get("labels", ()):
        raise TmbError(f"'{person}' is not a person of the graph")
    v = View(g)
    h = g.copy()
    left = departed(g)
    for m in v.out(person, "HOLDS"):
        if m not in left:
            continue
        successors = v.into(m, "REPLACED")
        source = g.nodes[successors[0]] if successors else g.nodes[v.one(m, "IN_BODY") or m]
        for key in END_KEYS:
            if key in source:
                h.nodes[m][key] = source[key]
            else:
                h.nodes[m].pop(key, None)
        h.remove_nodes_from(successors)
    return h


def remove_organisation(g: nx.MultiDiGraph, org: str) -> nx.MultiDiGraph:
    """A copy of ``g`` without the seats and tenures held on behalf of ``org``.

    Raises
    ------
    TmbError
        When ``org`` is not an organisation of the graph.
    """
    if org not in g or "Organisation" not in g.nodes[org].get("labels", ()):
        raise TmbError(f"'{org}' is not an organisation of the graph")
    v = View(g)
    h = g.copy()
    h.remove_nodes_from(
        n for n in v.into(org, "ON_BEHALF_OF") if {"Post", "Membership"} & set(g.nodes[n].get("labels", ()))
    )
    return h


def _aggregate(rows: list[PeriodRow], metric: str, how: str) -> float | None:
    values = [float(getattr(r, metric)) for r in rows if getattr(r, metric) is not None]
    if not values:
        return None
    value = sum(values) if how == "sum" else max(values) if how == "max" else sum(values) / len(values)
    return round(value, 3)


def compare(
    base: NetworkResult,
    perturbed: NetworkResult,
    scenario: str,
    subject: str,
) -> list[WhatIf]:
    """One row per metric of :data:`METRICS`: its value on both graphs and which way it moved."""
    rows = []
    for metric, how in METRICS.items():
        a, b = _aggregate(base.periods, metric, how), _aggregate(perturbed.periods, metric, how)
        change = round(b - a, 3) if a is not None and b is not None else None
        moves = "—" if change is None else "up" if change > 0 else "down" if change < 0 else "same"
        rows.append(WhatIf(scenario, subject, metric, how, a, b, change, moves))
    return rows


def what_if(
    g: nx.MultiDiGraph,
    base: NetworkResult,
    person: str | None = None,
    org: str | None = None,
    by: str = "quarter",
    body: str | None = None,
    between: tuple[dt.date, dt.date] | None = None,
) -> list[WhatIf]:
    """Both perturbations, compared with ``base``: by default the person of the widest departure
    and the organisation that brokers in the most periods (both read from ``base``)."""
    if person is None:
        widest = max(base.departures, key=lambda d: (d.width, d.person), default=None)
        person = widest.person if widest else None
    if org is None:
        counts: dict[str, int] = {}
        for r in base.periods:
            for b in r.brokers:
                counts[b] = counts.get(b, 0) + 1
        org = max(sorted(counts), key=lambda o: counts[o]) if counts else None
    rows: list[WhatIf] = []
    if person:
        rows += compare(
            base,
            measure(keep_person(g, person), by, body, between, holes=False, detail=False),
            "cascade removed",
            person,
        )
    if org:
        rows += compare(
            base,
            measure(remove_organisation(g, org), by, body, between, holes=False, detail=False),
            "seats removed",
            org,
        )
    return rows
