"""``tmb export nt``: the built graph as N-Triples (see :mod:`tmb_graph.readwrite.exporters.rdf`).

>>> EXPORTER.output, EXPORTER.default_name
('file', 'graph.nt')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions
from tmb_graph.readwrite.exporters.rdf import write_rdf

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the built graph as N-Triples to ``path``."""
    return write_rdf(ws, path, "nt")


EXPORTER = Exporter("nt", "N-Triples, sorted, as the build writes graph.nt", "file", "graph.nt", write)
