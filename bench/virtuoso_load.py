"""Load the synthetic national workload into Virtuoso and time it: `python bench/virtuoso_load.py`.

Steps, each timed: ``tmb synth --counties 21 --years 5`` (≈10⁶ triples), ``tmb build FOLDER
--no-shacl`` for every programme folder (``--jobs`` at a time), concatenating their
``graph.nt``, starting a throw-away Virtuoso with ``scripts/virtuoso start`` (unless
``--graph-store``/``--endpoint`` name a running server; credentials then from
``TMB_SPARQL_USER``/``TMB_SPARQL_PASSWORD``), pushing with the Graph Store protocol
(:func:`tmb_graph.query.remote.push.push_graph`) into one named graph (``--graphs one``, the
default) or one named graph per programme plus one for the ontology (``--graphs per-programme``),
counting the triples the server holds, and one GROUP BY over the whole load. Prints a table
and the server's peak memory; the server is stopped at the end unless ``--keep``.

Options: ``--counties N --years Y --seed S --chunk TRIPLES --graphs one|per-programme
--jobs J --work DIR --keep --graph-store URL --endpoint URL``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tmb_graph.errors import TmbError  # noqa: E402
from tmb_graph.query.remote.push import push_graph  # noqa: E402
from tmb_graph.query.remote.sparql import RemoteSparql  # noqa: E402

SCRIPT = ROOT / "scripts" / "virtuoso"
NATIONAL = "https://w3id.org/tmb-graph/synthetic/national"
ONTOLOGY = "https://w3id.org/tmb-graph/ontology"
GROUP_BY = """
SELECT ?status (COUNT(?a) AS ?n) WHERE { ?a tmb:status ?status } GROUP BY ?status ORDER BY ?status
"""
T = TypeVar("T")


def timed(rows: list[tuple[str, float, str]], name: str, fn: Callable[[], T], note: Callable[[T], str] = str) -> T:
    """Run ``fn``, print and record its wall time."""
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    rows.append((name, seconds, note(value)))
    print(f"  {name:<28} {seconds:8.2f} s  {note(value)}", flush=True)
    return value


def tmb(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "tmb_graph", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"tmb {' '.join(args)} failed:\n{proc.stderr}")
    return proc.stdout


def build_all(folders: list[Path], out: Path, jobs: int) -> list[Path]:
    def one(folder: Path) -> Path:
        tmb("build", str(folder), "--out", str(out / folder.name), "--no-shacl", "--json")
        return out / folder.name / "graph.nt"

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, folders))


def concatenate(files: list[Path], target: Path) -> int:
    lines = 0
    with target.open("wb") as out:
        for path in files:
            with path.open("rb") as src:
                data = src.read()
            out.write(data)
            lines += data.count(b"\n")
    return lines


def graph_name(folder: Path) -> str:
    programme = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    found = programme.get("namespace") if isinstance(programme, dict) else None
    namespace = str(found or f"https://w3id.org/tmb-graph/synthetic/{folder.name}/")
    return namespace.rstrip("/#")


def peak_rss_mb(pid_file: Path) -> str:
    try:
        pid = pid_file.read_text().strip()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"{int(line.split()[1]) / 1024:.0f} MB"
    except OSError:
        pass
    return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=21)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=50000, help="triples per request")
    parser.add_argument("--graphs", choices=("one", "per-programme"), default="one")
    parser.add_argument("--jobs", type=int, default=2, help="tmb build processes at a time")
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one, removed)")
    parser.add_argument("--keep", action="store_true", help="leave the server running and the files in place")
    parser.add_argument("--graph-store", help="Graph Store endpoint of a running server")
    parser.add_argument("--endpoint", help="query endpoint of a running server")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="tmb-virtuoso-load-"))
    work.mkdir(parents=True, exist_ok=True)
    server_dir = work / "virtuoso"
    started_server = False
    rows: list[tuple[str, float, str]] = []
    print(f"national workload into Virtuoso: {args.counties} counties × {args.years} years, work dir {work}")
    try:
        synth = work / "synth"
        if synth.exists():
            shutil.rmtree(synth)
        timed(
            rows,
            "tmb synth",
            lambda: tmb(
                "synth",
                "--counties",
                str(args.counties),
                "--years",
                str(args.years),
                "--seed",
                str(args.seed),
                "--out",
                str(synth),
            ).strip(),
        )
        folders = sorted(p for p in synth.iterdir() if p.is_dir())
        files = timed(
            rows,
            f"tmb build ×{len(folders)} (--no-shacl)",
            lambda: build_all(folders, work / "build", args.jobs),
            lambda fs: f"{len(fs)} graphs, {args.jobs} at a time",
        )
        national = work / "national.nt"
        lines = timed(rows, "concatenate graph.nt", lambda: concatenate(files, national), lambda n: f"{n:,} triples")

        auth: tuple[str, str] | None = None
        if args.graph_store and args.endpoint:
            store_url, query_url = args.graph_store, args.endpoint
        else:

            def start() -> str:
                proc = subprocess.run(["bash", str(SCRIPT), "start", str(server_dir)], capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"scripts/virtuoso start failed ({proc.returncode}):\n{proc.stderr}")
                return proc.stdout.strip()

            port = timed(rows, "start Virtuoso", start, lambda p: f"127.0.0.1:{p}")
            started_server = True
            env = dict(
                line.split("=", 1) for line in (server_dir / "virtuoso.env").read_text().splitlines() if "=" in line
            )
            store_url, query_url = env["TMB_SPARQL_GRAPH_STORE"], env["TMB_SPARQL_ENDPOINT"]
            auth = (env["TMB_SPARQL_USER"], env["TMB_SPARQL_PASSWORD"])
            assert port == env["VIRTUOSO_HTTP_PORT"]

        if args.graphs == "one":
            graphs = [NATIONAL]
            summary = timed(
                rows,
                "push (one graph)",
                lambda: push_graph(national, store_url, NATIONAL, args.chunk, auth),
                lambda s: (
                    f"{s.triples:,} triples, {s.chunks} chunks, {s.retries} retries, "
                    f"{s.triples / max(s.seconds, 1e-9):,.0f} triples/s"
                ),
            )
            pushed = summary.triples
        else:
            empty = work / "empty.nt"
            empty.write_bytes(b"")
            names = [graph_name(f) for f in folders]
            graphs = [ONTOLOGY, *names]

            def push_each() -> int:
                total = push_graph(empty, store_url, ONTOLOGY, args.chunk, auth).triples
                for path, name in zip(files, names, strict=True):
                    total += push_graph(path, store_url, name, args.chunk, auth, with_ontology=False).triples
                return total

            pushed = timed(rows, f"push ({len(graphs)} graphs)", push_each, lambda n: f"{n:,} triples")

        with RemoteSparql(query_url, auth, graphs=graphs, timeout=600) as remote:
            held = timed(
                rows,
                "count on the server",
                lambda: sum(remote.triple_count(g) for g in graphs),
                lambda n: f"{n:,} triples held",
            )
            timed(rows, "GROUP BY over the load", lambda: remote.query(GROUP_BY), lambda r: f"{len(r.rows)} rows")
        memory = peak_rss_mb(server_dir / "virtuoso.pid") if started_server else "?"

        load = next(s for name, s, _ in rows if name.startswith("push"))
        print()
        print("| step | seconds | note |")
        print("|---|---:|---|")
        for name, seconds, note in rows:
            print(f"| {name} | {seconds:.2f} | {note} |")
        print()
        print(f"N-Triples lines {lines:,}; sent {pushed:,} triples (with the ontology); the server holds {held:,}")
        print(f"load time into Virtuoso: {load:.1f} s ({pushed / load:,.0f} triples/s); virtuoso-t peak RSS {memory}")
    except TmbError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if started_server and not args.keep:
            subprocess.run(["bash", str(SCRIPT), "stop", str(server_dir)], capture_output=True, text=True)
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
