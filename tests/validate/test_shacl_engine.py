"""What pyrudof is given is what pySHACL is given, and one engine per process judges every graph afresh."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from tests.conftest import MINI, MINI_SOURCES
from tmb_graph.ontology import ontology_file
from tmb_graph.rdf.serialize import to_ntriples
from tmb_graph.validate.run import validate_folder
from tmb_graph.validate.shacl import _engine, _fixed_data, _shapes_text, fast_conforms


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


def _entries(report: Any) -> list[tuple[str, str, str, str]]:
    return sorted((str(v.focus_node), str(v.path), str(v.constraint_component), str(v.value)) for v in report)


def test_a_programme_staged_over_the_shared_data_gets_a_fresh_engine_s_violations() -> None:
    import pyrudof

    valid = validate_folder(MINI, MINI_SOURCES).graph
    broken = Graph()  # no status on any activity, and no label on any body: two kinds of violation
    for triple in valid:
        if not str(triple[1]).endswith(("#status", "#prefLabel")):
            broken.add(triple)
    staged = _engine(pyrudof)
    for graph in (valid, broken, valid):
        data = to_ntriples(graph)
        fresh = pyrudof.Rudof(pyrudof.RudofConfig())
        fresh.read_shacl(_shapes_text())
        fresh.read_data(data + _fixed_data(), format=pyrudof.RDFFormat.NTriples)
        want = fresh.validate_shacl()
        staged.begin_staging()
        try:
            staged.read_data(data, format=pyrudof.RDFFormat.NTriples, merge=True)
            got = staged.validate_shacl()
        finally:
            staged.rollback_staging()
        assert got.conforms == want.conforms
        assert _entries(got) == _entries(want)
    assert fast_conforms(broken) is False and fast_conforms(valid) is True
