"""A real SPARQL 1.1 server for when one machine is outgrown: upload the graph, query it read-only.

Two functions of the W3C protocols, nothing server-specific:

- :func:`push_graph` uploads ``graph.nt`` (from ``tmb build``) with the SPARQL 1.1 *Graph Store
  HTTP Protocol*: it **replaces** one named graph — the first request is a ``PUT`` (which
  empties the graph and writes the first chunk), the following chunks are ``POST`` s (which add
  to it). The ontology and SKOS concepts (``ontology/tmb.ttl``, ``concepts.ttl``) travel with the
  graph in the first chunk, so a remote query sees exactly what the embedded
  :class:`~tmb_graph.query.sparql.SparqlStore` sees. Connection errors and 5xx answers are
  retried with exponential backoff; that is safe because a ``PUT`` or a ``POST`` of the same
  triples is idempotent (RDF graphs are sets). A push interrupted half-way leaves the named
  graph partly written; running it again converges to exactly one clean push.
- :class:`RemoteSparql` queries a SPARQL 1.1 *Protocol* endpoint (``POST``, results as
  ``application/sparql-results+json``), read-only: anything that is not a ``SELECT``, ``ASK``,
  ``CONSTRUCT`` or ``DESCRIBE`` query is refused before it leaves the machine.

Parameters
----------
A server cannot take pyoxigraph's SEP-0007 substitutions, so parameters are bound by a trailing
``VALUES (?a ?b) { (term term) }`` clause whose terms are written by pyoxigraph's RDF term
serialiser (quotes, backslashes and newlines escaped) — a value is never spliced into the text.
The project's prefixes (:data:`~tmb_graph.rdf.namespaces.PREFIXES`) are declared in front.

A trailing ``VALUES`` is not the same as a substitution. SPARQL joins it with the solutions of
the *whole* ``WHERE`` block — after its ``FILTER`` s ran and, in a grouped query, after
``GROUP BY``. A parameter used in a triple pattern, or a ``GROUP BY`` key, gives the same answer;
a parameter used only inside a ``FILTER`` (``mandates_at``'s ``?at``) is unbound when the filter
runs, the filter fails, and the remote answer is empty. Such a query must bind the parameter in
a triple pattern or be run on the embedded store.

Credentials
-----------
Servers that need a login (Virtuoso's ``/sparql-graph-crud-auth``: HTTP Digest; Fuseki,
GraphDB: HTTP Basic) get the user and password from ``TMB_SPARQL_USER`` and
``TMB_SPARQL_PASSWORD`` (see :func:`credentials_from_env`); the scheme the server asks for is
used. Credentials are never printed and never accepted inside a URL.

Examples
--------
>>> summary = push_graph(Path("build/graph.nt"), "http://127.0.0.1:8890/sparql-graph-crud-auth",
...                      "https://w3id.org/tmb-graph/data/skane-2018-2020")  # doctest: +SKIP
>>> remote = RemoteSparql("http://127.0.0.1:8890/sparql",
...                       graphs=["https://w3id.org/tmb-graph/data/skane-2018-2020"])  # doctest: +SKIP
>>> remote.query("SELECT ?b WHERE { ?b dcterms:identifier ?id }", {"id": "wg-est"}).rows  # doctest: +SKIP
[('https://w3id.org/tmb-graph/data/skane-2018-2020/wg-est',)]
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pyoxigraph as ox

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT, QueryTimeout, check_timeout
from tmb_graph.ontology import ontology_files
from tmb_graph.paths import built_graph_file
from tmb_graph.query.guard import check_sparql, sparql_tokens
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult, normal_term, term_json
from tmb_graph.query.sparql import XSD, ReadOnlyError, from_term, is_update, to_term
from tmb_graph.rdf.namespaces import PREFIXES

#: environment variables holding the server login
USER_ENV = "TMB_SPARQL_USER"
PASSWORD_ENV = "TMB_SPARQL_PASSWORD"
#: the ontology files that travel with every pushed graph (the embedded store loads them too)
NTRIPLES = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"

#: longest text parameter sent (Virtuoso refuses rows over ~20 kB in some plans: "SR319 Max length of a temp row")
MAX_PARAM_CHARS = 1000  # Virtuoso fails on longer literals in temp columns (SR319)
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[A-Za-z0-9_.\-]*:\s*<>|BASE\s*<>)", re.IGNORECASE)
_FORM = re.compile(r"\s*([A-Za-z]+)")
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORD = re.compile(
    r"(?<![\w?$:.@\-])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![\w:\-])", re.IGNORECASE
)
_VENDOR_PREFIX = re.compile(r"(?<![\w?$:.@\-])(bif|sql):", re.IGNORECASE)
_BNODE_LINE = re.compile(r"^_:|\s_:[A-Za-z0-9_.\-]+\s*\.\s*$")
_RETRY_STATUS = frozenset({500, 502, 503, 504})
_QUERY_RETRY_STATUS = frozenset({502, 503, 504})
_TAG = re.compile(r"<[^>]*>")
_AUTH_HEADER = re.compile(
    r"((?:proxy-)?authorization|cookie|set-cookie|x-api-key)(\"?\s*[:=]\s*)(\"(?:[^\"\\]|\\.)*\"|[^\r\n]*)",
    re.IGNORECASE,
)
_AUTH_TOKEN = re.compile(r"\b(Basic|Bearer|Digest|Negotiate)\s+[^\s\"',;]{6,}[^\r\n\"]*", re.IGNORECASE)
_SECRET_FIELD = re.compile(
    r"\b(password|passwd|pwd|secret|token|api[_-]?key)(\"?\s*[:=]\s*)(\"[^\"]*\"|[^\s&,;]+)", re.IGNORECASE
)
#: seconds to wait for a TCP connection to a server (the rest of the deadline goes to the answer)
CONNECT_TIMEOUT = 5.0


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


def credentials_from_env(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The server login from ``TMB_SPARQL_USER`` / ``TMB_SPARQL_PASSWORD``, or ``None``.

    Parameters
    ----------
    env : Mapping[str, str], optional
        Where to look (default: ``os.environ``).

    Returns
    -------
    tuple[str, str] or None
        ``(user, password)`` when the user is set, ``None`` when neither is.

    Raises
    ------
    TmbError
        When only one of the two is set.

    Examples
    --------
    >>> credentials_from_env({})
    >>> credentials_from_env({"TMB_SPARQL_USER": "dba", "TMB_SPARQL_PASSWORD": "s3cret"})
    ('dba', 's3cret')
    """
    env = os.environ if env is None else env
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user and not password:
        return None
    if not user or password is None:
        raise TmbError(f"set both {USER_ENV} and {PASSWORD_ENV} for a server that needs a login (only one is set)")
    return (user, password)


class _ServerAuth(httpx.Auth):
    """HTTP Digest or Basic, whichever the server's ``WWW-Authenticate`` challenge asks for."""

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._use_basic = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._use_basic:
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)  # answers a Digest challenge, passes anything else
        outgoing = next(flow)
        while True:
            response = yield outgoing
            try:
                outgoing = flow.send(response)
            except StopIteration:
                break
        challenge = response.headers.get("www-authenticate", "").lower()
        if response.status_code == 401 and challenge.startswith("basic"):
            self._use_basic = True
            yield from self._basic.auth_flow(request)


def _auth(auth: tuple[str, str] | None) -> httpx.Auth | None:
    return _ServerAuth(*auth) if auth is not None else None


def _endpoint_url(endpoint: str, role: str) -> httpx.URL:
    """Check an endpoint URL: http(s), a host, no credentials inside it."""
    try:
        url = httpx.URL(endpoint)
    except (httpx.InvalidURL, TypeError) as exc:
        raise TmbError(
            f"{role} endpoint '{endpoint}' is not a URL ({exc}); e.g. http://127.0.0.1:8890/sparql"
        ) from None
    if url.userinfo:
        raise TmbError(
            f"{role} endpoint {_shown(url)}: do not put credentials in the URL; set {USER_ENV} and {PASSWORD_ENV}"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise TmbError(
            f"{role} endpoint '{endpoint}' is not an http(s) URL with a host, e.g. http://127.0.0.1:8890/sparql"
        )
    return url


def _shown(url: httpx.URL) -> str:
    """A URL as it may be printed: without user information."""
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


def _graph_iri(graph_iri: str) -> str:
    """Check a graph name: an absolute IRI (pyoxigraph's IRI parser decides)."""
    try:
        node = ox.NamedNode(graph_iri)
    except ValueError as exc:
        raise TmbError(
            f"graph '{graph_iri}' is not an IRI ({exc}); e.g. https://w3id.org/tmb-graph/data/skane-2018-2020"
        ) from None
    if ":" not in node.value:
        raise TmbError(
            f"graph '{graph_iri}' is not an absolute IRI; e.g. https://w3id.org/tmb-graph/data/skane-2018-2020"
        )
    return node.value


def redact(text: str, auth: tuple[str, str] | None = None) -> str:
    """``text`` with credentials blanked: auth headers, tokens, ``password=`` values, the login.

    A server's error page may echo the request — its ``Authorization`` header included — so
    nothing it says is shown before passing through here.

    Examples
    --------
    >>> redact("echo: Authorization: Basic ZGJhOnMzY3JldA== user=dba", ("dba", "s3cret"))
    'echo: Authorization: [redacted]'
    >>> redact("user=dba password=s3cret; WWW-Authenticate: Basic realm=x")
    'user=dba password=[redacted]; WWW-Authenticate: Basic [redacted]'
    >>> redact('{"authorization": "Digest username=dba, response=abc123", "ok": 1}')
    '{"authorization": [redacted], "ok": 1}'
    """
    text = _AUTH_HEADER.sub(r"\1\2[redacted]", text)
    text = _AUTH_TOKEN.sub(r"\1 [redacted]", text)
    text = _SECRET_FIELD.sub(r"\1\2[redacted]", text)
    if auth is not None:
        user, password = auth
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        for secret in (token, token.rstrip("="), password):
            if len(secret) >= 3:
                text = text.replace(secret, "[redacted]")
    return text


def _server_text(response: httpx.Response, limit: int = 300, auth: tuple[str, str] | None = None) -> str:
    """The start of a server's error body as one line of plain text, credentials redacted."""
    try:
        text = response.text
    except (UnicodeDecodeError, httpx.HTTPError):
        return ""
    if "html" in response.headers.get("content-type", "").lower():
        text = _TAG.sub(" ", text)
    text = " ".join(redact(text[: max(limit, 1) * 4 + 100_000], auth).split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _unreachable(url: str, exc: Exception, attempts: int) -> StoreError:
    return StoreError(
        f"cannot reach the SPARQL server at {url} after {attempts} attempt(s): {type(exc).__name__}: {exc} — "
        "check that the server is running and listening on that host and port (scripts/virtuoso start DIR "
        "prints the port of a local Virtuoso) and that the endpoint URL is right"
    )


def _send(
    client: httpx.Client,
    method: str,
    url: httpx.URL,
    *,
    retries: int,
    backoff: float,
    retry_status: frozenset[int],
    timeout: float = DEFAULT_TIMEOUT,
    content: bytes | None = None,
    data: Mapping[str, str | Sequence[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[httpx.Response, int]:
    """One request, repeated after connection errors and the given 5xx answers with backoff.

    All attempts and the pauses between them share one deadline, ``timeout`` seconds from now:
    each attempt may wait only for what is left of it (a connection at most
    :data:`CONNECT_TIMEOUT`), and no attempt starts once it is spent.

    Returns the response and how many times the request was repeated.

    Raises
    ------
    QueryTimeout
        When the deadline passes before an answer.
    StoreError
        When the server cannot be reached after the retries.
    """
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _too_slow(_shown(url), timeout, attempt)
        limit = httpx.Timeout(left, connect=min(CONNECT_TIMEOUT, left))
        pause = min(backoff * 2**attempt, 30.0)
        again = attempt < retries and time.monotonic() + pause < deadline
        try:
            response = client.request(method, url, content=content, data=data, headers=headers, timeout=limit)
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            if not (again and time.monotonic() + pause < deadline):
                raise _too_slow(_shown(url), timeout, attempt + 1) from None
        except httpx.TransportError as exc:  # connection refused, reset, timed out connecting ...
            if not (again and time.monotonic() + pause < deadline):
                raise _unreachable(_shown(url), exc, attempt + 1) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"request to {_shown(url)} failed: {type(exc).__name__}: {exc}") from None
        else:
            if response.status_code not in retry_status or not (again and time.monotonic() + pause < deadline):
                return response, attempt
        time.sleep(pause)
        attempt += 1


def _too_slow(url: str, timeout: float, attempts: int) -> QueryTimeout:
    return QueryTimeout(
        f"the SPARQL server at {url} did not answer within {timeout:g} s ({attempts} attempt(s)) — check that it "
        "is up and not overloaded, or give it more time with --timeout SECONDS"
    )


def _refused(
    response: httpx.Response, url: str, auth: tuple[str, str] | None, action: str, write: bool = True
) -> StoreError:
    """A clear error for a 4xx/5xx answer: what the server said and what to check."""
    code = response.status_code
    said = _server_text(response, auth=auth)
    said = f" (server said: {said})" if said else ""
    if code == 401:
        hint = (
            f"the server needs a login: set {USER_ENV} and {PASSWORD_ENV}"
            if auth is None
            else f"the server refused the login from {USER_ENV}/{PASSWORD_ENV}: check the user and password"
        )
        return StoreError(f"{url} refused to {action} (HTTP 401){said}: {hint}")
    if code == 403 and not write:
        return StoreError(
            f"{url} forbids this user to {action} (HTTP 403){said}: check that this is the server's public query "
            f"endpoint (Virtuoso: /sparql) or set {USER_ENV}/{PASSWORD_ENV} for one that needs a login"
        )
    if code == 403:
        return StoreError(
            f"{url} forbids this user to {action} (HTTP 403){said}: use an endpoint and a user with write "
            f"permission (Virtuoso: /sparql-graph-crud-auth with {USER_ENV}/{PASSWORD_ENV} of a user granted "
            "SPARQL_UPDATE, e.g. dba)"
        )
    if code == 404:
        return StoreError(
            f"{url} does not exist (HTTP 404){said}: check the endpoint path (Virtuoso: /sparql for queries, "
            "/sparql-graph-crud-auth for uploads; Fuseki: /DATASET/sparql and /DATASET/data; Oxigraph: /query and /store)"
        )
    if code == 501:  # Virtuoso's file server answers a PUT/POST outside its endpoints so
        return StoreError(
            f"{url} does not take {response.request.method} (HTTP 501){said}: check the endpoint path (Virtuoso: "
            "/sparql for queries, /sparql-graph-crud-auth for uploads; Fuseki: /DATASET/data; Oxigraph: /store)"
        )
    if code == 405:
        return StoreError(
            f"{url} does not allow {response.request.method} (HTTP 405){said}: is this the right kind of endpoint "
            "(a Graph Store endpoint for uploads, a query endpoint for queries)?"
        )
    if code == 413:
        return StoreError(f"{url} refused a request as too large (HTTP 413){said}: push with a smaller --chunk")
    if code == 415:
        return StoreError(f"{url} does not accept {NTRIPLES} (HTTP 415){said}: the server must take N-Triples uploads")
    if code >= 500:
        return StoreError(
            f"{url} failed to {action} (HTTP {code}){said}: the server reported an internal error, repeated "
            "after the retries — check its log (scripts/virtuoso: DIR/virtuoso.log) and that it has disk and memory"
        )
    return StoreError(f"{url} failed to {action} (HTTP {code}){said}")


# ---------------------------------------------------------------------------------------------
# upload


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
    built_graph_file(nt_file.parent, nt_file.name)
    base = _endpoint_url(endpoint, "Graph Store")
    graph = _graph_iri(graph_iri)
    url = base.copy_merge_params({"graph": graph})
    shown = _shown(base)
    login = auth if auth is not None else credentials_from_env()
    lead = _ontology_ntriples() if with_ontology else []

    started = time.perf_counter()
    sent = chunks = repeated = 0
    headers = {"Content-Type": NTRIPLES}
    timeout = check_timeout(timeout)
    with httpx.Client(auth=_auth(login), timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)) as client:
        for chunk in _chunks(nt_file, chunk_triples, lead):
            method = "PUT" if chunks == 0 else "POST"
            response, again = _send(
                client,
                method,
                url,
                retries=retries,
                backoff=backoff,
                retry_status=_RETRY_STATUS,
                timeout=timeout,
                content=b"".join(chunk),
                headers=headers,
            )
            repeated += again
            if not response.is_success:
                done = f"; {chunks} of the chunks were written, so push again to replace the graph" if chunks else ""
                error = _refused(response, shown, login, f"write graph <{graph}>")
                raise StoreError(f"{error}{done}") from None
            chunks += 1
            sent += len(chunk)
            if on_chunk is not None:
                on_chunk(chunks, sent)
        if chunks == 0:  # an empty file still replaces the graph: with nothing
            response, again = _send(
                client,
                "PUT",
                url,
                retries=retries,
                backoff=backoff,
                retry_status=_RETRY_STATUS,
                timeout=timeout,
                content=b"",
                headers=headers,
            )
            repeated += again
            if not response.is_success:
                raise _refused(response, shown, login, f"write graph <{graph}>")
    return PushSummary(shown, graph, sent, chunks, repeated, round(time.perf_counter() - started, 3))


# ---------------------------------------------------------------------------------------------
# queries


def _code_only(text: str) -> str:
    """The query's tokens with comments dropped and strings and IRIs blanked, for reading keywords.

    The lexer is the guard's (:func:`~tmb_graph.query.guard.sparql_tokens`): one reading of a
    query for every check.

    Examples
    --------
    >>> _code_only('SELECT ?x # INSERT\\nWHERE { ?x <http://e/#y> "DROP" }')
    'SELECT ?x WHERE { ?x <> "" }'
    """
    blank = {"string": '""', "iri": "<>"}
    return " ".join(blank.get(t.kind, t.text) for t in sparql_tokens(text))


def query_form(text: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``).

    Raises
    ------
    ReadOnlyError
        For a SPARQL Update, an update keyword anywhere in the text (outside strings, IRIs and
        comments), Virtuoso's ``bif:``/``sql:`` extension functions, or any text that does not
        open (after its prologue) with one of the four query forms.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p ?o }")
    'SELECT'
    >>> query_form("# it's a comment\\nINSERT DATA { <http://e/a> <http://e/b> 1 }")
    Traceback (most recent call last):
    ...
    tmb_graph.query.sparql.ReadOnlyError: this is a SPARQL UPDATE (INSERT); a remote endpoint is only queried, never changed — push a rebuilt graph with `tmb push sparql` instead
    """
    code = _code_only(text)
    word = _UPDATE_WORD.search(code)
    if is_update(text) or word is not None:
        keyword = word.group(1).upper() if word is not None else "update"
        raise ReadOnlyError(
            f"this is a SPARQL UPDATE ({keyword}); a remote endpoint is only queried, never changed — "
            "push a rebuilt graph with `tmb push sparql` instead"
        )
    if (vendor := _VENDOR_PREFIX.search(code)) is not None:
        raise ReadOnlyError(
            f"'{vendor.group(1)}:' calls server procedures (a Virtuoso extension); remote queries are standard "
            "SPARQL 1.1 only"
        )
    pos = 0
    while (m := _PROLOGUE.match(code, pos)) is not None:
        pos = m.end()
    m = _FORM.match(code, pos)
    form = m.group(1).upper() if m is not None else ""
    if form not in _QUERY_FORMS:
        raise ReadOnlyError(
            f"a remote query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query (after its PREFIX lines), "
            f"not '{form or text.strip()[:20]}'"
        )
    return form


def values_clause(params: Mapping[str, ParamValue]) -> str:
    """A trailing ``VALUES`` clause binding each parameter to its RDF term (or ``""``).

    Each value becomes the literal :func:`~tmb_graph.query.sparql.to_term` makes of it, written
    by pyoxigraph's term serialiser, so no value can end the literal or add query text.

    Examples
    --------
    >>> import datetime as dt
    >>> print(values_clause({"at": dt.date(2019, 10, 1), "org": 'x" } DROP ALL #'}))
    VALUES (?at ?org) { ("2019-10-01"^^<http://www.w3.org/2001/XMLSchema#date> "x\\" } DROP ALL #") }
    """
    if not params:
        return ""
    for name in params:
        if not _PARAM_NAME.match(name):
            raise TmbError(f"parameter name '{name}' is not a SPARQL variable name (letters, digits, _)")
        value = params[name]
        if isinstance(value, str) and len(value) > MAX_PARAM_CHARS:
            raise TmbError(
                f"parameter '{name}' is {len(value)} characters long; a remote query takes at most "
                f"{MAX_PARAM_CHARS} per value (servers limit row sizes) — use the embedded store for it"
            )
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(to_term(value)) for value in params.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def _blanked(text: str) -> str:
    """``text`` of the same length with comments, strings and IRIs blanked (positions kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        j = i + 1
        if c == "#":
            end = text.find("\n", i)
            j = n if end < 0 else end
        elif c in "\"'":
            if text.startswith(c * 3, i):
                j = i + 3
                while j < n and not text.startswith(c * 3, j):
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 3, n)
            else:
                while j < n and text[j] not in (c, "\n"):
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 1, n)
        elif c == "<" and (m := _IRI.match(text, i)) is not None:
            j = m.end()
        else:
            i += 1
            continue
        out[i:j] = " " * (j - i)
        i = j
    return "".join(out)


_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def remote_text(text: str, params: Mapping[str, ParamValue] | None = None) -> str:
    """The text sent to the server: the project's PREFIX lines and the query with its parameters.

    The ``VALUES`` block goes first inside the query's ``WHERE`` group, so the parameters are
    bound for every pattern and ``FILTER`` of that group, as the embedded store's substitution
    binds them; a query without a ``WHERE {`` gets it as a trailing clause.

    Examples
    --------
    >>> remote_text("SELECT ?x ?at WHERE { ?x ?p ?d FILTER(?d <= ?at) }", {"at": 3}).splitlines()[-1]
    'SELECT ?x ?at WHERE { VALUES (?at) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?x ?p ?d FILTER(?d <= ?at) }'
    """
    prologue = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
    values = values_clause(params or {})
    body = text.rstrip()
    if not values:
        return f"{prologue}{body}\n"
    where = _WHERE_BRACE.search(_blanked(body))
    if where is None:
        return f"{prologue}{body}\n{values}\n"
    return f"{prologue}{body[: where.end()]} {values}{body[where.end() :]}\n"


_INTEGERS = frozenset({XSD + "integer", XSD + "int", XSD + "long"})
_DECIMALS = frozenset({XSD + "decimal", XSD + "double", XSD + "float"})


def from_json(binding: Mapping[str, Any] | None) -> Any:
    """A plain Python value for a SPARQL JSON result term, as :func:`~tmb_graph.query.sparql.from_term` gives.

    IRIs and blank nodes become their value; integers, decimals and booleans their Python type;
    other literals their lexical form. Virtuoso's booleans (``"1"^^xsd:boolean``) are read too.

    Examples
    --------
    >>> from_json({"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"})
    True
    >>> from_json({"type": "literal", "datatype": XSD + "integer", "value": "42"})
    42
    """
    if binding is None:
        return None
    value = str(binding.get("value", ""))
    if binding.get("type") not in ("literal", "typed-literal"):
        return value
    dtype = str(binding.get("datatype", ""))
    if dtype == XSD + "boolean":
        return value in ("true", "1")
    if dtype in _INTEGERS or dtype in _DECIMALS:
        try:
            return from_term(ox.Literal(value, datatype=ox.NamedNode(dtype)))
        except ValueError:
            return value
    return value


class RemoteSparql:
    """A remote SPARQL 1.1 Protocol endpoint, queried read-only with the project's prefixes.

    Parameters
    ----------
    endpoint : str
        The query endpoint, e.g. ``http://127.0.0.1:8890/sparql`` (Virtuoso).
    auth : tuple[str, str], optional
        ``(user, password)`` for an endpoint that needs a login (Digest or Basic, as asked);
        default: :func:`credentials_from_env`.
    graphs : sequence of str, optional
        Named graphs whose union is the query's default graph (``default-graph-uri``), e.g. the
        graphs :func:`push_graph` wrote. Without them the server's default graph is used
        (Virtuoso: every graph it holds, its own system graphs included).
    timeout : float
        Seconds a query may take, repetitions included (connecting: at most
        :data:`CONNECT_TIMEOUT` of them).
    retries : int
        Repetitions after a connection error or a 502/503/504 answer.

    Examples
    --------
    >>> with RemoteSparql("http://127.0.0.1:8890/sparql", graphs=[GRAPH]) as remote:   # doctest: +SKIP
    ...     remote.query(library_query.sparql, {"org": "org-kfsk"}).rows
    """

    def __init__(
        self,
        endpoint: str,
        auth: tuple[str, str] | None = None,
        *,
        graphs: Sequence[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self.url = _endpoint_url(endpoint, "SPARQL")
        self.endpoint = _shown(self.url)
        self.graphs = [_graph_iri(g) for g in graphs]
        self.retries = retries
        self.backoff = backoff
        self._auth = auth if auth is not None else credentials_from_env()
        self.timeout = check_timeout(timeout)
        self._client = httpx.Client(
            auth=_auth(self._auth), timeout=httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> RemoteSparql:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def query(
        self, text: str, params: Mapping[str, ParamValue] | None = None, allow_network: bool = False
    ) -> QueryResult:
        """Run a read-only query with bound parameters on the server.

        Parameters
        ----------
        text : str
            A SPARQL 1.1 ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` query; the project's
            prefixes (``tmb:``, ``org:``, ``prov:`` ...) are predeclared. It must not end in a
            ``VALUES`` clause of its own when parameters are given.
        params : mapping, optional
            Values for the query's variables of the same names (``?at`` ← ``at``), bound by a
            trailing ``VALUES`` clause (see the module notes on ``FILTER``-only parameters).
        allow_network : bool
            Permit ``SERVICE`` (the server would call another server); refused otherwise
            before anything is sent (:func:`~tmb_graph.query.guard.check_sparql`).

        Returns
        -------
        QueryResult
            SELECT: its variables (parameter columns dropped, as the embedded store does) and
            rows of plain Python values; ASK: one ``ask`` column; CONSTRUCT/DESCRIBE:
            ``subject, predicate, object`` rows.

        Raises
        ------
        ReadOnlyError
            For an update or any text that is not one of the four query forms.
        NetworkRefused, QueryTooComplex
            For ``SERVICE`` without ``allow_network``, or absurd nesting.
        QueryTimeout
            When no answer comes within the client's ``timeout``.
        TmbError
            For an unknown or unused parameter, or a query the server rejects (its message).
        StoreError
            When the server cannot be reached or refuses (the URL and what to check).
        """
        params = dict(params or {})
        form = query_form(text)
        check_sparql(text, allow_network, PREFIXES)  # SERVICE would make the server call out
        for name in params:
            if not _PARAM_NAME.match(name):
                raise TmbError(f"parameter name '{name}' is not a SPARQL variable name (letters, digits, _)")
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise TmbError(f"parameter '{name}' is not used by the query (no ?{name} in it)")
        payload = self._post(remote_text(text, params), form, params=list(params))
        return self._result(payload, form, set(params))

    def triple_count(self, graph_iri: str | None = None) -> int:
        """How many triples a named graph holds (or the default graph, when ``None``).

        Examples
        --------
        >>> remote.triple_count("https://w3id.org/tmb-graph/data/skane-2018-2020")   # doctest: +SKIP
        12204
        """
        if graph_iri is None:
            text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            payload = self._post(remote_text(text), "SELECT")
        else:
            iri = str(ox.NamedNode(_graph_iri(graph_iri)))
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
            payload = self._post(remote_text(text), "SELECT", dataset=False)
        rows = self._result(payload, "SELECT", set()).rows
        return int(rows[0][0]) if rows else 0

    def _post(self, text: str, form: str, dataset: bool = True, params: Sequence[str] = ()) -> httpx.Response:
        data: dict[str, str | list[str]] = {"query": text}
        if dataset and self.graphs:
            data["default-graph-uri"] = list(self.graphs)
        accept = RESULTS_JSON if form in ("SELECT", "ASK") else f"{NTRIPLES}, text/plain;q=0.9, {RESULTS_JSON};q=0.5"
        response, _ = _send(
            self._client,
            "POST",
            self.url,
            retries=self.retries,
            backoff=self.backoff,
            retry_status=_QUERY_RETRY_STATUS,
            timeout=self.timeout,
            data=data,
            headers={"Accept": accept},
        )
        if response.status_code in (400, 500):
            said = _server_text(response, 100000, self._auth).split(" SPARQL query:")[0][:600]  # Virtuoso echoes it
            if params and (unbound := next((p for p in params if f"No column {p}" in said), None)):
                said += f" — list the parameter ?{unbound} in the SELECT clause (the embedded store needs that too)"
            raise TmbError(
                f"the SPARQL server at {self.endpoint} rejected the query (HTTP {response.status_code}): {said}"
            )
        if not response.is_success:
            raise _refused(response, self.endpoint, self._auth, "answer the query", write=False)
        return response

    def _result(self, response: httpx.Response, form: str, params: set[str]) -> QueryResult:
        ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in (NTRIPLES, "text/plain", "text/turtle"):
            fmt = ox.RdfFormat.TURTLE if ctype == "text/turtle" else ox.RdfFormat.N_TRIPLES
            try:
                triples = list(ox.parse(response.content, format=fmt))
            except SyntaxError as exc:
                raise TmbError(f"the SPARQL server at {self.endpoint} sent unreadable RDF: {exc}") from None
            spo = [(t.subject, t.predicate, t.object) for t in triples]
            rows = [tuple(from_term(x) for x in t) for t in spo]
            terms = [tuple(term_json(x) for x in t) for t in spo]
            return QueryResult(["subject", "predicate", "object"], rows, "graph", terms)
        try:
            payload = response.json()
        except ValueError:
            raise TmbError(
                f"the SPARQL server at {self.endpoint} did not answer with SPARQL JSON results "
                f"(content type '{ctype}'): {_server_text(response, auth=self._auth)}"
            ) from None
        if not isinstance(payload, dict):
            raise TmbError(f"the SPARQL server at {self.endpoint} sent JSON that is not a SPARQL result")
        if "boolean" in payload:
            return _ask(bool(payload["boolean"]))
        variables = [str(v) for v in payload.get("head", {}).get("vars", [])]
        bindings = payload.get("results", {}).get("bindings", [])
        if form == "ASK":  # Virtuoso answers ASK as a one-column SELECT (__ASK_RETVAL)
            truth = bool(bindings) and all(
                from_json(b.get(v)) not in (0, False) for b in bindings[:1] for v in variables
            )
            return _ask(truth)
        if form in ("CONSTRUCT", "DESCRIBE"):
            variables = variables[:3]
            rows = [tuple(from_json(b.get(v)) for v in variables) for b in bindings]
            terms = [tuple(normal_term(b.get(v)) for v in variables) for b in bindings]
            return QueryResult(["subject", "predicate", "object"], rows, "graph", terms)
        columns = [v for v in variables if v not in params]
        rows = [tuple(from_json(b.get(c)) for c in columns) for b in bindings]
        return QueryResult(columns, rows, "select", [tuple(normal_term(b.get(c)) for c in columns) for b in bindings])


def _ask(truth: bool) -> QueryResult:
    """The result of an ASK query (its one term an ``xsd:boolean``)."""
    return QueryResult(["ask"], [(truth,)], "ask", [(term_json(ox.Literal(truth)),)])
