"""Bounds every query runs under: a deadline, a memory share, and clean exits on signals.

One place states them, so the SPARQL worker, the FalkorDB server, the remote client and the
Neo4j loader agree:

- :data:`DEFAULT_TIMEOUT` — seconds a query may run (``--timeout`` overrides it);
- :func:`memory_limit` — bytes a query engine may address: :data:`MEMORY_SHARE` of the
  machine's memory (the cgroup's limit when lower), or ``TMB_QUERY_MEMORY`` (``2G``, ``512M``,
  ``30%``);
- :func:`exit_on_termination` — SIGTERM and SIGHUP (what ``timeout``, systemd and CI send, and
  a closed terminal) end the process through ``SystemExit``, so ``finally`` blocks remove
  what the command made;
- :func:`die_with_parent` — a child process asks the kernel to be killed when its parent dies,
  so a SIGKILLed command leaves no engine running.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import re
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from tmb_graph.errors import TmbError

#: seconds a query may run unless ``--timeout`` says otherwise
DEFAULT_TIMEOUT = 60.0
#: share of the machine's memory one query engine may use
MEMORY_SHARE = 0.25
#: never bound an engine below this (the interpreter and the loaded graph need room)
MIN_MEMORY = 1 << 30
MEMORY_ENV = "TMB_QUERY_MEMORY"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_PR_SET_PDEATHSIG = 1


class QueryTimeout(TmbError):
    """A query ran past its deadline and was stopped."""


class QueryMemoryError(TmbError):
    """A query needed more memory than its bound and was stopped."""


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a positive, finite number of seconds.

    Examples
    --------
    >>> check_timeout(2)
    2.0
    >>> check_timeout(0)
    Traceback (most recent call last):
    ...
    tmb_graph.errors.TmbError: --timeout 0: give a positive number of seconds, e.g. --timeout 60
    """
    value = float(timeout)
    if not math.isfinite(value) or value <= 0:
        raise TmbError(f"--timeout {timeout:g}: give a positive number of seconds, e.g. --timeout 60")
    return value


def memory_total() -> int:
    """Bytes of memory this process may use: physical memory, or its cgroup's limit when lower."""
    total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError), open(path, encoding="ascii") as handle:
            total = min(total, int(handle.read().strip()))
    return total


def memory_limit(setting: str | None = None) -> int:
    """Bytes one query engine may address (``RLIMIT_AS`` of the SPARQL worker, FalkorDB's bounds).

    ``setting`` (default: ``$TMB_QUERY_MEMORY``) is a size (``2G``, ``512M``, ``1073741824``) or
    a share of memory (``30%``); without it :data:`MEMORY_SHARE` of :func:`memory_total`. The
    result is never below :data:`MIN_MEMORY`.

    Examples
    --------
    >>> memory_limit("2G") == 2 << 30
    True
    >>> memory_limit("1k") == MIN_MEMORY
    True
    """
    setting = os.environ.get(MEMORY_ENV) if setting is None else setting
    if not setting:
        return max(int(memory_total() * MEMORY_SHARE), MIN_MEMORY)
    if (m := _PERCENT.match(setting)) is not None:
        share = float(m.group(1)) / 100
        if not 0 < share <= 1:
            raise TmbError(f"{MEMORY_ENV}={setting}: give a share between 1% and 100%")
        return max(int(memory_total() * share), MIN_MEMORY)
    if (m := _SIZE.match(setting)) is not None:
        scale = 1 << (10 * " kmgt".index(m.group(2).lower() or " "))
        return max(int(float(m.group(1)) * scale), MIN_MEMORY)
    raise TmbError(f"{MEMORY_ENV}={setting}: give a size such as 2G or 512M, or a share such as 30%")


def describe_memory(limit: int) -> str:
    """A bound as people read it, with how to change it.

    Examples
    --------
    >>> describe_memory(3 << 30)
    '3.0 GiB (set TMB_QUERY_MEMORY, e.g. 8G or 50%, to change it)'
    """
    return f"{limit / (1 << 30):.1f} GiB (set {MEMORY_ENV}, e.g. 8G or 50%, to change it)"


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent dies (Linux; else nothing).

    Called in a child (``preexec_fn``, or first thing in its ``main``), so an engine never
    outlives the command that started it, even a SIGKILLed one.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def exit_on_termination() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)``.

    The default action of both kills the process on the spot, so ``finally`` blocks never
    run and temporary folders stay behind; as an exception they unwind like Ctrl-C does.
    Handlers are only changed in the main thread and only where nobody set one before.

    Examples
    --------
    >>> with exit_on_termination():
    ...     pass
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ours = [sig for sig in (signal.SIGTERM, signal.SIGHUP) if signal.getsignal(sig) == signal.SIG_DFL]
    for sig in ours:
        signal.signal(sig, _terminated)
    try:
        yield
    finally:
        for sig in ours:
            signal.signal(sig, signal.SIG_DFL)
