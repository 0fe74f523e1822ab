"""``tmb validate``, ``tmb build``, ``tmb generate`` and ``tmb synth``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tmb_graph.cli.app import app
from tmb_graph.cli.options import DataArg, SourcesOpt
from tmb_graph.cli.output import counts_table, err_console, handle_errors, note, print_rich, progress_bar
from tmb_graph.paths import default_data, default_graph_dir, default_output

JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", min=1, help="Dataset: worker processes [default: one per core]."),
]


@app.command()
@handle_errors
def validate(
    folder: DataArg = default_data(),
    sources: SourcesOpt = None,
    shacl: Annotated[bool, typer.Option(help="Also check the built graph against the SHACL shapes.")] = True,
    jobs: JobsOpt = None,
) -> None:
    """Check the data: schema, references, dates, seats, evidence snippets, SHACL.

    Exits 1 and lists every problem (file:line, record, field, what is wrong, how to fix). A
    folder of programme folders is checked programme by programme in parallel; programmes the
    build in build/graph/ holds with unchanged inputs are not checked again.
    """
    from tmb_graph.dataset import is_dataset_folder, validate_dataset
    from tmb_graph.validate.run import validate_folder

    if is_dataset_folder(folder):
        with progress_bar("validating programmes") as tick:
            checked = validate_dataset(folder, sources, shacl, jobs=jobs, cache=default_graph_dir(), progress=tick)
        _messages(checked.notes, checked.warnings)
        print_rich(
            f"[green]valid:[/] {folder} ({len(checked.programmes)} programmes, {checked.counts['triples']} "
            f"triples checked, {len(checked.reused)} unchanged since the last build)"
        )
        return
    result = validate_folder(folder, sources, shacl)  # None: the default folder, a warning if absent
    _messages(result.notes, result.warnings)
    unchecked = "" if result.evidence_checked else " [bold yellow](evidence not checked)[/]"
    print_rich(f"[green]valid:[/] {folder} ({len(result.graph)} triples){unchecked}")


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
    jobs: JobsOpt = None,
    incremental: Annotated[
        bool, typer.Option(help="Dataset: reuse the programmes of the previous build whose inputs did not change.")
    ] = True,
) -> None:
    """Validate the data and write the graph (Turtle, N-Triples, JSON-LD + context, summary).

    The output directory is replaced in one atomic step, only when everything succeeded; the
    same input always gives byte-identical files. A folder of programme folders is built into
    one dataset: graph.nt (all programmes), dataset.nq (one named graph per programme) and
    programmes/NAME/ (each programme's own files), in parallel and incrementally.
    """
    from tmb_graph.dataset import is_dataset_folder
    from tmb_graph.pipeline import build as run_build

    if is_dataset_folder(folder):
        _build_dataset(folder, out, sources, shacl, as_json, jobs, incremental)
        return
    summary = run_build(folder, out, sources, shacl)  # None: the default folder, a warning if absent
    _messages(summary.notes, summary.warnings)
    if as_json:
        print(json.dumps({"out": str(summary.out), "counts": summary.counts, "checks": summary.checks}, indent=2))
        return
    print_rich(counts_table(summary.counts, f"Built {summary.out}"))


def _messages(notes: list[str], warnings: list[str]) -> None:
    """What a check did and did not do, on stderr: notes, then warnings."""
    for line in notes:
        note(line)
    for warning in warnings:  # one line each, as notes: a log is read by grep
        err_console.print(f"[bold yellow]warning:[/] {warning}", soft_wrap=True)


def _build_dataset(
    folder: Path, out: Path, sources: Path | None, shacl: bool, as_json: bool, jobs: int | None, incremental: bool
) -> None:
    """``tmb build DATASET``: every programme, then one line per programme and the totals."""
    from rich.table import Table as RichTable

    from tmb_graph.dataset import build_dataset

    with progress_bar("building programmes") as tick:
        summary = build_dataset(folder, out, sources, shacl, jobs=jobs, incremental=incremental, progress=tick)
    _messages(summary.notes, summary.warnings)
    if as_json:
        programmes = {
            name: {"counts": r.counts, "checks": r.checks, "reused": r.reused, "graph": r.namespace}
            for name, r in summary.programmes.items()
        }
        document = {"out": str(summary.out), "counts": summary.counts, "programmes": programmes}
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    keys = ("bodies", "persons", "memberships", "activities", "triples")
    table = RichTable(title=f"Built {summary.out} ({len(summary.reused)} unchanged)", header_style="bold")
    for column in ("programme", *keys):
        table.add_column(column, justify="left" if column == "programme" else "right")
    for name, r in summary.programmes.items():
        table.add_row(name + (" (unchanged)" if r.reused else ""), *(str(r.counts.get(k, 0)) for k in keys))
    table.add_row("total", *(str(summary.counts.get(k, 0)) for k in keys), style="bold")
    print_rich(table)


@app.command()
@handle_errors
def generate(
    check: Annotated[bool, typer.Option("--check", help="Only report drift; exit 1 if a file is stale.")] = False,
) -> None:
    """Regenerate the derived files: JSON-LD context, vocabulary docs, the closed tmb: namespace, the README tables and the data field reference."""
    from tmb_graph.rdf.vocab_source import refresh_vocab, vocab_file

    # the closed tmb: namespace first: the generator imports it, so a term new in tmb.ttl must reach it
    first = [vocab_file()] if refresh_vocab(write=not check) else []
    if check and first:
        err_console.print(f"stale generated files: {first[0]} (and perhaps more); run `tmb generate`")
        raise typer.Exit(1)
    from tmb_graph.generate import regenerate

    stale = first + regenerate(write=not check)
    if check and stale:
        err_console.print(f"stale generated files: {', '.join(map(str, stale))}; run `tmb generate`")
        raise typer.Exit(1)
    verb = "would update" if check else "updated"
    print_rich(f"{verb}: {', '.join(map(str, stale)) or 'nothing (all up to date)'}")


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
    note(f"wrote {len(folders)} synthetic programmes to {out}")  # a message: stdout stays for data
