"""Reading a build's graph back: ``graph.nt`` parsed by pyoxigraph and handed to rdflib.

pyoxigraph's N-Triples parser is several times faster than rdflib's (bench/); every reader of a
build goes through :func:`load_built_graph`, so a missing, empty, truncated or binary
``graph.nt`` gives the same clear message in every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
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
    if not path.is_file():
        raise TmbError(f"no N-Triples file at {path}")
    seen: dict[Any, Node] = {}

    def term(x: Any) -> Node:
        out = seen.get(x)
        if out is None:
            if isinstance(x, ox.NamedNode):
                out = URIRef(x.value)
            elif isinstance(x, ox.BlankNode):
                out = BNode(x.value)
            elif x.language:
                out = Literal(x.value, lang=x.language)
            else:
                dtype = x.datatype.value if x.datatype is not None else _XSD_STRING
                out = Literal(x.value, datatype=None if dtype == _XSD_STRING else URIRef(dtype))
            seen[x] = out
        return out

    graph = Graph()
    try:
        graph.addN(
            (term(t.subject), term(t.predicate), term(t.object), graph)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        )
    except (SyntaxError, OSError) as exc:
        raise TmbError(f"{path}: cannot read N-Triples: {exc}; rebuild with `tmb build`") from None
    return graph


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
