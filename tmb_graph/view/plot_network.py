"""Network metrics over time: small multiples, month by month, the Covid-19 period shaded.

Five panels from :func:`tmb_graph.analysis.network.network_metrics` (``--by month``): who took
part (organisations, representatives, vacant seats); cohesion of the organisation network
(density, degree centralisation, multiplex share); continuity (same-person share, departures);
brokerage and reach (the strongest broker's two-mode betweenness, the co-creator share of the
month's reaches); activities started and those that fell away for covid19. Each metric is drawn as a step over its months, so a figure reads as the table
``tmb analyse network --by month`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import networkx as nx

from tmb_graph.analysis.network import COVID_START, NetworkResult, network_metrics
from tmb_graph.table import node_names
from tmb_graph.view.figure import date_axis, date_num, new_figure

PANELS: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "taking part",
        [
            ("organisations", "organisations", "#0072b2"),
            ("representatives", "representatives", "#e69f00"),
            ("seats_vacant", "vacant seats (month end)", "#d55e00"),
        ],
    ),
    (
        "organisation network",
        [
            ("org_density", "density", "#0072b2"),
            ("org_centralisation", "degree centralisation", "#cc79a7"),
            ("multiplex_share", "multiplex share", "#009e73"),
        ],
    ),
    (
        "continuity",
        [
            ("same_person_share", "same-person share", "#0072b2"),
            ("turnover_rate", "turnover rate", "#d55e00"),
        ],
    ),
    (
        "brokerage and reach",
        [
            ("broker_betweenness", "top broker's betweenness", "#56b4e9"),
            ("co_creator_share", "co-creator share", "#009e73"),
        ],
    ),
    (
        "activities",
        [
            ("activities", "activities started", "#0072b2"),
            ("fell_away_covid19", "fell away for covid19", "#b30000"),
        ],
    ),
]

#: how the plot (and the workbench's network page) names the shaded period
COVID_LABEL = "Covid-19 (from March 2020)"


def widest_departure(res: NetworkResult, names: Mapping[str, str]) -> tuple[str, str] | None:
    """The departure the plot marks — one person leaving the most bodies at once, when more
    than one — as its day and its text (``None`` otherwise).

    >>> widest_departure(network_metrics(load_projection(Path("build/graph")), "month"), {})   # doctest: +SKIP
    ('2019-07-01', 'p-kfsk-vu\\nleft 4 bodies (wg-avh, wg-est, wg-otp, wg-sam)')
    """
    biggest = max(res.departures, key=lambda d: d.width, default=None)
    if biggest is None or biggest.width <= 1:
        return None
    who = names.get(biggest.person, biggest.person)
    return (
        biggest.day,
        f"{who if len(who) <= 48 else who[:47] + '…'}\nleft {biggest.width} bodies ({', '.join(biggest.bodies)})",
    )


def network_plot(g: nx.MultiDiGraph, result: NetworkResult | None = None) -> Any:
    """Draw the network metrics month by month.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    result : NetworkResult, optional
        The metrics, if already computed (any ``by``).

    Returns
    -------
    matplotlib.figure.Figure
        With a ``tmb_caption`` attribute.
    """
    res = result or network_metrics(g, by="month", whatif=False)
    rows = res.periods
    fig = new_figure(11.5, 11.0)
    axes = fig.subplots(len(PANELS), 1, sharex=True)
    if not rows:
        fig.tmb_caption = "No period to measure."
        return fig
    edges = [date_num(dt.date.fromisoformat(r.start)) for r in rows]
    edges.append(date_num(dt.date.fromisoformat(rows[-1].end)))
    for ax, (title, series) in zip(axes, PANELS, strict=True):
        ax.axvspan(date_num(COVID_START), edges[-1], color="#fde0dd", zorder=0)
        for key, label, colour in series:
            values = [getattr(r, key) for r in rows]
            ys = [float("nan") if v is None else float(v) for v in values]
            ax.stairs(ys, edges, label=label, color=colour, linewidth=1.8, baseline=None)
        ax.set_title(title, loc="left", fontsize=10.5)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8.5)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    axes[0].text(
        date_num(COVID_START) + 6,
        axes[0].get_ylim()[1] * 0.92,
        COVID_LABEL,
        color="#b30000",
        fontsize=8.5,
        fontweight="bold",
        va="top",
    )
    names = res.names or node_names(g.nodes(data=True))
    mark = widest_departure(res, names)
    if mark is not None:
        when = date_num(dt.date.fromisoformat(mark[0]))
        axes[2].annotate(
            mark[1],
            xy=(when, 0.0),
            xytext=(when - 200, 0.3),
            fontsize=8,
            arrowprops={"arrowstyle": "->", "color": "#555555"},
        )
    date_axis(axes[-1])
    fig.suptitle("The implementation organisation as a network, month by month", fontweight="bold")
    fig.tmb_caption = (
        "Network metrics of the programme's bodies per month (tmb analyse network --by month): participation, the "
        "organisation network's density, centralisation and multiplexity, continuity of representatives, the top "
        "broker's betweenness and the co-creator share of the month's reaches, activities started and fallen away for "
        "covid19; the Covid-19 period shaded."
    )
    return fig
