"""A build's graph.nt read into the mapping's own index maps exactly as through an rdflib graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from tests.conftest import synthetic_dataset
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.mapping import LABELS, _sorted_pairs, load_property_graph, to_property_graph
from tmb_graph.propertygraph.projection import from_property_graph, load_projection
from tmb_graph.rdf.read import Triples, _NotAsWritten, _rdflib_triples, _written_triples, read_graph, read_triples


@pytest.fixture(scope="module")
def dataset_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two synthetic counties, one year, built as a dataset: both have a `wg-1`."""
    root = tmp_path_factory.mktemp("load")
    synthetic_dataset(root, 2, 1, seed=5)
    return root / "graph"


@pytest.fixture(params=["skane", "dataset"])
def build_dir(request: pytest.FixtureRequest, graph_dir: Path, dataset_build: Path) -> Path:
    return graph_dir if request.param == "skane" else dataset_build


def test_the_index_answers_every_lookup_as_an_rdflib_graph_of_the_same_file_does(build_dir: Path) -> None:
    graph, index = read_graph(build_dir / "graph.nt"), read_triples(build_dir / "graph.nt")
    assert len(index) == len(graph) > 1000
    for s in set(graph.subjects()):
        assert list(index.predicate_objects(s)) == list(graph.predicate_objects(s))  # same order too
        for p in {p for p, _ in graph.predicate_objects(s)}:
            assert index.value(s, p) == graph.value(s, p)
    for cls in LABELS:
        assert list(index.subjects(RDF.type, cls)) == list(graph.subjects(RDF.type, cls))
    s, p, o = next(iter(graph))
    assert (s, p, o) in index
    assert (s, p, URIRef("http://example.org/not-there")) not in index


def test_a_build_maps_to_the_same_property_graph_through_the_index_as_through_rdflib(build_dir: Path) -> None:
    through_rdflib = to_property_graph(read_graph(build_dir / "graph.nt"))
    through_index = load_property_graph(build_dir)
    assert through_index.nodes == through_rdflib.nodes
    assert through_index.rels == through_rdflib.rels
    kinds = [type(v) for n in through_rdflib.nodes for v in n.props.values()]
    assert [type(v) for n in through_index.nodes for v in n.props.values()] == kinds


def test_a_dataset_keeps_programme_qualified_ids_through_the_index(dataset_build: Path) -> None:
    g = load_projection(dataset_build)
    work_groups = sorted(n for n in g if n.endswith(".wg-1"))
    assert len(work_groups) == 2
    assert {g.nodes[n]["programme"] for n in work_groups} == {n.split(".", 1)[0] for n in work_groups}


def test_the_projection_loaded_from_a_build_equals_the_projection_of_its_rdflib_graph(graph_dir: Path) -> None:
    loaded = load_projection(graph_dir)
    expected = from_property_graph(to_property_graph(read_graph(graph_dir / "graph.nt")))
    assert nx.utils.graphs_equal(loaded, expected)
    assert list(loaded.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


def test_pairs_are_sorted_as_rdflib_sorts_them_also_where_a_predicate_repeats() -> None:
    a, b, c = URIRef("http://e/a"), URIRef("http://e/b"), URIRef("http://e/c")
    pairs = [
        (c, URIRef("http://e/z")),
        (b, Literal(2)),
        (a, Literal("x", lang="sv")),
        (b, Literal("10", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))),
        (b, Literal("b")),
        (a, Literal("x", lang="en")),
        (c, URIRef("http://e/y")),
    ]
    assert _sorted_pairs(pairs) == sorted(pairs)
    index = Triples(iter([(URIRef("http://e/s"), p, o) for p, o in pairs]))
    assert list(index.predicate_objects(URIRef("http://e/s")))[:2] == [pairs[0], pairs[6]]  # as added, by predicate


def test_a_repeated_triple_is_kept_once_as_rdflib_keeps_it(tmp_path: Path) -> None:
    nt = tmp_path / "g.nt"
    nt.write_text('<http://e/a> <http://e/b> "c" .\n<http://e/a> <http://e/b> "c" .\n', encoding="utf-8")
    assert len(read_triples(nt)) == len(read_graph(nt)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<http://e/a> <http://e/b> "unterminated .\n', "cannot read N-Triples"),
        ("\x00\x01binary", "cannot read N-Triples"),
    ],
)
def test_a_broken_graph_file_is_a_clear_error_through_the_index(tmp_path: Path, text: str, expected: str) -> None:
    nt = tmp_path / "graph.nt"
    nt.write_text(text, encoding="utf-8")
    with pytest.raises(TmbError, match=expected) as err:
        load_property_graph(tmp_path)
    assert "tmb build" in str(err.value)


def test_a_folder_without_a_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TmbError):
        load_property_graph(tmp_path)
    with pytest.raises(TmbError, match="no N-Triples file"):
        read_triples(tmp_path / "graph.nt")


def test_an_rdflib_graph_still_maps(graph_dir: Path) -> None:
    graph = Graph()
    graph.parse(graph_dir / "graph.nt", format="nt")
    assert (
        to_property_graph(graph).counts_by_label()["Body"] == load_property_graph(graph_dir).counts_by_label()["Body"]
    )


def test_the_line_reader_builds_the_index_pyoxigraph_builds_from_the_whole_file(build_dir: Path) -> None:
    nt = build_dir / "graph.nt"
    fast, full = Triples(_written_triples(nt)), Triples(_rdflib_triples(nt))
    assert len(fast) == len(full)
    for s in read_graph(nt).subjects(unique=True):
        assert list(fast.predicate_objects(s)) == list(full.predicate_objects(s))
        assert [type(o) for _, o in fast.predicate_objects(s)] == [type(o) for _, o in full.predicate_objects(s)]
    for cls in LABELS:
        assert list(fast.subjects(RDF.type, cls)) == list(full.subjects(RDF.type, cls))


def test_a_graph_file_in_another_layout_is_read_whole_by_pyoxigraph(tmp_path: Path) -> None:
    nt = tmp_path / "g.nt"
    nt.write_text(
        '# a comment\n<http://e/a>\t<http://e/b>  "c d" .\n<http://e/a> <http://e/b> "e"@sv .\n', encoding="utf-8"
    )
    with pytest.raises(_NotAsWritten):
        list(_written_triples(nt))
    index = read_triples(nt)
    assert [str(o) for _, o in index.predicate_objects(URIRef("http://e/a"))] == ["c d", "e"]


def test_a_dataset_mapped_programme_by_programme_in_workers_is_the_union_s_mapping(
    dataset_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tmb_graph.dataset
    import tmb_graph.propertygraph.mapping as mapping

    union = to_property_graph(read_triples(dataset_build / "graph.nt"))
    assert mapping.programme_parts(dataset_build) is None, "two programmes: below the threshold, the union is mapped"
    monkeypatch.setattr(mapping, "PARALLEL_FROM", 2)
    monkeypatch.setattr(tmb_graph.dataset, "PARALLEL_FROM", 2)  # and the two worker processes really run
    parts = mapping.programme_parts(dataset_build, jobs=2)
    assert parts is not None and parts == union
    assert load_property_graph(dataset_build) == union
    assert {n.props["programme"] for n in parts.nodes if "programme" in n.props} == {"stockholm-2021", "uppsala-2021"}


def test_programmes_that_would_share_a_node_are_mapped_as_one_union(
    dataset_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import tmb_graph.propertygraph.mapping as mapping

    monkeypatch.setattr(mapping, "PARALLEL_FROM", 2)
    copy = tmp_path / "graph"
    shutil.copytree(dataset_build, copy)
    first, second = sorted((copy / "programmes").iterdir())
    shutil.copyfile(first / "graph.nt", second / "graph.nt")  # the second programme now holds the first's nodes
    assert mapping.programme_parts(copy) is None
