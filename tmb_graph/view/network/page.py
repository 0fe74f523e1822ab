"""A view as one offline HTML page: pyvis draws it, the page gets a header and legend, nothing is fetched.

:func:`render_html` draws a :class:`~tmb_graph.view.network.graph.ViewGraph` with pyvis
(vis-network inlined), removes the remote links pyvis leaves in its template, adds a header and a
legend of the kinds and relations drawn, and checks with :func:`assert_offline` that the page
fetches nothing; :func:`write_view` writes it atomically.

Examples
--------
>>> remote_references('<script src="https://cdn.example/vis.js"></script>')
['https://cdn.example/vis.js']
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tmb_graph.errors import TmbError
from tmb_graph.io import atomic_write_text
from tmb_graph.view.network.assets import PAGE_CSS, PAGE_JS
from tmb_graph.view.network.graph import Collapse, VEdge, ViewGraph, VNode
from tmb_graph.view.network.style import EDGE_STYLES, NODE_STYLES, EdgeStyle, NodeStyle

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
        f"<style>{PAGE_CSS}</style>\n"
        f"<script>window.TMB_PHYSICS = {json.dumps(view.uses_physics())};\n"
        f"window.TMB_DECORATIONS = {_script_json(decorations)};\n{PAGE_JS}</script>\n"
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
