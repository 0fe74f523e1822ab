"""Who held which mandate for what, and when — each tenure with its source section.

Read from the property-graph projection (the same nodes a Cypher user sees): every
``Membership`` with its holder (``HOLDS``), seat (``OF_SEAT``), body (``IN_BODY``),
organisation (``ON_BEHALF_OF``), role and that role's authority type, start and end at their
precision, and the sections it is derived from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx

from tmb_graph.dataset import each_programme
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View, active_at, load_projection
from tmb_graph.query.lookup import resolve
from tmb_graph.query.scope import Programme, combine_tables
from tmb_graph.table import Table, node_names


@dataclass
class Mandate:
    holder: str
    holder_label: str
    organisation: str
    body: str
    role: str
    authority: str
    start: str
    start_precision: str
    end: str
    end_precision: str
    inferred: bool
    sections: list[str]
    membership: str


def mandates(
    g: nx.MultiDiGraph,
    at: dt.date | None = None,
    org: str | None = None,
    body: str | None = None,
    person: str | None = None,
) -> Table:
    """Every tenure, optionally held on ``at``, for an organisation, body or person.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of the built graph (:func:`tmb_graph.propertygraph.projection.load_projection`).
    at : datetime.date, optional
        Keep tenures held that day (:func:`~tmb_graph.propertygraph.projection.held_on`, the one rule).
    org : str, optional
        Organisation id or name (:func:`~tmb_graph.query.lookup.resolve`); its units
        (``PART_OF``) count too.
    body, person : str, optional
        Body or person id or name.

    Raises
    ------
    TmbError
        When ``org``, ``body`` or ``person`` names nothing in the graph, or several things.

    Returns
    -------
    Table
        ``mandates``: holder, organisation, body, role, authority, from–to with precision,
        whether the record rests on an inference, source sections; ordered by body, role, start.

    Examples
    --------
    >>> mandates(load_projection(Path("build")), at=dt.date(2019, 10, 1), body="wg-far").rows[0]["role"]  # doctest: +SKIP
    'convener'
    """
    org = resolve(g, org, "org") if org else None
    body = resolve(g, body, "body") if body else None
    person = resolve(g, person, "person") if person else None
    v = View(active_at(g, at) if at is not None else g)
    rows = []
    for m in v.with_label("Membership"):
        n = v.node(m)
        holder = (v.into(m, "HOLDS") or [""])[0]
        organisation = v.one(m, "ON_BEHALF_OF") or ""
        in_body = v.one(m, "IN_BODY") or ""
        if (body and in_body != body) or (person and holder != person):
            continue
        if org and org not in v.ancestors(organisation):
            continue
        rows.append(
            Mandate(
                holder,
                str(v.node(holder).get("label", "")) if holder else "",
                organisation,
                in_body,
                str(n.get("role", "")),
                str(n.get("authority", "")),
                str(n.get("start", "")),
                str(n.get("start_precision", "")),
                str(n.get("end", "")),
                str(n.get("end_precision", "")),
                v.inferred(m) or bool(n.get("start_inferred")) or bool(n.get("end_inferred")),
                v.sections(m),
                m,
            )
        )
    rows.sort(key=lambda r: (r.body, r.role, str(v.node(r.membership).get("start_earliest", "")), r.membership))
    return Table.of("mandates", rows)


def mandates_within(
    scope: Sequence[Programme],
    at: dt.date | None = None,
    org: str | None = None,
    body: str | None = None,
    person: str | None = None,
    *,
    combine: bool = True,
    projection: Callable[[Programme], nx.MultiDiGraph] | None = None,
) -> Table:
    """:func:`mandates` within each programme of a dataset (its own build), names beside ids.

    With ``combine`` one table led by ``programme``, ``county`` and ``year``; without, the one
    programme's table as its own build gives it. An ``org``, ``body`` or ``person`` that some
    programmes lack leaves them out; one that none has is an error (``tmb mandates --body wg-nope``).

    Parameters
    ----------
    projection : callable, optional
        A programme's projection (a server's cached one); default: read from its folder.

    Examples
    --------
    >>> from tmb_graph.query.scope import choose_programmes                       # doctest: +SKIP
    >>> t = mandates_within(choose_programmes(Path("build/graph"), None, True), dt.date(2021, 6, 1))  # doctest: +SKIP
    >>> t.columns[:3]                                                             # doctest: +SKIP
    ['programme', 'county', 'year']
    """
    graphs = (
        map(projection, scope) if projection is not None else each_programme(load_projection, [p.folder for p in scope])
    )
    tables: list[tuple[Programme, Table]] = []
    missing: TmbError | None = None
    for p, g in zip(scope, graphs, strict=True):
        try:
            table = mandates(g, at, org, body, person)
        except TmbError as exc:  # the id names nothing in this programme
            if not combine:
                raise
            missing = missing or exc
            continue
        tables.append((p, table.with_names(node_names(g.nodes(data=True)))))
    if not combine:
        return tables[0][1]
    if not tables and missing is not None:
        raise missing
    return combine_tables("mandates", tables)
