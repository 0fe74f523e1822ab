"""No command reaches the network: every one runs in a network namespace whose every address is a trap.

The commands run under ``unshare -n`` (a fresh network namespace: nothing outside is reachable,
child processes such as redis-server included). Inside it, a route makes *every* IPv4 and IPv6
address local, and listeners on the ports a query could call out to (DNS over UDP and TCP,
HTTP, HTTPS, Bolt, common SPARQL servers) record each connection or datagram — so a
connection to any host, or a name lookup, is caught, not merely failed. The trap is shown to
work first (a deliberate connection to 10.255.255.1 is caught), and a query the user allowed to
call out (``--allow-network``) is caught too; nothing else may be.

Skipped, with the reason, where network namespaces cannot be made (not root, no ``unshare``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tmb_graph.paths import ROOT, default_data


def _namespaces_work() -> str | None:
    """``None`` when ``unshare -n`` and ``ip`` work here, else why not."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip is not installed"
    try:
        proc = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare -n failed: {exc}"
    if proc.returncode != 0:
        return f"unshare -n is not permitted here: {proc.stderr.decode(errors='replace').strip()}"
    return None


WHY_NOT = _namespaces_work()
pytestmark = pytest.mark.skipif(WHY_NOT is not None, reason=WHY_NOT or "")

TRAP = r'''
"""Run commands in this network namespace, where every address is local and trapped."""
import json, socket, subprocess, sys, threading, time

spec = json.loads(open(sys.argv[1]).read())
for cmd in (["ip", "link", "set", "lo", "up"], ["ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo"]):
    subprocess.run(cmd, check=True)
subprocess.run(["ip", "-6", "route", "add", "local", "::/0", "dev", "lo"], capture_output=True)
caught = []
current = ["trap"]

def listener(kind, port):
    family = socket.AF_INET6 if socket.has_ipv6 else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", port))
    if kind == "tcp":
        s.listen(64)
    while True:
        if kind == "tcp":
            conn, peer = s.accept()
            caught.append({"during": current[0], "kind": kind, "port": port, "to": conn.getsockname()[0]})
            conn.close()
        else:
            _, peer = s.recvfrom(65535)
            caught.append({"during": current[0], "kind": kind, "port": port, "from": peer[0]})

for kind, port in [("udp", 53), ("tcp", 53), ("tcp", 80), ("tcp", 443), ("tcp", 3030), ("tcp", 7687),
                   ("tcp", 7878), ("tcp", 8080), ("tcp", 8890)]:
    threading.Thread(target=listener, args=(kind, port), daemon=True).start()
time.sleep(0.2)
with socket.create_connection(("10.255.255.1", 443), timeout=5):
    pass  # the trap's own proof that it works
time.sleep(0.1)
runs = []
for name, argv in spec["commands"]:
    current[0] = name
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=spec["cwd"], timeout=300)
    time.sleep(0.1)
    runs.append({"name": name, "rc": proc.returncode, "stdout": proc.stdout[-2000:], "stderr": proc.stderr[-2000:]})
time.sleep(0.3)
print(json.dumps({"runs": runs, "caught": caught}))
'''


def _tmb() -> list[str]:
    script = Path(sys.executable).with_name("tmb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tmb_graph"]


def _trapped(
    tmp_path: Path, commands: list[tuple[str, list[str]]]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Run ``commands`` (name, argv) in a trapped network namespace; their results and what was caught."""
    (tmp_path / "trap.py").write_text(TRAP, encoding="utf-8")
    (tmp_path / "spec.json").write_text(json.dumps({"commands": commands, "cwd": str(ROOT)}), encoding="utf-8")
    proc = subprocess.run(
        ["unshare", "-n", sys.executable, str(tmp_path / "trap.py"), str(tmp_path / "spec.json")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    return {r["name"]: r for r in report["runs"]}, report["caught"]


def _assert_only_the_trap_caught(caught: list[dict[str, Any]], allowed: frozenset[str] = frozenset()) -> None:
    assert any(c["during"] == "trap" for c in caught), "the trap did not catch its own connection"
    called_out = [c for c in caught if c["during"] not in {"trap", *allowed}]
    assert not called_out, f"commands reached the network: {called_out}"


def test_query_commands_reach_no_host_and_refuse_what_would(graph_dir: Path, tmp_path: Path) -> None:
    g = ["--graph-dir", str(graph_dir)]
    tmb = _tmb()
    runs, caught = _trapped(
        tmp_path,
        [
            ("sparql", [*tmb, "query", "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *g]),
            ("cypher", [*tmb, "query", "cypher", "MATCH (b:Body) RETURN count(b) AS n", *g]),
            ("run-sparql", [*tmb, "query", "run", "mandates_at", "-p", "at=2019-10-01", *g]),
            ("run-cypher", [*tmb, "query", "run", "mandates_at", "--engine", "cypher", "-p", "at=2019-10-01", *g]),
            ("mandates", [*tmb, "mandates", "--at", "2019-10-01", *g]),
            (
                "service",
                [*tmb, "query", "sparql", "SELECT * WHERE { SERVICE <http://10.255.255.1/> { ?s ?p ?o } }", *g],
            ),
            ("load", [*tmb, "query", "sparql", "LOAD <http://10.255.255.1/x.ttl>", "--allow-update", *g]),
            (
                "load-csv",
                [*tmb, "query", "cypher", "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row", *g],
            ),
            (
                "allowed",
                [
                    *tmb,
                    "query",
                    "sparql",
                    "SELECT * WHERE { SERVICE <http://10.255.255.1/> { ?s ?p ?o } }",
                    "--allow-network",
                    "--timeout",
                    "5",
                    *g,
                ],
            ),
        ],
    )
    for name in ("sparql", "cypher", "run-sparql", "run-cypher", "mandates"):
        assert runs[name]["rc"] == 0, (name, runs[name]["stderr"])
        assert runs[name]["stdout"].strip(), name
    for name, said in (("service", "SERVICE <http://10.255.255.1/>"), ("load", "LOAD <http://10.255.255.1/x.ttl>"),
                       ("load-csv", "LOAD CSV <https://example.org/x.csv>")):  # fmt: skip
        assert runs[name]["rc"] == 1, (name, runs[name]["stderr"])
        assert said in runs[name]["stderr"] and "--allow-network" in runs[name]["stderr"], name
        assert "Traceback" not in runs[name]["stderr"]
    # the one query allowed to call out did, and was caught: the trap sees what the engine does
    assert [c["during"] for c in caught if c["during"] == "allowed"], "the allowed SERVICE call was not caught"
    assert "Traceback" not in runs["allowed"]["stderr"]
    _assert_only_the_trap_caught(caught, frozenset({"allowed"}))


def test_validate_and_build_reach_no_host(tmp_path: Path) -> None:
    tmb = _tmb()
    runs, caught = _trapped(
        tmp_path,
        [
            ("validate", [*tmb, "validate", str(default_data())]),
            ("build", [*tmb, "build", str(default_data()), "--out", str(tmp_path / "out" / "graph"), "--no-shacl"]),
        ],
    )
    for name in ("validate", "build"):
        assert runs[name]["rc"] == 0, (name, runs[name]["stderr"])
    assert (tmp_path / "out" / "graph" / "graph.nt").is_file()
    _assert_only_the_trap_caught(caught)
