"""GEXF export (Gephi): ``tmb export-graph gexf FILE``.

Besides the flattened attributes (:mod:`~tmb_graph.readwrite.attributes`), every node with a
date gets GEXF's own ``start`` / ``end`` (the earliest ISO day each may denote), so Gephi's
timeline can play the tenures and activities; nodes without dates are present throughout.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from tmb_graph.io import atomic_write_bytes
from tmb_graph.readwrite.attributes import flatten


def gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """The projection as GEXF 1.2 with a date timeline."""
    h = flatten(g)
    for _, data in h.nodes(data=True):
        start, end = data.get("start_earliest"), data.get("end_earliest")
        if isinstance(start, str) and start:
            data["start"] = start[:10]
        if isinstance(end, str) and end and (not isinstance(start, str) or end[:10] >= start[:10]):
            data["end"] = end[:10]
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


def write_gexf(g: nx.MultiDiGraph, path: Path) -> Path:
    """Write the projection ``g`` to ``path`` as GEXF, atomically.

    Examples
    --------
    >>> write_gexf(load_projection(Path("build")), Path("build/graph.gexf"))  # doctest: +SKIP
    """
    atomic_write_bytes(path, gexf_bytes(g))
    return path
