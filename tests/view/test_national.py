"""The national picture: counties → programmes → bodies, at most 100 nodes, drawn in a real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Tmb, tmb
from tests.conftest import synthetic_dataset
from tests.view.pages import open_page
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.dataset_views import write_national, write_programme_views
from tmb_graph.view.national import (
    LEVELS,
    MAX_NODES,
    ProgrammeFigures,
    figures_of_build,
    figures_of_projection,
    national_layout,
    national_view,
)
from tmb_graph.view.network.page import write_view
from tmb_graph.view.views import write_views

__all__ = ["tmb"]
pytestmark = pytest.mark.timeout(180)


def _nation(counties: int, years: int) -> list[ProgrammeFigures]:
    """Figures shaped like `tmb synth --counties N --years Y` (no build needed)."""
    return [
        ProgrammeFigures(
            f"c{c}-{2021 + y}", f"c{c}", str(2021 + y), {"steering_group": 1, "work_group": 6 + c % 4}, 60, 40
        )
        for c in range(counties)
        for y in range(years)
    ]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset build of three synthetic counties, one year each."""
    root = tmp_path_factory.mktemp("national")
    synthetic_dataset(root, 3, 1, seed=7)
    return root / "graph"


def test_126_programmes_are_drawn_in_at_most_100_nodes_with_every_county_and_every_body_counted() -> None:
    figures = _nation(21, 6)
    view = national_layout(figures)
    assert view.node_count <= MAX_NODES
    counties = [n for n in view.nodes.values() if n.kind == "county"]
    assert len(counties) == 21
    assert all("6 programmes" in n.label for n in counties)
    # the bodies drawn by kind add up to every body of every programme
    drawn = sum(int(n.label.split()[0]) for n in view.nodes.values() if n.kind == "bodies_grouped")
    assert drawn == sum(sum(f.bodies.values()) for f in figures)
    assert any("Aggregated" in note and "counties" in note for note in view.notes)
    assert all(n.x is not None and n.y is not None for n in view.nodes.values()), "placed, nothing moves"


def test_a_few_programmes_are_drawn_each_with_its_bodies_by_kind() -> None:
    view = national_layout(_nation(3, 1))
    programmes = [n for n in view.nodes.values() if n.kind == "programme"]
    assert len(programmes) == 3
    assert {e.relation for e in view.edges} == {"in_nation", "in_county", "has_bodies"}
    assert not any("Aggregated" in note for note in view.notes)


@pytest.mark.parametrize("counties", [1, 5, 21, 60])
def test_the_finest_level_that_fits_is_chosen(counties: int) -> None:
    figures = _nation(counties, 6)
    view = national_layout(figures)
    full = national_layout(figures, max_nodes=10**6)  # nothing aggregated
    assert view.node_count <= MAX_NODES or any(note.endswith(f"{LEVELS[-1]}.") for note in view.notes)
    assert full.node_count >= view.node_count
    if full.node_count <= MAX_NODES:
        assert view.node_count == full.node_count


def test_the_summaries_and_the_projection_count_the_same_bodies_tenures_and_organisations(dataset: Path) -> None:
    from_summaries = figures_of_build(dataset)
    assert len(from_summaries) == 3
    assert from_summaries == figures_of_projection(load_projection(dataset))
    assert all(f.bodies.get("work_group", 0) > 0 and f.tenures > 0 and f.year == "2021" for f in from_summaries)
    assert len({f.county for f in from_summaries}) == 3


def test_one_programme_s_build_shows_that_programme(graph_dir: Path) -> None:
    (figures,) = figures_of_build(graph_dir)
    assert figures.name == "skane-2018-2020" and figures.bodies["work_group"] == 7 and figures.tenures == 57
    view = national_view(load_projection(graph_dir))
    assert sum(1 for n in view.nodes.values() if n.kind == "bodies_grouped") == len(figures.bodies)


def test_the_drill_down_draws_one_programme_s_organisation_as_its_own_build_does(dataset: Path, tmp_path: Path) -> None:
    (written,) = write_programme_views(dataset, "uppsala-2021", "national", tmp_path / "v")
    assert written.path.name == "uppsala-2021.organisation.html"
    (alone,) = write_views(dataset / "programmes" / "uppsala-2021", "organisation", tmp_path / "alone")
    assert (written.nodes, written.edges) == (alone.nodes, alone.edges)


def test_view_national_on_the_command_line(tmb: Tmb, dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.html"
    tmb("view", "national", "--graph-dir", str(dataset), "--out", str(out)).ok()
    assert "Every county, every year" in out.read_text(encoding="utf-8")
    run = tmb("view", "national", "--graph-dir", str(dataset), "--programme", "upsala-2021")
    assert run.code == 1 and "did you mean 'uppsala-2021'" in run.stderr


def test_the_national_picture_loads_offline_in_chromium_and_draws_what_the_graph_side_drew(
    browser: Any, dataset: Path, tmp_path: Path, screenshots: Path
) -> None:
    pages = [
        write_view(national_layout(_nation(21, 6)), tmp_path / "national-126.html"),
        *write_national(dataset, tmp_path / "national-3.html"),
    ]
    for written in pages:
        page, log = open_page(browser, written.path)
        try:
            page.wait_for_function("window.tmbReady === true", timeout=20_000)
            counts = page.evaluate("tmbCounts()")
            legend = page.locator("#tmb-legend li[data-kind]").count()
            kinds = page.evaluate("Array.from(new Set(network.body.data.nodes.get().map(n => n.kind)))")
            physics = page.evaluate("network.physics.physicsEnabled")
            page.screenshot(path=str(screenshots / f"{written.path.stem}.png"))
        finally:
            page.close()
        assert log.errors == [] and log.remote == [], written.path.name
        assert counts == {
            "nodes": written.nodes,
            "edges": written.edges,
            "drawnNodes": written.nodes,
            "drawnEdges": written.edges,
        }
        assert 0 < written.nodes <= MAX_NODES
        assert legend == len(kinds) and physics is False
