"""``tmb view``, ``tmb plot``, ``tmb report`` and ``tmb export-graph``.

Each command parses its options and calls one documented library function:
:func:`tmb_graph.view.views.write_views`, :func:`tmb_graph.view.plots.write_plots`,
:func:`tmb_graph.view.report.write_report`, :func:`tmb_graph.readwrite.export.export_graph`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmb_graph import catalogue
from tmb_graph.cli.app import app
from tmb_graph.cli.output import err_console, handle_errors, out_console, parse_date
from tmb_graph.paths import default_build

if TYPE_CHECKING:
    pass

GraphDir = Annotated[
    Path,
    typer.Option(
        "--graph-dir", metavar="DIR", help="Built graph (`tmb build`) [default: build/graph/].", show_default=False
    ),
]


#: the views ``tmb view`` draws (:data:`tmb_graph.catalogue.VIEWS`); a view drawn per item takes ``NAME:<id>``
_VIEW_CHOICES = catalogue.choices(
    (),
    [n for e in catalogue.VIEWS for n in ((e.name, f"{e.name}:<id> (e.g. {e.name}:wg-est)") if e.each else (e.name,))]
    + ["all"],
)


@app.command("view")
@handle_errors
def view(
    name: Annotated[
        str,
        typer.Argument(help=_VIEW_CHOICES),
    ],
    at: Annotated[
        str | None, typer.Option("--at", help="Draw the organisation as it stood on this date (YYYY-MM-DD).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File (one view: a name ending .html, or - for standard output) or folder (new, empty or "
            "one `tmb view` wrote) [default: build/views/].",
        ),
    ] = None,
    graph_dir: GraphDir = default_build(),
) -> None:
    """Write interactive network views as single HTML files that open offline.

    The whole organisation, one view per work group, the ideal-type organisation beside
    the real one (missing layers in red), recipients on the co-creator ↔ passive continuum.
    Hover a node or an edge for role, tenure, status and source section.
    """
    from rich.table import Table

    from tmb_graph.cli.graph import projection_on
    from tmb_graph.view.views import write_views

    when = parse_date(at)
    g = projection_on(graph_dir, when) if when is not None else None
    written = write_views(graph_dir, name, out, when, g=g)
    table = Table(title="views written", header_style="bold")
    for col in ("view", "file", "nodes", "edges", "seconds"):
        table.add_column(col, justify="right" if col in ("nodes", "edges", "seconds") else "left")
    for w in written:
        table.add_row(w.name, str(w.path), str(w.nodes), str(w.edges), f"{w.seconds:.2f}")
    # the page itself may be on stdout (--out -): the table is a message
    (err_console if str(out) in ("-", "/dev/stdout") else out_console).print(table)


@app.command(
    "plot",
    help="Write static plots as PNG and SVG: "
    + "; ".join(f"{e.name}: {e.summary[0].lower()}{e.summary[1:].rstrip('.')}" for e in catalogue.PLOTS)
    + ".",
)
@handle_errors
def plot(
    name: Annotated[str, typer.Argument(help=catalogue.choices(catalogue.PLOTS))] = "all",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder: new, empty or one `tmb plot` wrote [default: build/plots/]."),
    ] = None,
    graph_dir: GraphDir = default_build(),
) -> None:
    """Write static plots as PNG and SVG (the help lists :data:`tmb_graph.catalogue.PLOTS`)."""
    from tmb_graph.view.plots import write_plots

    for p in write_plots(graph_dir, name, out):
        out_console.print(f"{p.name}: {p.png} and {p.svg} ({p.seconds:.2f} s)")


@app.command("report")
@handle_errors
def report(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder, replaced as a whole: new, empty or one `tmb report` wrote [default: build/report/]."
        ),
    ] = None,
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
    file: Annotated[
        Path, typer.Argument(help="The file to write (e.g. build/exports/tmb.gexf), or - for standard output.")
    ],
    graph_dir: GraphDir = default_build(),
    no_provenance: Annotated[
        bool,
        typer.Option(
            "--no-provenance",
            help="Leave out the provenance: DERIVED_FROM and SEE_ALSO edges and the Section and Document nodes.",
        ),
    ] = False,
    projection: Annotated[
        str | None,
        typer.Option(
            "--projection",
            metavar="KIND",
            help="Write a two-mode network instead of the graph: org-body (organisation × body, one edge per "
            "pair, weighted by tenures) or person-body (one edge per tenure).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="DATE",
            help="The graph as it stood on this date (YYYY-MM-DD): tenures held then, bodies that existed then.",
        ),
    ] = None,
) -> None:
    """Export the graph as GraphML (yEd, Cytoscape) or GEXF (Gephi) with types, labels and
    dates as attributes; optionally without provenance, on one date, or as the organisation ×
    body or person × body network.

    Example: tmb export-graph gexf build/exports/org-body.gexf --projection org-body --at 2019-10-01
    """
    from tmb_graph.cli.graph import projection_on
    from tmb_graph.readwrite.export import export_graph as run_export

    when = parse_date(at)
    g = projection_on(graph_dir, when)
    path = run_export(graph_dir, fmt, file, g, provenance=not no_provenance, projection=projection, at=when)
    err_console.print(f"wrote {path}", highlight=False)
