"""Fixtures for the workbench tests: the real graph loaded once, its engines, an app, a real server.

``app_client`` drives the application in this process (FastAPI's TestClient) over real engines
(a SPARQL worker and a FalkorDB server); ``server`` runs `tmb serve` itself, as a user does, on a
free loopback port, for the browser and for the start/stop tests.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi", reason="fastapi is a dependency of tmb serve: pip install -e .")

from fastapi.testclient import TestClient

from tests.view.conftest import CHROMIUM, CHROMIUM_ARGS
from tmb_graph.paths import ROOT
from tmb_graph.serve.app import create_app
from tmb_graph.serve.engines import Engines
from tmb_graph.serve.workbench import Workbench
from tmb_graph.workspace import Workspace

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def workspace(graph_dir: Path) -> Workspace:
    return Workspace(graph_dir)


@pytest.fixture(scope="session")
def bench(workspace: Workspace) -> Workbench:
    return Workbench(workspace)


@pytest.fixture(scope="session")
def engines(workspace: Workspace) -> Iterator[Engines]:
    with Engines(workspace, max_timeout=5) as running:
        yield running


@pytest.fixture(scope="session")
def app_client(engines: Engines, bench: Workbench) -> Iterator[TestClient]:
    with TestClient(create_app(engines, bench), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(scope="session")
def token_client(engines: Engines, bench: Workbench) -> Iterator[TestClient]:
    with TestClient(create_app(engines, bench, token=TOKEN), base_url="http://127.0.0.1") as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    ready_seconds: float
    stderr: Path


def start_server(graph_dir: Path, log: Path, *args: str) -> Server:
    """`tmb serve` on a free loopback port, waited for until /api/health answers."""
    port = free_port()
    started = time.perf_counter()
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "tmb_graph", "serve", "--port", str(port), "--graph-dir", str(graph_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=handle,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tmb serve exited {process.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code in (200, 401):
                return Server(url, process, time.perf_counter() - started, log)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"tmb serve did not answer within 60 s: {log.read_text()}")


@pytest.fixture(scope="session")
def server(graph_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(graph_dir, tmp_path_factory.mktemp("serve") / "stderr.log")
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            try:
                running.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                running.process.kill()


# -- the browser (Debian's Chromium through Playwright), shared by the browser tests -----------------
SHOTS = ROOT / "build" / "screenshots"


class Log:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (scripts/setup does) to run the browser tests")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is a dev dependency: pip install -e '.[dev]'"
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1366, "height": 768},
        )  # fmt: skip
        try:
            yield browser
        finally:
            browser.close()
            shutil.rmtree(profile, ignore_errors=True)


def open_page(context: Any, server: Server, path: str) -> tuple[Any, Log]:
    log = Log()
    page = context.new_page()
    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))

    def route(r: Any) -> None:
        if r.request.url.startswith(server.url + "/"):
            r.continue_()
        else:
            log.remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(server.url + path)
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    return page, log
