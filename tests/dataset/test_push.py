"""`tmb push sparql` of a dataset build: one named graph per programme, replaced one at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest

from tests.cli.conftest import Tmb
from tests.conftest import MINI_SOURCES, mini_programmes
from tmb_graph.dataset import build_dataset


class _GraphStore(BaseHTTPRequestHandler):
    """The Graph Store protocol's PUT (replace) and POST (add) of N-Triples into a pyoxigraph store."""

    store: ox.Store

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _load(self, replace: bool) -> None:
        graph = ox.NamedNode(parse_qs(urlparse(self.path).query)["graph"][0])
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        if replace:
            self.store.remove_graph(graph)
        self.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        self.send_response(204)
        self.end_headers()

    def do_PUT(self) -> None:
        self._load(replace=True)

    def do_POST(self) -> None:
        self._load(replace=False)


@pytest.fixture
def graph_store() -> Iterator[tuple[str, ox.Store]]:
    store = ox.Store()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_GraphStore,), {"store": store}))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/store", store
    finally:
        httpd.shutdown()
        httpd.server_close()


def _count(store: ox.Store, graph: str) -> int:
    return len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def test_each_programme_replaces_only_its_own_named_graph(
    tmb: Tmb, graph_store: tuple[str, ox.Store], tmp_path: Path
) -> None:
    url, store = graph_store
    root = tmp_path / "programmes"
    graphs = mini_programmes(root)
    out = tmp_path / "graph"
    build_dataset(root, out, MINI_SOURCES, shacl=False, jobs=1)
    pushed = tmb("push", "sparql", "--endpoint", url, "--graph-dir", str(out)).ok().stdout.splitlines()
    alpha, beta = graphs["alpha"], graphs["beta"]
    # one line per graph, however long (a pipe is not a terminal: nothing wraps it)
    assert [line.split(">", 1)[0] for line in pushed] == [f"replaced <{alpha}", f"replaced <{beta}"]
    assert all(line.endswith(" s") and "triples in" in line for line in pushed)
    n_alpha, n_beta = _count(store, alpha), _count(store, beta)
    assert n_alpha > 0 and n_beta > 0
    # beta loses a record; pushing beta alone replaces beta's graph and leaves alpha's as it was
    path = root / "beta" / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Miniprogrammet", "Miniprogrammet B"))
    build_dataset(root, out, MINI_SOURCES, shacl=False, jobs=1)
    store.remove_graph(ox.NamedNode(alpha))
    store.load(
        b"<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n",
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(alpha),
    )
    tmb("push", "sparql", "--endpoint", url, "--graph-dir", str(out), "--programme", "beta").ok()
    assert _count(store, alpha) == 1  # untouched
    assert _count(store, beta) == n_beta
    names = list(
        store.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
            ox.Literal("Miniprogrammet B", language="sv"),
            ox.NamedNode(beta),
        )
    )
    assert names
    run = tmb("push", "sparql", "--endpoint", url, "--graph-dir", str(out), "--programme", "alpah")
    assert run.code == 1 and "no programme 'alpah'" in run.stderr and "did you mean 'alpha'?" in run.stderr
