"""Atomic file and directory output: a failed or killed write leaves the previous output intact.

Files are written to a temporary sibling, flushed to disk and moved over the target with
``os.replace``. A whole output directory is built in a temporary sibling and swapped in with
Linux's ``renameat2(RENAME_EXCHANGE)`` — one atomic step — falling back to two renames where
the call is missing (then a crash between them leaves ``.<out>.old-*``, which the next run
moves back).

A process killed mid-write leaves its temporary sibling behind (``.<name>.tmp-<pid>-*`` for a
directory, ``.<name>.<pid>-*.tmp`` for a file); the next write to the same target removes the
ones whose process is gone. Outputs get the usual permissions (``0o666``/``0o777`` minus the
umask), not the owner-only mode of :mod:`tempfile`.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover - not Linux
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(parent: Path, pattern: re.Pattern[str]) -> None:
    """Remove temporary siblings (named by ``pattern`` with a ``pid`` group) of dead processes."""
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            m = pattern.fullmatch(entry.name)
            if m is None or _alive(int(m["pid"])):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (readers see the old or the new file, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path.parent, re.compile(rf"\.{re.escape(path.name)}\.(?P<pid>\d+)-[^/]*\.tmp"))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def glob_escape(name: str) -> str:
    """Escape the glob metacharacters of a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 text variant of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories; False when the system call is unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        if err in (38, 22):  # ENOSYS, EINVAL: not supported here
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True


@contextlib.contextmanager
def atomic_directory(out: Path) -> Iterator[Path]:
    """Yield a fresh temporary directory that replaces ``out`` when the block succeeds.

    On an exception (or a kill) ``out`` is untouched and the temporary directory is removed
    (or, after a kill, left as a hidden ``.<name>.tmp-<pid>-*`` sibling that the next run
    removes).

    Examples
    --------
    >>> with atomic_directory(Path("build")) as tmp:      # doctest: +SKIP
    ...     (tmp / "graph.ttl").write_text("...")
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    name = re.escape(out.name)
    if not out.exists():  # a fallback swap was killed between its two renames: take the old one back
        olds = [
            o
            for o in sorted(out.parent.glob(f".{glob_escape(out.name)}.old-*"))
            if o.name.rsplit("-", 1)[-1].isdigit() and not _alive(int(o.name.rsplit("-", 1)[-1]))
        ]
        if olds:
            os.rename(olds[-1], out)
    _remove_stale(out.parent, re.compile(rf"\.{name}\.(?:tmp|old)-(?P<pid>\d+)(?:-[^/]*)?"))
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        yield tmp
        for f in tmp.iterdir():
            with contextlib.suppress(OSError):
                fd = os.open(f, os.O_RDONLY)
                os.fsync(fd)
                os.close(fd)
        _fsync_dir(tmp)
        if not out.exists():
            os.rename(tmp, out)
        elif _exchange(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        _fsync_dir(out.parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
