"""Cypher statements and parameter rows that write a property graph — shared by every writer.

The FalkorDB store, the Neo4j loader and the ``cypher-shell`` export all send the same
statements: one ``UNWIND $rows AS row MERGE ...`` per label (nodes) and per relationship type
and end labels (relationships), in batches. ``MERGE`` on ``id`` (nodes) and on ``key``
(relationships) makes a second load change nothing. Labels and types come from the mapping and
are checked against a strict pattern before they are written into a statement; values only ever
travel as parameters.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.mapping import LABELS, PropertyGraph

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DEFAULT_BATCH = 2000


@dataclass(frozen=True)
class Batch:
    """One statement and the rows it writes; ``step`` names it for progress and checkpoints."""

    step: str
    statement: str
    rows: list[dict[str, Any]]


def ident(name: str) -> str:
    """A label or type, checked, in backticks."""
    if not _NAME.match(name):
        raise TmbError(f"'{name}' is not a valid label or relationship type")
    return f"`{name}`"


def node_labels() -> list[str]:
    """Every node label of the mapping, sorted."""
    return sorted({label for label, _ in LABELS.values()})


def constraint_statements() -> list[str]:
    """Neo4j 5 uniqueness constraints on ``id``, one per label (idempotent)."""
    return [
        f"CREATE CONSTRAINT tmb_{label.lower()}_id IF NOT EXISTS FOR (n:{ident(label)}) REQUIRE n.id IS UNIQUE"
        for label in node_labels()
    ]


def index_statements() -> list[str]:
    """Plain indexes on ``id`` (for engines without uniqueness constraints, e.g. FalkorDB)."""
    return [f"CREATE INDEX FOR (n:{ident(label)}) ON (n.id)" for label in node_labels()]


def node_statement(labels: list[str]) -> str:
    first, rest = labels[0], labels[1:]
    extra = "".join(f" SET n:{ident(label)}" for label in rest)
    return f"UNWIND $rows AS row MERGE (n:{ident(first)} {{id: row.id}}) SET n += row.props{extra}"


def rel_statement(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{ident(start_label)} {{id: row.start}}) "
        f"MATCH (b:{ident(end_label)} {{id: row.end}}) "
        f"MERGE (a)-[r:{ident(rel_type)} {{key: row.key}}]->(b) SET r += row.props"
    )


def _chunks(rows: list[dict[str, Any]], size: int, max_bytes: int | None) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    used = 0
    for row in rows:
        cost = len(json.dumps(row, ensure_ascii=False, default=str).encode()) if max_bytes else 0
        if chunk and (len(chunk) >= size or (max_bytes and used + cost > max_bytes)):
            yield chunk
            chunk, used = [], 0
        chunk.append(row)
        used += cost
    if chunk:
        yield chunk


def batches(pg: PropertyGraph, batch_size: int = DEFAULT_BATCH, max_bytes: int | None = None) -> Iterator[Batch]:
    """All write batches: nodes by label first, then relationships by type and end labels.

    Parameters
    ----------
    pg : PropertyGraph
    batch_size : int
        Rows per statement (default 2000).
    max_bytes : int, optional
        Also cap a batch's rows at about this many bytes (JSON-encoded); a single larger row
        goes alone. For servers with small message limits (FalkorDB's Bolt listener: ~4 KB).

    Yields
    ------
    Batch
        In a deterministic order; ``step`` is ``nodes:<Label>:<n>`` or ``rels:<TYPE>:<A>:<B>:<n>``.
    """
    if batch_size < 1:
        raise TmbError(f"batch size must be at least 1, not {batch_size}")
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    primary: dict[str, str] = {}
    for n in pg.nodes:
        by_labels[tuple(n.labels)].append({"id": n.id, "props": n.props})
        primary[n.id] = n.labels[0]
    for labels, rows in sorted(by_labels.items()):
        for i, chunk in enumerate(_chunks(rows, batch_size, max_bytes)):
            yield Batch(f"nodes:{':'.join(labels)}:{i}", node_statement(list(labels)), chunk)
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in pg.rels:
        row = {"start": r.start, "end": r.end, "key": r.key, "props": r.props}
        by_type[(r.type, primary[r.start], primary[r.end])].append(row)
    for (rtype, a, b), rows in sorted(by_type.items()):
        for i, chunk in enumerate(_chunks(rows, batch_size, max_bytes)):
            yield Batch(f"rels:{rtype}:{a}:{b}:{i}", rel_statement(rtype, a, b), chunk)
