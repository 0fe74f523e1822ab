"""``tmb query sparql|cypher|list|run`` and ``tmb push sparql``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmb_graph.cli.app import app, push_app, query_app
from tmb_graph.cli.options import (
    TABLE_FORMATS,
    AllowNetworkOpt,
    AllowUpdateOpt,
    ColumnsOpt,
    CypherQueryArg,
    EndpointOpt,
    FormatOpt,
    GraphDirOpt,
    OutputOpt,
    ParamOpt,
    PerProgrammeOpt,
    ProgrammeOpt,
    QueryArg,
    RemoteGraphOpt,
    SparqlFormatOpt,
    SparqlOutputOpt,
    TimeoutOpt,
    positive_seconds,
)
from tmb_graph.cli.output import (
    err_console,
    handle_errors,
    note,
    print_rich,
    resolve_format,
    split_columns,
    usage_error,
    write_result,
    write_table,
)
from tmb_graph.errors import TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT
from tmb_graph.paths import default_build

if TYPE_CHECKING:  # imported lazily by the commands, to keep `tmb --help` fast
    from tmb_graph.query.lookup import Entry
    from tmb_graph.query.params import ParamValue
    from tmb_graph.query.result import QueryResult
    from tmb_graph.query.scope import Programme
    from tmb_graph.table import Table

QueriesOpt = Annotated[
    Path | None,
    typer.Option(
        "--queries",
        metavar="DIR",
        help="A folder of your own questions (NAME.rq and/or NAME.cypher with the library's header), "
        "added to queries/; the environment variable TMB_QUERIES names more (separated by ':').",
    ),
]


@query_app.command("sparql")
@handle_errors
def query_sparql(
    query: QueryArg,
    param: ParamOpt = None,
    fmt: SparqlFormatOpt = "auto",
    output: SparqlOutputOpt = None,
    columns: ColumnsOpt = None,
    graph_dir: GraphDirOpt = default_build(),
    allow_update: AllowUpdateOpt = False,
    endpoint: EndpointOpt = None,
    graph: RemoteGraphOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    allow_network: AllowNetworkOpt = False,
    programme: ProgrammeOpt = None,
    per_programme: PerProgrammeOpt = False,
) -> None:
    """Run SPARQL on the built graph in the embedded store (pyoxigraph), with the ontology and
    concepts loaded and the project's prefixes declared (tmb:, org:, prov:, ... — the README lists
    them). Parameters bind `?name`; list the variable in the SELECT clause (its column is dropped
    from the output).

    With --endpoint the query goes to a remote SPARQL 1.1 server instead, read-only, with the same
    prefixes; parameters are bound by a VALUES block placed first in the query's WHERE group, so
    they hold in its patterns and FILTERs as on the embedded store. Login, if the endpoint needs
    one: TMB_SPARQL_USER / TMB_SPARQL_PASSWORD. After `tmb push sparql` of a dataset build,
    --programme NAME / --per-programme ask there within each programme's named graph, as the
    embedded store does (the programmes read from --graph-dir).

    Examples: tmb query sparql queries/mandates_at.rq -p at=2019-10-01 --format json;
    echo 'ASK { ?s ?p ?o }' | tmb query sparql - --format sparql-json
    """
    from tmb_graph.limits import check_timeout
    from tmb_graph.query.diagnose import ask_sparql, check_sparql_prefixes
    from tmb_graph.query.guard import check_sparql
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.remote.sparql import RemoteSparql
    from tmb_graph.query.result import RDF_FORMATS
    from tmb_graph.query.scope import combines
    from tmb_graph.query.sparql import check_read_only
    from tmb_graph.query.text import query_text
    from tmb_graph.query.worker import SparqlWorker
    from tmb_graph.rdf.namespaces import PREFIXES

    fmt = resolve_format(fmt, output, (*TABLE_FORMATS, *RDF_FORMATS))
    params = parse_params(param)
    text = query_text(query, (".rq", ".sparql"))
    check_timeout(timeout)
    if endpoint is not None and allow_update:
        raise TmbError(
            "--allow-update changes the embedded copy only; a remote endpoint is only queried — "
            "push a rebuilt graph with `tmb push sparql` instead"
        )
    programme, params = _qualified(graph_dir, programme, per_programme, params)
    scope = _scope(graph_dir, programme, per_programme, allow_update)
    if scope is not None and endpoint is not None:
        if graph:
            raise TmbError(
                "--graph names the graphs to ask, and so does --programme (or a qualified id): give one of them"
            )
        check_sparql_prefixes(text)
        result = ask_remote_within(
            endpoint, scope, text, params, timeout, allow_network, combine=combines(scope, per_programme)
        )
    elif scope is not None:
        check_sparql(text, allow_network, PREFIXES)
        result = ask_within("sparql", scope, text, params, timeout, graph_dir, combine=combines(scope, per_programme))
    elif endpoint is None:
        if graph:
            raise TmbError("--graph names graphs on a remote server: give --endpoint URL too")
        check_read_only(text, allow_update)
        check_sparql(text, allow_network, PREFIXES)  # SERVICE, LOAD, nesting: refused before anything starts
        with SparqlWorker(graph_dir, timeout=timeout, restart=False) as worker:
            result = ask_sparql(worker, text, params, allow_update, allow_network)
        _why_empty(graph_dir, params, result)
    else:
        check_sparql_prefixes(text)
        with RemoteSparql(endpoint, graphs=graph or [], timeout=timeout) as remote:
            result = remote.query(text, params, allow_network)
    write_result(result, fmt, output, "query sparql", columns=split_columns(columns), reads=(graph_dir,))


@query_app.command("cypher")
@handle_errors
def query_cypher(
    query: CypherQueryArg,
    param: ParamOpt = None,
    fmt: FormatOpt = "auto",
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
    graph_dir: GraphDirOpt = default_build(),
    allow_update: AllowUpdateOpt = False,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    allow_network: AllowNetworkOpt = False,
    programme: ProgrammeOpt = None,
    per_programme: PerProgrammeOpt = False,
) -> None:
    """Run Cypher on the built graph in an embedded FalkorDB, started for this command on a
    private unix socket and stopped afterwards. Parameters bind `$name`.

    Example: tmb query cypher queries/mandates_at.cypher --param at=2019-10-01
    """
    from tmb_graph.query.diagnose import ask_cypher
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.scope import combines
    from tmb_graph.query.text import query_text

    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    params = parse_params(param)
    text = query_text(query, (".cypher", ".cql"))
    programme, params = _qualified(graph_dir, programme, per_programme, params)
    scope = _scope(graph_dir, programme, per_programme, allow_update)
    if scope is not None:
        from tmb_graph.query.guard import check_cypher

        check_cypher(text, allow_network, params)
        result = ask_within("cypher", scope, text, params, timeout, graph_dir, combine=combines(scope, per_programme))
    else:
        result = ask_cypher(graph_dir, text, params, allow_update, allow_network, timeout)
        _why_empty(graph_dir, params, result)
    write_result(result, fmt, output, "query cypher", columns=split_columns(columns), reads=(graph_dir,))


@query_app.command("list")
@handle_errors
def query_list(fmt: FormatOpt = "auto", output: OutputOpt = None, queries: QueriesOpt = None) -> None:
    """The question library (queries/, and your own with --queries DIR): name, question,
    parameters, source sections, the engines it runs on."""
    from tmb_graph.query.library import extra_folders, load_library
    from tmb_graph.table import Table

    rows = [
        {
            "name": q.name,
            "question": q.question_en,
            "params": " ".join(f"{k}={v}" for k, v in q.params.items()),
            "sections": ", ".join(q.sections),
            "engines": " ".join(q.engines),
        }
        for q in load_library(extra=extra_folders(queries))
    ]
    table = Table("questions", ["name", "question", "params", "sections", "engines"], rows)
    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    write_table(table, fmt, output, "query list", title=f"{len(rows)} questions" if fmt == "table" else None)


@query_app.command("run")
@handle_errors
def query_run(
    name: Annotated[str, typer.Argument(help="A question of the library (see `tmb query list`).")],
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine", metavar="ENGINE", help="sparql | cypher [default: sparql, or the only half the question has]"
        ),
    ] = None,
    param: ParamOpt = None,
    fmt: SparqlFormatOpt = "auto",
    output: SparqlOutputOpt = None,
    columns: ColumnsOpt = None,
    graph_dir: GraphDirOpt = default_build(),
    queries: QueriesOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    programme: ProgrammeOpt = None,
    per_programme: PerProgrammeOpt = False,
) -> None:
    """Run a library question in SPARQL (embedded pyoxigraph) or Cypher (embedded FalkorDB).
    Every parameter the question declares must be given (-p name=value).

    On a dataset build (`tmb build DIR`), --programme NAME answers within that programme only, as
    its own build would; --per-programme answers within each, in one table with a leading
    programme column. Example: tmb query run vacant_seats --per-programme --format csv"""
    from tmb_graph.limits import check_timeout
    from tmb_graph.query.diagnose import ask_cypher, ask_sparql
    from tmb_graph.query.library import ENGINES, extra_folders, find_question, load_library
    from tmb_graph.query.params import parse_params
    from tmb_graph.query.result import RDF_FORMATS
    from tmb_graph.query.scope import choose_programmes, combines
    from tmb_graph.query.worker import SparqlWorker

    check_timeout(timeout)
    if engine is not None and engine not in ENGINES:
        raise usage_error(f"'{engine}': choose sparql or cypher", "--engine")
    q = find_question(load_library(extra=extra_folders(queries)), name)
    engine = engine or q.default_engine()
    text = q.text(engine)
    params = q.bind(parse_params(param))
    fmt = resolve_format(fmt, output, (*TABLE_FORMATS, *RDF_FORMATS) if engine == "sparql" else TABLE_FORMATS)
    programme, params = _qualified(graph_dir, programme, per_programme, params)
    scope = choose_programmes(graph_dir, programme, per_programme)
    if scope is not None:
        result = ask_within(engine, scope, text, params, timeout, graph_dir, combine=combines(scope, per_programme))
    else:
        if engine == "sparql":
            with SparqlWorker(graph_dir, timeout=timeout, restart=False) as worker:
                result = ask_sparql(worker, text, params)
        else:
            result = ask_cypher(graph_dir, text, params, timeout=timeout)
        _why_empty(graph_dir, params, result)
    title = f"{q.question_en} (§{', §'.join(q.sections)})"
    write_result(result, fmt, output, "query run", title=title, columns=split_columns(columns), reads=(graph_dir,))


def _why_empty(graph_dir: Path, params: dict[str, ParamValue], result: QueryResult) -> None:
    """After an empty answer over a dataset's whole union: say so when a parameter was a plain id
    (:func:`tmb_graph.query.scope.plain_id_hint`), rather than leave the user with no rows."""
    from tmb_graph.query.scope import plain_id_hint

    if result.kind == "select" and not result.rows and params:
        hint = plain_id_hint(graph_dir, params)
        if hint:
            note(hint)


def _qualified(
    graph_dir: Path, programme: list[str] | None, every: bool, params: dict[str, ParamValue]
) -> tuple[list[str] | None, dict[str, ParamValue]]:
    """``--programme`` and the parameters, after a qualified id (``skane-2021.org-kfsk``) in them
    has asked within its programme (:func:`tmb_graph.query.scope.qualified_ids`)."""
    from tmb_graph.dataset import built_programmes
    from tmb_graph.query.scope import qualified_ids

    named, params = qualified_ids(built_programmes(graph_dir), programme, every, params)
    return ([named] if named else programme), params


def _scope(graph_dir: Path, programme: list[str] | None, every: bool, allow_update: bool) -> list[Programme] | None:
    """The programmes ``--programme``/``--per-programme`` ask for (read-only), from the dataset build."""
    from tmb_graph.query.scope import choose_programmes

    if not programme and not every:
        return None
    if allow_update:
        raise TmbError("--allow-update changes the whole loaded copy: leave out --programme/--per-programme")
    return choose_programmes(graph_dir, programme, every)


def ask_remote_within(
    endpoint: str,
    scope: list[Programme],
    text: str,
    params: dict[str, ParamValue],
    timeout: float,
    allow_network: bool,
    *,
    combine: bool,
) -> QueryResult:
    """Ask a read-only query of a SPARQL server within each programme of ``scope``: its named
    graph (``tmb push sparql`` of the dataset build: the programme's namespace IRI, holding its
    triples and the ontology) as the query's default graph, so each answer is the programme's
    own, as embedded; with ``combine``, one result led by ``programme`` (as :func:`ask_within`)."""
    from tmb_graph.query.remote.sparql import RemoteSparql
    from tmb_graph.query.scope import combine_results

    answers = []
    with RemoteSparql(endpoint, timeout=timeout) as remote:
        for p in scope:
            remote.set_graphs([p.graph])
            answers.append(remote.query(text, params, allow_network))
            if not answers[-1].rows and not remote.triple_count(p.graph):  # not pushed so: say so
                raise TmbError(
                    f"the server at {endpoint} holds no graph <{p.graph}> for the programme {p.name}: push the "
                    "dataset one named graph per programme (`tmb push sparql --endpoint URL --graph-dir DIR`, "
                    "without --graph)"
                )
    if not combine:
        return answers[0]
    return combine_results(list(zip(scope, answers, strict=True)))


def ask_within(
    engine: str,
    scope: list[Programme],
    text: str,
    params: dict[str, ParamValue],
    timeout: float,
    graph_dir: Path,
    *,
    combine: bool,
) -> QueryResult:
    """Ask a read-only query within each programme of ``scope`` (:mod:`tmb_graph.query.scope`).

    One programme without ``combine``: its answer as its own build gives it. Otherwise one
    result with a leading ``programme`` column. A query whose terms (SPARQL) or labels (Cypher)
    no programme has is an error, as over the whole build; a programme that merely lacks them
    answers nothing.
    """
    from tmb_graph.query.cypher import run_cypher_each
    from tmb_graph.query.diagnose import ask_cypher, ask_sparql, property_graph_names, unknown_cypher_names
    from tmb_graph.query.scope import combine_results
    from tmb_graph.query.worker import SparqlWorker

    answers: list[QueryResult] = []
    if engine == "sparql":
        with SparqlWorker(graph_dir, timeout=timeout, restart=False, union=False) as worker:
            for p in scope:
                with worker.scoped(p.folder):
                    answers.append(worker.query(text, params))
            if not any(a.rows for a in answers):  # say why nothing answered, as over one build
                with worker.scoped(scope[0].folder):
                    answers[0] = ask_sparql(worker, text, params)
    elif len(scope) == 1:
        answers = [ask_cypher(scope[0].folder, text, params, timeout=timeout)]
    else:
        labels, types = property_graph_names()
        problems = unknown_cypher_names(text, labels, types)
        if problems:
            raise TmbError("the query cannot match anything: " + "; ".join(problems))
        answers = run_cypher_each([(p.name, p.folder) for p in scope], text, params, timeout)
    if not combine:
        return answers[0]
    return combine_results(list(zip(scope, answers, strict=True)))


@push_app.command("sparql")
@handle_errors
def push_sparql(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            metavar="URL",
            help="Graph Store endpoint, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso), "
            "http://host:3030/DATASET/data (Fuseki), http://host:7878/store (Oxigraph).",
        ),
    ],
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            metavar="IRI",
            help="Named graph to replace (an IRI; one per programme). A dataset build without --graph: "
            "each programme replaces its own named graph (its namespace IRI).",
        ),
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
    programmes: Annotated[
        list[str] | None,
        typer.Option("--programme", metavar="NAME", help="Dataset build: push only this programme (repeatable)."),
    ] = None,
    chunk: Annotated[int, typer.Option("--chunk", metavar="N", help="Triples per request.")] = 50000,
    retries: Annotated[
        int, typer.Option("--retries", metavar="N", help="Repeats after a connection error or a 5xx answer.")
    ] = 4,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            callback=positive_seconds,
            help="The longest one request may take, its repeats included (connecting: at most 5 s of it).",
        ),
    ] = DEFAULT_TIMEOUT,
) -> None:
    """Replace a named graph on a SPARQL 1.1 server with the built graph (and the ontology).

    Uses the Graph Store HTTP Protocol: the first chunk with PUT (replacing the graph), the rest
    with POST, retried with backoff; running it again after a failure converges. The login comes
    from TMB_SPARQL_USER / TMB_SPARQL_PASSWORD (Digest or Basic, as the server asks).

    Example: tmb push sparql --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    --graph https://w3id.org/tmb-graph/data/skane-2018-2020
    """
    from tmb_graph.dataset import built_programmes
    from tmb_graph.paths import built_graph_file
    from tmb_graph.query.remote.push import push_graph
    from tmb_graph.query.scope import unknown_programme

    def progress(chunks: int, sent: int) -> None:
        err_console.print(f"[dim]chunk {chunks}: {sent:,} triples sent[/]")

    built = built_programmes(graph_dir)
    if graph is not None and not programmes:
        jobs = [(graph, built_graph_file(graph_dir))]
    elif built:  # a dataset: one named graph per programme, so replacing one leaves the others
        unknown = [name for name in programmes or () if name not in built]
        if unknown:  # the same words (and did-you-mean) as every other --programme
            raise unknown_programme(unknown[0], list(built))
        jobs = [built[name] for name in (programmes or built)]
    else:
        raise usage_error("give the named graph to replace (one programme's build)", "--graph")
    for iri, nt_file in jobs:
        summary = push_graph(nt_file, endpoint, iri, chunk, retries=retries, timeout=timeout, on_chunk=progress)
        retried = f", {summary.retries} request(s) repeated" if summary.retries else ""
        print_rich(
            f"replaced <{summary.graph_iri}> at {summary.endpoint}: {summary.triples:,} triples in "
            f"{summary.chunks} chunk(s), {summary.seconds:.1f} s{retried}"
        )


KindOpt = Annotated[
    str | None,
    typer.Option("--type", "-t", metavar="KIND", help="org | body | person | seat | tenure [default: all kinds]."),
]


def _entries_table(entries: list[Entry]) -> Table:
    """Ids with their kind, display name and other names, one row each."""
    from tmb_graph.table import Table

    rows = [
        {"id": e.id, "type": e.kind, "name": e.name, "other names": "; ".join(n for n in e.names if n != e.name)}
        for e in entries
    ]
    return Table("ids", ["id", "type", "name", "other names"], rows)


@app.command("find")
@handle_errors
def find(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Part of an id or a name, any case (Kommunförbundet).")],
    kind: KindOpt = None,
    fmt: FormatOpt = "auto",
    output: OutputOpt = None,
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """Find the ids of organisations, bodies, persons, seats and tenures by a part of their id
    or name; whole matches first. The ids (or names) go to --org, --body, --person.

    Example: tmb find Kommunförbundet --type org
    """
    from tmb_graph.cli.graph import workspace
    from tmb_graph.query.lookup import find as find_entries

    table = _entries_table(find_entries(workspace(graph_dir).projection, text, kind))
    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    write_table(table, fmt, output, "find", title=f"{len(table.rows)} match(es)" if fmt == "table" else None)


@app.command("ids")
@handle_errors
def ids(
    kind: KindOpt = None,
    fmt: FormatOpt = "auto",
    output: OutputOpt = None,
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """List the ids and names of the graph's organisations, bodies, persons, seats or tenures.

    Example: tmb ids --type body
    """
    from tmb_graph.cli.graph import workspace
    from tmb_graph.query.lookup import ids as list_ids

    table = _entries_table(list_ids(workspace(graph_dir).projection, kind))
    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    write_table(table, fmt, output, "ids", title=f"{len(table.rows)} id(s)" if fmt == "table" else None)
