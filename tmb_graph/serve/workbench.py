"""What the workbench knows how to answer, without HTTP: schema, library forms, search, node pages.

Everything is read from one :class:`~tmb_graph.workspace.Workspace` (loaded once) and reuses the
library's own rules: parameters are typed by :mod:`tmb_graph.query.params`, names are matched by
:mod:`tmb_graph.query.lookup`, mandates and analyses are those of ``tmb mandates`` and
``tmb analyse``. The HTTP layer (:mod:`tmb_graph.serve.api`) only translates.

Examples
--------
>>> wb = Workbench(Workspace(Path("build/graph")))                 # doctest: +SKIP
>>> [h["id"] for h in wb.search("Kommunförbundet")][:1]             # doctest: +SKIP
['org-kfsk']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tmb_graph.dataset import split_qualified
from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import programme_period
from tmb_graph.query.library import QUERIES, LibraryQuery, extra_folders, find_question, load_library
from tmb_graph.query.lookup import KINDS, NAME_KEYS, find, suggest
from tmb_graph.query.lookup import entries as lookup_entries
from tmb_graph.query.params import ParamValue, parse_params, typed
from tmb_graph.query.result import QueryResult
from tmb_graph.rdf.namespaces import PREFIXES
from tmb_graph.table import cell_json
from tmb_graph.workspace import Workspace

#: labels a search finds besides the kinds ``tmb find`` knows (organisations, bodies, persons,
#: seats, tenures): what an analyst asks about by name
SEARCH_LABELS: dict[str, str] = {
    "Activity": "activity",
    "Goal": "goal",
    "TargetGroup": "target group",
    "IdealLayer": "ideal layer",
    "Observation": "observation",
    "Section": "section",
}
#: suggestions a parameter offers at most (a dataset of 126 programmes has ~5,000 organisations)
SUGGEST_MAX = 500
#: properties that describe a node in a search hit (after its name)
_DESCRIBE = ("name_en", "title_en", "text_en", "label", "kind", "type", "status")
#: node properties shown as text of a search hit (for labels whose name is a long text)
_TEXT_KEYS = ("text", "text_en", "description")


class NotFound(TmbError):
    """A node, question or analysis the graph does not have."""


@dataclass(frozen=True)
class Suggestion:
    """A value a parameter may take, with what it is called."""

    value: str
    label: str


class Workbench:
    """The loaded graph with the question library, ready to answer the workbench's questions.

    Parameters
    ----------
    workspace : Workspace
        The built graph, loaded once.
    queries : Path, optional
        A folder of the user's own questions (added to the library, like ``--queries``).
    """

    def __init__(self, workspace: Workspace, queries: Path | None = None) -> None:
        self.workspace = workspace
        self.library: list[LibraryQuery] = load_library(QUERIES, extra_folders(queries))
        self._within: dict[str, Workbench] = {}

    # -- schema ---------------------------------------------------------------------------------

    def schema(self, sparql: Callable[[str], QueryResult] | None = None) -> dict[str, Any]:
        """The names completion offers: this graph's labels, relationship types, property keys,
        classes and properties (with the predeclared SPARQL prefixes).

        ``sparql`` asks the classes and properties of a store already loaded (the server's SPARQL
        worker); by default the workspace's own store is loaded for them — a second copy of the
        graph, ~6 s and 0.6 GB at 10⁶ triples, which a server must not pay."""
        pg = self.workspace.property_graph
        keys: set[str] = set()
        for node in pg.nodes:
            keys.update(node.props)
        for rel in pg.rels:
            keys.update(rel.props)
        ask = sparql or self.workspace.store.query
        classes = ask("SELECT DISTINCT ?c WHERE { ?s a ?c } ORDER BY ?c").rows
        properties = ask("SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p").rows
        return {
            "labels": sorted(pg.counts_by_label()),
            "relationshipTypes": sorted(pg.counts_by_type()),
            "propertyKeys": sorted(keys),
            "classes": [curie(str(c[0])) for c in classes],
            "properties": [curie(str(p[0])) for p in properties],
            "prefixes": dict(PREFIXES),
        }

    # -- the library ------------------------------------------------------------------------------

    def question(self, name: str) -> LibraryQuery:
        """The library question ``name`` (:class:`NotFound` with "did you mean" otherwise)."""
        try:
            return find_question(self.library, name)
        except TmbError as exc:
            raise NotFound(str(exc)) from None

    def questions(self) -> list[dict[str, Any]]:
        """Every question as a form: titles, typed parameters with suggestions, sections, engines, texts."""
        return [
            {
                "name": q.name,
                "title_en": q.question_en,
                "title_sv": q.question_sv,
                "params": [self.param_form(name, example) for name, example in q.params.items()],
                "sections": list(q.sections),
                "engines": list(q.engines),
                "text": {engine: q.text(engine) for engine in q.engines},
            }
            for q in self.library
        ]

    def param_form(self, name: str, example: str) -> dict[str, Any]:
        """One parameter as a form field: its type (from the example's shape, as ``-p`` types it)
        and suggestions drawn from the data.

        - a date: the first day of every month of the programme's period;
        - the id of a node: every node with that node's label (``org-kfsk`` → every organisation);
        - a value of a node property: every value that property takes (``reason`` → the reasons).
        """
        value = typed(example)
        g = self.workspace.projection
        kind, label, suggestions = "string", None, []
        if isinstance(value, dt.date):
            kind = "date"
            suggestions = self._months()
        elif isinstance(value, bool):
            kind = "bool"
            suggestions = [Suggestion("true", "true"), Suggestion("false", "false")]
        elif isinstance(value, int):
            kind = "int"
        elif example in g:
            kind = "id"
            labels = sorted(g.nodes[example].get("labels", ()))
            label = labels[0] if labels else None
            suggestions = [Suggestion(n, self.display(n)) for n in self._with_label(label)] if label else []
        elif (label := self._shaped_label(example)) is not None:
            # the library's examples are Skåne's ids: another programme, or a dataset (whose ids carry
            # their programme, `skane-2022.org-lst`: such an id asks within its programme,
            # query.scope.qualified_ids), offers its own nodes of that kind, the first as example
            kind = "id"
            nodes = self._with_label(label)
            programmes = self.workspace.programmes
            suggestions = [
                Suggestion(
                    n, f"{self.display(n)} ({split_qualified(n, programmes)[0]})" if programmes else self.display(n)
                )
                for n in nodes[:SUGGEST_MAX]
            ]
            example = nodes[0] if nodes else example
        else:
            suggestions = self._values_like(example)
        return {
            "name": name,
            "type": kind,
            "label": label,
            "example": example,
            "suggestions": [{"value": s.value, "label": s.label} for s in suggestions],
        }

    def bind(self, q: LibraryQuery, given: dict[str, str]) -> dict[str, ParamValue]:
        """Parameters from a form (texts) typed as ``-p name=value`` would be, and checked."""
        return q.bind(parse_params([f"{k}={v}" for k, v in given.items()]))

    def _months(self) -> list[Suggestion]:
        period = programme_period(self.workspace.projection)
        if period is None:
            return []
        out: list[Suggestion] = []
        year, month = period[0].year, period[0].month
        while dt.date(year, month, 1) < period[1]:
            day = dt.date(year, month, 1)
            out.append(Suggestion(day.isoformat(), day.strftime("%B %Y")))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def _shaped_label(self, example: str) -> str | None:
        """The label of the nodes whose (local) ids are shaped like ``example``: ``org-kfsk`` →
        the ``org-…`` nodes (``stockholm-2021.org-…`` on a dataset) → Organisation; None if none."""
        if "-" not in example:
            return None
        return self._id_shapes.get(example.split("-", 1)[0])

    @functools.cached_property
    def _id_shapes(self) -> dict[str, str]:
        """Each id shape (the local id's first word: ``org`` of ``org-kfsk``) → the label most of
        its nodes carry; one pass over the graph for every parameter of every question."""
        programmes = self.workspace.programmes
        counts: dict[str, dict[str, int]] = {}
        for nid, data in self.workspace.projection.nodes(data=True):
            local = split_qualified(str(nid), programmes)[1]
            if "-" in local:
                shape = counts.setdefault(local.split("-", 1)[0], {})
                for lb in data.get("labels", ()):
                    shape[lb] = shape.get(lb, 0) + 1
        return {word: max(sorted(labels), key=lambda lb: labels[lb]) for word, labels in counts.items() if labels}

    def within(self, programme: str) -> Workbench:
        """The workbench of one programme of a dataset (its forms offer that programme's nodes)."""
        found = self._within.get(programme)
        if found is None:
            found = self._within[programme] = Workbench(self.workspace.programme(programme))
            found.library = self.library
        return found

    def _with_label(self, label: str) -> list[str]:
        g = self.workspace.projection
        return sorted(n for n, d in g.nodes(data=True) if label in d.get("labels", ()))

    def _values_like(self, example: str) -> list[Suggestion]:
        """Every value of the node property (or list property) that holds ``example`` somewhere."""
        g = self.workspace.projection
        keys = {
            k
            for _, d in g.nodes(data=True)
            for k, v in d.items()
            if v == example or (isinstance(v, list) and example in v)
        }
        values: set[str] = set()
        for _, d in g.nodes(data=True):
            for k in keys:
                v = d.get(k)
                values.update(str(x) for x in (v if isinstance(v, list) else [v]) if x not in (None, ""))
        return [Suggestion(v, v.replace("_", " ")) for v in sorted(values)]

    # -- search and node pages --------------------------------------------------------------------

    def display(self, nid: str) -> str:
        """What a node is called (its English name where it has one)."""
        data = self.workspace.projection.nodes[nid]
        for key in ("name_en", "name", "title_en", "title", "label", "text_en", "text"):
            if data.get(key):
                return str(data[key])
        return nid

    def search(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Nodes one of whose names (aliases, Swedish and English names) or ids contains ``text``.

        Organisations, bodies, persons, seats and tenures are found as ``tmb find`` finds them
        (:func:`~tmb_graph.query.lookup.find`, whole matches first); activities, goals, target
        groups, ideal layers, observations and sections by the same rule on their names, titles
        and texts.
        """
        g = self.workspace.projection
        needle = text.strip().casefold()
        if not needle:
            raise TmbError("give a text to look for, e.g. Kommunförbundet")
        hits = [(e.id, KINDS[e.kind][1], e.name) for e in find(g, text)]
        found = {h[0] for h in hits}
        whole: list[tuple[str, str, str]] = []
        part: list[tuple[str, str, str]] = []
        for nid, data in g.nodes(data=True):
            kind = next((SEARCH_LABELS[lb] for lb in data.get("labels", ()) if lb in SEARCH_LABELS), None)
            if kind is None or nid in found:
                continue
            names = [str(nid), *_names(data)]
            if any(needle == n.casefold() for n in names):
                whole.append((nid, kind, self.display(nid)))
            elif any(needle in n.casefold() for n in names):
                part.append((nid, kind, self.display(nid)))
        exact = [h for h in hits if _whole_hit(g.nodes[h[0]], h[0], needle)]
        rest = [h for h in hits if h not in exact]
        ordered = exact + sorted(whole) + rest + sorted(part)
        return [
            {"id": nid, "kind": kind, "name": name, "labels": sorted(g.nodes[nid].get("labels", ()))}
            for nid, kind, name in ordered[:limit]
        ]

    def node(self, nid: str) -> dict[str, Any]:
        """Everything the graph says about one node, each statement with its provenance.

        Returns its labels and properties; its sources (``DERIVED_FROM``: section, evidence
        snippet, stated or inferred); and every relationship in and out, with the node at the
        other end (id, name, labels) and the relationship's own properties (role, involvement,
        ``inferred``, ``section``, ``note`` where the mapping gives them).

        Raises
        ------
        NotFound
            For an id the graph does not have (with the closest ids and names).
        """
        g = self.workspace.projection
        if nid not in g:
            pool = lookup_entries(g)
            raise NotFound(f"no node '{nid}' in the graph{suggest(nid, pool)}")
        data = g.nodes[nid]
        sources = []
        for _, target, key, rel in g.out_edges(nid, keys=True, data=True):
            if key == "DERIVED_FROM":
                sec = g.nodes[target]
                sources.append(
                    {
                        "section": str(sec.get("number", target)),
                        "section_id": target,
                        "title": str(sec.get("title_en") or sec.get("title") or ""),
                        "evidence": rel.get("evidence"),
                        "inferred": bool(rel.get("inferred")),
                        "note": rel.get("note"),
                    }
                )
        links: list[dict[str, Any]] = []
        for direction, edges in (
            ("out", g.out_edges(nid, keys=True, data=True)),
            ("in", g.in_edges(nid, keys=True, data=True)),
        ):
            for u, v, key, rel in edges:
                if key == "DERIVED_FROM" and direction == "out":
                    continue
                other = v if direction == "out" else u
                links.append(
                    {
                        "direction": direction,
                        "type": key,
                        "node": other,
                        "name": self.display(other),
                        "labels": sorted(g.nodes[other].get("labels", ())),
                        "properties": {k: cell_json(x) for k, x in rel.items() if k != "type"},
                    }
                )
        links.sort(key=lambda r: (r["direction"], r["type"], r["node"]))
        return {
            "id": nid,
            "name": self.display(nid),
            "labels": sorted(data.get("labels", ())),
            "properties": {k: cell_json(v) for k, v in sorted(data.items()) if k != "labels"},
            "sources": sorted(sources, key=lambda s: _section_key(s["section"])),
            "links": links,
        }


def _names(data: dict[str, Any]) -> list[str]:
    """Every name of a node (the name keys lookup uses, aliases, and the texts of goals/observations)."""
    found = [str(data[k]) for k in (*NAME_KEYS, *_TEXT_KEYS) if data.get(k)]
    aliases = data.get("aliases") or []
    if isinstance(aliases, list | tuple):
        found += [str(a) for a in aliases if a]
    return found


def _whole_hit(data: dict[str, Any], nid: str, needle: str) -> bool:
    return any(needle == n.casefold() for n in [nid, *_names(data)])


def _section_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def curie(iri: str) -> str:
    """``iri`` with the longest predeclared prefix that fits (``org:Post``), else ``<iri>``.

    Examples
    --------
    >>> curie("http://www.w3.org/ns/org#Post")
    'org:Post'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")) and _local_ok(iri[len(ns) :]):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>"


def _local_ok(local: str) -> bool:
    return bool(local) and all(c.isalnum() or c in "_-." for c in local) and not local.endswith(".")
