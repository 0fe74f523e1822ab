"""What every network view shares: the view graph, styles, the legend and the offline HTML writer.

The parts live in :mod:`.style` (node and edge styles), :mod:`.graph` (the view graph and its
aggregation), :mod:`.page` (the offline HTML page) and :mod:`.assets` (its CSS and JavaScript);
their public names are importable from here too.

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

from tmb_graph.view.network.graph import (
    LADDER,
    MAX_NODES,
    Annotation,
    Band,
    Collapse,
    VEdge,
    ViewGraph,
    VNode,
    fit_to_budget,
    join_lines,
)
from tmb_graph.view.network.page import (
    WrittenView,
    assert_offline,
    header_html,
    legend_html,
    remote_references,
    render_html,
    vis_options,
    write_view,
)
from tmb_graph.view.network.style import EDGE_STYLES, NODE_STYLES, EdgeStyle, NodeStyle

__all__ = [
    "EDGE_STYLES",
    "LADDER",
    "MAX_NODES",
    "NODE_STYLES",
    "Annotation",
    "Band",
    "Collapse",
    "EdgeStyle",
    "NodeStyle",
    "VEdge",
    "VNode",
    "ViewGraph",
    "WrittenView",
    "assert_offline",
    "fit_to_budget",
    "header_html",
    "join_lines",
    "legend_html",
    "remote_references",
    "render_html",
    "vis_options",
    "write_view",
]
