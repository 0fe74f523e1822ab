"""SHACL validation of the built graph against ``ontology/shapes.ttl``: pyrudof first, pySHACL to explain.

Two engines, one verdict. pyrudof (a Rust SHACL engine on PyPI) decides whether the graph
conforms; it is 2–5× faster than pySHACL on a programme (``bench/shacl_engines.py``: the same
violations — focus node, path, constraint — on the real programme, synthetic ones and every
broken-data kind that reaches the graph). A valid graph, the common case, is therefore checked
by pyrudof alone. When pyrudof finds a violation (or is not installed, or fails, or
``TMB_SHACL=pyshacl``), pySHACL runs as before and its report gives the issues: its messages
("Less than 1 values on <…>->tmb:status") say more than pyrudof's ("MinCount(1) not satisfied"),
so what a user reads is unchanged.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from tmb_graph.errors import DataIssue
from tmb_graph.model.loader import Locator
from tmb_graph.ontology import concepts, shapes, terms
from tmb_graph.rdf.serialize import to_ntriples

_shapes = shapes
_ontology = terms


def _local(node: object) -> str:
    text = str(node)
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def _fixed_data() -> str:
    """The concepts and the ontology's terms as N-Triples: the part of the data graph every check shares."""
    both = Graph()
    for source in (concepts(), terms()):
        for triple in source:
            both.add(triple)
    return to_ntriples(both)


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    return shapes().serialize(format="turtle")


def fast_conforms(graph: Graph) -> bool | None:
    """pyrudof's verdict on ``graph`` (plus concepts and terms), or None when it cannot say.

    None: pyrudof is not installed, failed, or ``TMB_SHACL=pyshacl`` asks for pySHACL alone.
    """
    if os.environ.get("TMB_SHACL") == "pyshacl":
        return None
    try:
        import pyrudof
    except ImportError:  # pragma: no cover - an install without the optional engine
        return None
    try:
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(to_ntriples(graph) + _fixed_data(), format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(_shapes_text())
        return bool(rudof.validate_shacl().conforms)
    except Exception:  # any failure of the fast engine: pySHACL decides
        return None


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
    if fast_conforms(graph):
        return []
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
