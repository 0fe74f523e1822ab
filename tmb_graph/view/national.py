"""The national picture: counties → programmes → bodies, aggregated to stay readable.

A dataset build (``tmb build DIR``) may hold 126 programmes (21 counties × 6 years) and some
1,400 bodies: drawn one node each, a hairball. This view draws the nation, its counties, their
programmes and the programmes' bodies *by kind* (one node per kind with the count inside), and
aggregates level by level until at most :data:`MAX_NODES` nodes remain
(:func:`national_layout`):

1. ``programmes``: every programme with one node per body kind (``8 work groups``);
2. ``programme counts``: every programme, its bodies counted in its label and tooltip;
3. ``counties``: the programmes folded into their county (listed in its tooltip), one node per
   body kind per county, summed over its programmes;
4. ``nation``: the counties alone, the body kinds summed over the nation.

126 programmes in 21 counties fit at step 3 (64 nodes). Drill down to one programme with
``tmb view national --programme NAME`` (its organisation view, from its own build), or any view
of it with ``tmb view NAME --programme NAME``; every programme's tooltip says so.

The figures per programme (:class:`ProgrammeFigures`: its bodies by kind, tenures,
organisations) are read either from the build's summaries (:func:`figures_of_build`, what
``tmb build`` counted — instant at any size: ``tmb view national``) or from the projection
(:func:`figures_of_projection`, for ``tmb view all`` and the report, which hold it already); the
tests check that both readings agree.

Examples
--------
>>> view = national_layout([ProgrammeFigures("a-2021", "a", "2021", {"work_group": 3}, 9, 4)])
>>> sorted(n.kind for n in view.nodes.values())
['bodies_grouped', 'county', 'nation', 'programme']
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from tmb_graph.dataset import is_dataset_build
from tmb_graph.query.scope import Programme, choose_programmes
from tmb_graph.view.describe import tooltip
from tmb_graph.view.network.graph import VEdge, ViewGraph, VNode

#: the most nodes the national picture draws
MAX_NODES = 100
#: x of each column: nation, counties, programmes, bodies
COLUMNS = (0.0, 330.0, 660.0, 990.0)
ROW = 44.0
#: body kinds in words (singular, plural); the programme itself is not one of its bodies
KIND_WORDS = {
    "steering_group": ("steering group", "steering groups"),
    "startup_group": ("start-up group", "start-up groups"),
    "work_group": ("work group", "work groups"),
    "national_work_group": ("national work group", "national work groups"),
    "collaboration_forum": ("collaboration forum", "collaboration forums"),
    "network": ("network", "networks"),
    "project": ("project", "projects"),
}
#: the levels of aggregation, finest first (see the module docstring)
LEVELS = ("programmes", "programme counts", "counties", "nation")


@dataclass(frozen=True)
class ProgrammeFigures:
    """One programme's place and size: name, county, year, bodies by kind, tenures, organisations."""

    name: str
    county: str
    year: str
    bodies: dict[str, int]
    tenures: int
    organisations: int

    def label(self) -> str:
        """``Stockholm 2021``."""
        return f"{_county_name(self.county)} {self.year}".strip()


def _county_name(slug: str) -> str:
    """``vastra-gotaland`` → ``Vastra Gotaland`` (the folder name, readable)."""
    return " ".join(part.capitalize() for part in slug.replace("_", "-").split("-")) or "(no county)"


def _words(kind: str, n: int) -> str:
    one, many = KIND_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    return f"{n} {one if n == 1 else many}"


def _body_counts(counts: dict[str, Any]) -> dict[str, int]:
    """Bodies by kind from a build summary's counts (``bodies.work_group`` ...), the programme left out."""
    out = {
        key.removeprefix("bodies."): int(value)
        for key, value in counts.items()
        if key.startswith("bodies.") and key != "bodies.programme" and int(value)
    }
    return dict(sorted(out.items()))


def figures_of_build(graph_dir: Path) -> list[ProgrammeFigures]:
    """Every programme's figures from the build's summaries (a dataset's, or one programme's).

    Raises
    ------
    TmbError
        When ``graph_dir`` holds no build.
    """
    scope = choose_programmes(graph_dir, None, every=True) or []
    if is_dataset_build(graph_dir):
        summary = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
        entries = summary.get("programmes") or {}
        counts = {p.name: (entries.get(p.name) or {}).get("counts") or {} for p in scope}
    else:
        summary = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
        counts = {p.name: summary.get("counts") or {} for p in scope}
    return [_figures(p, counts[p.name]) for p in scope]


def _figures(p: Programme, counts: dict[str, Any]) -> ProgrammeFigures:
    return ProgrammeFigures(
        p.name,
        p.county,
        p.year,
        _body_counts(counts),
        int(counts.get("memberships", 0)),
        int(counts.get("organisations", 0)),
    )


def figures_of_projection(g: nx.MultiDiGraph, name: str = "") -> list[ProgrammeFigures]:
    """Every programme's figures from a projection: grouped by the nodes' ``programme`` in a
    dataset; one programme (called ``name``, else after its programme body) in a single build."""
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"bodies": defaultdict(int), "tenures": 0, "organisations": 0}
    )
    single = name or _programme_name(g)
    for _, data in g.nodes(data=True):
        key = str(data.get("programme") or single)
        labels = data.get("labels") or ()
        if "Body" in labels and data.get("kind") and data.get("kind") != "programme":
            groups[key]["bodies"][str(data["kind"])] += 1
        elif "Membership" in labels:
            groups[key]["tenures"] += 1
        elif "Organisation" in labels:
            groups[key]["organisations"] += 1
    out = []
    for key in sorted(groups):
        p = Programme(key, "", Path(key))
        group = groups[key]
        out.append(
            ProgrammeFigures(
                key, p.county, p.year, dict(sorted(group["bodies"].items())), group["tenures"], group["organisations"]
            )
        )
    return out


def _programme_name(g: nx.MultiDiGraph) -> str:
    programmes = [str(n) for n, d in g.nodes(data=True) if d.get("kind") == "programme"]
    programmes = [n for n, d in g.nodes(data=True) if d.get("kind") == "programme"]
    inner = [n for n in programmes if not any(g.has_edge(n, m) for m in programmes)]
    return sorted(inner or programmes or ["programme"])[-1]


def national_view(g: nx.MultiDiGraph) -> ViewGraph:
    """The national picture of the projection ``g`` (see the module docstring)."""
    return national_layout(figures_of_projection(g))


def national_layout(figures: Sequence[ProgrammeFigures], max_nodes: int = MAX_NODES) -> ViewGraph:
    """Draw ``figures`` at the finest level of :data:`LEVELS` that stays within ``max_nodes``.

    Every node is placed (physics off): the nation left, counties, then programmes, then bodies
    by kind, one row per programme (or county); a county stands level with its programmes.
    """
    view = ViewGraph("national", "Every county, every year: the national picture", physics=False)
    for level in LEVELS:
        view = _draw(figures, level)
        if view.node_count <= max_nodes:
            break
    counties = len({f.county for f in figures})
    bodies = sum(sum(f.bodies.values()) for f in figures)
    view.subtitle = (
        f"{len(figures)} programme{'s' if len(figures) != 1 else ''} in {counties} "
        f"count{'ies' if counties != 1 else 'y'}: {bodies} bodies, "
        f"{sum(f.tenures for f in figures)} tenures. Bodies are drawn by kind, the count inside."
    )
    if level != LEVELS[0]:
        full = len(_draw(figures, LEVELS[0]).nodes)
        view.notes.insert(0, f"Aggregated to stay readable ({full} nodes in full detail, limit {max_nodes}): {level}.")
    view.notes.append(
        "One programme in full: tmb view national --programme NAME (its organisation view), "
        "or tmb view VIEW --programme NAME; the names are in the tooltips."
    )
    view.legend_extra.append("Hover a county or a programme for its programmes, bodies, tenures and organisations.")
    return view


def _draw(figures: Sequence[ProgrammeFigures], level: str) -> ViewGraph:
    view = ViewGraph("national", "Every county, every year: the national picture", physics=False)
    by_county: dict[str, list[ProgrammeFigures]] = defaultdict(list)
    for f in figures:
        by_county[f.county].append(f)
    counties = {c: sorted(ps, key=lambda f: (f.year, f.name)) for c, ps in sorted(by_county.items())}

    def height(programmes: list[ProgrammeFigures]) -> int:
        """Rows a county takes at this level."""
        if level == "programmes":
            return sum(max(len(f.bodies), 1) for f in programmes)
        if level == "programme counts":
            return len(programmes)
        if level == "counties":
            return max(len(_sum(f.bodies for f in programmes)), 1)
        return 1

    total = sum(height(ps) for ps in counties.values())
    view.add_node(_nation_node(figures, COLUMNS[0], (total - 1) / 2 * ROW))
    row = 0
    for county, programmes in counties.items():
        cid = f"county:{county}"
        view.add_node(_county_node(cid, county, programmes, COLUMNS[1], (row + (height(programmes) - 1) / 2) * ROW))
        view.add_edge(VEdge("nation", cid, "in_nation", ""))
        if level in ("programmes", "programme counts"):
            for f in programmes:
                pid = f"programme:{f.name}"
                rows = max(len(f.bodies), 1) if level == "programmes" else 1
                view.add_node(_programme_node(pid, f, level, COLUMNS[2], (row + (rows - 1) / 2) * ROW))
                view.add_edge(VEdge(cid, pid, "in_county", ""))
                if level == "programmes":
                    for k, (kind, n) in enumerate(f.bodies.items()):
                        _add_kinds(view, pid, kind, n, f.label(), COLUMNS[3], (row + k) * ROW)
                row += rows
        elif level == "counties":
            for k, (kind, n) in enumerate(_sum(f.bodies for f in programmes).items()):
                _add_kinds(view, cid, kind, n, _county_name(county), COLUMNS[2], (row + k) * ROW)
            row += height(programmes)
        else:
            row += 1
    if level == "nation":
        kinds = _sum(f.bodies for f in figures)
        top = (total - 1) / 2 * ROW - (len(kinds) - 1) / 2 * ROW * 2
        for k, (kind, n) in enumerate(kinds.items()):
            _add_kinds(view, "nation", kind, n, "the nation", COLUMNS[2], top + k * ROW * 2)
    return view


def _add_kinds(view: ViewGraph, owner: str, kind: str, n: int, of: str, x: float, y: float) -> None:
    """One node for ``n`` bodies of ``kind`` belonging to ``owner`` (a programme, county or the nation)."""
    nid = f"{owner}:{kind}"
    view.add_node(VNode(nid, "bodies_grouped", _words(kind, n), tooltip(_words(kind, n), ("of", of)), x=x, y=y))
    view.add_edge(VEdge(owner, nid, "has_bodies", _words(kind, n)))


def _sum(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for c in counts:
        for kind, n in c.items():
            total[kind] += n
    return dict(sorted(total.items()))


def _nation_node(figures: Sequence[ProgrammeFigures], x: float, y: float) -> VNode:
    tip = tooltip(
        "Tillsammans mot brott — the national programme",
        ("counties", len({f.county for f in figures})),
        ("programmes", len(figures)),
        ("bodies", sum(sum(f.bodies.values()) for f in figures)),
        ("tenures", sum(f.tenures for f in figures)),
    )
    return VNode("nation", "nation", "Sweden", tip, x=x, y=y)


def _county_node(cid: str, county: str, programmes: Sequence[ProgrammeFigures], x: float, y: float) -> VNode:
    years = sorted({f.year for f in programmes if f.year})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "")
    listed = [
        f"{f.name}: {', '.join(_words(k, n) for k, n in f.bodies.items()) or 'no bodies'}; {f.tenures} tenures"
        for f in programmes
    ]
    tip = tooltip(
        _county_name(county),
        ("programmes", len(programmes)),
        ("years", span),
        ("each", "\n" + "\n".join(listed[:12]) + (f"\n… and {len(listed) - 12} more" if len(listed) > 12 else "")),
        ("one in full", f"tmb view national --programme {programmes[0].name}"),
    )
    label = f"{_county_name(county)}\n{len(programmes)} programme{'s' if len(programmes) != 1 else ''} {span}"
    return VNode(cid, "county", label, tip, x=x, y=y)


def _programme_node(pid: str, f: ProgrammeFigures, level: str, x: float, y: float) -> VNode:
    bodies = ", ".join(_words(k, n) for k, n in f.bodies.items()) or "no bodies"
    tip = tooltip(
        f.label(),
        ("programme", f.name),
        ("bodies", bodies),
        ("tenures", f.tenures),
        ("organisations", f.organisations),
        ("in full", f"tmb view national --programme {f.name}"),
    )
    label = f.label() if level == "programmes" else f"{f.label()}\n{sum(f.bodies.values())} bodies"
    return VNode(pid, "programme", label, tip, x=x, y=y)
