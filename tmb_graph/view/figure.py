"""What every plot shares: the matplotlib style, date axes, a new figure, PNG + SVG bytes.

The plot modules (``plot_*``) import from here and :mod:`tmb_graph.view.plots` imports them,
so the registry and the plots never import each other.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, cast

RC: dict[str, Any] = {
    "svg.hashsalt": "tmb-graph",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _mdates() -> Any:
    import matplotlib.dates

    return matplotlib.dates


def date_num(d: dt.date) -> float:
    """A date as matplotlib's date number."""
    return float(_mdates().date2num(d))


def date_axis(ax: Any) -> None:
    """Concise automatic date ticks on the x axis."""
    m = _mdates()
    locator = m.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(m.ConciseDateFormatter(locator))


def new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure on an Agg canvas (no pyplot, no display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def figure_bytes(fig: Any) -> tuple[bytes, str]:
    """The figure as PNG bytes and SVG text (deterministic)."""
    import matplotlib

    with matplotlib.rc_context(cast(Any, RC)):
        png = io.BytesIO()
        fig.savefig(png, format="png", metadata={"Software": None})
        svg = io.StringIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png.getvalue(), svg.getvalue()
