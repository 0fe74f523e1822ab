"""Hostile use: token, host, read-only on every route, size limits, traversal, CSP, no network, odd strings."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.serve.conftest import TOKEN
from tmb_graph.serve.security import MAX_BODY
from tmb_graph.workspace import Workspace

ROUTES = [
    "/",
    "/api/health",
    "/api/schema",
    "/api/library",
    "/api/library/mandates_at?at=2019-10-01",
    "/api/query?engine=sparql&text=ASK%7B%7D",
    "/api/mandates",
    "/api/analyses",
    "/api/analyses/goals",
    "/api/search?q=kfsk",
    "/api/node/org-kfsk",
    "/assets/app.js",
    "/api/openapi.json",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HOSTILE = [
    "'; DROP ALL; --",
    '" } DELETE WHERE { ?s ?p ?o } #',
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "${7*7} {{7*7}} %s %n",
    "\u202e\u0000\ufeff",
    "x" * 5000,
    "MATCH (n) DETACH DELETE n",
]


def test_without_the_token_every_request_is_refused(token_client: TestClient) -> None:
    for route in ROUTES:
        assert token_client.get(route).status_code == 401, route
    assert token_client.get("/api/health", headers={"authorization": "Bearer wrong"}).status_code == 401


def test_the_token_in_a_header_or_once_in_the_address_lets_requests_in(token_client: TestClient) -> None:
    assert token_client.get("/api/health", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    first = token_client.get(f"/?token={TOKEN}")
    assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
    assert token_client.get("/api/health").status_code == 200  # the cookie carries it now
    token_client.cookies.clear()
    assert token_client.get("/api/health").status_code == 401


def test_a_request_addressed_to_another_host_name_is_refused(app_client: TestClient) -> None:
    # a page on another site resolving its own name to 127.0.0.1 (DNS rebinding) gets nothing
    assert app_client.get("/api/health", headers={"host": "evil.example:8765"}).status_code == 421
    assert app_client.get("/api/health", headers={"host": "localhost:8765"}).status_code == 200


def test_writes_are_refused_on_every_route(app_client: TestClient, workspace: Workspace) -> None:
    before = workspace.store.query(COUNT).rows
    for route in ROUTES:
        for method in ("PUT", "PATCH", "DELETE"):
            assert app_client.request(method, route).status_code == 405, (method, route)
    assert app_client.post("/api/search?q=x").status_code == 405
    update = app_client.get("/api/query", params={"engine": "sparql", "text": "DELETE WHERE { ?s ?p ?o }"})
    assert update.status_code == 405
    for text in ("CREATE (n:Body {id: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (b:Body) SET b.name = 'x'"):
        assert app_client.get("/api/query", params={"engine": "cypher", "text": text}).status_code == 405, text
    bodies = app_client.get("/api/query", params={"engine": "cypher", "text": "MATCH (b:Body) RETURN count(b) AS n"})
    assert bodies.json()["rows"] == [[27]]
    assert workspace.store.query(COUNT).rows == before


def test_service_load_and_load_csv_never_reach_the_network(app_client: TestClient) -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert app_client.get("/api/query", params={"engine": "sparql", "text": service}).status_code == 403
    load = "LOAD <http://127.0.0.1:9/x.ttl>"
    assert app_client.get("/api/query", params={"engine": "sparql", "text": load}).status_code in (403, 405)
    csv = "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row"
    assert app_client.get("/api/query", params={"engine": "cypher", "text": csv}).status_code == 403
    files = "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"
    answer = app_client.get("/api/query", params={"engine": "cypher", "text": files})
    assert answer.status_code == 403 and "root:" not in answer.text


def test_every_answer_carries_a_content_security_policy_allowing_only_this_server(app_client: TestClient) -> None:
    for route in [*ROUTES, "/api/node/nope", "/nope"]:
        csp = app_client.get(route).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp, route
        assert "http" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize(
    "path",
    [
        "/assets/../../serve/api.py",
        "/assets/%2e%2e/%2e%2e/serve/api.py",
        "/assets/..%2f..%2f..%2fpyproject.toml",
        "/assets/....//....//etc/passwd",
        "/assets/%252e%252e/etc/passwd",
        "/assets//etc/passwd",
        "/../../../../etc/passwd",
        "/assets/..\\..\\app.py",
    ],
)
def test_path_traversal_on_static_routes_is_refused(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.status_code in (400, 404), path
    assert "root:" not in response.text and "def router" not in response.text and "[project]" not in response.text


def test_oversized_requests_are_refused(app_client: TestClient) -> None:
    big = {"engine": "sparql", "text": "#" + "x" * (MAX_BODY + 10), "params": {}}
    assert app_client.post("/api/query", json=big).status_code == 413
    assert app_client.get("/api/search", params={"q": "x" * 40_000}).status_code == 414


def test_hostile_strings_in_every_parameter_change_nothing(app_client: TestClient, workspace: Workspace) -> None:
    before = workspace.store.query(COUNT).rows
    for value in HOSTILE:
        for route, params in [
            ("/api/search", {"q": value}),
            ("/api/node/" + quote(value, safe="")[:150], {}),
            ("/api/mandates", {"org": value, "body": value, "person": value}),
            ("/api/mandates", {"at": value}),
            ("/api/library/seat_holders", {"seat": value, "engine": "cypher"}),
            ("/api/library/seat_holders", {"seat": value, "engine": "sparql"}),
            ("/api/library/mandates_at", {"at": value}),
            ("/api/analyses/goals", {"at": value, "table": value}),
            ("/api/query", {"engine": "cypher", "text": "RETURN $v AS v", "params": f'{{"v": {value!r:.200}}}'}),
            ("/api/query", {"engine": value, "text": value}),
            ("/api/query", {"engine": "sparql", "text": value}),
            ("/api/query", {"engine": "cypher", "text": value}),
        ]:
            response = app_client.get(route, params=params)
            assert response.status_code < 500, (route, params, response.text[:300])
            assert response.headers["content-type"].startswith("application/json"), route
    echoed = app_client.get("/api/query", params={"engine": "cypher", "text": "RETURN $v AS v",
                                                  "params": '{"v": "<script>alert(1)</script>"}'})  # fmt: skip
    assert echoed.json()["rows"] == [["<script>alert(1)</script>"]]  # data, returned as data (JSON)
    assert workspace.store.query(COUNT).rows == before
