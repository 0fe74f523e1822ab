"""``tmb export ttl``: the built graph as Turtle (see :mod:`tmb_graph.readwrite.exporters.rdf`).

>>> EXPORTER.output, EXPORTER.default_name
('file', 'graph.ttl')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions
from tmb_graph.readwrite.exporters.rdf import write_rdf

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the built graph as Turtle to ``path``."""
    return write_rdf(ws, path, "ttl")


EXPORTER = Exporter(
    "ttl", "Turtle with the project's prefixes, as the build writes graph.ttl", "file", "graph.ttl", write
)
