"""``tmb view``, ``tmb plot`` and ``tmb report`` (``tmb export`` is in :mod:`tmb_graph.cli.export`).

Each command parses its options and calls one documented library function:
:func:`tmb_graph.view.views.write_views`, :func:`tmb_graph.view.plots.write_plots`,
:func:`tmb_graph.view.report.write_report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmb_graph import catalogue
from tmb_graph.cli.app import app
from tmb_graph.cli.output import err_console, handle_errors, parse_date, print_rich
from tmb_graph.errors import TmbError
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
    programme: Annotated[
        str | None,
        typer.Option(
            "--programme",
            metavar="NAME",
            help="A dataset build: draw the view of this programme alone, from its own build (files named "
            "NAME.VIEW.html); with `national`, its organisation view.",
        ),
    ] = None,
) -> None:
    """Write interactive network views as single HTML files that open offline.

    The whole organisation, one view per work group, the ideal-type organisation beside
    the real one (missing layers in red), recipients on the co-creator ↔ passive continuum,
    and for a dataset of programmes the national picture (counties → programmes → bodies).
    Hover a node or an edge for role, tenure, status and source section.

    Examples: tmb view national; tmb view national --programme stockholm-2021
    """
    from rich.table import Table

    from tmb_graph.cli.graph import projection_on
    from tmb_graph.view.views import write_views

    when = parse_date(at)
    if programme is not None:
        from tmb_graph.view.dataset_views import write_programme_views

        written = write_programme_views(graph_dir, programme, name, out, when)
    elif name == "national":  # from the summaries: 126 programmes without loading their union
        from tmb_graph.view.dataset_views import write_national

        if when is not None:
            raise TmbError("--at applies to the organisation and workgroup views; the national view takes no date")
        written = write_national(graph_dir, out)
    else:
        g = projection_on(graph_dir, when) if when is not None else None
        written = write_views(graph_dir, name, out, when, g=g)
    table = Table(title="views written", header_style="bold")
    for col in ("view", "file", "nodes", "edges", "seconds"):
        table.add_column(col, justify="right" if col in ("nodes", "edges", "seconds") else "left")
    for w in written:
        table.add_row(w.name, str(w.path), str(w.nodes), str(w.edges), f"{w.seconds:.2f}")
    # the page itself may be on stdout (--out -): the table is a message
    if str(out) in ("-", "/dev/stdout"):  # the data went to stdout: the table is a message
        err_console.print(table)
    else:
        print_rich(table)


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
        print_rich(f"{p.name}: {p.png} and {p.svg} ({p.seconds:.2f} s)")


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
    print_rich(
        f"report: {result.path} ({result.tables} analysis tables, {len(result.plots)} plots, "
        f"{len(result.views)} views; {result.seconds:.1f} s)"
    )
