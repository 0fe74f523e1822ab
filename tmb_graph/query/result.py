"""Rows a query returns, rendered as a table, CSV or JSON — the same for SPARQL and Cypher."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tmb_graph.analysis.result import Table
from tmb_graph.errors import TmbError

FORMATS = ("table", "csv", "json")


@dataclass
class QueryResult:
    """Column names and rows (tuples of plain Python values) of one query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def as_table(self, name: str = "result") -> Table:
        return Table(name, list(self.columns), [dict(zip(self.columns, r, strict=True)) for r in self.rows])

    def as_set(self) -> set[tuple[Any, ...]]:
        """The rows as a set of tuples (lists made into sorted tuples), for comparing engines."""
        return {tuple(_hashable(v) for v in r) for r in self.rows}

    def render(self, fmt: str) -> str:
        """CSV or JSON text (``table`` is drawn by the CLI with rich)."""
        if fmt == "csv":
            return self.as_table().to_csv()
        if fmt == "json":
            return json.dumps(self.as_table().rows, ensure_ascii=False, indent=2, default=str)
        raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(_hashable(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
