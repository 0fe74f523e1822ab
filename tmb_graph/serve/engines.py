"""The two query engines of a server, loaded once and kept alive for its whole life.

- SPARQL: one :class:`~tmb_graph.query.worker.SparqlWorker` (the store in a child process,
  killed and reloaded when a query overruns its deadline or memory bound).
- Cypher: one private FalkorDB server (:func:`~tmb_graph.query.falkordb_store.falkordb_store`)
  with the property graph loaded; when a query makes its watchdog kill the server, a fresh one
  is started and loaded before the next query.

Both engines' child processes are told to die with the thread that started them
(``PR_SET_PDEATHSIG`` follows the *thread*, not the process), and a web server's request
threads come and go. So every start and restart happens on one long-lived thread per engine
(a one-thread executor that lives as long as the engines), never on a request thread; the
SPARQL worker, which answers one query at a time, is also only ever talked to from its thread.

Examples
--------
>>> with Engines(Workspace(Path("build/graph"))) as engines:           # doctest: +SKIP
...     engines.ask("cypher", "MATCH (b:Body) RETURN count(b) AS n", {}, timeout=5).rows
[(27,)]
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from tmb_graph.errors import TmbError
from tmb_graph.limits import check_timeout
from tmb_graph.query.cypher import PROGRAMME_GRAPH
from tmb_graph.query.diagnose import ask_sparql, property_graph_names, unknown_cypher_names
from tmb_graph.query.falkordb_store import FalkorStore, falkordb_store
from tmb_graph.query.guard import NETWORK_ENV, cypher_tokens, forbid_network
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.query.worker import SparqlWorker

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace

#: the longest deadline a request may ask for (seconds); also FalkorDB's TIMEOUT_MAX
MAX_TIMEOUT = 30.0
#: the deadline of a query that names none
DEFAULT_TIMEOUT = 10.0
#: Cypher clauses that write (refused before the engine sees the query)
_CYPHER_WRITES = frozenset({"create", "merge", "set", "delete", "remove", "drop", "foreach", "detach"})


class ReadOnly(TmbError):
    """A query that would change the graph; the workbench only reads."""


def check_cypher_read_only(text: str) -> None:
    """Refuse a Cypher query with a writing clause (``CREATE``, ``MERGE``, ``SET``, ``DELETE`` ...).

    Strings, comments and `quoted names` are not clauses, nor ``n.set`` or ``:Create``; FalkorDB's
    read-only query command refuses whatever this misses.

    Examples
    --------
    >>> check_cypher_read_only("MATCH (n) WHERE n.note = 'CREATE' RETURN n.set")
    >>> check_cypher_read_only("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    tmb_graph.serve.engines.ReadOnly: the workbench only reads the graph: DETACH at character 10 writes (rebuild from the YAML to change the graph)
    """
    tokens = list(cypher_tokens(text))
    for k, token in enumerate(tokens):
        if token.kind == "word" and token.text.lower() in _CYPHER_WRITES:
            if k > 0 and tokens[k - 1].text in (".", ":"):
                continue
            raise ReadOnly(
                f"the workbench only reads the graph: {token.text.upper()} at character {token.pos} writes "
                "(rebuild from the YAML to change the graph)"
            )


class Engines:
    """The SPARQL worker and the FalkorDB server of one workspace, each on its own thread.

    Parameters
    ----------
    workspace : Workspace
        The loaded graph (its property graph goes to FalkorDB).
    max_timeout : float
        The longest deadline any query gets (FalkorDB's ``TIMEOUT_MAX``).
    """

    def __init__(self, workspace: Workspace, max_timeout: float = MAX_TIMEOUT) -> None:
        forbid_network()  # no opt-in counts in a server
        os.environ[NETWORK_ENV] = "never"  # nor in the child processes it starts
        self.workspace = workspace
        self.max_timeout = check_timeout(max_timeout)
        self._sparql_thread = ThreadPoolExecutor(1, thread_name_prefix="tmb-sparql")
        self._falkor_thread = ThreadPoolExecutor(1, thread_name_prefix="tmb-falkordb")
        self._worker: SparqlWorker | None = None
        self._falkor: contextlib.ExitStack | None = None
        self._store: FalkorStore | None = None
        self._restart = threading.Lock()
        self.labels, self.types = property_graph_names()
        #: programmes of a dataset loaded into FalkorDB, each in its own graph (on first use)
        self._programmes: set[str] = set()
        self._loading = threading.Lock()

    # -- life ---------------------------------------------------------------------------------

    def start(self) -> Engines:
        """Start both engines (in parallel: the worker loads while FalkorDB does)."""
        sparql = self._sparql_thread.submit(self._start_sparql)
        cypher = self._falkor_thread.submit(self._start_falkor)
        cypher.result()
        sparql.result()
        return self

    def _start_sparql(self) -> None:
        self._worker = SparqlWorker(self.workspace.graph_dir, timeout=self.max_timeout, restart=True)
        len(self._worker)  # wait for it to be loaded, so the server is ready when it says so

    def _start_falkor(self) -> None:
        stack = contextlib.ExitStack()
        try:
            self._store = stack.enter_context(falkordb_store(self.workspace.property_graph, timeout=self.max_timeout))
        except BaseException:
            stack.close()
            raise
        self._falkor = stack
        self._programmes = set()  # a fresh server holds none of them

    def _stop_falkor(self) -> None:
        if self._falkor is not None:
            self._falkor.close()
        self._falkor = None
        self._store = None

    def close(self) -> None:
        """Stop both engines (idempotent)."""
        with contextlib.suppress(Exception):
            self._falkor_thread.submit(self._stop_falkor).result(timeout=30)
        if self._worker is not None:
            worker = self._worker
            with contextlib.suppress(Exception):
                self._sparql_thread.submit(worker.close).result(timeout=30)
        self._worker = None
        self._falkor_thread.shutdown(wait=False, cancel_futures=True)
        self._sparql_thread.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> Engines:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- queries ------------------------------------------------------------------------------

    def deadline(self, timeout: float | None) -> float:
        """The deadline a query gets: what it asked for, at most :attr:`max_timeout`."""
        return min(check_timeout(timeout if timeout is not None else DEFAULT_TIMEOUT), self.max_timeout)

    def ask(
        self,
        engine: str,
        text: str,
        params: dict[str, ParamValue],
        timeout: float | None = None,
        programme: str | None = None,
    ) -> QueryResult:
        """Run a read-only query on ``engine`` (``sparql`` or ``cypher``) within its deadline.

        ``programme`` (a dataset build's) asks within that programme alone, as its own build
        would answer (:mod:`tmb_graph.query.scope`): its store in the SPARQL worker, its graph on
        the FalkorDB server, each loaded the first time it is asked for.

        Raises
        ------
        ReadOnly
            For an update or a writing Cypher clause.
        TmbError
            For what the engines and guards refuse (syntax, SERVICE/LOAD/LOAD CSV, nesting,
            unknown labels and terms), :class:`~tmb_graph.limits.QueryTimeout` and
            :class:`~tmb_graph.limits.QueryMemoryError` included.
        """
        limit = self.deadline(timeout)
        if engine not in ("sparql", "cypher"):
            raise TmbError(f"unknown engine '{engine}': choose sparql or cypher")
        scope = self.workspace.programme(programme) if programme is not None else None  # unknown: did you mean
        if engine == "sparql":
            return self._sparql(text, params, limit, None if scope is None else scope.graph_dir)
        return self._cypher(text, params, limit, programme)

    def _sparql(
        self, text: str, params: dict[str, ParamValue], limit: float, folder: Path | None = None
    ) -> QueryResult:
        from tmb_graph.query.sparql import ReadOnlyError, check_read_only

        try:
            check_read_only(text, allow_update=False)
        except ReadOnlyError:
            raise ReadOnly(
                "the workbench only reads the graph: this is a SPARQL UPDATE (rebuild from the YAML to change the graph)"
            ) from None

        def run() -> QueryResult:
            if self._worker is None:
                raise TmbError("the SPARQL engine is not running (the server is stopping)")
            self._worker.timeout = limit  # ask_sparql passes no deadline: the worker's own applies
            with self._worker.scoped(folder):
                return ask_sparql(self._worker, text, params)

        return self._sparql_thread.submit(run).result()

    def _cypher(
        self, text: str, params: dict[str, ParamValue], limit: float, programme: str | None = None
    ) -> QueryResult:
        check_cypher_read_only(text)
        problems = unknown_cypher_names(text, self.labels, self.types)
        if problems:
            raise TmbError("the query cannot match anything: " + "; ".join(problems))
        store = self._store
        if store is None or store.server.process.poll() is not None:
            store = self._restart_falkor(store)
        try:
            graph = None if programme is None else self._programme_graph(store, programme)
            return store.query(text, params, timeout=limit, graph=graph)
        except TmbError as exc:
            if "writes; queries run read-only" in str(exc):
                raise ReadOnly("the workbench only reads the graph: this Cypher statement writes") from None
            raise
        finally:
            if store.server.process.poll() is not None:  # the watchdog killed it: load a fresh one now
                self._restart_falkor(store)

    def _programme_graph(self, store: FalkorStore, programme: str) -> str:
        """The FalkorDB graph of ``programme``, loaded from its own build the first time."""
        graph = PROGRAMME_GRAPH.format(programme)
        with self._loading:  # one request loads it; the others wait for it
            if programme not in self._programmes:
                store.load(self.workspace.programme(programme).property_graph, graph=graph)
                self._programmes.add(programme)
        return graph

    def _restart_falkor(self, dead: FalkorStore | None) -> FalkorStore:
        """A running store: the current one, or a fresh one when ``dead`` is still the current one."""
        with self._restart:
            if self._store is dead or self._store is None:
                self._falkor_thread.submit(self._stop_falkor).result()
                self._falkor_thread.submit(self._start_falkor).result()
            assert self._store is not None
            return self._store
