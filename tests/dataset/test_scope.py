"""Every library question asked within one programme of a dataset answers as that programme's own build.

The dataset: the real programme and two synthetic counties. Each programme's single build is
made on its own (the real one is the session's `graph_dir`), and every library question is asked
on both engines of (a) the single build and (b) the dataset scoped to that programme; the answers
must be equal. The scope must also really narrow the question (not answer the union).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tmb_graph.dataset import PARALLEL_FROM, build_dataset, each_programme
from tmb_graph.paths import default_data
from tmb_graph.pipeline import build
from tmb_graph.propertygraph.mapping import PropertyGraph, to_property_graph
from tmb_graph.query.cypher import PROGRAMME_GRAPH
from tmb_graph.query.falkordb_store import FalkorStore, falkordb_store
from tmb_graph.query.library import LibraryQuery, load_library
from tmb_graph.query.result import QueryResult
from tmb_graph.query.scope import Programme, choose_programmes, combine_results
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.query.worker import SparqlWorker
from tmb_graph.rdf.read import load_built_graph
from tmb_graph.synth import synthesise

REAL = "skane-2018-2020"
LIBRARY = load_library()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, graph_dir: Path) -> tuple[Path, dict[str, Path]]:
    """(the dataset build, each programme's own single build by name)."""
    root = tmp_path_factory.mktemp("scope")
    folder = root / "programmes"
    synthesise(2, 1, seed=11, out=folder)
    shutil.copytree(default_data(), folder / REAL)
    out = root / "graph"
    build_dataset(folder, out, shacl=False, jobs=2)
    singles = {REAL: graph_dir}
    for name in ("stockholm-2021", "uppsala-2021"):
        singles[name] = root / f"single-{name}"
        build(folder / name, singles[name], shacl=False)
    return out, singles


def _canonical(result: QueryResult) -> list[str]:
    """The rows in a comparable form (order kept only where the question orders)."""
    return sorted(repr(row) for row in result.rows)


def _params(q: LibraryQuery) -> dict[str, Any]:
    return q.example_params()


def test_a_dataset_knows_its_programmes_and_each_folder_is_a_build(dataset: tuple[Path, dict[str, Path]]) -> None:
    out, _ = dataset
    scope = choose_programmes(out, None, every=True)
    assert scope is not None
    assert [p.name for p in scope] == [REAL, "stockholm-2021", "uppsala-2021"]
    assert scope[1].county == "stockholm" and scope[1].year == "2021"
    assert scope[0].year == "2018-2020"
    assert all((p.folder / "graph.nt").is_file() for p in scope)


def test_every_library_question_in_sparql_answers_within_a_programme_as_its_own_build(
    dataset: tuple[Path, dict[str, Path]],
) -> None:
    out, singles = dataset
    scope = choose_programmes(out, None, every=True)
    assert scope is not None
    answered = 0
    with SparqlWorker(out, restart=False, union=False) as worker:
        for p in scope:
            own = SparqlStore.from_build(singles[p.name])
            for q in LIBRARY:
                if q.sparql is None:
                    continue
                with worker.scoped(p.folder):
                    within = worker.query(q.sparql, _params(q))
                alone = own.query(q.sparql, _params(q))
                assert within.columns == alone.columns, (p.name, q.name)
                assert _canonical(within) == _canonical(alone), (p.name, q.name)
                answered += bool(alone.rows)
    assert answered >= 40  # most questions answer something in some programme: the test compares rows


@pytest.fixture(scope="module")
def falkor() -> Iterator[FalkorStore]:
    with falkordb_store(PropertyGraph([], [])) as store:
        yield store


def test_every_library_question_in_cypher_answers_within_a_programme_as_its_own_build(
    dataset: tuple[Path, dict[str, Path]], falkor: FalkorStore
) -> None:
    out, singles = dataset
    scope = choose_programmes(out, None, every=True)
    assert scope is not None
    answered = 0
    for p in scope:
        # the scope: the programme's graph of the dataset; the control: its single build, in another graph
        falkor.load(to_property_graph(load_built_graph(p.folder)), graph=PROGRAMME_GRAPH.format(p.name))
        falkor.load(to_property_graph(load_built_graph(singles[p.name])), graph=f"single:{p.name}")
        for q in LIBRARY:
            if q.cypher is None:
                continue
            within = falkor.query(q.cypher, _params(q), graph=PROGRAMME_GRAPH.format(p.name))
            alone = falkor.query(q.cypher, _params(q), graph=f"single:{p.name}")
            assert within.columns == alone.columns, (p.name, q.name)
            assert _canonical(within) == _canonical(alone), (p.name, q.name)
            answered += bool(alone.rows)
    assert answered >= 40


def test_the_scope_narrows_the_question_to_one_programme(dataset: tuple[Path, dict[str, Path]]) -> None:
    out, _ = dataset
    count = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b org:classification tmbc:BodyKind-work_group }"
    with SparqlWorker(out, restart=False) as worker:
        union = worker.query(count).rows[0][0]
        scope = choose_programmes(out, ["stockholm-2021"], every=False)
        assert scope is not None
        with worker.scoped(scope[0].folder):
            within = worker.query(count).rows[0][0]
        assert worker.query(count).rows[0][0] == union  # the scope ends with the block
    assert 0 < within < union


def test_answers_per_programme_lead_with_the_programme_and_keep_a_question_s_own_programme_column() -> None:
    a = Programme("a-2021", "https://e/a-2021/", Path("a"))
    b = Programme("b-2022", "https://e/b-2022/", Path("b"))
    combined = combine_results(
        [(a, QueryResult(["programme", "n"], [("prog-a", 1)])), (b, QueryResult(["programme", "n"], [("prog-b", 2)]))]
    )
    assert combined.columns == ["programme", "programme.1", "n"]
    assert combined.rows == [("a-2021", "prog-a", 1), ("b-2022", "prog-b", 2)]


def test_many_programmes_are_read_in_worker_processes_and_come_back_in_order() -> None:
    folders = [Path(f"programme-{i:02d}") for i in range(PARALLEL_FROM + 3)]
    assert list(each_programme(os.fspath, folders, jobs=2)) == [f.name for f in folders]
