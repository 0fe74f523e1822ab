"""The built graph as the commands see it: one :class:`~tmb_graph.workspace.Workspace` per
graph folder per process, so a command that needs the graph in several forms (projection,
property graph, store) reads ``graph.nt`` once."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from tmb_graph.workspace import Workspace


@lru_cache(maxsize=4)
def workspace(graph_dir: Path) -> Workspace:
    """The workspace of ``graph_dir`` (made on first use; the CLI imports it lazily for speed).

    >>> workspace(Path("build/graph")).projection.number_of_nodes() > 0   # doctest: +SKIP
    True
    """
    from tmb_graph.workspace import Workspace

    return Workspace(graph_dir)


def projection_on(graph_dir: Path, when: dt.date | None) -> nx.MultiDiGraph:
    """The projection of the built graph; when ``when`` lies outside the programme's period, a
    warning on stderr first (every dated command warns the same way)."""
    from tmb_graph.cli.output import note
    from tmb_graph.propertygraph.projection import period_warning

    g = workspace(graph_dir).projection
    if when is not None and (warning := period_warning(g, when)):
        note(f"warning: {warning}")
    return g
