"""One door for every export format: ``tmb export FORMAT [FILE|DIR]``.

Each format is a short module here declaring one :class:`~.base.Exporter` (name, title, file or
folder, default name, options, write function); :data:`EXPORTERS` lists them, and the command
line, its help and :func:`export` all read that list. Adding a format is one new module and one
line below.

Where an export goes: the path given, or ``build/exports/<default name>``. A file follows
:func:`tmb_graph.io.write_file` (``-`` is standard output, an existing file the user named is
replaced atomically, folders and FIFOs are refused); a folder follows
:func:`tmb_graph.io.check_output_dir` (new, empty or one this exporter wrote, replaced as a whole).

Examples
--------
>>> names()
('graphml', 'gexf', 'neo4j-csv', 'cypher', 'ttl', 'nt', 'jsonld')
>>> exporter("neo4j-csv").output
'folder'
>>> export_path(exporter("gexf"), None).name
'tmb.gexf'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tmb_graph.errors import TmbError
from tmb_graph.paths import default_output
from tmb_graph.readwrite.exporters import cypher, gexf, graphml, jsonld, neo4j_csv, ntriples, turtle
from tmb_graph.readwrite.exporters.base import OPTIONS, Exported, Exporter, ExportOptions

if TYPE_CHECKING:
    from tmb_graph.workspace import Workspace

#: every export format, in the order the help lists them
EXPORTERS: tuple[Exporter, ...] = (
    graphml.EXPORTER,
    gexf.EXPORTER,
    neo4j_csv.EXPORTER,
    cypher.EXPORTER,
    turtle.EXPORTER,
    ntriples.EXPORTER,
    jsonld.EXPORTER,
)

__all__ = ["EXPORTERS", "ExportOptions", "Exported", "Exporter", "export", "export_path", "exporter", "names"]


def names() -> tuple[str, ...]:
    """The format names, in registry order."""
    return tuple(e.name for e in EXPORTERS)


def exporter(name: str) -> Exporter:
    """The exporter called ``name``.

    Raises
    ------
    TmbError
        For an unknown name, listing the known ones.

    >>> exporter("svg")
    Traceback (most recent call last):
    ...
    tmb_graph.errors.TmbError: unknown export format 'svg': choose one of graphml, gexf, neo4j-csv, cypher, ttl, nt, jsonld
    """
    for e in EXPORTERS:
        if e.name == name:
            return e
    raise TmbError(f"unknown export format '{name}': choose one of {', '.join(names())}")


def export_path(spec: Exporter, path: Path | None) -> Path:
    """``path``, or the exporter's default under ``build/exports/``."""
    return path if path is not None else default_output("exports") / spec.default_name


def misfit(spec: Exporter, options: ExportOptions, path: Path | None = None) -> str | None:
    """Why ``options`` (or ``path``) do not fit the exporter ``spec``, or ``None`` when they do.

    One rule for the library and the command line (which reports it as a usage error).

    Examples
    --------
    >>> import datetime as dt
    >>> misfit(exporter("ttl"), ExportOptions(at=dt.date(2019, 10, 1)))
    '--at applies only to graphml, gexf (ttl writes the whole built graph)'
    >>> misfit(exporter("neo4j-csv"), ExportOptions(), Path("-"))
    'neo4j-csv writes a folder of files, not standard output: give a folder (or none for build/exports/neo4j-import)'
    >>> misfit(exporter("gexf"), ExportOptions(provenance=False)) is None
    True
    """
    refused = [o for o in options.given() if o not in spec.options]
    if refused:
        takers = ", ".join(e.name for e in EXPORTERS if set(refused) <= set(e.options))
        flags = " and ".join(OPTIONS[o] for o in refused)
        return f"{flags} applies only to {takers} ({spec.name} writes the whole built graph)"
    if spec.output == "folder" and path is not None and str(path) in ("-", "/dev/stdout"):
        return (
            f"{spec.name} writes a folder of files, not standard output: give a folder "
            f"(or none for build/exports/{spec.default_name})"
        )
    return None


def export(ws: Workspace, name: str, path: Path | None = None, options: ExportOptions | None = None) -> Exported:
    """Write the graph of ``ws`` in format ``name`` to ``path`` (default: under ``build/exports/``).

    Parameters
    ----------
    ws : Workspace
        The built graph (:class:`tmb_graph.workspace.Workspace`); its folder is never written.
    name : str
        A format of :data:`EXPORTERS`.
    path : Path, optional
        The file or folder to write (a file may be ``-`` for standard output).
    options : ExportOptions, optional
        What to write; an option the format does not take is refused before anything is read.

    Raises
    ------
    TmbError
        For an unknown format or an option it does not take; :class:`tmb_graph.io.OutputError`
        for an output the safety rules refuse.

    Examples
    --------
    >>> export(Workspace(Path("build/graph")), "ttl").path        # doctest: +SKIP
    PosixPath('build/exports/graph.ttl')
    """
    spec = exporter(name)
    options = options or ExportOptions()
    problem = misfit(spec, options, path)
    if problem is not None:
        raise TmbError(problem)
    return spec.write(ws, export_path(spec, path), options)
