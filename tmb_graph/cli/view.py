"""``tmb view``, ``tmb plot``, ``tmb report`` and ``tmb export-graph``.

Each command parses its options and calls one documented library function:
:func:`tmb_graph.view.views.write_views`, :func:`tmb_graph.view.plots.write_plots`,
:func:`tmb_graph.view.report.write_report`, :func:`tmb_graph.readwrite.export.export_graph`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tmb_graph.cli.app import app
from tmb_graph.cli.output import handle_errors, out_console, parse_date
from tmb_graph.paths import default_build

GraphDir = Annotated[Path, typer.Option("--graph-dir", help="Built graph (`tmb build`) (default: build/).")]


@app.command("view")
@handle_errors
def view(
    name: Annotated[
        str,
        typer.Argument(
            help="organisation | workgroup | workgroup:<id> (e.g. workgroup:wg-est) | ideal | continuum | all"
        ),
    ],
    at: Annotated[
        str | None, typer.Option("--at", help="Draw the organisation as it stood on this date (YYYY-MM-DD).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="File (one view, ending .html) or directory (default: GRAPH_DIR/views/)."),
    ] = None,
    graph_dir: GraphDir = default_build(),
) -> None:
    """Write interactive network views as single HTML files that open offline.

    The whole organisation, one view per work group, the ideal-type organisation beside
    the real one (missing layers in red), recipients on the co-creator ↔ passive continuum.
    Hover a node or an edge for role, tenure, status and source section.
    """
    from tmb_graph.view.views import write_views

    written = write_views(graph_dir, name, out, parse_date(at))
    table = Table(title="views written", header_style="bold")
    for col in ("view", "file", "nodes", "edges", "seconds"):
        table.add_column(col, justify="right" if col in ("nodes", "edges", "seconds") else "left")
    for w in written:
        table.add_row(w.name, str(w.path), str(w.nodes), str(w.edges), f"{w.seconds:.2f}")
    out_console.print(table)


@app.command("plot")
@handle_errors
def plot(
    name: Annotated[str, typer.Argument(help="tenures | membership | activities | goals | all")] = "all",
    out: Annotated[Path | None, typer.Option("--out", help="Directory (default: GRAPH_DIR/plots/).")] = None,
    graph_dir: GraphDir = default_build(),
) -> None:
    """Write static plots as PNG and SVG: tenure Gantt per seat, organisation × body matrix,
    activity timeline with the Covid-19 period, goal attainment per work group."""
    from tmb_graph.view.plots import write_plots

    for p in write_plots(graph_dir, name, out):
        out_console.print(f"{p.name}: {p.png} and {p.svg} ({p.seconds:.2f} s)")


@app.command("report")
@handle_errors
def report(
    out: Annotated[Path | None, typer.Option("--out", help="Directory (default: GRAPH_DIR/report/).")] = None,
    graph_dir: GraphDir = default_build(),
) -> None:
    """Write a self-contained HTML evaluation report (summary figures, every analysis
    table, the plots, links to the views written beside it, the sources). Opens offline."""
    from tmb_graph.view.report import write_report

    result = write_report(graph_dir, out)
    out_console.print(
        f"report: {result.path} ({result.tables} analysis tables, {len(result.plots)} plots, "
        f"{len(result.views)} views; {result.seconds:.1f} s)"
    )


@app.command("export-graph")
@handle_errors
def export_graph(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="graphml | gexf")],
    file: Annotated[Path, typer.Argument(help="The file to write.")],
    graph_dir: GraphDir = default_build(),
) -> None:
    """Export the graph as GraphML (yEd, Cytoscape) or GEXF (Gephi) with types, labels and
    dates as attributes."""
    from tmb_graph.readwrite.export import export_graph as run_export

    path = run_export(graph_dir, fmt, file)
    out_console.print(f"wrote {path}")
