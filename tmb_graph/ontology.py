"""The project's ontology files, read in one place: ``tmb.ttl``, ``concepts.ttl``, ``shapes.ttl``.

Every consumer (SHACL, the property-graph mapping, the SPARQL stores, ``push sparql``, the
generated docs) asks here, so where the files live (``TMB_ONTOLOGY``) and how a broken file is
reported are decided once. Parsed graphs are cached per process: treat them as read-only.

Examples
--------
>>> len(concepts()) > 0
True
>>> [p.name for p in ontology_files()]
['tmb.ttl', 'concepts.ttl']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from tmb_graph.errors import TmbError
from tmb_graph.paths import ontology_dir

#: the files every store loads beside the data (the shapes are for validation only)
STORE_FILES = ("tmb.ttl", "concepts.ttl")


def ontology_file(name: str) -> Path:
    """``ontology_dir()/name``, or a clear error when the file is missing."""
    path = ontology_dir() / name
    if not path.is_file():
        raise TmbError(f"ontology file {path} not found: set TMB_ONTOLOGY to the checkout's ontology/ folder")
    return path


def ontology_files() -> list[Path]:
    """The Turtle files a store loads beside the data (terms and concepts)."""
    return [ontology_file(name) for name in STORE_FILES]


def _parse(name: str) -> Graph:
    path = ontology_file(name)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for a broken file
        raise TmbError(f"{path}: cannot read the ontology ({exc})") from None


@lru_cache(maxsize=1)
def terms() -> Graph:
    """``tmb.ttl``: the project's classes and properties."""
    return _parse("tmb.ttl")


@lru_cache(maxsize=1)
def concepts() -> Graph:
    """``concepts.ttl``: the SKOS concept schemes (types, statuses, roles), sv + en."""
    return _parse("concepts.ttl")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """``shapes.ttl``: the SHACL shapes the build is checked against."""
    return _parse("shapes.ttl")
