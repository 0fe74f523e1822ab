"""The exporter protocol: what one export format declares, the options it may take, what it wrote.

An exporter is a short module with one :class:`Exporter` value, ``EXPORTER``: its name (the
``FORMAT`` of ``tmb export FORMAT``), a title, whether it writes one file or a folder, the
default name under ``build/exports/``, the options it takes and a ``write`` function
``(workspace, path, options) -> Exported``. The registry (:data:`tmb_graph.readwrite.exporters.EXPORTERS`)
lists them; the command line reads its help from there.

Why the heavy imports sit inside each ``write``: the command line builds its help from the
registry, so importing an exporter module must cost nothing (``tmb --help`` stays fast); the
writers they call (networkx, rdflib) are loaded when an export is actually written. They are
all in lower layers — nothing upward is hidden that way.

Examples
--------
>>> ExportOptions().provenance
True
>>> Exported(Path("build/exports/load.cypher"), "file", "84 statements").message()
'wrote 84 statements to build/exports/load.cypher'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace

#: every option an exporter can take: what the file holds (see :func:`tmb_graph.readwrite.select.select`)
OPTIONS: dict[str, str] = {
    "provenance": "--no-provenance",
    "projection": "--projection",
    "at": "--at",
}


@dataclass(frozen=True)
class ExportOptions:
    """What to write: with or without provenance, a two-mode projection, the graph on one day.

    Parameters
    ----------
    provenance : bool
        ``False`` leaves out ``DERIVED_FROM``/``SEE_ALSO`` edges and the Section/Document nodes.
    projection : str, optional
        ``org-body`` or ``person-body``: a two-mode network instead of the graph.
    at : datetime.date, optional
        The graph as it stood on that day.
    """

    provenance: bool = True
    projection: str | None = None
    at: dt.date | None = None

    def given(self) -> list[str]:
        """The options that differ from their defaults, by name (e.g. ``['at']``).

        >>> ExportOptions(provenance=False, at=dt.date(2019, 10, 1)).given()
        ['provenance', 'at']
        """
        return [
            name
            for name, used in (
                ("provenance", not self.provenance),
                ("projection", self.projection is not None),
                ("at", self.at is not None),
            )
            if used
        ]


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the path, whether it is a file or a folder, how much, and what next."""

    path: Path
    output: Literal["file", "folder"]
    amount: str
    next_step: str = ""

    def message(self) -> str:
        """One line for standard error (never mixed into an export written to standard output)."""
        return f"wrote {self.amount} to {self.path}" + (f"; {self.next_step}" if self.next_step else "")


@dataclass(frozen=True)
class Exporter:
    """One export format.

    Parameters
    ----------
    name : str
        The ``FORMAT`` of ``tmb export FORMAT`` (``graphml``, ``neo4j-csv``).
    title : str
        One line: what it is and which tool reads it.
    output : "file" or "folder"
        A folder is replaced as a whole (new, empty or one this exporter wrote:
        :func:`tmb_graph.io.check_output_dir`); a file may be ``-`` for standard output
        (:func:`tmb_graph.io.write_file`).
    default_name : str
        Its name under ``build/exports/`` when no path is given.
    write : callable
        ``write(workspace, path, options) -> Exported``.
    options : tuple of str
        Keys of :data:`OPTIONS` it takes; any other is refused.
    """

    name: str
    title: str
    output: Literal["file", "folder"]
    default_name: str
    write: Callable[[Workspace, Path, ExportOptions], Exported]
    options: tuple[str, ...] = ()
