"""The built graph loaded once per process: RDF, the pyoxigraph store, the property graph, the projection.

Every consumer of a build needs one or more of four forms of the same graph: the rdflib graph
(what the mapping reads), the pyoxigraph store (SPARQL), the property graph (Cypher, exports)
and the networkx projection (analyses, mandates, lookups). Made one at a time, by the command
that needs it, each form re-reads ``graph.nt``; a long-lived process (``tmb serve``) would pay
that on every request. A :class:`Workspace` makes each form the first time it is asked for and
keeps it:

- ``rdf`` — ``graph.nt`` parsed by pyoxigraph's N-Triples parser and handed to rdflib term by
  term (2–3x faster than rdflib's own parser on the real graph; the same triples — the tests
  compare them);
- ``store`` — a :class:`~tmb_graph.query.sparql.SparqlStore` (graph + ontology + concepts);
  in-process and unbounded, for the process's own trusted queries (a server sends users'
  queries to the bounded :class:`~tmb_graph.query.worker.SparqlWorker`);
- ``property_graph`` — the one mapping (:func:`~tmb_graph.propertygraph.mapping.load_property_graph`),
  read straight from ``graph.nt`` without an rdflib graph (a third of the time and memory at 10⁶);
- ``projection`` — the networkx projection of that property graph
  (:func:`~tmb_graph.propertygraph.projection.from_property_graph`), so analyses see what Cypher sees.

Each form is computed at most once, also when several threads ask at the same time. The forms
are shared: treat them as read-only (``active_at`` and the analyses copy what they change).
A national property graph or projection (from :data:`~tmb_graph.heap.SETTLE_FROM` nodes and
relationships) is settled as it is made (:func:`~tmb_graph.heap.settle`): a workspace is made to
keep its forms for the life of its process (``tmb serve``), and the collector's full walks over
them would otherwise land in the middle of requests.

Examples
--------
>>> ws = Workspace(Path("build/graph"))                               # doctest: +SKIP
>>> ws.property_graph.counts_by_label()["Body"]                        # doctest: +SKIP
14
>>> ws.projection.nodes["wg-est"]["kind"]                              # doctest: +SKIP
'work_group'
>>> ws.store.query("ASK { ?s a org:Post }").rows                       # doctest: +SKIP
[(True,)]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from rdflib import Graph

from tmb_graph.errors import TmbError
from tmb_graph.heap import settle
from tmb_graph.paths import built_graph_file
from tmb_graph.propertygraph.mapping import PropertyGraph, load_property_graph
from tmb_graph.propertygraph.projection import from_property_graph
from tmb_graph.query.scope import Programme, dataset_programmes, unknown_programme
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.rdf.read import read_graph
from tmb_graph.table import node_names

T = TypeVar("T")


class Workspace:
    """One build's graph in every form a process needs, each made on first use and kept.

    Parameters
    ----------
    graph_dir : Path
        Output of ``tmb build`` (``graph.nt``; default ``build/graph``).

    Raises
    ------
    TmbError
        At construction when ``graph_dir/graph.nt`` does not exist (before anything is loaded).

    Examples
    --------
    >>> ws = Workspace(Path("build/graph"))                           # doctest: +SKIP
    >>> len(ws.projection), ws.timings()                               # doctest: +SKIP
    (603, {'rdf': 0.74, 'property_graph': 0.8, 'projection': 0.05})
    """

    def __init__(self, graph_dir: Path) -> None:
        built_graph_file(graph_dir)  # fail at once, before anything is loaded
        self.graph_dir = graph_dir
        self._values: dict[str, Any] = {}
        self._seconds: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _once(self, key: str, make: Callable[[], T], size: Callable[[T], int] | None = None) -> T:
        """``make()`` the first time ``key`` is asked for (one thread makes it, others wait);
        settled (:func:`~tmb_graph.heap.settle`) by its ``size`` when given."""
        if key in self._values:
            return self._values[key]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                started = time.perf_counter()
                value = self._values[key] = make()
                if size is not None:
                    settle(size(value))
                self._seconds[key] = time.perf_counter() - started
        return self._values[key]  # type: ignore[no-any-return]

    @property
    def rdf(self) -> Graph:
        """The built graph as rdflib reads it (what the property-graph mapping takes)."""
        return self._once("rdf", lambda: read_graph(self.graph_dir / "graph.nt"))

    @property
    def store(self) -> SparqlStore:
        """The graph, ontology and concepts in an in-process pyoxigraph store (trusted queries only)."""
        return self._once("store", lambda: SparqlStore.from_build(self.graph_dir))

    @property
    def property_graph(self) -> PropertyGraph:
        """The property graph of the one mapping (what FalkorDB, Neo4j and the exports get)."""
        return self._once(
            "property_graph", lambda: load_property_graph(self.graph_dir), lambda pg: len(pg.nodes) + len(pg.rels)
        )

    @property
    def projection(self) -> nx.MultiDiGraph:
        """The networkx projection every analysis reads (made from :attr:`property_graph`)."""
        return self._once(
            "projection", lambda: from_property_graph(self.property_graph), lambda g: len(g) + len(g.edges)
        )

    @property
    def names(self) -> dict[str, str]:
        """Id → display name of the nodes worth naming in a table (``org-kfsk`` → its name)."""
        return self._once("names", lambda: node_names(self.projection.nodes(data=True)))

    @property
    def programmes(self) -> dict[str, Programme]:
        """The programmes of a dataset build by name (empty for one programme's build)."""
        return self._once("programmes", lambda: dataset_programmes(self.graph_dir))

    def programme(self, name: str) -> Workspace:
        """The workspace of one programme of a dataset: its own build (``programmes/NAME/``),
        so its store, property graph and projection are those of ``tmb build DIR/NAME``.

        Raises
        ------
        TmbError
            For a name the dataset does not hold (did you mean, and its programmes), or when
            this is one programme's build.

        >>> ws.programme("stockholm-2021").projection.number_of_nodes()        # doctest: +SKIP
        596
        """
        known = self.programmes
        if name not in known:
            if not known:
                raise TmbError(f"{self.graph_dir} holds one programme's build, not a dataset: it has no programmes")
            raise unknown_programme(name, list(known))
        return self._once(f"programme:{name}", lambda: Workspace(known[name].folder))

    def timings(self) -> dict[str, float]:
        """Seconds each form took to make, for the forms made so far."""
        return {k: round(v, 3) for k, v in self._seconds.items()}
