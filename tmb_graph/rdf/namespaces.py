"""Namespaces: standard vocabularies, the project's terms, its concepts and data.

One namespace for the project's terms (``tmb:``, closed: :mod:`tmb_graph.rdf.vocab`), one for the controlled-list concepts
(``tmbc:``), one for the reference model of §3.4, and one per programme for its data (given by
the programme's ``namespace:`` in ``data/<programme>/programme.yaml``).
"""

from __future__ import annotations

from enum import StrEnum

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from tmb_graph.rdf.vocab import TMB as TMB  # closed: generated from ontology/tmb.ttl by `tmb generate`

TMBC = Namespace("https://w3id.org/tmb-graph/concept/")
REF = Namespace("https://w3id.org/tmb-graph/reference/ideal-type/")
SCHEMA = SDO

PREFIXES: dict[str, str] = {
    prefix: str(ns)
    for prefix, ns in {
        "tmb": TMB,
        "tmbc": TMBC,
        "ref": REF,
        "org": ORG,
        "prov": PROV,
        "skos": SKOS,
        "time": TIME,
        "dcterms": DCTERMS,
        "schema": SCHEMA,
        "foaf": FOAF,
        "owl": OWL,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
    }.items()
}


def concept(value: StrEnum) -> URIRef:
    """The SKOS concept of an enum value: ``tmbc:<SchemeName>-<value>``.

    Examples
    --------
    >>> from tmb_graph.model.enums import ActivityStatus
    >>> str(concept(ActivityStatus.cancelled))
    'https://w3id.org/tmb-graph/concept/ActivityStatus-cancelled'
    """
    return TMBC[f"{type(value).__name__}-{value.value}"]


def scheme(name: str) -> URIRef:
    """The SKOS concept scheme of a controlled list (``tmbc:ActivityStatus``)."""
    return TMBC[name]


def bind_prefixes(graph: Graph, data_ns: str | None = None) -> Graph:
    """Bind the project's prefixes (and ``data:`` when given) on ``graph``; return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)
    if data_ns:
        graph.bind("data", Namespace(data_ns), override=True, replace=True)
    return graph
