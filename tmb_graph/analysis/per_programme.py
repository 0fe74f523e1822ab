"""The analyses of a dataset per programme, in one table each (``tmb analyse NAME --per-programme``).

Each programme is analysed on its own build (``programmes/NAME/`` of a dataset build, see
:mod:`tmb_graph.query.scope`): its projection is that of ``tmb build DIR/NAME``, so its rows
are the rows its own build gives, with its plain ids. Restricting the dataset's projection to
one programme's nodes would give the same nodes, but its ids stay qualified
(``stockholm-2021.wg-1``) and nodes outside every programme (the reference model) would have to
be added back by hand; a programme's own build needs neither. The tables of all programmes are
then stacked, led by ``programme``, ``county`` and ``year`` (as the programme's folder name
says them).

Examples
--------
>>> from tmb_graph.query.scope import choose_programmes                                 # doctest: +SKIP
>>> r = analyse_per_programme("gaps", choose_programmes(Path("build/graph"), None, True))  # doctest: +SKIP
>>> r.tables()[0].columns[:3]                                                          # doctest: +SKIP
['programme', 'county', 'year']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import networkx as nx

from tmb_graph.analysis.run import ANALYSES, COMMAND, is_earlier_analyses, run_analysis, write_analyses
from tmb_graph.dataset import each_programme
from tmb_graph.errors import TmbError
from tmb_graph.io import check_output_dir
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.query.scope import Programme, combine_tables
from tmb_graph.table import Result, Table

#: a programme's projection (a server's cached one, or read from its build folder)
Projection = Callable[[Programme], nx.MultiDiGraph]


class PerProgramme(Result):
    """One analysis run in every programme of a scope: its tables stacked with a programme column."""

    def __init__(self, name: str, results: Sequence[tuple[Programme, Result]]) -> None:
        self.name = name
        self.results = list(results)

    def tables(self) -> list[Table]:
        # names are put beside ids per programme (each programme names its own `org-lst`)
        per: dict[str, list[tuple[Programme, Table]]] = {}
        for programme, result in self.results:
            for table in result.named_tables():
                per.setdefault(table.name, []).append((programme, table))
        return [combine_tables(tname, tables) for tname, tables in per.items()]

    def summary(self) -> str:
        n = len(self.results)
        if n == 1:
            programme, result = self.results[0]
            return f"{programme.name}: {result.summary()}"
        return f"{n} programmes, one row set each (the `programme` column); per programme with --programme NAME"


def analyse_per_programme(
    name: str, scope: Sequence[Programme], at: dt.date | None = None, projection: Projection | None = None
) -> PerProgramme:
    """Run analysis ``name`` in each programme of ``scope`` (on its own build).

    Raises
    ------
    TmbError
        For an unknown analysis name.
    """
    if name not in ANALYSES:
        raise TmbError(f"unknown analysis '{name}': choose one of {', '.join(ANALYSES)} or 'all'")
    graphs = (
        map(projection, scope) if projection is not None else each_programme(load_projection, [p.folder for p in scope])
    )
    results = [(p, run_analysis(name, p.folder, at, g)) for p, g in zip(scope, graphs, strict=True)]
    return PerProgramme(name, results)


def analyse_all_per_programme(
    graph_dir: Path, scope: Sequence[Programme], out: Path, at: dt.date | None = None, only: list[str] | None = None
) -> dict[str, PerProgramme]:
    """Every analysis (or those in ``only``) per programme, written as ``tmb analyse all`` writes:
    one CSV and one JSON per table (with the programme columns) and ``summary.md``.

    ``out`` follows the rules of :func:`~tmb_graph.analysis.run.analyse_all` (new, empty or an
    ``analyse all`` folder; never inside what it reads).
    """
    reads = (graph_dir,)
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_analyses)
    for name in only or []:
        if name not in ANALYSES:
            raise TmbError(f"unknown analysis '{name}': choose one of {', '.join(ANALYSES)} or 'all'")
    # each programme read once for all analyses (in worker processes when there are many)
    graphs = each_programme(load_projection, [p.folder for p in scope])
    projections = dict(zip((p.name for p in scope), graphs, strict=True))
    results = {
        name: analyse_per_programme(name, scope, at, lambda p: projections[p.name])
        for name in ANALYSES
        if only is None or name in only
    }
    write_analyses(out, results, f"Per programme: {len(scope)} programme(s)" + (f", as on {at}" if at else ""), reads)
    return results
