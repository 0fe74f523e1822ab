"""Organisation × body membership matrix.

Rows: every organisation that held a seat in a body of the programme (steering group, start-up
group, work groups) or signed the programme declaration; columns: those bodies. A cell counts
the tenures held on behalf of the organisation (or one of its units, ``PART_OF``) in the body.
Signatories are marked ★; a signatory with no seat in any work group is labelled in red — an
organisational gap (:mod:`tmb_graph.analysis.gaps`).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any

import networkx as nx

from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import name_of, short
from tmb_graph.view.elements import programme_bodies
from tmb_graph.view.figure import new_figure

BODY_ORDER = {"steering_group": 0, "startup_group": 1, "work_group": 2}


def membership_matrix(g: nx.MultiDiGraph) -> Any:
    """Draw the organisation × body matrix of tenures.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The projection of a built graph.

    Returns
    -------
    matplotlib.figure.Figure
        With a ``tmb_caption`` attribute.
    """
    import numpy as np

    v = View(g)
    bodies = [b for b in programme_bodies(v) if v.node(b).get("kind") in BODY_ORDER]
    bodies.sort(key=lambda b: (BODY_ORDER[str(v.node(b).get("kind"))], b))
    signatories = {o for p in v.bodies_of_kind("programme") for o in v.out(p, "SIGNED_BY")}
    counts: Counter[tuple[str, str]] = Counter()
    for b in bodies:
        for m in v.into(b, "IN_BODY"):
            if "Membership" not in g.nodes[m].get("labels", ()):
                continue
            org = v.one(m, "ON_BEHALF_OF")
            if not org:
                continue
            # count a unit under the signatory it belongs to, when it has one
            line = v.ancestors(org)
            top = next((o for o in line if o in signatories), org)
            counts[(top, b)] += 1
    orgs = sorted(
        {o for o, _ in counts} | signatories,
        key=lambda o: (o not in signatories, -sum(n for (x, _), n in counts.items() if x == o), name_of(v.node(o))),
    )
    work_groups = {b for b in bodies if v.node(b).get("kind") == "work_group"}
    matrix = np.array([[counts[(o, b)] for b in bodies] for o in orgs], dtype=float)

    fig = new_figure(2.8 + 0.85 * len(bodies), 1.8 + 0.36 * len(orgs))
    ax = fig.add_subplot()
    shown = np.where(matrix > 0, matrix, np.nan)
    ax.imshow(
        shown, cmap="Blues", vmin=0, vmax=max(2.0, float(np.nanmax(matrix)) if matrix.size else 2.0), aspect="auto"
    )
    for i in range(len(orgs)):
        for j in range(len(bodies)):
            if matrix[i, j] > 0:
                ax.text(
                    j,
                    i,
                    f"{int(matrix[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if matrix[i, j] >= 2 else "#102a43",
                )
            else:
                ax.text(j, i, "·", ha="center", va="center", fontsize=9, color="#bbbbbb")
    labels = []
    for o in orgs:
        star = "★ " if o in signatories else ""
        labels.append(star + short(name_of(v.node(o)), 42, 1))
    ax.set_yticks(range(len(orgs)), labels)
    ax.set_xticks(range(len(bodies)), [short(name_of(v.node(b)), 30, 2) for b in bodies], fontsize=8)
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False, length=0)
    for tick in ax.get_xticklabels():
        tick.set_rotation(35)
        tick.set_horizontalalignment("left")
        tick.set_rotation_mode("anchor")
    ax.tick_params(axis="y", length=0)
    for tick, o in zip(ax.get_yticklabels(), orgs, strict=True):
        if o in signatories and not any(counts[(o, b)] for b in work_groups):
            tick.set_color("#d7191c")
            tick.set_fontweight("bold")
    ax.set_xticks(np.arange(-0.5, len(bodies), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(orgs), 1), minor=True)
    ax.grid(which="minor", color="#e5e5e5", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("Which organisations sat where: tenures per organisation and body", pad=12)
    gaps = [name_of(v.node(o)) for o in orgs if o in signatories and not any(counts[(o, b)] for b in work_groups)]
    note = (
        "Numbers: tenures held for the organisation in the body (a replacement makes two). ★ signed the programme "
        "declaration"
        + (f"; in red: signed but held no seat in any work group ({', '.join(gaps)})" if gaps else "")
        + ". Units count under the signatory they belong to."
    )
    ax.set_xlabel(textwrap.fill(note, 110), fontsize=8.5)
    fig.tmb_caption = (
        "Organisation × body matrix: the number of tenures each organisation held in each body. "
        "Signatories are starred; a red name signed the programme but sat in none of the work groups."
    )
    return fig
