"""The plots: PNG and SVG files that exist, are non-empty, parse, and say what they show."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.errors import TmbError
from tmb_graph.view.plot_activity import COVID_START
from tmb_graph.view.plots import PLOTS, render_plot, write_plots
from tmb_graph.view.report import ReportResult

SVG = "{http://www.w3.org/2000/svg}"


def test_every_plot_is_written_as_png_and_svg(site: ReportResult) -> None:
    folder = site.path.parent / "plots"
    for name in PLOTS:
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        root = ET.parse(svg).getroot()
        assert root.tag == f"{SVG}svg"
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert texts.strip(), f"{name}: text is kept as text (svg.fonttype none)"


def test_the_plots_say_what_they_show(site: ReportResult) -> None:
    svg = {p.name: p.svg for p in site.plots}
    assert "replacement" in svg["tenures"] and "Who held each seat" in svg["tenures"]
    assert "Swedish Customs" in svg["membership"], "the signatory without a work-group seat is a row"
    assert "Covid-19" in svg["activities"] and COVID_START.year == 2020
    assert " of " in svg["goals"] and "result goal" in svg["goals"]
    assert all(p.caption for p in site.plots)


def test_plots_are_deterministic_and_names_are_checked(projection: nx.MultiDiGraph, tmp_path: Path) -> None:
    assert render_plot(projection, "goals").svg == render_plot(projection, "goals").svg
    with pytest.raises(TmbError, match="unknown plot"):
        render_plot(projection, "pie")
    with pytest.raises(TmbError, match="unknown plot"):
        write_plots(tmp_path, "pie", tmp_path, g=projection)
    (written,) = write_plots(tmp_path, "membership", tmp_path / "out", g=projection)
    assert written.png.is_file() and written.svg.is_file()
