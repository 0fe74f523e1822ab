"""A national property graph and projection are settled (frozen out of the collector's walks);
a programme's are not: freezing pins what is alive, which pays only for a structure that large."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from tmb_graph import heap
from tmb_graph.propertygraph.mapping import load_property_graph
from tmb_graph.propertygraph.projection import from_property_graph


@pytest.fixture
def unfrozen() -> Iterator[None]:
    # the automatic collections paused: only settle's own collection may free the test's cycle
    was = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    yield
    gc.unfreeze()  # whatever a test froze goes back to the collector
    if was:
        gc.enable()


def test_a_programme_s_graph_is_not_settled(graph_dir: Path, unfrozen: None) -> None:
    pg = load_property_graph(graph_dir)
    g = from_property_graph(pg)
    assert len(pg.nodes) + len(pg.rels) < heap.SETTLE_FROM
    assert g.number_of_nodes() + g.number_of_edges() < heap.SETTLE_FROM
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("made", ["property graph", "projection"])
def test_a_graph_from_the_threshold_on_is_settled_with_its_garbage_collected_first(
    graph_dir: Path, monkeypatch: pytest.MonkeyPatch, unfrozen: None, made: str
) -> None:
    pg = load_property_graph(graph_dir)
    size = len(pg.nodes) + len(pg.rels)
    if made == "projection":
        g = from_property_graph(pg)
        size = g.number_of_nodes() + g.number_of_edges()
    monkeypatch.setattr(heap, "SETTLE_FROM", size)  # this programme counts as national
    cycle = _Cycle()  # garbage only the cyclic collector frees: collected first, not frozen
    gone = weakref.ref(cycle)
    del cycle
    if made == "projection":
        from_property_graph(pg)
    else:
        pg = load_property_graph(graph_dir)
    assert gc.get_freeze_count() > len(pg.nodes)  # the graph's objects among them
    assert gone() is None


class _Cycle:
    def __init__(self) -> None:
        self.me = self
