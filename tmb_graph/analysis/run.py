"""Run analyses by name and write them out (``tmb analyse``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

import networkx as nx

from tmb_graph import catalogue
from tmb_graph.dataset import KIND as DATASET_KIND
from tmb_graph.errors import TmbError
from tmb_graph.io import atomic_directory, check_output_dir, visible_entries
from tmb_graph.propertygraph.projection import active_at, load_projection
from tmb_graph.table import Result, node_names

#: every analysis by name, in catalogue order: declared once in :data:`tmb_graph.catalogue.ANALYSES`
ANALYSES: dict[str, Callable[[nx.MultiDiGraph], Result]] = {
    e.name: catalogue.resolve(e.target) for e in catalogue.ANALYSES
}
FORMATS = ("table", "csv", "tsv", "json", "jsonl", "md")
#: analyses that measure a window of days themselves (catalogue option ``between``): ``at`` is
#: passed to them as one day of the whole graph, never as the graph cut to that day
_DATED = frozenset(e.name for e in catalogue.ANALYSES if "between" in e.options)


def _run_one(name: str, g: nx.MultiDiGraph, at: dt.date | None, cut: nx.MultiDiGraph | None = None) -> Result:
    """``ANALYSES[name]`` on ``g`` as it stood on ``at`` (``cut``: ``active_at(g, at)`` if already made)."""
    if at is None:
        return ANALYSES[name](g)
    if name in _DATED:
        return cast(Callable[..., Result], ANALYSES[name])(g, at=at)
    return ANALYSES[name](active_at(g, at) if cut is None else cut)


def run_analysis(name: str, graph_dir: Path, at: dt.date | None = None, g: nx.MultiDiGraph | None = None) -> Result:
    """Run one analysis on the built graph in ``graph_dir`` (optionally as it stood on ``at``).

    ``g``, when given, is that graph's projection already loaded (a long-lived process's
    :class:`~tmb_graph.workspace.Workspace`); it is not changed.

    Raises
    ------
    TmbError
        For an unknown analysis name or a missing build.
    """
    if name not in ANALYSES:
        raise TmbError(f"unknown analysis '{name}': choose one of {', '.join(ANALYSES)} or 'all'")
    g = load_projection(graph_dir) if g is None else g
    result = _run_one(name, g, at)
    result.names = node_names(g.nodes(data=True))
    return result


def render(result: Result, fmt: str, table: str | None = None) -> str:
    """Text of a result in ``csv``, ``tsv``, ``json``, ``jsonl`` or ``md`` (``table`` is drawn by the CLI).

    CSV, TSV and JSON Lines hold one table — ``table``, or the only one — so that pandas or a
    spreadsheet reads them as they are; JSON and Markdown hold every table unless ``table`` is
    given (JSON: ``{"analysis", "summary", "tables": {NAME: rows}}``). Names stand beside ids
    (:meth:`~tmb_graph.table.Result.named_tables`).

    Raises
    ------
    TmbError
        For an unknown format, or an unknown table, or none chosen where one is needed (the
        message lists the table names).
    """
    if fmt not in FORMATS or fmt == "table":
        raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(f for f in FORMATS if f != 'table')}")
    if table is not None or fmt in ("csv", "tsv", "jsonl"):
        return result.table(table).render(fmt)
    tables = result.named_tables()
    if fmt == "json":
        document = {
            "analysis": result.name,
            "summary": result.summary(),
            "tables": {t.name: t.json_rows() for t in tables},
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return f"## {result.name}\n\n{result.summary()}\n\n" + "\n".join(
        f"### {t.name}\n\n{t.to_markdown()}" for t in tables
    )


def describe_graph(graph_dir: Path) -> str:
    """The built graph named without a local path (reports are shared; paths say nothing there):
    its data namespace and the start of its ``graph.nt`` checksum, from ``summary.json``.

    A dataset build does not hash its 350 MB union whole: its summary says so (``digests``) and
    the figure is the digest of the programmes' parts, named as such here.

    Examples
    --------
    >>> describe_graph(Path("build/graph"))                          # doctest: +SKIP
    'https://w3id.org/tmb-graph/data/skane-2018-2020/ (graph.nt sha256 5be9a27e2ea2…)'
    """
    try:
        summary = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
        programmes = summary.get("programmes") if summary.get("kind") == DATASET_KIND else None
        dataset = f"a dataset of {len(programmes)} programmes" if isinstance(programmes, (dict, list)) else None
        namespace = str(summary.get("namespace") or dataset or "the built graph")
        digest = str((summary.get("files") or {}).get("graph.nt") or "")
        kind = "digest of its parts" if summary.get("digests") else "sha256"
    except (OSError, ValueError, AttributeError):
        return "the built graph (`tmb build`)"
    return namespace + (f" (graph.nt {kind} {digest[:12]}…)" if digest else "")


#: the command that owns an analyses folder (written into its marker)
COMMAND = "analyse all"
_TABLE_FILE = re.compile(rf"(?:{'|'.join(ANALYSES)})\.[\w-]+\.(?:csv|json)")


def is_earlier_analyses(folder: Path) -> bool:
    """Whether ``folder`` is the output of an earlier ``tmb analyse all``, which wrote no marker:
    a ``summary.md`` it wrote and only ``ANALYSIS.TABLE.csv|json`` files beside it."""
    names = visible_entries(folder)
    try:
        head = (folder / "summary.md").read_text(encoding="utf-8")[:40]
    except (OSError, ValueError):
        return False
    return head.startswith("# tmb_graph analyses") and all(
        n == "summary.md" or (_TABLE_FILE.fullmatch(n) and (folder / n).is_file()) for n in names
    )


def analyse_all(
    graph_dir: Path,
    out: Path,
    at: dt.date | None = None,
    only: list[str] | None = None,
    g: nx.MultiDiGraph | None = None,
) -> dict[str, Result]:
    """Run every analysis (or those named in ``only``); write each table as CSV and JSON, and
    one ``summary.md``, to ``out`` (names beside ids, as ``tmb analyse NAME`` prints them).
    ``g``, when given, is that graph's projection already loaded; it is not changed.

    The directory is replaced atomically when everything succeeded. ``out`` must be new, empty,
    or an earlier ``analyse all`` output, and may not hold or lie inside ``graph_dir``
    (:class:`tmb_graph.io.OutputError` otherwise, before anything is computed).
    """
    reads = (graph_dir,)
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_analyses)
    g = load_projection(graph_dir) if g is None else g
    cut = active_at(g, at) if at is not None else None
    for name in only or []:
        if name not in ANALYSES:
            raise TmbError(f"unknown analysis '{name}': choose one of {', '.join(ANALYSES)} or 'all'")
    names = node_names(g.nodes(data=True))
    results = {name: _run_one(name, g, at, cut) for name in ANALYSES if only is None or name in only}
    for result in results.values():
        result.names = names
    heading = f"Graph: {describe_graph(graph_dir)}" + (f", as on {at}" if at else "")
    write_analyses(out, results, heading, reads)
    return results


def write_analyses(out: Path, results: Mapping[str, Result], heading: str, reads: tuple[Path, ...]) -> None:
    """Write analysis results as ``tmb analyse all`` does: each table as CSV and JSON, and ``summary.md``.

    The folder is replaced in one step under the file rules of :mod:`tmb_graph.io` (new, empty
    or one ``tmb analyse`` wrote); ``heading`` is the line under the title (which graph, which day).
    """
    with atomic_directory(out, COMMAND, reads=reads, earlier=is_earlier_analyses) as tmp:
        md = ["# tmb_graph analyses", "", heading, ""]
        for name, result in results.items():
            for table in result.named_tables():
                (tmp / f"{name}.{table.name}.csv").write_text(table.to_csv(), encoding="utf-8")
                (tmp / f"{name}.{table.name}.json").write_text(table.to_json() + "\n", encoding="utf-8")
            md.append(render(result, "md"))
        (tmp / "summary.md").write_text("\n".join(md), encoding="utf-8")
