"""`tmb serve` side by side with the command line: ready time, a library question, node pages, the bundle.

Run: ``.venv/bin/python -m bench.serve [--graph-dir build/graph] [--n 50]``. Starts `tmb serve` on a
free loopback port, times how long until ``/api/health`` answers, asks ``mandates_at`` (Cypher and
SPARQL) and node pages ``n`` times each, runs ``tmb query run mandates_at --engine cypher`` end to
end three times, and prints a table (medians and p95 in milliseconds) with the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tmb_graph.paths import default_build
from tmb_graph.serve.app import STATIC


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _times(client: httpx.Client, path: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        out.append(time.perf_counter() - started)
        response.raise_for_status()
    return out


def _p95(values: list[float]) -> float:
    return sorted(values)[max(int(len(values) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph-dir", type=Path, default=default_build())
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args()
    port = _port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "tmb_graph", "serve", "--port", str(port), "--graph-dir", str(args.graph_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows: list[tuple[str, float, float]] = []
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
            if time.perf_counter() - started > 60:
                raise SystemExit("tmb serve did not answer within 60 s")
        ready = time.perf_counter() - started
        with httpx.Client(base_url=url, timeout=30) as client:
            client.get("/")  # warm up
            for name, path in [
                ("library question, Cypher (server)", "/api/library/mandates_at?at=2019-10-01&engine=cypher"),
                ("library question, SPARQL (server)", "/api/library/mandates_at?at=2019-10-01&engine=sparql"),
                ("node page (server)", "/api/node/org-kfsk"),
                ("search (server)", "/api/search?q=Kommunf%C3%B6rbundet"),
                ("page (server)", "/"),
            ]:
                client.get(path)
                t = _times(client, path, args.n)
                rows.append((name, statistics.median(t) * 1000, _p95(t) * 1000))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    cli = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tmb_graph", "query", "run", "mandates_at", "--engine", "cypher",
             "-p", "at=2019-10-01", "--format", "json", "--graph-dir", str(args.graph_dir)],
            check=True, capture_output=True,
        )  # fmt: skip
        cli.append(time.perf_counter() - started)
    rows.append(("library question, Cypher (tmb query run)", statistics.median(cli) * 1000, max(cli) * 1000))
    bundle = len(gzip.compress((STATIC / "assets" / "app.js").read_bytes())) + len(
        gzip.compress((STATIC / "assets" / "app.css").read_bytes())
    )
    print(f"server ready: {ready:.2f} s (target ≤ 5 s)")
    print(f"bundle: {bundle / 1024:.0f} KiB gzipped (target ≤ 2048 KiB)")
    print(f"{'what':45} {'median ms':>10} {'p95 ms':>10}")
    for name, median, p95 in rows:
        print(f"{name:45} {median:10.1f} {p95:10.1f}")
    ratio = rows[-1][1] / rows[0][1]
    print(f"Cypher library question: server {ratio:.0f}x faster than `tmb query run` end to end (target ≥ 10x)")


if __name__ == "__main__":
    main()
