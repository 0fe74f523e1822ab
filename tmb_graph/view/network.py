"""What every network view shares: the view graph, styles, the legend and the offline HTML writer.

A view is built in two steps. A view module (``organisation``, ``workgroup``, ``ideal``,
``continuum``) reads the projection and returns a :class:`ViewGraph` — nodes with a *kind* and
edges with a *relation*, each with a plain-text tooltip. :func:`render_html` then draws it with
pyvis (``cdn_resources="in_line"``: vis-network's JavaScript and CSS are inlined), removes the
remote links pyvis leaves in its template (Bootstrap), adds a header and a legend built from the
kinds and relations actually drawn, and checks that the page fetches nothing from the network
(:func:`assert_offline`).

Colour and shape encode the node kind (:data:`NODE_STYLES`); colour, width and dash pattern
encode the relation (:data:`EDGE_STYLES`). Views with physics let vis-network stabilise the
layout, then turn physics off so the picture stays still; views with a designed layout (ideal,
continuum) place every node themselves.

Large graphs are aggregated, never drawn as a hairball: :func:`fit_to_budget` rebuilds a view
with more and more :class:`Collapse` steps (sub-activities into their activity, activities into
one node per body and outcome, recipients per body, persons into their organisation,
organisations into one node per type) until it has at most ``max_nodes`` nodes, and says in the
view what it collapsed.
"""

from __future__ import annotations

import enum
import html
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmb_graph.errors import TmbError
from tmb_graph.io import atomic_write_text

#: default ceiling on drawn nodes before a view aggregates
MAX_NODES = 150


@dataclass(frozen=True)
class NodeStyle:
    """How a node kind is drawn and named in the legend."""

    shape: str
    colour: str
    border: str
    legend: str
    font_colour: str = "#1a1a1a"
    size: int = 14
    dashed: bool = False
    label_inside: bool = False


@dataclass(frozen=True)
class EdgeStyle:
    """How a relation is drawn and named in the legend."""

    colour: str
    legend: str
    width: float = 1.5
    dashes: tuple[int, ...] = ()
    arrow: bool = True
    curved: bool = False


#: node kinds. Bodies are boxes (label inside), organisations diamonds, persons dots,
#: activities squares, recipients triangles, goals stars; grouped nodes are pale boxes.
NODE_STYLES: dict[str, NodeStyle] = {
    "programme": NodeStyle("box", "#1f3b73", "#10203f", "programme", "#ffffff", label_inside=True),
    "steering_group": NodeStyle("box", "#a50f15", "#67000d", "steering group", "#ffffff", label_inside=True),
    "startup_group": NodeStyle("box", "#8c6d31", "#5b4520", "start-up group", "#ffffff", label_inside=True),
    "work_group": NodeStyle("box", "#0072b2", "#004a75", "work group", "#ffffff", label_inside=True),
    "other_body": NodeStyle(
        "box", "#e5e5e5", "#8a8a8a", "network, project or forum outside the programme", label_inside=True
    ),
    "org_state": NodeStyle("diamond", "#e69f00", "#9a6a00", "organisation: state agency, police, region"),
    "org_municipal": NodeStyle("diamond", "#56b4e9", "#23739f", "organisation: municipality or municipal body"),
    "org_other": NodeStyle("diamond", "#cc79a7", "#8b4673", "organisation: business, civil society, research"),
    "person": NodeStyle("dot", "#4d4d4d", "#1a1a1a", "representative (a person, pseudonymous)", size=9),
    "activity_done": NodeStyle("square", "#009e73", "#00684c", "activity that took place", size=10),
    "activity_not_done": NodeStyle(
        "square", "#ffffff", "#d55e00", "planned activity that did not take place", size=10, dashed=True
    ),
    "target_group": NodeStyle("triangle", "#9467bd", "#5e3c7e", "target group (recipients)", size=12),
    "goal_met": NodeStyle("star", "#f0e442", "#8a7f00", "goal: fulfilled", size=16),
    "goal_not_met": NodeStyle("star", "#ffffff", "#d55e00", "goal: not (fully) fulfilled", size=16, dashed=True),
    "activities_grouped": NodeStyle(
        "box", "#d4efe6", "#009e73", "activities, grouped (count inside)", label_inside=True
    ),
    "recipients_grouped": NodeStyle(
        "box", "#e8def3", "#9467bd", "recipients, grouped (count inside)", label_inside=True
    ),
    "organisations_grouped": NodeStyle(
        "box", "#fbe8c3", "#e69f00", "organisations, grouped by type (count inside)", label_inside=True
    ),
    # the ideal-type view
    "ideal_layer": NodeStyle(
        "box", "#f2f2f2", "#4d4d4d", "layer of the ideal-type organisation (§3.4)", label_inside=True
    ),
    "missing_layer": NodeStyle(
        "box",
        "#fff0f0",
        "#d7191c",
        "MISSING: ideal layer with no real counterpart",
        "#b30000",
        dashed=True,
        label_inside=True,
    ),
    "extra_role": NodeStyle("box", "#fff7d6", "#b38f00", "real role with no ideal counterpart", label_inside=True),
    # the continuum view (colour = the involvement the source records)
    "recipient_co_creator": NodeStyle("dot", "#009e73", "#00684c", "recipient recorded as co-creator", size=12),
    "recipient_participant": NodeStyle("dot", "#e69f00", "#9a6a00", "recipient recorded as participant", size=12),
    "recipient_passive": NodeStyle("dot", "#8c8c8c", "#4d4d4d", "recipient recorded as passive recipient", size=12),
    "recipient_unknown": NodeStyle(
        "dot", "#ffffff", "#4d4d4d", "recipient, involvement not recorded", size=12, dashed=True
    ),
}

#: relations between drawn nodes (view-level: a seat is drawn as one edge person → body)
EDGE_STYLES: dict[str, EdgeStyle] = {
    "part_of": EdgeStyle("#7f7f7f", "body is part of (programme)", 2.0),
    "unit_of": EdgeStyle("#b0b0b0", "organisational unit of", 1.0, (2, 3)),
    "signed": EdgeStyle("#1f3b73", "signed the programme declaration", 1.5, (8, 4)),
    "convened": EdgeStyle("#b35806", "convenes (leads) the body", 2.0, (2, 4)),
    "seat": EdgeStyle("#0072b2", "holds a seat in (role, tenure in tooltip)", 1.5),
    "seats": EdgeStyle("#0072b2", "has representatives in (persons collapsed)", 3.0),
    "represents": EdgeStyle("#9a9a9a", "represents (seat held on behalf of)", 1.0, (3, 3)),
    "replaced": EdgeStyle("#d7191c", "took over the seat from (replacement)", 2.5, curved=True),
    "activity_of": EdgeStyle("#009e73", "activity of", 1.0),
    "sub_activity": EdgeStyle("#66c2a5", "part of activity", 1.0, (4, 3)),
    "organised": EdgeStyle("#e69f00", "co-organised", 1.0, (1, 3)),
    "reached": EdgeStyle("#9467bd", "reached (involvement in tooltip)", 1.5),
    "goal_of": EdgeStyle("#8a7f00", "goal of", 1.5, (6, 3)),
    "reports_to": EdgeStyle("#4d4d4d", "reports to (ideal chain of authority)", 2.0),
    "realised_by": EdgeStyle("#2ca02c", "ideal layer realised by", 2.0, (6, 4), arrow=False),
    "not_realised": EdgeStyle("#d7191c", "ideal layer NOT realised", 2.5, (6, 4), arrow=False),
    "distance": EdgeStyle("#9467bd", "shortest path work group → recipient (distance in tooltip)", 1.2),
}


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


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: #1a1a1a; background: #ffffff; }
body { display: grid; grid-template-columns: minmax(0, 1fr) 300px; grid-template-rows: auto minmax(0, 1fr);
  height: 100vh; overflow: hidden; }
#tmb-header { grid-column: 1 / span 2; grid-row: 1; padding: 8px 14px 6px 14px; border-bottom: 1px solid #d0d0d0;
  background: #f7f7f7; }
#tmb-header h1 { font-size: 20px; margin: 0 0 2px 0; }
#tmb-header p { margin: 2px 0; font-size: 13px; color: #444; }
#tmb-header p.tmb-note { color: #8a3b00; }
body > .card { grid-column: 1; grid-row: 2; min-height: 0; height: 100%; border: 0 !important; }
#mynetwork { width: 100% !important; height: 100% !important; border: 0 !important; float: none !important; }
#tmb-legend { grid-column: 2; grid-row: 2; overflow-y: auto; border-left: 1px solid #d0d0d0; padding: 10px 12px;
  font-size: 12.5px; background: #fcfcfc; }
#tmb-legend h2 { font-size: 14px; margin: 10px 0 6px 0; }
#tmb-legend h2:first-child { margin-top: 0; }
#tmb-legend ul { list-style: none; margin: 0; padding: 0; }
#tmb-legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; line-height: 1.25; }
#tmb-legend li svg { flex: 0 0 auto; }
#tmb-legend p { margin: 6px 0; color: #444; }
#loadingBar { display: none !important; }
div.vis-tooltip { white-space: normal !important; max-width: 460px; font-family: inherit !important;
  font-size: 12.5px !important; background: #fffff4 !important; border: 1px solid #999 !important;
  padding: 6px 8px !important; box-shadow: 2px 2px 6px rgba(0,0,0,.2); }
.tmb-tip { white-space: pre-line; }
.tmb-tip b { display: block; margin-bottom: 2px; }
center:empty, center > h1:empty { display: none; }
"""

_PAGE_JS = r"""
window.tmbReady = false;
function tmbTip(text) {
  var box = document.createElement('div');
  box.className = 'tmb-tip';
  var lines = String(text).split('\n');
  var head = document.createElement('b');
  head.textContent = lines.shift();
  box.appendChild(head);
  box.appendChild(document.createTextNode(lines.join('\n')));
  return box;
}
function tmbPrepare(nodes, edges) {
  var n = [];
  nodes.forEach(function (item) { if (item.tip) { n.push({id: item.id, title: tmbTip(item.tip)}); } });
  nodes.update(n);
  var e = [];
  edges.forEach(function (item) { if (item.tip) { e.push({id: item.id, title: tmbTip(item.tip)}); } });
  edges.update(e);
}
function tmbAfterDraw(network) {
  var deco = window.TMB_DECORATIONS || {bands: [], annotations: []};
  network.on('beforeDrawing', function (ctx) {
    deco.bands.forEach(function (b) {
      ctx.fillStyle = b.colour;
      ctx.fillRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      if (b.outline) { ctx.strokeStyle = b.outline; ctx.lineWidth = 1; ctx.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0); }
    });
    deco.annotations.forEach(function (a) {
      ctx.font = (a.bold ? 'bold ' : '') + a.size + 'px "DejaVu Sans", Arial, sans-serif';
      ctx.fillStyle = a.colour;
      ctx.textAlign = a.align;
      ctx.textBaseline = 'middle';
      String(a.text).split('\n').forEach(function (line, i) { ctx.fillText(line, a.x, a.y + i * a.size * 1.25); });
    });
  });
  var done = function () {
    network.setOptions({physics: {enabled: false}});
    var held = network.body.data.nodes.getIds({filter: function (n) { return n.fixed; }});
    network.body.data.nodes.update(held.map(function (id) { return {id: id, fixed: false}; }));
    tmbFit(network, deco);
    window.tmbReady = true;
    document.body.setAttribute('data-tmb-ready', 'true');
  };
  if (window.TMB_PHYSICS) {
    network.once('stabilizationIterationsDone', done);
  } else {
    network.once('afterDrawing', done);
    network.redraw();
  }
}
function tmbFit(network, deco) {
  // fit the nodes and the painted bands and texts, which vis-network's fit() does not know about
  if (!deco.bands.length && !deco.annotations.length) { network.fit({animation: false}); return; }
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  var grow = function (a, b, c, d) { x0 = Math.min(x0, a); y0 = Math.min(y0, b); x1 = Math.max(x1, c); y1 = Math.max(y1, d); };
  network.body.nodeIndices.forEach(function (id) {
    var box = network.getBoundingBox(id);
    grow(box.left, box.top, box.right, box.bottom);
  });
  deco.bands.forEach(function (b) { grow(b.x0, b.y0, b.x1, b.y1); });
  deco.annotations.forEach(function (a) {
    var w = String(a.text).length * a.size * 0.58;
    var left = a.align === 'left' ? a.x : (a.align === 'right' ? a.x - w : a.x - w / 2);
    grow(left, a.y - a.size, left + w, a.y + a.size * 1.25 * String(a.text).split('\n').length);
  });
  var canvas = network.canvas.frame.canvas;
  var w = canvas.clientWidth || 800, h = canvas.clientHeight || 600;
  var scale = Math.min(w / (x1 - x0 + 40), h / (y1 - y0 + 40));
  network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: scale, animation: false});
}
function tmbCounts() {
  return {
    nodes: network.body.data.nodes.length,
    edges: network.body.data.edges.length,
    drawnNodes: network.body.nodeIndices.length,
    drawnEdges: network.body.edgeIndices.length
  };
}
"""

_FETCH = re.compile(
    r"""(?ix)
    (?:\b(?:src|href|srcset|poster|data|action|background)\s*=\s*["']?\s*(?:https?:)?//)  # attributes
    | (?:url\(\s*["']?\s*(?:https?:)?//)                                                  # CSS url()
    | (?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)                                   # CSS @import
    """
)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']https?://[^>]*>", re.I)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>\s*</script>", re.I | re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)


def remote_references(text: str) -> list[str]:
    """The URL of every place in an HTML page that would fetch from the network (script, link,
    image, font, CSS import).

    Examples
    --------
    >>> remote_references('<link href="https://cdn.example/x.css"><img src="data:image/png;base64,AA">')
    ['https://cdn.example/x.css']
    """
    found = []
    for match in _FETCH.finditer(text):
        prefix = match.group(0)
        start = prefix.lower().find("http") if "http" in prefix.lower() else prefix.find("//")
        tail = re.split(r"[\s\"'>)]", text[match.end() : match.end() + 200], maxsplit=1)[0]
        found.append(prefix[start:] + tail)
    return found


def assert_offline(text: str, what: str = "page") -> None:
    """Raise :class:`TmbError` when the page references anything on the network."""
    remote = remote_references(text)
    if remote:
        raise TmbError(f"{what} would fetch from the network: {', '.join(remote[:5])}")


def _svg_node(style: NodeStyle) -> str:
    c, b = html.escape(style.colour), html.escape(style.border)
    dash = ' stroke-dasharray="3,2"' if style.dashed else ""
    common = f'fill="{c}" stroke="{b}" stroke-width="1.5"{dash}'
    shape = {
        "box": f'<rect x="2" y="5" width="24" height="14" rx="3" {common}/>',
        "diamond": f'<polygon points="14,2 25,12 14,22 3,12" {common}/>',
        "dot": f'<circle cx="14" cy="12" r="7" {common}/>',
        "square": f'<rect x="7" y="5" width="14" height="14" {common}/>',
        "triangle": f'<polygon points="14,3 24,20 4,20" {common}/>',
        "star": f'<polygon points="14,2 16.9,9 24,9.5 18.5,14 20.3,21 14,17 7.7,21 9.5,14 4,9.5 11.1,9" {common}/>',
    }.get(style.shape, f'<circle cx="14" cy="12" r="7" {common}/>')
    return f'<svg width="28" height="24" viewBox="0 0 28 24" aria-hidden="true">{shape}</svg>'


def _svg_edge(style: EdgeStyle) -> str:
    c = html.escape(style.colour)
    dash = f' stroke-dasharray="{",".join(str(d) for d in style.dashes)}"' if style.dashes else ""
    arrow = f'<polygon points="36,8 28,4 28,12" fill="{c}"/>' if style.arrow else ""
    line_end = 29 if style.arrow else 38
    return (
        f'<svg width="40" height="16" viewBox="0 0 40 16" aria-hidden="true">'
        f'<line x1="2" y1="8" x2="{line_end}" y2="8" stroke="{c}" stroke-width="{max(style.width, 1.2):g}"{dash}/>'
        f"{arrow}</svg>"
    )


def legend_html(view: ViewGraph) -> str:
    """The legend panel: node kinds and relations drawn in this view, then how to use the page."""
    parts = ['<aside id="tmb-legend" aria-label="Legend">', "<h2>Legend: nodes</h2><ul>"]
    for kind in view.kinds():
        style = NODE_STYLES[kind]
        parts.append(f'<li data-kind="{kind}">{_svg_node(style)}<span>{html.escape(style.legend)}</span></li>')
    parts.append("</ul>")
    if view.relations():
        parts.append("<h2>Legend: edges</h2><ul>")
        for rel in view.relations():
            edge_style = EDGE_STYLES[rel]
            parts.append(
                f'<li data-relation="{rel}">{_svg_edge(edge_style)}<span>{html.escape(edge_style.legend)}</span></li>'
            )
        parts.append("</ul>")
    for line in view.legend_extra:
        parts.append(f"<p>{html.escape(line)}</p>")
    parts.append(
        "<h2>How to read it</h2>"
        "<p>Hover a node or an edge for details: role, tenure, status and the section of the evaluation "
        "it rests on (§). Scroll to zoom, drag the background to pan, drag a node to move it.</p>"
        f'<p id="tmb-counts">{view.node_count} nodes, {view.edge_count} edges drawn.</p>'
        "</aside>"
    )
    return "".join(parts)


def header_html(view: ViewGraph) -> str:
    """The page header: title, subtitle and notes (what was simplified, dates)."""
    parts = ['<header id="tmb-header">', f"<h1>{html.escape(view.title)}</h1>"]
    if view.subtitle:
        parts.append(f"<p>{html.escape(view.subtitle)}</p>")
    for note in view.notes:
        parts.append(f'<p class="tmb-note">{html.escape(note)}</p>')
    parts.append("</header>")
    return "".join(parts)


def _vis_node(node: VNode) -> dict[str, Any]:
    style = NODE_STYLES[node.kind]
    colour = {
        "background": style.colour,
        "border": style.border,
        "highlight": {"background": style.colour, "border": "#000000"},
        "hover": {"background": style.colour, "border": "#000000"},
    }
    options: dict[str, Any] = {
        "color": colour,
        "tip": node.tooltip,
        "kind": node.kind,
        "borderWidth": 2.5 if style.dashed else 1.5,
        "font": {
            "color": style.font_colour if style.label_inside else "#1a1a1a",
            "size": 14 if style.label_inside else 13,
            "face": "DejaVu Sans, Arial, sans-serif",
            "strokeWidth": 0 if style.label_inside else 3,
            "strokeColor": "#ffffff",
            "multi": False,
        },
    }
    if node.kind == "missing_layer":
        options["borderWidth"] = 3
    if style.dashed:
        options["shapeProperties"] = {"borderDashes": [5, 4]}
    if style.label_inside:
        options["margin"] = 8
        options["widthConstraint"] = {"maximum": 190}
    else:
        options["size"] = node.size or style.size
    if node.x is not None and node.y is not None:
        options["x"] = node.x
        options["y"] = node.y
    if node.group:
        options["tmbGroup"] = node.group
    if node.fixed and node.x is not None:
        options["fixed"] = {"x": True, "y": True}
    return options


def _vis_edge(edge: VEdge) -> dict[str, Any]:
    style = EDGE_STYLES[edge.relation]
    options: dict[str, Any] = {
        "tip": edge.tooltip,
        "relation": edge.relation,
        "color": {"color": style.colour, "highlight": "#000000", "hover": "#000000", "opacity": 0.9},
        "width": edge.width or style.width,
        "dashes": list(style.dashes) if style.dashes else False,
        "arrows": {"to": {"enabled": style.arrow, "scaleFactor": 0.6}},
    }
    if style.curved:
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.45}
    if edge.label:
        options["label"] = edge.label
        options["font"] = {
            "size": 11,
            "color": "#333333",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "align": "middle",
        }
    return options


def vis_options(view: ViewGraph) -> dict[str, Any]:
    """The vis-network options of a view (physics for force layouts, none for designed ones)."""
    options: dict[str, Any] = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}, "selectionWidth": 1.5},
        "nodes": {"shadow": False},
        "layout": {"randomSeed": 7, "improvedLayout": view.node_count <= 150},
    }
    if view.uses_physics():
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        }
    else:
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": False}
    return options


def render_html(view: ViewGraph) -> str:
    """Draw ``view`` as one self-contained HTML page (pyvis, vis-network inlined, no network).

    Raises
    ------
    TmbError
        If pyvis's page changed so that the post-processing no longer applies, or the page still
        references the network.
    """
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node in view.nodes.values():
        style = NODE_STYLES[node.kind]
        net.add_node(node.id, label=node.label or " ", shape=style.shape, **_vis_node(node))
    for edge in view.edges:
        net.add_edge(edge.source, edge.target, **_vis_edge(edge))
    net.options = vis_options(view)
    page = str(net.generate_html())

    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    decorations = {
        "bands": [b.__dict__ for b in view.bands],
        "annotations": [a.__dict__ for a in view.annotations],
    }
    head = (
        f"<title>{html.escape(view.title)}</title>\n"
        f"<style>{_PAGE_CSS}</style>\n"
        f"<script>window.TMB_PHYSICS = {json.dumps(view.uses_physics())};\n"
        f"window.TMB_DECORATIONS = {_script_json(decorations)};\n{_PAGE_JS}</script>\n"
    )
    page = _replace_once(page, '<meta charset="utf-8">', '<meta charset="utf-8">\n' + head)
    page = _replace_once(page, "<body>", "<body>\n" + header_html(view) + legend_html(view))
    page = _replace_once(
        page,
        "network = new vis.Network(container, data, options);",
        "tmbPrepare(nodes, edges);\n                  network = new vis.Network(container, data, options);",
    )
    page = _replace_once(page, "drawGraph();\n", "drawGraph();\n              tmbAfterDraw(network);\n")
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    assert_offline(page, f"view '{view.name}'")
    return page


def _script_json(value: object) -> str:
    """JSON safe to put inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _replace_once(page: str, old: str, new: str) -> str:
    if page.count(old) != 1:
        raise TmbError(f"the pyvis page template changed: expected one '{old.strip()}', found {page.count(old)}")
    return page.replace(old, new, 1)


@dataclass(frozen=True)
class WrittenView:
    """A view written to disk, with what it drew and how long it took."""

    name: str
    path: Path
    title: str
    nodes: int
    edges: int
    collapsed: frozenset[Collapse]
    seconds: float


def write_view(view: ViewGraph, path: Path) -> WrittenView:
    """Render ``view`` and write it to ``path`` atomically.

    Returns
    -------
    WrittenView
        Path, node and edge counts (what the page must show) and the render time.
    """
    started = time.perf_counter()
    page = render_html(view)
    atomic_write_text(path, page)
    return WrittenView(
        view.name, path, view.title, view.node_count, view.edge_count, view.collapsed, time.perf_counter() - started
    )


def join_lines(items: Iterable[str], limit: int = 12) -> str:
    """Up to ``limit`` items, one per line, then "… and N more"."""
    items = list(items)
    shown = items[:limit]
    more = len(items) - len(shown)
    return "\n".join([*(f"• {i}" for i in shown), *([f"… and {more} more"] if more > 0 else [])])
