"""The model is the one source of truth for the schema; the ontology must agree with it.

Fails when an enum value has no SKOS concept (or a concept no enum value), when a model field
has no ontology term, when a listed term is not declared, when a record with every field set
does not produce each listed term, or when the data uses a project term the model does not know.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME

from tmb_graph.model import records
from tmb_graph.model.enums import SCHEMES, AuthorityType, RoleType
from tmb_graph.model.loader import load_dataset
from tmb_graph.paths import ontology_dir
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.rdf.namespaces import TMB, TMBC, concept
from tmb_graph.rdf.terms import FIELD_TERMS, STRUCTURAL_TERMS

STANDARD = (str(ORG), str(PROV), str(DCTERMS), str(RDFS), str(SKOS), str(TIME), str(RDF))


@pytest.fixture(scope="module")
def concepts() -> Graph:
    return Graph().parse(ontology_dir() / "concepts.ttl")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "tmb.ttl")


def record_classes() -> dict[str, type]:
    names = set(FIELD_TERMS) | {
        name
        for name, obj in vars(records).items()
        if isinstance(obj, type)
        and issubclass(obj, records.Strict)
        and obj not in (records.Strict, records.Record, records.Dataset)
    }
    return {name: getattr(records, name) for name in sorted(names)}


@pytest.mark.parametrize("scheme_name", sorted(SCHEMES))
def test_enum_values_are_concepts_and_back(concepts: Graph, scheme_name: str) -> None:
    enum = SCHEMES[scheme_name]
    scheme = TMBC[scheme_name]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in concepts, f"no concept scheme tmbc:{scheme_name}"
    in_scheme = {str(concepts.value(c, SKOS.notation)) for c in concepts.subjects(SKOS.inScheme, scheme)}
    values = {v.value for v in enum}
    assert values - in_scheme == set(), f"enum values without a concept in tmbc:{scheme_name}"
    assert in_scheme - values == set(), f"concepts of tmbc:{scheme_name} without an enum value"
    for v in enum:
        c = concept(v)
        langs = {o.language for o in concepts.objects(c, SKOS.prefLabel)}
        assert {"sv", "en"} <= langs, f"{c} lacks a Swedish or English label"


def test_every_concept_scheme_has_an_enum(concepts: Graph) -> None:
    schemes = {str(s).removeprefix(str(TMBC)) for s in concepts.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == set(SCHEMES)


def test_every_role_has_an_authority_type(concepts: Graph) -> None:
    authorities = {concept(a) for a in AuthorityType}
    for role in RoleType:
        value = concepts.value(concept(role), TMB.authorityType)
        assert value in authorities, f"role {role.value} has no authority type"


@pytest.mark.parametrize("name", sorted(record_classes()))
def test_every_model_field_has_a_term(name: str) -> None:
    cls = record_classes()[name]
    fields = set(cls.model_fields)
    assert name in FIELD_TERMS, f"record class {name} is missing from tmb_graph/rdf/terms.py"
    assert fields - set(FIELD_TERMS[name]) == set(), f"{name} fields without an ontology term"
    assert set(FIELD_TERMS[name]) - fields == set(), f"terms listed for fields {name} does not have"


def test_every_listed_term_is_declared(ontology: Graph) -> None:
    for name, fields in FIELD_TERMS.items():
        for fld, term in fields.items():
            if str(term).startswith(str(TMB)):
                declared = {
                    (term, RDF.type, OWL.ObjectProperty),
                    (term, RDF.type, OWL.DatatypeProperty),
                }
                assert any(t in ontology for t in declared), f"{name}.{fld}: {term} not declared in tmb.ttl"
            else:
                assert str(term).startswith(STANDARD), f"{name}.{fld}: {term} is neither tmb: nor standard"


def test_a_record_with_every_field_produces_every_term(mini_graph: Graph) -> None:
    used = set(mini_graph.predicates())
    missing = {f"{n}.{f}": t for n, fs in FIELD_TERMS.items() for f, t in fs.items() if t not in used}
    assert missing == {}


def test_every_project_term_in_the_data_is_known(data_dir: Path, ontology: Graph) -> None:
    ds, _ = load_dataset(data_dir)
    g = dataset_to_graph(ds)
    known = {t for fields in FIELD_TERMS.values() for t in fields.values()}
    declared = set(ontology.subjects())
    for _s, p, o in g:
        for term in (p, o) if p == RDF.type else (p,):
            if isinstance(term, URIRef) and str(term).startswith(str(TMB)):
                assert term in declared, f"{term} used by the data but not declared in tmb.ttl"
                if p != RDF.type:
                    assert term in known or term in STRUCTURAL_TERMS, (
                        f"{term} has no model counterpart in tmb_graph/rdf/terms.py"
                    )


@pytest.fixture(scope="module")
def mini_graph() -> Graph:
    from tests.conftest import MINI

    ds, _ = load_dataset(MINI)
    return dataset_to_graph(ds)
