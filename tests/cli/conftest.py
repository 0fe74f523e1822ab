"""Helpers for the command-line tests: run `tmb` in-process and keep stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from tmb_graph.cli import app


@dataclass
class Run:
    """One finished command: exit code, stdout (the data), stderr (the messages)."""

    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def ok(self) -> Run:
        """Assert the command answered (exit 0, no traceback) and return itself."""
        assert self.exception is None or isinstance(self.exception, SystemExit), repr(self.exception)
        assert self.code == 0, f"exit {self.code}: {self.stderr[-2000:]}"
        return self


#: the type of the ``tmb`` fixture
Tmb = Callable[..., Run]


@pytest.fixture
def tmb() -> Tmb:
    """``tmb(*args, input=None)`` → :class:`Run`."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input)
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit):
            raise AssertionError(f"traceback instead of a message: {exc!r}") from exc
        return Run(result.exit_code, result.stdout, result.stderr, exc)

    return invoke
