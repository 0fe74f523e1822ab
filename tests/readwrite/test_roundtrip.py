"""GraphML and GEXF: what networkx reads back is the graph, with types, labels and dates."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from tmb_graph.readwrite.attributes import flatten
from tmb_graph.readwrite.gexf import write_gexf
from tmb_graph.readwrite.graphml import write_graphml

SCALARS = (str, int, float, bool)


def _check(g: nx.MultiDiGraph, back: nx.MultiDiGraph) -> None:
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert set(map(str, back.nodes)) == set(map(str, g.nodes))
    tenure = next(
        n for n, d in g.nodes(data=True) if "Membership" in d["labels"] and d.get("end_precision") == "season"
    )
    data = back.nodes[tenure]
    assert data["type"] == "Membership"
    assert data["start_earliest"] and data["end_text"] == g.nodes[tenure]["end"]
    assert data["end_precision"] == "season"
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert {"HOLDS", "OF_SEAT", "IN_BODY", "REPLACED", "DERIVED_FROM"} <= relations
    body = next(n for n, d in g.nodes(data=True) if d.get("kind") == "work_group")
    assert back.nodes[body]["label"] == g.nodes[body]["name_en"]


def test_graphml_round_trip(projection: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(projection, tmp_path / "graph.graphml")
    back = nx.read_graphml(path)
    _check(projection, back)


def test_gexf_round_trip_with_a_timeline(projection: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(projection, tmp_path / "graph.gexf")
    back = nx.read_gexf(path)
    _check(projection, back)
    assert 'mode="dynamic"' in path.read_text(encoding="utf-8")
    tenure = next(n for n, d in projection.nodes(data=True) if "Membership" in d["labels"] and d.get("start_earliest"))
    assert back.nodes[tenure]["start"] == projection.nodes[tenure]["start_earliest"][:10]


def test_flatten_leaves_only_scalars_of_one_type_per_key(projection: nx.MultiDiGraph) -> None:
    flat = flatten(projection)
    types: dict[str, set[type]] = {}
    for _, d in flat.nodes(data=True):
        for k, v in d.items():
            assert v is not None and isinstance(v, SCALARS), (k, v)
            types.setdefault(k, set()).add(type(v))
    assert all(len(t) == 1 for t in types.values()), {k: t for k, t in types.items() if len(t) > 1}
    reasons = next(d["reasons"] for _, d in flat.nodes(data=True) if d.get("reasons"))
    assert isinstance(reasons, str)
