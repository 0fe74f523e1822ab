"""The catalogue of network views: names, building them, writing them (``tmb view``).

Names (declared once in :data:`tmb_graph.catalogue.VIEWS`)
----------------------------------------------------------
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

from tmb_graph import catalogue
from tmb_graph.errors import TmbError
from tmb_graph.io import output_directory, visible_entries, write_file
from tmb_graph.paths import default_output
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.network.graph import ViewGraph
from tmb_graph.view.network.page import WrittenView, render_html, write_view

#: each view's maker (and, for a view drawn per item, the lister of its items), imported with this
#: module; declared once in :data:`tmb_graph.catalogue.VIEWS`
_MAKERS: dict[str, Callable[..., ViewGraph]] = {e.name: catalogue.resolve(e.target) for e in catalogue.VIEWS}
_ITEMS: dict[str, Callable[[nx.MultiDiGraph], list[str]]] = {
    e.name: catalogue.resolve(e.each) for e in catalogue.VIEWS if e.each
}
#: what ``tmb view`` accepts: each view, ``NAME:<id>`` for one item of a view drawn per item, ``all``
VIEW_NAMES = (*(n for e in catalogue.VIEWS for n in ((e.name, f"{e.name}:<id>") if e.each else (e.name,))), "all")
#: the views that take a date (``at``)
DATED = tuple(e.name for e in catalogue.VIEWS if "at" in e.options)
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
    base, one, item = name.partition(":")
    spec = catalogue.entry(catalogue.VIEWS, base)
    if spec is None and base != "all":
        raise TmbError(f"unknown view '{name}': choose one of {', '.join(VIEW_NAMES)}")
    if at is not None and spec is not None and "at" not in spec.options:
        raise TmbError(f"--at applies to the {' and '.join(DATED)} views; the {base} view takes no date")
    makers: list[Callable[[], ViewGraph]] = []
    for e in catalogue.VIEWS if spec is None else (spec,):
        dated = (at,) if "at" in e.options else ()
        if not e.each:
            makers.append(partial(_MAKERS[e.name], g, *dated))
            continue
        items = [item] if one and e is spec else _ITEMS[e.name](g)
        makers += [partial(_MAKERS[e.name], g, i, *dated) for i in items]
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
    return write_built_views(built, out, reads, f"'{name}'")


def write_built_views(
    built: list[tuple[ViewGraph, float]], out: Path | None, reads: tuple[Path, ...], what: str
) -> list[WrittenView]:
    """Write built views (each with the seconds it took) to one file or a views folder.

    The one writer behind every ``tmb view`` door: ``out`` ending in ``.html`` (or ``-``) takes
    exactly one view, anything else is a views folder under the file rules of
    :mod:`tmb_graph.io`. ``what`` names the views in the error for several views and one file.

    Raises
    ------
    TmbError
        For several views and a file name.
    """
    target = out if out is not None else default_output("views")
    names_file = str(target) == "-" or target.suffix.lower() in (".html", ".htm")
    if len(built) > 1 and names_file:
        raise TmbError(f"{what} writes {len(built)} files: give --out a directory, not {target}")
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
