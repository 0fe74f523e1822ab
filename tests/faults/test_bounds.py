"""Every query is bounded in time and memory, stops on Ctrl-C, and leaves nothing behind.

Runaway queries of both embedded engines (cross products, an ``ORDER BY`` over one,
``collect(range(1, 2e9))``, a parser-bound Cypher text) end at their deadline or memory bound with
a clear error, and the engine answers again afterwards (the SPARQL worker is reloaded). The
commands are run as a user runs them: ``--timeout`` ends them with exit 1 and a message; SIGINT
ends them within a second or two; SIGINT, SIGTERM, SIGHUP and SIGKILL leave no
``$TMPDIR/tmb-falkordb-*`` folder and no server process behind (a SIGKILLed command's folder is
removed by the next start).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tmb_graph.errors import StoreError
from tmb_graph.limits import QueryMemoryError, QueryTimeout
from tmb_graph.paths import ROOT
from tmb_graph.propertygraph.mapping import PropertyGraph, to_property_graph
from tmb_graph.query.falkordb_store import falkordb_store
from tmb_graph.query.guard import QueryTooComplex
from tmb_graph.query.worker import SparqlWorker
from tmb_graph.rdf.read import load_built_graph

CROSS3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_CROSS = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
CYPHER_CROSS4 = "MATCH (a), (b), (c), (d) RETURN count(*) AS n"
ONE_GIB = 1 << 30


def _tmb() -> list[str]:
    script = Path(sys.executable).with_name("tmb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tmb_graph"]


def _children(pid: int) -> list[tuple[int, str]]:
    """The live child processes of ``pid`` with their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(entry.name), cmdline))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def pg(graph_dir: Path) -> PropertyGraph:
    return to_property_graph(load_built_graph(graph_dir))


@pytest.fixture(scope="module")
def worker(graph_dir: Path) -> Iterator[SparqlWorker]:
    with SparqlWorker(graph_dir, memory=ONE_GIB) as w:
        yield w


@pytest.fixture
def tmpdir_env() -> Iterator[dict[str, str]]:
    """The environment of a command whose temporary folders go to a fresh, short ``TMPDIR``
    (FalkorDB's unix socket path must stay under 108 bytes; pytest's tmp_path can be longer)."""
    tmp = Path(tempfile.mkdtemp(prefix="tb-", dir="/tmp"))
    yield {**os.environ, "TMPDIR": str(tmp)}
    shutil.rmtree(tmp, ignore_errors=True)


# -- the SPARQL worker --------------------------------------------------------------------------


def test_a_sparql_cross_product_stops_at_its_deadline_and_the_worker_answers_again(worker: SparqlWorker) -> None:
    triples = len(worker)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1 s"):
        worker.query(CROSS3, timeout=1)
    assert time.monotonic() - started < 2.5
    assert worker.query("ASK { ?s ?p ?o }").rows == [(True,)]
    assert len(worker) == triples


def test_an_order_by_over_a_cross_product_ends_at_the_memory_bound(worker: SparqlWorker) -> None:
    with pytest.raises(QueryMemoryError, match=r"bound of 1\.0 GiB"):
        worker.query(SORTED_CROSS, timeout=120)  # it reaches 1 GiB within seconds
    assert worker.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a org:Post }").rows[0][0] > 0


def test_a_crashed_sparql_engine_is_a_clear_error_and_is_replaced(worker: SparqlWorker) -> None:
    worker.query("ASK { ?s ?p ?o }")
    child = worker._proc
    assert child is not None
    threading.Timer(0.5, os.kill, (child.pid, signal.SIGSEGV)).start()
    with pytest.raises(StoreError, match="crashed \\(SIGSEGV\\)"):
        worker.query(CROSS3, timeout=30)
    assert worker.query("ASK { ?s ?p ?o }").rows == [(True,)]


def test_an_allowed_update_does_not_outlive_its_query(worker: SparqlWorker) -> None:
    ask = "ASK { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    worker.query(
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }", allow_update=True
    )
    assert worker.query(ask).rows == [(False,)]


# -- the Cypher store ---------------------------------------------------------------------------


def test_a_cypher_cross_product_stops_at_its_deadline(pg: PropertyGraph) -> None:
    with falkordb_store(pg, timeout=2) as store:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="longer than 2 s"):
            store.query(CYPHER_CROSS4)
        assert time.monotonic() - started < 3.5
        assert store.query("MATCH (b:Body) RETURN count(b) AS n").rows[0][0] > 0


def test_a_query_the_parser_cannot_finish_in_time_is_killed(pg: PropertyGraph) -> None:
    # each group parses in ~0.01 s, but thousands take minutes; FalkorDB's own timeout
    # does not cover parsing, so the watchdog kills the server
    slow = "RETURN " + " + ".join(["(" * 12 + "1" + ")" * 12] * 4000) + " AS x"
    with falkordb_store(pg, timeout=1) as store:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="did not stop"):
            store.query(slow)
        assert time.monotonic() - started < 4
        with pytest.raises(StoreError, match="stopped"):
            store.query("RETURN 1 AS one")


def test_a_query_beyond_the_memory_bound_ends_the_server_not_the_machine(pg: PropertyGraph) -> None:
    with falkordb_store(pg, memory=ONE_GIB) as store:
        with pytest.raises(QueryMemoryError, match="memory bound"):
            store.query("RETURN size(collect(range(1, 2000000000))) AS n")
        assert store.server.process.poll() is not None


def test_a_server_killed_mid_query_is_a_clear_error(pg: PropertyGraph) -> None:
    with falkordb_store(pg, timeout=30) as store:
        threading.Timer(0.5, store.server.process.kill).start()
        with pytest.raises(StoreError, match=r"stopped during the query \(signal SIGKILL\)"):
            store.query(CYPHER_CROSS4)


def test_30_nested_parentheses_are_refused_before_the_server_sees_them(pg: PropertyGraph) -> None:
    with falkordb_store(pg) as store:
        with pytest.raises(QueryTooComplex):
            store.query("RETURN " + "(" * 30 + "1" + ")" * 30 + " AS x")
        assert store.query("RETURN 1 AS one").rows == [(1,)]


# -- the commands ------------------------------------------------------------------------------


@pytest.mark.parametrize(("engine", "text"), [("sparql", CROSS3), ("cypher", CYPHER_CROSS4)])
def test_the_timeout_option_ends_a_command_with_a_message(
    engine: str, text: str, graph_dir: Path, tmpdir_env: dict[str, str]
) -> None:
    proc = subprocess.run(
        [*_tmb(), "query", engine, text, "--graph-dir", str(graph_dir), "--timeout", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=tmpdir_env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "longer than 2 s" in proc.stderr and "--timeout" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(Path(tmpdir_env["TMPDIR"]).iterdir())


def test_5000_nested_braces_are_refused_not_a_crash(graph_dir: Path, tmp_path: Path) -> None:
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000, encoding="utf-8")
    proc = subprocess.run(
        [*_tmb(), "query", "sparql", str(query), "--graph-dir", str(graph_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "nests brackets more than 200 deep" in proc.stderr
    assert "Traceback" not in proc.stderr


def _default_signals() -> None:
    # as from a terminal: a test run under `nohup` (SIGHUP ignored) would pass that on, and a
    # command rightly keeps an ignored SIGHUP ignored (limits.exit_on_termination)
    for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)


def _start(engine: str, text: str, graph_dir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*_tmb(), "query", engine, text, "--graph-dir", str(graph_dir), "--timeout", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=_default_signals,
    )


def _in_query(proc: subprocess.Popen[str], engine: str, tmp: Path) -> int:
    """Wait until the command runs its query; return the engine process's pid."""
    marker = "tmb_graph.query.worker" if engine == "sparql" else "redis-server"
    engine_pid: list[int] = []

    def started() -> bool:
        assert proc.poll() is None, proc.communicate()[1]
        engine_pid[:] = [pid for pid, cmd in _children(proc.pid) if marker in cmd]
        return bool(engine_pid)

    _wait_for(started, 120, f"the {engine} engine to start")
    if engine == "cypher":  # the run folder goes once the store is connected, then the graph loads
        _wait_for(lambda: not list(tmp.glob("tmb-falkordb-*")), 60, "the server to be connected")
    time.sleep(1.5)  # loading takes well under a second; then the query runs
    return engine_pid[0]


@pytest.mark.parametrize(("engine", "text"), [("sparql", CROSS3), ("cypher", CYPHER_CROSS4)])
def test_ctrl_c_stops_a_query_within_seconds(
    engine: str, text: str, graph_dir: Path, tmpdir_env: dict[str, str]
) -> None:
    tmp = Path(tmpdir_env["TMPDIR"])
    proc = _start(engine, text, graph_dir, tmpdir_env)
    engine_pid = _in_query(proc, engine, tmp)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 2.5
    assert proc.returncode != 0
    assert "Traceback" not in err
    _wait_for(lambda: not _alive(engine_pid), 5, "the engine process to end")
    assert not list(tmp.iterdir())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_signalled_cypher_command_leaves_no_traces(
    sig: signal.Signals, graph_dir: Path, tmpdir_env: dict[str, str]
) -> None:
    tmp = Path(tmpdir_env["TMPDIR"])
    proc = _start("cypher", CYPHER_CROSS4, graph_dir, tmpdir_env)
    server = _in_query(proc, "cypher", tmp)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "Traceback" not in err
    _wait_for(lambda: not _alive(server), 5, "the server to end with its command")
    assert not list(tmp.iterdir())


def test_the_next_start_removes_the_folder_of_a_command_killed_while_starting(
    graph_dir: Path, tmpdir_env: dict[str, str]
) -> None:
    tmp = Path(tmpdir_env["TMPDIR"])
    proc = _start("cypher", CYPHER_CROSS4, graph_dir, tmpdir_env)
    _wait_for(lambda: bool(list(tmp.glob("tmb-falkordb-*/owner"))), 120, "the run folder")
    proc.kill()
    proc.wait()
    left = list(tmp.glob("tmb-falkordb-*"))
    assert left, "the command was killed before it made its folder"
    user_folder = tmp / "tmb-falkordb-mine"
    user_folder.mkdir()
    again = subprocess.run(
        [*_tmb(), "query", "cypher", "RETURN 1 AS one", "--graph-dir", str(graph_dir), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=tmpdir_env,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp.iterdir()) == ["tmb-falkordb-mine"]
