"""Exceptions shared by every layer of tmb_graph."""

from __future__ import annotations


class TmbError(Exception):
    """Base class of every error tmb_graph raises on purpose (CLI exits non-zero on it)."""


class StoreError(TmbError):
    """A store (SPARQL, FalkorDB, Neo4j) could not be started, reached or loaded."""


class DataError(TmbError):
    """Input data is malformed; ``issues`` lists every problem found, each locatable."""

    def __init__(self, issues: list[DataIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class DataIssue:
    """One problem in the input data, located by file, line, record id and field.

    Parameters
    ----------
    file : str
        Path of the data file (relative where possible).
    message : str
        What is wrong.
    fix : str
        How to fix it.
    record : str, optional
        The record's ``id``.
    field : str, optional
        Dotted path of the offending field.
    line : int, optional
        1-based line in ``file``.
    """

    __slots__ = ("field", "file", "fix", "line", "message", "record")

    def __init__(
        self,
        file: str,
        message: str,
        fix: str,
        record: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.fix = fix
        self.record = record
        self.field = field
        self.line = line

    def __str__(self) -> str:
        """``FILE[:LINE]: [record 'ID'] [field 'F']: MESSAGE — fix: FIX``, never ``FILE::``.

        Examples
        --------
        >>> print(DataIssue("a.yaml", "bad", "fix it", "org-a", "name", 3))
        a.yaml:3: record 'org-a' field 'name': bad — fix: fix it
        >>> print(DataIssue("data", "no files", "add one"))
        data: no files — fix: add one
        """
        where = self.file + (f":{self.line}" if self.line else "")
        what = " ".join(
            part
            for part in (
                f"record '{self.record}'" if self.record else "",
                f"field '{self.field}'" if self.field else "",
            )
            if part
        )
        head = f"{where}: {what}" if what else where
        return f"{head}: {self.message} — fix: {self.fix}"

    def as_dict(self) -> dict[str, object]:
        """Return the issue as a JSON-ready mapping."""
        return {k: getattr(self, k) for k in ("file", "line", "record", "field", "message", "fix")}
