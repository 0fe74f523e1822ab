"""``tmb view`` over a dataset build: the national picture from the summaries, and one programme's views.

- :func:`write_national` draws :mod:`~tmb_graph.view.national` from what ``tmb build`` counted
  (the summaries), so 126 programmes are drawn in well under a second without loading the
  10⁶-triple union.
- :func:`write_programme_views` draws any view of one programme from its own build
  (``programmes/NAME/`` of a dataset, :mod:`tmb_graph.query.scope`) — the drill-down of the
  national picture (``national`` gives the programme's ``organisation`` view). The files are
  named ``NAME.VIEW.html``, so the views of several programmes stand side by side.

Examples
--------
>>> write_national(Path("build/graph"))[0].nodes                                  # doctest: +SKIP
64
>>> [w.path.name for w in write_programme_views(Path("build/graph"), "stockholm-2021", "national")]  # doctest: +SKIP
['stockholm-2021.organisation.html']
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.query.scope import choose_programmes
from tmb_graph.view.national import figures_of_build, national_layout
from tmb_graph.view.network.page import WrittenView
from tmb_graph.view.views import build_views, write_built_views


def write_national(graph_dir: Path, out: Path | None = None) -> list[WrittenView]:
    """Draw the national picture of the build in ``graph_dir`` from its summaries and write it.

    Parameters
    ----------
    graph_dir : Path
        A dataset build (or one programme's build: it shows that programme).
    out : Path, optional
        A file ending ``.html`` (or ``-``) or a views folder [default: ``build/views/``].
    """
    started = time.perf_counter()
    view = national_layout(figures_of_build(graph_dir))
    return write_built_views([(view, time.perf_counter() - started)], out, (graph_dir,), "the national picture")


def write_programme_views(
    graph_dir: Path, programme: str, name: str, out: Path | None = None, at: dt.date | None = None
) -> list[WrittenView]:
    """Draw view ``name`` (``national``: ``organisation``) of one programme of a dataset, from its own build.

    Raises
    ------
    TmbError
        For a programme the dataset does not hold (did you mean, and its programmes), or a
        build that is not a dataset.
    """
    scope = choose_programmes(graph_dir, [programme], every=False)
    assert scope is not None
    (p,) = scope
    built = build_views(load_projection(p.folder), "organisation" if name == "national" else name, at)
    for view, _ in built:
        view.name = f"{p.name}.{view.name}"
        view.title = f"{view.title} — {p.name}"
    return write_built_views(built, out, (graph_dir,), f"'{name}' of {p.name}")
