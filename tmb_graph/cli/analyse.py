"""``tmb analyse`` and ``tmb mandates``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tmb_graph import catalogue
from tmb_graph.cli.app import app
from tmb_graph.cli.options import (
    TABLE_FORMATS,
    AnalysisName,
    ColumnsOpt,
    FormatOpt,
    GraphDirOpt,
    OutputOpt,
    PerProgrammeOpt,
    ProgrammeOpt,
)
from tmb_graph.cli.output import (
    emit,
    handle_errors,
    note,
    parse_date,
    resolve_format,
    split_columns,
    usage_error,
    write_table,
)
from tmb_graph.errors import TmbError
from tmb_graph.paths import default_build, default_output

if TYPE_CHECKING:  # imported lazily by the commands, to keep `tmb --help` fast
    from tmb_graph.table import Result

#: the command's help: its first paragraph lists the analyses of :data:`tmb_graph.catalogue.ANALYSES`
_HELP = "\n\n".join(
    (
        "Run an analysis of the built graph: "
        + ", ".join(f"{e.title[0].lower()}{e.title[1:]} ({e.name})" for e in catalogue.ANALYSES)
        + "; network takes --by month|quarter|year, --body ID, --at DATE or --between A B.",
        "The summary goes to stderr, the tables to stdout: a terminal shows every table; CSV, TSV and JSON Lines hold one (--table NAME; without it, in a pipe, the first); JSON and Markdown hold all of them. Names stand beside ids.",
        "Examples: tmb analyse goals --table reasons --format csv; tmb analyse all (every table as CSV and JSON files plus summary.md in build/analyses/); tmb analyse gaps --out DIR (its tables as files).",
    )
)


@app.command(help=_HELP)
@handle_errors
def analyse(
    name: AnalysisName,
    at: Annotated[
        str | None, typer.Option("--at", metavar="DATE", help="Only tenures held on this date (YYYY-MM-DD).")
    ] = None,
    fmt: FormatOpt = "auto",
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            metavar="NAME",
            help="The table to write, for an analysis with several (csv, tsv and jsonl hold one table; "
            "a wrong name lists the right ones).",
        ),
    ] = None,
    columns: ColumnsOpt = None,
    output: OutputOpt = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="PERIOD", help="network: one row per month, quarter or year [default: quarter]."),
    ] = None,
    body: Annotated[
        str | None, typer.Option("--body", metavar="ID", help="network: measure this body of the programme alone.")
    ] = None,
    between: Annotated[
        tuple[str, str] | None,
        typer.Option("--between", metavar="A B", help="network: measure the days from A up to B (YYYY-MM-DD)."),
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write the tables as CSV and JSON files plus summary.md (with 'all': every analysis) to this "
            "folder, replaced as a whole; new, empty or "
            "one `tmb analyse all` wrote [default: build/analyses/].",
            show_default=False,
        ),
    ] = None,
    programme: ProgrammeOpt = None,
    per_programme: PerProgrammeOpt = False,
) -> None:
    """Run an analysis of the built graph (its help text is :data:`_HELP`, from the catalogue)."""
    from tmb_graph.analysis.run import analyse_all, render, run_analysis
    from tmb_graph.cli.graph import workspace  # its projection is settled when national (tmb_graph.heap)
    from tmb_graph.query.scope import choose_programmes

    when = parse_date(at)
    scope = choose_programmes(graph_dir, programme, per_programme)
    network_opts = [opt for opt, value in (("--by", by), ("--body", body), ("--between", between)) if value]
    spec = catalogue.entry(catalogue.ANALYSES, name)
    takes = spec is not None and all(opt.removeprefix("--") in spec.options for opt in network_opts)
    if network_opts and (not takes or out is not None):
        raise usage_error(f"{', '.join(network_opts)} belong to `tmb analyse network` (without --out)", network_opts[0])
    if name == "all" or out is not None:
        given = [opt for opt, value in (("--output", output), ("--table", table), ("--columns", columns)) if value]
        if given:
            raise usage_error(
                f"{', '.join(given)} choose what one table on stdout shows; `analyse all` and --out DIR write "
                "every table as files — leave them out, or ask for one analysis without --out",
                given[0],
            )
        target = out or default_output("analyses")
        only = None if name == "all" else [name]
        results: dict[str, Result]
        if scope is not None:
            from tmb_graph.analysis.per_programme import analyse_all_per_programme

            results = dict(analyse_all_per_programme(graph_dir, scope, target, when, only))
        else:
            results = dict(analyse_all(graph_dir, target, when, only, g=workspace(graph_dir).projection))
        for each in results.values():
            note(f"{each.name}: {each.summary()}")
        note(f"written to {target}")
        return
    explicit = fmt.strip().lower() != "auto"
    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    wanted = split_columns(columns)
    if spec is not None:  # a wrong or missing table name is refused before the graph is loaded
        _check_table(name, table, list(spec.tables), _one_table(fmt, explicit, wanted, output))
    result: Result
    window = None
    if between:
        try:
            window = (dt.date.fromisoformat(between[0]), dt.date.fromisoformat(between[1]))
        except ValueError:
            raise usage_error(f"--between {between[0]} {between[1]}: give two dates, YYYY-MM-DD", "--between") from None
    if scope is not None and name == "network" and network_opts:
        from tmb_graph.analysis.network import run_network
        from tmb_graph.analysis.per_programme import PerProgramme

        whatif = table in (None, "whatif")
        result = PerProgramme(
            name, [(p, run_network(p.folder, by or "quarter", body, when, window, whatif=whatif)) for p in scope]
        )
    elif scope is not None:
        from tmb_graph.analysis.per_programme import analyse_per_programme

        result = analyse_per_programme(name, scope, when)
    elif name == "network":
        from tmb_graph.analysis.network import run_network

        result = run_network(
            graph_dir,
            by or "quarter",
            body,
            when,
            window,
            g=workspace(graph_dir).projection,
            whatif=table in (None, "whatif"),
        )
    else:
        result = run_analysis(name, graph_dir, when, g=workspace(graph_dir).projection)
    tables = result.named_tables()
    note(f"{result.name}: {result.summary()}")
    one = _one_table(fmt, explicit, wanted, output)
    _check_table(name, table, [t.name for t in tables], one)
    if table is None and len(tables) > 1:
        if one is None and fmt in ("json", "md"):
            emit(render(result, fmt), output, "analyse", reads=(graph_dir,))
            return
        if one is None:
            for t in tables:
                write_table(t, fmt, None, "analyse", title=t.name)
            return
        table = tables[0].name
        note(f"table '{table}' (also: {', '.join(t.name for t in tables[1:])}; choose with --table NAME)")
    try:
        chosen = result.table(table)
    except TmbError as err:
        raise usage_error(str(err), "--table") from None
    if wanted is not None:
        chosen = chosen.select(wanted)
    write_table(chosen, fmt, output, "analyse", title=chosen.name if fmt == "table" else None, reads=(graph_dir,))


def _one_table(fmt: str, explicit: bool, wanted: list[str] | None, output: Path | None) -> bool | None:
    """How many tables the output can hold: None — all of them (JSON and Markdown, or a terminal,
    without --columns); False — one, the first unless --table says (an automatic format in a
    pipe); True — one, which --table must name (a format or --columns asked for)."""
    if wanted is None and (fmt in ("json", "md") or (fmt == "table" and output is None)):
        return None
    return explicit or wanted is not None


def _check_table(name: str, table: str | None, names: list[str], one: bool | None) -> None:
    """Refuse a --table the analysis does not have, or its absence where one table must be named."""
    listed = ", ".join(names)
    if table is not None and names and table not in names:
        raise usage_error(f"'{name}' has no table '{table}': choose one of {listed}", "--table")
    if table is None and one and len(names) > 1:
        raise usage_error(f"'{name}' has {len(names)} tables ({listed}): choose one with --table NAME", "--table")


@app.command()
@handle_errors
def mandates(
    at: Annotated[
        str | None, typer.Option("--at", metavar="DATE", help="Tenures held on this date (YYYY-MM-DD).")
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org", metavar="ID", help="Organisation id or name, e.g. org-kfsk or KFSK (its units count too)."
        ),
    ] = None,
    body: Annotated[str | None, typer.Option("--body", metavar="ID", help="Body id or name, e.g. wg-est.")] = None,
    person: Annotated[
        str | None, typer.Option("--person", metavar="ID", help="Person id or name, e.g. p-kfsk-vu (see `tmb find`).")
    ] = None,
    fmt: FormatOpt = "auto",
    columns: ColumnsOpt = None,
    output: OutputOpt = None,
    graph_dir: GraphDirOpt = default_build(),
    programme: ProgrammeOpt = None,
    per_programme: PerProgrammeOpt = False,
) -> None:
    """Who held which mandate for what, and when: holder, organisation and body (ids with names), role, authority type, from–to with precision, and the source sections.

    On a dataset build, --programme NAME lists one programme's mandates (as its own build would),
    --per-programme every programme's, in one table led by programme, county and year.

    Example: tmb mandates --at 2019-10-01 --body wg-far --columns holder_label,organisation_name,role
    """
    from tmb_graph.cli.graph import projection_on
    from tmb_graph.query.mandates import mandates as list_mandates
    from tmb_graph.query.scope import choose_programmes, combines
    from tmb_graph.table import node_names

    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    when = parse_date(at)
    scope = choose_programmes(graph_dir, programme, per_programme)
    if scope is not None:
        from tmb_graph.query.mandates import mandates_within

        table = mandates_within(scope, when, org, body, person, combine=combines(scope, per_programme))
    else:
        g = projection_on(graph_dir, when)
        table = list_mandates(g, when, org, body, person).with_names(node_names(g.nodes(data=True)))
    wanted = split_columns(columns)
    if wanted is not None:
        table = table.select(wanted)
    title = f"{len(table.rows)} mandate(s)" if fmt == "table" else None
    write_table(table, fmt, output, "mandates", title=title, reads=(graph_dir,))
