"""Options and arguments shared by several commands (stated once)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from tmb_graph import catalogue

DataArg = Annotated[
    Path,
    typer.Argument(
        metavar="FOLDER",
        help="Programme folder of YAML files, or a folder of programme folders (a dataset) "
        "[default: data/skane-2018-2020/].",
        show_default=False,
    ),
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
    typer.Option("--param", "-p", metavar="NAME=VALUE", help="A query parameter (repeatable); bound, never spliced."),
]


#: the formats of a table (``auto``: a table on a terminal, CSV in a pipe or file); SPARQL adds its own
TABLE_FORMATS = ("auto", "table", "csv", "tsv", "json", "jsonl", "md")
FORMAT_HELP = (
    "auto | table | csv | tsv | json | jsonl | md. auto: a table on a terminal, CSV when stdout is a pipe "
    "or a file, or the format of the --output file's extension."
)

FormatOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)]

SparqlFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=FORMAT_HELP + " SPARQL also: sparql-json (SELECT, ASK), turtle or ntriples (CONSTRUCT, DESCRIBE).",
    ),
]

_OUTPUT_HELP = (
    "Write the data to FILE instead of stdout (replaced atomically; - is stdout); unless --format says "
    "otherwise, its extension gives the format: .csv, .tsv, .json, .jsonl, .md, .txt (table)"
)

OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help=_OUTPUT_HELP + ".")]

SparqlOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=_OUTPUT_HELP + ", .srj (SPARQL results JSON), .ttl (Turtle), .nt (N-Triples).",
    ),
]

ColumnsOpt = Annotated[
    str | None,
    typer.Option("--columns", metavar="A,B,...", help="Only these columns, in this order (comma-separated)."),
]


GraphDirOpt = Annotated[
    Path,
    typer.Option(
        "--graph-dir", metavar="DIR", help="Built graph (`tmb build`) [default: build/graph/].", show_default=False
    ),
]


def positive_seconds(value: float) -> float:
    """Check a ``--timeout``: a positive, finite number of seconds (else a usage error, exit 2)."""
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"{value:g}: give a positive number of seconds, e.g. --timeout 60")
    return value


TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        callback=positive_seconds,
        help="Stop the query after this many seconds (its memory is bounded too: a quarter of RAM, "
        "or TMB_QUERY_MEMORY such as 8G or 50%).",
    ),
]


AllowNetworkOpt = Annotated[
    bool,
    typer.Option(
        "--allow-network",
        help="Let the query reach the network: SPARQL SERVICE and LOAD, Cypher LOAD CSV from http(s) "
        "addresses. Off by default — a query reads only the built graph.",
    ),
]


AllowUpdateOpt = Annotated[
    bool, typer.Option("--allow-update", help="Permit writes (to the loaded copy only; nothing on disk changes).")
]


QueryArg = Annotated[
    str,
    typer.Argument(
        metavar="QUERY", help="A query file (e.g. queries/mandates_at.rq), the query text, or - to read it from stdin."
    ),
]

CypherQueryArg = Annotated[
    str,
    typer.Argument(
        metavar="QUERY",
        help="A query file (e.g. queries/mandates_at.cypher), the query text, or - to read it from stdin.",
    ),
]


EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        metavar="URL",
        help="Query a remote SPARQL 1.1 endpoint (read-only) instead of the embedded store, "
        "e.g. http://127.0.0.1:8890/sparql.",
    ),
]


RemoteGraphOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--graph", metavar="IRI", help="With --endpoint: a named graph to query (repeatable; their union is queried)."
    ),
]


AnalysisName = Annotated[str, typer.Argument(metavar="NAME", help=catalogue.choices(catalogue.ANALYSES))]

ProgrammeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--programme",
        metavar="NAME",
        help="A dataset build (`tmb build DIR`): answer within this programme only, as its own build would "
        "(repeatable: one table with a leading programme column).",
    ),
]

PerProgrammeOpt = Annotated[
    bool,
    typer.Option(
        "--per-programme",
        help="A dataset build: answer within each programme; one table with a leading programme column.",
    ),
]
