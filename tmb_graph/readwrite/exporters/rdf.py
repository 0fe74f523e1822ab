"""The built graph as RDF text, as ``tmb build`` writes it: what the Turtle, N-Triples and JSON-LD exporters share.

The graph is the build's (``graph.nt`` read back), serialised by the build's own deterministic
writers (:mod:`tmb_graph.rdf.serialize`) with the project's prefixes and the programme's
``data:`` namespace (from the build's ``summary.json``), so ``tmb export ttl`` gives the bytes of
the build's ``graph.ttl``. JSON-LD carries its context inline: the file stands alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.readwrite.exporters.base import Exported

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace


def data_namespace(graph_dir: Path) -> str | None:
    """The programme's data namespace recorded by the build (``summary.json``), or ``None``.

    >>> data_namespace(Path("/nonexistent")) is None
    True
    """
    try:
        summary = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    namespace = summary.get("namespace") if isinstance(summary, dict) else None
    return str(namespace) if namespace else None


def write_rdf(ws: Workspace, path: Path, syntax: str) -> Exported:
    """Write the built graph to ``path`` as ``ttl``, ``nt`` or ``jsonld``."""
    from rdflib import Graph

    from tmb_graph.io import write_file
    from tmb_graph.rdf.namespaces import bind_prefixes
    from tmb_graph.rdf.serialize import to_jsonld, to_ntriples, to_turtle

    namespace = data_namespace(ws.graph_dir)
    if syntax == "nt":
        text = to_ntriples(ws.rdf)
    elif syntax == "jsonld":
        text = to_jsonld(ws.rdf, namespace, context_ref=None)
    else:  # the shared graph is read-only: the prefixes are bound on a copy
        graph = bind_prefixes(Graph(), namespace)
        graph += ws.rdf
        text = to_turtle(graph)
    out = write_file(path, text.encode("utf-8"), f"export {syntax}", reads=(ws.graph_dir,))
    return Exported(out, "file", f"{len(ws.rdf)} triples")
