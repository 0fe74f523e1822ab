"""SHACL validation of the built graph against ``ontology/shapes.ttl``: pyrudof first, pySHACL to explain.

Two engines, one verdict. pyrudof (a Rust SHACL engine on PyPI) decides whether the graph
conforms; it is 2–5× faster than pySHACL on a programme (``bench/shacl_engines.py``: the same
violations — focus node, path, constraint — on the real programme, synthetic ones and every
broken-data kind that reaches the graph). A valid graph, the common case, is therefore checked
by pyrudof alone. When pyrudof finds a violation (or is not installed, or fails, or
``TMB_SHACL=pyshacl``), pySHACL runs as before and its report gives the issues: its messages
("Less than 1 values on <…>->tmb:status") say more than pyrudof's ("MinCount(1) not satisfied"),
so what a user reads is unchanged.

What pyrudof reads costs little: the shapes are ``shapes.ttl`` as written, the concepts and
terms are turned into N-Triples by pyoxigraph (both once per process), the data is the
programme's N-Triples the build writes anyway (``ntriples``), and pySHACL (with rdflib's
SPARQL machinery, ~1 s to import) is imported only when it has to explain a violation.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from tmb_graph.errors import DataIssue
from tmb_graph.model.loader import Locator
from tmb_graph.ontology import concepts, ontology_file, shapes, terms
from tmb_graph.rdf.serialize import to_ntriples

_shapes = shapes
_ontology = terms


def _local(node: object) -> str:
    text = str(node)
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def _fixed_data() -> str:
    """The concepts and the ontology's terms as N-Triples: the part of the data graph every check shares.

    Converted by pyoxigraph (~20 ms; rdflib's parser took ~0.3 s per process): the same triples
    as rdflib reads (checked by ``tests/validate``). A file it cannot read raises, and the caller
    hands the check to pySHACL, whose reading of the ontology reports the broken file.
    """
    texts = []
    for name in ("concepts.ttl", "tmb.ttl"):
        triples = pyoxigraph.parse(path=str(ontology_file(name)), format=pyoxigraph.RdfFormat.TURTLE)
        texts.append(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"")
    return b"".join(texts).decode("utf-8")


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    """``shapes.ttl`` as written (pyrudof reads Turtle; rdflib's parse and re-serialisation took ~0.3 s)."""
    return ontology_file("shapes.ttl").read_text(encoding="utf-8")


#: one pyrudof engine per process with the shapes read once, and the lock that serialises its use
_ENGINE: list[Any] = []
_ENGINE_LOCK = threading.Lock()


def _engine(pyrudof: Any) -> Any:
    """The process's pyrudof engine: its shapes and the shared data (concepts, terms) read once.

    A programme's data is staged over the shared data and rolled back after its verdict
    (:func:`fast_conforms`). A fresh engine, or ``reset_data``, costs ~0.09 s before the first
    triple is read again, plus reading the 1,144 shared triples: staging takes a programme's
    check from ~0.36 s to ~0.19 s, with the same verdicts and violations (``tests/validate``).
    """
    if not _ENGINE:
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_shacl(_shapes_text())
        rudof.read_data(_fixed_data(), format=pyrudof.RDFFormat.NTriples)
        _ENGINE.append(rudof)
    return _ENGINE[0]


def fast_conforms(graph: Graph, ntriples: str | None = None) -> bool | None:
    """pyrudof's verdict on ``graph`` (plus concepts and terms), or None when it cannot say.

    ``ntriples`` is the graph as :func:`~tmb_graph.rdf.serialize.to_ntriples` writes it, when the
    caller has it already. None: pyrudof is not installed, failed, or ``TMB_SHACL=pyshacl`` asks
    for pySHACL alone.
    """
    if os.environ.get("TMB_SHACL") == "pyshacl":
        return None
    try:
        import pyrudof
    except ImportError:  # pragma: no cover - an install without the optional engine
        return None
    data = to_ntriples(graph) if ntriples is None else ntriples
    with _ENGINE_LOCK:
        try:
            rudof = _engine(pyrudof)
            rudof.begin_staging()  # the programme's triples over the shared ones, undone below
            try:
                if data:
                    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples, merge=True)
                return bool(rudof.validate_shacl().conforms)
            finally:
                rudof.rollback_staging()
        except Exception:  # any failure of the fast engine: pySHACL decides, the next graph gets a new engine
            _ENGINE.clear()
            return None


def shacl_check(graph: Graph, locator: Locator | None = None, ntriples: str | None = None) -> list[DataIssue]:
    """Validate ``graph`` (plus the concepts) against the shapes; one issue per violation.

    Parameters
    ----------
    graph : rdflib.Graph
        The built data graph.
    locator : Locator, optional
        To name the data file and line of the offending record.
    ntriples : str, optional
        ``graph`` as :func:`~tmb_graph.rdf.serialize.to_ntriples` writes it, when the caller has it.

    Returns
    -------
    list of DataIssue
        Empty when the graph conforms.
    """
    if fast_conforms(graph, ntriples):
        return []
    import pyshacl  # only here: its import (rdflib's SPARQL parser) costs ~1 s, a valid graph never needs it

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
