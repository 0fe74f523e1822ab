"""The workbench's network-metrics page: its one route, ``/api/network`` (issue 17).

The page draws every metric of ``tmb analyse network`` over time, the per-body breakdown, the
governance reading with its evidence, and the what-if comparison. Its figures are the
analysis's own: the route runs :func:`tmb_graph.analysis.network.run_network` (the function
``tmb analyse network`` runs) on the graph the server holds and renders it with
:func:`tmb_graph.analysis.run.render` — the JSON ``tmb analyse network -f json`` prints — then
adds what the page draws with: the metrics grouped as ``tmb plot network`` groups them
(:data:`tmb_graph.view.plot_network.PANELS`), the Covid-19 period the plot shades, the widest
departure the plot marks, and which ids are nodes of the graph (each links to its evidence).

Examples
--------
>>> client.get("/api/network", params={"by": "year"}).json()["tables"]["periods"][0]["period"]  # doctest: +SKIP
'2018'
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from tmb_graph.analysis.network import COVID_START, run_network
from tmb_graph.analysis.run import render
from tmb_graph.errors import TmbError
from tmb_graph.view.plot_network import COVID_LABEL, PANELS, widest_departure
from tmb_graph.workspace import Workspace

#: answers kept per workspace, period length and body (the graph is read-only for the server's life)
_MAX_KEPT = 64


def page(ws: Workspace, by: str = "quarter", body: str | None = None) -> dict[str, Any]:
    """The network page's document for the graph of ``ws``.

    ``tables`` is exactly what ``tmb analyse network --by BY [--body ID] -f json`` prints
    under ``tables`` (names beside ids); ``panels`` the metrics in the plot's groups;
    ``covid_start`` and ``covid_label`` the period the plot shades; ``mark`` the widest
    departure (``None`` without one across two bodies or more); ``bodies`` the programme's
    bodies a page may narrow to; ``nodes`` the ids in the tables that are nodes of the graph.

    Raises
    ------
    TmbError
        For an unknown ``by`` or ``body`` (the message lists the choices).
    """
    from tmb_graph.analysis.network.ties import programme_bodies

    result = run_network(ws.graph_dir, by, body, g=ws.projection)
    document = json.loads(render(result, "json"))
    names = ws.names
    mark = widest_departure(result, names)
    used = {x for rows in document["tables"].values() for row in rows for x in _strings(row.values())}
    return {
        **document,
        "by": by,
        "body": body,
        "panels": [
            {
                "title": title,
                "metrics": [{"column": c, "label": label, "colour": colour} for c, label, colour in series],
            }
            for title, series in PANELS
        ],
        "covid_start": COVID_START.isoformat(),
        "covid_label": COVID_LABEL,
        "mark": None if mark is None else {"day": mark[0], "text": mark[1], "metric": "turnover_rate"},
        "bodies": [{"id": b, "name": names.get(b, b)} for b in programme_bodies(ws.projection)],
        "nodes": sorted(x for x in used if x in ws.projection),
    }


def _strings(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            out += _strings(v)
        elif isinstance(v, dict):
            out += _strings(v.keys()) + _strings(v.values())
    return out


def add_routes(
    api: APIRouter, scoped: Callable[[str | None], Workspace], error: Callable[[TmbError], Response]
) -> None:
    """Register ``GET /network`` on ``api`` (the workbench's router): ``scoped`` gives the
    workspace of a ``programme`` asked for, ``error`` renders a :class:`TmbError`."""
    kept: dict[tuple[str, str, str | None], bytes] = {}
    lock = threading.Lock()

    @api.get(
        "/network",
        summary="Network metrics over time for the workbench's page (as `tmb analyse network -f json`, plus how to draw them)",
    )
    def network(
        by: Annotated[
            Literal["month", "quarter", "year"], Query(description="One row per month, quarter or year")
        ] = "quarter",
        body: Annotated[
            str | None, Query(max_length=200, description="Measure this body of the programme alone")
        ] = None,
        programme: Annotated[str | None, Query(max_length=200, description="One programme of a dataset")] = None,
    ) -> Response:
        try:
            ws = scoped(programme)
            key = (str(ws.graph_dir), by, body or None)
            with lock:
                cached = kept.get(key)
            if cached is None:
                cached = json.dumps(page(ws, by, body or None), ensure_ascii=False).encode("utf-8")
                with lock:
                    if len(kept) >= _MAX_KEPT:
                        kept.pop(next(iter(kept)))
                    kept[key] = cached
        except TmbError as exc:
            return error(exc)
        return Response(cached, media_type="application/json")


__all__ = ["add_routes", "page"]
