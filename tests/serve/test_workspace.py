"""The built graph loaded once per process, in every form, the same as the one-off loaders make it."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.mapping import to_property_graph
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.rdf.read import read_graph
from tmb_graph.workspace import Workspace


def test_pyoxigraphs_parse_gives_rdflib_the_same_triples(graph_dir: Path) -> None:
    fast = read_graph(graph_dir / "graph.nt")
    slow = Graph().parse(graph_dir / "graph.nt", format="nt")
    assert len(fast) == len(slow) > 10_000
    assert set(fast) == set(slow)


def test_the_projection_is_the_one_the_analyses_load(workspace: Workspace, graph_dir: Path) -> None:
    theirs = load_projection(graph_dir)
    ours = workspace.projection
    assert nx.utils.graphs_equal(ours, theirs)


def test_each_form_is_made_once_even_when_threads_ask_together(graph_dir: Path) -> None:
    ws = Workspace(graph_dir)
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(id(ws.projection))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1 and ws.property_graph is ws.property_graph
    # the property graph is read straight from graph.nt: no rdflib graph is made on the way
    assert set(ws.timings()) == {"property_graph", "projection"}


def test_the_workspace_maps_the_same_property_graph_as_the_rdflib_path(workspace: Workspace) -> None:
    from_rdflib = to_property_graph(workspace.rdf)
    assert workspace.property_graph.nodes == from_rdflib.nodes
    assert workspace.property_graph.rels == from_rdflib.rels


def test_a_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TmbError, match="run `tmb build"):
        Workspace(tmp_path)
