"""Fixtures for the view tests: a build of the real data, its projection, a written site, a browser.

The browser is Debian's Chromium (``/usr/bin/chromium``, installed by ``scripts/setup``) driven
by Playwright with a fresh user-data directory; tests that need it skip with a clear reason when
it is absent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tmb_graph.paths import default_data
from tmb_graph.pipeline import build
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.report import ReportResult, write_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real programme built (rules and references checked; SHACL skipped for speed)."""
    out = tmp_path_factory.mktemp("build") / "build"
    build(default_data(), out, None, shacl=False)
    return out


@pytest.fixture(scope="session")
def projection(graph_dir: Path) -> nx.MultiDiGraph:
    return load_projection(graph_dir)


@pytest.fixture(scope="session")
def site(graph_dir: Path, projection: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    """The report, every view and every plot, written once for the session."""
    return write_report(graph_dir, tmp_path_factory.mktemp("site"), g=projection)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots (under pytest's tmp dir)."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium context with a fresh user-data directory."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (scripts/setup does) to run the browser tests")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is a dev dependency: pip install -e '.[dev]'"
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1920, "height": 1200},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
