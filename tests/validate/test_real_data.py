"""The real dataset validates, and every evidence snippet occurs verbatim in the source."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, PROV, RDF

from tests.conftest import MINI
from tmb_graph.model.loader import load_dataset
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.validate.evidence import check_evidence, check_sections, sources_of
from tmb_graph.validate.rules import check_rules
from tmb_graph.validate.run import validate_folder
from tmb_graph.validate.shacl import shacl_check


def test_real_data_passes_every_check(data_dir: Path, sources_dir: Path) -> None:
    result = validate_folder(data_dir, sources_dir)
    assert len(result.graph) > 5000
    assert any("checked against" in n for n in result.notes)


def test_every_evidence_snippet_is_verbatim_in_the_source(data_dir: Path, sources_dir: Path) -> None:
    ds, where = load_dataset(data_dir)
    text = (sources_dir / ds.document.file).read_text(encoding="utf-8")
    snippets = [s for _, _, s in sources_of(ds) if s.evidence]
    assert len(snippets) >= 150, "the dataset quotes its source widely"
    assert check_evidence(ds, where, text) == []
    assert check_sections(ds, text, "source") == []


def test_rules_pass_on_real_data(data_dir: Path) -> None:
    ds, where = load_dataset(data_dir)
    assert check_rules(ds, where) == []


def test_shacl_catches_a_named_person() -> None:
    ds, where = load_dataset(MINI)
    g = dataset_to_graph(ds)
    assert shacl_check(g, where) == []
    person = URIRef(ds.namespace + "p-a-1")
    g.add((person, FOAF.name, Literal("Anna Andersson")))
    issues = shacl_check(g, where)
    assert any("pseudonymous" in i.message and i.record == "p-a-1" for i in issues)


def test_shacl_catches_a_plan_asserted_as_an_event() -> None:
    ds, where = load_dataset(MINI)
    g = dataset_to_graph(ds)
    cancelled = URIRef(ds.namespace + "act-mini-followup")
    g.remove((cancelled, RDF.type, PROV.Plan))
    g.add((cancelled, RDF.type, PROV.Activity))
    issues = shacl_check(g, where)
    assert any("prov:Plan" in i.message for i in issues)
