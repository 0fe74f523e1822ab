"""Activity timeline per body, coloured by status, with the Covid-19 period shaded.

One lane per body of the programme that has activities; each activity is a bar from the
earliest day its start may denote to the earliest day its end may denote (a dot when it has no
end, a bar up to the latest start when only a season or month is known). Activities without any
date are drawn in a column "no date" at the right. Lanes are packed so bars never overlap. The
Covid-19 pandemic is shaded from March 2020 (:data:`COVID_START`), when the source says
planned activities began to be postponed and cancelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from tmb_graph.analysis.network.periods import COVID_START
from tmb_graph.propertygraph.projection import View, day
from tmb_graph.view.describe import STATUS_WORDS, name_of, short
from tmb_graph.view.elements import programme_bodies
from tmb_graph.view.figure import date_axis, date_num, new_figure

STATUS_COLOURS = {
    "performed": "#009e73",
    "partly_performed": "#8fd3b6",
    "postponed": "#e69f00",
    "cancelled": "#d7191c",
    "not_performed": "#7f7f7f",
    "planned": "#56b4e9",
}
UNDATED_PER_ROW = 5
BODY_ORDER = {"programme": 0, "startup_group": 1, "steering_group": 2, "work_group": 3}


def _activities(v: View, body: str) -> list[str]:
    found = {a for a in v.into(body, "BY_BODY") if "Activity" in v.g.nodes[a].get("labels", ())}
    frontier = list(found)
    while frontier:
        for child in v.into(frontier.pop(), "PART_OF"):
            if "Activity" in v.g.nodes[child].get("labels", ()) and child not in found:
                found.add(child)
                frontier.append(child)
    return sorted(found)


def activity_timeline(g: nx.MultiDiGraph) -> Any:
    """Draw the activity timeline.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.

    Returns
    -------
    matplotlib.figure.Figure
        With a ``tmb_caption`` attribute.
    """
    from matplotlib.patches import Patch

    v = View(g)
    bodies = [b for b in programme_bodies(v) if _activities(v, b)]
    bodies.sort(key=lambda b: (BODY_ORDER.get(str(v.node(b).get("kind")), 9), b))
    spans: list[tuple[str, str, dt.date | None, dt.date | None]] = []
    for b in bodies:
        for a in _activities(v, b):
            n = v.node(a)
            start = day(n.get("start_earliest"))
            end = day(n.get("end_earliest")) or (day(n.get("start_latest")) if start else None)
            spans.append((b, a, start, end))
    dated = [d for _, _, s, e in spans for d in (s, e) if d]
    lo = min(dated, default=dt.date(2018, 1, 1))
    hi = max(max(dated, default=dt.date(2020, 12, 31)), dt.date(2020, 12, 31))
    undated_x = date_num(hi) + 90

    # pack each body's dated activities into sub-rows so bars never overlap; undated ones go
    # into the "no date" column, several dots a row
    lanes: dict[str, list[list[tuple[float, float, str]]]] = {b: [] for b in bodies}
    undated: dict[str, list[str]] = {b: [] for b in bodies}
    for b, a, start, end in sorted(spans, key=lambda s: (s[0], s[2] or dt.date.max, s[1])):
        if start is None:
            undated[b].append(a)
            continue
        x0 = date_num(start)
        x1 = max(x0 + 6, date_num(end) if end else x0 + 6)
        for row in lanes[b]:
            if row[-1][1] + 4 < x0:
                row.append((x0, x1, a))
                break
        else:
            lanes[b].append([(x0, x1, a)])
    for b, items in undated.items():
        for k, a in enumerate(items):
            row_i, col = divmod(k, UNDATED_PER_ROW)
            while len(lanes[b]) <= row_i:
                lanes[b].append([])
            x0 = undated_x + (col - (UNDATED_PER_ROW - 1) / 2) * 14
            lanes[b][row_i].append((x0 - 3, x0 + 3, a))

    total_rows = sum(len(r) for r in lanes.values())
    fig = new_figure(12.0, max(4.5, 1.6 + 0.17 * total_rows + 0.35 * len(bodies)))
    ax = fig.add_subplot()
    ax.axvspan(date_num(COVID_START), date_num(hi), color="#fde0dd", zorder=0)
    covid_label = ax.text(
        date_num(COVID_START) + 6,
        0.0,
        "Covid-19 pandemic\n(from March 2020)",
        color="#b30000",
        fontsize=9,
        va="bottom",
        fontweight="bold",
    )
    y = 0.0
    centres, names = [], []
    for b in bodies:
        top = y
        for row in lanes[b]:
            for x0, x1, a in row:
                status = str(v.node(a).get("status", ""))
                colour = STATUS_COLOURS.get(status, "#bbbbbb")
                if x1 - x0 <= 6.5:
                    ax.plot(
                        [(x0 + x1) / 2],
                        [y],
                        marker="o",
                        markersize=4.5,
                        color=colour,
                        markeredgecolor="#333333",
                        markeredgewidth=0.4,
                    )
                else:
                    ax.barh(y, x1 - x0, left=x0, height=0.72, color=colour, edgecolor="#333333", linewidth=0.3)
            y += 1.0
        centres.append((top + y - 1) / 2)
        names.append(short(name_of(v.node(b)), 34, 3))
        ax.axhline(y - 0.3, color="#cccccc", linewidth=0.6)
        y += 0.6
    covid_label.set_y(y - 0.9)
    ax.set_yticks(centres, names, fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.invert_yaxis()
    ax.set_ylim(y, -1.2)
    ax.set_xlim(date_num(lo) - 20, undated_x + 45)
    ax.axvline(undated_x - 45, color="#999999", linewidth=0.8, linestyle=":")
    ax.text(undated_x, -0.5, "no date", ha="center", va="bottom", fontsize=8.5, color="#555555")
    date_axis(ax)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    counts = {s: sum(1 for _, a, _, _ in spans if v.node(a).get("status") == s) for s in STATUS_COLOURS}
    ax.legend(
        handles=[
            Patch(color=c, label=f"{STATUS_WORDS.get(s, s)} ({counts[s]})")
            for s, c in STATUS_COLOURS.items()
            if counts[s]
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.04 * 40 / max(40, total_rows)),
        ncols=6,
        frameon=False,
        fontsize=8.5,
    )
    ax.set_title(f"{len(spans)} activities over time, coloured by what became of them")
    fig.tmb_caption = (
        "Activities per body over time, coloured by status; dots are activities with a start but no end. "
        "The shaded band is the Covid-19 pandemic from March 2020; undated activities stand at the right."
    )
    return fig
