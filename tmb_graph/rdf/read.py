"""Reading a build's graph back: ``graph.nt`` parsed by pyoxigraph and handed to rdflib.

pyoxigraph's N-Triples parser is several times faster than rdflib's (bench/); every reader of a
build goes through :func:`load_built_graph`, so a missing, empty, truncated or binary
``graph.nt`` gives the same clear message in every command.

The property-graph mapping needs no rdflib graph: :func:`read_triples` reads ``graph.nt`` into a
plain index (:class:`Triples`) that answers its four look-ups as an rdflib graph would, in a
third of the time and memory at 10⁶ triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from tmb_graph.errors import TmbError
from tmb_graph.paths import built_graph_file

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def read_graph(path: Path) -> Graph:
    """An N-Triples file as an rdflib graph, parsed by pyoxigraph (the faster parser).

    Terms are converted once each (a cache by term), which is where the time goes: rdflib
    parses a typed literal's value when the literal is made.

    Raises
    ------
    TmbError
        When the file is missing or is not N-Triples (with pyoxigraph's line and column).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "g.nt"
    >>> _ = p.write_text('<http://e/a> <http://e/b> "c"@sv .\\n', encoding="utf-8")
    >>> [str(o) for o in read_graph(p).objects()]
    ['c']
    """
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in _rdflib_triples(path))
    return graph


def _rdflib_triples(path: Path) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of an N-Triples file in file order, as rdflib terms (pyoxigraph parses).

    Each distinct term is converted once (a cache by term) and the same rdflib object is handed
    out for every occurrence — where the time goes is rdflib parsing a typed literal's value
    when the literal is made, and the sharing keeps one copy of each term in memory.

    Raises
    ------
    TmbError
        When the file is missing or is not N-Triples (with pyoxigraph's line and column).
    """
    if not path.is_file():
        raise TmbError(f"no N-Triples file at {path}")
    seen: dict[Any, Node] = {}
    get = seen.get

    def term(x: Any) -> Node:
        out = seen[x] = _rdflib_term(x)
        return out

    try:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            # the cache look-ups written out: three function calls per triple cost a second at 10⁶
            x, y, z = t.subject, t.predicate, t.object
            s, p, o = get(x), get(y), get(z)
            yield (
                term(x) if s is None else s,
                term(y) if p is None else p,
                term(z) if o is None else o,
            )
    except (SyntaxError, OSError) as exc:
        raise TmbError(f"{path}: cannot read N-Triples: {exc}; rebuild with `tmb build`") from None


class Triples:
    """A read-only triple index with the four look-ups the property-graph mapping makes.

    What :func:`read_graph` gives minus rdflib's store: the mapping only asks a subject's
    predicates and objects, one value, a type's subjects and whether a triple is there, and an
    rdflib ``Graph`` (three indexes and a context per triple) costs it several times the time
    and memory of the file. The answers, and their order, are those of an rdflib graph the same
    triples were added to in the same order: ``predicate_objects`` by predicate as first seen,
    then objects as added; ``subjects(rdf:type, C)`` as added (other predicates: by subject).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "g.nt"
    >>> _ = p.write_text('<http://e/a> <http://e/b> "c"@sv .\\n<http://e/a> <http://e/b> "d" .\\n', encoding="utf-8")
    >>> t = read_triples(p)
    >>> [str(o) for _, o in t.predicate_objects(URIRef("http://e/a"))], len(t)
    (['c', 'd'], 2)
    >>> str(t.value(URIRef("http://e/a"), URIRef("http://e/b")))
    'c'
    """

    def __init__(self, triples: Iterator[tuple[Node, Node, Node]]) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = {}
        typed: dict[Node, list[Node]] = {}  # rdf:type's object → its subjects, as added
        count = 0
        rdf_type = str(RDF.type)
        for s, p, o in triples:
            by_pred = spo.get(s)
            if by_pred is None:
                by_pred = spo[s] = {}
            objects = by_pred.get(p)
            if objects is None:
                by_pred[p] = [o]
            elif o in objects:  # a repeated triple (identity first: terms are shared)
                continue
            else:
                objects.append(o)
            count += 1
            # the text only: rdflib's own == is Python code, and this is asked 10⁶ times
            if str.__eq__(p, rdf_type):  # type: ignore[operator]
                typed.setdefault(o, []).append(s)
        self._spo = spo
        self._typed = typed
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self._spo.get(s, {}).get(p, ())

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        """(predicate, object) of every triple about ``subject``."""
        for p, objects in self._spo.get(subject, {}).items():
            for o in objects:
                yield p, o

    def predicates(self, subject: Node) -> dict[Node, list[Node]]:
        """Predicate → objects of ``subject`` (shared: do not change it)."""
        return self._spo.get(subject, {})

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        """The first object of ``subject predicate`` (``None`` when there is none)."""
        objects = self._spo.get(subject, {}).get(predicate) if subject is not None else None
        return objects[0] if objects else None

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        """Subjects of ``? predicate obj``."""
        if predicate == RDF.type:
            yield from self._typed.get(obj, ())
            return
        for s, by_pred in self._spo.items():
            if obj in by_pred.get(predicate, ()):
                yield s


def read_triples(path: Path) -> Triples:
    """An N-Triples file as a :class:`Triples` index (what the property-graph mapping reads).

    Raises
    ------
    TmbError
        When the file is missing or is not N-Triples (with pyoxigraph's line and column).
    """
    if not path.is_file():
        raise TmbError(f"no N-Triples file at {path}")
    try:
        return Triples(_written_triples(path))
    except _NotAsWritten:  # another writer's layout, or a broken file: pyoxigraph reads it all (and says where)
        return Triples(_rdflib_triples(path))


class _NotAsWritten(Exception):
    """A line of ``graph.nt`` not in the one-triple-per-line layout the build writes."""


def _written_triples(path: Path) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of a ``graph.nt`` as the build writes it (pyoxigraph: ``S P O .``, one space
    apart, one triple a line), as rdflib terms — a fifth less time than :func:`_rdflib_triples`
    for the whole index at 10⁶ triples (5.5 s against 6.9 s of CPU).

    Most of what pyoxigraph's parser costs from Python is making three term objects per triple;
    a graph of 10⁶ triples holds about a sixth as many distinct terms. So each line is cut at
    its first two spaces (an IRI or a blank node has none) and the three texts are looked up in
    a cache; only a line with a text not seen before is parsed, by pyoxigraph, and its new terms
    are converted as :func:`_rdflib_triples` converts them. Parsing stays pyoxigraph's.

    Raises
    ------
    _NotAsWritten
        At a line in another layout (a comment, tabs, a literal subject...) or one pyoxigraph
        refuses; the caller then parses the whole file with :func:`_rdflib_triples`.
    """
    seen: dict[str, Node] = {}
    get = seen.get
    try:
        with path.open(encoding="utf-8", newline="") as lines:
            for line in lines:
                parts = line.split(" ", 2)
                if len(parts) != 3 or not line.endswith(" .\n"):
                    raise _NotAsWritten(line)
                a, b, rest = parts
                c = rest[:-3]
                s, p, o = get(a), get(b), get(c)
                if s is None or p is None or o is None:
                    if a[0] not in "<_" or b[0] != "<":
                        raise _NotAsWritten(line)
                    quad = next(iter(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))
                    # looked up again after each addition: one text may stand in two places
                    if s is None:
                        s = seen[a] = _rdflib_term(quad.subject)
                    if (p := get(b)) is None:
                        p = seen[b] = _rdflib_term(quad.predicate)
                    if (o := get(c)) is None:
                        o = seen[c] = _rdflib_term(quad.object)
                yield s, p, o
    except (SyntaxError, UnicodeDecodeError, StopIteration, OSError) as exc:  # the full parse says what
        raise _NotAsWritten(str(exc)) from None


def _rdflib_term(x: Any) -> Node:
    """The rdflib term of a pyoxigraph term (a plain literal stays without datatype)."""
    if isinstance(x, ox.NamedNode):
        return URIRef(x.value)
    if isinstance(x, ox.BlankNode):
        return BNode(x.value)
    if x.language:
        return Literal(x.value, lang=x.language)
    dtype = x.datatype.value if x.datatype is not None else _XSD_STRING
    return Literal(x.value, datatype=None if dtype == _XSD_STRING else URIRef(dtype))


def load_built_graph(graph_dir: Path) -> Graph:
    """The graph of the build in ``graph_dir`` (its ``graph.nt``) as an rdflib graph.

    Raises
    ------
    TmbError
        When ``graph_dir`` holds no build, or its ``graph.nt`` is empty or not N-Triples.

    Examples
    --------
    >>> g = load_built_graph(Path("build/graph"))          # doctest: +SKIP
    >>> len(g) > 10_000                                     # doctest: +SKIP
    True
    """
    return read_graph(built_graph_file(graph_dir))
