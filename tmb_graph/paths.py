"""Where the project's files are: the repository root, its ontology, data and sources.

Defaults can be overridden with environment variables (``TMB_ONTOLOGY``, ``TMB_DATA``,
``TMB_SOURCES``) so an installed copy can point at another checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def default_build() -> Path:
    """Where ``tmb build`` writes by default."""
    return Path(os.environ.get("TMB_BUILD", ROOT / "build"))
