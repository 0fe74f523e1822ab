"""``tmb doctor``: what is installed and working here."""

from __future__ import annotations

from tmb_graph.cli.app import app
from tmb_graph.cli.options import TABLE_FORMATS, FormatOpt, OutputOpt
from tmb_graph.cli.output import handle_errors, note, resolve_format, write_table


@app.command()
@handle_errors
def doctor(fmt: FormatOpt = "auto", output: OutputOpt = None) -> None:
    """Say what is installed and working: the data, the sources folder the evidence check reads, the built graph, FalkorDB, Chromium, Virtuoso and the Node Cypher parser.

    Exits 0 whatever it finds (a missing optional tool only skips its tests); the table goes to stdout.
    """
    from dataclasses import asdict

    from tmb_graph.doctor import diagnose
    from tmb_graph.table import Table

    fmt = resolve_format(fmt, output, TABLE_FORMATS)
    checks = diagnose()
    table = Table("doctor", ["component", "status", "detail", "needed_for"], [asdict(c) for c in checks])
    write_table(table, fmt, output, "doctor", title="tmb doctor" if fmt == "table" else None)
    missing = [c.component for c in checks if c.status != "ok"]
    note(f"not ok: {', '.join(missing)}" if missing else "everything is installed and working")
