"""The view, plot, report and export-graph commands, through the ``tmb`` app."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from tmb_graph.cli import app as tmb_app


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return tmb_app


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_view_writes_one_file_or_one_per_group(app: typer.Typer, graph_dir: Path, tmp_path: Path) -> None:
    code, out = run(app, "view", "workgroup:wg-far", "--out", str(tmp_path / "far.html"), "--graph-dir", str(graph_dir))
    assert code == 0, out
    assert (tmp_path / "far.html").is_file()
    code, out = run(
        app, "view", "workgroup", "--at", "2019-06-01", "--out", str(tmp_path / "wg"), "--graph-dir", str(graph_dir)
    )
    assert code == 0, out
    assert len(list((tmp_path / "wg").glob("workgroup-wg-*-2019-06-01.html"))) == 7


def test_plot_report_and_export_graph(app: typer.Typer, graph_dir: Path, tmp_path: Path) -> None:
    code, out = run(app, "plot", "goals", "--out", str(tmp_path / "plots"), "--graph-dir", str(graph_dir))
    assert code == 0, out
    assert (tmp_path / "plots" / "goals.svg").is_file()
    for fmt in ("graphml", "gexf"):
        code, out = run(app, "export-graph", fmt, str(tmp_path / f"g.{fmt}"), "--graph-dir", str(graph_dir))
        assert code == 0, out
        assert nx.read_graphml(tmp_path / "g.graphml") if fmt == "graphml" else nx.read_gexf(tmp_path / "g.gexf")


def test_report_command(app: typer.Typer, graph_dir: Path, tmp_path: Path) -> None:
    code, out = run(app, "report", "--out", str(tmp_path / "report"), "--graph-dir", str(graph_dir))
    assert code == 0, out
    assert (tmp_path / "report" / "report.html").is_file()
    assert (tmp_path / "report" / "views" / "organisation.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("view", "hairball"), "unknown view"),
        (("view", "workgroup:wg-nope"), "not a work group"),
        (("view", "organisation", "--at", "spring 2019"), "not a date"),
        (("view", "ideal", "--at", "2019-01-01"), "takes no date"),
        (("plot", "pie"), "unknown plot"),
        (("export-graph", "dot", "g.dot"), "unknown format"),
    ],
)
def test_clear_errors(app: typer.Typer, graph_dir: Path, args: tuple[str, ...], message: str) -> None:
    code, out = run(app, *args, "--graph-dir", str(graph_dir))
    assert code == 1
    assert message in out


def test_a_missing_build_says_how_to_make_one(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app, "view", "organisation", "--graph-dir", str(tmp_path / "nothing"))
    assert code == 1 and "tmb build" in out
