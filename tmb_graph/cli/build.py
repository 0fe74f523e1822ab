"""``tmb validate``, ``tmb build``, ``tmb generate`` and ``tmb synth``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tmb_graph.cli.app import app
from tmb_graph.cli.options import DataArg, SourcesOpt
from tmb_graph.cli.output import counts_table, err_console, handle_errors, out_console, print_rich
from tmb_graph.paths import default_data, default_graph_dir, default_output


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

    result = validate_folder(folder, sources, shacl)  # None: the default folder, a warning if absent
    for note in result.notes:
        err_console.print(f"[dim]{note}[/]")
    for warning in result.warnings:
        err_console.print(f"[bold yellow]warning:[/] {warning}", highlight=False)
    unchecked = "" if result.evidence_checked else " [bold yellow](evidence not checked)[/]"
    out_console.print(f"[green]valid:[/] {folder} ({len(result.graph)} triples){unchecked}", highlight=False)


@app.command()
@handle_errors
def build(
    folder: DataArg = default_data(),
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Output folder, replaced as a whole: new, empty or one `tmb build` wrote [default: build/graph/].",
            show_default=False,
        ),
    ] = default_graph_dir(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Check the SHACL shapes before writing.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Validate the data and write the graph (Turtle, N-Triples, JSON-LD + context, summary).

    The output directory is replaced in one atomic step, only when everything succeeded; the
    same input always gives byte-identical files.
    """
    from tmb_graph.pipeline import build as run_build

    summary = run_build(folder, out, sources, shacl)  # None: the default folder, a warning if absent
    for note in summary.notes:
        err_console.print(f"[dim]{note}[/]")
    for warning in summary.warnings:
        err_console.print(f"[bold yellow]warning:[/] {warning}", highlight=False)
    if as_json:
        print(json.dumps({"out": str(summary.out), "counts": summary.counts, "checks": summary.checks}, indent=2))
        return
    print_rich(counts_table(summary.counts, f"Built {summary.out}"))


@app.command()
@handle_errors
def generate(
    check: Annotated[bool, typer.Option("--check", help="Only report drift; exit 1 if a file is stale.")] = False,
) -> None:
    """Regenerate the files derived from the ontology (JSON-LD context, vocabulary docs)."""
    from tmb_graph.generate import regenerate

    stale = regenerate(write=not check)
    if check and stale:
        err_console.print(f"stale generated files: {', '.join(map(str, stale))}; run `tmb generate`")
        raise typer.Exit(1)
    verb = "would update" if check else "updated"
    out_console.print(f"{verb}: {', '.join(map(str, stale)) or 'nothing (all up to date)'}")


@app.command()
@handle_errors
def synth(
    counties: Annotated[int, typer.Option(metavar="N", help="How many counties (1–21).")] = 21,
    years: Annotated[int, typer.Option(metavar="N", help="How many years per county.")] = 5,
    seed: Annotated[int, typer.Option(metavar="N", help="Random seed: the same seed gives byte-identical files.")] = 1,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output folder, replaced as a whole: new, empty or one `tmb synth` wrote; never inside "
            "data/ [default: build/synth/].",
            metavar="DIR",
            show_default=False,
        ),
    ] = default_output("synth"),
) -> None:
    """Write a synthetic national workload (one programme folder per county and year).

    Shaped like the real programme, unmistakably synthetic (own namespace, `synthetic: true`,
    "SYNTETISK" in every name). 21 counties × 5 years is about 10⁶ triples.
    """
    from tmb_graph.synth import synthesise

    folders = synthesise(counties, years, seed, out)
    out_console.print(f"wrote {len(folders)} synthetic programmes to {out}")
