"""Queries are read-only and parameters are values: updates are refused, injections find nothing.

Both embedded engines run every library question with hostile parameter values; the values must
be bound as plain literals (no rows, no error from a spliced-in fragment) and the stores must hold
exactly what they held before.
"""

from __future__ import annotations

import pytest

from tmb_graph.errors import TmbError
from tmb_graph.query.falkordb_store import FalkorStore
from tmb_graph.query.library import load_library
from tmb_graph.query.params import parse_params
from tmb_graph.query.sparql import ReadOnlyError, SparqlStore

LIBRARY = load_library()
PARAMETERISED = [(q.name, p) for q in LIBRARY for p in q.params]
INJECTIONS = [
    '"} DROP ALL #',
    "' OR 1=1 //",
    'x") DETACH DELETE n //',
    "} ; CLEAR ALL ; SELECT * WHERE { ?s ?p ?o",
    "'}) MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    '" . ?s ?p ?o } #',
    "org-kfsk' OR '1'='1",
    "$at ?at <http://example.org/x>",
]
SPARQL_UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "LOAD <http://example.org/evil.ttl>",
    "PREFIX ex: <http://example.org/>\n# a comment\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "  with <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]
CYPHER_WRITES = [
    "CREATE (n:Evil {id: 'x'}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MERGE (n:Organisation {id: 'org-evil'}) RETURN n.id AS id",
    "MATCH (n:Organisation) SET n.name = 'pwned' RETURN count(n) AS n",
    "MATCH (n:Organisation {id: 'org-kfsk'}) REMOVE n.name RETURN n.id AS id",
    "MATCH (a:Body), (b:Body) CREATE (a)-[:EVIL]->(b)",
]


def triples(store: SparqlStore) -> int:
    return int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])


def graph_size(store: FalkorStore) -> tuple[int, int, int]:
    nodes = store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
    rels = store.query("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
    names = store.query("MATCH (n:Organisation) WHERE n.name IS NOT NULL RETURN count(n) AS n").rows[0][0]
    return int(nodes), int(rels), int(names)


@pytest.mark.parametrize("text", SPARQL_UPDATES)
def test_sparql_update_is_refused(sparql: SparqlStore, text: str) -> None:
    before = triples(sparql)
    with pytest.raises(ReadOnlyError, match="read-only"):
        sparql.query(text)
    assert triples(sparql) == before == len(sparql)


@pytest.mark.parametrize("text", CYPHER_WRITES)
def test_cypher_write_is_refused(cypher: FalkorStore, text: str) -> None:
    before = graph_size(cypher)
    with pytest.raises(TmbError, match="read-only"):
        cypher.query(text)
    assert graph_size(cypher) == before


def test_parameterised_questions_exist() -> None:
    assert {"at", "seat", "person", "node"} <= {p for _, p in PARAMETERISED}


@pytest.mark.parametrize(("name", "param"), PARAMETERISED)
def test_hostile_parameter_values_are_plain_values(
    name: str, param: str, sparql: SparqlStore, cypher: FalkorStore
) -> None:
    q = next(q for q in LIBRARY if q.name == name)
    before = (triples(sparql), graph_size(cypher))
    for value in INJECTIONS:
        params = {**q.example_params(), **parse_params([f"{param}={value}"])}
        assert params[param] == value  # typed as a string, not as anything executable
        assert sparql.query(q.sparql, params).rows == [], f"{name}: SPARQL {param}={value!r}"
        assert cypher.query(q.cypher, params).rows == [], f"{name}: Cypher {param}={value!r}"
    assert (triples(sparql), graph_size(cypher)) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_hostile_values_match_no_identifier(value: str, sparql: SparqlStore, cypher: FalkorStore) -> None:
    before = (triples(sparql), graph_size(cypher))
    got = sparql.query("SELECT ?s ?x WHERE { ?s dcterms:identifier ?x }", {"x": value})
    assert got.rows == []
    assert cypher.query("MATCH (n) WHERE n.id = $x RETURN n.id AS id", {"x": value}).rows == []
    assert cypher.query("MATCH (n {id: $x}) RETURN n.id AS id", {"x": value}).rows == []
    assert (triples(sparql), graph_size(cypher)) == before


def test_the_stores_still_answer_after_the_attempts(sparql: SparqlStore, cypher: FalkorStore) -> None:
    q = next(q for q in LIBRARY if q.name == "signatories_without_seat")
    assert (
        sparql.query(q.sparql).as_set()
        == cypher.query(q.cypher).as_set()
        == {("prog-stmb", "org-tullverket", "Tullverket")}
    )
