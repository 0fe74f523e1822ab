"""The schema stated closer to once: the closed ``tmb:`` namespace, plain fields written from
``FIELD_TERMS``, and the data field reference generated from ``records.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import ORG

from tests.conftest import MINI
from tmb_graph.generate import field_reference
from tmb_graph.model import records
from tmb_graph.model.enums import TriState
from tmb_graph.model.loader import load_dataset
from tmb_graph.paths import ROOT
from tmb_graph.rdf import convert
from tmb_graph.rdf.convert import dataset_to_graph, plain_value
from tmb_graph.rdf.namespaces import TMB, concept
from tmb_graph.rdf.terms import FIELD_TERMS


def test_a_misspelt_project_term_raises_instead_of_minting_an_iri() -> None:
    assert str(TMB.decisionMandate).endswith("#decisionMandate")
    with pytest.raises(AttributeError, match="decisonMandate"):
        _ = TMB.decisonMandate
    with pytest.raises(AttributeError):
        _ = TMB["allocatedTme"]


def test_the_closed_namespace_holds_every_term_the_field_contract_names() -> None:
    ns = str(TMB)
    used = {str(t)[len(ns) :] for terms in FIELD_TERMS.values() for t in terms.values() if str(t).startswith(ns)}
    assert used
    for name in used:
        assert getattr(TMB, name) == TMB[name]


class _MembershipWithPriority(records.Membership):
    """A tenure with one new plain field, as a future schema change would add it."""

    priority: TriState = TriState.unknown
    coffee_cups: float | None = None


def test_a_new_plain_membership_field_is_written_from_its_field_terms_line(monkeypatch: pytest.MonkeyPatch) -> None:
    ds, _ = load_dataset(MINI)
    first = next(h for p in ds.posts for h in p.holders)

    def extend(h: records.Membership) -> _MembershipWithPriority:
        more = {"priority": TriState.yes, "coffee_cups": 2.0} if h is first else {}
        return _MembershipWithPriority(**h.model_dump(), **more)

    posts = [p.model_copy(update={"holders": [extend(h) for h in p.holders]}) for p in ds.posts]
    ds = ds.model_copy(update={"posts": posts})
    # the one line a schema change adds (with two existing terms: the namespace is closed)
    extra = {"priority": TMB.anchoring, "coffee_cups": TMB.allocatedHoursPerWeek}
    monkeypatch.setitem(FIELD_TERMS, "Membership", FIELD_TERMS["Membership"] | extra)
    g = dataset_to_graph(ds)
    tenure = next(s for s in g.subjects(ORG.member, None) if str(s).endswith(first.id))
    assert (tenure, TMB.anchoring, concept(TriState.yes)) in g
    assert (tenure, TMB.allocatedHoursPerWeek, Literal(2)) in g


def test_a_field_that_is_not_plain_is_refused_with_where_it_is() -> None:
    with pytest.raises(TypeError, match=r"Membership\.readings: a list is not a plain field"):
        plain_value(["x"], "Membership.readings")


def test_the_membership_writer_has_no_hand_written_line_for_a_plain_field() -> None:
    source = Path(convert.__file__).read_text(encoding="utf-8")
    for term in ("TMB.decisionMandate", "TMB.ownTimeMandate", "TMB.anchoring", "TMB.allocatedTime"):
        assert term not in source


def test_the_data_field_reference_lists_every_model_field_with_its_term() -> None:
    text = field_reference()
    assert "| `decision_mandate` | `TriState` | `unknown` | `tmb:decisionMandate` |" in text
    assert "| `allocated_hours_per_week` | `float \\| None` |  | `tmb:allocatedHoursPerWeek` |" in text
    for name in FIELD_TERMS:
        assert f"#### {name}\n" in text
        for field in getattr(records, name).model_fields:
            assert f"| `{field}` |" in text
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert text in readme, "run `tmb generate`"


def test_the_closed_namespace_is_up_to_date_and_takes_a_new_ontology_term() -> None:
    from rdflib import Graph

    from tmb_graph.ontology import terms
    from tmb_graph.rdf import vocab_source

    assert vocab_source.refresh_vocab(write=False) is False, "run `tmb generate`"
    g = Graph()
    for triple in terms():
        g.add(triple)
    for prefix, ns in terms().namespaces():
        g.bind(prefix, ns)
    g.parse(data="@prefix tmb: <https://w3id.org/tmb-graph/ontology#> . tmb:reportsBack a tmb:Thing .", format="turtle")
    assert "    reportsBack: URIRef\n" in vocab_source.vocab_source(g)


def test_the_namespace_refresh_overwrites_only_a_file_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tmb_graph.io import OutputError
    from tmb_graph.rdf import vocab_source

    target = tmp_path / "vocab.py"
    monkeypatch.setattr(vocab_source, "vocab_file", lambda: target)
    target.write_text("# my own module\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by `tmb generate`"):
        vocab_source.refresh_vocab()
    assert target.read_text(encoding="utf-8") == "# my own module\n"
    target.write_text(vocab_source.FIRST_LINE + "\nold\n", encoding="utf-8")
    assert vocab_source.refresh_vocab() is True
    assert "class TMB(DefinedNamespace):" in target.read_text(encoding="utf-8")
