"""The workbench's JSON API (OpenAPI at ``/api/openapi.json``, browsable at ``/api/docs``).

Every route reads; none changes the graph. Errors are ``{"error": message}`` (plus ``line`` and
``column`` for a query's syntax error) with a status that says what went wrong: 400 bad input,
403 a query that would reach the network, 404 unknown id/question/analysis, 405 a write,
503 a query over its memory bound, 504 a query past its deadline.

Downloads (``format=csv|tsv|json|jsonl|md|sparql-json|turtle|ntriples``) are rendered by the same
writers as the command line (:meth:`QueryResult.render <tmb_graph.query.result.QueryResult.render>`,
:meth:`Table.render <tmb_graph.table.Table.render>`), so a download and ``tmb query
... --format F`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from tmb_graph.analysis.run import ANALYSES, render, run_analysis
from tmb_graph.dataset import qualified_id, split_iri
from tmb_graph.errors import TmbError
from tmb_graph.limits import QueryMemoryError, QueryTimeout
from tmb_graph.query.guard import NetworkRefused
from tmb_graph.query.mandates import mandates
from tmb_graph.query.params import ParamValue, parse_params
from tmb_graph.query.result import FORMATS, QueryResult
from tmb_graph.query.scope import qualified_ids
from tmb_graph.serve.engines import Engines, ReadOnly
from tmb_graph.serve.explore import Explorer
from tmb_graph.serve.network import add_routes as network_routes
from tmb_graph.serve.workbench import NotFound, Workbench
from tmb_graph.table import Table, cell_json
from tmb_graph.view.national import figures_of_build, national_layout
from tmb_graph.view.plots import PLOTS, RenderedPlot, render_plot
from tmb_graph.workspace import Workspace

#: the most rows an answer (shown or downloaded) holds
ROW_CAP = 10_000
#: rows shown unless the request asks for another number
SHOWN_ROWS = 1_000
#: the longest query text accepted
MAX_QUERY = 20_000
#: query string keys of a library run that are not the question's parameters
_RESERVED = frozenset({"engine", "format", "limit", "timeout", "token", "programme"})
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "md": "text/markdown; charset=utf-8",
    "sparql-json": "application/sparql-results+json",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
}
_SUFFIX = {"turtle": "ttl", "ntriples": "nt", "sparql-json": "srj"}
_WHERE = re.compile(r"(?:error at |line:? ?)(\d+)[:,] ?(?:column:? ?)?(\d+)", re.IGNORECASE)
_OFFSET = re.compile(r"(?:errCtxOffset|offset):? ?(\d+)", re.IGNORECASE)

Engine = Annotated[str, Query(pattern="^(sparql|cypher)$", description="sparql or cypher")]
Format = Annotated[
    str | None,
    Query(description="A download: csv, tsv, json, jsonl, md, sparql-json (SPARQL SELECT/ASK), turtle or ntriples"),
]
Limit = Annotated[int, Query(ge=1, le=ROW_CAP, description="Rows shown (a download holds up to the row cap)")]
Timeout = Annotated[float | None, Query(gt=0, le=3600, description="Seconds the query may run (capped by the server)")]
Scope = Annotated[
    str | None,
    Query(
        max_length=200,
        description="A dataset build: answer within this programme alone, as its own build would (GET /api/programmes)",
    ),
]


class QueryRequest(BaseModel):
    """A query sent in a POST body."""

    engine: str = Field(pattern="^(sparql|cypher)$", description="sparql or cypher")
    text: str = Field(max_length=MAX_QUERY, description="The query; parameters as ?name (SPARQL) or $name (Cypher)")
    params: dict[str, str] = Field(
        default_factory=dict, description="name → value, typed as `-p name=value` is (name:TYPE for another type)"
    )
    timeout: float | None = Field(default=None, gt=0, le=3600)
    limit: int = Field(default=SHOWN_ROWS, ge=1, le=ROW_CAP)
    format: str | None = None
    programme: str | None = Field(default=None, max_length=200, description="Answer within this programme")


class GraphNode(BaseModel):
    id: str
    name: str
    label: str


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str


class ResultGraph(BaseModel):
    """The nodes a result names, and the graph's relationships among them (for drawing)."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


class QueryAnswer(BaseModel):
    """A query's answer: columns and rows (JSON values), and what it was."""

    engine: str
    kind: str = Field(description="select, ask, graph (CONSTRUCT/DESCRIBE)")
    columns: list[str]
    rows: list[list[Any]]
    row_count: int = Field(description="Rows the query answered (up to the row cap)")
    truncated: bool = Field(description="More rows than shown")
    seconds: float
    formats: list[str] = Field(description="Formats this answer can be downloaded in")
    graph: ResultGraph | None = Field(default=None, description="When rows hold nodes of the graph")
    title: str | None = None
    sections: list[str] | None = None


class ErrorBody(BaseModel):
    error: str
    line: int | None = None
    column: int | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": what}
    for code, what in {
        400: "Bad input (syntax, parameters, unknown names)",
        403: "The query would reach the network (SERVICE, LOAD, LOAD CSV)",
        404: "No such node, question or analysis",
        405: "A write",
        504: "The query ran past its deadline",
    }.items()
}


def error_response(exc: TmbError, text: str | None = None) -> JSONResponse:
    """The JSON error for one of the project's errors, with the status that says what it is."""
    status = 400
    if isinstance(exc, ReadOnly):
        status = 405
    elif isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, NetworkRefused):
        status = 403
    elif isinstance(exc, QueryTimeout):
        status = 504
    elif isinstance(exc, QueryMemoryError):
        status = 503
    message = str(exc)
    body: dict[str, Any] = {"error": message}
    if text is not None:
        if (m := _WHERE.search(message)) is not None:
            body["line"], body["column"] = int(m.group(1)), int(m.group(2))
        elif (m := _OFFSET.search(message)) is not None:
            offset = min(int(m.group(1)), len(text))
            body["line"] = text.count("\n", 0, offset) + 1
            body["column"] = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return JSONResponse(body, status_code=status)


def download(text: str, fmt: str, name: str) -> Response:
    """A download of rendered text (the CLI's writers), named ``name.EXT``."""
    suffix = _SUFFIX.get(fmt, fmt)
    return Response(
        text.encode("utf-8"),
        media_type=_MEDIA[fmt],
        headers={"content-disposition": f'attachment; filename="{name}.{suffix}"'},
    )


T = TypeVar("T")


class Prepared(Generic[T]):
    """A value made in a daemon thread as the server starts answering, and made again on the next
    request if that failed (the failure is printed by the thread, and that request answers it).

    Examples
    --------
    >>> Prepared(lambda: 2 + 2).get()
    4
    """

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: list[T] = []
        threading.Thread(target=self.get, name="tmb-prepare", daemon=True).start()

    def get(self) -> T:
        """The value: made once (requests that come meanwhile wait for it)."""
        with self._lock:
            if not self._value:
                self._value.append(self._make())
            return self._value[0]


def router(engines: Engines, bench: Workbench) -> APIRouter:
    """The API's routes over one server's engines and workbench."""
    api = APIRouter(prefix="/api")
    ws = bench.workspace

    def answer(
        engine: str,
        text: str,
        params: dict[str, ParamValue],
        timeout: float | None,
        limit: int,
        fmt: str | None,
        name: str = "result",
        title: str | None = None,
        sections: list[str] | None = None,
        programme: str | None = None,
    ) -> Response:
        if len(text) > MAX_QUERY:
            return error_response(TmbError(f"the query is longer than {MAX_QUERY} characters"))
        if fmt is not None and fmt not in FORMATS:
            return error_response(TmbError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}"))
        started = time.perf_counter()
        try:
            # a qualified id (`skane-2021.org-kfsk`) asks within its programme, as on the command line
            named, params = qualified_ids(ws.programmes, [programme] if programme else None, False, params)
            programme = named or programme
            if programme is not None:
                scoped(programme)  # an unknown programme: 404, with did you mean
            result = engines.ask(engine, text, params, timeout, programme)
        except TmbError as exc:
            return error_response(exc, text)
        seconds = time.perf_counter() - started
        capped = _cap(result, ROW_CAP)
        if fmt is not None:
            try:
                return download(capped.render(fmt), fmt, name)
            except TmbError as exc:
                return error_response(exc)
        shown = capped.rows[:limit]
        body = QueryAnswer(
            engine=engine,
            kind=result.kind,
            columns=list(result.columns),
            rows=[[cell_json(v) for v in row] for row in shown],
            row_count=len(capped.rows),
            truncated=len(result.rows) > len(shown),
            seconds=round(seconds, 4),
            formats=list(capped.formats()),
            graph=_result_graph(bench, shown) if programme is None else None,
            title=title,
            sections=sections,
        )
        return JSONResponse(body.model_dump())

    def scoped(programme: str | None) -> Workspace:
        """The workspace a request asks within: one programme of a dataset, or the whole build."""
        if programme is None:
            return ws
        try:
            return ws.programme(programme)
        except TmbError as exc:
            raise NotFound(str(exc)) from None

    @functools.cache
    def described() -> dict[str, Any]:
        """:func:`loaded`, worked out on the first request (the build does not change)."""
        return loaded(ws)

    network_routes(api, scoped, error_response)  # the network-metrics page (serve/network.py)

    @api.get("/programmes", summary="The programmes of a dataset build (empty for one programme's build)")
    def programmes() -> list[dict[str, str]]:
        return [{"name": p.name, "county": p.county, "year": p.year, "graph": p.graph} for p in ws.programmes.values()]

    @api.get("/national", summary="The national picture (as `tmb view national`): nodes placed, edges, notes")
    def national() -> dict[str, Any]:
        view = national_layout(figures_of_build(ws.graph_dir))
        return {
            "title": view.title,
            "subtitle": view.subtitle,
            "notes": view.notes,
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, "tooltip": n.tooltip, "x": n.x, "y": n.y}
                for n in view.nodes.values()
            ],
            "edges": [{"source": e.source, "target": e.target, "relation": e.relation} for e in view.edges],
        }

    @api.get("/health", summary="Whether the server is ready, and what it loaded")
    def health() -> dict[str, Any]:
        return {
            "ready": True,
            "graph": str(ws.graph_dir),
            "loaded": described(),
            "nodes": ws.projection.number_of_nodes(),
            "relationships": ws.projection.number_of_edges(),
            "load_seconds": ws.timings(),
        }

    @api.get("/schema", summary="Names for completion: labels, relationship types, property keys, classes, properties")
    def schema() -> dict[str, Any]:
        return schema_cache.get()

    @api.get("/query", response_model=QueryAnswer, responses=ERRORS, summary="Run a read-only SPARQL or Cypher query")
    def query_get(
        engine: Engine,
        text: Annotated[str, Query(max_length=MAX_QUERY, description="The query")],
        params: Annotated[str, Query(description='Parameters as a JSON object, e.g. {"at": "2019-10-01"}')] = "{}",
        timeout: Timeout = None,
        limit: Limit = SHOWN_ROWS,
        format: Format = None,
        programme: Scope = None,
    ) -> Response:
        try:
            given = _json_params(params)
            typed = parse_params([f"{k}={v}" for k, v in given.items()])
        except TmbError as exc:
            return error_response(exc)
        return answer(engine, text, typed, timeout, limit, format, programme=programme)

    @api.post("/query", response_model=QueryAnswer, responses=ERRORS, summary="Run a query sent in the body")
    def query_post(request: Annotated[QueryRequest, Body()]) -> Response:
        try:
            typed = parse_params([f"{k}={v}" for k, v in request.params.items()])
        except TmbError as exc:
            return error_response(exc)
        return answer(
            request.engine,
            request.text,
            typed,
            request.timeout,
            request.limit,
            request.format,
            programme=request.programme,
        )

    @api.get("/library", summary="The question library as forms: titles (en, sv), typed parameters with suggestions")
    def library(programme: Scope = None) -> Any:
        if programme is None:
            return library_cache.get()
        try:
            scoped(programme)  # an unknown programme: 404, with did you mean
            return bench.within(programme).questions()  # its forms offer that programme's nodes
        except TmbError as exc:
            return error_response(exc)

    @api.get(
        "/library/{name}",
        response_model=QueryAnswer,
        responses=ERRORS,
        summary="Run a library question; its parameters are query parameters (?at=2019-10-01)",
    )
    def library_run(
        request: Request,
        name: Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$")],
        engine: Annotated[str | None, Query(pattern="^(sparql|cypher)$")] = None,
        timeout: Timeout = None,
        limit: Limit = SHOWN_ROWS,
        format: Format = None,
        programme: Scope = None,
    ) -> Response:
        given = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        try:
            q = bench.question(name)
            chosen = engine or q.default_engine()
            text = q.text(chosen)
            params = bench.bind(q, given)
        except TmbError as exc:
            return error_response(exc)
        return answer(chosen, text, params, timeout, limit, format, name, q.question_en, list(q.sections), programme)

    @api.get("/mandates", responses=ERRORS, summary="Who held which mandate for what, when (as `tmb mandates`)")
    def mandates_route(
        at: Annotated[dt.date | None, Query(description="Tenures held on this day")] = None,
        org: Annotated[str | None, Query(max_length=200, description="Organisation id or name")] = None,
        body: Annotated[str | None, Query(max_length=200, description="Body id or name")] = None,
        person: Annotated[str | None, Query(max_length=200, description="Person id or name")] = None,
        format: Format = None,
        programme: Scope = None,
    ) -> Response:
        try:
            within = scoped(programme)
            table = mandates(within.projection, at, org, body, person).with_names(within.names)
        except TmbError as exc:
            return error_response(exc)
        return _table_response(table, format, "mandates")

    @api.get("/analyses", summary="The analyses (as `tmb analyse`)")
    def analyses() -> list[str]:
        return list(ANALYSES)

    @api.get("/analyses/{name}", responses=ERRORS, summary="One analysis: its summary and every table")
    def analysis(
        name: Annotated[str, Path(pattern=r"^[a-z]+$")],
        at: Annotated[dt.date | None, Query(description="The graph as it stood on this day")] = None,
        table: Annotated[str | None, Query(max_length=100, description="One table (for a download)")] = None,
        format: Format = None,
        programme: Scope = None,
    ) -> Response:
        if name not in ANALYSES:
            return error_response(NotFound(f"no analysis '{name}': choose one of {', '.join(ANALYSES)}"))
        try:
            within = scoped(programme)
            result = run_analysis(name, within.graph_dir, at, g=within.projection)
            if format is not None:
                if format not in ("csv", "tsv", "json", "jsonl", "md"):
                    raise TmbError(f"unknown format '{format}': choose csv, tsv, json, jsonl or md")
                return download(render(result, format, table), format, f"{name}.{table}" if table else name)
            document = json.loads(render(result, "json"))
        except TmbError as exc:
            return error_response(exc)
        document["columns"] = {t.name: t.columns for t in result.named_tables()}
        # the ids in the tables that are nodes of the graph: the page links each to its evidence
        document["nodes"] = sorted(_node_ids(document["tables"], ws.projection)) if programme is None else []
        return JSONResponse(document)

    @api.get("/search", summary="Organisations, bodies, persons, seats, activities, goals ... by any of their names")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=200, description="Part of a name or id, any case")],
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Response:
        try:
            return JSONResponse(bench.search(q, limit))
        except TmbError as exc:
            return error_response(exc)

    def node_page(nid: str) -> dict[str, Any]:
        """The node page (:meth:`Workbench.node`) with the mandates of an organisation, body or person."""
        page = bench.node(nid)
        labels = set(page["labels"])
        if labels & {"Organisation", "Body", "Person"}:
            table = mandates(
                ws.projection,
                org=nid if "Organisation" in labels else None,
                body=nid if "Body" in labels else None,
                person=nid if "Person" in labels else None,
            ).with_names(ws.names)
            page["mandates"] = {"columns": table.columns, "rows": table.json_rows()}
        return page

    @api.get("/node/{nid}", responses=ERRORS, summary="Everything the graph says about a node, with provenance")
    def node(nid: Annotated[str, Path(max_length=200)]) -> Response:
        try:
            return JSONResponse(node_page(nid))
        except TmbError as exc:
            return error_response(exc)

    explorer = Explorer(ws)

    @api.get(
        "/explore/evidence/{nid}",
        responses=ERRORS,
        summary="A node's facts and provenance with its first cited section, the snippet located (one request)",
    )
    def explore_evidence(nid: Annotated[str, Path(max_length=200)]) -> Response:
        # the explorer's evidence panel in one round trip (issue 15: ≤ 100 ms): the node page as
        # /api/node gives it, and under "source" what /api/source gives for its first evidence
        try:
            page = node_page(nid)
            cited = [s for s in page["sources"] if s.get("evidence")] or page["sources"]
            first = cited[0] if cited else None
            page["source"] = (
                None
                if first is None
                else {
                    **explorer.source(first["section_id"], first.get("evidence")),
                    "for": first["section_id"],
                    "snippet": first.get("evidence"),
                }
            )
        except TmbError as exc:
            return error_response(exc)
        return JSONResponse(page)

    @api.get("/explore/timeline", summary="The organisation month by month: union graph, months, each month's state")
    def explore_timeline() -> Response:
        if not timeline_cache:  # encoded once: the timeline is some 400 kB and never changes
            timeline_cache.append(json.dumps(explorer.timeline(), ensure_ascii=False).encode("utf-8"))
        return Response(timeline_cache[0], media_type="application/json")

    @api.get(
        "/explore/state",
        responses=ERRORS,
        summary="The organisation on one day (the tenures `tmb mandates --at` gives)",
    )
    def explore_state(at: Annotated[dt.date, Query(description="The day")]) -> dict[str, Any]:
        return explorer.state(at)

    @api.get(
        "/explore/compare", responses=ERRORS, summary="Tenures that began, ended or changed holder between two days"
    )
    def explore_compare(
        before: Annotated[dt.date, Query(alias="from", description="The earlier day")],
        after: Annotated[dt.date, Query(alias="to", description="The later day")],
    ) -> dict[str, Any]:
        return explorer.compare(before, after)

    @api.get(
        "/source/{section}", responses=ERRORS, summary="A section of the source text, with a snippet located in it"
    )
    def source(
        section: Annotated[str, Path(pattern=r"^(sec-)?[0-9a-z.]{1,40}$")],
        snippet: Annotated[str | None, Query(max_length=2000, description="Evidence to highlight")] = None,
    ) -> Response:
        try:
            return JSONResponse(explorer.source(section, snippet))
        except TmbError as exc:
            return error_response(exc)

    @api.get("/plots", summary="The plots (as `tmb plot`): names and captions")
    def plots() -> list[str]:
        return list(PLOTS)

    @api.get("/plots/{name}.{ext}", responses=ERRORS, summary="One plot as PNG or SVG, drawn in memory")
    def plot(
        name: Annotated[str, Path(pattern=r"^[a-z]+$")], ext: Annotated[str, Path(pattern="^(png|svg)$")]
    ) -> Response:
        if name not in PLOTS:
            return error_response(NotFound(f"no plot '{name}': choose one of {', '.join(PLOTS)}"))
        with plot_lock:  # matplotlib draws one figure at a time; each plot is drawn once
            if name not in plot_cache:
                plot_cache[name] = render_plot(ws.projection, name)
        drawn = plot_cache[name]
        if ext == "png":
            return Response(drawn.png, media_type="image/png", headers={"x-caption": _ascii(drawn.caption)})
        return Response(drawn.svg.encode("utf-8"), media_type="image/svg+xml")

    timeline_cache: list[bytes] = []
    plot_cache: dict[str, RenderedPlot] = {}
    plot_lock = threading.Lock()
    # made while the server starts answering (~5 s at 10⁶ triples: two scans of the SPARQL store,
    # the projection for the id fields); their routes wait for them. The classes and properties are
    # asked of the SPARQL worker: a store of the workspace's own would be a second copy of the graph
    schema_cache = Prepared(lambda: bench.schema(lambda text: engines.ask("sparql", text, {}, engines.max_timeout)))
    library_cache = Prepared(bench.questions)
    # the month-by-month states take about a second: made while the server starts answering
    threading.Thread(target=explorer.timeline, name="tmb-timeline", daemon=True).start()
    return api


def _node_ids(value: Any, graph: Any) -> set[str]:
    """The strings anywhere in ``value`` (tables, rows, lists) that are nodes of ``graph``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("wg-far", "org-kfsk")])
    >>> sorted(_node_ids({"t": [{"body": "wg-far", "nodes": ["org-kfsk", "x"], "n": 3}]}, g))
    ['org-kfsk', 'wg-far']
    """
    if isinstance(value, str):
        return {value} if value in graph else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(_node_ids(v, graph) for v in value))
    return set()


def _ascii(text: str) -> str:
    """A header value (latin-1 only): the caption with other characters dropped."""
    return text.encode("latin-1", "ignore").decode("latin-1")[:500]


def _json_params(text: str) -> dict[str, str]:
    try:
        value = json.loads(text or "{}")
    except ValueError as exc:
        raise TmbError(f'params is not a JSON object ({exc}); e.g. {{"at": "2019-10-01"}}') from None
    if not isinstance(value, dict) or not all(isinstance(v, str | int | float | bool) for v in value.values()):
        raise TmbError('params is not a JSON object of names and values, e.g. {"at": "2019-10-01"}')
    return {str(k): (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in value.items()}


def _cap(result: QueryResult, cap: int) -> QueryResult:
    if len(result.rows) <= cap:
        return result
    terms = None if result.terms is None else result.terms[:cap]
    return QueryResult(result.columns, result.rows[:cap], result.kind, terms)


def _table_response(table: Table, fmt: str | None, name: str) -> Response:
    if fmt is None:
        return JSONResponse({"name": table.name, "columns": table.columns, "rows": table.json_rows()})
    if fmt not in ("csv", "tsv", "json", "jsonl", "md"):
        return error_response(TmbError(f"unknown format '{fmt}': choose csv, tsv, json, jsonl or md"))
    return download(table.render(fmt), fmt, name)


def _result_graph(bench: Workbench, rows: list[tuple[Any, ...]]) -> ResultGraph | None:
    """The graph's nodes a result's cells name (Cypher nodes, SPARQL IRIs, ids) and the
    relationships among them; ``None`` when no cell names a node."""
    g = bench.workspace.projection
    found: dict[str, None] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            nid = value.get("id")
            if isinstance(nid, str) and nid in g:
                found[nid] = None
        elif isinstance(value, list):
            for v in value:
                visit(v)
        elif isinstance(value, str) and len(value) < 300:
            if value.startswith(("http://", "https://")):
                # an IRI is its programme's node: over a dataset's union its id is qualified
                namespace, local = split_iri(value)
                qualified = qualified_id(namespace, local)
                value = qualified if qualified in g else local
            if value in g:
                found[value] = None

    for row in rows:
        for cell in row:
            visit(cell)
        if len(found) > 300:
            break
    ids = [n for n in found if "Section" not in g.nodes[n].get("labels", ())][:300]
    if not ids:
        return None
    chosen = set(ids)
    nodes = [GraphNode(id=n, name=bench.display(n), label=_first_label(g.nodes[n])) for n in ids]
    edges = [
        GraphEdge(source=u, target=v, type=k) for u, v, k in g.subgraph(chosen).edges(keys=True) if k != "DERIVED_FROM"
    ]
    return ResultGraph(nodes=nodes, edges=edges)


def _first_label(data: dict[str, Any]) -> str:
    labels = sorted(data.get("labels", ()))
    return labels[0] if labels else ""


def loaded(ws: Workspace) -> dict[str, Any]:
    """What the build holds, for the workbench's header: a dataset's programmes, counties and
    years, or one programme's name and period (its programme body that has an end: a
    build may also name the national programme it belongs to, which has none).

    Examples
    --------
    >>> loaded(Workspace(build_dir))  # doctest: +SKIP
    {'kind': 'programme', 'name': 'Skåne tillsammans mot brott', 'name_en': 'Skåne together against crime',
     'period': '2018–2020', 'programmes': 1, 'counties': []}
    """
    progs = list(ws.programmes.values())
    if progs:
        years = [int(y) for p in progs for y in p.year.split("-") if y.isdigit()]
        period = (f"{min(years)}" if min(years) == max(years) else f"{min(years)}–{max(years)}") if years else ""
        counties = sorted({p.county for p in progs if p.county})
        return {
            "kind": "dataset",
            "name": "",
            "name_en": "",
            "period": period,
            "programmes": len(progs),
            "counties": counties,
        }
    bodies = [
        d for _n, d in ws.projection.nodes(data=True) if d.get("kind") == "programme" and "Body" in d.get("labels", ())
    ]
    bodies.sort(key=lambda d: ("end" not in d, str(d.get("id", ""))))  # the programme that ran (has an end) first
    chosen = bodies[0] if bodies else {}
    first, last = str(chosen.get("start_earliest", ""))[:4], str(chosen.get("end_earliest", ""))[:4]
    period = f"{first}–{last}" if first and last and first != last else first or last
    name = str(chosen.get("name", ""))
    return {"kind": "programme", "name": name, "name_en": str(chosen.get("name_en", name)), "period": period,
            "programmes": 1, "counties": []}  # fmt: skip
