"""Every analysis, view and plot is declared once (:mod:`tmb_graph.catalogue`); the runners, the
command-line help, the report's titles and the README tables all read that one declaration."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tmb_graph import catalogue
from tmb_graph.analysis.run import ANALYSES
from tmb_graph.cli import app
from tmb_graph.generate import block_targets, catalogue_table, markers, splice
from tmb_graph.io import OutputError
from tmb_graph.paths import ROOT
from tmb_graph.view.plots import PLOTS
from tmb_graph.view.report import TITLES
from tmb_graph.view.views import DATED, VIEW_NAMES

ALL = catalogue.ANALYSES + catalogue.VIEWS + catalogue.PLOTS


@pytest.mark.parametrize("entry", ALL, ids=lambda e: e.target)
def test_every_declared_target_is_a_function_of_the_graph(entry: catalogue.Entry) -> None:
    fn = catalogue.resolve(entry.target)
    assert callable(fn)
    first = next(iter(inspect.signature(fn).parameters))
    assert first == "g", f"{entry.target} takes the projection first"
    if entry.each:
        assert callable(catalogue.resolve(entry.each))


def test_names_are_unique_within_each_catalogue_and_none_is_all() -> None:
    for entries in (catalogue.ANALYSES, catalogue.VIEWS, catalogue.PLOTS):
        names = catalogue.names(entries)
        assert len(set(names)) == len(names)
        assert "all" not in names
        assert all(e.title and e.summary for e in entries)


def test_the_runners_and_the_report_take_their_names_and_titles_from_the_catalogue() -> None:
    assert list(ANALYSES) == list(catalogue.names(catalogue.ANALYSES))
    assert {e.name: e.title for e in catalogue.ANALYSES} == TITLES
    assert catalogue.names(catalogue.PLOTS) == PLOTS
    assert VIEW_NAMES == ("organisation", "workgroup", "workgroup:<id>", "ideal", "continuum", "national", "all")
    assert DATED == ("organisation", "workgroup")


@pytest.mark.parametrize(
    ("command", "entries"),
    [("analyse", catalogue.ANALYSES), ("view", catalogue.VIEWS), ("plot", catalogue.PLOTS)],
)
def test_the_help_of_a_command_names_everything_its_catalogue_declares(
    command: str, entries: tuple[catalogue.Entry, ...]
) -> None:
    result = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert catalogue.choices(entries, ()).split(" | ")[0] in text
    for e in entries:
        assert e.name in text


def test_the_readme_tables_are_generated_from_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, entries, usage in (
        ("analyses", catalogue.ANALYSES, "tmb analyse NAME"),
        ("views", catalogue.VIEWS, "tmb view NAME"),
        ("plots", catalogue.PLOTS, "tmb plot NAME"),
    ):
        begin, end = markers(name)
        assert f"{begin}\n{catalogue_table(entries, usage)}{end}" in readme, "run `tmb generate`"
    assert set(block_targets()[ROOT / "README.md"]) == {"analyses", "views", "plots"}


def test_a_file_without_the_block_markers_is_refused_with_the_lines_to_add() -> None:
    with pytest.raises(OutputError, match=r"BEGIN generated: plots .*\n.*END generated: plots"):
        splice(Path("README.md"), "# Readme\n", "plots", "| table |\n")


def test_a_network_option_on_an_analysis_that_takes_none_is_a_usage_error(graph_dir: Path) -> None:
    result = CliRunner().invoke(app, ["analyse", "goals", "--by", "month", "--graph-dir", str(graph_dir / "graph")])
    assert result.exit_code == 2
    assert "belong to `tmb analyse network`" in result.output
