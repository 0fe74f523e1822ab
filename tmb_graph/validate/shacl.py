"""SHACL validation of the built graph with pyshacl against ``ontology/shapes.ttl``."""

from __future__ import annotations

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from tmb_graph.errors import DataIssue
from tmb_graph.model.loader import Locator
from tmb_graph.ontology import concepts, shapes, terms

_shapes = shapes
_ontology = terms


def _local(node: object) -> str:
    text = str(node)
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def shacl_check(graph: Graph, locator: Locator | None = None) -> list[DataIssue]:
    """Validate ``graph`` (plus the concepts) against the shapes; one issue per violation.

    Parameters
    ----------
    graph : rdflib.Graph
        The built data graph.
    locator : Locator, optional
        To name the data file and line of the offending record.

    Returns
    -------
    list of DataIssue
        Empty when the graph conforms.
    """
    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in concepts():
        data.add(triple)
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none", advanced=True
    )
    if conforms:
        return []
    issues = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        rid = _local(focus)
        # qualifying nodes (<id>-derivation, <id>-start ...) belong to the record <id>
        base = rid
        while locator is not None and base not in locator.places and "-" in base:
            base = base.rsplit("-", 1)[0]
        field = _local(path) if isinstance(path, URIRef) else None
        text = f"SHACL: {message}" + (f" (node {rid})" if base != rid else "")
        fix = "correct the record so the built graph satisfies ontology/shapes.ttl"
        if locator is not None and base in locator.places:
            issues.append(locator.issue(base, field, text, fix))
        else:
            issues.append(DataIssue("<built graph>", text, fix, rid, field))
    return sorted(issues, key=str)
