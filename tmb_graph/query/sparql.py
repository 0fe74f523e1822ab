"""SPARQL over the built graph in an embedded pyoxigraph store — read-only unless asked.

The store holds the programme's graph (``graph.nt`` of ``tmb build``) plus the ontology and the
SKOS concepts, so a query can read labels, authority types and ``happened`` from the concepts.
Parameters are bound with SPARQL substitutions (``?name`` takes the value; RDF-dev SEP-0007),
never spliced into the text; pyoxigraph substitutes only variables of the SELECT clause, so a
parameterised query lists its parameters there (their columns are dropped from the output). An update (INSERT, DELETE, LOAD, CLEAR, DROP ...) is refused
unless ``allow_update`` is given; it then changes the loaded copy only. ``SERVICE`` and ``LOAD``
reach the network and are refused unless ``allow_network`` is given (see
:mod:`tmb_graph.query.guard`).

This store runs a query in the calling process, unbounded: the library's fast path. The
commands use :class:`tmb_graph.query.worker.SparqlWorker`, which holds this store in a child
process and stops a query at its deadline or memory bound.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tmb_graph.dataset import built_programmes, qualified_id, split_iri
from tmb_graph.errors import TmbError
from tmb_graph.ontology import ontology_files
from tmb_graph.paths import built_graph_file
from tmb_graph.query.guard import check_sparql
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult, term_json
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


def check_read_only(text: str, allow_update: bool) -> None:
    """Refuse a SPARQL UPDATE unless updates are allowed (the read-only rule of every runner).

    Examples
    --------
    >>> check_read_only("DROP ALL", allow_update=False)
    Traceback (most recent call last):
    ...
    tmb_graph.query.sparql.ReadOnlyError: this is a SPARQL UPDATE; queries run read-only — pass --allow-update to change the loaded copy of the graph
    """
    if not allow_update and is_update(text):
        raise ReadOnlyError(
            "this is a SPARQL UPDATE; queries run read-only — pass --allow-update to change the loaded copy of the graph"
        )


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


def _convert(term: Any, seen: dict[Any, tuple[Any, Any]]) -> tuple[Any, Any]:
    """``(from_term(term), term_json(term))``, remembered in ``seen`` (pyoxigraph terms hash by value)."""
    try:
        return seen[term]
    except KeyError:
        pair = seen[term] = (from_term(term), term_json(term))
        return pair


_IDENTIFIER = "http://purl.org/dc/terms/identifier"


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
        for path in ontology_files():
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)

    @classmethod
    def from_build(cls, graph_dir: Path) -> SparqlStore:
        """Load ``graph_dir/graph.nt`` (written by ``tmb build``); over a dataset's union, with
        qualified ids (:meth:`qualify_ids`)."""
        path = built_graph_file(graph_dir)
        store = cls()
        store.load_ntriples(path)
        programmes = built_programmes(graph_dir)
        if len(programmes) > 1:
            store.qualify_ids(graph for graph, _ in programmes.values())
        return store

    def qualify_ids(self, namespaces: Iterable[str]) -> int:
        """Qualify the ``dcterms:identifier`` of every node in a programme's namespace by the
        programme (``wg-1`` → ``stockholm-2021.wg-1``); returns how many.

        Over a dataset's union every county has a ``wg-1``: with plain ids an answer's rows could
        not be told apart. The property graph qualifies its node ids by the same rule
        (:func:`tmb_graph.dataset.qualifier`), so both engines give one answer over the union as
        within a programme, and a qualified id parameter asks within its programme
        (:func:`tmb_graph.query.scope.qualified_ids`). The files and a pushed store keep the
        data's own ids: this is the union's view, as the property graph is. Called once, after the
        load (a second call would qualify the qualified ids again).
        """
        spaces = set(namespaces)
        ident = ox.NamedNode(_IDENTIFIER)
        old, new = [], []
        for quad in self.store.quads_for_pattern(None, ident, None, ox.DefaultGraph()):
            subject, value = quad.subject, quad.object
            if isinstance(subject, ox.NamedNode) and isinstance(value, ox.Literal):
                namespace = split_iri(subject.value)[0]
                if namespace in spaces:
                    old.append(quad)
                    text = qualified_id(namespace, value.value)
                    qualified = (
                        ox.Literal(text, language=value.language)
                        if value.language
                        else ox.Literal(text, datatype=value.datatype)
                    )
                    new.append(ox.Quad(subject, ident, qualified))
        for quad in old:
            self.store.remove(quad)
        self.store.extend(new)
        return len(new)

    def load_ntriples(self, path: Path) -> None:
        try:
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, OSError) as exc:
            raise TmbError(f"{path}: cannot load N-Triples: {exc}") from None

    def __len__(self) -> int:
        return len(self.store)

    def iris(self) -> set[str]:
        """Every IRI that occurs in the store (as subject, predicate or object)."""
        out: set[str] = set()
        for quad in self.store:
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    out.add(term.value)
        return out

    def query(
        self,
        text: str,
        params: dict[str, ParamValue] | None = None,
        allow_update: bool = False,
        allow_network: bool = False,
    ) -> QueryResult:
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
        allow_network : bool
            Permit ``SERVICE`` and ``LOAD`` from http(s) addresses; without it they raise
            :class:`~tmb_graph.query.guard.NetworkRefused` before anything is parsed.

        Returns
        -------
        QueryResult
            SELECT: its variables and rows; ASK: one ``ask`` column; CONSTRUCT/DESCRIBE:
            ``subject, predicate, object`` rows; an allowed update: one ``updated`` row.
        """
        params = params or {}
        check_read_only(text, allow_update)
        check_sparql(text, allow_network, PREFIXES)
        if is_update(text):
            if params:
                raise TmbError("parameters cannot be bound in an UPDATE; write the values into the update")
            try:
                self.store.update(text, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise TmbError(f"SPARQL update syntax error: {exc}") from None
            except OSError as exc:  # a LOAD the user allowed, failing (unreachable, not RDF ...)
                raise TmbError(f"SPARQL update failed: {exc}") from None
            return QueryResult(["updated"], [(True,)], "update")
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
        except OSError as exc:  # a SERVICE the user allowed, failing (unreachable, refused ...)
            raise TmbError(f"SPARQL query failed: {exc}") from None
        try:
            return self._collect(result, params)
        except (OSError, RuntimeError) as exc:  # solutions are computed lazily, while read
            raise TmbError(f"SPARQL query failed: {exc}") from None

    @staticmethod
    def _collect(result: Any, params: dict[str, ParamValue]) -> QueryResult:
        """Read every solution (or triple) of a query result into a :class:`QueryResult`."""
        if isinstance(result, ox.QueryBoolean):
            truth = bool(result)
            return QueryResult(["ask"], [(truth,)], "ask", [(term_json(ox.Literal(truth)),)])
        if isinstance(result, ox.QuerySolutions):
            # parameter columns are dropped: the store needs them projected, the reader does not
            keep = [i for i, v in enumerate(result.variables) if v.value not in params]
            columns = [result.variables[i].value for i in keep]
            # a term recurs in many rows (ids, roles, dates): each distinct one is converted once
            seen: dict[Any, tuple[Any, Any]] = {}
            cells = [tuple(_convert(sol[i], seen) for i in keep) for sol in result]
            rows = [tuple(c[0] for c in cell) for cell in cells]
            return QueryResult(columns, rows, "select", [tuple(c[1] for c in cell) for cell in cells])
        spo = [(t.subject, t.predicate, t.object) for t in result]
        triples = [tuple(from_term(x) for x in t) for t in spo]
        return QueryResult(
            ["subject", "predicate", "object"], triples, "graph", [tuple(term_json(x) for x in t) for t in spo]
        )
