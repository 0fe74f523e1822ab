"""Network metrics of the implementation organisation over time (issue 17, ``tmb analyse network``).

One module per metric family, each with its definition and references:
:mod:`.periods`, :mod:`.ties`, :mod:`.cohesion`, :mod:`.multiplexity`, :mod:`.brokerage`,
:mod:`.continuity`, :mod:`.reach`, :mod:`.governance`, :mod:`.whatif`; :mod:`.measure` puts
them side by side. Definitions in one place for readers: ``docs/network-metrics.md``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx

from tmb_graph.analysis.network.measure import NetworkResult, measure
from tmb_graph.analysis.network.periods import BY, COVID_START
from tmb_graph.analysis.network.whatif import what_if
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.table import node_names


def network_metrics(
    g: nx.MultiDiGraph,
    by: str = "quarter",
    body: str | None = None,
    between: tuple[dt.date, dt.date] | None = None,
    whatif: bool = True,
    at: dt.date | None = None,
) -> NetworkResult:
    """The network metrics per period (:func:`.measure.measure`) with, unless ``whatif`` is
    false, the two what-if perturbations compared (:func:`.whatif.what_if`).

    ``at`` measures that one day: the window ``[at, at + 1 day)`` of the whole graph (not the
    graph cut to the tenures held that day, which would still be measured over the programme's
    period). This is the one place a day becomes a window: ``tmb analyse network --at``,
    ``tmb analyse all --at``, the workbench's API and the report all come here.

    Raises
    ------
    TmbError
        For an unknown ``by`` or ``body``, both ``at`` and ``between``, or an empty window.

    Examples
    --------
    >>> res = network_metrics(load_projection(Path("build/graph")), by="month")   # doctest: +SKIP
    >>> res.row("2019-09").departures                                              # doctest: +SKIP
    5
    """
    if at is not None and between is not None:
        raise TmbError("give --at DATE or --between A B, not both")
    if at is not None:
        between = (at, at + dt.timedelta(days=1))
    if by not in BY:
        raise TmbError(f"unknown period '{by}': choose one of {', '.join(BY)}")
    result = measure(g, by, body, between)
    if whatif:
        result.whatif = list(what_if(g, result, by=by, body=body, between=between))
    return result


def run_network(
    graph_dir: Path,
    by: str = "quarter",
    body: str | None = None,
    at: dt.date | None = None,
    between: tuple[dt.date, dt.date] | None = None,
    g: nx.MultiDiGraph | None = None,
    whatif: bool = True,
) -> NetworkResult:
    """``tmb analyse network``: the metrics of the built graph in ``graph_dir`` (or of its
    projection ``g``, not changed), names beside ids. ``at`` measures that one day,
    ``between`` the window ``[A, B)``; ``whatif=False`` leaves the what-if table out (a
    caller that shows one other table saves two reruns).

    Raises
    ------
    TmbError
        For an unknown ``by`` or ``body``, both ``at`` and ``between``, an empty window, or a
        missing build.
    """
    g = load_projection(graph_dir) if g is None else g
    result = network_metrics(g, by, body, between, whatif, at)
    result.names = node_names(g.nodes(data=True))
    return result


__all__ = ["BY", "COVID_START", "NetworkResult", "network_metrics", "run_network"]
