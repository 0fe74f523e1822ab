"""The embedded Cypher store: the property graph loaded into a private FalkorDB server.

Queries run with ``GRAPH.RO_QUERY`` (the server refuses writes) unless the caller allows
updates. FalkorDB speaks most of openCypher; what it lacks and the shared question library
therefore avoids: ``CREATE (n $map)``, ``shortestPath`` inside ``MATCH`` (only in ``WITH``/
``RETURN``), ``EXISTS { }`` subqueries, temporal functions such as ``datetime()``/``date()``
on strings, and ``CREATE CONSTRAINT`` (indexes only). Dates are ISO strings in the property
graph, so comparisons like ``m.start_earliest <= $at`` work the same on every engine.

Every query is bounded (see :mod:`tmb_graph.query.falkordb_server`): the server stops
it at its deadline, and a watchdog kills the server one second later should the query not end
(FalkorDB's parser cannot be interrupted, nor some functions); the store then refuses further
queries. ``LOAD CSV`` and absurd nesting are refused before the server sees the query
(:func:`~tmb_graph.query.guard.check_cypher`).
"""

from __future__ import annotations

import contextlib
import gc
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT, QueryMemoryError, QueryTimeout, check_timeout, describe_memory
from tmb_graph.propertygraph.mapping import PropertyGraph
from tmb_graph.propertygraph.statements import DEFAULT_BATCH, batches, index_statements
from tmb_graph.query.falkordb_server import FalkorServer, falkordb_server
from tmb_graph.query.guard import check_cypher
from tmb_graph.query.params import ParamValue, cypher_value
from tmb_graph.query.result import QueryResult

GRAPH = "tmb"
#: seconds past its deadline a query may take before the server is killed
KILL_GRACE = 1.0


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a reply is read into Python objects.

    A large answer is hundreds of thousands of small lists and strings, none of them cyclic;
    each allocation threshold crossed starts a collection that walks them all again (half of
    the client's time for 20,000 rows). Resumed afterwards only if it was running before.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


#: map keys as the CYPHER header writes them, made once per key (the load's rows repeat a few dozen)
_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    try:
        return _KEYS[name]
    except KeyError:
        if not name or "`" in name or "\x00" in name:
            raise StoreError(
                f"cannot send a property or parameter named {name!r} to FalkorDB (empty, or with a backtick)"
            ) from None
        text = _KEYS[name] = f"`{name}`"
        return text


def cypher_literal(value: Any) -> str:
    r"""``value`` as a literal of FalkorDB's ``CYPHER name=value`` parameter header.

    The text the ``falkordb`` package writes for a parameter (strings in double quotes with
    ``\`` and ``"`` escaped and every other character as it is, map keys in backticks; booleans
    as ``true``/``false``), for the value types the property graph holds — strings, booleans,
    integers, floats, null, lists and maps — and several times faster: the batched load writes
    10^5-10^6 of them. A value stays data: a quote or a backslash cannot end its string.

    Raises
    ------
    StoreError
        For a string with a NUL character (FalkorDB's parser would end the query there), a map
        key it cannot read, or a value of another type.

    Examples
    --------
    >>> print(cypher_literal({"id": 'say "hi"', "n": [1, 2.5, True, None], "path": "C:\\tmp"}))
    {`id`:"say \"hi\"",`n`:[1,2.5,true,null],`path`:"C:\\tmp"}
    """
    kind = type(value)
    if kind is str:
        if "\\" in value or '"' in value:
            value = value.replace("\\", "\\\\").replace('"', '\\"')
        if "\x00" in value:
            raise StoreError(
                f"cannot send a string with a NUL character to FalkorDB (its parser would end the query there): {value[:80]!r}"
            )
        return f'"{value}"'
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return "null"
    if kind is dict:
        return "{" + ",".join([f"{_key(k)}:{cypher_literal(v)}" for k, v in value.items()]) + "}"
    if kind is list or kind is tuple:
        return "[" + ",".join([cypher_literal(v) for v in value]) + "]"
    raise StoreError(f"cannot send a value of type {kind.__name__} to FalkorDB: {value!r:.80}")


#: what the client already returns as plain values (most cells: checked first, without the imports below)
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """Nodes, edges and paths of the client as plain dicts and lists."""
    if type(value) in _SCALARS:
        return value
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


def params_header(values: dict[str, Any]) -> str:
    r"""The ``CYPHER `name`=value …`` header FalkorDB reads a query's parameters from.

    Written by :func:`cypher_literal`, as the batched load's rows are: one encoder for every value
    sent, so a quote or a backslash in a parameter cannot end its string.

    Examples
    --------
    >>> print(params_header({"org": 'a"b', "at": "2019-10-01"}) + "RETURN $org")
    CYPHER `org`="a\"b" `at`="2019-10-01" RETURN $org
    """
    if not values:
        return ""
    return "CYPHER " + " ".join(f"{_key(k)}={cypher_literal(v)}" for k, v in values.items()) + " "


def _scalar(graph: Any, kind: int, value: Any) -> Any:
    """A cell of a compact reply other than null, string, integer, boolean or double: nodes,
    edges, paths, lists, maps, points … read by the falkordb package, then made plain."""
    from falkordb.query_result import parse_scalar

    return _plain(parse_scalar([kind, value], graph))


def read_reply(graph: Any, reply: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and rows of a ``GRAPH.QUERY … --compact`` reply.

    The scalars an answer is made of (null, string, integer, boolean, double) are read here,
    in one loop; the falkordb package's reader, a few calls per cell, was half of the client's
    time for 20,000 rows (recipients_by_group over the national union, by hand: 336–361 →
    163–252 ms, the server's share ~150 ms). Every other kind of cell, and a reply with an error or without a
    result set (a write without RETURN), goes to the package's own reader, whose errors the
    caller handles.
    """
    from falkordb.query_result import QueryResult as Reply
    from redis.exceptions import ResponseError

    if len(reply) < 3 or isinstance(reply[0], ResponseError) or isinstance(reply[-1], ResponseError):
        result = Reply(graph, reply)  # raises the server's error, or has no rows
        columns = [str(h[1]) for h in (result.header or [])]
        return columns, [tuple(_plain(v) for v in row) for row in (result.result_set or [])]
    columns = [str(h[1]) for h in reply[0]]
    rows = []
    for record in reply[1]:
        cells: list[Any] = []
        add = cells.append
        for kind, value in record:
            # the kinds of FalkorDB's compact replies (falkordb.query_result.ResultSetScalarTypes)
            if kind == 2:
                add(value if type(value) is str else value.decode() if type(value) is bytes else str(value))
            elif kind == 3:
                add(int(value))
            elif kind == 1:
                add(None)
            elif kind == 4:
                add((value.decode() if type(value) is bytes else value) == "true")
            elif kind == 5:
                add(float(value))
            else:
                add(_scalar(graph, kind, value))
        rows.append(tuple(cells))
    return columns, rows


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
        self._stopped: str | None = None  # why the server was stopped, once it was

    def load(self, pg: PropertyGraph, batch_size: int = DEFAULT_BATCH, graph: str | None = None) -> int:
        """Create the indexes, then write every batch; return the number of batches.

        ``graph`` names another graph on the same server to load (a programme of a dataset,
        :mod:`tmb_graph.query.scope`); default: the store's own.
        """
        started = time.perf_counter()
        target = self.graph if graph is None else self.db.select_graph(graph)
        for statement in index_statements():
            target.query(statement)
        n = 0
        with _no_gc():  # the rows' literals are many small strings, none cyclic
            for batch in batches(pg, batch_size):
                # the header the falkordb package would write, by our own encoder (cypher_literal):
                # writing it was half of the client's time
                target.query(params_header({"rows": batch.rows}) + batch.statement)
                n += 1
        self.load_seconds = time.perf_counter() - started
        return n

    def query(
        self,
        text: str,
        params: dict[str, ParamValue] | None = None,
        allow_update: bool = False,
        allow_network: bool = False,
        timeout: float | None = None,
        graph: str | None = None,
    ) -> QueryResult:
        """Run Cypher with bound parameters; read-only unless ``allow_update``; bounded.

        Parameters
        ----------
        text : str
            Cypher; parameters as ``$name``.
        params : dict, optional
            Parameter values, sent in the query's ``CYPHER`` header as data written by
            :func:`cypher_literal` (never spliced into the text).
        allow_update : bool
            Permit writes (they change the embedded copy only).
        allow_network : bool
            Permit ``LOAD CSV FROM 'https://…'`` (refused before anything is sent otherwise).
        timeout : float, optional
            Seconds the query may run (default: the server's ``TIMEOUT_MAX``, at most that).
        graph : str, optional
            Another graph on the server to ask (one :meth:`load` made); default: the store's own.

        Raises
        ------
        QueryTimeout
            When the query runs past ``timeout`` (if it does not stop, the server is killed).
        QueryMemoryError
            When the query needs more than the server's memory bound.
        StoreError
            When the server died during the query (its log's last line is quoted), or for a
            parameter FalkorDB cannot take (a NUL character, a name with a backtick, another
            type), refused before anything is sent.
        TmbError
            For a write without ``allow_update`` (the server's read-only check), a refused
            ``LOAD CSV`` or nesting, or a Cypher error (the engine's message).
        """
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        if self._stopped is not None:
            raise StoreError(f"this FalkorDB store was stopped ({self._stopped}); open a new one")
        limit = min(check_timeout(timeout if timeout is not None else self.server.timeout), self.server.timeout)
        check_cypher(text, allow_network, params)
        # written before the watchdog starts: a parameter it refuses must not leave one running
        header = params_header({k: cypher_value(v) for k, v in (params or {}).items()})
        command = "GRAPH.QUERY" if allow_update else "GRAPH.RO_QUERY"
        target = self.graph if graph is None else self.db.select_graph(graph)
        millis = max(int(limit * 1000), 1)
        watchdog = threading.Timer(limit + KILL_GRACE, self._kill, args=(f"a query ran past {limit:g} s",))
        watchdog.daemon = True
        watchdog.start()
        with _no_gc():
            try:
                reply = target.execute_command(command, target.name, header + text, "--compact", "timeout", millis)
                columns, rows = read_reply(target, reply)
            except ResponseError as exc:
                raise self._error(str(exc), limit) from None
            except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                raise self._died(exc, limit) from None
            except BaseException:  # Ctrl-C, SIGTERM: the query must not run on in the server
                self._kill("the query was interrupted")
                raise
            finally:
                watchdog.cancel()
        return QueryResult(columns, rows)

    def _kill(self, why: str) -> None:
        """Stop the server at once (the watchdog, or an interrupted query)."""
        self._stopped = why
        if self.server.process.poll() is None:
            self.server.process.kill()

    def _error(self, message: str, limit: float) -> TmbError:
        """A clear error for the engine's refusal of a query."""
        if "read-only" in message:
            return TmbError(
                "this Cypher statement writes; queries run read-only — pass --allow-update to change the embedded copy"
            )
        if "timed out" in message.lower():
            return QueryTimeout(
                f"the Cypher query ran longer than {limit:g} s and was stopped — narrow it (LIMIT, more "
                "specific patterns) or give it more time with --timeout SECONDS"
            )
        if "mem" in message.lower() and "capacity" in message.lower():
            return QueryMemoryError(
                f"the Cypher query needed more memory than its bound of {describe_memory(self.server.memory)} "
                "and was stopped; narrow the query"
            )
        return TmbError(f"Cypher error: {message[:1000]}")

    def _died(self, exc: Exception, limit: float) -> TmbError:
        """A clear error for a server that stopped answering during a query."""
        proc = self.server.process
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)
        if self._stopped is not None and self._stopped.startswith("a query ran past"):
            return QueryTimeout(
                f"the Cypher query ran longer than {limit:g} s and did not stop, so the FalkorDB server was "
                "killed — narrow the query or give it more time with --timeout SECONDS"
            )
        code = proc.poll()
        self._stopped = self._stopped or f"the server stopped (exit {code})"
        if code is None:
            return StoreError(f"lost the connection to the FalkorDB server during the query ({type(exc).__name__})")
        said = [line for line in self.server.log_tail().splitlines() if line.strip()]
        if code == -signal.SIGABRT or any("allocat" in line.lower() for line in said):
            return QueryMemoryError(
                "the FalkorDB server ran out of its memory bound of "
                f"{describe_memory(self.server.memory)} during the query and stopped; narrow the query"
            )
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"
        return StoreError(
            f"the FalkorDB server stopped during the query ({how}); the query was not answered"
            + (f" — its log ends: {said[-1][:300]}" if said else "")
        )


@contextmanager
def falkordb_store(
    pg: PropertyGraph,
    batch_size: int = DEFAULT_BATCH,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = None,
    detach: bool = False,
) -> Iterator[FalkorStore]:
    """Start a private server, load ``pg`` into it, yield the store, stop the server.

    Parameters
    ----------
    timeout, memory
        The bounds of every query (see :func:`~tmb_graph.query.falkordb_server.falkordb_server`).
    detach : bool
        Remove the server's run directory as soon as the store is connected, so that even
        a SIGKILL leaves nothing behind; the store then has its one connection only (fine for
        one caller asking in turn — the commands).
    """
    with falkordb_server(timeout=timeout, memory=memory) as server:
        store = FalkorStore(server)
        if detach:
            store.db.connection.ping()  # opens the one connection the store keeps using
            server.detach()
        try:
            store.load(pg, batch_size)
        except Exception as exc:  # the server's own error, with the context a user needs
            raise StoreError(f"loading the property graph into FalkorDB failed: {exc}") from exc
        yield store
