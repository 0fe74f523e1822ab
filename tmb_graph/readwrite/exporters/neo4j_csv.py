"""``tmb export neo4j-csv``: the property graph as CSV files for ``neo4j-admin database import``.

>>> EXPORTER.output, EXPORTER.default_name
('folder', 'neo4j-import')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the import folder (CSV per label and type, ``import.sh``, ``constraints.cypher``)."""
    from tmb_graph.propertygraph.export_csv import export_neo4j_csv

    files = export_neo4j_csv(ws.property_graph, path, reads=(ws.graph_dir,))
    return Exported(path, "folder", f"{len(files)} files", f"run {path}/import.sh on the Neo4j server")


EXPORTER = Exporter(
    "neo4j-csv",
    "CSV files and the command for `neo4j-admin database import full` (national scale)",
    "folder",
    "neo4j-import",
    write,
)
