"""``tmb serve``: the workbench's web application and the server that runs it.

:func:`create_app` puts the API (:mod:`tmb_graph.serve.api`) and the front end (the built bundle
in ``tmb_graph/serve/static/``, served from the installed package: no CDN, no Node at run time)
behind the guard (:mod:`tmb_graph.serve.security`). :func:`serve` loads the graph once
(:class:`~tmb_graph.workspace.Workspace`), starts both engines, runs uvicorn until SIGINT or
SIGTERM, and stops the engines on the way out.

Examples
--------
>>> serve(Path("build/graph"), port=8765)                               # doctest: +SKIP
tmb serve: http://127.0.0.1:8765/ (ready in 2.9 s; Ctrl-C stops it)
"""

from __future__ import annotations

import socket
import sys
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

from tmb_graph.errors import TmbError
from tmb_graph.limits import exit_on_termination
from tmb_graph.serve.api import router
from tmb_graph.serve.cache import AnswerCache
from tmb_graph.serve.engines import MAX_TIMEOUT, Engines
from tmb_graph.serve.security import Guard, is_loopback, new_token
from tmb_graph.serve.workbench import Workbench
from tmb_graph.workspace import Workspace

#: the built front end, inside the package (``frontend/`` builds it; ``npm run build``)
STATIC = Path(__file__).parent / "static"
DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"


def create_app(engines: Engines, bench: Workbench, token: str | None = None, loopback: bool = True) -> Guard:
    """The ASGI application: API under ``/api``, the page at ``/``, its assets under ``/assets``.

    Raises
    ------
    TmbError
        When the built front end is missing from the package (a checkout without the bundle).
    """
    if not (STATIC / "index.html").is_file():
        raise TmbError(f"the workbench's front end is missing ({STATIC}/index.html): run `npm run build` in frontend/")
    app = FastAPI(
        title="tmb_graph workbench",
        summary="Ask the knowledge graph of Skåne tillsammans mot brott (2018–2020): read-only.",
        version="1",
        docs_url=None,  # Swagger UI loads its scripts from a CDN: the OpenAPI JSON is served instead
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}" for e in exc.errors()
        )
        return JSONResponse({"error": f"bad request: {problems}"}, status_code=400)

    app.include_router(router(engines, bench))
    app.mount("/assets", StaticFiles(directory=STATIC / "assets", follow_symlink=False), name="assets")
    index = STATIC / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return FileResponse(index, media_type="text/html; charset=utf-8", headers={"cache-control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return Guard(AnswerCache(app), token=token, loopback=loopback)


def serve(
    graph_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    open_browser: bool = False,
    queries: Path | None = None,
    say: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
) -> None:
    """Load the graph, start the engines, and serve the workbench until SIGINT or SIGTERM.

    Parameters
    ----------
    graph_dir : Path
        Output of ``tmb build``.
    host, port : str, int
        Where to listen. Off loopback a token is required: ``token``, or a fresh one printed once.
    token : str, optional
        Require this token on every request (also on loopback).
    open_browser : bool
        Open the page in the default browser once the server is ready.
    queries : Path, optional
        A folder of the user's own questions, added to the library.
    say : callable
        Where the address and the token are printed (stderr).

    Raises
    ------
    TmbError
        For a missing build or bundle, or a port already in use.
    """
    import uvicorn

    started = time.perf_counter()
    loopback = is_loopback(host)
    if not loopback and not token:
        token = new_token()
    workspace = Workspace(graph_dir)
    with exit_on_termination():
        bench = Workbench(workspace, queries)
        with Engines(workspace, MAX_TIMEOUT) as engines:
            app = create_app(engines, bench, token, loopback)
            shown = "localhost" if host in ("127.0.0.1", "localhost") else host
            url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
            config = uvicorn.Config(
                app,
                host=host,
                port=port,
                log_level="warning",
                access_log=False,
                server_header=False,
                timeout_graceful_shutdown=5,
                limit_concurrency=200,
            )
            server = uvicorn.Server(config)
            config.load()
            try:
                sockets = [config.bind_socket()]
            except (OSError, SystemExit) as exc:
                raise TmbError(f"cannot listen on {host}:{port} ({exc}): choose another --port") from None
            # answers are written as headers then body: without TCP_NODELAY (inherited by every
            # accepted connection) a kept-alive connection waits ~40 ms for the client's delayed ACK
            sockets[0].setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            say(f"tmb serve: {url} (ready in {time.perf_counter() - started:.1f} s; Ctrl-C stops it)")
            if token and not loopback:
                say("the token above is printed once: every request must carry it")
            if open_browser:
                webbrowser.open(url)
            server.run(sockets=sockets)
