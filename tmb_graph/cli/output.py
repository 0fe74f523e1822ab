"""The one output helper every command uses: consoles, errors as messages, tables, dates.

Data goes to stdout, messages to stderr; the project's errors become a clear message and exit 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from tmb_graph.errors import DataError, TmbError

out_console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn the project's errors into a clear message on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as err:
            err_console.print(f"[bold red]{len(err.issues)} problem(s) in the data:[/]")
            for issue in err.issues:
                # plain writes: rich would wrap long paths and break copy-paste of file:line
                print(f"  {issue}", file=sys.stderr)
            raise typer.Exit(1) from None
        except TmbError as err:
            err_console.print(f"[bold red]error:[/] {err}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def counts_table(counts: dict[str, int], title: str) -> Table:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


def rich_table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, show_header=True, header_style="bold", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
                for v in (row.get(c, "") for c in columns)
            )
        )
    return table


def print_result(result: Any, fmt: str) -> None:
    if fmt == "table":
        table = result.as_table()
        out_console.print(rich_table(f"{len(result.rows)} row(s)", table.columns, table.rows))
    else:
        print(result.render(fmt))


def parse_date(text: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` → date (``None`` stays ``None``); a clear error otherwise.

    >>> parse_date("2019-10-01")
    datetime.date(2019, 10, 1)
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TmbError(f"--at '{text}' is not a date: use YYYY-MM-DD") from None
