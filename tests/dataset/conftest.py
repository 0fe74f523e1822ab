"""The `tmb` fixture of the command-line tests, for the dataset's command tests."""

from __future__ import annotations

from tests.cli.conftest import tmb

__all__ = ["tmb"]
