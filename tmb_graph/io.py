"""Safe, atomic outputs: no command deletes or replaces what it did not write.

The rules, in one place
-----------------------
**Output folders** (``tmb build --out``, ``analyse all --out``, ``export neo4j-csv``,
``synth --out``, ``report --out``, ``view``/``plot`` folders). A folder the tool writes carries a
marker file, :data:`MARKER` (``.tmb-output``), naming the command that made it. A command
writes into a folder only when

* it does not exist yet (it is created), or it is empty;
* it carries the marker of *the same* command;
* or it is recognised as the output of an earlier version of that command, which wrote no
  marker (the caller passes a recogniser, e.g. a ``summary.json`` whose hashes match its files).

Anything else — a non-empty folder of the user's (a project, ``$HOME``, a ``.git``), a regular
file, a FIFO, a device — is refused with :class:`OutputError` naming the path and the fix;
nothing is changed. Never accepted, even when empty or marked: ``/``, ``$HOME``, the repository
root or a folder above them; a folder the command reads (the data folder, the graph), one inside
it, or one above it (``tmb analyse all --out build/`` would replace the graph it reads); a
folder inside another command's output (the next run of that command would delete it). A
symlink to a folder stands for its target: the target is checked and replaced, the link is
kept; a dangling link is refused.

**Single files named on the command line** (``export cypher FILE``, ``export-graph FMT FILE``,
``view NAME --out FILE.html``). The user named the file, so an existing regular file is
replaced, as ``cp`` would (atomically: readers see the old or the new file). ``-``,
``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` are written to that open descriptor, character
devices (``/dev/null``, a terminal) are opened and written through — neither is ever replaced.
FIFOs, sockets, block devices and folders are refused. A symlink is followed as ``cp`` follows
it: its target is written (by the same rules), the link itself is never replaced; a dangling
link is refused.

**Temporaries.** A folder is built in a hidden sibling ``.<name>.tmp-<pid>-<token>`` and swapped
in with Linux's ``renameat2(RENAME_EXCHANGE)`` — one atomic step — falling back to two renames
(``.<name>.old-<pid>-<token>``) where the call is missing. A file is written inside such a
sibling and moved over its target with ``os.replace``. Each temporary holds a proof file,
:data:`PROOF`, with the pid and random token of its name. A temporary left by a killed process
is removed by the next write to the same target only when its name *and* its proof match and
its process is gone (or it is empty, which ``rmdir`` alone removes): a user's folder named
``.build.old-2023`` is never touched.

Outputs get the usual permissions (``0o666``/``0o777`` minus the umask), not the owner-only
mode of :mod:`tempfile`. Every failure of the file system (read-only folder, disk full) becomes
an :class:`OutputError` with the path, never a traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tmb_graph.errors import TmbError
from tmb_graph.paths import ROOT

#: the file that marks a folder as the output of one tmb command
MARKER = ".tmb-output"
#: the file inside a temporary that proves which process made it
PROOF = ".tmb-tmp"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-(?P<token>[0-9a-f]{16})")
_FD_PATHS = re.compile(r"/(?:dev/fd|proc/self/fd)/(?P<fd>\d+)")
_STD_PATHS = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}

#: a recogniser of an earlier version's output (which wrote no marker)
Recogniser = Callable[[Path], bool]


class OutputError(TmbError):
    """An output cannot be written where it was asked for; nothing was changed."""


# -- small helpers ---------------------------------------------------------------------------


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
    except (PermissionError, OverflowError):
        return True
    return True


def _fsync(path: str | Path) -> None:
    """Flush a file's or a folder's entry to disk (a folder: so that a rename in it is durable)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _kind(mode: int) -> str:
    """A file type in words, for messages."""
    for test, word in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISREG, "a file"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return word
    return "a special file"  # pragma: no cover - no other kinds on Linux


@contextlib.contextmanager
def _os_errors(path: Path, doing: str = "write") -> Iterator[None]:
    """Turn a failure of the file system into an :class:`OutputError` naming ``path``."""
    try:
        yield
    except OutputError:
        raise
    except OSError as err:
        reason = err.strerror or str(err)
        hint = {
            errno.EACCES: "choose a folder you can write to",
            errno.EPERM: "choose a folder you can write to",
            errno.EROFS: "the file system is read-only: choose another place",
            errno.ENOSPC: "the disk is full: free some space or choose another place",
            errno.EDQUOT: "the disk quota is exhausted: free some space or choose another place",
            errno.ENOTDIR: "a part of the path is a file, not a folder",
            errno.ENAMETOOLONG: "choose a shorter name",
        }.get(err.errno or 0, "nothing was changed")
        where = err.filename if isinstance(err.filename, str) and err.filename else str(path)
        raise OutputError(f"cannot {doing} {where}: {reason} ({hint})") from None


def owner(folder: Path) -> str | None:
    """The command whose output ``folder`` is (read from its :data:`MARKER`), or ``None``.

    Examples
    --------
    >>> owner(Path("build/graph"))      # doctest: +SKIP
    'build'
    """
    marker = folder / MARKER
    try:
        st = marker.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size > 4096:
            return None
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("tool") == "tmb_graph" and isinstance(data.get("command"), str):
        return str(data["command"])
    return None


def marker_text(command: str) -> str:
    """The content of the marker of ``command``'s output folder (deterministic)."""
    note = f"Written by `tmb {command}`, which may replace or empty this folder; keep your own files elsewhere."
    return json.dumps({"tool": "tmb_graph", "command": command, "note": note}, indent=1, sort_keys=True) + "\n"


def _real(path: Path) -> Path:
    """``path`` made absolute with every symlink resolved (missing parts kept as written)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def _home() -> Path | None:
    try:
        return _real(Path.home())
    except (RuntimeError, KeyError):  # pragma: no cover - no home directory
        return None


def _protected(p: Path) -> str | None:
    """Why ``p`` may never be an output folder, or ``None``."""
    if p == Path(p.anchor):
        return "the root of the file system"
    home = _home()
    if home is not None and (p == home or p in home.parents):
        return "your home folder" if p == home else f"a folder above your home folder {home}"
    root = _real(ROOT)
    if p == root or p in root.parents:
        return "the tmb_graph repository" if p == root else f"a folder above the tmb_graph repository {root}"
    return None


def _check_reads(p: Path, shown: Path, reads: Iterable[Path], folder: bool) -> None:
    """Refuse an output that is, lies inside, or (for a folder) holds a path the command reads."""
    for read in reads:
        r = _real(read)
        if p == r:
            raise OutputError(f"{shown} is what this command reads ({read}): choose another output")
        if r in p.parents:
            raise OutputError(f"{shown} is inside {read}, which this command reads: choose an output outside it")
        if folder and p in r.parents:
            raise OutputError(
                f"{shown} holds {read}, which this command reads, and would be replaced: "
                "choose a new or empty folder, e.g. beside it"
            )


def _shown(out: Path, p: Path) -> str:
    """``out`` as the user gave it, with the real path where that differs (``.``, a link)."""
    return str(out) if os.path.abspath(out) == str(p) else f"{out} ({p})"


def _check_ancestors(p: Path, shown: Path, command: str) -> None:
    """Refuse an output inside the folder of another command (its next run would delete it)."""
    for parent in p.parents:
        other = owner(parent)
        if other is not None and other != command:
            raise OutputError(
                f"{shown} is inside {parent}, the output of `tmb {other}`, which its next run replaces: "
                "choose a place outside it"
            )


def _check_writable(p: Path, shown: Path | str) -> None:
    """Refuse early (before any slow work) when the folder that would hold ``p`` is not writable."""
    parent = p.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write {shown}: {parent} is not writable (choose a folder you can write to)")


def _entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def visible_entries(folder: Path) -> list[str]:
    """The names in ``folder`` other than the tool's own marker and proof files (for recognisers)."""
    return [e for e in _entries(folder) if e not in (MARKER, PROOF)]


# -- temporaries -----------------------------------------------------------------------------


def _new_temp(target: Path, kind: str = "tmp") -> Path:
    """Create the hidden sibling ``.<name>.<kind>-<pid>-<token>`` of ``target``, with its proof."""
    token = secrets.token_hex(8)
    tmp = target.with_name(f".{target.name}.{kind}-{os.getpid()}-{token}")
    os.mkdir(tmp)
    os.chmod(tmp, 0o777 & ~_umask())
    _write_proof(tmp, token)
    return tmp


def _write_proof(folder: Path, token: str) -> None:
    (folder / PROOF).write_text(f"tmb_graph {os.getpid()} {token}\n", encoding="ascii")


def _proven(entry: Path, pid: str, token: str) -> bool:
    """Whether ``entry`` (a folder) is a temporary made by process ``pid`` with ``token``."""
    try:
        st = os.lstat(entry / PROOF)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 100:
            return False
        return (entry / PROOF).read_text(encoding="ascii").split() == ["tmb_graph", pid, token]
    except (OSError, ValueError):
        return False


def _stale(parent: Path, name: str) -> list[tuple[Path, str, str, str]]:
    """The temporaries of ``name`` in ``parent`` whose process is gone: (path, kind, pid, token)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(parent):
            m = _TEMP.fullmatch(entry.name)
            if m is None or m["name"] != name or not entry.is_dir(follow_symlinks=False):
                continue
            if _alive(int(m["pid"])):
                continue
            found.append((Path(entry.path), m["kind"], m["pid"], m["token"]))
    return found


def _remove_temp(entry: Path, pid: str, token: str) -> None:
    """Remove a dead process's temporary, only if it proves to be one (or is empty)."""
    if _proven(entry, pid, token):
        shutil.rmtree(entry, ignore_errors=True)
    else:  # killed between mkdir and the proof: rmdir removes only an empty folder
        with contextlib.suppress(OSError):
            os.rmdir(entry)


def _clean_stale(target: Path) -> None:
    """Recover or remove the temporaries that killed writes of ``target`` left behind."""
    stale = _stale(target.parent, target.name)
    if not os.path.lexists(target):  # a fallback swap was killed between its two renames
        olds = sorted(s for s in stale if s[1] == "old" and _proven(s[0], s[2], s[3]))
        if olds:
            path, _, _, _ = olds[-1]
            with contextlib.suppress(OSError):
                os.rename(path, target)
                os.unlink(target / PROOF)
            stale = [s for s in stale if s[0] != path]
    for path, _, pid, token in stale:
        _remove_temp(path, pid, token)


# -- folders ---------------------------------------------------------------------------------


def check_output_dir(out: Path, command: str, *, reads: Iterable[Path] = (), earlier: Recogniser | None = None) -> Path:
    """The real folder ``command`` may write ``out`` as; :class:`OutputError` where it may not.

    See the module docstring for the rules. Returns the folder with symlinks resolved.

    Examples
    --------
    >>> check_output_dir(Path("/"), "build")
    Traceback (most recent call last):
    ...
    tmb_graph.io.OutputError: refusing to write the output of `tmb build` to /: it is the root of the file system ...
    """
    shown = out
    if str(out) in _STD_PATHS:
        raise OutputError(f"`tmb {command}` writes a folder, not a stream: give a folder name, not {out}")
    with _os_errors(out, "inspect"):
        link = os.path.islink(out)
        p = _real(out)
        if link and not os.path.lexists(p):
            raise OutputError(f"{shown} is a symbolic link to {p}, which does not exist: give a folder")
        why = _protected(p)
        if why is not None:
            raise OutputError(
                f"refusing to write the output of `tmb {command}` to {shown}: it is {why} "
                "(choose a new or empty folder, e.g. build/...)"
            )
        _check_reads(p, shown, reads, folder=True)
        _check_ancestors(p, shown, command)
        _check_writable(p, shown)
        if not os.path.lexists(p):
            return p
        st = os.stat(p)
        if not stat.S_ISDIR(st.st_mode):
            raise OutputError(
                f"{shown} is {_kind(st.st_mode)}, not a folder: `tmb {command}` writes a folder; give a new folder name"
            )
        marked = owner(p)
        if marked == command:
            return p
        if marked is not None:
            raise OutputError(
                f"{shown} holds the output of `tmb {marked}`, not of `tmb {command}`: choose a new or empty folder"
            )
        entries = _entries(p)
        if not entries or (earlier is not None and earlier(p)):
            return p
    listed = ", ".join(entries[:4]) + (", …" if len(entries) > 4 else "")
    raise OutputError(
        f"{_shown(out, p)} is not empty ({listed}) and was not written by `tmb {command}` (it has no {MARKER} "
        f"marker): `tmb {command}` replaces its output folder as a whole, so it writes only into a new or "
        "empty folder or one it made — choose another --out; nothing was changed"
    )


def output_directory(out: Path, command: str, *, reads: Iterable[Path] = (), earlier: Recogniser | None = None) -> Path:
    """Create or reuse the folder ``out`` for ``command`` to write files into one by one.

    For commands that add files to a folder (``tmb view``, ``tmb plot``) rather than replace it.
    The folder passes :func:`check_output_dir` and gets the :data:`MARKER` of ``command``.
    Returns the real folder.
    """
    p = check_output_dir(out, command, reads=reads, earlier=earlier)
    with _os_errors(p, "create"):
        p.mkdir(parents=True, exist_ok=True)
        if owner(p) != command:
            atomic_write_text(p / MARKER, marker_text(command))
    return p


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories; False when the system call is unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False  # pragma: no cover - every Linux has a libc
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False  # pragma: no cover - glibc < 2.28
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL):  # not supported by this kernel or file system
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True


def _still_ours(folder: Path, command: str, earlier: Recogniser | None) -> bool:
    """Re-check, just before deleting it, that the replaced folder is one we may delete."""
    marked = owner(folder)
    if marked is not None:
        return marked == command
    return not visible_entries(folder) or (earlier is not None and earlier(folder))


@contextlib.contextmanager
def atomic_directory(
    out: Path, command: str, *, reads: Iterable[Path] = (), earlier: Recogniser | None = None
) -> Iterator[Path]:
    """Yield a fresh temporary folder that replaces ``out`` when the block succeeds.

    ``out`` must pass :func:`check_output_dir` (checked before anything is written). The new
    folder gets the :data:`MARKER` of ``command``. On an exception (or a kill) ``out`` is
    untouched and the temporary is removed (after a kill, by the next run).

    Parameters
    ----------
    out : Path
        The output folder (a symlink to a folder: its target is replaced, the link kept).
    command : str
        The command that owns the folder, e.g. ``"build"``; written into the marker.
    reads : iterable of Path
        What the command reads: the output may not be, hold, or lie inside any of them.
    earlier : callable, optional
        Recognises the output of an earlier version, which carried no marker.

    Examples
    --------
    >>> with atomic_directory(Path("build/graph"), "build") as tmp:      # doctest: +SKIP
    ...     (tmp / "graph.ttl").write_text("...")
    """
    target = check_output_dir(out, command, reads=reads, earlier=earlier)
    with _os_errors(target, "write"):
        target.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(target)
        tmp = _new_temp(target)
    try:
        with _os_errors(target, "write"):
            (tmp / MARKER).write_text(marker_text(command), encoding="utf-8")
        with _os_errors(target, "write into"):
            yield tmp
        with _os_errors(target, "write"):
            _swap_in(tmp, target, command, earlier)
    finally:
        if os.path.lexists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def _inodes(folder: Path) -> set[tuple[int, int]]:
    """(device, inode) of every regular file under ``folder`` (symlinks not followed); empty if none."""
    found: set[tuple[int, int]] = set()
    for parent, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                st = os.lstat(os.path.join(parent, name))
                if stat.S_ISREG(st.st_mode):
                    found.add((st.st_dev, st.st_ino))
    return found


def _remove_tree(folder: Path) -> None:
    """``shutil.rmtree(folder)``, its sub-sub-folders removed from a few threads at once.

    A dataset build's folder holds a folder per programme (``programmes/NAME``); removed one after
    the other, each waits on the file system's journal (~3 ms per folder on a busy disk).
    Symbolic links are never followed (``rmtree`` removes the link, not its target).
    """
    inner: list[str] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                inner += [e.path for e in os.scandir(entry.path) if e.is_dir(follow_symlinks=False)]
    if len(inner) > 1:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda path: shutil.rmtree(path, ignore_errors=True), inner))
    shutil.rmtree(folder, ignore_errors=True)


def _swap_in(tmp: Path, target: Path, command: str, earlier: Recogniser | None) -> None:
    """Put the finished folder ``tmp`` at ``target``; delete the old one only if it is ours.

    Every new file is synced to disk before the swap. A file hard-linked from the folder being
    replaced (the same inode: an incremental build reuses unchanged files so) is not: it was
    synced when that folder was swapped in, and syncing hundreds of them again costs more than
    the rebuild.
    """
    durable = _inodes(target) if os.path.isdir(target) else set()
    files, folders = [], []
    for folder, _, names in os.walk(tmp):
        folders.append(Path(folder))
        for name in names:
            with contextlib.suppress(OSError):
                st = os.lstat(os.path.join(folder, name))
                if (st.st_dev, st.st_ino) not in durable:
                    files.append(os.path.join(folder, name))
    # every sync is done before the swap below; issued from a few threads at once (fsync releases
    # the GIL), the file system commits them together instead of one journal commit per folder
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(_fsync, files))
        list(pool.map(_fsync, folders))
    token = tmp.name.rsplit("-", 1)[-1]
    if not os.path.lexists(target):
        os.rename(tmp, target)
        os.unlink(target / PROOF)
        _fsync(target.parent)
        return
    if not stat.S_ISDIR(os.lstat(target).st_mode) or not _still_ours(target, command, earlier):
        raise OutputError(f"{target} changed while `tmb {command}` was writing: nothing was replaced")
    # the old folder gets the proof too, so that if we are killed after the swap, the next run
    # can prove the sibling it finds under the temporary name is ours
    _write_proof(target, token)
    if _exchange(tmp, target):
        old = tmp
    else:
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{token}")
        os.rename(target, old)
        os.rename(tmp, target)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target / PROOF)
    _fsync(target.parent)
    if _still_ours(old, command, earlier):
        _remove_tree(old)
    else:  # pragma: no cover - someone wrote into the old folder during the swap: keep it
        with contextlib.suppress(OSError):
            os.unlink(old / PROOF)
        raise OutputError(f"{target} changed while `tmb {command}` was writing: the previous folder is kept at {old}")


# -- files -----------------------------------------------------------------------------------


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to the regular file (or new name) ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(path)
    tmp = _new_temp(path)
    try:
        part = tmp / "data"
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, path)
        _fsync(path.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (readers see the old or the new file, never half).

    For files inside a folder the command owns. ``path`` may be missing or a regular file;
    anything else there (a symlink, a FIFO, a device, a folder) is refused, not replaced.
    """
    with _os_errors(path, "write"):
        if os.path.lexists(path):
            mode = os.lstat(path).st_mode
            if not stat.S_ISREG(mode):
                raise OutputError(
                    f"{path} is {_kind(mode)}, not a file this command wrote: remove it or write elsewhere"
                )
        _replace_file(path, data)


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 text variant of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _write_fd(fd: int, data: bytes, shown: str) -> None:
    """Write all of ``data`` to an open descriptor (standard output keeps Python's buffer order)."""
    try:
        if fd in (1, 2):
            stream = sys.stdout if fd == 1 else sys.stderr
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
            return
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise OutputError(f"{shown}: the reader closed the pipe before all was written") from None
    except OSError as err:
        raise OutputError(f"cannot write to {shown}: {err.strerror or err}") from None


def _write_device(path: Path, data: bytes) -> None:
    """Write through to a character device (``/dev/null``, a terminal), never replacing it."""
    # O_NONBLOCK: if the node was swapped for a FIFO meanwhile, open fails instead of hanging
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISCHR(mode):
            raise OutputError(f"{path} is {_kind(mode)}: refusing to write to it")
        os.set_blocking(fd, True)
        _write_fd(fd, data, str(path))
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes, command: str, *, reads: Iterable[Path] = ()) -> Path:
    """Write ``data`` to a file the user named on the command line (see the module docstring).

    ``-`` and ``/dev/stdout`` go to standard output, character devices are written through,
    an existing regular file is replaced atomically, a symlink's target is written (the link
    is kept). Folders, FIFOs, sockets, block devices and dangling links are refused, as is a
    file the command reads or one inside another command's output folder. Returns the path
    written (``-`` for standard output).

    Examples
    --------
    >>> write_file(Path("build/exports/load.cypher"), b"RETURN 1;", "export cypher")   # doctest: +SKIP
    PosixPath('build/exports/load.cypher')
    >>> write_file(Path("/dev/null"), b"RETURN 1;", "export cypher")
    PosixPath('/dev/null')
    """
    text = str(path)
    if text in _STD_PATHS:
        _write_fd(_STD_PATHS[text], data, text)
        return path
    m = _FD_PATHS.fullmatch(text)
    if m is not None:
        _write_fd(int(m["fd"]), data, text)
        return path
    with _os_errors(path, "write"):
        exists = os.path.lexists(path)
        is_link = exists and os.path.islink(path)
        if is_link and not os.path.exists(path):
            raise OutputError(f"{path} is a symbolic link to {os.readlink(path)}, which does not exist: give a file")
        target = _real(path)
        if os.path.exists(target):
            mode = os.stat(target).st_mode
            if stat.S_ISCHR(mode):
                _write_device(target, data)
                return path
            if stat.S_ISDIR(mode):
                raise OutputError(f"{path} is a folder: `tmb {command}` writes one file; give a file name inside it")
            if not stat.S_ISREG(mode):
                via = f" (the target of the link {path})" if is_link else ""
                raise OutputError(f"{target}{via} is {_kind(mode)}: refusing to write to it; give a regular file")
        _check_reads(target, path, reads, folder=False)
        _check_ancestors(target, path, command)
        _check_writable(target, path)
        _replace_file(target, data)
    return path
