"""`tmb serve` side by side with the command line: ready time, a library question, node pages, the
bundle; the load test; the first page's interactive time and the explorer's figures, in Chromium.

Run: ``.venv/bin/python -m bench.serve [--graph-dir build/graph] [--n 50] [--seconds 60] [--clients 20]``.
Starts `tmb serve` on a free loopback port, times how long until ``/api/health`` answers, asks
``mandates_at`` (Cypher and SPARQL) and node pages ``n`` times each, runs ``tmb query run mandates_at
--engine cypher`` end to end three times, and prints a table (medians and p95 in milliseconds) with the
ratios. Then:

- **load** (:func:`load_test`): ``--clients`` concurrent clients for ``--seconds`` asking a mix of
  library questions (both engines, dates across the programme), ad-hoc queries and node details;
  p50/p95 per kind, errors, and the server's resident memory before and after;
- **browser** (:func:`browser_figures`, Debian's Chromium through Playwright): the first page
  interactive (``performance.mark("tmb-ready")``, set when the page answers input), the explorer
  ready, a slider step's redraw, the whole programme played month by month, the evidence panel,
  and the size of a saved view. ``--no-browser`` skips it.
"""

from __future__ import annotations

import argparse
import gzip
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
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


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MiB (Linux: ``/proc/PID/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


#: node ids the load test asks about: one of each kind analysts open
NODES = ["org-kfsk", "wg-far", "sg-stmb", "post-far-kv", "m-avh-kfsk-2", "p-kfsk-konsult", "org-polis-syd", "wg-est"]
DATES = ["2018-06-01", "2018-11-01", "2019-03-01", "2019-10-01", "2020-05-01", "2020-11-01"]
ADHOC = [
    (
        "cypher",
        "MATCH (b:Body)<-[:IN_BODY]-(m:Membership) WHERE b.id = $body RETURN m.id AS m, m.role AS role",
        '{"body": "wg-far"}',
    ),
    ("sparql", "SELECT ?p (COUNT(?m) AS ?n) WHERE { ?m tmb:seat ?p } GROUP BY ?p ORDER BY DESC(?n)", "{}"),
    (
        "cypher",
        "MATCH (a:Activity)-[:BY_BODY]->(b:Body) RETURN b.id AS body, count(a) AS activities ORDER BY activities DESC",
        "{}",
    ),
]


def request_mix(rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """One request of the mix: (kind, path, query parameters). Library questions and node details
    are half of it, ad-hoc queries a quarter, the explorer's states and searches the rest."""
    roll = rng.random()
    if roll < 0.3:
        engine = rng.choice(["cypher", "sparql"])
        return "library question", "/api/library/mandates_at", {"at": rng.choice(DATES), "engine": engine}
    if roll < 0.55:
        return "node details", f"/api/node/{rng.choice(NODES)}", {}
    if roll < 0.8:
        engine, text, params = rng.choice(ADHOC)
        return "ad-hoc query", "/api/query", {"engine": engine, "text": text, "params": params}
    if roll < 0.9:
        return "explore state", "/api/explore/state", {"at": rng.choice(DATES)}
    return "search", "/api/search", {"q": rng.choice(["Kommunförbundet", "polis", "Länsstyrelsen", "arbetsgrupp"])}


@dataclass
class LoadResult:
    """What a load test measured: latencies (s) per kind, errors, memory before and after."""

    seconds: float
    clients: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)

    def lines(self) -> list[str]:
        out = [
            f"load: {self.clients} clients for {self.seconds:.0f} s: {self.requests} requests, {len(self.errors)} errors; "
            f"server RSS {self.rss_start_mb:.0f} MiB at start, {self.rss_end_mb:.0f} MiB at end "
            f"({self.rss_end_mb - self.rss_start_mb:+.1f} MiB)",
            f"  {'kind':20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
        ]
        for kind, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            out.append(
                f"  {kind:20} {len(values):6d} {statistics.median(values) * 1000:8.1f} {_p95(values) * 1000:8.1f} "
                f"{ordered[-1] * 1000:8.1f}"
            )
        out += [f"  error: {e}" for e in self.errors[:10]]
        return out


def load_test(url: str, pid: int, seconds: float = 60, clients: int = 20, seed: int = 14) -> LoadResult:
    """``clients`` threads, each with its own connection, asking :func:`request_mix` requests one
    after another for ``seconds``. Every kind is asked once before memory is first read (the
    first answer of a kind fills its caches: that is not growth)."""
    result = LoadResult(seconds, clients)
    with httpx.Client(base_url=url, timeout=30) as warm:
        rng = random.Random(seed)
        seen: set[str] = set()
        for _ in range(400):
            kind, path, params = request_mix(rng)
            warm.get(path, params=params).raise_for_status()
            seen.add(kind)
            if len(seen) == 5:
                break
    result.rss_start_mb = rss_mb(pid)
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.perf_counter() < stop:
                kind, path, params = request_mix(rng)
                started = time.perf_counter()
                try:
                    response = http.get(path, params=params)
                    took = time.perf_counter() - started
                    ok = response.status_code == 200
                    problem = "" if ok else f"{kind} {path} {params}: HTTP {response.status_code} {response.text[:200]}"
                except httpx.HTTPError as exc:
                    took, ok, problem = time.perf_counter() - started, False, f"{kind} {path}: {exc!r}"
                with lock:
                    if ok:
                        result.latencies.setdefault(kind, []).append(took)
                    else:
                        result.errors.append(problem)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.rss_end_mb = rss_mb(pid)
    return result


def browser_figures(url: str) -> list[str]:
    """The first page's interactive time and the explorer's figures, measured in Chromium."""
    from playwright.sync_api import sync_playwright

    out: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless=new"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            first = []
            for _ in range(5):
                page.goto(url + "/")
                page.wait_for_selector("body[data-ready=true]")
                first.append(page.evaluate("() => performance.getEntriesByName('tmb-ready')[0].startTime"))
            out.append(
                f"first page interactive: median {statistics.median(first):.0f} ms of {len(first)} loads (target ≤ 1500 ms)"
            )
            page.goto(url + "/?tab=explore&date=2018-03-01")
            page.wait_for_function("() => performance.getEntriesByName('tmb-explore-ready').length > 0", timeout=30_000)
            ready = page.evaluate("() => performance.getEntriesByName('tmb-explore-ready')[0].startTime")
            out.append(f"explorer (opened by URL) interactive: {ready:.0f} ms")
            months = page.evaluate("() => window.tmbExplorer.months().length")
            page.evaluate("() => { window.tmbExplorer.metrics.redraw.length = 0; }")
            steps = []
            for i in range(1, months):
                steps.append(page.evaluate(
                    "i => { const t0 = performance.now(); window.tmbExplorer.setIndex(i); "
                    "return new Promise(r => requestAnimationFrame(() => r(performance.now() - t0))); }", i,
                ))  # fmt: skip
            draw = page.evaluate("() => window.tmbExplorer.metrics.redraw")
            out.append(
                f"slider step redraw (state applied + painted): median {statistics.median(steps):.1f} ms, "
                f"p95 {_p95(steps):.1f} ms, max {max(steps):.1f} ms over {len(steps)} steps; the redraw itself "
                f"median {statistics.median(draw):.1f} ms (target ≤ 150 ms)"
            )
            page.evaluate("() => window.tmbExplorer.setIndex(0)")
            page.click("#ex-play")
            page.wait_for_function("() => window.tmbExplorer.metrics.play !== null", timeout=60_000)
            played = page.evaluate("() => window.tmbExplorer.metrics.play")
            out.append(
                f"whole programme played month by month ({months} months): {played / 1000:.1f} s (target ≤ 10 s)"
            )
            evidence, panel = [], []
            for nid in [
                "wg-far",
                "org-kfsk",
                "p-kfsk-konsult",
                "post-far-kv",
                "m-avh-kfsk-2",
                "sg-stmb",
                "wg-est",
                "org-polis-syd",
            ]:
                page.evaluate("id => window.tmbExplorer.select(id)", nid)
                page.wait_for_selector(f"#ex-evidence[data-shown='{nid}']")
                evidence.append(page.evaluate("() => window.tmbExplorer.metrics.lastEvidence"))
                panel.append(page.evaluate("() => window.tmbExplorer.metrics.lastPanel"))
            out.append(
                f"evidence panel, first open: facts and provenance shown in median {statistics.median(panel):.0f} ms "
                f"(max {max(panel):.0f}); with the source section open and the snippet highlighted median "
                f"{statistics.median(evidence):.0f} ms (max {max(evidence):.0f}) (target ≤ 100 ms)"
            )
            with page.expect_download() as info:
                page.click("#ex-save")
            with tempfile.TemporaryDirectory() as tmp:
                saved = Path(tmp) / "view.html"
                info.value.save_as(saved)
                size = saved.stat().st_size
            out.append(f"saved view: {size / 1024:.0f} KiB (target ≤ 3072 KiB)")
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph-dir", type=Path, default=default_build())
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of the load test")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients of the load test")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
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
        load = load_test(url, server.pid, args.seconds, args.clients)
        browser = [] if args.no_browser else browser_figures(url)
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
    for line in [*load.lines(), *browser]:
        print(line)


if __name__ == "__main__":
    main()
