"""A query cannot reach the network or overwhelm a parser unless the user says so.

The guard reads queries with a lexer, so keywords inside strings, comments, IRIs, prefixed names
and variables are no keywords, and lowercase ones are. ``SERVICE``, ``LOAD`` and ``LOAD CSV``
are refused without ``allow_network``; ``file:`` addresses always; a process that called
:func:`forbid_network` (or runs with ``TMB_NETWORK=never``) refuses them whatever is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import tmb_graph.query.guard as guard
from tmb_graph.query.falkordb_store import FalkorStore
from tmb_graph.query.guard import (
    MAX_CYPHER_NESTING,
    MAX_QUERY_CHARS,
    MAX_SPARQL_NESTING,
    NetworkRefused,
    QueryTooComplex,
    check_cypher,
    check_sparql,
)
from tmb_graph.query.sparql import ReadOnlyError, SparqlStore
from tmb_graph.rdf.namespaces import PREFIXES

pytestmark = pytest.mark.usefixtures("network_unlocked")

CALLS_OUT = [
    "SELECT * WHERE { SERVICE <http://10.255.255.1/> { ?s ?p ?o } }",
    "select * where { service <http://10.255.255.1/> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <https://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://e.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o }SERVICE<http://e.org/>{}",
    "PREFIX x: <http://e.org/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://e.org/> AS ?where) SERVICE ?where { ?s ?p ?o } }",
    "# a comment\nSELECT * WHERE {\n  SERVICE # hidden\n <http://e.org/> { ?s ?p ?o } }",
]
STAYS_HOME = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://e.org/> { }" }',
    "SELECT * WHERE { ?s ?p '''LOAD <http://e.org/x>''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://e.org/> { }",
    "SELECT ?service ?load WHERE { ?service ?load ?o }",
    "PREFIX service: <http://e.org/> SELECT * WHERE { ?s service:load ?o }",
    "SELECT * WHERE { ?s <http://e.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(LANG(?o) = 'service') }",
    'SELECT * WHERE { ?s ?p "x"@service }',
]
CYPHER_CALLS_OUT = [
    "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row",
    'load csv with headers from "http://10.255.255.1/x.csv" AS row RETURN row',
    "MATCH (n) WITH n LOAD CSV FROM $url AS row RETURN row",
    "/* a */ LOAD /* b */ CSV FROM 'https://e.org/x' AS r RETURN r",
]
CYPHER_STAYS_HOME = [
    "MATCH (n) WHERE n.note = 'LOAD CSV FROM https://e.org' RETURN n",
    "MATCH (n) RETURN n.load, n.csv // LOAD CSV FROM 'https://e.org'",
    "MATCH (n:Load) RETURN n.load AS csv",
    "RETURN `load csv` AS x",
]


@pytest.fixture
def forbidden() -> Iterator[None]:
    """This process forbids the network, as a server does; restored afterwards."""
    before = guard._forbidden
    guard.forbid_network()
    yield
    guard._forbidden = before


@pytest.mark.parametrize("text", CALLS_OUT)
def test_service_is_refused_without_the_opt_in(text: str) -> None:
    with pytest.raises(NetworkRefused, match="--allow-network"):
        check_sparql(text, prefixes=PREFIXES)
    check_sparql(text, allow_network=True, prefixes=PREFIXES)


@pytest.mark.parametrize("text", STAYS_HOME)
def test_keywords_in_strings_comments_iris_and_names_are_not_refused(text: str) -> None:
    check_sparql(text, prefixes=PREFIXES)


def test_load_needs_the_network_opt_in_even_as_an_allowed_update(sparql: SparqlStore) -> None:
    with pytest.raises(NetworkRefused, match=re.escape("LOAD <http://10.255.255.1/x.ttl>")):
        sparql.query("LOAD <http://10.255.255.1/x.ttl>", allow_update=True)
    with pytest.raises(NetworkRefused, match="LOAD"):
        sparql.query("load silent <http://10.255.255.1/x.ttl> into graph <http://e.org/g>", allow_update=True)


def test_an_update_without_allow_update_is_refused_as_an_update_first(sparql: SparqlStore) -> None:
    with pytest.raises(ReadOnlyError, match="read-only"):
        sparql.query("LOAD <http://10.255.255.1/x.ttl>")


def test_the_embedded_store_refuses_service_before_parsing(sparql: SparqlStore) -> None:
    with pytest.raises(NetworkRefused, match=re.escape("SERVICE <http://10.255.255.1/>")):
        sparql.query("SELECT * WHERE { SERVICE <http://10.255.255.1/> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "PREFIX f: <file:///etc/> SELECT * WHERE { SERVICE f:passwd { ?s ?p ?o } }",
        "LOAD <file:///etc/hosts>",
    ],
)
def test_file_addresses_are_a_clear_error_even_with_the_opt_in(text: str, sparql: SparqlStore) -> None:
    with pytest.raises(NetworkRefused, match="file: addresses are not read"):
        sparql.query(text, allow_update=True, allow_network=True)


def test_a_forbidding_process_ignores_the_opt_in(forbidden: None) -> None:
    with pytest.raises(NetworkRefused, match="never allows it"):
        check_sparql("SELECT * WHERE { SERVICE <http://e.org/> { } }", allow_network=True)
    with pytest.raises(NetworkRefused, match="never allows it"):
        check_cypher("LOAD CSV FROM 'https://e.org/x' AS r RETURN r", allow_network=True)


def test_tmb_network_never_ignores_the_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMB_NETWORK", "never")
    with pytest.raises(NetworkRefused, match="never allows it"):
        check_sparql("SELECT * WHERE { SERVICE <http://e.org/> { } }", allow_network=True)


@pytest.mark.parametrize("text", CYPHER_CALLS_OUT)
def test_load_csv_is_refused_without_the_opt_in(text: str) -> None:
    with pytest.raises(NetworkRefused, match="LOAD CSV"):
        check_cypher(text, params={"url": "https://e.org/x.csv"})
    check_cypher(text, allow_network=True, params={"url": "https://e.org/x.csv"})


@pytest.mark.parametrize("text", CYPHER_STAYS_HOME)
def test_load_csv_in_strings_comments_and_names_is_not_refused(text: str) -> None:
    check_cypher(text)


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", {}),
        ("LOAD CSV FROM $f AS row RETURN row", {"f": "file:///etc/passwd"}),
    ],
)
def test_load_csv_from_a_file_is_a_clear_error(text: str, params: dict[str, object]) -> None:
    with pytest.raises(NetworkRefused, match="file: addresses are not read"):
        check_cypher(text, allow_network=True, params=params)


def test_the_cypher_store_refuses_load_csv_before_the_server_sees_it(cypher: FalkorStore) -> None:
    with pytest.raises(NetworkRefused, match="--allow-network"):
        cypher.query("LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN count(row) AS n")
    assert cypher.query("RETURN 1 AS one").rows == [(1,)]


def test_sparql_nesting_is_refused_past_the_limit() -> None:
    def nested(depth: int) -> str:
        return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth

    check_sparql(nested(MAX_SPARQL_NESTING))
    with pytest.raises(QueryTooComplex, match=f"more than {MAX_SPARQL_NESTING} deep"):
        check_sparql(nested(MAX_SPARQL_NESTING + 1))
    with pytest.raises(QueryTooComplex):
        check_sparql("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")
    check_sparql("SELECT * WHERE { ?s ?p '" + "{" * 5000 + "' }")  # in a string: no nesting


def test_cypher_nesting_is_refused_past_the_limit() -> None:
    check_cypher("RETURN " + "(" * MAX_CYPHER_NESTING + "1" + ")" * MAX_CYPHER_NESTING + " AS x")
    with pytest.raises(QueryTooComplex, match=f"more than {MAX_CYPHER_NESTING} deep"):
        check_cypher("RETURN " + "(" * 30 + "1" + ")" * 30 + " AS x")
    with pytest.raises(QueryTooComplex):
        check_cypher("RETURN " + "[" * 20 + "1" + "]" * 20 + " AS x")
    check_cypher("RETURN '" + "(" * 100 + "' AS x")


def test_a_query_longer_than_the_limit_is_refused_before_it_is_read() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS
    with pytest.raises(QueryTooComplex, match="characters long"):
        check_sparql(text)
    with pytest.raises(QueryTooComplex, match="characters long"):
        check_cypher("RETURN 1 //" + "x" * MAX_QUERY_CHARS)
