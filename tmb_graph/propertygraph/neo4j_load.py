"""``tmb neo4j load``: write the property graph into a Neo4j server with the official driver.

Uniqueness constraints first (or, where the server has none — FalkorDB's Bolt listener —
plain indexes), then batched ``UNWIND $rows ... MERGE`` statements from
:mod:`tmb_graph.propertygraph.statements`. ``MERGE`` on ``id``/``key`` makes a second load
change nothing. A checkpoint file records the batches done, so an interrupted load resumes
where it stopped; transient errors (deadlocks, leader switches, lost connections) are retried
with backoff. Credentials come from the environment and are never printed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmb_graph.errors import StoreError
from tmb_graph.io import OutputError, atomic_write_text
from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout
from tmb_graph.propertygraph.mapping import PropertyGraph
from tmb_graph.propertygraph.statements import DEFAULT_BATCH, batches, constraint_statements, index_statements

RETRIES = 5
_SCHEMES = frozenset(f"{base}{tls}" for base in ("bolt", "neo4j") for tls in ("", "+s", "+ssc"))


@dataclass
class LoadSummary:
    """What a load did: batches sent and skipped, and the server's counters."""

    batches: int = 0
    skipped: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    schema: str = ""
    retries: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def shown_uri(uri: str) -> str:
    """``uri`` as it may be printed: anything before an ``@`` in its authority dropped.

    Examples
    --------
    >>> shown_uri("bolt://neo4j:S3cret@db.example.org:7687/x")
    'bolt://db.example.org:7687/x'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri.rpartition("@")[2]
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"


def check_uri(uri: str) -> str:
    """``uri`` if it is a Bolt or Neo4j URI without credentials in it.

    A password in a URI ends up in shell history, process lists, tracebacks and the load's
    checkpoint, so it is refused (without being printed), as ``tmb push sparql`` refuses one.

    Raises
    ------
    StoreError
        For credentials in the URI or another scheme.

    Examples
    --------
    >>> check_uri("neo4j://db.example.org")
    'neo4j://db.example.org'
    >>> check_uri("bolt://neo4j:S3cret@db.example.org:7687")
    Traceback (most recent call last):
    ...
    tmb_graph.errors.StoreError: Neo4j URI bolt://db.example.org:7687: do not put credentials in the URI; set NEO4J_USERNAME and NEO4J_PASSWORD
    """
    shown = shown_uri(uri)
    if shown != uri:
        raise StoreError(f"Neo4j URI {shown}: do not put credentials in the URI; set NEO4J_USERNAME and NEO4J_PASSWORD")
    scheme = uri.partition("://")[0].lower()
    if scheme not in _SCHEMES or not uri.partition("://")[2].strip("/"):
        raise StoreError(
            f"Neo4j URI '{uri[:200]}': give bolt://HOST:PORT or neo4j://HOST (also +s / +ssc for TLS), "
            "e.g. bolt://127.0.0.1:7687"
        )
    return uri


def credentials_from_env(uri: str | None = None) -> tuple[str, tuple[str, str] | None]:
    """The URI (argument, else ``NEO4J_URI``) and auth from ``NEO4J_USERNAME``/``NEO4J_PASSWORD``.

    Raises
    ------
    StoreError
        When no URI is given either way, or it holds credentials (:func:`check_uri`).
    """
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise StoreError("no Neo4j URI: pass --uri bolt://host:7687 (or neo4j://...) or set NEO4J_URI")
    check_uri(uri)
    user, password = os.environ.get("NEO4J_USERNAME"), os.environ.get("NEO4J_PASSWORD")
    return uri, ((user, password or "") if user else None)


def graph_digest(pg: PropertyGraph) -> str:
    """A digest of the property graph, so a checkpoint only resumes the same load."""
    h = hashlib.sha256()
    for n in pg.nodes:
        h.update(json.dumps([n.id, n.labels, n.props], sort_keys=True, default=str).encode())
    for r in pg.rels:
        h.update(json.dumps([r.start, r.type, r.end, r.key, r.props], sort_keys=True, default=str).encode())
    return h.hexdigest()


class _Checkpoint:
    """The batches done so far, kept in a file the load alone writes.

    An existing file there must be a checkpoint (a JSON object with ``identity``): a user's
    file, a link or a special file at that path is refused, never replaced or deleted.
    """

    def __init__(self, path: Path | None, identity: str) -> None:
        self.path, self.identity = path, identity
        self.done: set[str] = set()
        if path is not None and os.path.lexists(path):
            data = _read_checkpoint(path)
            if data.get("identity") == identity:
                self.done = set(data.get("done", []))

    def mark(self, step: str) -> None:
        self.done.add(step)
        if self.path is not None:
            text = json.dumps({"identity": self.identity, "done": sorted(self.done)}, indent=1)
            atomic_write_text(self.path, text)

    def finish(self) -> None:
        if self.path is not None and os.path.lexists(self.path):
            _read_checkpoint(self.path)  # still ours: a regular file holding a checkpoint
            self.path.unlink(missing_ok=True)


def _read_checkpoint(path: Path) -> dict[str, Any]:
    """The checkpoint at ``path``; :class:`OutputError` if something else is there."""
    refuse = OutputError(
        f"{path} is not a load checkpoint written by `tmb neo4j load`: move it away (it is not changed)"
    )
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise refuse
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise refuse from None
    if not isinstance(data, dict) or not isinstance(data.get("identity"), str):
        raise refuse
    return data


def _run(
    session: Any, statement: str, params: dict[str, Any], summary: LoadSummary, timeout: float | None = None
) -> Any:
    """Run one statement (with a server-side ``timeout`` if given), retrying transient errors."""
    from neo4j import Query
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    query = Query(statement, timeout=timeout) if timeout is not None else statement
    for attempt in range(RETRIES):
        try:
            return session.run(query, params).consume()
        except (TransientError, ServiceUnavailable, SessionExpired) as exc:
            if attempt == RETRIES - 1:
                raise StoreError(f"Neo4j kept failing after {RETRIES} attempts: {exc}") from exc
            summary.retries += 1
            time.sleep(0.2 * 2**attempt)
    return None


def _schema(session: Any, summary: LoadSummary) -> None:
    from neo4j.exceptions import ClientError, DatabaseError

    try:
        for statement in constraint_statements():
            _run(session, statement, {}, summary)
        summary.schema = "uniqueness constraints on id"
    except (ClientError, DatabaseError):
        # servers without constraints (FalkorDB over Bolt): an index keeps MERGE fast
        for statement in index_statements():
            with contextlib.suppress(ClientError, DatabaseError):  # the index exists already
                _run(session, statement, {}, summary)
        summary.schema = "indexes on id (the server has no uniqueness constraints)"


def neo4j_load(
    pg: PropertyGraph,
    uri: str,
    auth: tuple[str, str] | None = None,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    checkpoint: Path | None = None,
    max_batch_bytes: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    driver: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadSummary:
    """Load ``pg`` into the Neo4j server at ``uri`` (``bolt://`` or ``neo4j://`` routing).

    Parameters
    ----------
    pg : PropertyGraph
    uri : str
    auth : (user, password), optional
    database : str, optional
        Target database (server default when omitted).
    batch_size : int
        Rows per ``UNWIND`` statement (default 2000).
    checkpoint : Path, optional
        File recording finished batches; an interrupted load given the same file resumes.
        Removed when the load completes.
    max_batch_bytes : int, optional
        Cap each batch at about this many bytes as well (for servers with small messages).
    on_batch : callable, optional
        Called with (batches done, batches in all) after each batch (the CLI's progress bar).
    driver : neo4j.Driver, optional
        An open driver to use (and leave open); by default one is opened on ``uri`` and closed.
    timeout : float
        Seconds one statement may run on the server, and the longest wait for a connection.

    Returns
    -------
    LoadSummary

    Raises
    ------
    StoreError
        When the server cannot be reached or keeps failing, or ``uri`` holds credentials.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    check_uri(uri)
    timeout = check_timeout(timeout)

    started = time.perf_counter()
    todo = list(batches(pg, batch_size, max_batch_bytes))
    summary = LoadSummary()
    mark = _Checkpoint(checkpoint, f"{uri}|{database}|{batch_size}|{graph_digest(pg)}")
    own = driver is None
    try:
        if own:
            driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=min(timeout, 15.0),
                connection_acquisition_timeout=timeout,
                max_transaction_retry_time=timeout,
            )
    except (ConfigurationError, ValueError) as exc:
        raise StoreError(f"cannot use the Neo4j URI {shown_uri(uri)}: {exc}") from None
    try:
        with driver.session(database=database) as session:
            _schema(session, summary)
            # FalkorDB's Bolt listener (which calls itself Neo4j) answers a statement sent with a
            # transaction timeout as if it ran, and keeps nothing: only a server with constraints
            # (Neo4j) gets one
            limit = timeout if summary.schema.startswith("uniqueness") else None
            for i, batch in enumerate(todo, 1):
                if batch.step in mark.done:
                    summary.skipped += 1
                else:
                    counters = _run(session, batch.statement, {"rows": batch.rows}, summary, limit).counters
                    summary.nodes_created += counters.nodes_created
                    summary.relationships_created += counters.relationships_created
                    summary.properties_set += counters.properties_set
                    summary.batches += 1
                    mark.mark(batch.step)
                if on_batch is not None:
                    on_batch(i, len(todo))
    except AuthError:
        raise StoreError("Neo4j refused the credentials (NEO4J_USERNAME / NEO4J_PASSWORD)") from None
    except ServiceUnavailable as exc:
        raise StoreError(f"cannot reach Neo4j at {shown_uri(uri)}: {exc}") from None
    except Neo4jError as exc:
        raise StoreError(f"Neo4j rejected a statement: {exc.message or exc}") from None
    finally:
        if own and driver is not None:
            driver.close()
    mark.finish()
    summary.seconds = time.perf_counter() - started
    return summary
