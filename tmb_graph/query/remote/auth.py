"""Server logins: credentials from the environment, HTTP Digest or Basic, and redaction.

A login comes from ``TMB_SPARQL_USER`` / ``TMB_SPARQL_PASSWORD`` (:func:`credentials_from_env`),
never from a URL; the scheme the server's challenge asks for is used (:class:`ServerAuth`); and
anything a server says passes through :func:`redact` before it is shown.

Examples
--------
>>> credentials_from_env({"TMB_SPARQL_USER": "dba", "TMB_SPARQL_PASSWORD": "s3cret"})
('dba', 's3cret')
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Generator, Mapping

import httpx

from tmb_graph.errors import TmbError

#: environment variables holding the server login
USER_ENV = "TMB_SPARQL_USER"
PASSWORD_ENV = "TMB_SPARQL_PASSWORD"

_AUTH_HEADER = re.compile(
    r"((?:proxy-)?authorization|cookie|set-cookie|x-api-key)(\"?\s*[:=]\s*)(\"(?:[^\"\\]|\\.)*\"|[^\r\n]*)",
    re.IGNORECASE,
)
_AUTH_TOKEN = re.compile(r"\b(Basic|Bearer|Digest|Negotiate)\s+[^\s\"',;]{6,}[^\r\n\"]*", re.IGNORECASE)
_SECRET_FIELD = re.compile(
    r"\b(password|passwd|pwd|secret|token|api[_-]?key)(\"?\s*[:=]\s*)(\"[^\"]*\"|[^\s&,;]+)", re.IGNORECASE
)


def credentials_from_env(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The server login from ``TMB_SPARQL_USER`` / ``TMB_SPARQL_PASSWORD``, or ``None``.

    Parameters
    ----------
    env : Mapping[str, str], optional
        Where to look (default: ``os.environ``).

    Returns
    -------
    tuple[str, str] or None
        ``(user, password)`` when the user is set, ``None`` when neither is.

    Raises
    ------
    TmbError
        When only one of the two is set.

    Examples
    --------
    >>> credentials_from_env({})
    >>> credentials_from_env({"TMB_SPARQL_USER": "dba", "TMB_SPARQL_PASSWORD": "s3cret"})
    ('dba', 's3cret')
    """
    env = os.environ if env is None else env
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user and not password:
        return None
    if not user or password is None:
        raise TmbError(f"set both {USER_ENV} and {PASSWORD_ENV} for a server that needs a login (only one is set)")
    return (user, password)


class ServerAuth(httpx.Auth):
    """HTTP Digest or Basic, whichever the server's ``WWW-Authenticate`` challenge asks for."""

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._use_basic = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._use_basic:
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)  # answers a Digest challenge, passes anything else
        outgoing = next(flow)
        while True:
            response = yield outgoing
            try:
                outgoing = flow.send(response)
            except StopIteration:
                break
        challenge = response.headers.get("www-authenticate", "").lower()
        if response.status_code == 401 and challenge.startswith("basic"):
            self._use_basic = True
            yield from self._basic.auth_flow(request)


def http_auth(auth: tuple[str, str] | None) -> httpx.Auth | None:
    return ServerAuth(*auth) if auth is not None else None


def redact(text: str, auth: tuple[str, str] | None = None) -> str:
    """``text`` with credentials blanked: auth headers, tokens, ``password=`` values, the login.

    A server's error page may echo the request — its ``Authorization`` header included — so
    nothing it says is shown before passing through here.

    Examples
    --------
    >>> redact("echo: Authorization: Basic ZGJhOnMzY3JldA== user=dba", ("dba", "s3cret"))
    'echo: Authorization: [redacted]'
    >>> redact("user=dba password=s3cret; WWW-Authenticate: Basic realm=x")
    'user=dba password=[redacted]; WWW-Authenticate: Basic [redacted]'
    >>> redact('{"authorization": "Digest username=dba, response=abc123", "ok": 1}')
    '{"authorization": [redacted], "ok": 1}'
    """
    text = _AUTH_HEADER.sub(r"\1\2[redacted]", text)
    text = _AUTH_TOKEN.sub(r"\1 [redacted]", text)
    text = _SECRET_FIELD.sub(r"\1\2[redacted]", text)
    if auth is not None:
        user, password = auth
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        for secret in (token, token.rstrip("="), password):
            if len(secret) >= 3:
                text = text.replace(secret, "[redacted]")
    return text
