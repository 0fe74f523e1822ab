"""The ideal-type project organisation (§3.4) beside the programme as it was, missing layers in red.

Left column: the reference model's ``IdealLayer`` chain (commissioner → steering group →
project leader and project group of line managers → work groups), drawn top-down along
``REPORTS_TO``. Right column, on the same rows: the programme's bodies that realise each layer
(per :func:`tmb_graph.analysis.layers.missing_layers`: a body of the layer's kind with a seat of
the layer's authority), and for an unrealised layer a red dashed placeholder — the missing layer.
The real roles with no ideal counterpart that sit at that height (the coordinators, process
leaders with administrative authority only) are drawn beside it. A row with a missing layer is
shaded red. Every node is placed here; nothing moves.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from tmb_graph.analysis.layers import LayersResult, layer_depths, missing_layers
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import name_of, sections, short, tooltip
from tmb_graph.view.elements import BODY_KINDS
from tmb_graph.view.network import Annotation, Band, VEdge, ViewGraph, VNode

ROW = 190.0
IDEAL_X = -620.0
REAL_LEFT = -80.0
REAL_STEP = 165.0


def ideal_view(g: nx.MultiDiGraph, layers: LayersResult | None = None) -> ViewGraph:
    """The ideal-type organisation beside the real one, as a view graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Projection of a programme graph that includes the reference model (``IdealLayer``).
    layers : LayersResult, optional
        The layers analysis, if already computed.

    Raises
    ------
    TmbError
        When the graph has no reference model.
    """
    v = View(g)
    if not v.with_label("IdealLayer"):
        raise TmbError("the graph has no ideal-type reference model (IdealLayer nodes): nothing to compare with")
    res = layers or missing_layers(g)
    depth = layer_depths(v)
    view = ViewGraph(
        "ideal",
        "The ideal-type project organisation (§3.4) and the programme as it was",
        physics=False,
    )
    view.subtitle = (
        "Left: the reference model the evaluation holds the programme against. Right, on the same row: what realised "
        "each layer. Red dashed boxes and red rows are layers with no real counterpart."
    )
    view.notes.append(res.summary())

    rows: dict[int, list[str]] = defaultdict(list)
    for row in res.layers:
        rows[depth.get(row.layer, 0)].append(row.layer)
    max_depth = max(rows, default=0)

    # left: the ideal chain
    for d, ids in sorted(rows.items()):
        for i, layer in enumerate(ids):
            lrow = next(r for r in res.layers if r.layer == layer)
            node = v.node(layer)
            tip = tooltip(
                lrow.name,
                ("members", node.get("members_are", "")),
                ("role", lrow.role.replace("_", " ")),
                ("authority", lrow.authority),
                ("chaired by", str(node.get("chaired_by", "")).replace("_", " ")),
                ("realised", "yes" if lrow.realised else "NO — no body of this kind has a seat with this authority"),
                ("source", sections(v, layer)),
            )
            x = IDEAL_X + (i - (len(ids) - 1) / 2) * 210.0
            y = d * ROW + (i - (len(ids) - 1) / 2) * 34.0  # side by side, and a little apart in height
            view.add_node(VNode(layer, "ideal_layer", short(lrow.name, 22, 3), tip, x=x, y=y))
    for layer in list(view.nodes):
        for up in v.out(layer, "REPORTS_TO"):
            if view.has(up):
                view.add_edge(
                    VEdge(layer, up, "reports_to", f"{name_of(v.node(layer))} reports to {name_of(v.node(up))}")
                )

    # right: what realised each layer, or a placeholder
    seat_orgs: dict[str, list[str]] = defaultdict(list)
    for post in v.with_label("Post"):
        body = v.one(post, "IN_BODY")
        org = v.one(post, "ON_BEHALF_OF")
        if body and org:
            seat_orgs[body].append(
                f"{name_of(v.node(org))} ({v.node(post).get('role', '')}, {v.node(post).get('authority', '')})"
            )
    distances = {d.body: d for d in res.distances}
    real_in_row: dict[int, list[str]] = defaultdict(list)
    missing_rows: dict[int, list[str]] = defaultdict(list)
    for lrow in res.layers:
        d = depth.get(lrow.layer, 0)
        if not lrow.realised:
            pid = f"missing:{lrow.layer}"
            tip = tooltip(
                f"MISSING: {lrow.name}",
                ("what the model asks for", v.node(lrow.layer).get("members_are", "")),
                ("authority it would carry", lrow.authority),
                ("in the programme", f"no {lrow.kind.replace('_', ' ')} has a seat with {lrow.authority} authority"),
                ("source", ", ".join(f"§{s}" for s in lrow.sections)),
            )
            view.add_node(VNode(pid, "missing_layer", "MISSING\n" + short(lrow.name, 22, 2), tip))
            real_in_row[d].append(pid)
            missing_rows[d].append(lrow.name)
            view.add_edge(VEdge(lrow.layer, pid, "not_realised", f"{lrow.name}: not realised in the programme"))
            continue
        bodies = sorted({b for p in lrow.realised_by if (b := v.one(p, "IN_BODY"))})
        for b in bodies:
            if not view.has(b):
                node = v.node(b)
                kind = BODY_KINDS.get(str(node.get("kind")), "other_body")
                dist = distances.get(b)
                tip = tooltip(
                    name_of(node),
                    ("realises", lrow.name),
                    ("seats", "\n  " + "\n  ".join(sorted(seat_orgs.get(b, []))) if seat_orgs.get(b) else ""),
                    ("real path from the steering group", " → ".join(dist.real_path) if dist else ""),
                    ("authority levels no one holds on the way", dist.unheld_levels if dist else ""),
                    ("source", sections(v, b)),
                )
                view.add_node(VNode(b, kind, short(name_of(node), 20, 3), tip))
                real_in_row[d].append(b)
        if bodies:
            tip = tooltip(f"{lrow.name}: realised by", *((name_of(v.node(b)), b) for b in bodies))
            view.add_edge(VEdge(lrow.layer, bodies[0], "realised_by", tip))

    # real roles with no ideal counterpart, placed on the row of the layer above which they sit
    extra = [e for e in res.extra_roles if e.authority == "administrative" and e.role != "convener"]
    for e in extra:
        eid = f"extra:{e.role}"
        bodies = [name_of(v.node(b)) for b in e.bodies if b in g]
        tip = tooltip(
            f"{e.role.replace('_', ' ').capitalize()}: a real role the ideal type does not have",
            ("authority", f"{e.authority} only — no formal decision right"),
            ("seats", e.seats),
            ("in", bodies),
        )
        label = f"{e.role.replace('_', ' ')}s\n({e.seats} seats, {e.authority} only)"
        view.add_node(VNode(eid, "extra_role", label, tip))
        real_in_row[min(max_depth, 2) if max_depth >= 2 else max_depth].append(eid)

    # the programme itself, to the right of the steering group's row, and the part-of lines
    programmes = [b for b in v.bodies_of_kind("programme") if v.into(b, "PART_OF")]
    for p in programmes:
        node = v.node(p)
        view.add_node(
            VNode(
                p,
                "programme",
                short(name_of(node), 22, 3),
                tooltip(
                    name_of(node),
                    ("what", "the programme (a collaboration of the signatories)"),
                    ("source", sections(v, p)),
                ),
            )
        )
        real_in_row[1 if max_depth >= 1 else 0].append(p)

    for d, ids in real_in_row.items():
        for i, nid in enumerate(ids):
            placed = view.nodes[nid]
            ideal = view.nodes.get(nid.removeprefix("missing:")) if nid.startswith("missing:") else None
            placed.x = REAL_LEFT + i * REAL_STEP + (REAL_STEP / 2 if len(ids) < 4 else 0.0)
            placed.y = ideal.y if ideal is not None and ideal.y is not None else d * ROW
    for nid in list(view.nodes):
        if view.nodes[nid].kind in BODY_KINDS.values():
            for parent in v.out(nid, "PART_OF"):
                if view.has(parent) and parent != nid:
                    view.add_edge(
                        VEdge(nid, parent, "part_of", f"{name_of(v.node(nid))} is part of {name_of(v.node(parent))}")
                    )
    for e in extra:
        for b in e.bodies:
            if view.has(b):
                view.add_edge(
                    VEdge(
                        f"extra:{e.role}", b, "seat", f"{e.role.replace('_', ' ')}s hold seats in {name_of(v.node(b))}"
                    )
                )

    # rows, headings
    right = REAL_LEFT + REAL_STEP * max((len(i) for i in real_in_row.values()), default=1)
    left = IDEAL_X - 330.0
    for d in range(max_depth + 1):
        colour, outline = ("#fde0dd", "#f4a6a0") if d in missing_rows else ("#f4f4f4", "")
        view.bands.append(Band(left, d * ROW - 62, right, d * ROW + 62, colour, outline))
        if d in missing_rows:
            view.annotations.append(
                Annotation(
                    left + 10,
                    d * ROW - 48,
                    "MISSING LAYER: " + "; ".join(missing_rows[d]),
                    14,
                    "#b30000",
                    "left",
                    bold=True,
                )
            )
    view.bands.append(Band(IDEAL_X + 330, -90, IDEAL_X + 334, max_depth * ROW + 70, "#999999"))
    view.annotations.append(Annotation(IDEAL_X, -105, "Ideal type (§3.4)", 20, "#333333", bold=True))
    view.annotations.append(
        Annotation((REAL_LEFT + right) / 2, -105, "The programme as it was", 20, "#1f3b73", bold=True)
    )
    view.legend_extra.append(
        "Rows are levels of authority, from the commissioner at the top down to the work groups. "
        "A red row is a level the ideal type has and the programme lacks."
    )
    return view
