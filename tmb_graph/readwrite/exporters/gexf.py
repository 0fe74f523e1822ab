"""``tmb export gexf``: the graph as GEXF for Gephi.

>>> EXPORTER.output, EXPORTER.default_name
('file', 'tmb.gexf')
"""

from __future__ import annotations

from tmb_graph.readwrite.exporters.network_file import network_file_exporter

EXPORTER = network_file_exporter("gexf", "GEXF", "GEXF (Gephi): types, labels and dates as attributes")
