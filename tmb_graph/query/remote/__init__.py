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

from tmb_graph.query.remote.auth import PASSWORD_ENV, USER_ENV, credentials_from_env, redact
from tmb_graph.query.remote.http import CONNECT_TIMEOUT
from tmb_graph.query.remote.push import PushSummary, push_graph
from tmb_graph.query.remote.sparql import RemoteSparql
from tmb_graph.query.remote.text import MAX_PARAM_CHARS, from_json, query_form, remote_text, values_clause

__all__ = [
    "CONNECT_TIMEOUT",
    "MAX_PARAM_CHARS",
    "PASSWORD_ENV",
    "USER_ENV",
    "PushSummary",
    "RemoteSparql",
    "credentials_from_env",
    "from_json",
    "push_graph",
    "query_form",
    "redact",
    "remote_text",
    "values_clause",
]
