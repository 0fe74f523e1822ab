"""The ``tmb`` command. Each command parses options and calls one documented library function."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from tmb_graph.errors import DataError, TmbError
from tmb_graph.paths import default_build, default_data, default_sources

app = typer.Typer(
    name="tmb",
    help=(
        "tmb_graph: the knowledge graph of Skåne tillsammans mot brott (2018–2020).\n\n"
        "Start with `tmb build` (validate the data and write the graph), then ask it questions "
        "with `tmb query` or `tmb mandates`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

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


def handle_errors(fn: F) -> F:
    """Turn the project's errors into a clear message on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as err:
            err_console.print(f"[bold red]{len(err.issues)} problem(s) in the data:[/]")
            for issue in err.issues:
                # plain writes: rich would wrap long paths and break copy-paste of file:line
                print(f"  {issue}", file=sys.stderr)
            raise typer.Exit(1) from None
        except TmbError as err:
            err_console.print(f"[bold red]error:[/] {err}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _counts_table(counts: dict[str, int], title: str) -> Table:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


@app.command()
@handle_errors
def validate(
    folder: DataArg = default_data(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Also check the built graph against the SHACL shapes.")] = True,
) -> None:
    """Check the data: schema, references, dates, seats, evidence snippets, SHACL.

    Exits 1 and lists every problem (file:line, record, field, what is wrong, how to fix).
    """
    from tmb_graph.validate.run import validate_folder

    result = validate_folder(folder, sources or default_sources(), shacl)
    for note in result.notes:
        err_console.print(f"[dim]{note}[/]")
    out_console.print(f"[green]valid:[/] {folder} ({len(result.graph)} triples)")


@app.command()
@handle_errors
def build(
    folder: DataArg = default_data(),
    out: Annotated[Path, typer.Option("--out", help="Output directory [default: build/].")] = default_build(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Check the SHACL shapes before writing.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Validate the data and write the graph (Turtle, N-Triples, JSON-LD + context, summary).

    The output directory is replaced in one atomic step, only when everything succeeded; the
    same input always gives byte-identical files.
    """
    from tmb_graph.rdf.build import build as run_build

    summary = run_build(folder, out, sources or default_sources(), shacl)
    for note in summary.notes:
        err_console.print(f"[dim]{note}[/]")
    if as_json:
        print(json.dumps({"out": str(summary.out), "counts": summary.counts}, indent=2))
        return
    out_console.print(_counts_table(summary.counts, f"Built {summary.out}"))


@app.command()
@handle_errors
def generate(
    check: Annotated[bool, typer.Option("--check", help="Only report drift; exit 1 if a file is stale.")] = False,
) -> None:
    """Regenerate the files derived from the ontology (JSON-LD context, vocabulary docs)."""
    from tmb_graph.rdf.generated import regenerate

    stale = regenerate(write=not check)
    if check and stale:
        err_console.print(f"stale generated files: {', '.join(map(str, stale))}; run `tmb generate`")
        raise typer.Exit(1)
    verb = "would update" if check else "updated"
    out_console.print(f"{verb}: {', '.join(map(str, stale)) or 'nothing (all up to date)'}")


def main() -> None:  # pragma: no cover - console entry point
    """Entry point of the ``tmb`` console script."""
    sys.exit(app())


AnalysisName = Annotated[str, typer.Argument(help="gaps | turnover | layers | recipients | goals | all")]


@app.command()
@handle_errors
def analyse(
    name: AnalysisName,
    at: Annotated[str | None, typer.Option("--at", help="Only tenures held on this date (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | md")] = "table",
    graph_dir: Annotated[Path, typer.Option("--graph-dir", help="Built graph [default: build/].")] = default_build(),
    out: Annotated[
        Path | None, typer.Option("--out", help="With 'all': directory for CSV, JSON and summary.md.")
    ] = None,
) -> None:
    """Run an analysis of the built graph: organisational gaps, representative turnover, the
    missing project-group layer, the co-creator/passive-recipient distance, goal attainment.

    `tmb analyse all --out DIR` writes every table as CSV and JSON plus a Markdown summary.
    """
    import datetime as dt

    from tmb_graph.analysis.run import analyse_all, render, run_analysis

    when = _parse_date(at)
    if name == "all":
        target = out or (graph_dir / "analyses")
        results = analyse_all(graph_dir, target, when)
        for result in results.values():
            out_console.print(f"[bold]{result.name}[/]: {result.summary()}")
        out_console.print(f"written to {target}")
        return
    result = run_analysis(name, graph_dir, when)
    if fmt == "table":
        out_console.print(f"[bold]{result.name}[/]: {result.summary()}")
        for table in result.tables():
            out_console.print(_rich_table(table.name, table.columns, table.rows))
        return
    print(render(result, fmt))
    _ = dt


def _parse_date(text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TmbError(f"--at '{text}' is not a date: use YYYY-MM-DD") from None


def _rich_table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, show_header=True, header_style="bold", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
                for v in (row.get(c, "") for c in columns)
            )
        )
    return table


@app.command()
@handle_errors
def synth(
    counties: Annotated[int, typer.Option(help="How many counties (1–21).")] = 21,
    years: Annotated[int, typer.Option(help="How many years per county.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives byte-identical files.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Output directory (never inside data/).")] = Path("build/synth"),
) -> None:
    """Write a synthetic national workload (one programme folder per county and year).

    Shaped like the real programme, unmistakably synthetic (own namespace, `synthetic: true`,
    "SYNTETISK" in every name). 21 counties × 5 years is about 10⁶ triples.
    """
    from tmb_graph.synth import synthesise

    folders = synthesise(counties, years, seed, out)
    out_console.print(f"wrote {len(folders)} synthetic programmes to {out}")


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

query_app = typer.Typer(help="Ask the built graph in SPARQL or Cypher (read-only unless --allow-update).")
app.add_typer(query_app, name="query")


def _print_result(result: Any, fmt: str) -> None:
    if fmt == "table":
        table = result.as_table()
        out_console.print(_rich_table(f"{len(result.rows)} row(s)", table.columns, table.rows))
    else:
        print(result.render(fmt))


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


@query_app.command("sparql")
@handle_errors
def query_sparql(
    query: QueryArg,
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    graph_dir: GraphDirOpt = default_build(),
    allow_update: AllowUpdateOpt = False,
    endpoint: EndpointOpt = None,
    graph: RemoteGraphOpt = None,
) -> None:
    """Run SPARQL on the built graph in the embedded store (pyoxigraph), with the ontology and
    concepts loaded and the project's prefixes declared. Parameters bind `?name`; list the
    variable in the SELECT clause (its column is dropped from the output).

    With --endpoint the query goes to a remote SPARQL 1.1 server instead, read-only, with the
    same prefixes; parameters are bound by a trailing VALUES clause, so a parameter used only
    inside a FILTER finds nothing there (e.g. mandates_at's ?at). Login, if the endpoint needs
    one: TMB_SPARQL_USER / TMB_SPARQL_PASSWORD.

    Example: tmb query sparql queries/mandates_at.rq --param at=2019-10-01
    """
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.remote import RemoteSparql
    from tmb_graph.query.sparql import SparqlStore
    from tmb_graph.query.text import query_text

    params = parse_params(param)
    text = query_text(query, (".rq", ".sparql"))
    if endpoint is None:
        if graph:
            raise TmbError("--graph names graphs on a remote server: give --endpoint URL too")
        result = SparqlStore.from_build(graph_dir).query(text, params, allow_update)
    else:
        if allow_update:
            raise TmbError(
                "--allow-update changes the embedded copy only; a remote endpoint is only queried — "
                "push a rebuilt graph with `tmb push sparql` instead"
            )
        with RemoteSparql(endpoint, graphs=graph or []) as remote:
            result = remote.query(text, params)
    _print_result(result, fmt)


push_app = typer.Typer(help="Hand the built graph to a real server when one machine is outgrown.")
app.add_typer(push_app, name="push")


@push_app.command("sparql")
@handle_errors
def push_sparql(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="Graph Store endpoint, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso), "
            "http://host:3030/DATASET/data (Fuseki), http://host:7878/store (Oxigraph).",
        ),
    ],
    graph: Annotated[str, typer.Option("--graph", help="Named graph to replace (an IRI; one per programme).")],
    graph_dir: GraphDirOpt = default_build(),
    chunk: Annotated[int, typer.Option("--chunk", help="Triples per request.")] = 50000,
    retries: Annotated[int, typer.Option("--retries", help="Repeats after a connection error or a 5xx answer.")] = 4,
) -> None:
    """Replace a named graph on a SPARQL 1.1 server with the built graph (and the ontology).

    Uses the Graph Store HTTP Protocol: the first chunk with PUT (replacing the graph), the rest
    with POST, retried with backoff; running it again after a failure converges. The login comes
    from TMB_SPARQL_USER / TMB_SPARQL_PASSWORD (Digest or Basic, as the server asks).

    Example: tmb push sparql --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    --graph https://w3id.org/tmb-graph/data/skane-2018-2020
    """
    from tmb_graph.query.remote import push_graph

    def progress(chunks: int, sent: int) -> None:
        err_console.print(f"[dim]chunk {chunks}: {sent:,} triples sent[/]", highlight=False)

    summary = push_graph(graph_dir / "graph.nt", endpoint, graph, chunk, retries=retries, on_chunk=progress)
    retried = f", {summary.retries} request(s) repeated" if summary.retries else ""
    out_console.print(
        f"replaced <{summary.graph_iri}> at {summary.endpoint}: {summary.triples:,} triples in "
        f"{summary.chunks} chunk(s), {summary.seconds:.1f} s{retried}",
        highlight=False,
    )


@query_app.command("cypher")
@handle_errors
def query_cypher(
    query: QueryArg,
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    graph_dir: GraphDirOpt = default_build(),
    allow_update: AllowUpdateOpt = False,
) -> None:
    """Run Cypher on the built graph in an embedded FalkorDB, started for this command on a
    private unix socket and stopped afterwards. Parameters bind `$name`.

    Example: tmb query cypher queries/mandates_at.cypher --param at=2019-10-01
    """
    from tmb_graph.query.cypher import run_cypher
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.text import query_text

    params = parse_params(param)
    _print_result(run_cypher(graph_dir, query_text(query, (".cypher", ".cql")), params, allow_update), fmt)


@app.command()
@handle_errors
def mandates(
    at: Annotated[str | None, typer.Option("--at", help="Tenures held on this date (YYYY-MM-DD).")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisation id (its units count too).")] = None,
    body: Annotated[str | None, typer.Option("--body", help="Body id, e.g. wg-est.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Person id, e.g. p-kfsk-vu.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | md")] = "table",
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """Who held which mandate for what, and when: holder, organisation, body, role, authority
    type, from–to with precision, and the source sections."""
    from tmb_graph.analysis.projection import load_projection
    from tmb_graph.query.mandates import mandates as list_mandates

    table = list_mandates(load_projection(graph_dir), _parse_date(at), org, body, person)
    if fmt == "table":
        out_console.print(_rich_table(f"{len(table.rows)} mandate(s)", table.columns, table.rows))
    elif fmt == "csv":
        print(table.to_csv(), end="")
    elif fmt == "json":
        print(table.to_json())
    elif fmt == "md":
        print(table.to_markdown(), end="")
    else:
        raise TmbError(f"unknown format '{fmt}': choose table, csv, json or md")


neo4j_app = typer.Typer(help="Load the graph into a Neo4j server with the official driver.")
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("load")
@handle_errors
def neo4j_load_cmd(
    uri: Annotated[
        str | None, typer.Option("--uri", help="bolt://host:7687 or neo4j://host (cluster) [default: $NEO4J_URI].")
    ] = None,
    database: Annotated[str | None, typer.Option("--database", help="Target database [server default].")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per UNWIND statement.")] = 2000,
    max_batch_bytes: Annotated[
        int | None, typer.Option("--max-batch-bytes", help="Also cap each batch's size in bytes.")
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """Load the built graph into Neo4j: constraints, then batched UNWIND … MERGE (idempotent;
    an interrupted load resumes from its checkpoint). Credentials come from NEO4J_USERNAME and
    NEO4J_PASSWORD and are never printed."""
    from rich.progress import Progress

    from tmb_graph.propertygraph.neo4j_load import credentials_from_env, neo4j_load

    target, auth = credentials_from_env(uri)
    pg = _property_graph(graph_dir)
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("loading", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = neo4j_load(
            pg,
            target,
            auth,
            database,
            batch_size,
            graph_dir / "neo4j-load.checkpoint.json",
            max_batch_bytes,
            tick,
        )
    out_console.print(
        f"loaded {len(pg.nodes)} nodes and {len(pg.rels)} relationships in {summary.batches} batches "
        f"({summary.skipped} resumed from the checkpoint, {summary.retries} retries, {summary.seconds:.1f} s); "
        f"created {summary.nodes_created} nodes, {summary.relationships_created} relationships; "
        f"schema: {summary.schema}"
    )


def _property_graph(graph_dir: Path) -> Any:
    """The built graph mapped to the property graph (the one mapping)."""
    from tmb_graph.propertygraph.mapping import to_property_graph
    from tmb_graph.rdf.build import load_built_graph

    return to_property_graph(load_built_graph(graph_dir))


export_app = typer.Typer(help="Write the property graph for other tools.")
app.add_typer(export_app, name="export")


@export_app.command("neo4j-csv")
@handle_errors
def export_neo4j_csv_cmd(
    out: Annotated[Path, typer.Argument(help="Directory for the CSV files (replaced).")],
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """CSV files and the command for `neo4j-admin database import full` (national scale)."""
    from tmb_graph.propertygraph.export_csv import export_neo4j_csv

    files = export_neo4j_csv(_property_graph(graph_dir), out)
    out_console.print(f"wrote {len(files)} files to {out}; run {out}/import.sh on the Neo4j server")


@export_app.command("cypher")
@handle_errors
def export_cypher_cmd(
    out: Annotated[Path, typer.Argument(help="Script file to write.")],
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """A plain Cypher script for `cypher-shell -f FILE` (constraints, then MERGE batches)."""
    from tmb_graph.propertygraph.export_cypher import export_cypher

    n = export_cypher(_property_graph(graph_dir), out)
    out_console.print(f"wrote {n} statements to {out}")


@query_app.command("list")
@handle_errors
def query_list() -> None:
    """The question library (queries/): name, question, parameters, source sections."""
    from tmb_graph.query.library import load_library

    rows = [
        {
            "name": q.name,
            "question": q.question_en,
            "params": " ".join(f"{k}={v}" for k, v in q.params.items()),
            "sections": ", ".join(q.sections),
        }
        for q in load_library()
    ]
    out_console.print(_rich_table(f"{len(rows)} questions", ["name", "question", "params", "sections"], rows))


@query_app.command("run")
@handle_errors
def query_run(
    name: Annotated[str, typer.Argument(help="A question of the library (see `tmb query list`).")],
    engine: Annotated[str, typer.Option("--engine", help="sparql | cypher")] = "sparql",
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """Run a library question in SPARQL (embedded pyoxigraph) or Cypher (embedded FalkorDB)."""
    from tmb_graph.query.cypher import run_cypher
    from tmb_graph.query.library import load_library
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.sparql import SparqlStore

    library = {q.name: q for q in load_library()}
    if name not in library:
        raise TmbError(f"no question '{name}' in queries/: see `tmb query list`")
    q = library[name]
    params = parse_params(param)
    if engine == "sparql":
        result = SparqlStore.from_build(graph_dir).query(q.sparql, params)
    elif engine == "cypher":
        result = run_cypher(graph_dir, q.cypher, params)
    else:
        raise TmbError(f"--engine '{engine}': choose sparql or cypher")
    out_console.print(f"[bold]{q.question_en}[/] (§{', §'.join(q.sections)})")
    _print_result(result, fmt)


def _register_views() -> None:
    # the view commands live beside their library (tmb_graph/view/cli.py) and reuse handle_errors
    from tmb_graph.view.cli import register

    register(app)


_register_views()
