"""Opening a page in the test browser with every network request recorded and blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class PageLog:
    """What a page did: console errors, page errors, and every request that was not file:// or data:."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []


def open_page(browser: Any, path: Path) -> tuple[Any, PageLog]:
    """Open ``path`` from file:// with every network request recorded (and blocked)."""
    log = PageLog()
    page = browser.new_page()

    def on_request(request: Any) -> None:
        if not request.url.startswith(("file:", "data:", "about:", "blob:")):
            log.remote.append(request.url)

    def block(route: Any) -> None:
        route.abort()  # recorded by on_request; never let it reach the network

    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("request", on_request)
    page.route("http://**/*", block)
    page.route("https://**/*", block)
    page.goto(path.resolve().as_uri())
    return page, log
