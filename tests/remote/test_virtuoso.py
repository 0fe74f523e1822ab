"""The graph handed to a real SPARQL 1.1 server: Virtuoso Open Source from Debian's packages.

A module fixture starts a throw-away Virtuoso with ``scripts/virtuoso start DIR`` (127.0.0.1,
free ports, database files in a temporary directory), builds the real programme, pushes it with
the Graph Store protocol in small chunks, and runs the question library there and on the
embedded store. The server is stopped at the end and no ``virtuoso-t`` of it may remain.
Skipped when ``virtuoso-t`` is not installed (``scripts/setup`` installs it when run as root).
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import Tmb
from tests.cli.conftest import tmb as tmb  # the command-line fixture, for this module too
from tests.conftest import MINI_SOURCES, mini_programmes
from tmb_graph.dataset import build_dataset
from tmb_graph.errors import StoreError, TmbError
from tmb_graph.paths import ROOT, default_data
from tmb_graph.pipeline import build
from tmb_graph.query.library import load_library
from tmb_graph.query.params import ParamValue
from tmb_graph.query.remote.push import PushSummary, _ontology_ntriples, push_graph
from tmb_graph.query.remote.sparql import RemoteSparql
from tmb_graph.query.sparql import ReadOnlyError, SparqlStore

SCRIPT = ROOT / "scripts" / "virtuoso"
GRAPH = "https://w3id.org/tmb-graph/data/skane-2018-2020"
SCRATCH = "https://w3id.org/tmb-graph/test/scratch"
CHUNK = 2000
LIBRARY = load_library()
#: questions whose remote answer differs from the embedded store's, with the reason
#: library questions whose remote answer may differ, with the reason (none: the VALUES block is
#: placed first in the WHERE group, so parameters used only in a FILTER are bound there too)
REMOTE_DIFFERS: dict[str, str] = {}
HOSTILE = [
    '"} DROP ALL #',
    "' OR 1=1 //",
    "} ; CLEAR ALL ; SELECT * WHERE { ?s ?p ?o",
    '" . ?s ?p ?o } #',
    'org-kfsk" } UNION { ?s ?p ?o } #',
    'org-kfsk\\" } #',
    "a\\u0022 } #",
    '"""',
    "x\ny\r\n\t",
    "<http://example.org/x>",
    "?org $at",
    ") } INSERT DATA { <http://e/a> <http://e/b> 1 } #",
    "\x00\x01\x7f",
    "\u2028\u2029 Skåne ”",
    "a" * 1000,
]
UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    f"DROP GRAPH <{GRAPH}>",
    "CLEAR DEFAULT",
    "LOAD <http://example.org/evil.ttl>",
    "# it's a comment with a quote\nINSERT DATA { <http://e/a> <http://e/b> 1 }",
    "PREFIX ex: <http://example.org/#x>\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DEFINE sql:log-enable 3 INSERT DATA { <http://e/a> <http://e/b> 1 }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://e/a> <http://e/b> 1 }",
    "SELECT (bif:sprintf('%s', 'x') AS ?x) WHERE { }",
    "  with <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@dataclass(frozen=True)
class Server:
    dir: Path
    port: int
    endpoint: str
    graph_store: str
    auth: tuple[str, str]


def _script(command: str, folder: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), command, str(folder)], capture_output=True, text=True, timeout=timeout)


def _running(folder: Path) -> list[str]:
    """Pids of virtuoso-t processes of the server in ``folder`` (pgrep on its ini file)."""
    found = subprocess.run(["pgrep", "-f", str(folder / "virtuoso.ini")], capture_output=True, text=True)
    return found.stdout.split()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if shutil.which("virtuoso-t") is None:
        pytest.skip("virtuoso-t not installed: install Debian's virtuoso-opensource (scripts/setup as root does)")
    folder = tmp_path_factory.mktemp("virtuoso")
    started = time.perf_counter()
    proc = _script("start", folder)
    if proc.returncode == 3:
        pytest.skip(f"Virtuoso not usable here: {proc.stderr.strip()}")
    try:
        assert proc.returncode == 0, f"scripts/virtuoso start failed:\n{proc.stderr}"
        env = dict(line.split("=", 1) for line in (folder / "virtuoso.env").read_text().splitlines() if "=" in line)
        port = int(proc.stdout.strip())
        assert env["VIRTUOSO_HTTP_PORT"] == str(port)
        print(f"Virtuoso started in {time.perf_counter() - started:.1f} s on 127.0.0.1:{port}")
        yield Server(
            folder,
            port,
            env["TMB_SPARQL_ENDPOINT"],
            env["TMB_SPARQL_GRAPH_STORE"],
            (env["TMB_SPARQL_USER"], env["TMB_SPARQL_PASSWORD"]),
        )
    finally:
        _script("stop", folder, timeout=90)
        assert _running(folder) == [], "a virtuoso-t process outlived scripts/virtuoso stop"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "graph"
    build(default_data(), out, shacl=False)
    return out


@pytest.fixture(scope="module")
def embedded(built: Path) -> SparqlStore:
    return SparqlStore.from_build(built)


@pytest.fixture(scope="module")
def pushed(virtuoso: Server, built: Path) -> PushSummary:
    return push_graph(built / "graph.nt", virtuoso.graph_store, GRAPH, chunk_triples=CHUNK, auth=virtuoso.auth)


@pytest.fixture(scope="module")
def remote(virtuoso: Server, pushed: PushSummary) -> Iterator[RemoteSparql]:
    with RemoteSparql(virtuoso.endpoint, graphs=[GRAPH]) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- upload -----------------------------------------------------------------------------------
def test_push_in_chunks_holds_exactly_the_embedded_graph(
    pushed: PushSummary, remote: RemoteSparql, embedded: SparqlStore, built: Path
) -> None:
    lines = sum(1 for line in (built / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert pushed.chunks >= 1 + lines // CHUNK > 2  # the ontology, then several chunks of the graph
    assert pushed.triples >= lines
    assert remote.triple_count(GRAPH) == len(embedded)
    print(f"pushed {pushed.triples} triples in {pushed.chunks} chunks in {pushed.seconds:.2f} s")


def test_pushing_again_replaces_the_graph(
    virtuoso: Server, built: Path, remote: RemoteSparql, embedded: SparqlStore
) -> None:
    again = push_graph(built / "graph.nt", virtuoso.graph_store, GRAPH, chunk_triples=3 * CHUNK, auth=virtuoso.auth)
    assert again.chunks > 2
    assert remote.triple_count(GRAPH) == len(embedded)


def test_put_drops_what_the_graph_held(virtuoso: Server, built: Path, remote: RemoteSparql, tmp_path: Path) -> None:
    push_graph(built / "graph.nt", virtuoso.graph_store, SCRATCH, chunk_triples=CHUNK, auth=virtuoso.auth)
    assert remote.triple_count(SCRATCH) > 10000
    tiny = tmp_path / "tiny.nt"
    tiny.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
    summary = push_graph(tiny, virtuoso.graph_store, SCRATCH, auth=virtuoso.auth, with_ontology=False)
    assert (summary.triples, summary.chunks) == (1, 1)
    assert remote.triple_count(SCRATCH) == 1
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    push_graph(empty, virtuoso.graph_store, SCRATCH, auth=virtuoso.auth, with_ontology=False)
    assert remote.triple_count(SCRATCH) == 0


def test_an_interrupted_push_rerun_converges_to_one_clean_push(
    virtuoso: Server, built: Path, embedded: SparqlStore, tmp_path: Path
) -> None:
    graph = SCRATCH + "-interrupted"

    class Interrupted(Exception):
        pass

    def interrupt(chunks: int, sent: int) -> None:
        if chunks == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        push_graph(built / "graph.nt", virtuoso.graph_store, graph, CHUNK, virtuoso.auth, on_chunk=interrupt)
    with RemoteSparql(virtuoso.endpoint, graphs=[graph]) as scratch:
        assert 0 < scratch.triple_count(graph) < len(embedded)  # half-written
        push_graph(built / "graph.nt", virtuoso.graph_store, graph, CHUNK, virtuoso.auth)
        everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        assert scratch.query(everything).as_set() == embedded.query(everything).as_set()


def test_connection_errors_and_5xx_are_retried_then_reported(tmp_path: Path) -> None:
    answers: list[int] = []

    class Flaky(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            code = 503 if len(answers) < 2 or self.server.always_down else 201  # type: ignore[attr-defined]
            answers.append(code)
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    server.always_down = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        tiny = tmp_path / "tiny.nt"
        tiny.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
        summary = push_graph(tiny, url, SCRATCH, auth=None, retries=4, backoff=0.01, with_ontology=False)
        assert (summary.retries, summary.chunks, answers) == (2, 1, [503, 503, 201])
        server.always_down = True  # type: ignore[attr-defined]
        with pytest.raises(StoreError) as caught:
            push_graph(tiny, url, SCRATCH, auth=None, retries=2, backoff=0.01, with_ontology=False)
        assert "503" in str(caught.value) and url in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


# -- the question library, remotely ----------------------------------------------------------------
def _library_cases() -> list[object]:
    cases: list[object] = []
    for q in LIBRARY:
        reason = REMOTE_DIFFERS.get(q.name)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        cases.append(pytest.param(q.name, marks=marks, id=q.name))
    return cases


@pytest.mark.parametrize("name", _library_cases())
def test_library_question_gives_the_embedded_answer(name: str, remote: RemoteSparql, embedded: SparqlStore) -> None:
    q = next(q for q in LIBRARY if q.name == name)
    params = q.example_params()
    here = embedded.query(q.sparql, params)
    there = remote.query(q.sparql, params)
    assert here.rows, f"{name}: the embedded store finds nothing, so the comparison says nothing"
    assert there.columns == here.columns
    assert there.as_set() == here.as_set()


def test_a_filter_only_parameter_is_bound_remotely(remote: RemoteSparql, embedded: SparqlStore) -> None:
    # mandates_at uses ?at only in its FILTER: the VALUES block sits first in the WHERE group
    q = next(q for q in LIBRARY if q.name == "mandates_at")
    rows = remote.query(q.sparql, q.example_params()).as_set()
    assert rows and rows == embedded.query(q.sparql, q.example_params()).as_set()


def test_typed_parameters_match_typed_literals(remote: RemoteSparql, embedded: SparqlStore) -> None:
    import datetime as dt

    cases: list[tuple[str, dict[str, ParamValue]]] = [
        ("SELECT ?s ?h WHERE { ?s tmb:happened ?h }", {"h": True}),
        ("SELECT ?s ?h WHERE { ?s tmb:happened ?h }", {"h": False}),
        ("SELECT ?s ?d WHERE { ?s tmb:earliest ?d }", {"d": dt.date(2019, 9, 1)}),
        ("SELECT ?o ?id WHERE { ?o dcterms:identifier ?id }", {"id": "org-kfsk"}),
    ]
    for text, params in cases:
        here = embedded.query(text, params)
        assert here.rows
        assert remote.query(text, params).as_set() == here.as_set(), text


# -- read-only and injection-proof -------------------------------------------------------------------
@pytest.mark.parametrize("text", UPDATES)
def test_an_update_is_refused_before_it_is_sent(text: str, remote: RemoteSparql, embedded: SparqlStore) -> None:
    with pytest.raises(ReadOnlyError):
        remote.query(text)
    assert remote.triple_count(GRAPH) == len(embedded)


def test_the_anonymous_endpoint_itself_is_read_only(
    virtuoso: Server, remote: RemoteSparql, embedded: SparqlStore
) -> None:
    # defence in depth: even a raw update that bypasses RemoteSparql is refused by the server
    response = httpx.post(
        virtuoso.endpoint,
        data={"query": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://e/a> <http://e/b> 1 }} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code >= 400
    assert remote.triple_count(GRAPH) == len(embedded)


PARAMETERISED = [(q.name, p) for q in LIBRARY for p in q.params]


@pytest.mark.parametrize(("name", "param"), PARAMETERISED)
def test_hostile_parameter_values_find_nothing_and_change_nothing(
    name: str, param: str, remote: RemoteSparql, embedded: SparqlStore
) -> None:
    q = next(q for q in LIBRARY if q.name == name)
    before = remote.triple_count(GRAPH)
    for value in HOSTILE:
        params = {**q.example_params(), param: value}
        rows = remote.query(q.sparql, params).rows
        # a hostile text in a date parameter is compared as a string by Virtuoso (pyoxigraph finds
        # no row): still a plain value, never query text — the graph is unchanged either way
        if not (name == "mandates_at" and param == "at"):
            assert rows == [], repr(value)
    assert remote.triple_count(GRAPH) == before == len(embedded)


def test_an_oversized_parameter_value_is_refused_clearly(remote: RemoteSparql) -> None:
    # Virtuoso cannot hold a 20 kB literal in some plans (SR319); the client refuses it first
    with pytest.raises(TmbError, match="at most 1000"):
        remote.query("SELECT ?o ?id WHERE { ?o dcterms:identifier ?id }", {"id": "a" * 20000})


@pytest.mark.parametrize("name", ["x }", "a b", "", "1x", "x) { (1) } #"])
def test_hostile_parameter_names_are_refused(name: str, remote: RemoteSparql) -> None:
    with pytest.raises(TmbError):
        remote.query("SELECT ?x WHERE { ?x ?p ?o }", {name: "v"})


# -- a server that is down or refuses -------------------------------------------------------------
def test_a_down_server_gives_a_clear_error(built: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    with RemoteSparql(url, retries=1, backoff=0.01) as down, pytest.raises(StoreError) as caught:
        down.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert url in str(caught.value) and "running" in str(caught.value)
    store = f"http://127.0.0.1:{port}/sparql-graph-crud-auth"
    with pytest.raises(StoreError) as pushed:
        push_graph(built / "graph.nt", store, SCRATCH, auth=("dba", "x"), retries=1, backoff=0.01)
    assert store in str(pushed.value) and "running" in str(pushed.value)


def test_missing_or_wrong_credentials_are_named_not_printed(
    virtuoso: Server, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMB_SPARQL_USER", raising=False)
    monkeypatch.delenv("TMB_SPARQL_PASSWORD", raising=False)
    with pytest.raises(StoreError) as none:
        push_graph(built / "graph.nt", virtuoso.graph_store, SCRATCH)
    assert "401" in str(none.value) and "TMB_SPARQL_USER" in str(none.value)
    secret = "hunter2-not-the-password"
    monkeypatch.setenv("TMB_SPARQL_USER", "dba")
    monkeypatch.setenv("TMB_SPARQL_PASSWORD", secret)
    with pytest.raises(StoreError) as wrong:
        push_graph(built / "graph.nt", virtuoso.graph_store, SCRATCH)
    assert "401" in str(wrong.value) and secret not in str(wrong.value)
    assert virtuoso.auth[1] not in str(wrong.value)


def test_forbidden_and_missing_endpoints_say_what_to_check(virtuoso: Server, built: Path) -> None:
    anonymous = f"http://127.0.0.1:{virtuoso.port}/sparql-graph-crud"
    with pytest.raises(StoreError) as forbidden:
        push_graph(built / "graph.nt", anonymous, SCRATCH, auth=None, retries=0)
    assert "403" in str(forbidden.value) and anonymous in str(forbidden.value)
    missing = f"http://127.0.0.1:{virtuoso.port}/no-such-endpoint"
    with pytest.raises(StoreError) as absent:
        push_graph(built / "graph.nt", missing, SCRATCH, auth=virtuoso.auth, retries=0)
    # Virtuoso's file server answers a PUT outside its endpoints with 501 rather than 404
    assert "endpoint path" in str(absent.value) and missing in str(absent.value)


def test_credentials_in_the_url_are_refused(virtuoso: Server, built: Path) -> None:
    url = f"http://dba:{virtuoso.auth[1]}@127.0.0.1:{virtuoso.port}/sparql-graph-crud-auth"
    with pytest.raises(TmbError) as caught:
        push_graph(built / "graph.nt", url, SCRATCH)
    assert virtuoso.auth[1] not in str(caught.value)


def test_remote_answers_render_as_sparql_json_and_rdf_like_the_embedded_store(
    remote: RemoteSparql, embedded: SparqlStore
) -> None:
    import json

    import pyoxigraph as ox

    select = "SELECT ?o ?n WHERE { ?o a org:FormalOrganization ; skos:prefLabel ?n }"
    there, here = (
        json.loads(remote.query(select).render("sparql-json")),
        json.loads(embedded.query(select).render("sparql-json")),
    )
    assert there["head"] == here["head"]
    # language tags and IRIs kept (the order of tagged literals is each server's own)
    assert sorted(map(json.dumps, there["results"]["bindings"])) == sorted(map(json.dumps, here["results"]["bindings"]))
    assert json.loads(remote.query("ASK { ?s a org:FormalOrganization }").render("sparql-json"))["boolean"] is True
    construct = "CONSTRUCT { ?o skos:prefLabel ?n } WHERE { ?o a org:FormalOrganization ; skos:prefLabel ?n }"
    triples = {
        source: set(ox.parse(result.render("ntriples").encode(), format=ox.RdfFormat.N_TRIPLES))
        for source, result in (("remote", remote.query(construct)), ("embedded", embedded.query(construct)))
    }
    assert triples["remote"] == triples["embedded"] and triples["remote"]


# -- last: the server stops and leaves nothing behind ------------------------------------------------
def test_a_dataset_is_pushed_one_graph_per_programme_replaced_alone_and_asked_across(
    tmb: Tmb, virtuoso: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two programmes of a dataset build into Virtuoso through the command, as a user pushes them
    monkeypatch.setenv("TMB_SPARQL_USER", virtuoso.auth[0])
    monkeypatch.setenv("TMB_SPARQL_PASSWORD", virtuoso.auth[1])
    root = tmp_path / "programmes"
    graphs = mini_programmes(root)
    out = tmp_path / "graph"
    build_dataset(root, out, MINI_SOURCES, shacl=False, jobs=1)
    alpha, beta = graphs["alpha"], graphs["beta"]
    push = ("push", "sparql", "--endpoint", virtuoso.graph_store, "--graph-dir", str(out), "--chunk", "500")
    tmb(*push).ok()

    def count(graph: str) -> int:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        got = httpx.get(
            virtuoso.endpoint, params={"query": text}, headers={"Accept": "application/sparql-results+json"}
        )
        return int(got.json()["results"]["bindings"][0]["n"]["value"])

    n_alpha, n_beta = count(alpha), count(beta)
    ontology = len(_ontology_ntriples())  # the terms and concepts travel with each graph
    own = len((out / "programmes" / "alpha" / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert n_alpha == n_beta == own + ontology
    # beta renamed and rebuilt; alpha's graph on the server changed by hand: pushing beta alone
    # replaces beta's graph and leaves alpha's exactly as it was
    path = root / "beta" / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Miniprogrammet", "Miniprogrammet B"))
    build_dataset(root, out, MINI_SOURCES, shacl=False, jobs=1)
    marker = tmp_path / "marker.nt"
    marker.write_text("<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n", encoding="utf-8")
    push_graph(marker, virtuoso.graph_store, alpha, chunk_triples=CHUNK, auth=virtuoso.auth)
    tmb(*push, "--programme", "beta").ok()
    assert count(alpha) == 1 + ontology and count(beta) == n_beta  # alpha: the marker, untouched
    # asked across both programmes on the server: each answers with its own name
    names = (
        "SELECT ?name WHERE { ?b org:classification tmbc:BodyKind-programme ; skos:prefLabel ?name "
        'FILTER (lang(?name) = "sv") } ORDER BY ?name'
    )
    tmb(*push, "--programme", "alpha").ok()
    run = tmb("query", "sparql", names, "--endpoint", virtuoso.endpoint, "--graph", alpha, "--graph", beta, "-f", "csv")
    shown = run.ok().stdout.splitlines()[1:]
    assert len(shown) == 2 and shown[1].startswith("Miniprogrammet B") and not shown[0].startswith("Miniprogrammet B")
    # and the same question of the embedded dataset's union gives the same names
    assert tmb("query", "sparql", names, "--graph-dir", str(out), "-f", "csv").ok().stdout.splitlines()[1:] == shown
    # per programme on the server, each within its own graph: the embedded per-programme table, row
    # for row (as values: Virtuoso answers a boolean as 1 or 0, and 1 == True)
    members = str(ROOT / "queries" / "work_group_members.rq")
    answers = {}
    for scope in (("--per-programme",), ("--programme", "beta")):
        ask = ("query", "sparql", members, *scope, "--graph-dir", str(out), "-f", "json")
        answers[scope[0]] = remote = json.loads(tmb(*ask, "--endpoint", virtuoso.endpoint).ok().stdout)
        assert remote == json.loads(tmb(*ask).ok().stdout) and len(remote) > 1, scope
    assert {row["programme"] for row in answers["--per-programme"]} == {"alpha", "beta"}
    assert "programme" not in answers["--programme"][0]  # one programme: its own build's answer
    run = tmb(
        "query",
        "sparql",
        members,
        "--programme",
        "beta",
        "--graph",
        beta,
        "--graph-dir",
        str(out),
        "--endpoint",
        virtuoso.endpoint,
    )
    assert run.code == 1 and "give one of them" in run.stderr
    # a programme whose graph the server does not hold: said, not an empty answer
    gone = httpx.delete(virtuoso.graph_store, params={"graph": beta}, auth=httpx.DigestAuth(*virtuoso.auth))
    assert gone.is_success and count(beta) == 0
    ask = ("query", "sparql", members, "--programme", "beta", "--graph-dir", str(out), "--endpoint", virtuoso.endpoint)
    run = tmb(*ask)
    assert run.code == 1 and f"holds no graph <{beta}> for the programme beta" in run.stderr and not run.stdout


def test_zz_the_server_stops_and_leaves_no_process(virtuoso: Server) -> None:
    assert _running(virtuoso.dir), "the server should run until here"
    proc = _script("stop", virtuoso.dir, timeout=90)
    assert proc.returncode == 0, proc.stderr
    assert _running(virtuoso.dir) == []
    assert _script("status", virtuoso.dir).returncode == 1
