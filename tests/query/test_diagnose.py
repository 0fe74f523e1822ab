"""A misspelt prefix, class or label is named with what was probably meant; a correct query is never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmb_graph.errors import TmbError
from tmb_graph.query.diagnose import (
    ask_cypher,
    ask_sparql,
    check_sparql_prefixes,
    property_graph_names,
    store_terms,
    unknown_cypher_names,
    unknown_sparql_terms,
)
from tmb_graph.query.library import load_library
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.rdf.namespaces import PREFIXES


def test_an_unknown_prefix_is_named_with_the_declared_ones() -> None:
    with pytest.raises(TmbError) as err:
        check_sparql_prefixes("SELECT ?b WHERE { ?b a tmbx:Body }")
    message = str(err.value)
    assert "unknown prefix 'tmbx:'" in message and "did you mean 'tmb:'" in message
    assert "Declared prefixes: tmb:, tmbc:" in message and "u{" not in message  # no parser dump


def test_prefixes_in_strings_iris_comments_and_declarations_are_not_judged() -> None:
    check_sparql_prefixes(
        'PREFIX ex: <http://example.org/>\n# nope: a comment\nSELECT ?s WHERE { ?s ex:p "x:y" ; <urn:a:b> ?o ; '
        'rdfs:label ?l FILTER(?o = "2019-10-01"^^xsd:date) }'
    )


def test_a_misspelt_class_in_an_empty_answer_is_named(sparql: SparqlStore) -> None:
    with pytest.raises(TmbError, match=r"tmb:Bdy occurs nowhere.*did you mean tmb:Body"):
        ask_sparql(sparql, "SELECT ?b WHERE { ?b a tmb:Bdy }")
    with pytest.raises(TmbError, match=r"org:membr occurs nowhere.*did you mean org:member"):
        ask_sparql(sparql, "SELECT ?p WHERE { ?m org:membr ?p }")


def test_a_valid_question_with_no_answer_is_not_an_error(sparql: SparqlStore) -> None:
    result = ask_sparql(sparql, "SELECT ?b WHERE { ?b a tmb:Body ; dcterms:identifier 'no-such-body' }")
    assert result.rows == []


def test_a_misspelt_label_or_relationship_type_in_cypher_is_named(graph_dir: Path) -> None:
    labels, types = property_graph_names()
    assert unknown_cypher_names("MATCH (b:Bdy)-[:HOLD]->(m) RETURN b", labels, types) == [
        "no node label ':Bdy' in the property graph; did you mean ':Body'?",
        "no relationship type ':HOLD' in the property graph; did you mean ':HOLDS'?",
    ]
    with pytest.raises(TmbError, match="did you mean ':Body'"):
        ask_cypher(graph_dir, "MATCH (b:Bdy) RETURN b.id AS id")


def test_no_library_question_is_judged_wrong(sparql: SparqlStore) -> None:
    known = store_terms(sparql.store)
    labels, types = property_graph_names()
    for q in load_library():
        assert q.sparql is not None and q.cypher is not None
        check_sparql_prefixes(q.sparql)
        assert unknown_sparql_terms(q.sparql, known) == [], q.name
        assert unknown_cypher_names(q.cypher, labels, types) == [], q.name


def test_names_inside_strings_and_base_declarations_are_not_judged_the_guard_and_the_diagnosis_read_alike() -> None:
    # one lexer per language (query/guard.py): what the network guard takes for a string, the
    # diagnosis does too, so an IRI or a label written inside a literal is never a term of the query
    known = {PREFIXES["tmb"] + "Body"}
    assert (
        unknown_sparql_terms('BASE <http://example.org/> SELECT * { ?b a tmb:Body ; ?p "<urn:x> tmb:Bdy" }', known)
        == []
    )
    assert unknown_sparql_terms("SELECT * { ?b a tmb:Bdy ; ?p _:blank }", known) == [
        "tmb:Bdy occurs nowhere in the graph or its ontology; did you mean tmb:Body?"
    ]
    labels, types = ["Body"], ["HOLDS"]
    assert unknown_cypher_names("MATCH (b:Body {name: '(x:Bdy)'}) /* (y:Nope) */ RETURN b", labels, types) == []
    assert unknown_cypher_names("MATCH (b:Body) WHERE b:Bdy RETURN b", labels, types) == [
        "no node label ':Bdy' in the property graph; did you mean ':Body'?"
    ]
