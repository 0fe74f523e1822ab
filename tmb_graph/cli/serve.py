"""``tmb serve``: the analyst's workbench in the browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from tmb_graph.cli.app import app
from tmb_graph.cli.options import GraphDirOpt
from tmb_graph.cli.output import handle_errors, note
from tmb_graph.paths import default_build

#: environment variable holding the token (so it need not appear in the process list)
TOKEN_ENV = "TMB_SERVE_TOKEN"


@app.command()
@handle_errors
def serve(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port to listen on.")] = 8765,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Any address other than 127.0.0.1/localhost requires a token "
            "(generated and printed once unless --token or TMB_SERVE_TOKEN gives one).",
        ),
    ] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the workbench in the default browser.")] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", metavar="TOKEN", help="Require this token on every request [default: $TMB_SERVE_TOKEN]."
        ),
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
    queries: Annotated[
        Path | None,
        typer.Option("--queries", metavar="DIR", help="A folder of your own questions, added to the library."),
    ] = None,
) -> None:
    """Serve the workbench: SPARQL and Cypher editors with completion from this graph, the question
    library as forms, search, node pages with provenance, analyses, and a JSON API (/api/openapi.json).

    Both stores are loaded once and live as long as the server (FalkorDB is started with it and stopped
    with it, also on Ctrl-C and SIGTERM). Read-only, fully offline; 127.0.0.1 unless --host says otherwise.

    Example: tmb serve --open
    """
    from tmb_graph.serve.app import serve as run

    try:
        run(graph_dir, host, port, token or os.environ.get(TOKEN_ENV) or None, open_browser, queries, note)
    except KeyboardInterrupt:  # Ctrl-C: the engines are stopped on the way out
        pass
    except SystemExit as exc:  # SIGTERM/SIGHUP (limits.exit_on_termination): a normal way to stop a server
        if not (isinstance(exc.code, int) and exc.code >= 128):
            raise
    note("tmb serve: stopped")
