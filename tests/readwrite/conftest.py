"""A build of the real data for the export tests."""

from __future__ import annotations

import networkx as nx
import pytest

from tmb_graph.paths import default_data
from tmb_graph.pipeline import build
from tmb_graph.propertygraph.projection import load_projection


@pytest.fixture(scope="session")
def projection(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    out = tmp_path_factory.mktemp("rw-build") / "build"
    build(default_data(), out, None, shacl=False)
    return load_projection(out)
