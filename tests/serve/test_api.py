"""The JSON API over the real graph and real engines: the same answers as the library and the CLI's writers."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
from fastapi.testclient import TestClient

from tmb_graph.analysis.run import render, run_analysis
from tmb_graph.query.library import find_question, load_library
from tmb_graph.query.mandates import mandates
from tmb_graph.workspace import Workspace

SEAT_SPARQL = """SELECT ?membership ?person ?seat WHERE {
  ?post a org:Post ; dcterms:identifier ?seat .
  ?m tmb:seat ?post ; dcterms:identifier ?membership ; org:member/dcterms:identifier ?person .
} ORDER BY ?membership"""
SEAT_CYPHER = (
    "MATCH (post:Post {id: $seat})<-[:OF_SEAT]-(m:Membership)<-[:HOLDS]-(p:Person) "
    "RETURN m.id AS membership, p.id AS person ORDER BY membership"
)


def test_the_openapi_document_lists_every_route(app_client: TestClient) -> None:
    paths = app_client.get("/api/openapi.json").json()["paths"]
    for route in ("/api/query", "/api/library", "/api/library/{name}", "/api/mandates", "/api/analyses/{name}",
                  "/api/search", "/api/node/{nid}", "/api/schema"):  # fmt: skip
        assert route in paths, route


def test_the_library_is_served_as_forms_with_titles_types_and_suggestions_from_the_data(
    app_client: TestClient,
) -> None:
    questions = {q["name"]: q for q in app_client.get("/api/library").json()}
    assert questions.keys() == {q.name for q in load_library()}
    at = questions["mandates_at"]
    assert at["title_en"] and at["title_sv"] and at["sections"] and set(at["engines"]) == {"sparql", "cypher"}
    (param,) = at["params"]
    assert param["type"] == "date" and {"value": "2019-10-01", "label": "October 2019"} in param["suggestions"]
    org = next(p for q in questions.values() for p in q["params"] if p["name"] == "org")
    assert org["type"] == "id" and org["label"] == "Organisation"
    assert any(s["value"] == "org-kfsk" and "Skåne" in s["label"] for s in org["suggestions"])
    reason = next(p for q in questions.values() for p in q["params"] if p["name"] == "reason")
    assert "national_assignment" in {s["value"] for s in reason["suggestions"]} and len(reason["suggestions"]) > 1


def test_a_library_question_gives_the_same_rows_on_both_engines_as_the_mandates_rule(
    app_client: TestClient, workspace: Workspace
) -> None:
    answers = {
        engine: app_client.get("/api/library/mandates_at", params={"at": "2019-10-01", "engine": engine}).json()
        for engine in ("sparql", "cypher")
    }
    expected = {r["membership"] for r in mandates(workspace.projection, dt.date(2019, 10, 1)).rows}
    for engine, answer in answers.items():
        column = answer["columns"].index("membership")
        assert {row[column] for row in answer["rows"]} == expected, engine
        assert answer["title"] and answer["sections"]
    assert len(expected) == 40


def test_a_library_question_without_its_parameter_says_which_one_it_needs(app_client: TestClient) -> None:
    response = app_client.get("/api/library/mandates_at")
    assert response.status_code == 400 and "needs the parameter 'at'" in response.json()["error"]
    assert app_client.get("/api/library/no_such_question").status_code == 404


def test_hand_written_queries_with_a_parameter_answer_on_both_engines(app_client: TestClient) -> None:
    cypher = app_client.get(
        "/api/query", params={"engine": "cypher", "text": SEAT_CYPHER, "params": json.dumps({"seat": "post-far-kv"})}
    ).json()
    sparql = app_client.post(
        "/api/query", json={"engine": "sparql", "text": SEAT_SPARQL, "params": {"seat": "post-far-kv"}}
    ).json()
    assert cypher["rows"] and sorted(cypher["rows"]) == sorted(sparql["rows"])
    assert cypher["graph"] and {n["label"] for n in cypher["graph"]["nodes"]} >= {"Membership", "Person"}


def test_a_download_is_the_command_lines_output_and_opens_in_pandas(
    app_client: TestClient, workspace: Workspace
) -> None:
    response = app_client.get("/api/query", params={"engine": "sparql", "text": SEAT_SPARQL, "format": "csv"})
    assert response.headers["content-disposition"] == 'attachment; filename="result.csv"'
    assert response.text == workspace.store.query(SEAT_SPARQL).render("csv")
    frame = pd.read_csv(io.StringIO(response.text))
    assert list(frame.columns) == ["membership", "person", "seat"] and len(frame) > 40
    srj = app_client.get("/api/query", params={"engine": "sparql", "text": SEAT_SPARQL, "format": "sparql-json"})
    assert srj.json()["head"]["vars"] == ["membership", "person", "seat"]
    construct = "CONSTRUCT { ?b a tmb:Body } WHERE { ?b a tmb:Body }"
    turtle = app_client.get("/api/query", params={"engine": "sparql", "text": construct, "format": "turtle"})
    assert turtle.status_code == 200 and "tmb:Body" in turtle.text
    refused = app_client.get("/api/query", params={"engine": "cypher", "text": SEAT_CYPHER, "format": "turtle",
                                                   "params": '{"seat": "post-far-kv"}'})  # fmt: skip
    assert refused.status_code == 400 and "CONSTRUCT or DESCRIBE" in refused.json()["error"]


def test_mandates_and_analyses_are_those_of_the_command_line(app_client: TestClient, workspace: Workspace) -> None:
    by_name = app_client.get("/api/mandates", params={"at": "2019-10-01", "org": "Kommunförbundet Skåne"}).json()
    expected = mandates(workspace.projection, dt.date(2019, 10, 1), org="org-kfsk").with_names(workspace.names)
    assert by_name["rows"] == expected.json_rows() and by_name["rows"]
    gaps = app_client.get("/api/analyses/gaps").json()
    cli = json.loads(render(run_analysis("gaps", workspace.graph_dir), "json"))
    assert gaps["tables"] == cli["tables"] and gaps["summary"] == cli["summary"]
    assert app_client.get("/api/analyses/nope").status_code == 404


def test_search_finds_anything_by_any_name_alias_or_swedish_name(app_client: TestClient) -> None:
    def first(text: str) -> str:
        hits = app_client.get("/api/search", params={"q": text}).json()
        return str(hits[0]["id"]) if hits else ""

    assert first("Kommunförbundet Skåne") == "org-kfsk"  # the Swedish name
    assert first("KFSK") == "org-kfsk"  # an abbreviation
    assert first("wg-est") == "wg-est"  # an id
    goal = app_client.get("/api/search", params={"q": "Aktivitetsplanens aktiviteter"}).json()
    assert any(h["kind"] == "goal" for h in goal)
    activity = app_client.get("/api/search", params={"q": "Landshövdingens sammanträde"}).json()
    assert activity[0]["id"] == "act-2017-heads-meeting" and activity[0]["kind"] == "activity"


def test_a_node_page_says_everything_with_provenance(app_client: TestClient) -> None:
    page = app_client.get("/api/node/m-avh-kfsk-1").json()
    assert page["labels"] == ["Membership"] and page["properties"]["role"] == "representative"
    assert page["sources"] and all({"section", "evidence", "inferred"} <= s.keys() for s in page["sources"])
    assert {(link["type"], link["node"]) for link in page["links"]} >= {("IN_BODY", "wg-avh"), ("HOLDS", "p-kfsk-vu")}
    org = app_client.get("/api/node/org-kfsk").json()
    assert org["mandates"]["rows"] and "organisation_name" in org["mandates"]["columns"]
    missing = app_client.get("/api/node/org-kfks")
    assert missing.status_code == 404 and "did you mean" in missing.json()["error"]


def test_the_schema_holds_this_graphs_labels_types_keys_classes_and_properties(app_client: TestClient) -> None:
    schema = app_client.get("/api/schema").json()
    assert {"Body", "Membership", "Organisation"} <= set(schema["labels"])
    assert {"HOLDS", "IN_BODY", "REPLACED"} <= set(schema["relationshipTypes"])
    assert {"start_earliest", "name_en", "evidence"} <= set(schema["propertyKeys"])
    assert {"tmb:Body", "org:Post"} <= set(schema["classes"]) and "tmb:seat" in schema["properties"]


def test_a_syntax_error_is_reported_at_its_line(app_client: TestClient) -> None:
    response = app_client.get("/api/query", params={"engine": "sparql", "text": "SELECT ?x WHERE {\n ?x ?y }"})
    assert response.status_code == 400 and response.json()["line"] == 2
    cypher = app_client.get("/api/query", params={"engine": "cypher", "text": "MATCH (b:Bdy) RETURN b"})
    assert cypher.status_code == 400 and "Body" in cypher.json()["error"]


def test_a_query_past_its_deadline_is_stopped_and_the_next_one_is_answered(app_client: TestClient) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    slow = app_client.get("/api/query", params={"engine": "sparql", "text": cross, "timeout": 1})
    assert slow.status_code == 504
    cypher = "MATCH (a), (b), (c), (d) RETURN count(*) AS n"
    slow_cypher = app_client.get("/api/query", params={"engine": "cypher", "text": cypher, "timeout": 0.5})
    assert slow_cypher.status_code == 504
    for engine, text in (("sparql", "ASK { ?s a tmb:Body }"), ("cypher", "MATCH (b:Body) RETURN count(b) AS n")):
        again = app_client.get("/api/query", params={"engine": engine, "text": text})
        assert again.status_code == 200, again.json()


def test_the_row_cap_and_limit_bound_what_is_sent(app_client: TestClient) -> None:
    answer = app_client.get(
        "/api/query", params={"engine": "sparql", "text": "SELECT * WHERE { ?s ?p ?o }", "limit": 10}
    ).json()
    assert len(answer["rows"]) == 10 and answer["truncated"] and answer["row_count"] == 10_000


def test_the_library_question_texts_are_the_files(app_client: TestClient) -> None:
    served = {q["name"]: q for q in app_client.get("/api/library").json()}
    q = find_question(load_library(), "seat_holders")
    assert served["seat_holders"]["text"] == {"sparql": q.sparql, "cypher": q.cypher}
