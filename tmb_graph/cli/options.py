"""Options and arguments shared by several commands (stated once)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataArg = Annotated[
    Path,
    typer.Argument(help="Programme folder of YAML files.", show_default="data/skane-2018-2020"),
]


SourcesOpt = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Folder of source texts for the evidence check [default: ../shared/sources].",
    ),
]


ParamOpt = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="Parameter name=value (repeatable); bound, never spliced."),
]


FormatOpt = Annotated[str, typer.Option("--format", help="table | csv | json")]


GraphDirOpt = Annotated[Path, typer.Option("--graph-dir", help="Built graph [default: build/].")]


AllowUpdateOpt = Annotated[
    bool, typer.Option("--allow-update", help="Permit writes (to the loaded copy only; nothing on disk changes).")
]


QueryArg = Annotated[str, typer.Argument(help="A query file (e.g. queries/mandates_at.rq) or the query text.")]


EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Query a remote SPARQL 1.1 endpoint (read-only) instead of the embedded store, "
        "e.g. http://127.0.0.1:8890/sparql.",
    ),
]


RemoteGraphOpt = Annotated[
    list[str] | None,
    typer.Option("--graph", help="With --endpoint: a named graph to query (repeatable; their union is queried)."),
]


AnalysisName = Annotated[str, typer.Argument(help="gaps | turnover | layers | recipients | goals | all")]
