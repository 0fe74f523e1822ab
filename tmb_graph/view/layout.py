"""Designed layouts: rows, columns and grids placed by the views, so the picture never changes.

vis-network's physics scatters a 100-node organisation into a tangle whose shape changes with
every tweak. The views instead put each kind of node in its own row or column (bodies, the
organisations and representatives linked to them, activities, recipients) and order each row
by the mean position of its already placed neighbours (:func:`barycentre_order`, the classic
Sugiyama heuristic), which keeps lines short and crossings few. Same input, same picture.
"""

from __future__ import annotations

from tmb_graph.view.network.graph import ViewGraph
from tmb_graph.view.network.style import NODE_STYLES


def barycentre_order(ids: list[str], view: ViewGraph, xs: dict[str, float]) -> list[str]:
    """``ids`` sorted by the mean x of their already placed neighbours (fewer crossings).

    Nodes with no placed neighbour keep their relative order at the end.
    """
    neighbours: dict[str, list[float]] = {n: [] for n in ids}
    for e in view.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in neighbours and b in xs:
                neighbours[a].append(xs[b])
    far = max(xs.values(), default=0.0) + 1.0
    return sorted(ids, key=lambda n: (sum(neighbours[n]) / len(neighbours[n]) if neighbours[n] else far, n))


def place_row(
    view: ViewGraph,
    ids: list[str],
    y: float,
    spacing: float,
    centre: float = 0.0,
    stagger: float = 0.0,
) -> dict[str, float]:
    """Put ``ids`` on a horizontal row centred on ``centre``; every other one ``stagger`` lower.

    Returns the x of each node placed.
    """
    xs = {}
    left = centre - spacing * (len(ids) - 1) / 2
    for i, nid in enumerate(ids):
        node = view.nodes[nid]
        node.x = round(left + i * spacing, 1)
        node.y = round(y + (stagger if i % 2 else 0.0), 1)
        xs[nid] = node.x
    return xs


def place_grid(view: ViewGraph, ids: list[str], x: float, y: float, columns: int, dx: float, dy: float) -> float:
    """Put ``ids`` in a grid of ``columns`` centred on ``x`` from ``y`` down; return the bottom y."""
    for i, nid in enumerate(ids):
        row, col = divmod(i, columns)
        width = min(columns, len(ids) - row * columns)
        node = view.nodes[nid]
        node.x = round(x + (col - (width - 1) / 2) * dx, 1)
        node.y = round(y + row * dy, 1)
    rows = (len(ids) + columns - 1) // columns
    return y + max(0, rows - 1) * dy


def place_column(view: ViewGraph, ids: list[str], x: float, centre: float, dy: float) -> dict[str, float]:
    """Put ``ids`` in a vertical column at ``x`` centred on ``centre``; return each node's y.

    Boxes (label inside) with more than two lines of label get more room.
    """
    steps = [dy + _extra(view, nid) for nid in ids]
    offsets, y = [], 0.0
    for i in range(len(ids)):
        if i:
            y += (steps[i - 1] + steps[i]) / 2
        offsets.append(y)
    shift = centre - (offsets[-1] / 2 if offsets else 0.0)
    ys = {}
    for nid, offset in zip(ids, offsets, strict=True):
        node = view.nodes[nid]
        node.x = round(x, 1)
        node.y = round(shift + offset, 1)
        ys[nid] = node.y
    return ys


def _extra(view: ViewGraph, nid: str) -> float:
    node = view.nodes[nid]
    if NODE_STYLES[node.kind].label_inside:
        return 16.0 + 20.0 * max(0, node.lines() - 1)
    return 0.0


def barycentre_order_y(ids: list[str], view: ViewGraph, ys: dict[str, float]) -> list[str]:
    """``ids`` sorted by the mean y of their already placed neighbours."""
    neighbours: dict[str, list[float]] = {n: [] for n in ids}
    for e in view.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in neighbours and b in ys:
                neighbours[a].append(ys[b])
    far = max(ys.values(), default=0.0) + 1.0
    return sorted(ids, key=lambda n: (sum(neighbours[n]) / len(neighbours[n]) if neighbours[n] else far, n))


def place_row_near(
    view: ViewGraph, ids: list[str], xs: dict[str, float], y: float, gap: float, stagger: float = 0.0
) -> dict[str, float]:
    """Put ``ids`` on a row, each as close to the x of its placed neighbours as ``gap`` allows.

    The order is :func:`barycentre_order`'s; overlaps are pushed apart symmetrically, so a node
    stays above (or below) what it is linked to where there is room. Every other node is
    ``stagger`` lower, which lets neighbouring labels use twice the width.
    """
    ordered = barycentre_order(ids, view, xs)
    wanted: list[float] = []
    for nid in ordered:
        near = [xs[m] for m in _neighbours(view, nid) if m in xs]
        wanted.append(sum(near) / len(near) if near else (wanted[-1] + gap if wanted else 0.0))
    placed = list(wanted)
    for _ in range(50):  # forward and backward passes until no two are closer than gap
        moved = False
        for i in range(1, len(placed)):
            overlap = placed[i - 1] + gap - placed[i]
            if overlap > 0.01:
                placed[i - 1] -= overlap / 2
                placed[i] += overlap / 2
                moved = True
        if not moved:
            break
    result = {}
    for i, nid in enumerate(ordered):
        node = view.nodes[nid]
        node.x = round(placed[i], 1)
        node.y = round(y + (stagger if i % 2 else 0.0), 1)
        result[nid] = node.x
    return result


def _neighbours(view: ViewGraph, nid: str) -> list[str]:
    out = []
    for e in view.edges:
        if e.source == nid:
            out.append(e.target)
        elif e.target == nid:
            out.append(e.source)
    return out
