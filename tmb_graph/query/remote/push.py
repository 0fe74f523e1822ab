"""Upload a built graph to a SPARQL server with the Graph Store HTTP Protocol, in chunks, with retry.

:func:`push_graph` replaces one named graph: the first request is a ``PUT`` (which empties the
graph and writes the first chunk), the following chunks are ``POST`` s (which add to it). The
ontology and SKOS concepts travel with the graph in the first chunk. Retrying is safe because a
``PUT`` or ``POST`` of the same triples is idempotent (RDF graphs are sets).

Examples
--------
>>> summary = push_graph(Path("build/graph.nt"), "http://127.0.0.1:8890/sparql-graph-crud-auth",
...                      "https://w3id.org/tmb-graph/data/skane-2018-2020")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout
from tmb_graph.ontology import ontology_files
from tmb_graph.query.remote.auth import credentials_from_env, http_auth
from tmb_graph.query.remote.http import (
    CONNECT_TIMEOUT,
    NTRIPLES,
    RETRY_STATUS,
    checked_graph,
    endpoint_url,
    refused,
    send,
    shown_url,
)

_BNODE_LINE = re.compile(r"^_:|\s_:[A-Za-z0-9_.\-]+\s*\.\s*$")


@dataclass(frozen=True)
class PushSummary:
    """What :func:`push_graph` sent.

    Parameters
    ----------
    endpoint : str
        The Graph Store endpoint (without credentials).
    graph_iri : str
        The named graph that was replaced.
    triples : int
        Triples sent: the N-Triples file's plus the ontology's (the server keeps each distinct
        triple once, so its count can be lower when the two overlap).
    chunks : int
        Requests that carried data (one ``PUT``, then ``POST`` s).
    retries : int
        Requests that had to be repeated after a connection error or a 5xx answer.
    seconds : float
        Wall time of the whole upload.
    """

    endpoint: str
    graph_iri: str
    triples: int
    chunks: int
    retries: int
    seconds: float


def _ontology_ntriples() -> list[bytes]:
    """The ontology and concepts as N-Triples lines (the embedded store loads them too)."""
    lines: list[bytes] = []
    for path in ontology_files():
        try:
            data = ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError) as exc:
            raise TmbError(f"{path}: cannot read the ontology ({exc})") from None
        if data is None:  # pyoxigraph returns the bytes when given no output
            raise TmbError(f"{path}: the ontology could not be written as N-Triples")
        lines.extend(line + b"\n" for line in data.splitlines() if line.strip())
    return lines


def _chunks(nt_file: Path, chunk_triples: int, lead: list[bytes]) -> Iterator[list[bytes]]:
    """``lead`` as one chunk, then the file's triples in chunks, then all blank-node triples together.

    A blank node's label is scoped to one request, so triples naming blank nodes travel in one
    request (the project's graphs have none; this keeps a foreign file correct).
    """
    with_bnodes: list[bytes] = []
    chunk: list[bytes] = []
    if lead:
        yield lead
    try:
        with nt_file.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.strip()
                if not line or line.startswith(b"#"):
                    continue
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    raise TmbError(
                        f"{nt_file}:{number}: not UTF-8; N-Triples files are UTF-8 (rebuild with tmb build)"
                    ) from None
                if not text.endswith("."):
                    raise TmbError(f"{nt_file}:{number}: not an N-Triples line (no final '.'); rebuild with tmb build")
                if _BNODE_LINE.search(text):
                    with_bnodes.append(line + b"\n")
                    continue
                chunk.append(line + b"\n")
                if len(chunk) >= chunk_triples:
                    yield chunk
                    chunk = []
    except OSError as exc:
        raise TmbError(f"{nt_file}: cannot read the graph ({exc}); run `tmb build` first") from None
    if chunk:
        yield chunk
    if with_bnodes:
        yield with_bnodes


def push_graph(
    nt_file: Path,
    endpoint: str,
    graph_iri: str,
    chunk_triples: int = 50000,
    auth: tuple[str, str] | None = None,
    retries: int = 4,
    *,
    with_ontology: bool = True,
    backoff: float = 0.5,
    timeout: float = DEFAULT_TIMEOUT,
    on_chunk: Callable[[int, int], None] | None = None,
) -> PushSummary:
    """Replace a named graph on a SPARQL server with a built graph, in chunks, with retry.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol with indirect graph identification
    (``ENDPOINT?graph=IRI``): the first chunk is sent with ``PUT`` (replacing whatever the graph
    held), every further chunk with ``POST`` (adding to it), each as ``application/n-triples``.

    Parameters
    ----------
    nt_file : Path
        The N-Triples file, normally ``build/graph.nt`` of ``tmb build``.
    endpoint : str
        The Graph Store endpoint, e.g. ``http://127.0.0.1:8890/sparql-graph-crud-auth``
        (Virtuoso), ``http://host:3030/DATASET/data`` (Fuseki), ``http://host:7878/store``
        (Oxigraph server).
    graph_iri : str
        The named graph to replace, an absolute IRI (one per programme, e.g. its data namespace).
    chunk_triples : int
        Triples per request (the ontology goes whole in the first request).
    auth : tuple[str, str], optional
        ``(user, password)``; default: :func:`credentials_from_env`. Digest or Basic, as the
        server asks.
    retries : int
        How many times a request is repeated after a connection error or a 5xx answer (with
        exponential backoff) before giving up.
    with_ontology : bool
        Send ``ontology/tmb.ttl`` and ``concepts.ttl`` with the graph, so remote queries see what
        the embedded store sees (labels, ``tmb:happened`` of statuses ...).
    backoff : float
        Seconds before the first repetition; doubled each time (at most 30 s).
    timeout : float
        Seconds one request may take, its repetitions and the pauses between them included
        (connecting: at most :data:`CONNECT_TIMEOUT` of them).
    on_chunk : callable, optional
        Called after each chunk with ``(chunks_sent, triples_sent)``, e.g. for a progress line.

    Returns
    -------
    PushSummary
        Triples and chunks sent, repetitions, wall time.

    Raises
    ------
    TmbError
        When the file cannot be read or is not N-Triples, or an argument is malformed.
    StoreError
        When the server cannot be reached after the retries, or refuses (401, 403, 404, 413 ...):
        the message names the URL and what to check. A graph left half-written by a failure is
        replaced completely by the next successful push.
    QueryTimeout
        When a request is not answered within ``timeout``.

    Examples
    --------
    >>> push_graph(Path("build/graph.nt"), "http://127.0.0.1:8890/sparql-graph-crud-auth",
    ...            "https://w3id.org/tmb-graph/data/skane-2018-2020")   # doctest: +SKIP
    PushSummary(endpoint='http://127.0.0.1:8890/sparql-graph-crud-auth', graph_iri='https://…', triples=12204, …)
    """
    if chunk_triples < 1:
        raise TmbError(f"chunk size must be at least 1 triple (got {chunk_triples})")
    if retries < 0:
        raise TmbError(f"retries must be 0 or more (got {retries})")
    if not nt_file.is_file():  # any N-Triples file, empty included (that empties the graph)
        raise TmbError(f"no N-Triples file at {nt_file}: run `tmb build` first, or name the file to push")
    base = endpoint_url(endpoint, "Graph Store")
    graph = checked_graph(graph_iri)
    url = base.copy_merge_params({"graph": graph})
    shown = shown_url(base)
    login = auth if auth is not None else credentials_from_env()
    lead = _ontology_ntriples() if with_ontology else []

    started = time.perf_counter()
    sent = chunks = repeated = 0
    headers = {"Content-Type": NTRIPLES}
    timeout = check_timeout(timeout)
    with httpx.Client(auth=http_auth(login), timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)) as client:
        for chunk in _chunks(nt_file, chunk_triples, lead):
            method = "PUT" if chunks == 0 else "POST"
            response, again = send(
                client,
                method,
                url,
                retries=retries,
                backoff=backoff,
                retry_status=RETRY_STATUS,
                timeout=timeout,
                content=b"".join(chunk),
                headers=headers,
            )
            repeated += again
            if not response.is_success:
                done = f"; {chunks} of the chunks were written, so push again to replace the graph" if chunks else ""
                error = refused(response, shown, login, f"write graph <{graph}>")
                raise StoreError(f"{error}{done}") from None
            chunks += 1
            sent += len(chunk)
            if on_chunk is not None:
                on_chunk(chunks, sent)
        if chunks == 0:  # an empty file still replaces the graph: with nothing
            response, again = send(
                client,
                "PUT",
                url,
                retries=retries,
                backoff=backoff,
                retry_status=RETRY_STATUS,
                timeout=timeout,
                content=b"",
                headers=headers,
            )
            repeated += again
            if not response.is_success:
                raise refused(response, shown, login, f"write graph <{graph}>")
    return PushSummary(shown, graph, sent, chunks, repeated, round(time.perf_counter() - started, 3))
