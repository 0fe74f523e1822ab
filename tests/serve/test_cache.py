"""Answers are kept for the server's life (the graph is read-only), within a bound, and only good ones."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from tmb_graph.serve import cache as cache_module
from tmb_graph.serve.app import create_app
from tmb_graph.serve.cache import AnswerCache
from tmb_graph.serve.engines import Engines
from tmb_graph.serve.workbench import Workbench


def test_a_repeated_question_is_answered_from_memory_with_the_same_bytes_and_headers(
    engines: Engines, bench: Workbench
) -> None:
    guard = create_app(engines, bench)
    answers = guard.app
    assert isinstance(answers, AnswerCache)
    with TestClient(guard, base_url="http://127.0.0.1") as client:
        first = client.get("/api/library/mandates_at", params={"at": "2019-10-01", "engine": "sparql"})
        hits = answers.hits
        second = client.get("/api/library/mandates_at", params={"at": "2019-10-01", "engine": "sparql"})
        assert answers.hits == hits + 1
        assert second.status_code == first.status_code == 200
        assert json_without_time(second.json()) == json_without_time(first.json())
        assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
        assert second.headers.get_list("content-security-policy") == [first.headers["content-security-policy"]]
        missing = client.get("/api/node/no-such-node")
        again = client.get("/api/node/no-such-node")
        assert missing.status_code == again.status_code == 404 and b"/api/node/no-such-node?" not in b"".join(
            answers._answers
        ), "an error is not kept"
        client.post("/api/query", json={"engine": "sparql", "text": "ASK {}"})
        assert all(not k.startswith(b"/api/query?") for k in answers._answers), "a POST is not kept"


def json_without_time(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if k != "seconds"}


def test_the_cache_keeps_at_most_its_bound_dropping_the_least_recently_used(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"x" * 10, "more_body": False})

    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    cached = AnswerCache(app)

    async def get(path: str) -> None:
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b""}
        await cached(scope, receive, send)
        assert sent[-1]["body"] == b"x" * 10

    for path in ["/api/node/a", "/api/node/b", "/api/node/c", "/api/node/a", "/api/node/d", "/api/node/b"]:
        asyncio.run(get(path))
    assert len(cached) == 3
    # a, b, c kept; a asked again (a hit); d pushes out b, the least recently used; b is made again
    assert calls == ["/api/node/a", "/api/node/b", "/api/node/c", "/api/node/d", "/api/node/b"]
