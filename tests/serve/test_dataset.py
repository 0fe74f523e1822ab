"""`tmb serve` over a dataset build: the API answers within a programme, the national picture, the browser.

The dataset: three synthetic counties (one year each). Answers within a programme are compared
with the same question asked of that programme's own build, on both engines.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import synthetic_dataset
from tests.serve.conftest import SHOTS, Server, open_page, start_server
from tmb_graph.propertygraph.mapping import to_property_graph
from tmb_graph.query.falkordb_store import falkordb_store
from tmb_graph.query.library import find_question, load_library
from tmb_graph.query.sparql import SparqlStore
from tmb_graph.rdf.read import load_built_graph
from tmb_graph.serve.app import create_app
from tmb_graph.serve.engines import Engines
from tmb_graph.serve.workbench import Workbench
from tmb_graph.workspace import Workspace

pytestmark = pytest.mark.timeout(240)
PROGRAMME = "uppsala-2021"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve-dataset")
    synthetic_dataset(root, 3, 1, seed=13)
    return root / "graph"


@pytest.fixture(scope="module")
def client(dataset: Path) -> Iterator[TestClient]:
    workspace = Workspace(dataset)
    with (
        Engines(workspace, max_timeout=10) as engines,
        TestClient(create_app(engines, Workbench(workspace)), base_url="http://127.0.0.1") as c,
    ):
        yield c


def test_the_server_asks_its_sparql_worker_for_the_schema_and_holds_no_second_store(dataset: Path) -> None:
    # the union is held once, in the SPARQL worker: a store of the workspace's own was 6 s and
    # 0.6 GB more at 10⁶ triples before the server was ready
    workspace = Workspace(dataset)
    with (
        Engines(workspace, max_timeout=10) as engines,
        TestClient(create_app(engines, Workbench(workspace)), base_url="http://127.0.0.1") as c,
    ):
        schema = c.get("/api/schema").json()
        assert {"tmb:Body", "org:Post"} <= set(schema["classes"]) and "dcterms:identifier" in schema["properties"]
        assert [q["name"] for q in c.get("/api/library").json()][:1] == ["activities_by_status_reason"]
    assert "store" not in workspace._values


def _own(dataset: Path) -> Path:
    return dataset / "programmes" / PROGRAMME


def test_the_api_lists_the_programmes_of_the_dataset(client: TestClient) -> None:
    programmes = client.get("/api/programmes").json()
    assert len(programmes) == 3
    chosen = next(p for p in programmes if p["name"] == PROGRAMME)
    assert chosen["county"] == "uppsala" and chosen["year"] == "2021" and chosen["graph"].endswith("/uppsala-2021/")


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_a_library_question_within_a_programme_answers_as_its_own_build(
    client: TestClient, dataset: Path, engine: str
) -> None:
    q = find_question(load_library(), "mandates_at")
    params = {"at": "2021-06-01"}
    got = client.get("/api/library/mandates_at", params={**params, "engine": engine, "programme": PROGRAMME})
    assert got.status_code == 200, got.text
    answer = got.json()
    typed = q.bind({"at": dt.date(2021, 6, 1)})
    if engine == "sparql":
        own = SparqlStore.from_build(_own(dataset)).query(q.text("sparql"), typed)
    else:
        with falkordb_store(to_property_graph(load_built_graph(_own(dataset)))) as store:
            own = store.query(q.text("cypher"), typed)
    assert answer["columns"] == own.columns
    assert sorted(map(repr, answer["rows"])) == sorted(repr(list(r)) for r in own.rows)
    assert answer["row_count"] > 0
    whole = client.get("/api/library/mandates_at", params={**params, "engine": engine}).json()
    assert whole["row_count"] > answer["row_count"]  # the scope narrowed the question


def test_a_hand_written_query_mandates_and_an_analysis_take_the_programme_too(client: TestClient) -> None:
    count = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b org:classification tmbc:BodyKind-work_group }"
    within = client.get("/api/query", params={"engine": "sparql", "text": count, "programme": PROGRAMME}).json()
    whole = client.get("/api/query", params={"engine": "sparql", "text": count}).json()
    assert 0 < within["rows"][0][0] < whole["rows"][0][0]
    posted = client.post(
        "/api/query", json={"engine": "cypher", "text": "MATCH (b:Body) RETURN count(b) AS n", "programme": PROGRAMME}
    )
    assert posted.status_code == 200 and posted.json()["rows"][0][0] > 0
    mandates = client.get("/api/mandates", params={"at": "2021-06-01", "programme": PROGRAMME, "format": "csv"})
    assert mandates.status_code == 200 and "m-sg-0" in mandates.text
    gaps = client.get("/api/analyses/gaps", params={"programme": PROGRAMME})
    assert gaps.status_code == 200 and gaps.json()["tables"]


def test_a_qualified_id_parameter_asks_within_its_programme_on_both_engines(client: TestClient) -> None:
    orgs = "SELECT ?id WHERE { ?o a org:FormalOrganization ; dcterms:identifier ?id } ORDER BY ?id LIMIT 1"
    local = client.get("/api/query", params={"engine": "sparql", "text": orgs, "programme": PROGRAMME}).json()
    org = local["rows"][0][0]
    for engine in ("sparql", "cypher"):
        path = "/api/library/organisation_seats"
        qualified = client.get(path, params={"engine": engine, "org": f"{PROGRAMME}.{org}"}).json()
        within = client.get(path, params={"engine": engine, "org": org, "programme": PROGRAMME}).json()
        assert qualified["row_count"] > 0 and qualified["rows"] == within["rows"], engine
    both = client.get(
        "/api/library/organisation_seats", params={"org": f"{PROGRAMME}.{org}", "programme": "stockholm-2021"}
    )
    assert both.status_code == 400 and "a node of uppsala-2021" in both.json()["error"]


def test_over_the_union_a_sparql_answer_draws_its_nodes_from_iris_and_ids_alike(client: TestClient) -> None:
    # the union's ids are qualified by programme (`uppsala-2021.wg-1`): an IRI names the same node
    where = "?b org:classification tmbc:BodyKind-work_group ; dcterms:identifier ?id"
    by_iri = client.get("/api/query", params={"engine": "sparql", "text": f"SELECT ?b WHERE {{ {where} }}"}).json()
    by_id = client.get("/api/query", params={"engine": "sparql", "text": f"SELECT ?id WHERE {{ {where} }}"}).json()
    ids = {row[0] for row in by_id["rows"]}
    assert len(ids) == len(by_id["rows"]) > 3 and f"{PROGRAMME}.wg-1" in ids
    assert by_iri["graph"] and by_id["graph"]
    assert {n["id"] for n in by_iri["graph"]["nodes"]} == {n["id"] for n in by_id["graph"]["nodes"]} == ids


def test_the_library_forms_offer_the_dataset_s_or_the_programme_s_own_nodes(client: TestClient) -> None:
    # the library's examples are Skåne's ids (org-kfsk): a dataset offers its own organisations,
    # qualified by programme, and a chosen programme its plain ids — each example answers
    def org_param(params: dict[str, str]) -> dict[str, Any]:
        forms = client.get("/api/library", params=params).json()
        question = next(q for q in forms if q["name"] == "organisation_seats")
        return dict(next(p for p in question["params"] if p["name"] == "org"))

    union = org_param({})
    assert union["type"] == "id" and union["label"] == "Organisation"
    names = {p["name"] for p in client.get("/api/programmes").json()}
    assert union["example"].split(".", 1)[0] in names
    assert union["suggestions"] and all("." in s["value"] for s in union["suggestions"])
    within = org_param({"programme": PROGRAMME})
    assert within["type"] == "id" and "." not in within["example"]
    assert {s["value"] for s in within["suggestions"]} == {
        s["value"].split(".", 1)[1] for s in union["suggestions"] if s["value"].startswith(f"{PROGRAMME}.")
    }
    asked = client.get("/api/library/organisation_seats", params={"org": union["example"]}).json()
    assert asked["row_count"] > 0
    asked = client.get("/api/library/organisation_seats", params={"org": within["example"], "programme": PROGRAMME})
    assert asked.json()["row_count"] > 0
    assert client.get("/api/library", params={"programme": "upsala-2021"}).status_code == 404


def test_an_unknown_programme_is_a_404_that_names_the_closest(client: TestClient) -> None:
    for path in ("/api/library/vacant_seats", "/api/mandates", "/api/analyses/gaps"):
        got = client.get(path, params={"programme": "upsala-2021"})
        assert got.status_code == 404, path
        assert "did you mean 'uppsala-2021'" in got.json()["error"]


def test_the_national_picture_is_served_placed_and_within_its_budget(client: TestClient) -> None:
    view = client.get("/api/national").json()
    kinds = {n["kind"] for n in view["nodes"]}
    assert {"nation", "county", "programme", "bodies_grouped"} <= kinds
    assert len(view["nodes"]) <= 100 and all(n["x"] is not None for n in view["nodes"])
    assert sum(1 for n in view["nodes"] if n["kind"] == "programme") == 3


@pytest.fixture(scope="module")
def dataset_server(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(dataset, tmp_path_factory.mktemp("serve-ds") / "stderr.log")
    try:
        yield running
    finally:
        running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()


def test_the_workbench_draws_the_nation_and_a_click_on_a_programme_scopes_the_library(
    context: Any, dataset_server: Server
) -> None:
    page, log = open_page(context, dataset_server, "/?tab=national")
    page.wait_for_function("window.tmbNational && window.tmbNational.nodes().length > 0", timeout=20_000)
    drawn = page.evaluate("window.tmbNational.nodes().length")
    assert 0 < drawn <= 100
    page.evaluate(f"window.tmbNational.getElementById('programme:{PROGRAMME}').emit('tap')")
    assert page.input_value("#programme-select") == PROGRAMME
    page.screenshot(path=str(SHOTS / "national-1366x768.png"))
    # the library now answers within the chosen programme
    page.click("#tab-library")
    page.get_by_role("button", name="Which seats fell vacant").first.click()
    with page.expect_response(lambda r: "/api/library/vacant_seats" in r.url) as response:
        page.get_by_role("button", name="Answer").click()
    assert f"programme={PROGRAMME}" in response.value.url and response.value.status == 200
    page.close()
    assert log.errors == [] and log.remote == []
