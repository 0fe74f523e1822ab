"""Tests of the question library, the SPARQL answers to analyst questions and read-only safety.

The modules share one build of the real programme per test session (:func:`built_graph`), so
the graph is validated and written once however many of them run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tmb_graph.paths import default_data
from tmb_graph.rdf.build import build

_BUILT: dict[str, Path] = {}


def built_graph(factory: pytest.TempPathFactory) -> Path:
    """Build the real programme once per session into a temporary folder; return the folder.

    Parameters
    ----------
    factory : pytest.TempPathFactory
        The session's ``tmp_path_factory``.

    Returns
    -------
    Path
        A folder holding ``graph.nt`` and the other build outputs.
    """
    if "real" not in _BUILT:
        out = factory.mktemp("tmb-build") / "build"
        build(default_data(), out, shacl=False)
        _BUILT["real"] = out
    return _BUILT["real"]
