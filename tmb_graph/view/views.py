"""The catalogue of network views: names, building them, writing them (``tmb view``).

Names
-----
``organisation``
    The whole implementation organisation (:mod:`~tmb_graph.view.organisation`).
``workgroup``
    One view per work group; ``workgroup:<id>`` (e.g. ``workgroup:wg-est``) just that one
    (:mod:`~tmb_graph.view.workgroup`).
``ideal``
    The ideal-type organisation beside the real one (:mod:`~tmb_graph.view.ideal`).
``continuum``
    Recipients on the co-creator ↔ passive continuum (:mod:`~tmb_graph.view.continuum`).
``all``
    All of the above.

``at`` (a date) draws the organisation and work-group views as they stood that day; the ideal
and continuum views compare structures over the whole programme and take no date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import networkx as nx

from tmb_graph.errors import TmbError
from tmb_graph.io import output_directory, visible_entries, write_file
from tmb_graph.paths import default_output
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.continuum import continuum_view
from tmb_graph.view.ideal import ideal_view
from tmb_graph.view.network import ViewGraph, WrittenView, render_html, write_view
from tmb_graph.view.organisation import organisation_view
from tmb_graph.view.workgroup import work_groups, workgroup_view

VIEW_NAMES = ("organisation", "workgroup", "workgroup:<id>", "ideal", "continuum", "all")
DATED = ("organisation", "workgroup")
#: the command that owns a views folder (written into its marker)
COMMAND = "view"
_VIEW_FILE = re.compile(r"[\w.-]+\.html")
#: what every view page carries in its head (see :func:`tmb_graph.view.network.render_html`)
_SIGNATURE = b"window.TMB_PHYSICS"


def is_earlier_views(folder: Path) -> bool:
    """Whether ``folder`` holds only views an earlier ``tmb view`` wrote (it wrote no marker):
    ``NAME.html`` files whose head carries the views' script."""
    try:
        for name in visible_entries(folder):
            path = folder / name
            if not _VIEW_FILE.fullmatch(name) or path.is_symlink() or not path.is_file():
                return False
            with path.open("rb") as fh:
                if _SIGNATURE not in fh.read(1 << 16):
                    return False
    except OSError:
        return False
    return True


def views_folder(out: Path, reads: tuple[Path, ...]) -> Path:
    """Claim ``out`` as a views folder (new, empty, or one ``tmb view`` wrote); see
    :func:`tmb_graph.io.output_directory`."""
    return output_directory(out, COMMAND, reads=reads, earlier=is_earlier_views)


def build_views(g: nx.MultiDiGraph, name: str, at: dt.date | None = None) -> list[tuple[ViewGraph, float]]:
    """Build the view(s) called ``name``, each with the seconds it took.

    Raises
    ------
    TmbError
        For an unknown name, an unknown work group, or ``at`` given for a view that takes no date.
    """
    base = name.split(":", 1)[0]
    if base not in ("organisation", "workgroup", "ideal", "continuum", "all"):
        raise TmbError(f"unknown view '{name}': choose one of {', '.join(VIEW_NAMES)}")
    if at is not None and base in ("ideal", "continuum"):
        raise TmbError(f"--at applies to the {' and '.join(DATED)} views; the {base} view takes no date")
    makers: list[Callable[[], ViewGraph]] = []
    if base in ("organisation", "all"):
        makers.append(partial(organisation_view, g, at))
    if base == "workgroup" and ":" in name:
        makers.append(partial(workgroup_view, g, name.split(":", 1)[1], at))
    elif base in ("workgroup", "all"):
        makers += [partial(workgroup_view, g, b, at) for b in work_groups(g)]
    if base in ("ideal", "all"):
        makers.append(partial(ideal_view, g))
    if base in ("continuum", "all"):
        makers.append(partial(continuum_view, g))
    built = []
    for make in makers:
        started = time.perf_counter()
        view = make()
        built.append((view, time.perf_counter() - started))
    return built


def write_views(
    graph_dir: Path, name: str, out: Path | None = None, at: dt.date | None = None, g: nx.MultiDiGraph | None = None
) -> list[WrittenView]:
    """Build and write the view(s) called ``name`` as self-contained HTML files.

    Parameters
    ----------
    graph_dir : Path
        A build directory (``tmb build``), read unless ``g`` is given.
    name : str
        A view name (see the module docstring).
    out : Path, optional
        For one view, the file to write (a path ending in ``.html``, or ``-`` for standard
        output; see :func:`tmb_graph.io.write_file`) or a directory; for several, a directory,
        which must be new, empty, or one ``tmb view`` wrote. Default: ``build/views/``.
    at : datetime.date, optional
        Draw the organisation and work-group views as they stood that day.
    g : networkx.MultiDiGraph, optional
        An already loaded projection.

    Returns
    -------
    list of WrittenView
        One per file: path, nodes and edges drawn, seconds to build and render.

    Examples
    --------
    >>> [w.path.name for w in write_views(Path("build"), "ideal")]     # doctest: +SKIP
    ['ideal.html']
    """
    reads = (graph_dir,) if g is None else ()  # a given projection: graph_dir is not read
    g = load_projection(graph_dir) if g is None else g
    built = build_views(g, name, at)
    target = out if out is not None else default_output("views")
    names_file = str(target) == "-" or target.suffix.lower() in (".html", ".htm")
    if len(built) > 1 and names_file:
        raise TmbError(f"'{name}' writes {len(built)} files: give --out a directory, not {target}")
    if names_file:
        ((view, seconds),) = built
        started = time.perf_counter()
        write_file(target, render_html(view).encode("utf-8"), COMMAND, reads=reads)
        return [
            WrittenView(
                view.name,
                target,
                view.title,
                view.node_count,
                view.edge_count,
                view.collapsed,
                seconds + time.perf_counter() - started,
            )
        ]
    folder = views_folder(target, reads)
    written = []
    for view, seconds in built:
        result = write_view(view, folder / f"{view.name}.html")
        written.append(dataclasses.replace(result, path=target / f"{view.name}.html", seconds=result.seconds + seconds))
    return written
