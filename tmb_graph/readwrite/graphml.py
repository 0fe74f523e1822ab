"""GraphML export (yEd, Cytoscape, Gephi): ``tmb export-graph graphml FILE``."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from tmb_graph.io import atomic_write_bytes
from tmb_graph.readwrite.attributes import flatten


def graphml_bytes(g: nx.MultiDiGraph) -> bytes:
    """The projection as GraphML (attributes flattened, see :mod:`~tmb_graph.readwrite.attributes`)."""
    buf = io.BytesIO()
    nx.write_graphml(flatten(g), buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def write_graphml(g: nx.MultiDiGraph, path: Path) -> Path:
    """Write the projection ``g`` to ``path`` as GraphML, atomically.

    Examples
    --------
    >>> write_graphml(load_projection(Path("build")), Path("build/graph.graphml"))  # doctest: +SKIP
    >>> nx.read_graphml("build/graph.graphml").number_of_nodes()                     # doctest: +SKIP
    581
    """
    atomic_write_bytes(path, graphml_bytes(g))
    return path
