"""Export the built graph in a format for other tools (``tmb export-graph FORMAT FILE``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from tmb_graph.analysis.projection import load_projection
from tmb_graph.errors import TmbError
from tmb_graph.readwrite.gexf import write_gexf
from tmb_graph.readwrite.graphml import write_graphml

FORMATS: dict[str, Callable[[nx.MultiDiGraph, Path], Path]] = {"graphml": write_graphml, "gexf": write_gexf}


def export_graph(graph_dir: Path, fmt: str, path: Path, g: nx.MultiDiGraph | None = None) -> Path:
    """Write the projection of the graph built in ``graph_dir`` to ``path`` as ``fmt``.

    Parameters
    ----------
    graph_dir : Path
        A build directory (``tmb build``), read unless ``g`` is given.
    fmt : str
        ``graphml`` or ``gexf``.
    path : Path
        The file to write (atomically).

    Raises
    ------
    TmbError
        For an unknown format or a missing build.
    """
    if fmt not in FORMATS:
        raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    g = load_projection(graph_dir) if g is None else g
    return FORMATS[fmt](g, path)
