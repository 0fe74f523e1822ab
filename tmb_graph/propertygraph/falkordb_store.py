"""The embedded Cypher store: the property graph loaded into a private FalkorDB server.

Queries run with ``GRAPH.RO_QUERY`` (the server refuses writes) unless the caller allows
updates. FalkorDB speaks most of openCypher; what it lacks and the shared question library
therefore avoids: ``CREATE (n $map)``, ``shortestPath`` inside ``MATCH`` (only in ``WITH``/
``RETURN``), ``EXISTS { }`` subqueries, temporal functions such as ``datetime()``/``date()``
on strings, and ``CREATE CONSTRAINT`` (indexes only). Dates are ISO strings in the property
graph, so comparisons like ``m.start_earliest <= $at`` work the same on every engine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.propertygraph.falkordb_server import FalkorServer, falkordb_server
from tmb_graph.propertygraph.mapping import PropertyGraph
from tmb_graph.propertygraph.statements import DEFAULT_BATCH, batches, index_statements
from tmb_graph.query.params import ParamValue, cypher_value
from tmb_graph.query.result import QueryResult

GRAPH = "tmb"


def _plain(value: Any) -> Any:
    """Nodes, edges and paths of the client as plain dicts and lists."""
    from falkordb import Edge, Node, Path

    if isinstance(value, Node):
        return {"labels": list(value.labels or []), **(value.properties or {})}
    if isinstance(value, Edge):
        return {"type": value.relation, **(value.properties or {})}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class FalkorStore:
    """A loaded FalkorDB graph on a running private server.

    Examples
    --------
    >>> with falkordb_store(pg) as store:                                 # doctest: +SKIP
    ...     store.query("MATCH (b:Body {kind: 'work_group'}) RETURN count(b) AS n").rows
    [(7,)]
    """

    def __init__(self, server: FalkorServer) -> None:
        from falkordb import FalkorDB

        self.server = server
        self.db = FalkorDB(unix_socket_path=str(server.socket_path))
        self.graph = self.db.select_graph(GRAPH)
        self.load_seconds = 0.0

    def load(self, pg: PropertyGraph, batch_size: int = DEFAULT_BATCH) -> int:
        """Create the indexes, then write every batch; return the number of batches."""
        started = time.perf_counter()
        for statement in index_statements():
            self.graph.query(statement)
        n = 0
        for batch in batches(pg, batch_size):
            self.graph.query(batch.statement, {"rows": batch.rows})
            n += 1
        self.load_seconds = time.perf_counter() - started
        return n

    def query(self, text: str, params: dict[str, ParamValue] | None = None, allow_update: bool = False) -> QueryResult:
        """Run Cypher with bound parameters; read-only unless ``allow_update``.

        Raises
        ------
        TmbError
            For a write without ``allow_update`` (the server's read-only check), or a Cypher
            error (the engine's message).
        """
        from redis.exceptions import ResponseError

        values = {k: cypher_value(v) for k, v in (params or {}).items()}
        try:
            result = self.graph.query(text, values) if allow_update else self.graph.ro_query(text, values)
        except ResponseError as exc:
            message = str(exc)
            if "read-only" in message:
                raise TmbError(
                    "this Cypher statement writes; queries run read-only — pass --allow-update "
                    "to change the embedded copy"
                ) from None
            raise TmbError(f"Cypher error: {message}") from None
        columns = [str(h[1]) for h in (result.header or [])]
        rows = [tuple(_plain(v) for v in row) for row in (result.result_set or [])]
        return QueryResult(columns, rows)


@contextmanager
def falkordb_store(pg: PropertyGraph, batch_size: int = DEFAULT_BATCH) -> Iterator[FalkorStore]:
    """Start a private server, load ``pg`` into it, yield the store, stop the server."""
    with falkordb_server() as server:
        store = FalkorStore(server)
        try:
            store.load(pg, batch_size)
        except Exception as exc:  # the server's own error, with the context a user needs
            raise StoreError(f"loading the property graph into FalkorDB failed: {exc}") from exc
        yield store
