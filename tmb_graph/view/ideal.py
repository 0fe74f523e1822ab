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
from collections.abc import Mapping, Sequence

import networkx as nx

from tmb_graph.analysis.layers import ExtraRole, LayersResult, layer_depths, missing_layers
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import View
from tmb_graph.view.describe import name_of, sections, short, tooltip
from tmb_graph.view.elements import BODY_KINDS
from tmb_graph.view.network.graph import Annotation, Band, VEdge, ViewGraph, VNode

ROW = 190.0
IDEAL_X = -620.0
REAL_LEFT = -80.0
REAL_STEP = 165.0


def chain_layout(rows: Mapping[int, Sequence[str]]) -> dict[str, tuple[float, float]]:
    """Positions of the ideal layers: one row per depth, side by side and a little apart in height.

    Examples
    --------
    >>> chain_layout({0: ["a"], 1: ["b", "c"]})
    {'a': (-620.0, 0.0), 'b': (-725.0, 173.0), 'c': (-515.0, 207.0)}
    """
    pos: dict[str, tuple[float, float]] = {}
    for d, ids in sorted(rows.items()):
        for i, nid in enumerate(ids):
            x = IDEAL_X + (i - (len(ids) - 1) / 2) * 210.0
            y = d * ROW + (i - (len(ids) - 1) / 2) * 34.0  # side by side, and a little apart in height
            pos[nid] = (x, y)
    return pos


def real_layout(
    rows: Mapping[int, Sequence[str]], chain: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Positions of the real column: left to right on each row; a placeholder ``missing:LAYER`` on
    its ideal layer's height (``chain``), centred a little when a row holds fewer than four.

    Examples
    --------
    >>> real_layout({1: ["b1", "missing:l2"]}, {"l2": (-620.0, 200.0)})
    {'b1': (2.5, 190.0), 'missing:l2': (167.5, 200.0)}
    """
    pos: dict[str, tuple[float, float]] = {}
    for d, ids in rows.items():
        for i, nid in enumerate(ids):
            ideal = chain.get(nid.removeprefix("missing:")) if nid.startswith("missing:") else None
            x = REAL_LEFT + i * REAL_STEP + (REAL_STEP / 2 if len(ids) < 4 else 0.0)
            pos[nid] = (x, ideal[1] if ideal is not None else d * ROW)
    return pos


def frame_layout(
    max_depth: int, widest: int, missing_rows: Mapping[int, Sequence[str]]
) -> tuple[list[Band], list[Annotation]]:
    """The rows (red where a layer is missing), the column divider and the headings.

    Examples
    --------
    >>> bands, notes = frame_layout(1, 2, {1: ["Project group"]})
    >>> [b.colour for b in bands], notes[0].text
    (['#f4f4f4', '#fde0dd', '#999999'], 'MISSING LAYER: Project group')
    """
    right = REAL_LEFT + REAL_STEP * widest
    left = IDEAL_X - 330.0
    bands: list[Band] = []
    notes: list[Annotation] = []
    for d in range(max_depth + 1):
        colour, outline = ("#fde0dd", "#f4a6a0") if d in missing_rows else ("#f4f4f4", "")
        bands.append(Band(left, d * ROW - 62, right, d * ROW + 62, colour, outline))
        if d in missing_rows:
            notes.append(
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
    bands.append(Band(IDEAL_X + 330, -90, IDEAL_X + 334, max_depth * ROW + 70, "#999999"))
    notes.append(Annotation(IDEAL_X, -105, "Ideal type (§3.4)", 20, "#333333", bold=True))
    notes.append(Annotation((REAL_LEFT + right) / 2, -105, "The programme as it was", 20, "#1f3b73", bold=True))
    return bands, notes


def ideal_view(g: nx.MultiDiGraph, layers: LayersResult | None = None) -> ViewGraph:
    """The ideal-type organisation beside the real one, as a view graph.

    The nodes are emitted here; where they go is computed by :func:`chain_layout`,
    :func:`real_layout` and :func:`frame_layout`.

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
    chain = chain_layout(rows)
    _draw_chain(view, v, res, rows, chain)
    real_in_row, missing_rows = _draw_realised(view, v, res, depth)
    extra = _draw_extra_roles(view, v, g, res)
    if extra:  # on the row of the layer above which they sit
        real_in_row[min(max_depth, 2) if max_depth >= 2 else max_depth] += [f"extra:{e.role}" for e in extra]
    if programmes := _draw_programmes(view, v):  # on the steering group's row, to its right
        real_in_row[1 if max_depth >= 1 else 0] += programmes
    for nid, (x, y) in real_layout(real_in_row, chain).items():
        view.nodes[nid].x, view.nodes[nid].y = x, y
    _draw_links(view, v, extra)

    bands, notes = frame_layout(max_depth, max((len(i) for i in real_in_row.values()), default=1), missing_rows)
    view.bands.extend(bands)
    view.annotations.extend(notes)
    view.legend_extra.append(
        "Rows are levels of authority, from the commissioner at the top down to the work groups. "
        "A red row is a level the ideal type has and the programme lacks."
    )
    return view


def _draw_chain(
    view: ViewGraph,
    v: View,
    res: LayersResult,
    rows: Mapping[int, Sequence[str]],
    chain: Mapping[str, tuple[float, float]],
) -> None:
    """Left: the ideal chain, its layers and their ``REPORTS_TO`` lines."""
    for _d, ids in sorted(rows.items()):
        for layer in ids:
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
            x, y = chain[layer]
            view.add_node(VNode(layer, "ideal_layer", short(lrow.name, 22, 3), tip, x=x, y=y))
    for layer in list(view.nodes):
        for up in v.out(layer, "REPORTS_TO"):
            if view.has(up):
                view.add_edge(
                    VEdge(layer, up, "reports_to", f"{name_of(v.node(layer))} reports to {name_of(v.node(up))}")
                )


def _draw_realised(
    view: ViewGraph, v: View, res: LayersResult, depth: Mapping[str, int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Right: the bodies that realise each layer, or a red placeholder; returns the nodes per row
    and the names of the missing layers per row."""
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
    return real_in_row, missing_rows


def _draw_extra_roles(view: ViewGraph, v: View, g: nx.MultiDiGraph, res: LayersResult) -> list[ExtraRole]:
    """Real roles with no ideal counterpart (administrative authority only); returns them."""
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
    return extra


def _draw_programmes(view: ViewGraph, v: View) -> list[str]:
    """The programme itself (a body others are part of); returns the ids drawn."""
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
    return programmes


def _draw_links(view: ViewGraph, v: View, extra: Sequence[ExtraRole]) -> None:
    """The part-of lines between drawn bodies, and the seats of the extra roles."""
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
