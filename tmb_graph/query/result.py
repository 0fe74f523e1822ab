"""Rows a query returns, rendered as CSV, TSV, JSON, JSON Lines, Markdown — the same for SPARQL and
Cypher — and, for SPARQL, as SPARQL 1.1 Query Results JSON or (CONSTRUCT/DESCRIBE) Turtle/N-Triples.

A SPARQL result keeps its RDF terms beside the plain values (``terms``, each in the SPARQL 1.1
Query Results JSON shape ``{"type": "uri", "value": ...}``), so the RDF formats lose nothing:
datatypes, language tags and blank nodes come through as the store gave them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tmb_graph.errors import TmbError
from tmb_graph.table import TEXT_FORMATS, Table

#: a term in the SPARQL 1.1 Query Results JSON shape (``type``, ``value``, ``datatype``, ``xml:lang``)
Term = dict[str, Any]

#: formats only a SPARQL result with its terms can be written in
RDF_FORMATS = ("sparql-json", "turtle", "ntriples")
FORMATS = (*TEXT_FORMATS, *RDF_FORMATS)

#: the query forms: rows of a SELECT (or a Cypher query), one truth value, triples, or an update's note
KINDS = ("select", "ask", "graph", "update")


@dataclass
class QueryResult:
    """Column names and rows (tuples of plain Python values) of one query.

    ``kind`` says which form answered (``select``, ``ask``, ``graph`` for CONSTRUCT/DESCRIBE,
    ``update``); ``terms`` (SPARQL only) holds the rows' RDF terms, ``None`` for unbound.
    """

    columns: list[str]
    rows: list[tuple[Any, ...]]
    kind: str = "select"
    terms: list[tuple[Term | None, ...]] | None = None

    def as_table(self, name: str = "result") -> Table:
        return Table(name, list(self.columns), [dict(zip(self.columns, r, strict=True)) for r in self.rows])

    def as_set(self) -> set[tuple[Any, ...]]:
        """The rows as a set of tuples (lists made into sorted tuples), for comparing engines."""
        return {tuple(_hashable(v) for v in r) for r in self.rows}

    def select(self, columns: list[str]) -> QueryResult:
        """Only ``columns``, in that order (``--columns``), terms included.

        Raises
        ------
        TmbError
            For a column the result does not have (the message lists its columns).
        """
        unknown = [c for c in columns if c not in self.columns]
        if unknown:
            raise TmbError(
                f"no column {', '.join(repr(c) for c in unknown)} in the result: "
                f"its columns are {', '.join(self.columns) or '(none)'}"
            )
        index = [self.columns.index(c) for c in columns]
        terms = None if self.terms is None else [tuple(t[i] for i in index) for t in self.terms]
        kind = self.kind if columns == self.columns else "select"
        return QueryResult(list(columns), [tuple(r[i] for i in index) for r in self.rows], kind, terms)

    def formats(self) -> tuple[str, ...]:
        """The formats this result can be written in (:meth:`render`)."""
        if self.terms is None:
            return TEXT_FORMATS
        if self.kind == "graph":
            return (*TEXT_FORMATS, "turtle", "ntriples")
        if self.kind in ("select", "ask"):
            return (*TEXT_FORMATS, "sparql-json")
        return TEXT_FORMATS

    def render(self, fmt: str) -> str:
        """The result as text in ``fmt`` (``table`` is drawn by the CLI with rich).

        Examples
        --------
        >>> r = QueryResult(["org"], [("org-kfsk",)], terms=[({"type": "uri", "value": "https://e/org-kfsk"},)])
        >>> print(r.render("sparql-json"), end="")
        {"head": {"vars": ["org"]}, "results": {"bindings": [{"org": {"type": "uri", "value": "https://e/org-kfsk"}}]}}

        Raises
        ------
        TmbError
            For a format this result cannot be written in (the message lists the ones it can).
        """
        if fmt not in self.formats():
            why = {
                "sparql-json": "SPARQL results JSON is for a SPARQL SELECT or ASK",
                "turtle": "Turtle is for a SPARQL CONSTRUCT or DESCRIBE",
                "ntriples": "N-Triples is for a SPARQL CONSTRUCT or DESCRIBE",
            }.get(fmt, f"unknown format '{fmt}'")
            raise TmbError(f"{why}: choose one of {', '.join(self.formats())}")
        if fmt == "sparql-json":
            return json.dumps(self._results_json(), ensure_ascii=False) + "\n"
        if fmt in ("turtle", "ntriples"):
            return self._rdf(fmt)
        return self.as_table().render(fmt)

    def _results_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.rows and self.rows[0][0])}
        bindings = [{c: t for c, t in zip(self.columns, row, strict=True) if t is not None} for row in self.terms or []]
        return {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}

    def _rdf(self, fmt: str) -> str:
        """The triples of a CONSTRUCT/DESCRIBE result as Turtle (with the project's prefixes) or N-Triples."""
        import pyoxigraph as ox

        from tmb_graph.rdf.namespaces import PREFIXES

        triples = [
            ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in (row for row in self.terms or [] if len(row) == 3)
        ]
        if fmt == "turtle":
            data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        else:
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        return data.decode("utf-8") if data else ""


def term_json(term: Any) -> Term | None:
    """The SPARQL results JSON shape of a pyoxigraph term (``None`` stays ``None``).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> term_json(ox.Literal("2019-10-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    {'type': 'literal', 'value': '2019-10-01', 'datatype': 'http://www.w3.org/2001/XMLSchema#date'}
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: Term = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def normal_term(term: Any) -> Term | None:
    """A term read from a server's SPARQL JSON, in the standard shape (``typed-literal`` → ``literal``)."""
    if not isinstance(term, dict):
        return None
    out = {k: term[k] for k in ("type", "value", "datatype", "xml:lang") if k in term}  # the order term_json writes
    if out.get("type") == "typed-literal":
        out["type"] = "literal"
    if out.get("datatype") == "http://www.w3.org/2001/XMLSchema#string":
        del out["datatype"]  # a plain literal, as the embedded store writes it
    return out


def to_ox(term: Term | None) -> Any:
    """The pyoxigraph term of a SPARQL results JSON term."""
    import pyoxigraph as ox

    if term is None:
        raise TmbError("an unbound value cannot be written as RDF")
    kind, value = term.get("type"), term.get("value")
    if kind == "uri":
        return ox.NamedNode(str(value))
    if kind == "bnode":
        return ox.BlankNode(str(value))
    if kind == "triple" and isinstance(value, dict):
        return ox.Triple(to_ox(value.get("subject")), to_ox(value.get("predicate")), to_ox(value.get("object")))
    if term.get("xml:lang"):
        return ox.Literal(str(value), language=str(term["xml:lang"]))
    if term.get("datatype"):
        return ox.Literal(str(value), datatype=ox.NamedNode(str(term["datatype"])))
    return ox.Literal(str(value))


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(_hashable(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
