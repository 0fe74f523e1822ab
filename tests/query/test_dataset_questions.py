"""Every library question gives one answer on both engines over a dataset of programmes.

The dataset holds the real programme and two synthetic counties over two years whose ids collide
(each has a `wg-1`; a county's organisations and municipalities recur, with their names, every
year). Over a dataset's union both engines qualify a node's id by its programme
(``stockholm-2021.wg-1``: the property graph's node ids, and ``dcterms:identifier`` in the
union's SPARQL store, by one rule, :func:`tmb_graph.dataset.qualifier`), so the two answers must
hold the same rows, values and types alike, *as often*: one row per node on both sides. A rewrite
that crosses programmes shows up here and not on one programme; and since the printed ids are
qualified, a question grouped by identifier keeps the `wg-1` of two counties apart
(:func:`test_over_the_union_a_question_grouped_by_identifier_keeps_the_counties_apart`).

An id parameter names one node, qualified by the Skåne programme, on both engines; a plain id
names none.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tmb_graph.dataset import build_dataset
from tmb_graph.paths import default_data
from tmb_graph.query.falkordb_store import FalkorStore, falkordb_store
from tmb_graph.query.library import load_library
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.synth import synthesise
from tmb_graph.workspace import Workspace

LIBRARY = {q.name: q for q in load_library()}
SKANE = default_data().name
#: parameters that name a node (qualified by programme in Cypher)
ID_PARAMS = frozenset({"activity", "node", "org", "person", "seat"})


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real programme and two synthetic counties, two years each, built as one dataset."""
    root = tmp_path_factory.mktemp("dataset-questions")
    folder = root / "programmes"
    synthesise(2, 2, seed=5, out=folder)
    shutil.copytree(default_data(), folder / SKANE)
    out = root / "graph"
    build_dataset(folder, out, shacl=False, jobs=2)
    return out


@pytest.fixture(scope="module")
def stores(dataset: Path) -> Iterator[tuple[SparqlStore, FalkorStore, list[str]]]:
    with falkordb_store(Workspace(dataset).property_graph) as cypher:
        programmes = sorted(p.name for p in (dataset / "programmes").iterdir())
        yield SparqlStore.from_build(dataset), cypher, programmes


def _sparql_cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _rows(result: QueryResult, cell: Any) -> Counter[tuple[Any, ...]]:
    """Each row's cells with their types: 1, 1.0 and True are one key to a Counter, not to a reader."""
    return Counter(tuple((type(c).__name__, c) for c in map(cell, row)) for row in result.rows)


def _group_by(text: str) -> list[str]:
    """The variables of a SPARQL text's ``GROUP BY`` line (``[]`` without one)."""
    line = next((ln for ln in text.splitlines() if ln.startswith("GROUP BY ")), "")
    return line.split()[2:]


def _differences(
    sparql_text: str | None, name: str, sparql: SparqlStore, cypher: FalkorStore
) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """(rows only SPARQL has, rows only Cypher has) for question ``name``, SPARQL asked ``sparql_text``.

    Rows are compared as multisets: a row per node on each side; nothing is added up, so a merged
    row shows up on both sides of the difference.
    """
    q = LIBRARY[name]
    assert sparql_text is not None and q.cypher is not None
    params = _params(name)
    s = sparql.query(sparql_text, params)
    c = cypher.query(q.cypher, {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()})
    assert s.columns == c.columns
    expected = _rows(s, _sparql_cell)
    got = _rows(c, lambda v: tuple(v) if isinstance(v, list) else v)
    return expected - got, got - expected


def _params(name: str) -> dict[str, ParamValue]:
    """The example parameters, node ids qualified by the Skåne programme (the same on both engines)."""
    return {k: f"{SKANE}.{v}" if k in ID_PARAMS else v for k, v in LIBRARY[name].example_params().items()}


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_question_answers_alike_on_both_engines_over_a_dataset_of_programmes(
    name: str, stores: tuple[SparqlStore, FalkorStore, list[str]]
) -> None:
    sparql, cypher, _ = stores
    only_sparql, only_cypher = _differences(LIBRARY[name].sparql, name, sparql, cypher)
    assert not only_sparql and not only_cypher, f"{name}: only SPARQL {only_sparql}; only Cypher {only_cypher}"


#: the node variables the library's SPARQL questions group by beside the identifiers they print
NODE_KEYS = frozenset({"?g", "?o", "?p", "?post", "?x"})


@pytest.mark.parametrize(
    "name", sorted(n for n, q in LIBRARY.items() if q.sparql and NODE_KEYS & set(_group_by(q.sparql)))
)
def test_over_the_union_a_question_grouped_by_identifier_keeps_the_counties_apart(
    name: str, stores: tuple[SparqlStore, FalkorStore, list[str]]
) -> None:
    """Grouped by the printed identifiers only, not the nodes, a question still tells the `wg-1`
    of two counties apart over the union: the identifiers are qualified (with plain ones the rows
    merged, and their counts added up)."""
    sparql, cypher, _ = stores
    text = LIBRARY[name].sparql
    assert text is not None
    keys = _group_by(text)
    by_identifier = text.replace(
        "GROUP BY " + " ".join(keys), "GROUP BY " + " ".join(k for k in keys if k not in NODE_KEYS)
    )
    assert by_identifier != text
    only_sparql, only_cypher = _differences(by_identifier, name, sparql, cypher)
    assert not only_sparql and not only_cypher, name


def test_the_dataset_has_rows_for_most_questions_and_ids_that_collide(
    stores: tuple[SparqlStore, FalkorStore, list[str]],
) -> None:
    """The check above means something: most answers are not empty, and `wg-1` is four nodes."""
    sparql, cypher, programmes = stores
    assert len(programmes) == 5
    empty = [n for n, q in LIBRARY.items() if q.sparql and not sparql.query(q.sparql, _params(n)).rows]
    assert len(empty) <= 3, empty
    ids = cypher.query("MATCH (b:Body {kind: 'work_group'}) WHERE b.id ENDS WITH '.wg-1' RETURN b.id").rows
    assert len(ids) == 4
    groups = {
        row[0]
        for row in sparql.query(
            "SELECT ?id WHERE { ?b org:classification tmbc:BodyKind-work_group ; dcterms:identifier ?id }"
        ).rows
    }
    assert {i for i in groups if i.endswith(".wg-1")} == {i for (i,) in ids}
    assert all(i.split(".", 1)[0] in programmes for i in groups)
    # the questions about one Skåne node find it in the dataset, where its id is qualified
    for name in ("est_pilot_municipalities", "kfsk_cascade"):
        q = LIBRARY[name]
        assert q.cypher is not None and q.sparql is not None
        assert cypher.query(q.cypher, {}).rows and sparql.query(q.sparql, {}).rows, name
    # a plain id names no node of the union, on either engine: name the programme, or qualify the id
    seats = LIBRARY["organisation_seats"]
    assert seats.sparql is not None and seats.cypher is not None
    plain = seats.example_params()
    assert not sparql.query(seats.sparql, plain).rows and not cypher.query(seats.cypher, plain).rows
