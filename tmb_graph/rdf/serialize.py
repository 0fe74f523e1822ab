"""Deterministic serialisers: the same graph gives byte-identical files in every process.

N-Triples are written line-sorted; Turtle comes from rdflib (its serializer sorts subjects and
properties); JSON-LD is written here from sorted triples with compact IRIs under a context
file, because rdflib's JSON-LD output follows the store's hash-seeded iteration order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from tmb_graph.rdf.namespaces import PREFIXES


def to_ntriples(graph: Graph) -> str:
    """Return the graph as sorted N-Triples (one triple per line, ``\\n`` endings)."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in graph)
    return "".join(lines)


def to_turtle(graph: Graph) -> str:
    """Return the graph as Turtle with the project's prefixes."""
    return graph.serialize(format="turtle")


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            chosen = prefix
    if best:
        local = iri[len(best) :]
        if local and all(c.isalnum() or c in "-_." for c in local):
            return f"{chosen}:{local}"
    return iri


def _value(o: URIRef | Literal, prefixes: dict[str, str]) -> Any:
    if isinstance(o, URIRef):
        return {"@id": _compact(str(o), prefixes)}
    out: dict[str, Any] = {"@value": str(o)}
    if o.language:
        out["@language"] = o.language
    elif o.datatype and o.datatype != XSD.string:
        out["@type"] = _compact(str(o.datatype), prefixes)
    return out


def context(data_ns: str | None = None) -> dict[str, Any]:
    """The JSON-LD context of the build: the project's prefixes (and ``data:`` when given)."""
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if data_ns:
        ctx["data"] = data_ns
    return {"@context": ctx}


def to_jsonld(graph: Graph, data_ns: str | None = None, context_ref: str | None = "context.jsonld") -> str:
    """Return the graph as JSON-LD: one ``@graph`` node per subject, everything sorted.

    Parameters
    ----------
    graph : rdflib.Graph
    data_ns : str, optional
        The programme's data namespace, compacted as ``data:``.
    context_ref : str or None
        Reference to the context file written beside it; ``None`` inlines the context.
    """
    prefixes = dict(context(data_ns)["@context"])
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        sid = _compact(str(s), prefixes)
        if p == RDF.type:
            nodes[sid]["@type"].append(_compact(str(o), prefixes))
        else:
            nodes[sid][_compact(str(p), prefixes)].append(_value(o, prefixes))  # type: ignore[arg-type]
    items = []
    for sid in sorted(nodes):
        node: dict[str, Any] = {"@id": sid}
        for key in sorted(nodes[sid]):
            values = nodes[sid][key]
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values
        items.append(node)
    ctx: Any = context_ref if context_ref else prefixes
    doc = {"@context": ctx, "@graph": items}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def context_file(data_ns: str | None = None) -> str:
    """Text of ``context.jsonld`` for a build."""
    return json.dumps(context(data_ns), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
