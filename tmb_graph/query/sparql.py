"""SPARQL over the built graph in an embedded pyoxigraph store — read-only unless asked.

The store holds the programme's graph (``graph.nt`` of ``tmb build``) plus the ontology and the
SKOS concepts, so a query can read labels, authority types and ``happened`` from the concepts.
Parameters are bound with SPARQL substitutions (``?name`` takes the value; RDF-dev SEP-0007),
never spliced into the text; pyoxigraph substitutes only variables of the SELECT clause, so a
parameterised query lists its parameters there (their columns are dropped from the output). An update (INSERT, DELETE, LOAD, CLEAR, DROP ...) is refused
unless ``allow_update`` is given; it then changes the loaded copy only.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tmb_graph.errors import TmbError
from tmb_graph.paths import ontology_dir
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.rdf.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_UPDATE_START = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[^:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n<>\"']*$", re.MULTILINE)


class ReadOnlyError(TmbError):
    """An update was sent to a read-only query runner."""


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL 1.1 Update (after comments and the prologue).

    Examples
    --------
    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    body = _COMMENT.sub("", text)
    while (m := _PROLOGUE.match(body)) is not None:
        body = body[m.end() :]
    return bool(_UPDATE_START.match(body))


def to_term(value: ParamValue) -> ox.Literal:
    """The RDF literal of a parameter value (dates ``xsd:date``, integers, booleans, strings)."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def from_term(term: Any) -> Any:
    """A plain Python value for a result term (IRIs as strings; typed literals by datatype)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value if term.datatype is not None else ""
        if dtype in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(term.value)
        if dtype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if dtype == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


class SparqlStore:
    """An in-memory pyoxigraph store with the programme graph, ontology and concepts loaded.

    Examples
    --------
    >>> store = SparqlStore.from_build(Path("build"))          # doctest: +SKIP
    >>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows   # doctest: +SKIP
    [(10342,)]
    """

    def __init__(self) -> None:
        self.store = ox.Store()
        for name in ("tmb.ttl", "concepts.ttl"):
            self.store.bulk_load(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE)

    @classmethod
    def from_build(cls, graph_dir: Path) -> SparqlStore:
        """Load ``graph_dir/graph.nt`` (written by ``tmb build``)."""
        path = graph_dir / "graph.nt"
        if not path.is_file():
            raise TmbError(f"no built graph at {path}: run `tmb build --out {graph_dir}` first")
        store = cls()
        store.load_ntriples(path)
        return store

    def load_ntriples(self, path: Path) -> None:
        try:
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, OSError) as exc:
            raise TmbError(f"{path}: cannot load N-Triples: {exc}") from None

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str, params: dict[str, ParamValue] | None = None, allow_update: bool = False) -> QueryResult:
        """Run a SPARQL query (or, with ``allow_update``, an update) with bound parameters.

        Parameters
        ----------
        text : str
            SPARQL 1.1 query text; the project's prefixes (``tmb:``, ``org:``, ``prov:`` ...)
            are predeclared.
        params : dict, optional
            Values for the query's variables of the same names (``?at`` ← ``at``).
        allow_update : bool
            Permit SPARQL Update; without it an update raises :class:`ReadOnlyError`.

        Returns
        -------
        QueryResult
            SELECT: its variables and rows; ASK: one ``ask`` column; CONSTRUCT/DESCRIBE:
            ``subject, predicate, object`` rows; an allowed update: one ``updated`` row.
        """
        params = params or {}
        if is_update(text):
            if not allow_update:
                raise ReadOnlyError(
                    "this is a SPARQL UPDATE; queries run read-only — pass --allow-update to change "
                    "the loaded copy of the graph"
                )
            if params:
                raise TmbError("parameters cannot be bound in an UPDATE; write the values into the update")
            try:
                self.store.update(text, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise TmbError(f"SPARQL update syntax error: {exc}") from None
            return QueryResult(["updated"], [(True,)])
        for name in params:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise TmbError(f"parameter '{name}' is not used by the query (no ?{name} in it)")
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_term(v) for k, v in params.items()
        }
        try:
            result = self.store.query(text, prefixes=PREFIXES, substitutions=subs)
        except SyntaxError as exc:
            raise TmbError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:
            if "projection" in str(exc):
                raise TmbError(
                    f"{exc}: the store binds a parameter only when its variable is in the SELECT "
                    "clause — list it there (the parameter's column is dropped from the output)"
                ) from None
            raise TmbError(f"SPARQL query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(["ask"], [(bool(result),)])
        if isinstance(result, ox.QuerySolutions):
            # parameter columns are dropped: the store needs them projected, the reader does not
            columns = [v.value for v in result.variables if v.value not in params]
            rows = [tuple(from_term(sol[c]) for c in columns) for sol in result]
            return QueryResult(columns, rows)
        triples = [(from_term(t.subject), from_term(t.predicate), from_term(t.object)) for t in result]
        return QueryResult(["subject", "predicate", "object"], triples)
