"""What the GraphML and GEXF exporters share: the projection, selected by the options, written
as one file by :func:`tmb_graph.readwrite.export.export_graph` in the named format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported, Exporter, ExportOptions

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def network_file_exporter(fmt: str, label: str, title: str) -> Exporter:
    """An exporter writing the projection as ``fmt`` (``graphml`` or ``gexf``) to ``tmb.<fmt>``.

    >>> network_file_exporter("gexf", "GEXF", "GEXF (Gephi)").default_name
    'tmb.gexf'
    """

    def write(ws: Workspace, path: Path, options: ExportOptions) -> Exported:
        from tmb_graph.readwrite.export import export_graph

        out = export_graph(
            ws.graph_dir,
            fmt,
            path,
            ws.projection,
            provenance=options.provenance,
            projection=options.projection,
            at=options.at,
        )
        return Exported(out, "file", f"the graph as {label}")

    writer: Callable[[Workspace, Path, ExportOptions], Exported] = write
    return Exporter(fmt, title, "file", f"tmb.{fmt}", writer, ("provenance", "projection", "at"))
