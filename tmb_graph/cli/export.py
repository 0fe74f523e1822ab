"""``tmb export FORMAT [FILE|DIR]``: one door for every export format, and the ``export-graph`` alias.

The formats, their titles and whether each writes a file or a folder come from the registry
:data:`tmb_graph.readwrite.exporters.EXPORTERS`; the command calls
:func:`tmb_graph.readwrite.exporters.export`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tmb_graph.cli.app import app
from tmb_graph.cli.options import GraphDirOpt
from tmb_graph.cli.output import err_console, handle_errors, note, parse_date
from tmb_graph.errors import TmbError
from tmb_graph.paths import default_build
from tmb_graph.readwrite.exporters import EXPORTERS, exporter, names

#: the help of ``tmb export``, one line per format, from the registry
_FORMATS_HELP = "\n\n".join(
    f"{e.name}: {e.title} ({'a folder' if e.output == 'folder' else 'a file'}, default "
    f"build/exports/{e.default_name}{'/' if e.output == 'folder' else ''})"
    for e in EXPORTERS
)
_TAKE_OPTIONS = ", ".join(e.name for e in EXPORTERS if e.options)

NoProvenanceOpt = Annotated[
    bool,
    typer.Option(
        "--no-provenance",
        help="Leave out the provenance: DERIVED_FROM and SEE_ALSO edges and the Section and Document nodes "
        f"({_TAKE_OPTIONS}).",
    ),
]
ProjectionOpt = Annotated[
    str | None,
    typer.Option(
        "--projection",
        metavar="KIND",
        help="Write a two-mode network instead of the graph: org-body (organisation × body, one edge per "
        f"pair, weighted by tenures) or person-body (one edge per tenure) ({_TAKE_OPTIONS}).",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="DATE",
        help="The graph as it stood on this date (YYYY-MM-DD): tenures held then, bodies that existed then "
        f"({_TAKE_OPTIONS}).",
    ),
]


def run_export(
    fmt: str, out: Path | None, graph_dir: Path, no_provenance: bool, projection: str | None, at: str | None
) -> None:
    """Load the graph once, write it as ``fmt``, say on stderr what was written.

    An unknown format, an option the format does not take or a folder format sent to standard
    output is a clear error (exit 1), raised by the library before anything is read.
    """
    from tmb_graph.cli.graph import projection_on, workspace
    from tmb_graph.readwrite.exporters import ExportOptions, export

    spec = exporter(fmt)  # an unknown format: a clear error naming the known ones
    when = parse_date(at)
    if when is not None and "at" in spec.options:
        projection_on(graph_dir, when)  # warns when the date lies outside the programme
    options = ExportOptions(provenance=not no_provenance, projection=projection, at=when)
    written = export(workspace(graph_dir), fmt, out, options)
    err_console.print(written.message(), highlight=False, soft_wrap=True)


@app.command(
    "export",
    help="Write the built graph for other tools, in one of these formats:\n\n"
    + _FORMATS_HELP
    + "\n\nExample: tmb export gexf build/exports/org-body.gexf --projection org-body --at 2019-10-01",
)
@handle_errors
def export_cmd(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=" | ".join(names()))],
    out: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE|DIR]",
            help="Where to write: a file (or - for standard output) for a file format; for a folder format a "
            "folder, replaced as a whole: new, empty or one this command wrote [default: build/exports/NAME].",
            show_default=False,
        ),
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
    no_provenance: NoProvenanceOpt = False,
    projection: ProjectionOpt = None,
    at: AtOpt = None,
) -> None:
    """Write the built graph for other tools (the help lists :data:`tmb_graph.readwrite.exporters.EXPORTERS`)."""
    run_export(fmt, out, graph_dir, no_provenance, projection, at)


@app.command("export-graph", help="The old name of `tmb export FORMAT FILE` (graphml | gexf), kept for scripts.")
@handle_errors
def export_graph(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="graphml | gexf")],
    file: Annotated[
        Path, typer.Argument(help="The file to write (e.g. build/exports/tmb.gexf), or - for standard output.")
    ],
    graph_dir: GraphDirOpt = default_build(),
    no_provenance: NoProvenanceOpt = False,
    projection: ProjectionOpt = None,
    at: AtOpt = None,
) -> None:
    """``tmb export-graph FORMAT FILE``: says what replaced it, then runs ``tmb export FORMAT FILE``."""
    note(f"note: `tmb export-graph` is now `tmb export {fmt} FILE`; this alias runs it")
    if fmt not in ("graphml", "gexf"):
        raise TmbError(f"unknown format '{fmt}': export-graph writes graphml | gexf (`tmb export` takes more)")
    run_export(fmt, file, graph_dir, no_provenance, projection, at)
