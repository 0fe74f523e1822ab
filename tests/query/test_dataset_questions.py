"""Every library question gives one answer on both engines over a dataset of programmes.

The dataset holds the real programme and two synthetic counties over two years whose ids collide
(each has a `wg-1`; a county's organisations and municipalities recur, with their names, every year): a rewrite that joins on an identifier instead of the node, or crosses
programmes, shows up here and not on one programme. The engines name a node differently over a
dataset: the property graph qualifies its id by programme (``stockholm-2021.wg-1``), SPARQL
prints ``dcterms:identifier``, the local id (``wg-1``), of a node that lives in one programme.
So a Cypher row reads as a SPARQL row once its qualifier is dropped, and the two answers must
hold the same rows *as often*: one row per node on both sides. A question that groups or
deduplicates by identifier merges the `wg-1` of two counties into one row (its counts added up,
or one row where Cypher has two) and fails here — :func:`test_a_question_that_groups_by_identifier_fails_the_comparison`
shows that it does.

An id parameter names one node in Cypher (qualified by the Skåne programme), and the same local
id in SPARQL, which only the Skåne programme has.
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


def _local(value: Any, programmes: list[str]) -> Any:
    """A Cypher cell in SPARQL's terms: ids without their programme, whole floats as integers."""
    if isinstance(value, str):
        for p in programmes:
            if value.startswith(p + "."):
                return value[len(p) + 1 :]
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return tuple(_local(v, programmes) for v in value)
    return value


def _sparql_cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _rows(result: QueryResult, cell: Any) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(cell(v) for v in row) for row in result.rows)


def _group_by(text: str) -> list[str]:
    """The variables of a SPARQL text's ``GROUP BY`` line (``[]`` without one)."""
    line = next((ln for ln in text.splitlines() if ln.startswith("GROUP BY ")), "")
    return line.split()[2:]


def _differences(
    sparql_text: str | None, name: str, sparql: SparqlStore, cypher: FalkorStore, programmes: list[str]
) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """(rows only SPARQL has, rows only Cypher has) for question ``name``, SPARQL asked ``sparql_text``.

    Rows are compared as multisets: a row per node on each side, Cypher's ids without their
    programme; nothing is added up, so a merged row shows up on both sides of the difference.
    """
    q = LIBRARY[name]
    assert sparql_text is not None and q.cypher is not None
    sparql_params, cypher_params = _params(name)
    s = sparql.query(sparql_text, sparql_params)
    c = cypher.query(q.cypher, {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in cypher_params.items()})
    assert s.columns == c.columns
    expected = _rows(s, _sparql_cell)
    got = _rows(c, lambda v: _local(v, programmes))
    return expected - got, got - expected


def _params(name: str) -> tuple[dict[str, ParamValue], dict[str, ParamValue]]:
    """(SPARQL's, Cypher's) example parameters: Cypher's node ids qualified by the Skåne programme."""
    sparql = LIBRARY[name].example_params()
    cypher = {k: f"{SKANE}.{v}" if k in ID_PARAMS else v for k, v in sparql.items()}
    return sparql, cypher


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_question_answers_alike_on_both_engines_over_a_dataset_of_programmes(
    name: str, stores: tuple[SparqlStore, FalkorStore, list[str]]
) -> None:
    sparql, cypher, programmes = stores
    only_sparql, only_cypher = _differences(LIBRARY[name].sparql, name, sparql, cypher, programmes)
    assert not only_sparql and not only_cypher, f"{name}: only SPARQL {only_sparql}; only Cypher {only_cypher}"


#: the node variables the library's SPARQL questions group by beside the identifiers they print
NODE_KEYS = frozenset({"?g", "?o", "?p", "?post", "?x"})
#: questions grouped by node whose merge this dataset cannot show: no row of theirs recurs across programmes
NO_COLLISION = {
    "inferred_identities": "no synthetic county infers an identity",
    "organisation_seats": "the example organisation is Skåne's alone",
}


@pytest.mark.parametrize(
    "name",
    sorted(
        n for n, q in LIBRARY.items() if q.sparql and NODE_KEYS & set(_group_by(q.sparql)) and n not in NO_COLLISION
    ),
)
def test_a_question_that_groups_by_identifier_fails_the_comparison(
    name: str, stores: tuple[SparqlStore, FalkorStore, list[str]]
) -> None:
    """The check above catches a merge: grouped by the printed identifiers only, not the nodes,
    the `wg-1` of two counties become one row, and the answers no longer match."""
    sparql, cypher, programmes = stores
    text = LIBRARY[name].sparql
    assert text is not None
    keys = _group_by(text)
    merging = text.replace("GROUP BY " + " ".join(keys), "GROUP BY " + " ".join(k for k in keys if k not in NODE_KEYS))
    assert merging != text
    only_sparql, only_cypher = _differences(merging, name, sparql, cypher, programmes)
    assert only_sparql or only_cypher, f"{name}: grouping by identifier should merge counties in this dataset"


def test_the_dataset_has_rows_for_most_questions_and_ids_that_collide(
    stores: tuple[SparqlStore, FalkorStore, list[str]],
) -> None:
    """The check above means something: most answers are not empty, and `wg-1` is four nodes."""
    sparql, cypher, programmes = stores
    assert len(programmes) == 5
    empty = [n for n, q in LIBRARY.items() if q.sparql and not sparql.query(q.sparql, _params(n)[0]).rows]
    assert len(empty) <= 3, empty
    ids = cypher.query("MATCH (b:Body {kind: 'work_group'}) WHERE b.id ENDS WITH '.wg-1' RETURN b.id").rows
    assert len(ids) == 4
    # the questions about one Skåne node find it in the dataset, where its id is qualified
    for name in ("est_pilot_municipalities", "kfsk_cascade"):
        text = LIBRARY[name].cypher
        assert text is not None
        assert cypher.query(text, {}).rows, name
