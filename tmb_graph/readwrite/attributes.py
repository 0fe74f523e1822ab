"""Flatten the projection's attributes to the scalars GraphML and GEXF can hold.

Rules (the same for both formats)
---------------------------------
- ``type``: the node's property-graph label (``Body``, ``Organisation``, ``Membership`` …;
  several are joined with ``;``) — and ``labels`` the same; an edge's relationship type is
  ``relation`` (GEXF reserves an edge's ``type`` for its direction);
- ``label``: the display name (English name, title or label), what Gephi, yEd and Cytoscape show;
  a different original ``label`` property is kept as ``label_original``;
- dates: ``start_text`` / ``end_text`` hold the date as the source writes it (``2019-autumn``),
  ``start_earliest`` … ``end_latest`` the ISO days it may denote, ``*_precision`` its precision
  (``start`` and ``end`` are reserved by GEXF for its timeline, see :mod:`~tmb_graph.readwrite.gexf`);
- lists and sets become ``"a; b"``, mappings JSON, ``None`` is left out;
- a key whose values mix types (``2`` and ``2.5``, or ``2`` and ``"two"``) is written as float
  or text throughout, so each key has one declared type.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import networkx as nx

Scalar = str | int | float | bool
RENAMED = {"start": "start_text", "end": "end_text"}


def scalar(value: Any) -> Scalar | None:
    """One attribute value as a GraphML/GEXF scalar (``None`` stays ``None``: leave it out)."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, set | frozenset):
        return "; ".join(sorted(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _display(data: dict[str, Any], fallback: str) -> str:
    for key in ("name_en", "title_en", "label", "name", "title", "text_en"):
        if data.get(key):
            return str(data[key])
    return fallback


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection with only scalar attributes (see the module docstring).

    Edge keys become integers (0, 1, …) so every edge has a unique id; the relationship type
    moves to the ``relation`` attribute.
    """
    h = nx.MultiDiGraph(name=str(g.graph.get("name", "tmb_graph")))
    for n, data in g.nodes(data=True):
        attrs: dict[str, Scalar] = {}
        for key, value in data.items():
            flat = scalar(value)
            if flat is not None:
                attrs[RENAMED.get(key, key)] = flat
        labels = sorted(data.get("labels", ()))
        attrs["type"] = ";".join(labels) or "Node"
        attrs["labels"] = ";".join(labels)
        display = _display(data, str(n))
        if "label" in attrs and attrs["label"] != display:
            attrs["label_original"] = attrs["label"]
        attrs["label"] = display
        attrs["id"] = str(n)
        h.add_node(str(n), **attrs)
    for i, (u, v, k, data) in enumerate(
        sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    ):
        attrs = {}
        for key, value in data.items():
            if key == "type":
                continue
            flat = scalar(value)
            if flat is not None:
                attrs[RENAMED.get(key, key)] = flat
        attrs["relation"] = str(data.get("type") or k)  # the type; a key may carry more (SAT_IN:m-…)
        h.add_edge(str(u), str(v), key=i, **attrs)
    _unify_types(h)
    return h


def _unify_types(h: nx.MultiDiGraph) -> None:
    """Give every attribute key one type per scope (nodes, edges)."""
    for items in (
        [d for _, d in h.nodes(data=True)],
        [d for _, _, d in h.edges(data=True)],
    ):
        kinds: dict[str, set[type]] = defaultdict(set)
        for d in items:
            for key, value in d.items():
                kinds[key].add(type(value))
        for key, types in kinds.items():
            if len(types) <= 1:
                continue
            target: type = float if types <= {int, float} else str
            for d in items:
                if key in d:
                    d[key] = target(d[key]) if target is float else str(d[key])
