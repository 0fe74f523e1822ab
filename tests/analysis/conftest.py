"""Projections for the analysis tests: the real programme, the mini fixture, perturbed copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.model.loader import load_dataset
from tmb_graph.ontology import concepts
from tmb_graph.paths import default_data
from tmb_graph.propertygraph.projection import project
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.validate.rules import check_rules


def projection_of(folder: Path) -> nx.MultiDiGraph:
    """Validate (rules) and project a programme folder."""
    ds, where = load_dataset(folder)
    assert check_rules(ds, where) == []
    g = dataset_to_graph(ds)
    for triple in concepts():
        g.add(triple)
    return project(g)


@pytest.fixture(scope="session")
def real() -> nx.MultiDiGraph:
    return projection_of(default_data())


@pytest.fixture
def perturbed(tmp_path: Path) -> Callable[[Callable[[Path], None]], nx.MultiDiGraph]:
    """Copy the real data, apply an edit to the copy, return its projection."""

    def make(edit: Callable[[Path], None]) -> nx.MultiDiGraph:
        folder = tmp_path / "data"
        shutil.copytree(default_data(), folder)
        edit(folder)
        return projection_of(folder)

    return make
