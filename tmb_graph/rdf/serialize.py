"""Deterministic serialisers: the same graph gives byte-identical files in every process.

N-Triples are written line-sorted; Turtle comes from rdflib (its serializer sorts subjects and
properties); JSON-LD is written here from sorted triples with compact IRIs under a context
file, because rdflib's JSON-LD output follows the store's hash-seeded iteration order.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from tmb_graph.rdf.namespaces import PREFIXES


def to_ntriples(graph: Graph) -> str:
    """Return the graph as sorted N-Triples (one triple per line, ``\\n`` endings)."""
    iris: dict[str, str] = {}
    literals: dict[tuple[str, str | None, str | None], str] = {}

    def n3(term: Node) -> str:
        # memoised by value: n3() is a pure function of the term, and terms recur often
        if isinstance(term, URIRef):
            text = str(term)
            found = iris.get(text)
            if found is None:
                iris[text] = found = term.n3()
            return found
        if isinstance(term, Literal):
            key = (str(term), term.language, str(term.datatype) if term.datatype is not None else None)
            found = literals.get(key)
            if found is None:
                literals[key] = found = term.n3()
            return found
        return term.n3()

    lines = sorted(f"{n3(s)} {n3(p)} {n3(o)} .\n" for s, p, o in graph)
    return "".join(lines)


def to_turtle(graph: Graph) -> str:
    """Return the graph as Turtle with the project's prefixes.

    The text is rdflib's Turtle serializer's, byte for byte; for graphs without blank nodes or
    lists (ours) it is written by :func:`_fast_turtle`, which follows the same steps without
    rdflib's per-token overhead, and by rdflib itself otherwise.
    """
    fast = _fast_turtle(graph) if graph.base is None else None
    return fast if fast is not None else graph.serialize(format="turtle")


def _fast_turtle(graph: Graph) -> str | None:
    """rdflib's ``TurtleSerializer.serialize`` output, or None where the graph needs its general path.

    Mirrors rdflib 7's algorithm: ``preprocess`` (count references, register prefixes in
    triple order), ``orderSubjects`` (``rdfs:Class`` members first, then by reference count
    and IRI), and per subject ``rdf:type`` and ``rdfs:label`` first, then the other
    predicates sorted, objects sorted with rdflib's term ordering (in the store's order
    before sorting, as rdflib reads them); ``label`` and ``get_pname`` are rdflib's own,
    memoised (they give the same answer every time once a term has been seen).
    """
    ser = TurtleSerializer(graph)
    keywords = ser.keywords
    pnames: tuple[dict[Node, str | None], dict[Node, str | None]] = ({}, {})

    def pname(node: Node, gen: bool) -> str | None:
        memo = pnames[gen]
        if node in memo:
            return memo[node]
        memo[node] = found = ser.get_pname(node, gen)
        return found

    refs: dict[Node, int] = defaultdict(int)
    subjects: dict[Node, dict[Node, list[Node]]] = {}
    known: set[int] = set()
    for s, p, o in graph.triples((None, None, None)):
        if type(s) is not URIRef or isinstance(p, BNode) or isinstance(o, BNode):
            return None
        refs[o] += 1
        props = subjects.get(s)
        if props is None:
            subjects[s] = props = {}
            pname(s, False)
        objects = props.get(p)
        if objects is None:
            props[p] = objects = []
            if p not in keywords:
                pname(p, True)
        objects.append(o)
        if id(o) not in known:  # the same object again (terms stay alive in the graph)
            known.add(id(o))
            pname(o, False)
            if isinstance(o, Literal) and o.datatype:
                pname(o.datatype, False)
    nil = RDF.nil
    if nil in subjects or nil in refs or any(nil in props for props in subjects.values()):
        return None
    top = sorted(graph.subjects(RDF.type, RDFS.Class), key=str)
    seen = set(top)
    ordered = top + sorted((s for s in subjects if s not in seen), key=lambda s: (refs[s], str(s)))
    labels: tuple[dict[Node, str], dict[Node, str]] = ({}, {})

    by_id: tuple[dict[int, str], dict[int, str]] = ({}, {})

    def label(node: Node, verb: bool) -> str:
        text = by_id[verb].get(id(node))
        if text is not None:
            return text
        memo = labels[verb]
        text = memo.get(node)
        if text is None:
            if verb and node in keywords:
                text = keywords[node]
            elif isinstance(node, Literal):
                text = node._literal_n3(use_plain=True, qname_callback=lambda dt: pname(dt, False))
            else:
                text = pname(node, verb) or node.n3()
            memo[node] = text
        by_id[verb][id(node)] = text
        return text

    out = [f"@prefix {prefix}: <{uri}> .\n" for prefix, uri in sorted(ser.namespaces.items())]
    first_order = (RDF.type, RDFS.label)
    for s in ordered:
        props = subjects[s]
        preds = [p for p in first_order if p in props]
        rest = [p for p in props if p not in preds]
        if all(type(p) is URIRef for p in rest):
            rest.sort(key=str)
        else:
            rest.sort()  # type: ignore[call-arg]  # rdflib terms order themselves
        out.append("\n" + label(s, False))
        sep = " "
        for p in preds + rest:
            out.append(sep + label(p, True))
            sep = " ;\n    "
            objects = props[p]
            if len(objects) > 1:
                objects = list(graph.objects(s, p))  # the store's order, which rdflib sorts
                objects.sort()  # type: ignore[call-arg]
            out.append(" " + ",\n        ".join([label(o, False) for o in objects]))
        out.append(" .\n")
    out.append("\n")
    return "".join(out).encode("utf-8", "replace").decode("utf-8")


#: a compactable local name: ``\\w`` is str.isalnum() plus "_" (see the re docs)
_LOCAL = re.compile(r"[\w\-.]+")


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            chosen = prefix
    if best:
        local = iri[len(best) :]
        if _LOCAL.fullmatch(local):  # letters and digits (str.isalnum) or -_.
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


class _Compactor:
    """:func:`_compact` and :func:`_value`, memoised for one document (terms recur often)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.iris: dict[str, str] = {}
        self.values: dict[tuple[str, str | None, str | None], Any] = {}

    def iri(self, iri: str) -> str:
        found = self.iris.get(iri)
        if found is None:
            self.iris[iri] = found = _compact(iri, self.prefixes)
        return found

    def value(self, o: URIRef | Literal) -> Any:
        """``_value(o)``; equal terms share one (never mutated) dict."""
        if isinstance(o, URIRef):
            key: tuple[str, str | None, str | None] = (str(o), "@id", None)
        else:
            key = (str(o), o.language, str(o.datatype) if o.datatype is not None else None)
        found = self.values.get(key)
        if found is None:
            self.values[key] = found = _value(o, self.prefixes)
        return found


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
    memo = _Compactor(prefixes)
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    rdf_type = str(RDF.type)
    for s, p, o in graph:
        sid = memo.iri(str(s))
        if str(p) == rdf_type and isinstance(p, URIRef):
            nodes[sid]["@type"].append(memo.iri(str(o)))
        else:
            nodes[sid][memo.iri(str(p))].append(memo.value(o))  # type: ignore[arg-type]
    items = []
    for sid in sorted(nodes):
        node: dict[str, Any] = {"@id": sid}
        for key in sorted(nodes[sid]):
            values = nodes[sid][key]
            if len(values) > 1:
                values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values
        items.append(node)
    ctx: Any = context_ref if context_ref else prefixes
    doc = {"@context": ctx, "@graph": items}
    return _dumps_indent1(doc) + "\n"


def _dumps_indent1(doc: Any) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=1)``, the same text, without the pure-Python encoder.

    ``json`` falls back to its Python encoder whenever ``indent`` is set; here strings are
    encoded by the C escaper and only the layout is done in Python. Values other than dicts,
    lists and strings are handed to :func:`json.dumps` itself.
    """
    from json.encoder import encode_basestring

    out: list[str] = []
    write = out.append

    def emit(value: Any, level: int) -> None:
        if isinstance(value, str):
            write(encode_basestring(value))
        elif isinstance(value, dict):
            if not value:
                write("{}")
                return
            inner = "\n" + " " * (level + 1)
            opening = "{"
            for key, item in value.items():
                if not isinstance(key, str):
                    raise TypeError("non-string key")
                if isinstance(item, str):
                    write(opening + inner + encode_basestring(key) + ": " + encode_basestring(item))
                else:
                    write(opening + inner + encode_basestring(key) + ": ")
                    emit(item, level + 1)
                opening = ","
            write("\n" + " " * level + "}")
        elif isinstance(value, list | tuple):
            if not value:
                write("[]")
                return
            inner = "\n" + " " * (level + 1)
            opening = "["
            for item in value:
                if isinstance(item, str):
                    write(opening + inner + encode_basestring(item))
                else:
                    write(opening + inner)
                    emit(item, level + 1)
                opening = ","
            write("\n" + " " * level + "]")
        else:
            write(json.dumps(value))

    try:
        emit(doc, 0)
    except TypeError:  # something json would encode differently (non-string keys ...): let it
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False)
    return "".join(out)


def context_file(data_ns: str | None = None) -> str:
    """Text of ``context.jsonld`` for a build."""
    return json.dumps(context(data_ns), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
