"""``tmb export graphml``: the graph as GraphML for yEd, Cytoscape and networkx.

>>> EXPORTER.output, EXPORTER.default_name
('file', 'tmb.graphml')
"""

from __future__ import annotations

from tmb_graph.readwrite.exporters.network_file import network_file_exporter

EXPORTER = network_file_exporter(
    "graphml", "GraphML", "GraphML (yEd, Cytoscape): types, labels and dates as attributes"
)
