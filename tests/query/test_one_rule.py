"""One answer to "who held which mandate on day D": the Python rule, both library texts and the view.

``tmb mandates --at D`` (:func:`~tmb_graph.propertygraph.projection.held_on`), the library question
``mandates_at`` on pyoxigraph and on FalkorDB, and the organisation view on D must count the
same tenures on the first day of every month of the programme — the view plus the bodies it
says it leaves out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.propertygraph.projection import View, held_on, load_projection, period_warning
from tmb_graph.query.falkordb_store import FalkorStore
from tmb_graph.query.library import load_library
from tmb_graph.query.mandates import mandates
from tmb_graph.query.result import QueryResult
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.view.organisation import organisation_view

MONTHS = [dt.date(y, m, 1) for y in (2018, 2019, 2020) for m in range(1, 13)]
QUESTION = next(q for q in load_library() if q.name == "mandates_at")


@pytest.fixture(scope="module")
def g(graph_dir: Path) -> nx.MultiDiGraph:
    return load_projection(graph_dir)


def _ids(result: QueryResult) -> set[str]:
    i = result.columns.index("membership")
    return {r[i] for r in result.rows}


def test_mandates_the_library_on_both_engines_and_the_view_agree_on_every_month(
    g: nx.MultiDiGraph, sparql: SparqlStore, cypher: FalkorStore
) -> None:
    v = View(g)
    counts = []
    for day in MONTHS:
        python = {r["membership"] for r in mandates(g, at=day).rows}
        assert python == {m for m in v.with_label("Membership") if held_on(g, m, day)}
        assert QUESTION.sparql is not None and QUESTION.cypher is not None
        on_sparql = _ids(sparql.query(QUESTION.sparql, {"at": day}))
        on_cypher = _ids(cypher.query(QUESTION.cypher, {"at": day.isoformat()}))
        assert on_sparql == python, f"{day}: SPARQL {sorted(on_sparql ^ python)}"
        assert on_cypher == python, f"{day}: Cypher {sorted(on_cypher ^ python)}"
        view = organisation_view(g, day)
        drawn = set(view.tenures)
        assert drawn <= python, f"{day}: the view draws tenures not held {sorted(drawn - python)}"
        left_out = python - drawn
        for m in left_out:  # every tenure not drawn sits in a body the header names
            body = v.one(m, "IN_BODY")
            assert body is not None
            assert any(str(v.node(body).get("name_en")) in note for note in view.notes), (day, m, view.notes)
        assert f"{len(drawn)} tenures held that day" in view.subtitle
        counts.append(len(python))
    assert max(counts) > 0 and counts[0] < max(counts)  # the programme starts empty-handed and fills up


def test_the_headline_date_gives_forty_tenures_everywhere(
    g: nx.MultiDiGraph, sparql: SparqlStore, cypher: FalkorStore
) -> None:
    day = dt.date(2019, 10, 1)
    assert QUESTION.sparql is not None and QUESTION.cypher is not None
    assert len(mandates(g, at=day).rows) == 40
    assert len(sparql.query(QUESTION.sparql, {"at": day}).rows) == 40
    assert len(cypher.query(QUESTION.cypher, {"at": day.isoformat()}).rows) == 40
    view = organisation_view(g, day)
    assert len(view.tenures) == 39
    assert any("outside the programme's organisation" in n and "1 tenure held that day" in n for n in view.notes)


def test_a_tenure_without_a_start_counts_from_its_bodys_start(g: nx.MultiDiGraph) -> None:
    # m-sam-polis-2: "sedermera" — no start recorded; wg-sam ran from 2018-09 to 2020-12-31
    assert "start_earliest" not in g.nodes["m-sam-polis-2"]
    assert not held_on(g, "m-sam-polis-2", dt.date(2018, 8, 31))
    assert held_on(g, "m-sam-polis-2", dt.date(2018, 9, 1))
    assert held_on(g, "m-sam-polis-2", dt.date(2020, 12, 30))
    assert not held_on(g, "m-sam-polis-2", dt.date(2020, 12, 31))


def test_a_dated_view_does_not_draw_a_body_that_had_ended(g: nx.MultiDiGraph) -> None:
    view = organisation_view(g, dt.date(2019, 10, 1))
    assert "sug-stmb" not in view.nodes
    assert any("did not exist on 2019-10-01" in n and "Start-up group" in n for n in view.notes)
    before = organisation_view(g, dt.date(2018, 4, 1))
    assert "sug-stmb" in before.nodes and "wg-est" not in before.nodes


def test_the_undated_view_names_the_body_it_leaves_out(g: nx.MultiDiGraph) -> None:
    view = organisation_view(g)
    assert len(view.tenures) == len(View(g).with_label("Membership")) - 1
    assert any("BRÅ work group on local situation pictures (1 tenure)" in n for n in view.notes)


def test_a_date_outside_the_programme_gets_a_warning(g: nx.MultiDiGraph) -> None:
    assert period_warning(g, dt.date(2019, 10, 1)) is None
    warning = period_warning(g, dt.date(2023, 1, 1))
    assert warning is not None and "outside the programme's period" in warning and "2020-12-31" in warning
    assert period_warning(g, dt.date(2018, 1, 1)) is not None
