"""Query a remote SPARQL 1.1 Protocol endpoint read-only: :class:`RemoteSparql`.

Anything that is not a ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` query is refused
before it leaves the machine; answers become the same :class:`~tmb_graph.query.result.QueryResult`
the embedded store gives.

Examples
--------
>>> remote = RemoteSparql("http://127.0.0.1:8890/sparql",
...                       graphs=["https://w3id.org/tmb-graph/data/skane-2018-2020"])  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import TracebackType

import httpx
import pyoxigraph as ox

from tmb_graph.errors import TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout
from tmb_graph.query.guard import check_sparql
from tmb_graph.query.params import ParamValue
from tmb_graph.query.remote.auth import credentials_from_env, http_auth
from tmb_graph.query.remote.http import (
    CONNECT_TIMEOUT,
    NTRIPLES,
    QUERY_RETRY_STATUS,
    RESULTS_JSON,
    checked_graph,
    endpoint_url,
    refused,
    send,
    server_text,
    shown_url,
)
from tmb_graph.query.remote.text import PARAM_NAME, from_json, query_form, remote_text
from tmb_graph.query.result import QueryResult, normal_term, term_json
from tmb_graph.query.sparql import from_term
from tmb_graph.rdf.namespaces import PREFIXES


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
        self.url = endpoint_url(endpoint, "SPARQL")
        self.endpoint = shown_url(self.url)
        self.graphs = [checked_graph(g) for g in graphs]
        self.retries = retries
        self.backoff = backoff
        self._auth = auth if auth is not None else credentials_from_env()
        self.timeout = check_timeout(timeout)
        self._client = httpx.Client(
            auth=http_auth(self._auth), timeout=httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
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
            if not PARAM_NAME.match(name):
                raise TmbError(f"parameter name '{name}' is not a SPARQL variable name (letters, digits, _)")
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise TmbError(f"parameter '{name}' is not used by the query (no ?{name} in it)")
        payload = self._post(remote_text(text, params), form, params=list(params))
        return self._result(payload, form, set(params))

    def set_graphs(self, graphs: Sequence[str]) -> None:
        """Ask the next queries within ``graphs`` (their union the default graph), on the same
        connection: one client for every programme of a dataset (a new one costs ~40 ms of CPU).

        Examples
        --------
        >>> remote.set_graphs(["https://w3id.org/tmb-graph/synthetic/uppsala-2021/"])   # doctest: +SKIP
        """
        self.graphs = [checked_graph(g) for g in graphs]

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
            iri = str(ox.NamedNode(checked_graph(graph_iri)))
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
            payload = self._post(remote_text(text), "SELECT", dataset=False)
        rows = self._result(payload, "SELECT", set()).rows
        return int(rows[0][0]) if rows else 0

    def _post(self, text: str, form: str, dataset: bool = True, params: Sequence[str] = ()) -> httpx.Response:
        data: dict[str, str | list[str]] = {"query": text}
        if dataset and self.graphs:
            data["default-graph-uri"] = list(self.graphs)
        accept = RESULTS_JSON if form in ("SELECT", "ASK") else f"{NTRIPLES}, text/plain;q=0.9, {RESULTS_JSON};q=0.5"
        response, _ = send(
            self._client,
            "POST",
            self.url,
            retries=self.retries,
            backoff=self.backoff,
            retry_status=QUERY_RETRY_STATUS,
            timeout=self.timeout,
            data=data,
            headers={"Accept": accept},
        )
        if response.status_code in (400, 500):
            said = server_text(response, 100000, self._auth).split(" SPARQL query:")[0][:600]  # Virtuoso echoes it
            if params and (unbound := next((p for p in params if f"No column {p}" in said), None)):
                said += f" — list the parameter ?{unbound} in the SELECT clause (the embedded store needs that too)"
            raise TmbError(
                f"the SPARQL server at {self.endpoint} rejected the query (HTTP {response.status_code}): {said}"
            )
        if not response.is_success:
            raise refused(response, self.endpoint, self._auth, "answer the query", write=False)
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
                f"(content type '{ctype}'): {server_text(response, auth=self._auth)}"
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
