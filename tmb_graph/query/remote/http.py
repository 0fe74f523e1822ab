"""Talking to a SPARQL server: checked addresses, requests with retry under one deadline, clear errors.

:func:`send` repeats a request after connection errors and the given 5xx answers with exponential
backoff, all attempts sharing one deadline; :func:`refused` turns a 4xx/5xx answer into a message
that says what the server said (credentials redacted) and what to check.

Examples
--------
>>> shown_url(endpoint_url("http://127.0.0.1:8890/sparql", "SPARQL"))
'http://127.0.0.1:8890/sparql'
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence

import httpx
import pyoxigraph as ox

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT, QueryTimeout
from tmb_graph.query.remote.auth import PASSWORD_ENV, USER_ENV, redact

#: media types of an N-Triples upload and of SPARQL JSON results
NTRIPLES = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"
RETRY_STATUS = frozenset({500, 502, 503, 504})
QUERY_RETRY_STATUS = frozenset({502, 503, 504})
_TAG = re.compile(r"<[^>]*>")
#: seconds to wait for a TCP connection to a server (the rest of the deadline goes to the answer)
CONNECT_TIMEOUT = 5.0


def endpoint_url(endpoint: str, role: str) -> httpx.URL:
    """Check an endpoint URL: http(s), a host, no credentials inside it."""
    try:
        url = httpx.URL(endpoint)
    except (httpx.InvalidURL, TypeError) as exc:
        raise TmbError(
            f"{role} endpoint '{endpoint}' is not a URL ({exc}); e.g. http://127.0.0.1:8890/sparql"
        ) from None
    if url.userinfo:
        raise TmbError(
            f"{role} endpoint {shown_url(url)}: do not put credentials in the URL; set {USER_ENV} and {PASSWORD_ENV}"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise TmbError(
            f"{role} endpoint '{endpoint}' is not an http(s) URL with a host, e.g. http://127.0.0.1:8890/sparql"
        )
    return url


def shown_url(url: httpx.URL) -> str:
    """A URL as it may be printed: without user information."""
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


def checked_graph(graph_iri: str) -> str:
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


def server_text(response: httpx.Response, limit: int = 300, auth: tuple[str, str] | None = None) -> str:
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


def send(
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
            raise _too_slow(shown_url(url), timeout, attempt)
        limit = httpx.Timeout(left, connect=min(CONNECT_TIMEOUT, left))
        pause = min(backoff * 2**attempt, 30.0)
        again = attempt < retries and time.monotonic() + pause < deadline
        try:
            response = client.request(method, url, content=content, data=data, headers=headers, timeout=limit)
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            if not (again and time.monotonic() + pause < deadline):
                raise _too_slow(shown_url(url), timeout, attempt + 1) from None
        except httpx.TransportError as exc:  # connection refused, reset, timed out connecting ...
            if not (again and time.monotonic() + pause < deadline):
                raise _unreachable(shown_url(url), exc, attempt + 1) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"request to {shown_url(url)} failed: {type(exc).__name__}: {exc}") from None
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


def refused(
    response: httpx.Response, url: str, auth: tuple[str, str] | None, action: str, write: bool = True
) -> StoreError:
    """A clear error for a 4xx/5xx answer: what the server said and what to check."""
    code = response.status_code
    said = server_text(response, auth=auth)
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
