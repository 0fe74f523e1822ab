"""The ``tmb`` command. Each command parses options and calls one documented library function."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from tmb_graph.errors import DataError, TmbError
from tmb_graph.paths import default_build, default_data, default_sources

app = typer.Typer(
    name="tmb",
    help=(
        "tmb_graph: the knowledge graph of Skåne tillsammans mot brott (2018–2020).\n\n"
        "Start with `tmb build` (validate the data and write the graph), then ask it questions "
        "with `tmb query` or `tmb mandates`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

DataArg = Annotated[
    Path,
    typer.Argument(help="Programme folder of YAML files.", show_default="data/skane-2018-2020"),
]
SourcesOpt = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Folder of source texts for the evidence check [default: ../shared/sources].",
    ),
]


def handle_errors(fn: F) -> F:
    """Turn the project's errors into a clear message on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as err:
            err_console.print(f"[bold red]{len(err.issues)} problem(s) in the data:[/]")
            for issue in err.issues:
                # plain writes: rich would wrap long paths and break copy-paste of file:line
                print(f"  {issue}", file=sys.stderr)
            raise typer.Exit(1) from None
        except TmbError as err:
            err_console.print(f"[bold red]error:[/] {err}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _counts_table(counts: dict[str, int], title: str) -> Table:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


@app.command()
@handle_errors
def validate(
    folder: DataArg = default_data(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Also check the built graph against the SHACL shapes.")] = True,
) -> None:
    """Check the data: schema, references, dates, seats, evidence snippets, SHACL.

    Exits 1 and lists every problem (file:line, record, field, what is wrong, how to fix).
    """
    from tmb_graph.validate.run import validate_folder

    result = validate_folder(folder, sources or default_sources(), shacl)
    for note in result.notes:
        err_console.print(f"[dim]{note}[/]")
    out_console.print(f"[green]valid:[/] {folder} ({len(result.graph)} triples)")


@app.command()
@handle_errors
def build(
    folder: DataArg = default_data(),
    out: Annotated[Path, typer.Option("--out", help="Output directory [default: build/].")] = default_build(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Check the SHACL shapes before writing.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Validate the data and write the graph (Turtle, N-Triples, JSON-LD + context, summary).

    The output directory is replaced in one atomic step, only when everything succeeded; the
    same input always gives byte-identical files.
    """
    from tmb_graph.rdf.build import build as run_build

    summary = run_build(folder, out, sources or default_sources(), shacl)
    for note in summary.notes:
        err_console.print(f"[dim]{note}[/]")
    if as_json:
        print(json.dumps({"out": str(summary.out), "counts": summary.counts}, indent=2))
        return
    out_console.print(_counts_table(summary.counts, f"Built {summary.out}"))


@app.command()
@handle_errors
def generate(
    check: Annotated[bool, typer.Option("--check", help="Only report drift; exit 1 if a file is stale.")] = False,
) -> None:
    """Regenerate the files derived from the ontology (JSON-LD context, vocabulary docs)."""
    from tmb_graph.rdf.generated import regenerate

    stale = regenerate(write=not check)
    if check and stale:
        err_console.print(f"stale generated files: {', '.join(map(str, stale))}; run `tmb generate`")
        raise typer.Exit(1)
    verb = "would update" if check else "updated"
    out_console.print(f"{verb}: {', '.join(map(str, stale)) or 'nothing (all up to date)'}")


def main() -> None:  # pragma: no cover - console entry point
    """Entry point of the ``tmb`` console script."""
    sys.exit(app())


AnalysisName = Annotated[str, typer.Argument(help="gaps | turnover | layers | recipients | goals | all")]


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

    when = _parse_date(at)
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
            out_console.print(_rich_table(table.name, table.columns, table.rows))
        return
    print(render(result, fmt))
    _ = dt


def _parse_date(text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TmbError(f"--at '{text}' is not a date: use YYYY-MM-DD") from None


def _rich_table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, show_header=True, header_style="bold", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
                for v in (row.get(c, "") for c in columns)
            )
        )
    return table


@app.command()
@handle_errors
def synth(
    counties: Annotated[int, typer.Option(help="How many counties (1–21).")] = 21,
    years: Annotated[int, typer.Option(help="How many years per county.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives byte-identical files.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Output directory (never inside data/).")] = Path("build/synth"),
) -> None:
    """Write a synthetic national workload (one programme folder per county and year).

    Shaped like the real programme, unmistakably synthetic (own namespace, `synthetic: true`,
    "SYNTETISK" in every name). 21 counties × 5 years is about 10⁶ triples.
    """
    from tmb_graph.synth import synthesise

    folders = synthesise(counties, years, seed, out)
    out_console.print(f"wrote {len(folders)} synthetic programmes to {out}")
