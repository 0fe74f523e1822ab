"""Run analyses by name and write them out (``tmb analyse``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from tmb_graph.analysis.gaps import organisational_gaps
from tmb_graph.analysis.goals import goal_attainment
from tmb_graph.analysis.layers import missing_layers
from tmb_graph.analysis.projection import active_at, load_projection
from tmb_graph.analysis.recipients import recipient_distance
from tmb_graph.analysis.result import Result
from tmb_graph.analysis.turnover import representative_turnover
from tmb_graph.errors import TmbError
from tmb_graph.io import atomic_directory

ANALYSES: dict[str, Callable[[nx.MultiDiGraph], Result]] = {
    "gaps": organisational_gaps,
    "turnover": representative_turnover,
    "layers": missing_layers,
    "recipients": recipient_distance,
    "goals": goal_attainment,
}
FORMATS = ("table", "csv", "json", "md")


def run_analysis(name: str, graph_dir: Path, at: dt.date | None = None) -> Result:
    """Run one analysis on the built graph in ``graph_dir`` (optionally as it stood on ``at``).

    Raises
    ------
    TmbError
        For an unknown analysis name or a missing build.
    """
    if name not in ANALYSES:
        raise TmbError(f"unknown analysis '{name}': choose one of {', '.join(ANALYSES)} or 'all'")
    g = load_projection(graph_dir)
    if at is not None:
        g = active_at(g, at)
    return ANALYSES[name](g)


def render(result: Result, fmt: str) -> str:
    """Text of a result in ``csv``, ``json`` or ``md`` (``table`` is rendered by the CLI)."""
    tables = result.tables()
    if fmt == "json":
        return json.dumps(
            {"analysis": result.name, "summary": result.summary(), **{t.name: t.rows for t in tables}},
            ensure_ascii=False,
            indent=2,
            default=str,
        )
    if fmt == "csv":
        return "\n".join(f"# {t.name}\n{t.to_csv()}" for t in tables)
    if fmt == "md":
        return f"## {result.name}\n\n{result.summary()}\n\n" + "\n".join(
            f"### {t.name}\n\n{t.to_markdown()}" for t in tables
        )
    raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")


def analyse_all(graph_dir: Path, out: Path, at: dt.date | None = None) -> dict[str, Result]:
    """Run every analysis; write each table as CSV and JSON and one ``summary.md`` to ``out``.

    The directory is replaced atomically when everything succeeded.
    """
    g = load_projection(graph_dir)
    if at is not None:
        g = active_at(g, at)
    results = {name: fn(g) for name, fn in ANALYSES.items()}
    with atomic_directory(out) as tmp:
        md = ["# tmb_graph analyses", "", f"Graph: `{graph_dir}`" + (f", as on {at}" if at else ""), ""]
        for name, result in results.items():
            for table in result.tables():
                (tmp / f"{name}.{table.name}.csv").write_text(table.to_csv(), encoding="utf-8")
                (tmp / f"{name}.{table.name}.json").write_text(table.to_json() + "\n", encoding="utf-8")
            md.append(render(result, "md"))
        (tmp / "summary.md").write_text("\n".join(md), encoding="utf-8")
    return results
