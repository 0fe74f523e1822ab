"""Export the built graph in a format for other tools (``tmb export-graph FORMAT FILE``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from tmb_graph.errors import TmbError
from tmb_graph.io import write_file
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.readwrite.gexf import gexf_bytes
from tmb_graph.readwrite.graphml import graphml_bytes
from tmb_graph.readwrite.select import select

FORMATS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {"graphml": graphml_bytes, "gexf": gexf_bytes}


def export_graph(
    graph_dir: Path,
    fmt: str,
    path: Path,
    g: nx.MultiDiGraph | None = None,
    *,
    provenance: bool = True,
    projection: str | None = None,
    at: dt.date | None = None,
) -> Path:
    """Write the projection of the graph built in ``graph_dir`` to ``path`` as ``fmt``.

    Parameters
    ----------
    graph_dir : Path
        A build directory (``tmb build``), read unless ``g`` is given.
    fmt : str
        ``graphml`` or ``gexf``.
    path : Path
        The file to write: ``-`` for standard output, a device such as ``/dev/null``, or a file
        (replaced atomically); see :func:`tmb_graph.io.write_file`.
    provenance, projection, at
        What the file holds (:func:`tmb_graph.readwrite.select.select`): without the
        provenance edges and source nodes, the ``org-body`` or ``person-body`` two-mode
        network, the graph as it stood on a day.

    Raises
    ------
    TmbError
        For an unknown format or a missing build; :class:`tmb_graph.io.OutputError` for a
        folder, a FIFO, or a file inside the graph folder.

    Examples
    --------
    >>> export_graph(Path("build/graph"), "gexf", Path("build/exports/tmb.gexf"))   # doctest: +SKIP
    PosixPath('build/exports/tmb.gexf')
    """
    if fmt not in FORMATS:
        raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    g = load_projection(graph_dir) if g is None else g
    h = select(g, provenance=provenance, projection=projection, at=at)
    return write_file(path, FORMATS[fmt](h), "export-graph", reads=(graph_dir,))
