"""``tmb analyse`` and ``tmb mandates``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tmb_graph.cli.app import app
from tmb_graph.cli.options import AnalysisName, GraphDirOpt
from tmb_graph.cli.output import handle_errors, out_console, parse_date, rich_table
from tmb_graph.errors import TmbError
from tmb_graph.paths import default_build


@app.command()
@handle_errors
def analyse(
    name: AnalysisName,
    at: Annotated[str | None, typer.Option("--at", help="Only tenures held on this date (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | md")] = "table",
    graph_dir: Annotated[Path, typer.Option("--graph-dir", help="Built graph [default: build/].")] = default_build(),
    out: Annotated[
        Path | None, typer.Option("--out", help="With 'all': directory for CSV, JSON and summary.md.")
    ] = None,
) -> None:
    """Run an analysis of the built graph: organisational gaps, representative turnover, the
    missing project-group layer, the co-creator/passive-recipient distance, goal attainment.

    `tmb analyse all --out DIR` writes every table as CSV and JSON plus a Markdown summary.
    """
    import datetime as dt

    from tmb_graph.analysis.run import analyse_all, render, run_analysis

    when = parse_date(at)
    if name == "all":
        target = out or (graph_dir / "analyses")
        results = analyse_all(graph_dir, target, when)
        for result in results.values():
            out_console.print(f"[bold]{result.name}[/]: {result.summary()}")
        out_console.print(f"written to {target}")
        return
    result = run_analysis(name, graph_dir, when)
    if fmt == "table":
        out_console.print(f"[bold]{result.name}[/]: {result.summary()}")
        for table in result.tables():
            out_console.print(rich_table(table.name, table.columns, table.rows))
        return
    print(render(result, fmt))
    _ = dt


@app.command()
@handle_errors
def mandates(
    at: Annotated[str | None, typer.Option("--at", help="Tenures held on this date (YYYY-MM-DD).")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisation id (its units count too).")] = None,
    body: Annotated[str | None, typer.Option("--body", help="Body id, e.g. wg-est.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Person id, e.g. p-kfsk-vu.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | md")] = "table",
    graph_dir: GraphDirOpt = default_build(),
) -> None:
    """Who held which mandate for what, and when: holder, organisation, body, role, authority
    type, from–to with precision, and the source sections."""
    from tmb_graph.analysis.projection import load_projection
    from tmb_graph.query.mandates import mandates as list_mandates

    table = list_mandates(load_projection(graph_dir), parse_date(at), org, body, person)
    if fmt == "table":
        out_console.print(rich_table(f"{len(table.rows)} mandate(s)", table.columns, table.rows))
    elif fmt == "csv":
        print(table.to_csv(), end="")
    elif fmt == "json":
        print(table.to_json())
    elif fmt == "md":
        print(table.to_markdown(), end="")
    else:
        raise TmbError(f"unknown format '{fmt}': choose table, csv, json or md")
