"""`tmb serve` as a user runs it: ready within the target, both engines stopped with it on SIGTERM/SIGINT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serve.conftest import start_server


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_is_ready_quickly_and_stops_its_engines_with_it(
    graph_dir: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    server = start_server(graph_dir, tmp_path / "stderr.log")
    children = _children(server.process.pid)
    try:
        assert server.ready_seconds < 15, f"ready in {server.ready_seconds:.1f} s"
        assert len(children) >= 2, "the SPARQL worker and FalkorDB run beside the server"
        server.process.send_signal(sig)
        server.process.wait(timeout=20)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert not [c for c in children if _alive(c)], "no engine outlives the server"
    said = server.stderr.read_text()
    assert "http://localhost:" in said and "stopped" in said and "Traceback" not in said


def test_a_port_in_use_is_a_clear_message(graph_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "tmb_graph", "serve", "--port", str(port), "--graph-dir", str(graph_dir)],
            capture_output=True, text=True, timeout=60, env={**os.environ},
        )  # fmt: skip
    assert done.returncode == 1 and "choose another --port" in done.stderr and "Traceback" not in done.stderr
