"""Tenure timeline per seat (Gantt), replacements marked.

One row per seat (``Post``), grouped by body; one bar per tenure (``Membership``) from the
earliest day its start may denote to the earliest day its end may denote (half-open, as
everywhere in tmb_graph). When the end is only known to a season or a month, the span up to
the latest day it may denote is drawn hatched. A successor's bar is orange and its start is
marked with a red triangle: a replacement (``REPLACED``). Dates the data marks as inferred
(e.g. "held until the programme ended") have a dashed outline.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from tmb_graph.analysis.turnover import Tenure, TurnoverResult, representative_turnover
from tmb_graph.propertygraph.projection import View, day
from tmb_graph.view.describe import name_of, short_name
from tmb_graph.view.figure import date_axis, date_num, new_figure

FIRST = "#4a90c2"
SUCCESSOR = "#f28e2b"
REPLACEMENT = "#d7191c"
BODY_ORDER = {"programme": 0, "steering_group": 1, "startup_group": 2, "work_group": 3}


def tenure_gantt(g: nx.MultiDiGraph, turnover: TurnoverResult | None = None) -> Any:
    """Draw the tenure Gantt chart.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    turnover : TurnoverResult, optional
        The turnover analysis, if already computed.

    Returns
    -------
    matplotlib.figure.Figure
        With a ``tmb_caption`` attribute.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    v = View(g)
    res = turnover or representative_turnover(g)
    by_seat: dict[str, list[Tenure]] = defaultdict(list)
    for t in res.tenures:
        by_seat[t.seat].append(t)
    bodies = sorted(
        {t.body for t in res.tenures if t.body},
        key=lambda b: (BODY_ORDER.get(str(v.node(b).get("kind")), 9), b),
    )
    lo, hi = _date_range(v, res.tenures)
    rows = _seat_rows(v, res.tenures, bodies, by_seat)

    height = 1.2 + 0.24 * len(rows) + 0.3 * len(bodies)
    fig = new_figure(11.5, max(4.0, height))
    ax = fig.add_subplot()
    blocks, y = gantt_layout(bodies, rows)
    yticks, ylabels = [], []
    for block in blocks:
        ax.text(
            date_num(lo) - 2,
            block.y - 0.1,
            name_of(v.node(block.body)),
            fontsize=10,
            fontweight="bold",
            va="bottom",
            ha="left",
            color="#1f3b73",
        )
        for row_y, label, ts in block.rows:
            for t in ts:
                _draw_tenure(ax, v.node(t.membership), bool(t.replaced), row_y, lo, hi)
            yticks.append(row_y)
            ylabels.append(label)
    ax.set_yticks(yticks, ylabels)
    ax.invert_yaxis()
    ax.set_xlim(date_num(lo) - 5, date_num(hi) + 20)
    ax.set_ylim(y, -0.6)
    date_axis(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0, labelsize=8.5)
    changes = sum(1 for t in res.tenures if t.replaced)
    ax.set_title(
        f"Who held each seat, and when: {len(res.tenures)} tenures on {len(by_seat)} seats, {changes} replacements"
    )
    ax.legend(
        handles=[
            Patch(color=FIRST, label="holder (first on the seat)"),
            Patch(color=SUCCESSOR, label="successor after a replacement"),
            Line2D(
                [],
                [],
                marker="v",
                color=REPLACEMENT,
                linestyle="",
                markersize=7,
                label="replacement (seat changed holder)",
            ),
            Patch(facecolor="white", edgecolor="#777777", hatch="////", label="end known only to a season/month"),
            Patch(
                facecolor="#cccccc",
                edgecolor="#555555",
                linestyle=(0, (2, 2)),
                label="a date inferred (e.g. held to the end)",
            ),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.03 * 40 / max(40, len(rows))),
        ncols=3,
        frameon=False,
        fontsize=8.5,
    )
    fig.tmb_caption = (
        "Tenure timeline per seat. Bars run from the earliest day a tenure's start may denote to the earliest day its end "
        "may denote; hatching shows how late a season- or month-precise end could be. Red triangles mark replacements."
    )
    return fig


@dataclass(frozen=True)
class GanttBlock:
    """One body's block of the chart: the height of its heading and of each seat row under it."""

    body: str
    y: float
    rows: tuple[tuple[float, str, list[Tenure]], ...]


def gantt_layout(
    bodies: Sequence[str], rows: Sequence[tuple[str, str, list[Tenure]]]
) -> tuple[list[GanttBlock], float]:
    """Where each body's heading and each seat row stand (y grows downwards), and the bottom.

    ``rows`` are ``(body, label, tenures)``; a body's rows follow its heading in their order.

    Examples
    --------
    >>> blocks, bottom = gantt_layout(["b"], [("b", "seat 1", []), ("b", "seat 2", [])])
    >>> [(blk.y, [r[0] for r in blk.rows]) for blk in blocks], bottom
    ([(0.0, [0.75, 1.75])], 3.1)
    """
    blocks: list[GanttBlock] = []
    y = 0.0
    for b in bodies:
        top = y
        y += 0.75
        placed: list[tuple[float, str, list[Tenure]]] = []
        for body, label, ts in rows:
            if body != b:
                continue
            placed.append((y, label, ts))
            y += 1.0
        y += 0.35
        blocks.append(GanttBlock(b, top, tuple(placed)))
    return blocks, y


def _draw_tenure(ax: Any, n: Mapping[str, Any], replaced: bool, y: float, lo: dt.date, hi: dt.date) -> None:
    """One tenure's bar on row ``y``: its span, the hatched uncertain end, the replacement mark."""
    start = day(n.get("start_earliest")) or lo
    end = day(n.get("end_earliest")) or hi
    latest = day(n.get("end_latest")) or end
    colour = SUCCESSOR if replaced else FIRST
    inferred = bool(n.get("start_inferred") or n.get("end_inferred"))
    if not n.get("start_earliest") and not n.get("end_earliest"):
        ax.barh(
            y,
            date_num(hi) - date_num(lo),
            left=date_num(lo),
            height=0.62,
            color="white",
            edgecolor="#999999",
            linewidth=0.6,
        )
        ax.text(date_num(lo) + 10, y, "dates not stated", va="center", fontsize=8, color="#555555")
        return
    ax.barh(
        y,
        max(1.0, date_num(end) - date_num(start)),
        left=date_num(start),
        height=0.62,
        color=colour,
        edgecolor="#555555" if inferred else colour,
        linestyle=(0, (2, 2)) if inferred else "-",
        linewidth=0.6,
    )
    if latest > end:
        ax.barh(
            y,
            date_num(latest) - date_num(end),
            left=date_num(end),
            height=0.62,
            color="white",
            edgecolor=colour,
            hatch="////",
            linewidth=0.6,
        )
    if replaced:
        ax.plot([date_num(start)], [y - 0.45], marker="v", color=REPLACEMENT, markersize=7, zorder=5)


def _date_range(v: View, tenures: Sequence[Tenure]) -> tuple[dt.date, dt.date]:
    """The first start and the last (latest possible) end of any tenure: the time axis."""
    starts = [day(v.node(t.membership).get("start_earliest")) for t in tenures]
    ends = [day(v.node(t.membership).get("end_latest") or v.node(t.membership).get("end_earliest")) for t in tenures]
    lo = min((d for d in starts if d), default=dt.date(2018, 1, 1))
    hi = max((d for d in ends if d), default=dt.date(2021, 1, 1))
    return lo, hi


def _seat_rows(
    v: View, tenures: Sequence[Tenure], bodies: Sequence[str], by_seat: Mapping[str, list[Tenure]]
) -> list[tuple[str, str, list[Tenure]]]:
    """One row per seat, body by body: ``(body, "organisation · role", tenures in order)``."""
    rows: list[tuple[str, str, list[Tenure]]] = []
    for b in bodies:
        seats = sorted({t.seat for t in tenures if t.body == b})
        for seat in seats:
            ts = sorted(by_seat[seat], key=lambda t: t.order)
            org = v.node(ts[0].organisation) if ts[0].organisation else {}
            role = str(v.node(seat).get("role", "")).replace("_", " ")
            rows.append((b, f"{short_name(org, 30, 1) if org else '?'} · {role}", ts))
    return rows
