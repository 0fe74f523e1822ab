"""What pyrudof is given is what pySHACL is given, and one engine per process judges every graph afresh."""

from __future__ import annotations

from rdflib import Graph

from tests.conftest import MINI, MINI_SOURCES
from tmb_graph.ontology import ontology_file
from tmb_graph.validate.run import validate_folder
from tmb_graph.validate.shacl import _fixed_data, _shapes_text, fast_conforms


def test_the_concepts_and_terms_pyrudof_reads_are_the_triples_rdflib_reads() -> None:
    read = Graph().parse(data=_fixed_data(), format="nt")
    # parsed fresh, as ontology.concepts() and terms() do (their cached graphs are shared)
    expected = {t for name in ("concepts.ttl", "tmb.ttl") for t in Graph().parse(ontology_file(name), format="turtle")}
    assert len(expected) > 1000
    assert set(read) == expected


def test_the_shapes_pyrudof_reads_are_the_shapes_pyshacl_reads() -> None:
    read = Graph().parse(data=_shapes_text(), format="turtle")
    # what ontology.shapes() parses, fresh: pySHACL adds two RDFS axioms to the cached graph it is given
    parsed = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    assert len(read) == len(parsed) > 100
    assert read.isomorphic(parsed)  # the shapes hold lists (blank nodes): compared as graphs


def test_the_reused_engine_judges_each_graph_afresh() -> None:
    valid = validate_folder(MINI, MINI_SOURCES).graph
    without_status = Graph()  # every activity must have one status (sh:minCount 1)
    for triple in valid:
        if not str(triple[1]).endswith("#status"):
            without_status.add(triple)
    assert len(without_status) < len(valid)
    verdicts = [fast_conforms(g) for g in (valid, without_status, valid, without_status, valid)]
    assert verdicts == [True, False, True, False, True]
