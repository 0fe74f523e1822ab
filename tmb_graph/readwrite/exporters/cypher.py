"""``tmb export cypher``: the property graph as a plain Cypher script for ``cypher-shell -f FILE``.

>>> EXPORTER.output, EXPORTER.default_name
('file', 'load.cypher')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
    """Write the script (constraints, then ``MERGE`` batches) to ``path``."""
    from tmb_graph.propertygraph.export_cypher import export_cypher

    n = export_cypher(ws.property_graph, path, reads=(ws.graph_dir,))
    return Exported(path, "file", f"{n} statements")


EXPORTER = Exporter(
    "cypher",
    "A plain Cypher script for `cypher-shell -f FILE` (constraints, then MERGE batches)",
    "file",
    "load.cypher",
    write,
)
