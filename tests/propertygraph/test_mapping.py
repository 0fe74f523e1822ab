"""The RDF → property-graph mapping covers every term the data uses and loses nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from tests.conftest import MINI
from tmb_graph.model.loader import load_dataset
from tmb_graph.propertygraph.mapping import (
    ABSORBED_TYPES,
    LABELS,
    QUALIFIED,
    RELATIONSHIPS,
    MappingError,
    PropertyGraph,
    to_property_graph,
)
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.rdf.namespaces import TMB


def graph_of(folder: Path) -> Graph:
    ds, _ = load_dataset(folder)
    return dataset_to_graph(ds)


@pytest.fixture(scope="module", params=["mini", "real"])
def rdf(request: pytest.FixtureRequest, data_dir: Path) -> Graph:
    return graph_of(MINI if request.param == "mini" else data_dir)


@pytest.fixture(scope="module")
def pg(rdf: Graph) -> PropertyGraph:
    return to_property_graph(rdf)


def test_every_class_used_is_mapped(rdf: Graph) -> None:
    used = set(rdf.objects(None, RDF.type))
    assert used - set(LABELS) - set(ABSORBED_TYPES) == set()


def test_node_counts_by_label_match_the_rdf_classes(rdf: Graph, pg: PropertyGraph) -> None:
    expected: Counter[str] = Counter()
    for cls, (label, _) in LABELS.items():
        expected[label] += len(set(rdf.subjects(RDF.type, cls)))
    assert pg.counts_by_label() == {k: v for k, v in sorted(expected.items()) if v}


def test_relationship_counts_match_the_rdf_triples(rdf: Graph, pg: PropertyGraph) -> None:
    expected: Counter[str] = Counter()
    for pred, rel in {**RELATIONSHIPS, **QUALIFIED}.items():
        expected[rel.type] += len(list(rdf.triples((None, pred, None))))
    assert pg.counts_by_type() == {k: v for k, v in sorted(expected.items()) if v}


def test_every_node_has_a_unique_id_and_every_rel_known_ends(pg: PropertyGraph) -> None:
    ids = [n.id for n in pg.nodes]
    assert len(ids) == len(set(ids)) and all(ids)
    known = set(ids)
    assert all(r.start in known and r.end in known for r in pg.rels)


def test_provenance_survives_as_relationship_properties(rdf: Graph, pg: PropertyGraph) -> None:
    snippets = {str(o) for o in rdf.objects(None, TMB.evidence)}
    # DERIVED_FROM, and the verdict's ASSESSMENT_FROM / STATUS_FROM, and readings' HAS_MEMBER ...
    on_edges = {str(r.props["evidence"]) for r in pg.rels if "evidence" in r.props}
    assert snippets and on_edges == snippets
    inferred = len(list(rdf.subjects(TMB.inferred, Literal(True))))
    assert inferred > 0
    fact_nodes = {n.id for n in pg.nodes if "Section" not in n.labels and "Document" not in n.labels}
    derived = {r.start for r in pg.rels if r.type == "DERIVED_FROM"}
    assert fact_nodes - derived <= {n.id for n in pg.nodes if "Figure" in n.labels}


def test_dates_become_iso_strings_with_precision(pg: PropertyGraph) -> None:
    tenures = [n for n in pg.nodes if "Membership" in n.labels and "start" in n.props]
    assert tenures
    for n in tenures:
        assert n.props["start_precision"] in {"day", "month", "quarter", "half", "season", "year"}
        assert len(str(n.props["start_earliest"])) == 10
        assert str(n.props["start_earliest"]) <= str(n.props["start_latest"])


def test_roles_carry_their_authority_and_statuses_whether_they_happened(pg: PropertyGraph) -> None:
    for n in pg.nodes:
        if "Post" in n.labels or "Membership" in n.labels:
            assert n.props["authority"] in {
                "decision",
                "executive",
                "administrative",
                "representation",
                "advisory",
                "contracted",
            }
        if "Activity" in n.labels:
            assert n.props["happened"] is (n.props["status"] in {"performed", "partly_performed"})
            assert isinstance(n.props["reasons"], list)


def test_plans_keep_their_organisers_as_planned(rdf: Graph, pg: PropertyGraph) -> None:
    plans = {str(s).rsplit("/", 1)[-1] for s in rdf.subjects(RDF.type, PROV.Plan)}
    for r in pg.rels:
        if r.type == "ORGANISED":
            assert r.props["planned"] is (r.end in plans)


def test_an_unknown_predicate_is_an_error() -> None:
    g = graph_of(MINI)
    s = next(g.subjects(RDF.type, TMB.Goal))
    g.add((s, URIRef("https://example.org/unknown"), Literal("x")))
    with pytest.raises(MappingError, match="unknown"):
        to_property_graph(g)


def test_membership_convener_and_signatory_links_say_whether_they_are_readings(pg: PropertyGraph) -> None:
    links = [r for r in pg.rels if r.type in {"HAS_MEMBER", "CONVENED_BY", "SIGNED_BY"}]
    assert links and all(isinstance(r.props["inferred"], bool) for r in links)
    readings = [r for r in links if r.props["inferred"]]
    assert readings, "the data records some memberships as readings"
    assert all(r.props["note"] and r.props["section"] for r in readings)


def test_a_reading_in_the_yaml_becomes_an_inferred_relationship() -> None:
    pg = to_property_graph(graph_of(MINI))
    members = {(r.start, r.end): r.props for r in pg.rels if r.type == "HAS_MEMBER"}
    assert members[("wg-mini", "org-b")] == {
        "inferred": True,
        "note": "B's membership is our reading",
        "section": "1.1",
    }
    assert members[("wg-mini", "org-a")] == {"inferred": False}


def test_aliases_are_a_list_beside_the_abbreviation() -> None:
    pg = to_property_graph(graph_of(MINI))
    org = pg.node("org-a")
    assert org.props["abbr"] == "OA"
    assert org.props["aliases"] == ["A-myndigheten"]
    assert pg.node("org-b").props["aliases"] == []


def test_a_goals_verdict_snippet_is_its_own_relationship() -> None:
    pg = to_property_graph(graph_of(MINI))
    verdict = [r for r in pg.rels if r.type == "ASSESSMENT_FROM"]
    assert [(r.start, r.end) for r in verdict] == [("goal-mini-result", "sec-1.1")]
    assert verdict[0].props["inferred"] is False
