"""A question within one programme of a dataset build, or per programme in one table.

A dataset build (``tmb build DIR`` of programme folders) holds every programme's own build in
``programmes/NAME/`` — byte for byte what ``tmb build DIR/NAME`` writes. That folder is the
scope of a programme: the SPARQL store, the FalkorDB graph and the projection of a programme
are made from it, so a question asked within a programme gets the answer of that programme's
own build by construction (plain ids, the programme's IRIs), whatever the question's text.
Nothing in a query text changes; the engines only load another, smaller graph:

- SPARQL: one store per programme (its ``graph.nt`` with the ontology) in the same worker
  process (:class:`~tmb_graph.query.worker.SparqlWorker` ``scoped``). Not the union store with
  ``default_graph=<programme IRI>``: the programme's triples would have to be held twice (the
  union's default graph and a named graph), and pyoxigraph counts a triple once per graph when a
  default graph is several graphs (the ontology beside the programme), which changes ``COUNT``s;
- Cypher: one FalkorDB graph per programme on the one server (FalkorDB holds many named
  graphs), loaded from the programme's own property graph. Not a ``programme`` property filter:
  that would need every query text rewritten, and its ids would stay qualified;
- projections (mandates, analyses): :meth:`Workspace.programme <tmb_graph.workspace.Workspace.programme>`.

Examples
--------
>>> progs = choose_programmes(Path("build/graph"), ["skane-2021"], every=False)   # doctest: +SKIP
>>> [p.folder.name for p in progs]                                               # doctest: +SKIP
['skane-2021']
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tmb_graph.dataset import (
    PROGRAMMES,
    built_programmes,
    is_dataset_build,
    qualified_id,
    qualifier,
    split_qualified,
)
from tmb_graph.errors import TmbError
from tmb_graph.paths import built_graph_file
from tmb_graph.query.result import QueryResult
from tmb_graph.table import Table

#: how ``tmb synth`` (and the real data) name a programme folder: county, then year or period
_NAME = re.compile(r"^(?P<county>.+?)-(?P<year>\d{4}(?:-\d{4})?)$")
#: the leading columns of a table per programme
SCOPE_COLUMNS = ("programme", "county", "year")

V = TypeVar("V")


@dataclass(frozen=True)
class Programme:
    """One programme of a build: its name, named graph (namespace IRI) and build folder.

    Examples
    --------
    >>> p = Programme("stockholm-2021", "https://w3id.org/tmb-graph/synthetic/stockholm-2021/", Path("x"))
    >>> p.county, p.year
    ('stockholm', '2021')
    """

    name: str
    graph: str
    folder: Path

    @property
    def county(self) -> str:
        """The county, as the programme's folder name says it (``stockholm-2021`` → ``stockholm``)."""
        m = _NAME.match(self.name)
        return m.group("county") if m else ""

    @property
    def year(self) -> str:
        """The year or period, as the folder name says it (``skane-2018-2020`` → ``2018-2020``)."""
        m = _NAME.match(self.name)
        return m.group("year") if m else ""

    def cells(self) -> dict[str, str]:
        """The leading cells of this programme's rows: programme, county, year."""
        return {"programme": self.name, "county": self.county, "year": self.year}


def dataset_programmes(graph_dir: Path) -> dict[str, Programme]:
    """The programmes of a dataset build, by name (empty for a one-programme build)."""
    return {
        name: Programme(name, iri, graph_dir / PROGRAMMES / name)
        for name, (iri, _nt) in built_programmes(graph_dir).items()
    }


def _single(graph_dir: Path) -> Programme:
    """A one-programme build as a programme (named by its namespace's last segment)."""
    built_graph_file(graph_dir)
    try:
        summary: Any = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
        namespace = str(summary.get("namespace") or "")
    except (OSError, ValueError, AttributeError):
        namespace = ""
    return Programme(qualifier(namespace) or graph_dir.name, namespace, graph_dir)


def unknown_programme(name: str, known: Sequence[str]) -> TmbError:
    """The error for a programme name a dataset does not hold: did you mean, and the names it does.

    Examples
    --------
    >>> print(unknown_programme("stokholm-2021", ["gotland-2021", "stockholm-2021"]))
    no programme 'stokholm-2021' in the dataset; did you mean 'stockholm-2021'? Its programmes: gotland-2021, stockholm-2021
    """
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    hint = "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""
    listed = ", ".join(known[:30]) + (f" … ({len(known)} in all)" if len(known) > 30 else "")
    return TmbError(f"no programme '{name}' in the dataset{hint} Its programmes: {listed}")


def qualified_ids(
    known: Collection[str], chosen: Sequence[str] | None, every: bool, params: Mapping[str, V]
) -> tuple[str | None, dict[str, V]]:
    """The programme a question's id parameters name, and the parameters with local ids.

    Over a dataset's union a node's id is qualified by its programme (``skane-2021.org-kfsk``:
    the property graph's ids), while within a programme ids are local (``org-kfsk``: the RDF's
    and every programme's own build). A parameter naming a qualified id therefore asks within
    that programme, on both engines alike: the question runs in the programme's scope with the
    local id. Values that do not start with a programme's name and a dot are left as they are.

    Parameters
    ----------
    known : collection of str
        The dataset's programme names (empty for one programme's build: nothing changes).
    chosen : sequence of str, optional
        The programmes ``--programme`` asks for.
    every : bool
        Whether ``--per-programme`` asks for all.
    params : mapping
        The parameters as given.

    Raises
    ------
    TmbError
        When the ids name several programmes, or a programme other than the one asked for
        (or ``--per-programme`` is given: a qualified id names one programme).

    Examples
    --------
    >>> qualified_ids(["skane-2021", "gotland-2021"], None, False, {"org": "skane-2021.org-kfsk", "at": "x"})
    ('skane-2021', {'org': 'org-kfsk', 'at': 'x'})
    >>> qualified_ids(["skane-2021"], None, False, {"org": "org-kfsk"})
    (None, {'org': 'org-kfsk'})
    """
    names = set(known)
    named: dict[str, str] = {}  # parameter → the programme its id names
    local: dict[str, V] = dict(params)
    for key, value in params.items():
        if isinstance(value, str):
            head, rest = split_qualified(value, names)
            if head is not None:
                named[key], local[key] = head, rest  # type: ignore[assignment]  # a str stays a str
    programmes = sorted(set(named.values()))
    if not programmes:
        return None, dict(params)
    given = ", ".join(f"{k}={params[k]}" for k in named)
    if len(programmes) > 1:
        raise TmbError(
            f"the parameters {given} name nodes of {len(programmes)} programmes ({', '.join(programmes)}): "
            "a question is asked within one programme — give ids of one"
        )
    if every or (chosen and list(chosen) != programmes):
        flag = "--per-programme" if every else "--programme"
        raise TmbError(
            f"{given}: a node of {programmes[0]}, but {flag} asks for "
            f"{'every programme' if every else ', '.join(chosen or ())}: leave out {flag} (a qualified id asks "
            "within its programme), or give ids local to the programme asked for"
        )
    return programmes[0], local


def plain_id_hint(graph_dir: Path, params: Mapping[str, object], shown: int = 3) -> str | None:
    """Why a question over a dataset's whole union may have answered nothing: a parameter gave a
    plain id, which names no node there (ids are qualified by programme), though programmes have it.

    None for one programme's build, or when no parameter is the plain id of a node of some
    programme (its IRI, the programme's namespace plus the value, is in its ``graph.nt``). Read
    only after an empty answer: it scans every programme's file once (~0.3 s at 10⁶ triples).

    Examples
    --------
    >>> plain_id_hint(Path("build/graph"), {"org": "org-lst"})           # doctest: +SKIP
    "org=org-lst names no node of the whole dataset, whose ids are qualified by programme: ..."
    """
    built = built_programmes(graph_dir)
    if len(built) < 2:
        return None
    plain = {
        key: value
        for key, value in params.items()
        if isinstance(value, str) and value and "/" not in value and split_qualified(value, built)[0] is None
    }
    found: dict[str, list[str]] = {}
    for namespace, nt_file in built.values():
        try:
            data = nt_file.read_bytes()
        except OSError:
            continue
        for key, value in plain.items():
            if f"<{namespace}{value}> ".encode() in data:
                found.setdefault(key, []).append(qualified_id(namespace, value))
    if not found:
        return None
    key, ids = next(iter(found.items()))
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return (
        f"{key}={plain[key]} names no node of the whole dataset, whose ids are qualified by programme: "
        f"it is {', '.join(ids[:shown])}{more} — give one of them (-p {key}={ids[0]}), or ask within a "
        "programme (--programme NAME, --per-programme)"
    )


def choose_programmes(graph_dir: Path, names: Sequence[str] | None, every: bool) -> list[Programme] | None:
    """The programmes a command asks for: ``names`` (``--programme``), all (``--per-programme``) or none.

    Returns ``None`` when neither is asked (the question runs over the whole build). On a
    one-programme build ``every`` gives that programme; naming one is refused with a message.

    Raises
    ------
    TmbError
        For a name the dataset does not hold (did you mean, and its programmes), ``--programme``
        on a one-programme build, or both options at once.
    """
    names = list(dict.fromkeys(names or ()))
    if not names and not every:
        return None
    if names and every:
        raise TmbError("--programme and --per-programme exclude each other: --per-programme asks every programme")
    if not is_dataset_build(graph_dir):
        if every:
            return [_single(graph_dir)]
        built_graph_file(graph_dir)
        raise TmbError(
            f"--programme: {graph_dir} holds the build of one programme, not a dataset of programmes "
            "(`tmb build DIR` of programme folders) — leave --programme out"
        )
    known = dataset_programmes(graph_dir)
    if every:
        return list(known.values())
    for name in names:
        if name not in known:
            raise unknown_programme(name, list(known))
    return [known[n] for n in names]


def combines(scope: Sequence[Programme], every: bool) -> bool:
    """Whether the answers of ``scope`` make one table led by ``programme``: with
    ``--per-programme``, or more than one programme named; one ``--programme`` answers as its own
    build.

    Examples
    --------
    >>> combines([Programme("a", "", Path("a"))], every=False), combines([], every=True)
    (False, True)
    """
    return every or len(scope) > 1


def combine_results(answers: Sequence[tuple[Programme, QueryResult]]) -> QueryResult:
    """One result with a leading ``programme`` column from the answers of several programmes.

    Examples
    --------
    >>> p = Programme("a-2021", "https://e/a-2021/", Path("a"))
    >>> combine_results([(p, QueryResult(["n"], [(3,)]))]).rows
    [('a-2021', 3)]
    """
    if not answers:
        return QueryResult(["programme"], [])
    columns = next((r.columns for _, r in answers if r.columns), answers[0][1].columns)
    rows: list[tuple[Any, ...]] = []
    terms: list[tuple[Any, ...]] | None = [] if all(r.terms is not None for _, r in answers) else None
    for programme, result in answers:
        rows += [(programme.name, *row) for row in result.rows]
        if terms is not None and result.terms is not None:
            cell = {"type": "literal", "value": programme.name}
            terms += [(cell, *t) for t in result.terms]
    kind = "select" if answers[0][1].kind in ("select", "ask", "graph") else answers[0][1].kind
    # a question with its own `programme` column keeps it as `programme.1` (as pandas names a repeat)
    own = [f"{c}.1" if c == "programme" else c for c in columns]
    return QueryResult(["programme", *own], rows, kind, terms)


def combine_tables(name: str, tables: Sequence[tuple[Programme, Table]]) -> Table:
    """One table with leading ``programme``, ``county``, ``year`` columns from one table per programme.

    Examples
    --------
    >>> p = Programme("a-2021", "https://e/a-2021/", Path("a"))
    >>> combine_tables("t", [(p, Table("t", ["year", "n"], [{"year": 2022, "n": 1}]))]).rows
    [{'programme': 'a-2021', 'county': 'a', 'year': '2021', 'year.1': 2022, 'n': 1}]
    """
    # a table's own `year` (or `programme`, `county`) column stays, as `year.1` (as pandas names a repeat)
    own = {c: f"{c}.1" if c in SCOPE_COLUMNS else c for _, table in tables for c in table.columns}
    columns: list[str] = list(SCOPE_COLUMNS)
    for _, table in tables:
        columns += [own[c] for c in table.columns if own[c] not in columns]
    rows = [
        {**programme.cells(), **{own[k]: v for k, v in row.items()}}
        for programme, table in tables
        for row in table.rows
    ]
    return Table(name, columns, [{c: r.get(c) for c in columns} for r in rows])
