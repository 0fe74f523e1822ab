"""Answers kept for the server's life: the graph is read-only, so the same request gets the same answer.

A server loads one build and never changes it (:mod:`tmb_graph.serve.engines` refuses every write),
so a library question, a node page, a day's state or a search answered once can be answered again
from memory. :class:`AnswerCache` wraps the application and keeps the successful answers (status
200) of ``GET`` requests under :data:`CACHED` paths, keyed by path and query string, up to
:data:`MAX_ENTRIES` answers and :data:`MAX_BYTES` bytes in all (the least recently used go first):
memory stays bounded however many different requests arrive. Errors, downloads over
:data:`MAX_ANSWER` bytes and other methods pass through untouched.

It sits inside the guard (:class:`~tmb_graph.serve.security.Guard`): a request is checked (token,
size, method) before the cache is asked, and the guard's headers go on every answer.

Examples
--------
>>> cache = AnswerCache(app)                                                 # doctest: +SKIP
>>> cache.hits, cache.misses                                                 # doctest: +SKIP
(0, 0)
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: path prefixes whose GET answers depend only on the request (and the loaded graph)
CACHED = ("/api/library/", "/api/node/", "/api/explore/", "/api/search", "/api/source/", "/api/mandates", "/api/query")
#: at most this many answers are kept ...
MAX_ENTRIES = 2_000
#: ... holding at most this many bytes of bodies in all
MAX_BYTES = 64 * 1024 * 1024
#: an answer larger than this is not kept (a large download is rare and cheap to make again)
MAX_ANSWER = 2 * 1024 * 1024


class AnswerCache:
    """An ASGI wrapper that answers repeated ``GET`` requests from memory (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._answers: OrderedDict[bytes, tuple[Message, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not str(scope["path"]).startswith(CACHED):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode("utf-8") + b"?" + scope.get("query_string", b"")
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                self.hits += 1
        if kept is not None:
            start, body = kept
            await send({**start, "headers": list(start["headers"])})  # a copy: the guard adds its headers
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        self.misses += 1
        start_message: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start_message, size, keep
            if message["type"] == "http.response.start":
                # kept as the application sent it, before the guard adds this request's headers
                start_message = {**message, "headers": list(message.get("headers", []))}
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                if size > MAX_ANSWER:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
                if not message.get("more_body", False) and keep and start_message is not None:
                    self._store(key, start_message, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _store(self, key: bytes, start: Message, body: bytes) -> None:
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = (start, body)
            self._bytes += len(body)
            while len(self._answers) > MAX_ENTRIES or self._bytes > MAX_BYTES:
                _, (_, old) = self._answers.popitem(last=False)
                self._bytes -= len(old)

    def __len__(self) -> int:
        return len(self._answers)
