"""``tmb query sparql|cypher|list|run`` and ``tmb push sparql``."""

from __future__ import annotations

from typing import Annotated

import typer

from tmb_graph.cli.app import push_app, query_app
from tmb_graph.cli.options import (
    AllowUpdateOpt,
    EndpointOpt,
    FormatOpt,
    GraphDirOpt,
    ParamOpt,
    QueryArg,
    RemoteGraphOpt,
)
from tmb_graph.cli.output import err_console, handle_errors, out_console, print_result, rich_table
from tmb_graph.errors import TmbError
from tmb_graph.paths import default_build


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
    print_result(result, fmt)


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
    print_result(run_cypher(graph_dir, query_text(query, (".cypher", ".cql")), params, allow_update), fmt)


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
    out_console.print(rich_table(f"{len(rows)} questions", ["name", "question", "params", "sections"], rows))


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
    print_result(result, fmt)


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
