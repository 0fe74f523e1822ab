"""``tmb export jsonld``: the built graph as JSON-LD (see :mod:`tmb_graph.readwrite.exporters.rdf`).

>>> EXPORTER.output, EXPORTER.default_name
('file', 'graph.jsonld')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions
from tmb_graph.readwrite.exporters.rdf import write_rdf

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the built graph as JSON-LD to ``path``."""
    return write_rdf(ws, path, "jsonld")


EXPORTER = Exporter(
    "jsonld", "JSON-LD with its context inline (one file that stands alone)", "file", "graph.jsonld", write
)
