"""The ``tmb`` command: a module per command group over one output helper (:mod:`.output`).

Each command parses its options and calls one documented library function; the library
modules are imported inside the commands so that ``tmb --help`` stays fast.
"""

# isort: skip_file
# (the import order is the order of the commands in `tmb --help`: build first)
from __future__ import annotations

from tmb_graph.cli import build, query, analyse, view, stores, export, doctor
from tmb_graph.cli import serve
from tmb_graph.cli.app import app, main

__all__ = ["analyse", "app", "build", "doctor", "export", "main", "query", "serve", "stores", "view"]
