"""What every analysis returns: typed items that flatten to tables (rows, CSV, TSV, JSON, Markdown, pandas).

Cells are flattened in ONE place (:func:`cell_text` for the text formats, :func:`cell_json` for
JSON), so no output shows a Python repr such as ``{'covid19': 3}`` or ``None``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields, is_dataclass
from types import MappingProxyType
from typing import Any

from tmb_graph.errors import TmbError

#: the text formats a :class:`Table` renders itself in (terminal tables are drawn by the CLI)
TEXT_FORMATS = ("csv", "tsv", "json", "jsonl", "md")

#: node labels whose ids get a name column beside them (:meth:`Table.with_names`); seats and
#: tenures are left out: their labels only repeat the ids they are made of
NAMED_LABELS = frozenset({"Organisation", "Body", "Person", "Activity", "TargetGroup", "IdealLayer"})


def cell_text(value: Any) -> str:
    """One cell as text (CSV, TSV, Markdown, terminal): the one flattening rule.

    ``None`` is empty, booleans ``true``/``false`` (as in JSON), lists ``a; b``, mappings
    ``key: value; key: value`` (sorted by key), dates ISO, floats without a trailing ``.0``.

    Examples
    --------
    >>> cell_text(None), cell_text(True), cell_text(["4.1", "4.2"]), cell_text(2.0)
    ('', 'true', '4.1; 4.2', '2')
    >>> cell_text({"covid19": 3, "content_not_fitted": 1})
    'content_not_fitted: 1; covid19: 3'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {cell_text(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, set | frozenset):
        return "; ".join(sorted(cell_text(v) for v in value))
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def cell_json(value: Any) -> Any:
    """One cell as a JSON value: lists and objects stay structured, dates ISO, sets sorted lists.

    Examples
    --------
    >>> cell_json({"covid19": 3}), cell_json(frozenset({"b", "a"})), cell_json(dt.date(2019, 10, 1))
    ({'covid19': 3}, ['a', 'b'], '2019-10-01')
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): cell_json(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((cell_json(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [cell_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def node_names(nodes: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    """Id → name of the nodes worth naming in a table (:data:`NAMED_LABELS`).

    ``nodes`` are ``(id, properties)`` pairs, e.g. ``g.nodes(data=True)`` of the projection;
    the name is the node's ``label`` (an organisation's or body's official name, a person's
    description), else its ``name`` or ``title``.

    Examples
    --------
    >>> node_names([("org-a", {"labels": {"Organisation"}, "name": "A-kommun"}), ("post-x", {"labels": {"Post"}})])
    {'org-a': 'A-kommun'}
    """
    names: dict[str, str] = {}
    for nid, props in nodes:
        if not NAMED_LABELS & set(props.get("labels", ())):
            continue
        name = props.get("label") or props.get("name") or props.get("title")
        if name:
            names[str(nid)] = str(name)
    return names


@dataclass
class Table:
    """A named table of rows (dicts with the same keys).

    Examples
    --------
    >>> t = Table("t", ["body", "n"], [{"body": "wg-est", "n": None}])
    >>> print(t.render("csv"), end="")
    body,n
    wg-est,
    """

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

    def with_names(self, names: Mapping[str, str]) -> Table:
        """The table with a ``COLUMN_name`` column beside each column of ids found in ``names``.

        A column qualifies when every non-empty value is a single id of ``names``; a column
        that already has a ``COLUMN_name``/``COLUMN_label`` neighbour, or whose next column is
        ``name``/``label``, is left as it is.

        Examples
        --------
        >>> t = Table("m", ["organisation", "role"], [{"organisation": "org-a", "role": "member"}])
        >>> t.with_names({"org-a": "A-kommun"}).rows
        [{'organisation': 'org-a', 'organisation_name': 'A-kommun', 'role': 'member'}]
        """
        if not names or not self.rows:
            return self
        columns: list[str] = []
        added: list[str] = []
        for i, col in enumerate(self.columns):
            columns.append(col)
            following = self.columns[i + 1] if i + 1 < len(self.columns) else ""
            if {f"{col}_name", f"{col}_label"} & set(self.columns) or following in ("name", "label"):
                continue
            values = [r.get(col) for r in self.rows if r.get(col) not in (None, "")]
            if values and all(isinstance(v, str) and v in names for v in values):
                columns.append(f"{col}_name")
                added.append(col)
        if not added:
            return self
        rows = [{**r, **{f"{c}_name": names.get(r.get(c) or "", "") for c in added}} for r in self.rows]
        return Table(self.name, columns, [{c: r.get(c) for c in columns} for r in rows])

    def select(self, columns: Iterable[str]) -> Table:
        """Only ``columns``, in that order (``--columns``); an unknown name is a clear error.

        Examples
        --------
        >>> Table("t", ["a", "b"], [{"a": 1, "b": 2}]).select(["b"]).rows
        [{'b': 2}]
        """
        wanted = [c.strip() for c in columns if c.strip()]
        unknown = [c for c in wanted if c not in self.columns]
        if unknown:
            raise TmbError(
                f"no column {', '.join(repr(c) for c in unknown)} in table '{self.name}': "
                f"its columns are {', '.join(self.columns) or '(none: no rows)'}"
            )
        return Table(self.name, wanted, [{c: r.get(c) for c in wanted} for r in self.rows])

    def text_rows(self) -> list[list[str]]:
        """The rows as lists of cell texts (:func:`cell_text`), in column order."""
        return [[cell_text(r.get(c)) for c in self.columns] for r in self.rows]

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (lists and mappings flattened as in CSV)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    k: (cell_text(v) if isinstance(v, list | tuple | set | frozenset | Mapping) else v)
                    for k, v in r.items()
                }
                for r in ({k: r.get(k) for k in self.columns} for r in self.rows)
            ],
            columns=self.columns,
        )

    def to_csv(self, delimiter: str = ",") -> str:
        """CSV (or, with ``delimiter="\\t"``, TSV) with a header line; no blank line at the end."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        if self.columns:
            writer.writerow(self.columns)
        writer.writerows(self.text_rows())
        return buf.getvalue()

    def to_tsv(self) -> str:
        """Tab-separated values, quoted like CSV where a cell holds a tab, quote or line break."""
        return self.to_csv("\t")

    def json_rows(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready objects, keys in column order."""
        return [{c: cell_json(r.get(c)) for c in self.columns} for r in self.rows]

    def to_json(self) -> str:
        """A JSON array of row objects."""
        return json.dumps(self.json_rows(), ensure_ascii=False, indent=2)

    def to_jsonl(self) -> str:
        """One JSON object per line (JSON Lines)."""
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.json_rows())

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table."""
        if not self.columns:
            return f"*{self.name}: no rows*\n"
        head = "| " + " | ".join(self.columns) + " |"
        sep = "|" + "---|" * len(self.columns)
        body = [
            "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in self.text_rows()
        ]
        return "\n".join([head, sep, *body]) + "\n"

    def render(self, fmt: str) -> str:
        """The table as text in one of :data:`TEXT_FORMATS` (each ends with one newline, or is empty).

        Raises
        ------
        TmbError
            For another format.
        """
        if fmt == "csv":
            return self.to_csv()
        if fmt == "tsv":
            return self.to_tsv()
        if fmt == "json":
            return self.to_json() + "\n"
        if fmt == "jsonl":
            return self.to_jsonl()
        if fmt == "md":
            return self.to_markdown()
        raise TmbError(f"unknown format '{fmt}': choose one of {', '.join(TEXT_FORMATS)}")


class Result:
    """Base of analysis results: a name, a one-paragraph summary and tables.

    ``names`` (id → name, set by :func:`tmb_graph.analysis.run.run_analysis`) puts names
    beside ids in :meth:`named_tables`.
    """

    name: str = ""
    names: Mapping[str, str] = MappingProxyType({})

    def tables(self) -> list[Table]:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError

    def named_tables(self) -> list[Table]:
        """The tables with a name column beside each column of ids (:meth:`Table.with_names`)."""
        return [t.with_names(self.names) for t in self.tables()]

    def table(self, name: str | None) -> Table:
        """The table called ``name`` (with names beside ids); ``None`` when there is only one.

        Raises
        ------
        TmbError
            When ``name`` is unknown, or ``None`` and the analysis has several tables; the
            message lists the table names.
        """
        tables = self.named_tables()
        if name is None and len(tables) == 1:
            return tables[0]
        chosen = [t for t in tables if t.name == name]
        if chosen:
            return chosen[0]
        listed = ", ".join(t.name for t in tables)
        if name is None:
            raise TmbError(f"'{self.name}' has {len(tables)} tables ({listed}): choose one with --table NAME")
        raise TmbError(f"'{self.name}' has no table '{name}': choose one of {listed}")

    def to_frame(self, table: str | None = None) -> Any:
        """The first (or the named) table as a pandas DataFrame."""
        tables = self.tables()
        chosen = next((t for t in tables if t.name == table), tables[0]) if table else tables[0]
        return chosen.to_frame()
