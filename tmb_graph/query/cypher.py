"""``tmb query cypher``: Cypher over the built graph on the embedded FalkorDB store."""

from __future__ import annotations

from pathlib import Path

from tmb_graph.propertygraph.falkordb_store import falkordb_store
from tmb_graph.propertygraph.mapping import to_property_graph
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.rdf.build import load_built_graph


def run_cypher(
    graph_dir: Path, text: str, params: dict[str, ParamValue] | None = None, allow_update: bool = False
) -> QueryResult:
    """Map the built graph, load it into a private FalkorDB, run one query, stop the server.

    Parameters
    ----------
    graph_dir : Path
        Output of ``tmb build`` (``graph.nt``).
    text : str
        Cypher; parameters as ``$name``.
    params : dict, optional
        Parameter values (bound by the driver, never spliced into the text).
    allow_update : bool
        Permit writes (they change the throw-away embedded copy only).

    Returns
    -------
    QueryResult
    """
    pg = to_property_graph(load_built_graph(graph_dir))
    with falkordb_store(pg) as store:
        return store.query(text, params, allow_update)
