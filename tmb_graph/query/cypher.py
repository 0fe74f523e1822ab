"""``tmb query cypher``: Cypher over the built graph on the embedded FalkorDB store."""

from __future__ import annotations

from pathlib import Path

from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout
from tmb_graph.propertygraph.mapping import to_property_graph
from tmb_graph.query.falkordb_store import falkordb_store
from tmb_graph.query.guard import check_cypher
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.rdf.read import load_built_graph


def run_cypher(
    graph_dir: Path,
    text: str,
    params: dict[str, ParamValue] | None = None,
    allow_update: bool = False,
    allow_network: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Map the built graph, load it into a private FalkorDB, run one query, stop the server.

    The query is checked first (``LOAD CSV``, nesting: :func:`~tmb_graph.query.guard.check_cypher`),
    so a refused one starts nothing. The server's run directory is removed as soon as the graph
    is loaded, so not even a SIGKILL of the command leaves a trace.

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
    allow_network : bool
        Permit ``LOAD CSV FROM 'https://…'``.
    timeout : float
        Seconds the query may run.

    Returns
    -------
    QueryResult
    """
    check_timeout(timeout)
    check_cypher(text, allow_network, params)
    pg = to_property_graph(load_built_graph(graph_dir))
    with falkordb_store(pg, timeout=timeout, detach=True) as store:
        return store.query(text, params, allow_update, allow_network, timeout)
