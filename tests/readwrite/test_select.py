"""Exports for Gephi: without provenance, on one day, or as a two-mode network."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.errors import TmbError
from tmb_graph.readwrite.export import export_graph
from tmb_graph.readwrite.gexf import gexf_bytes
from tmb_graph.readwrite.graphml import graphml_bytes
from tmb_graph.readwrite.select import PROVENANCE_RELS, select


def relations(g: nx.MultiDiGraph) -> set[str]:
    return {str(d["relation"]) for _, _, d in g.edges(data=True)}


def test_without_provenance_no_source_edges_or_nodes_remain(projection: nx.MultiDiGraph) -> None:
    h = select(projection, provenance=False)
    back = nx.read_gexf(io.BytesIO(gexf_bytes(h)))
    assert not relations(back) & set(PROVENANCE_RELS)
    assert {"HOLDS", "IN_BODY", "REPLACED"} <= relations(back)
    assert not any(d["type"] in ("Section", "Document") for _, d in back.nodes(data=True))
    provenance = sum(1 for _, _, k in projection.edges(keys=True) if k in PROVENANCE_RELS)
    assert back.number_of_edges() <= projection.number_of_edges() - provenance
    assert provenance > 500  # what the option is for: a third of the edges


def test_the_organisation_by_body_network_weighs_each_pair_by_its_tenures(projection: nx.MultiDiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(graphml_bytes(select(projection, projection="org-body"))))
    assert relations(back) == {"REPRESENTED_IN"}
    assert {d["type"] for _, d in back.nodes(data=True)} == {"Organisation", "Body"}
    edge = next(d for u, v, d in back.edges(data=True) if (u, v) == ("org-kfsk", "wg-otp"))
    assert edge["tenures"] == 2 and edge["seats"] == 1 and "p-kfsk-konsult" in edge["holders"]
    total = sum(int(d["tenures"]) for _, _, d in back.edges(data=True))
    assert total == sum(1 for _, d in projection.nodes(data=True) if "Membership" in d["labels"])


def test_the_person_by_body_network_has_one_edge_per_tenure_and_a_day_narrows_it(
    projection: nx.MultiDiGraph,
) -> None:
    every = select(projection, projection="person-body")
    on_day = select(projection, projection="person-body", at=dt.date(2019, 10, 1))
    assert relations(nx.read_gexf(io.BytesIO(gexf_bytes(every)))) == {"SAT_IN"}
    assert every.number_of_edges() == sum(1 for _, d in projection.nodes(data=True) if "Membership" in d["labels"])
    assert on_day.number_of_edges() == 40
    assert "sug-stmb" in every and "sug-stmb" not in on_day


def test_a_day_keeps_the_tenures_held_and_the_bodies_that_existed(projection: nx.MultiDiGraph) -> None:
    h = select(projection, at=dt.date(2019, 10, 1))
    assert "sug-stmb" not in h and "post-sug-kv" not in h and "prog-stmb" in h
    assert "m-avh-lst-1" not in h and "m-avh-kfsk-2" in h  # left in spring 2019 / from autumn 2019


def test_export_graph_writes_the_selection_and_refuses_an_unknown_projection(
    projection: nx.MultiDiGraph, tmp_path: Path
) -> None:
    graph_dir = tmp_path / "graph"  # the build the export would read; the file goes beside it
    path = export_graph(graph_dir, "gexf", tmp_path / "ob.gexf", projection, projection="org-body")
    assert relations(nx.read_gexf(path)) == {"REPRESENTED_IN"}
    with pytest.raises(TmbError, match="unknown projection 'org-person': choose org-body or person-body"):
        export_graph(graph_dir, "gexf", tmp_path / "x.gexf", projection, projection="org-person")
    assert not (tmp_path / "x.gexf").exists()
