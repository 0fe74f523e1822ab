"""What every analysis returns: typed items that flatten to tables (rows, CSV, JSON, Markdown, pandas)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields, is_dataclass
from typing import Any


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value)
    return value


@dataclass
class Table:
    """A named table of rows (dicts with the same keys)."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]

    @classmethod
    def of(cls, name: str, items: list[Any]) -> Table:
        """Build a table from a list of dataclass items (their fields are the columns)."""
        if not items:
            return cls(name, [], [])
        first = items[0]
        assert is_dataclass(first)
        columns = [f.name for f in fields(first)]
        return cls(name, columns, [asdict(i) for i in items])

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame([{k: _cell(r.get(k)) for k in self.columns} for r in self.rows], columns=self.columns)

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _cell(row.get(k)) for k in self.columns})
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.rows, ensure_ascii=False, indent=2, default=str)

    def to_markdown(self) -> str:
        if not self.columns:
            return f"*{self.name}: no rows*\n"
        head = "| " + " | ".join(self.columns) + " |"
        sep = "|" + "---|" * len(self.columns)
        body = [
            "| "
            + " | ".join(str(_cell(r.get(k, ""))).replace("|", "\\|").replace("\n", " ") for k in self.columns)
            + " |"
            for r in self.rows
        ]
        return "\n".join([head, sep, *body]) + "\n"


class Result:
    """Base of analysis results: a name, a one-paragraph summary and tables."""

    name: str = ""

    def tables(self) -> list[Table]:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError

    def to_frame(self, table: str | None = None) -> Any:
        """The first (or the named) table as a pandas DataFrame."""
        tables = self.tables()
        chosen = next((t for t in tables if t.name == table), tables[0]) if table else tables[0]
        return chosen.to_frame()
