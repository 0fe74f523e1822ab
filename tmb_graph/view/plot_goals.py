"""Goal attainment per work group: planned vs carried-out activities, and the goals' assessment.

For each work group (:func:`tmb_graph.analysis.goals.goal_attainment`): a grey bar for the
planned activities of its activity plan, a green bar for those carried out (the partly carried
out ones hatched), "6 of 7" beside it, and at the right the evaluation's assessment of the
group's result goal and process goal.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from tmb_graph.analysis.goals import GoalsResult, goal_attainment
from tmb_graph.view.describe import short
from tmb_graph.view.figure import new_figure

ASSESSMENT_COLOURS = {"fulfilled": "#00805c", "largely_fulfilled": "#3a9b6f", "partly_fulfilled": "#b86e00"}


def goal_attainment_plot(g: nx.MultiDiGraph, goals: GoalsResult | None = None) -> Any:
    """Draw planned vs carried-out activities and the goal assessments per work group.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.
    goals : GoalsResult, optional
        The goals analysis, if already computed.

    Returns
    -------
    matplotlib.figure.Figure
        With a ``tmb_caption`` attribute.
    """
    from matplotlib.patches import Patch

    res = goals or goal_attainment(g)
    groups = sorted(res.groups, key=lambda x: (-(x.carried_out / x.planned if x.planned else 0), x.body))
    fig = new_figure(11.5, 1.8 + 0.62 * max(1, len(groups)))
    ax = fig.add_subplot()
    most = max((x.planned for x in groups), default=1)
    for i, grp in enumerate(groups):
        ax.barh(i, grp.planned, height=0.62, color="#e5e5e5", edgecolor="#7f7f7f", linewidth=0.8)
        full = grp.carried_out - len(grp.partly)
        ax.barh(i, full, height=0.62, color="#009e73")
        if grp.partly:
            ax.barh(
                i,
                len(grp.partly),
                left=full,
                height=0.62,
                color="#8fd3b6",
                hatch="////",
                edgecolor="#00684c",
                linewidth=0.5,
            )
        ax.text(grp.planned + most * 0.02, i, grp.attainment, va="center", fontsize=10, fontweight="bold")
        for k, (kind, value) in enumerate((("result goal", grp.result_goal), ("process goal", grp.process_goal))):
            colour = ASSESSMENT_COLOURS.get(value, "#d7191c" if value else "#7f7f7f")
            ax.text(
                most * 1.22 + k * most * 0.55,
                i,
                f"{kind}: {value.replace('_', ' ') or 'not assessed'}",
                va="center",
                fontsize=9,
                color=colour if value in ASSESSMENT_COLOURS else ("#b30000" if value else "#555555"),
                fontweight="bold" if value and value not in ASSESSMENT_COLOURS else "normal",
            )
    ax.set_yticks(range(len(groups)), [short(x.name, 40, 2) for x in groups], fontsize=9)
    ax.set_xlim(0, most * 2.4)
    ax.set_xticks(range(0, most + 1, max(1, most // 8)))
    ax.set_xlabel("planned activities of the activity plan")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.legend(
        handles=[
            Patch(facecolor="#e5e5e5", edgecolor="#7f7f7f", label="planned"),
            Patch(color="#009e73", label="carried out"),
            Patch(facecolor="#8fd3b6", edgecolor="#00684c", hatch="////", label="partly carried out"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.3, -0.1),
        ncols=3,
        frameon=False,
        fontsize=8.5,
    )
    total_p = sum(x.planned for x in groups)
    total_c = sum(x.carried_out for x in groups)
    ax.set_title(f"Goal attainment per work group: {total_c} of {total_p} planned activities carried out")
    ax.spines["bottom"].set_bounds(0, most)
    ax.set_ylim(len(groups) - 0.5, -1.0)
    ax.text(
        most * 1.22, -0.62, "The evaluation's assessment of the goals", fontsize=9.5, fontweight="bold", color="#333333"
    )
    fig.tmb_caption = (
        "Per work group: planned activities (grey) and those carried out (green, partly carried out hatched), with the "
        "evaluation's assessment of the result and process goals."
    )
    return fig
