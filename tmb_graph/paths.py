"""Where the project's files are: the repository root, its ontology, data and sources.

Defaults can be overridden with environment variables (``TMB_ONTOLOGY``, ``TMB_DATA``,
``TMB_SOURCES``, ``TMB_BUILD`` for the root of the output tree) so an installed copy can point
at another checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from tmb_graph.errors import TmbError

ROOT = Path(__file__).resolve().parents[1]


def ontology_dir() -> Path:
    """Folder of ``tmb.ttl``, ``concepts.ttl`` and ``shapes.ttl``."""
    return Path(os.environ.get("TMB_ONTOLOGY", ROOT / "ontology"))


def default_data() -> Path:
    """The embedded default programme folder."""
    return Path(os.environ.get("TMB_DATA", ROOT / "data" / "skane-2018-2020"))


def default_sources() -> Path:
    """Folder holding the source texts (``../shared/sources`` beside the checkout)."""
    return Path(os.environ.get("TMB_SOURCES", ROOT.parent / "shared" / "sources"))


#: the folders of the output tree under :func:`output_root`, one per command (each command
#: replaces or writes only its own): the build, analyses, views, plots, report, exports, synth
OUTPUT_FOLDERS = ("graph", "analyses", "views", "plots", "report", "exports", "synth")


def output_root() -> Path:
    """The root of the output tree (``build/`` in the checkout; ``TMB_BUILD`` overrides it).

    Each command writes its own folder below it (see :data:`OUTPUT_FOLDERS`), so a rebuild
    never deletes a report, and a report never links to views a rebuild removed.
    """
    return Path(os.environ.get("TMB_BUILD", ROOT / "build"))


def default_output(kind: str) -> Path:
    """The default folder of one command's output, e.g. ``default_output("views")``.

    Examples
    --------
    >>> default_output("report").relative_to(output_root()).as_posix()
    'report'
    """
    if kind not in OUTPUT_FOLDERS:
        raise ValueError(f"unknown output folder '{kind}': one of {', '.join(OUTPUT_FOLDERS)}")
    return output_root() / kind


def default_graph_dir() -> Path:
    """Where ``tmb build`` writes the graph, and where every command reads it: ``build/graph/``."""
    return default_output("graph")


def default_build() -> Path:
    """The built graph's folder (``build/graph/``); the same as :func:`default_graph_dir`."""
    return default_graph_dir()


def built_graph_file(graph_dir: Path, name: str = "graph.nt") -> Path:
    """The N-Triples file of a build in ``graph_dir``, or a clear error saying how to make one.

    Every reader of a build (the SPARQL store and its worker, the property graph, the
    workspace, ``push sparql``) asks here, so "is this a build?" is answered once: the file
    must exist, be a regular file and hold something (an empty ``graph.nt`` is a cut-off
    write or a stray file, never a build: every build holds its programme).

    >>> built_graph_file(Path("/nonexistent"))
    Traceback (most recent call last):
    ...
    tmb_graph.errors.TmbError: no built graph at /nonexistent/graph.nt: run `tmb build --out /nonexistent` first
    """
    path = graph_dir / name
    if not path.is_file():
        raise TmbError(f"no built graph at {path}: run `tmb build --out {graph_dir}` first")
    if path.stat().st_size == 0:
        raise TmbError(f"{path} is empty, not a built graph: run `tmb build --out {graph_dir}` again")
    return path
