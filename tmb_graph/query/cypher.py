"""``tmb query cypher``: Cypher over the built graph on the embedded FalkorDB store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tmb_graph.dataset import each_programme
from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout
from tmb_graph.paths import built_graph_file
from tmb_graph.propertygraph.mapping import PropertyGraph, load_property_graph
from tmb_graph.query.falkordb_store import falkordb_store
from tmb_graph.query.guard import check_cypher
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult

#: the FalkorDB graph a programme of a dataset is loaded into (beside the store's own)
PROGRAMME_GRAPH = "programme:{}"


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
    pg = load_property_graph(graph_dir)
    with falkordb_store(pg, timeout=timeout, detach=True) as store:
        return store.query(text, params, allow_update, allow_network, timeout)


def run_cypher_each(
    folders: Sequence[tuple[str, Path]],
    text: str,
    params: dict[str, ParamValue] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[QueryResult]:
    """Ask one read-only query of several builds (the programmes of a dataset) on one FalkorDB.

    Each build is mapped from its own ``graph.nt`` and loaded into a graph of its own
    (:data:`PROGRAMME_GRAPH`) on one private server, so each answer is the one that build
    alone gives (its plain ids), and the server starts once for all of them.

    Parameters
    ----------
    folders : sequence of (name, Path)
        A name for each build's graph and its folder (``programmes/NAME`` of a dataset build).
    text, params, timeout
        As for :func:`run_cypher` (read-only).

    Returns
    -------
    list of QueryResult
        One per folder, in order.

    Examples
    --------
    >>> run_cypher_each([("a", Path("build/graph/programmes/a"))], "MATCH (b:Body) RETURN count(b)")  # doctest: +SKIP
    [QueryResult(columns=['count(b)'], rows=[(11,)], ...)]
    """
    check_timeout(timeout)
    check_cypher(text, False, params)
    if not folders:
        return []
    for _, folder in folders:
        built_graph_file(folder)  # every folder a build, before the server starts
    with falkordb_store(PropertyGraph([], []), timeout=timeout, detach=True) as store:
        answers = []
        graphs = each_programme(load_property_graph, [folder for _, folder in folders])  # mapped in workers, in order
        for (name, _), pg in zip(folders, graphs, strict=True):
            graph = PROGRAMME_GRAPH.format(name)
            store.load(pg, graph=graph)
            answers.append(store.query(text, params, timeout=timeout, graph=graph))
        return answers
