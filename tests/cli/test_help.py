"""The help of every command reads right: no type placeholders on flags, no checkout paths, each
default said once, no stray " .", and `tmb --help` stays fast (nothing heavy imported)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from typer.main import get_command

from tests.cli.conftest import Tmb
from tmb_graph.cli import app
from tmb_graph.paths import ROOT


def command_paths() -> Iterator[list[str]]:
    def walk(cmd: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    yield from walk(get_command(app), [])


COMMANDS = list(command_paths())


def test_every_command_is_listed() -> None:
    names = {" ".join(p) for p in COMMANDS}
    for expected in (
        "analyse",
        "mandates",
        "doctor",
        "synth",
        "generate",
        "push sparql",
        "query sparql",
        "query cypher",
    ):
        assert expected in names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "tmb")
def test_help_reads_right(tmb: Tmb, path: list[str]) -> None:
    text = tmb(*path, "--help").ok().stdout
    assert "<bool>" not in text, "a flag shows a type placeholder"
    assert str(ROOT) not in text, "the help shows this checkout's absolute path"
    assert not re.search(r" \.(\s|$)", text), "a stray ' .' (a default swallowed as markup?)"
    for line in text.splitlines():
        assert line.count("[default:") <= 1, f"a default said twice: {line}"
    flat = " ".join(text.split())
    assert not re.search(r"\[default: [^\]]*\]\s+\[default:", flat), "a default said twice"


def test_the_cypher_help_shows_no_sparql_file(tmb: Tmb) -> None:
    text = tmb("query", "cypher", "--help").ok().stdout
    assert ".rq" not in text and ".cypher" in text


def test_tmb_help_imports_nothing_heavy_and_is_fast() -> None:
    probe = (
        "import sys, time; t = time.perf_counter(); from tmb_graph.cli import app; "
        "heavy = [m for m in ('rich.console', 'rdflib', 'pyoxigraph', 'pandas', 'networkx', 'falkordb', 'httpx') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"`tmb --help` imports {out.strip()}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tmb_graph", "--help"], capture_output=True, check=True)
    # 0.3 s on an idle machine; the bound leaves room for a test machine that is busy
    assert time.perf_counter() - start < 3.0
