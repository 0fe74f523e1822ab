"""The two embedded stores over the session's build of the real programme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tmb_graph.propertygraph.mapping import to_property_graph
from tmb_graph.query.falkordb_store import FalkorStore, falkordb_store
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.rdf.read import load_built_graph


@pytest.fixture(scope="module")
def sparql(graph_dir: Path) -> SparqlStore:
    return SparqlStore.from_build(graph_dir)


@pytest.fixture(scope="module")
def cypher(graph_dir: Path) -> Iterator[FalkorStore]:
    with falkordb_store(to_property_graph(load_built_graph(graph_dir))) as store:
        yield store
