"""The view graph a view module returns: drawn nodes and edges, decorations, and aggregation.

A view module builds a :class:`ViewGraph` (nodes with a *kind*, edges with a *relation*, each with
a plain-text tooltip); :func:`fit_to_budget` rebuilds it with more and more :class:`Collapse`
steps until it has at most ``max_nodes`` nodes.

Examples
--------
>>> view = ViewGraph("demo", "Demo")
>>> view.add_node(VNode("a", "body", "A", "A body")).id
'a'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tmb_graph.errors import TmbError
from tmb_graph.view.network.style import EDGE_STYLES, NODE_STYLES

#: default ceiling on drawn nodes before a view aggregates
MAX_NODES = 150


class Collapse(enum.Enum):
    """One aggregation step; a view is drawn with a set of them applied."""

    SUB_ACTIVITIES = "sub-activities folded into their activity"
    ACTIVITIES = "activities grouped per body and outcome"
    RECIPIENTS = "recipients grouped per body"
    PERSONS = "representatives collapsed into their organisation (seats drawn organisation → body)"
    ORGANISATIONS = "organisations grouped by type"


#: the order in which steps are applied when a view is over its node budget
LADDER: tuple[Collapse, ...] = (
    Collapse.SUB_ACTIVITIES,
    Collapse.ACTIVITIES,
    Collapse.RECIPIENTS,
    Collapse.PERSONS,
    Collapse.ORGANISATIONS,
)


@dataclass
class VNode:
    """A drawn node: id, kind (a key of :data:`NODE_STYLES`), drawn label and tooltip."""

    id: str
    kind: str
    label: str
    tooltip: str
    x: float | None = None
    y: float | None = None
    size: float | None = None
    group: str = ""
    fixed: bool = False
    order: str = ""

    def lines(self) -> int:
        """How many lines the drawn label has."""
        return self.label.count("\n") + 1 if self.label.strip() else 0


@dataclass
class VEdge:
    """A drawn edge: a relation (a key of :data:`EDGE_STYLES`) with a tooltip and optional label."""

    source: str
    target: str
    relation: str
    tooltip: str
    label: str = ""
    width: float | None = None


@dataclass(frozen=True)
class Annotation:
    """Text painted on the canvas behind the network (canvas coordinates)."""

    x: float
    y: float
    text: str
    size: int = 16
    colour: str = "#333333"
    align: str = "center"
    bold: bool = False


@dataclass(frozen=True)
class Band:
    """A filled rectangle painted behind the network (canvas coordinates)."""

    x0: float
    y0: float
    x1: float
    y1: float
    colour: str
    outline: str = ""


@dataclass
class ViewGraph:
    """A view ready to draw: nodes, edges, words and decorations.

    Parameters
    ----------
    name : str
        File stem (``organisation``, ``workgroup-wg-est``).
    title, subtitle : str
        Header lines of the page.
    tenures : list of str
        The tenures the view stands for (so a count on the page can be checked against
        ``tmb mandates``).
    physics : bool
        Let vis-network stabilise the layout (then it is switched off); ``False`` when every
        node has ``x``/``y``.
    """

    name: str
    title: str
    subtitle: str = ""
    nodes: dict[str, VNode] = field(default_factory=dict)
    edges: list[VEdge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    physics: bool = True
    annotations: list[Annotation] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    collapsed: frozenset[Collapse] = frozenset()
    legend_extra: list[str] = field(default_factory=list)
    #: the tenures (membership ids) the view stands for, drawn or collapsed into an organisation
    tenures: list[str] = field(default_factory=list)
    _edge_keys: dict[tuple[str, str, str], int] = field(default_factory=dict, repr=False)

    def add_node(self, node: VNode) -> VNode:
        """Add ``node`` unless a node with its id exists; return the node kept."""
        if node.kind not in NODE_STYLES:
            raise TmbError(f"unknown node kind '{node.kind}' (add it to NODE_STYLES)")
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: VEdge) -> None:
        """Add ``edge``; a second edge with the same ends and relation adds its tooltip to the first."""
        if edge.relation not in EDGE_STYLES:
            raise TmbError(f"unknown relation '{edge.relation}' (add it to EDGE_STYLES)")
        if edge.source not in self.nodes or edge.target not in self.nodes:
            raise TmbError(f"edge {edge.source} → {edge.target}: both ends must be drawn first")
        key = (edge.source, edge.target, edge.relation)
        if key in self._edge_keys:
            first = self.edges[self._edge_keys[key]]
            if edge.tooltip and edge.tooltip not in first.tooltip:
                first.tooltip += "\n\n" + edge.tooltip
            return
        self._edge_keys[key] = len(self.edges)
        self.edges.append(edge)

    def uses_physics(self) -> bool:
        """Physics runs when asked for, or when some node has no position of its own."""
        return self.physics or any(n.x is None or n.y is None for n in self.nodes.values())

    def has(self, nid: str) -> bool:
        return nid in self.nodes

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.edges)

    def kinds(self) -> list[str]:
        """Node kinds drawn, in :data:`NODE_STYLES` order."""
        used = {n.kind for n in self.nodes.values()}
        return [k for k in NODE_STYLES if k in used]

    def relations(self) -> list[str]:
        """Relations drawn, in :data:`EDGE_STYLES` order."""
        used = {e.relation for e in self.edges}
        return [r for r in EDGE_STYLES if r in used]


def fit_to_budget(
    build: Callable[[frozenset[Collapse]], ViewGraph],
    max_nodes: int = MAX_NODES,
    ladder: tuple[Collapse, ...] = LADDER,
) -> ViewGraph:
    """Build a view with the fewest aggregation steps that leave at most ``max_nodes`` nodes.

    Parameters
    ----------
    build : callable
        ``build(collapsed)`` returns the view with those :class:`Collapse` steps applied.
    max_nodes : int
        Ceiling on drawn nodes.
    ladder : tuple of Collapse
        The steps in the order they are tried (each adds to the ones before).

    Returns
    -------
    ViewGraph
        With ``collapsed`` set and a note saying what was collapsed and why. When even the last
        step leaves more than ``max_nodes`` nodes, that coarsest view is returned.
    """
    collapsed: frozenset[Collapse] = frozenset()
    view = build(collapsed)
    full_size = view.node_count
    for step in ladder:
        if view.node_count <= max_nodes:
            break
        collapsed = collapsed | {step}
        view = build(collapsed)
    view.collapsed = collapsed
    if collapsed:
        steps = "; ".join(step.value for step in ladder if step in collapsed)
        view.notes.insert(
            0,
            f"Simplified to stay readable ({full_size} nodes in full detail, limit {max_nodes}): {steps}.",
        )
    return view


def join_lines(items: Iterable[str], limit: int = 12) -> str:
    """Up to ``limit`` items, one per line, then "… and N more"."""
    items = list(items)
    shown = items[:limit]
    more = len(items) - len(shown)
    return "\n".join([*(f"• {i}" for i in shown), *([f"… and {more} more"] if more > 0 else [])])
