"""Ids and names of the graph's organisations, bodies, persons, seats and tenures.

Commands that take an id (``tmb mandates --org``, ``--body``, ``--person``) accept a name too:
:func:`resolve` turns what the user typed into one id, or says clearly why it cannot — never an
empty answer for a typo. :func:`find` and :func:`ids` back ``tmb find TEXT`` and
``tmb ids --type KIND``.

Matching, case-insensitive, in this order:

1. the id itself (``org-kfsk``);
2. a whole name: ``name``, ``name_en``, ``label``, ``label_sv``, ``abbr`` or an alias
   (``KFSK``, ``Kommunförbundet Skåne (numera Skånes Kommuner)``);
3. a part of one id or name (``Kommunförbundet``), when exactly one node of the kind has it.

Examples
--------
>>> g = nx.MultiDiGraph()
>>> g.add_node("org-kfsk", labels=frozenset({"Organisation"}), name="Kommunförbundet Skåne", abbr="KFSK")
>>> resolve(g, "kommunförbundet", "org"), resolve(g, "KFSK", "org")
('org-kfsk', 'org-kfsk')
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import networkx as nx

from tmb_graph.errors import TmbError

#: the kinds a user can look up → (property-graph label, word for messages)
KINDS: dict[str, tuple[str, str]] = {
    "org": ("Organisation", "organisation"),
    "body": ("Body", "body"),
    "person": ("Person", "person"),
    "seat": ("Post", "seat"),
    "tenure": ("Membership", "tenure"),
}
#: node properties that name a node (besides its id)
NAME_KEYS = ("name", "name_en", "label", "label_sv", "abbr", "title", "title_en")


@dataclass(frozen=True)
class Entry:
    """One node a user can refer to: its id, kind, display name and every other name."""

    id: str
    kind: str
    name: str
    names: tuple[str, ...]


def _names(data: dict[str, object]) -> tuple[str, ...]:
    found: list[str] = [str(data[k]) for k in NAME_KEYS if data.get(k)]
    aliases = data.get("aliases") or []
    if isinstance(aliases, list | tuple | set | frozenset):
        found += [str(a) for a in aliases if a]
    return tuple(dict.fromkeys(found))


def entries(g: nx.MultiDiGraph, kind: str | None = None) -> list[Entry]:
    """Every node of ``kind`` (or of every kind), sorted by kind then id.

    Raises
    ------
    TmbError
        For an unknown kind (with the kinds there are).
    """
    if kind is not None and kind not in KINDS:
        close = difflib.get_close_matches(kind, list(KINDS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise TmbError(f"unknown kind '{kind}': choose one of {', '.join(KINDS)}{hint}")
    out: list[Entry] = []
    for k in [kind] if kind else list(KINDS):
        label = KINDS[k][0]
        for nid, data in g.nodes(data=True):
            if label in data.get("labels", ()):
                names = _names(data)
                display = str(data.get("name_en") or data.get("name") or data.get("label") or nid)
                out.append(Entry(str(nid), k, display, names))
    return sorted(out, key=lambda e: (list(KINDS).index(e.kind), e.id))


def ids(g: nx.MultiDiGraph, kind: str | None = None) -> list[Entry]:
    """The ids and names of every node of ``kind`` (``tmb ids --type KIND``)."""
    return entries(g, kind)


def find(g: nx.MultiDiGraph, text: str, kind: str | None = None) -> list[Entry]:
    """Nodes whose id or a name contains ``text`` (case-insensitive); whole matches first.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("wg-est", labels=frozenset({"Body"}), name_en="Work group for EST")
    >>> [e.id for e in find(g, "est")]
    ['wg-est']
    """
    needle = text.strip().casefold()
    if not needle:
        raise TmbError("give a text to look for, e.g. tmb find Kommunförbundet")
    hits = [e for e in entries(g, kind) if any(needle in s.casefold() for s in (e.id, *e.names))]
    return sorted(hits, key=lambda e: (not _whole(e, needle), list(KINDS).index(e.kind), e.id))


def _whole(e: Entry, needle: str) -> bool:
    return any(needle == s.casefold() for s in (e.id, *e.names))


def resolve(g: nx.MultiDiGraph, text: str, kind: str) -> str:
    """The id of the one node of ``kind`` that ``text`` names (an id or a name, any case).

    Raises
    ------
    TmbError
        When nothing of that kind matches (with "did you mean" suggestions and the
        ``tmb find`` hint) or several do (listing them, so the user can pick an id).
    """
    word = KINDS[kind][1] if kind in KINDS else kind
    pool = entries(g, kind)
    if any(e.id == text for e in pool):
        return text
    needle = text.strip().casefold()
    whole = [e for e in pool if _whole(e, needle)]
    if len(whole) == 1:
        return whole[0].id
    part = whole or [e for e in pool if needle and any(needle in s.casefold() for s in (e.id, *e.names))]
    if len(part) == 1:
        return part[0].id
    if len(part) > 1:
        listed = "; ".join(f"{e.id} ({_short(e.name)})" for e in part[:8]) + (" ..." if len(part) > 8 else "")
        raise TmbError(f"'{text}' matches {len(part)} {word}s: {listed} — give one of these ids")
    raise TmbError(f"no {word} '{text}' in the graph{suggest(text, pool)}; `tmb find TEXT` lists ids and names")


def suggest(text: str, pool: list[Entry], n: int = 3) -> str:
    """``"; did you mean 'a' or 'b'?"`` from the closest ids and names in ``pool`` (or ``""``)."""
    by_key: dict[str, str] = {}
    for e in pool:
        by_key.setdefault(e.id.casefold(), e.id)
        for name in e.names:
            by_key.setdefault(name.casefold(), e.id)
    close = difflib.get_close_matches(text.strip().casefold(), list(by_key), n=n * 2, cutoff=0.6)
    picked = list(dict.fromkeys(by_key[c] for c in close))[:n]
    if not picked:
        return ""
    named = {e.id: _short(e.name) for e in pool}
    return "; did you mean " + ", ".join(f"'{p}' ({named[p]})" for p in picked) + "?"


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"
