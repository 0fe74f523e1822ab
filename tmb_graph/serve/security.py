"""What every request to the workbench passes first: host, token, method, size; headers on every answer.

One ASGI middleware, so no route can forget a rule:

- **Host.** A server bound to loopback answers only requests addressed to ``127.0.0.1``,
  ``localhost`` or ``[::1]`` (a web page elsewhere cannot reach it by DNS rebinding).
- **Token.** With a token (required off loopback), every request must carry it: header
  ``Authorization: Bearer TOKEN``, or ``?token=TOKEN`` once, which sets an HttpOnly, SameSite=Strict
  cookie so the page's own requests carry it from then on. Without it: 401. Compared in constant time.
- **Read-only.** ``GET`` and ``HEAD`` everywhere; ``POST`` only on the query routes (a query in the
  body, as the SPARQL protocol allows); every other method is refused with 405.
- **Size.** A request body over :data:`MAX_BODY` bytes, or a URL over :data:`MAX_URL`, is refused
  (413 / 414) before a route reads it.
- **Headers.** A Content-Security-Policy that allows nothing but this server (no CDN, font or
  map request can be made by the page, and no inline script runs), ``nosniff``, no framing, no
  referrer.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: the largest request body accepted (a query with its parameters)
MAX_BODY = 64 * 1024
#: the longest path + query string accepted
MAX_URL = 32 * 1024
#: routes that take a body (a query); everything else is GET/HEAD only
POST_ROUTES = ("/api/query", "/api/library/")
COOKIE = "tmb_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", "testserver"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def new_token() -> str:
    """A fresh random token (URL-safe, 192 bits)."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address to bind) only accepts connections from this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    return host in ("localhost", "::1") or host.startswith("127.")


class Guard:
    """The workbench's front door (see the module's docstring).

    Parameters
    ----------
    app : ASGI app
        The application behind it.
    token : str or None
        Required on every request when given.
    loopback : bool
        The server is bound to loopback: refuse requests addressed to any other host name.
    """

    def __init__(self, app: ASGIApp, token: str | None = None, loopback: bool = True) -> None:
        self.app = app
        self.token = token
        self.loopback = loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        method = scope.get("method", "GET")
        path = scope.get("path", "/")
        query = scope.get("query_string", b"").decode("latin-1")
        set_cookie = False
        if self.loopback and _host_name(headers.get("host", "")) not in LOOPBACK_HOSTS:
            await _refuse(send, 421, "this server answers requests to 127.0.0.1 or localhost only")
            return
        if self.token is not None:
            given = _token_of(headers, query)
            if given is None or not hmac.compare_digest(given[0].encode(), self.token.encode()):
                await _refuse(
                    send, 401, "a token is required: open the address `tmb serve` printed (it ends in ?token=...)"
                )
                return
            set_cookie = given[1] == "query"
        if len(path) + len(query) > MAX_URL:
            await _refuse(send, 414, f"the address is longer than {MAX_URL} characters: send the query by POST")
            return
        if method not in ("GET", "HEAD") and not (method == "POST" and path.startswith(POST_ROUTES)):
            await _refuse(send, 405, "the workbench is read-only: only GET (and POST of a query) is accepted")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _refuse(send, 413, f"the request body is larger than {MAX_BODY} bytes")
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise _TooLarge()
            return message

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = list(HEADERS)
                if set_cookie and self.token is not None:
                    extra.append(
                        (b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode("latin-1"))
                    )
                names = {k.lower() for k, _ in extra}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names] + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _refuse(send, 413, f"the request body is larger than {MAX_BODY} bytes")


class _TooLarge(Exception):
    pass


def _host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8765`` → ``[::1]``)."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0].lower()


def _token_of(headers: dict[str, str], query: str) -> tuple[str, str] | None:
    """The token a request carries and where (``header``, ``cookie`` or ``query``)."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), "header"
    if "cookie" in headers:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers["cookie"])
        except Exception:  # a malformed cookie header counts as none
            jar = SimpleCookie()
        if COOKIE in jar:
            return jar[COOKIE].value, "cookie"
    values = parse_qs(query).get("token")
    if values:
        return values[0], "query"
    return None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS]
    if status == 405:
        headers.append((b"allow", b"GET, HEAD, POST"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
