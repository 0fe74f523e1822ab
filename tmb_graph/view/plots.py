"""Static plots (matplotlib, PNG and SVG) of what the analyses find (``tmb plot``).

Names (:data:`PLOTS`, declared in :data:`tmb_graph.catalogue.PLOTS`)
---------------------------------------------------------------------
``tenures``
    Tenure timeline per seat (Gantt) with replacements marked (:mod:`~tmb_graph.view.plot_tenure`).
``membership``
    Organisation × body membership matrix (:mod:`~tmb_graph.view.plot_membership`).
``activities``
    Activity timeline coloured by status, the Covid-19 period shaded
    (:mod:`~tmb_graph.view.plot_activity`).
``goals``
    Goal attainment per work group (:mod:`~tmb_graph.view.plot_goals`).
``network``
    Network metrics month by month, the Covid-19 period shaded (:mod:`~tmb_graph.view.plot_network`).

Figures are made with matplotlib's object API (:class:`matplotlib.figure.Figure`, Agg canvas):
no pyplot state, no display needed. Output is deterministic (fixed SVG id salt, no dates in the
metadata) and written atomically.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import networkx as nx

from tmb_graph import catalogue
from tmb_graph.errors import TmbError
from tmb_graph.io import atomic_write_bytes, atomic_write_text, output_directory, visible_entries
from tmb_graph.paths import default_output
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.view.figure import RC, figure_bytes

#: the function drawing each plot, imported with this module (a forked worker inherits them)
_MAKERS: dict[str, Callable[[nx.MultiDiGraph], Any]] = {e.name: catalogue.resolve(e.target) for e in catalogue.PLOTS}


def _plots() -> dict[str, Callable[[nx.MultiDiGraph], Any]]:
    return _MAKERS


#: plot names, in the order the report shows them (declared once in :data:`tmb_graph.catalogue.PLOTS`)
PLOTS = catalogue.names(catalogue.PLOTS)


@dataclass(frozen=True)
class WrittenPlot:
    """One plot written as PNG and SVG, with its caption and the seconds it took."""

    name: str
    png: Path
    svg: Path
    caption: str
    seconds: float


@dataclass(frozen=True)
class RenderedPlot:
    """One plot rendered in memory."""

    name: str
    png: bytes
    svg: str
    caption: str
    seconds: float


def render_plot(g: nx.MultiDiGraph, name: str) -> RenderedPlot:
    """Draw one plot of the projection ``g``.

    Raises
    ------
    TmbError
        For an unknown plot name.
    """
    import matplotlib

    makers = _plots()
    if name not in makers:
        raise TmbError(f"unknown plot '{name}': choose one of {', '.join(PLOTS)} or 'all'")
    started = time.perf_counter()
    with matplotlib.rc_context(cast(Any, RC)):
        fig = makers[name](g)
        caption = str(getattr(fig, "tmb_caption", ""))
        png, svg = figure_bytes(fig)
    return RenderedPlot(name, png, svg, caption, time.perf_counter() - started)


def render_plots(g: nx.MultiDiGraph, names: Sequence[str]) -> list[RenderedPlot]:
    """Draw several plots of ``g``, one worker process per core (matplotlib's drawing is the
    slow part of ``tmb report`` and ``tmb plot all``, and each plot is independent).

    The result is in the order of ``names`` and byte-identical to drawing them one by one
    (the figures are deterministic). One plot, or a machine with one core, draws in-process.

    Examples
    --------
    >>> [p.name for p in render_plots(g, ["tenures", "goals"])]      # doctest: +SKIP
    ['tenures', 'goals']
    """
    workers = min(len(names), os.cpu_count() or 1)
    if workers < 2:
        return [render_plot(g, name) for name in names]
    # fork: the child inherits the imported matplotlib and the projection instead of re-importing
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(render_plot, [g] * len(names), names))


#: the command that owns a plots folder (written into its marker)
COMMAND = "plot"


def is_earlier_plots(folder: Path) -> bool:
    """Whether ``folder`` holds only plots an earlier ``tmb plot`` wrote (it wrote no marker):
    ``NAME.png`` and ``NAME.svg`` files of the plots in :data:`PLOTS`."""
    allowed = {f"{n}.{ext}" for n in PLOTS for ext in ("png", "svg")}
    return all(
        n in allowed and (folder / n).is_file() and not (folder / n).is_symlink() for n in visible_entries(folder)
    )


def write_plots(
    graph_dir: Path, name: str = "all", out: Path | None = None, g: nx.MultiDiGraph | None = None
) -> list[WrittenPlot]:
    """Draw the plot ``name`` (or ``all``) and write ``NAME.png`` and ``NAME.svg`` to ``out``.

    Parameters
    ----------
    graph_dir : Path
        A build directory (``tmb build``), read unless ``g`` is given.
    name : str
        One of :data:`PLOTS`, or ``all``.
    out : Path, optional
        Directory to write to: new, empty, or one ``tmb plot`` wrote (see
        :func:`tmb_graph.io.output_directory`). Default: ``build/plots/``.
    g : networkx.MultiDiGraph, optional
        An already loaded projection.

    Examples
    --------
    >>> [p.png.name for p in write_plots(Path("build"), "goals")]       # doctest: +SKIP
    ['goals.png']
    """
    names = list(PLOTS) if name == "all" else [name]
    if any(n not in PLOTS for n in names):
        raise TmbError(f"unknown plot '{name}': choose one of {', '.join(PLOTS)} or 'all'")
    target = out if out is not None else default_output("plots")
    reads = (graph_dir,) if g is None else ()  # a given projection: graph_dir is not read
    folder = output_directory(target, COMMAND, reads=reads, earlier=is_earlier_plots)
    g = load_projection(graph_dir) if g is None else g
    written = []
    for n, plot in zip(names, render_plots(g, names), strict=True):
        png, svg = target / f"{n}.png", target / f"{n}.svg"
        atomic_write_bytes(folder / png.name, plot.png)
        atomic_write_text(folder / svg.name, plot.svg)
        written.append(WrittenPlot(n, png, svg, plot.caption, plot.seconds))
    return written
