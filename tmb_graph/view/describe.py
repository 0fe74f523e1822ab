"""Words for nodes: display names, short labels, periods, source sections and tooltips.

Shared by the network views, the plots and the report so a node reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import networkx as nx

from tmb_graph.propertygraph.projection import View, day

#: node label → English word used in tooltips
LABEL_WORDS = {
    "Body": "body",
    "Organisation": "organisation",
    "Person": "person (pseudonymous)",
    "Activity": "activity",
    "TargetGroup": "target group",
    "Goal": "goal",
    "IdealLayer": "ideal-type layer",
}

#: status → plain words
STATUS_WORDS = {
    "performed": "carried out",
    "partly_performed": "partly carried out",
    "not_performed": "not carried out",
    "cancelled": "cancelled",
    "postponed": "postponed",
    "planned": "planned (not yet done)",
}


def name_of(node: dict[str, Any], fallback: str = "") -> str:
    """The English display name of a node (``name_en``, ``title_en``, ``label``, ``name``, id)."""
    for key in ("name_en", "title_en", "label", "name", "title", "text_en"):
        value = node.get(key)
        if value:
            return str(value)
    return str(node.get("id") or fallback)


def short(text: str, width: int = 22, lines: int = 2) -> str:
    """Wrap ``text`` to at most ``lines`` lines of ``width`` characters, ending in … if cut.

    Examples
    --------
    >>> short("Swedish Prison and Probation Service, Region South", 20)
    'Swedish Prison and\\nProbation Service…'
    """
    wrapped = textwrap.wrap(" ".join(text.split()), width, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,;:–-") + "…"
    return "\n".join(wrapped)


def short_name(node: dict[str, Any], width: int = 22, lines: int = 2) -> str:
    """A short drawn label: the abbreviation when the node has one, else the wrapped name."""
    abbr = node.get("abbr")
    if abbr:
        return str(abbr)
    return short(name_of(node), width, lines)


def period(node: dict[str, Any], start: str = "start", end: str = "end") -> str:
    """A node's dates as written in the source, e.g. ``"2018-09 – 2019-autumn"``."""
    a, b = node.get(start), node.get(end)
    if not a and not b:
        return "dates not stated"
    left = str(a) if a else "?"
    right = str(b) if b else "…"
    if node.get(f"{end}_inferred"):
        right += " (inferred)"
    if node.get(f"{start}_inferred"):
        left += " (inferred)"
    return f"{left} – {right}"


def start_day(node: dict[str, Any]) -> dt.date | None:
    """The earliest day a node's start may denote."""
    return day(node.get("start_earliest"))


def sections(v: View, nid: str) -> str:
    """The source sections of a node, e.g. ``"§4.1.1, §4.1.4"`` (``"—"`` when none)."""
    found = v.sections(nid)
    return ", ".join(f"§{s}" for s in found) if found else "—"


def tooltip(title: str, *rows: tuple[str, object]) -> str:
    """Plain-text tooltip: a title line, then ``key: value`` lines (empty values left out)."""
    lines = [title]
    for key, value in rows:
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            value = ", ".join(str(x) for x in value)
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def labels_of(g: nx.MultiDiGraph, nid: str) -> frozenset[str]:
    """The property-graph labels of a node."""
    return frozenset(g.nodes[nid].get("labels", frozenset()))


def what(g: nx.MultiDiGraph, nid: str) -> str:
    """What a node is, in words (``"work group"``, ``"municipality"``, ``"target group"``)."""
    node = g.nodes[nid]
    labels = labels_of(g, nid)
    if "Body" in labels:
        return str(node.get("kind", "body")).replace("_", " ")
    if "Organisation" in labels:
        return str(node.get("type", "organisation")).replace("_", " ")
    for label in labels:
        if label in LABEL_WORDS:
            return LABEL_WORDS[label]
    return ", ".join(sorted(labels)) or "node"
