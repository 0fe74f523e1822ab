"""A workspace settles a national property graph and projection as it makes them (frozen out of
the collector's walks, tmb_graph.heap.settle); a programme's it does not, and the library
functions that make them never do: their callers may drop what they return."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from tmb_graph import heap
from tmb_graph.propertygraph.mapping import load_property_graph
from tmb_graph.propertygraph.projection import from_property_graph
from tmb_graph.workspace import Workspace


@pytest.fixture
def unfrozen() -> Iterator[None]:
    # the automatic collections paused: only settle's own collection may free a test's cycle
    was = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    yield
    gc.unfreeze()  # whatever a test froze goes back to the collector
    if was:
        gc.enable()


def _frozen(obj: object) -> bool:
    # a frozen object is in no generation the collector walks
    return not any(o is obj for o in gc.get_objects())


def test_a_programme_s_forms_are_not_settled(graph_dir: Path, unfrozen: None) -> None:
    ws = Workspace(graph_dir)
    pg, g = ws.property_graph, ws.projection
    assert len(pg.nodes) + len(pg.rels) < heap.SETTLE_FROM
    assert len(g) + len(g.edges) < heap.SETTLE_FROM
    assert gc.get_freeze_count() == 0


def test_the_library_functions_never_settle(graph_dir: Path, monkeypatch: pytest.MonkeyPatch, unfrozen: None) -> None:
    monkeypatch.setattr(heap, "SETTLE_FROM", 0)  # every graph counts as national
    pg = load_property_graph(graph_dir)
    g = from_property_graph(pg)
    assert gc.get_freeze_count() == 0
    dropped = weakref.ref(g)
    del g
    gc.collect()
    assert dropped() is None  # a caller that drops a projection gets its memory back


@pytest.mark.parametrize("form", ["property_graph", "projection"])
def test_a_national_form_is_settled_with_the_garbage_collected_first(
    graph_dir: Path, monkeypatch: pytest.MonkeyPatch, unfrozen: None, form: str
) -> None:
    monkeypatch.setattr(heap, "SETTLE_FROM", 1_000)  # the real programme counts as national
    ws = Workspace(graph_dir)
    if form == "projection":
        assert ws.property_graph.nodes  # made first, and settled (the projection is made from it)
        gc.unfreeze()
    cycle = _Cycle()  # garbage only the cyclic collector frees: collected first, not frozen
    gone = weakref.ref(cycle)
    del cycle
    made = getattr(ws, form)
    assert gone() is None
    nodes = made.nodes if form == "property_graph" else list(made.nodes.values())
    assert nodes and _frozen(nodes[0]), "the form's objects are out of the collector's walks"


class _Cycle:
    def __init__(self) -> None:
        self.me = self
