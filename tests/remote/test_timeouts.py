"""A remote server can neither hang a command nor make it print a secret.

Real sockets on 127.0.0.1: a server that accepts connections and never answers, one that keeps
answering 503, and one that echoes the request (its ``Authorization`` header included) in its
error page. Queries and pushes end within their ``--timeout``, retries included; what a server
says is shown redacted and short; a query that would make the server call out (``SERVICE``)
never leaves the machine.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.limits import QueryTimeout
from tmb_graph.paths import ROOT
from tmb_graph.query.guard import NetworkRefused
from tmb_graph.query.remote.push import push_graph
from tmb_graph.query.remote.sparql import RemoteSparql

USER, PASSWORD = "dba", "S3cret-Pa55"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
GRAPH = "https://w3id.org/tmb-graph/data/test"


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts TCP connections (the kernel does) and never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/sparql"


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str]
    mode = "echo"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.seen.append(self.command)
        if self.mode == "busy":
            self.send_response(503)
            self.end_headers()
            return
        if "authorization" not in self.headers:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.end_headers()
            return
        # a careless server: its error page repeats the request, credentials and all
        body = f"Bad request.\n{self.headers}\nlogin: user={USER} password={PASSWORD}\n" + "x" * 50_000
        self.send_response(500 if self.command == "POST" else 401)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 in the mode the test names (``echo`` or ``busy``); its URL and requests."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen, "mode": getattr(request, "param", "echo")})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nt"
    path.write_text("<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n", encoding="utf-8")
    return path


def test_a_silent_endpoint_ends_a_query_at_its_timeout(silent: str) -> None:
    started = time.monotonic()
    with RemoteSparql(silent, timeout=1, retries=3, backoff=0.1) as remote, pytest.raises(QueryTimeout) as caught:
        remote.query("ASK { ?s ?p ?o }")
    assert time.monotonic() - started < 2
    assert "did not answer within 1 s" in str(caught.value) and "--timeout" in str(caught.value)


def test_a_silent_graph_store_ends_a_push_at_its_timeout(silent: str, tiny: Path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="did not answer within 1 s"):
        push_graph(tiny, silent, GRAPH, auth=None, retries=4, backoff=0.1, timeout=1, with_ontology=False)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("server", ["busy"], indirect=True)
def test_retries_stay_within_the_timeout(server: tuple[str, list[str]], tiny: Path) -> None:
    url, seen = server
    started = time.monotonic()
    with pytest.raises(StoreError, match="HTTP 503"):
        push_graph(tiny, url, GRAPH, auth=None, retries=50, backoff=0.2, timeout=2, with_ontology=False)
    assert time.monotonic() - started < 2.5
    assert 2 <= len(seen) < 10


def test_the_query_command_takes_a_timeout(silent: str) -> None:
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tmb_graph",
            "query",
            "sparql",
            "ASK { ?s ?p ?o }",
            "--endpoint",
            silent,
            "--timeout",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "did not answer within 1 s" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert time.monotonic() - started < 30


def test_a_server_echoing_the_login_is_quoted_redacted_and_short(server: tuple[str, list[str]], tiny: Path) -> None:
    url, seen = server
    with RemoteSparql(url, (USER, PASSWORD), timeout=10) as remote, pytest.raises(TmbError) as caught:
        remote.query("ASK { ?s ?p ?o }")
    said = str(caught.value)
    assert "HTTP 500" in said and "[redacted]" in said
    assert PASSWORD not in said and TOKEN not in said and TOKEN.rstrip("=") not in said
    assert len(said) < 1000
    with pytest.raises(StoreError) as pushed:
        push_graph(tiny, url, GRAPH, auth=(USER, PASSWORD), retries=0, with_ontology=False, timeout=10)
    said = str(pushed.value)
    assert "HTTP 401" in said and PASSWORD not in said and TOKEN not in said
    assert len(said) < 1500
    assert seen


@pytest.mark.usefixtures("network_unlocked")
def test_service_is_refused_before_anything_is_sent(server: tuple[str, list[str]]) -> None:
    url, seen = server
    with RemoteSparql(url, timeout=5) as remote, pytest.raises(NetworkRefused, match="--allow-network"):
        remote.query("SELECT * WHERE { SERVICE <http://10.255.255.1/> { ?s ?p ?o } }")
    assert seen == []
