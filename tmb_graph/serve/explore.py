"""The organisation over time, computed on the server for the explorer to draw (issue 15).

The browser never decides who held what: every date's state comes from here, and here it comes
from the one rule — the tenures of a day are the rows ``tmb mandates --at DAY`` prints
(:func:`~tmb_graph.query.mandates.mandates`, which applies
:func:`~tmb_graph.propertygraph.projection.held_on`), and the bodies of a day are those that
existed then (:func:`~tmb_graph.propertygraph.projection.exists_on`). The client only shows and
hides what a state names.

- :meth:`Explorer.timeline` — the union graph of every date (bodies as compound nodes holding
  their seats, the persons who held them, the organisations the seats are of), the programme's
  months, and the state on the first day of each month with its changes since the month before;
- :meth:`Explorer.state` — the state on any day;
- :meth:`Explorer.compare` — the tenures that began, ended or changed holder between two days;
- :meth:`Explorer.source` — a section of the source text with an evidence snippet located in it.

Examples
--------
>>> ex = Explorer(Workspace(Path("build/graph")))                        # doctest: +SKIP
>>> sorted(ex.state(dt.date(2019, 10, 1))["tenures"])[:1]               # doctest: +SKIP
['m-avh-kfsk-2']
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

import networkx as nx

from tmb_graph.model.records import Section
from tmb_graph.paths import default_sources
from tmb_graph.propertygraph.projection import exists_on, programme_period
from tmb_graph.query.mandates import mandates
from tmb_graph.serve.workbench import NotFound
from tmb_graph.validate.evidence import SourceText
from tmb_graph.workspace import Workspace

#: above this many visible nodes the explorer aggregates (persons folded into their seats), as the
#: static views do
MAX_VISIBLE = 150
#: the fixed layout's spacing: between a body's seats, between a seat and its holders, and the
#: width a row of bodies fills before the next row begins
_SEAT, _SLOT, _ROW = 32, 120, 1150


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from ``start``'s month up to (not including) ``end``.

    Examples
    --------
    >>> [d.isoformat() for d in months(dt.date(2018, 11, 15), dt.date(2019, 2, 1))]
    ['2018-11-01', '2018-12-01', '2019-01-01']
    """
    out: list[dt.date] = []
    day = dt.date(start.year, start.month, 1)
    while day < end:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


class Explorer:
    """The states of the organisation over the programme's period, from one loaded workspace.

    Parameters
    ----------
    workspace : Workspace
        The loaded graph.
    sources : Path, optional
        The folder holding the source text (default: the one the evidence check reads).
    """

    def __init__(self, workspace: Workspace, sources: Path | None = None) -> None:
        self.workspace = workspace
        self.sources = sources if sources is not None else default_sources()
        self._timeline: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._source: tuple[SourceText | None, str] | None = None

    @property
    def g(self) -> nx.MultiDiGraph:
        return self.workspace.projection

    # -- the union graph ---------------------------------------------------------------------------

    def _labelled(self, label: str) -> list[str]:
        return sorted(n for n, d in self.g.nodes(data=True) if label in d.get("labels", ()))

    def _one(self, nid: str, rel: str) -> str | None:
        return next((v for _, v, k in self.g.out_edges(nid, keys=True) if k == rel), None)

    def _name(self, nid: str, lang: str) -> str:
        data = self.g.nodes[nid]
        keys = ("name", "name_en", "label") if lang == "sv" else ("name_en", "name", "label")
        for key in keys:
            if data.get(key):
                return str(data[key])
        return nid

    def _kind(self, nid: str) -> str:
        labels = self.g.nodes[nid].get("labels", ())
        for label, kind in (("Body", "body"), ("Post", "seat"), ("Person", "person"), ("Organisation", "organisation")):
            if label in labels:
                return kind
        return "other"

    def elements(self) -> dict[str, Any]:
        """Every node and edge any date may show: bodies (compound, nested by ``PART_OF``), seats
        inside their body, holders, and the organisations seats are of; edges are tenures
        (person → seat, id = the tenure), seat → organisation and body → the body it is part of."""
        g = self.g
        bodies = self._labelled("Body")
        seats = [s for s in self._labelled("Post") if self._one(s, "IN_BODY") in g]
        tenures = [m for m in self._labelled("Membership") if self._one(m, "OF_SEAT")]
        holders = sorted({u for m in tenures for u, _, k in g.in_edges(m, keys=True) if k == "HOLDS"})
        orgs = sorted({o for s in seats if (o := self._one(s, "ON_BEHALF_OF"))})
        nodes: list[dict[str, Any]] = []
        body_set = set(bodies)
        for nid in [*bodies, *seats, *holders, *orgs]:
            data = g.nodes[nid]
            kind = self._kind(nid)
            # bodies hold their seats; a body's own body (a work group's programme) is named, not
            # nested: one frame holding most of the others would hide the structure
            parent = self._one(nid, "IN_BODY") if kind == "seat" else None
            node = {
                "id": nid,
                "kind": kind,
                "name_en": self._name(nid, "en"),
                "name_sv": self._name(nid, "sv"),
                "parent": parent,
            }
            if kind == "seat":
                org = self._one(nid, "ON_BEHALF_OF")
                role = str(data.get("role", "seat"))
                node["role"] = role
                node["name_en"] = f"{role}: {self._name(org, 'en')}" if org else role
                node["name_sv"] = f"{role}: {self._name(org, 'sv')}" if org else role
            if kind == "body":
                node["body_kind"] = str(data.get("kind", ""))
                up = self._one(nid, "PART_OF")
                node["part_of"] = up if up in body_set and up != nid else None
            nodes.append(node)
        positions = self._positions(bodies, seats, tenures, orgs)
        for node in nodes:
            node["position"] = positions.get(node["id"])
        edges: list[dict[str, Any]] = [
            {"id": f"{n['id']}>{n['part_of']}", "source": n["id"], "target": n["part_of"], "type": "part_of"}
            for n in nodes
            if n.get("part_of")
        ]
        for m in tenures:
            holder = next((u for u, _, k in g.in_edges(m, keys=True) if k == "HOLDS"), None)
            seat = self._one(m, "OF_SEAT")
            if holder is None or seat not in g:
                continue
            edges.append(
                {"id": m, "source": holder, "target": seat, "type": "tenure", "role": str(g.nodes[m].get("role", ""))}
            )
        for s in seats:
            org = self._one(s, "ON_BEHALF_OF")
            if org:
                edges.append({"id": f"{s}>{org}", "source": s, "target": org, "type": "of"})
        return {"nodes": nodes, "edges": edges}

    def _positions(
        self, bodies: list[str], seats: list[str], tenures: list[str], orgs: list[str]
    ) -> dict[str, list[int]]:
        """Fixed positions for every date, so nothing moves when the date changes.

        Bodies with seats are boxes, in rows (the start-up group, the programme and its steering
        group first, then the work groups, then the rest); a box lists its seats top to bottom,
        each with its holders to its right (successive holders of one seat share a slot: one
        holds it at a time). A person holding several seats stands at the first. Bodies without
        seats line up below; organisations in a row above, each over the seats it holds.
        """
        g = self.g
        order = {"startup_group": 0, "programme": 1, "steering_group": 2, "work_group": 3, "national_work_group": 4}
        seats_of: dict[str, list[str]] = {b: [] for b in bodies}
        for s in seats:
            seats_of.setdefault(self._one(s, "IN_BODY") or "", []).append(s)
        held_in: dict[str, list[str]] = {}
        for m in sorted(tenures, key=lambda m: (str(g.nodes[m].get("start_earliest", "")), m)):
            seat = self._one(m, "OF_SEAT") or ""
            holder = next((u for u, _, k in g.in_edges(m, keys=True) if k == "HOLDS"), None)
            if holder and holder not in held_in.get(seat, []):
                held_in.setdefault(seat, []).append(holder)
        boxed = sorted(
            (b for b in bodies if seats_of.get(b)),
            key=lambda b: (order.get(str(g.nodes[b].get("kind", "")), 9), b),
        )
        pos: dict[str, list[int]] = {}
        placed: set[str] = set()
        x, y, row_height, row_kind = 0, 0, 0, -1
        for b in boxed:
            kind = min(order.get(str(g.nodes[b].get("kind", "")), 9), 3)
            if (kind != row_kind and row_kind != -1 and kind >= 3) or x > _ROW:
                x, y, row_height = 0, y + row_height + 80, 0
            row_kind = kind
            slots = 1
            for i, s in enumerate(sorted(seats_of[b])):
                sy = y + _SEAT * i
                pos[s] = [x, sy]
                k = 0
                for person in held_in.get(s, []):
                    if person not in placed:
                        pos[person] = [x + _SLOT * (k + 1), sy]
                        placed.add(person)
                        k += 1
                slots = max(slots, k)
            x += _SLOT * (slots + 1) + 40
            row_height = max(row_height, _SEAT * len(seats_of[b]))
        y += row_height + 90
        for i, b in enumerate(sorted(b for b in bodies if not seats_of.get(b))):
            pos[b] = [(i % 9) * 150, y + (i // 9) * 55]
        wanted = {
            o: sum(pos[s][0] for s in seats if self._one(s, "ON_BEHALF_OF") == o and s in pos)
            / max(sum(1 for s in seats if self._one(s, "ON_BEHALF_OF") == o and s in pos), 1)
            for o in orgs
        }
        last = -(10**9)
        for i, o in enumerate(sorted(orgs, key=lambda o: (wanted[o], o))):
            last = max(int(wanted[o]), last + 95)
            pos[o] = [last, -110 - 40 * (i % 2)]  # labels of neighbours alternate up and down
        return pos

    # -- states ------------------------------------------------------------------------------------

    def state(self, when: dt.date) -> dict[str, Any]:
        """The organisation on ``when``: the bodies that existed, their seats, the tenures held
        (exactly ``tmb mandates --at``'s rows), the holders and organisations drawn, vacant seats.

        Returns
        -------
        dict
            ``date``, ``bodies``, ``seats``, ``vacant`` (seats of living bodies no tenure held),
            ``tenures`` (membership ids), ``holders``, ``organisations``, ``mandates`` (the
            table's rows: holder, organisation, body, role, from, to, membership), ``nodes``
            (count drawn) and ``aggregated`` (over :data:`MAX_VISIBLE`: persons folded).
        """
        g = self.g
        table = mandates(g, when)
        held = [str(r["membership"]) for r in table.json_rows()]
        bodies = sorted(b for b in self._labelled("Body") if exists_on(g.nodes[b], when))
        alive = set(bodies)
        seats_of: dict[str, str] = {}
        for s in self._labelled("Post"):
            body = self._one(s, "IN_BODY")
            if body in alive:
                seats_of[s] = body
        held_seats: dict[str, list[str]] = {}
        holders: set[str] = set()
        for m in held:
            seat = self._one(m, "OF_SEAT")
            holder = next((u for u, _, k in g.in_edges(m, keys=True) if k == "HOLDS"), None)
            if seat:
                held_seats.setdefault(seat, []).append(holder or "")
                # a tenure held in a body that no longer exists keeps its seat drawn
                if seat not in seats_of and (body := self._one(seat, "IN_BODY")):
                    seats_of[seat] = body
                    if body not in alive:
                        bodies.append(body)
                        alive.add(body)
            if holder:
                holders.add(holder)
        seats = sorted(seats_of)
        orgs = sorted({o for s in seats if (o := self._one(s, "ON_BEHALF_OF"))})
        count = len(bodies) + len(seats) + len(holders) + len(orgs)
        rows = [
            {
                "membership": r["membership"],
                "holder": r["holder"],
                "organisation": r["organisation"],
                "body": r["body"],
                "seat": self._one(str(r["membership"]), "OF_SEAT") or "",
                "role": r["role"],
                "start": r["start"],
                "end": r["end"],
                "sections": r["sections"],
            }
            for r in table.json_rows()
        ]
        return {
            "date": when.isoformat(),
            "bodies": sorted(bodies),
            "seats": seats,
            "vacant": [s for s in seats if s not in held_seats],
            "tenures": sorted(held),
            "holders": sorted(holders),
            "organisations": orgs,
            "holder_of": {s: sorted(h for h in hs if h) for s, hs in sorted(held_seats.items())},
            "mandates": rows,
            "nodes": count,
            "aggregated": count > MAX_VISIBLE,
        }

    def compare(self, before: dt.date, after: dt.date) -> dict[str, Any]:
        """What changed between two days: tenures that began, ended, seats whose holder changed
        (one tenure ended and another began in the same seat), seats left vacant, bodies formed
        and dissolved — each read from the two days' :meth:`state`."""
        a, b = self.state(before), self.state(after)
        return diff(a, b)

    def timeline(self) -> dict[str, Any]:
        """The union graph, the programme's months and each month's state with its changes
        (computed once, then kept: the graph is read-only)."""
        with self._lock:
            if self._timeline is None:
                period = programme_period(self.g)
                steps = months(*period) if period else []
                states = [self.state(d) for d in steps]
                for k, s in enumerate(states):
                    s["changes"] = diff(states[k - 1], s) if k else None
                self._timeline = {
                    "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
                    "months": [d.isoformat() for d in steps],
                    "elements": self.elements(),
                    "states": states,
                    "max_visible": MAX_VISIBLE,
                }
                self._source_text()  # read now, with the timeline: the first evidence panel need not wait
            return self._timeline

    # -- the source text ---------------------------------------------------------------------------

    def _source_text(self) -> tuple[SourceText | None, str]:
        """The source text cut into sections, or ``None`` and why it is not there."""
        if self._source is None:
            g = self.g
            docs = self._labelled("Document")
            file = str(g.nodes[docs[0]].get("file", "")) if docs else ""
            path = self.sources / file
            sections = [
                Section(id=str(d.get("number")), title=str(d.get("title", "")))
                for _, d in g.nodes(data=True)
                if "Section" in d.get("labels", ()) and d.get("number")
            ]
            if not file or not path.is_file():
                why = f"the source text '{file}' is not installed in {self.sources} (set TMB_SOURCES to its folder)"
                self._source = (None, why)
            else:
                try:
                    self._source = (SourceText(path.read_text(encoding="utf-8"), sections), str(path.name))
                except (OSError, UnicodeDecodeError) as exc:
                    self._source = (None, f"the source text {path.name} cannot be read ({exc})")
        return self._source

    def source(self, section: str, snippet: str | None = None) -> dict[str, Any]:
        """The text of ``section`` (its lines, as the evidence check cuts them) and where
        ``snippet`` stands in it (character ranges, white space folded as the check folds it).

        Returns ``available: False`` and why when the source text is not installed.

        Raises
        ------
        NotFound
            For a section the graph does not cite.
        """
        number = section.removeprefix("sec-")
        known = {str(d.get("number")) for _, d in self.g.nodes(data=True) if "Section" in d.get("labels", ())}
        if number not in known:
            raise NotFound(f"no section '{number}' in the source: the graph cites {len(known)} sections, e.g. 4.1.1")
        src, what = self._source_text()
        if src is None:
            return {"available": False, "section": number, "why": what}
        start, end = src.span_of(number)
        text = "\n".join(src.lines[start:end])
        marks: list[list[int]] = []
        if snippet:
            words = snippet.split()
            if words:
                pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
                marks = [[m.start(), m.end()] for m in pattern.finditer(text)]
        return {
            "available": True,
            "file": what,
            "section": number,
            "located": number in src.spans,
            "first_line": start + 1,
            "last_line": end,
            "text": text,
            "marks": marks,
        }


def diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The differences from state ``a`` to state ``b`` (both from :meth:`Explorer.state`).

    Examples
    --------
    >>> a = {"date": "2019-01-01", "tenures": ["m1"], "holder_of": {"s": ["p1"]}, "seats": ["s"],
    ...      "vacant": [], "bodies": ["b"], "mandates": [{"membership": "m1", "seat": "s", "holder": "p1"}]}
    >>> b = {"date": "2019-02-01", "tenures": ["m2"], "holder_of": {"s": ["p2"]}, "seats": ["s"],
    ...      "vacant": [], "bodies": ["b"], "mandates": [{"membership": "m2", "seat": "s", "holder": "p2"}]}
    >>> d = diff(a, b); d["began"], d["ended"], d["replaced"]
    (['m2'], ['m1'], [{'seat': 's', 'before': ['p1'], 'after': ['p2']}])
    """
    ta, tb = set(a["tenures"]), set(b["tenures"])
    rows = {r["membership"]: r for r in [*a["mandates"], *b["mandates"]]}
    ha, hb = a["holder_of"], b["holder_of"]
    replaced = [{"seat": s, "before": ha[s], "after": hb[s]} for s in sorted(set(ha) & set(hb)) if ha[s] != hb[s]]
    return {
        "from": a["date"],
        "to": b["date"],
        "began": sorted(tb - ta),
        "ended": sorted(ta - tb),
        "replaced": replaced,
        "vacated": sorted(s for s in b["vacant"] if s in ha),
        "filled": sorted(s for s in hb if s not in ha),
        "bodies_formed": sorted(set(b["bodies"]) - set(a["bodies"])),
        "bodies_ended": sorted(set(a["bodies"]) - set(b["bodies"])),
        "rows": {m: rows[m] for m in sorted((tb - ta) | (ta - tb))},
    }
