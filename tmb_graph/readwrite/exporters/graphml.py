"""``tmb export graphml``: the graph as GraphML for yEd, Cytoscape and networkx.

>>> EXPORTER.output, EXPORTER.default_name
('file', 'tmb.graphml')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the projection (selected by ``options``) as GraphML to ``path``."""
    from tmb_graph.readwrite.export import export_graph

    g = ws.projection
    out = export_graph(
        ws.graph_dir, "graphml", path, g, provenance=options.provenance, projection=options.projection, at=options.at
    )
    return Exported(out, "file", "the graph as GraphML")


EXPORTER = Exporter(
    "graphml",
    "GraphML (yEd, Cytoscape): types, labels and dates as attributes",
    "file",
    "tmb.graphml",
    write,
    ("provenance", "projection", "at"),
)
