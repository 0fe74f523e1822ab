"""The one output helper every command uses: one writer for every format, errors as messages.

The contract (stated in the README):

* data goes to stdout, everything else (titles, notes, row counts, progress) to stderr;
* ``--format auto`` (the default) draws a table on a terminal and writes CSV otherwise, so a
  pipe or a file gets data a program can read, never a table squeezed to 80 columns;
* ``--output FILE`` writes the same text to a file (format from its extension, written
  atomically by :func:`tmb_graph.io.write_file`); ``-`` is stdout;
* the project's errors become a message on stderr and exit 1; usage errors exit 2.

Text is rendered by the data types themselves (:meth:`tmb_graph.table.Table.render`,
:meth:`tmb_graph.query.result.QueryResult.render`), cells flattened in one place
(:func:`tmb_graph.table.cell_text`); only the terminal table is drawn here, with rich.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import typer

from tmb_graph.errors import DataError, TmbError

if TYPE_CHECKING:  # rich and the data types are imported when used, to keep `tmb --help` fast
    from rich.console import Console
    from rich.table import Table as RichTable

    from tmb_graph.query.result import QueryResult
    from tmb_graph.table import Table


class _LazyConsole:
    """A rich console made on first use (importing rich costs more than the rest of `tmb --help`)."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)

    def real(self) -> Console:
        """The console itself, for what uses it as more than attributes (``with console:`` in a
        live display: special methods do not pass through ``__getattr__``)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False)
        return self._console


#: the command's answer when it is a message for a person (`tmb build`'s counts); data goes through `emit`
out_console = cast("Console", _LazyConsole(stderr=False))
#: every message: notes, titles, row counts, progress, errors
err_console = cast("Console", _LazyConsole(stderr=True))

F = TypeVar("F", bound=Callable[..., Any])

#: every format a data command may be asked for; ``auto``: a table on a terminal, CSV otherwise
FORMATS = ("auto", "table", "csv", "tsv", "json", "jsonl", "md", "sparql-json", "turtle", "ntriples")

#: the format of ``--output FILE`` from its extension (when ``--format`` is ``auto``)
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "md",
    ".txt": "table",
    ".srj": "sparql-json",
    ".ttl": "turtle",
    ".nt": "ntriples",
}

#: a terminal table drawn into a pipe or a file is as wide as it needs to be
_UNLIMITED = 1_000_000


def handle_errors(fn: F) -> F:
    """Turn the project's errors into a clear message on stderr and exit 1 (never a traceback)."""

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
            err_console.print(f"[bold red]error:[/] {err}", highlight=False, markup=True, soft_wrap=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:  # `tmb ... | head`: the reader has what it wanted
            _silence_stdout()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so Python's exit flush does not complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor (tests)
        pass


def note(message: str) -> None:
    """A message for the person at the terminal (stderr; never mixed into the data)."""
    err_console.print(f"[dim]{message}[/]", highlight=False, soft_wrap=True)


def usage_error(message: str, param: str | None = None) -> typer.BadParameter:
    """A usage error (exit 2, with the command's usage line), e.g. a format the command lacks."""
    return typer.BadParameter(message, param_hint=param)


def resolve_format(fmt: str, output: Path | None, allowed: Sequence[str]) -> str:
    """The concrete format: ``auto`` becomes the format of ``output``'s extension (CSV for a file
    without one) or, on stdout, ``table`` on a terminal and ``csv`` otherwise.

    Raises
    ------
    typer.BadParameter
        For a format not in ``allowed`` or an output extension without a known format (exit 2).
    """
    fmt = fmt.strip().lower()
    if fmt == "auto":
        if output is not None and str(output) != "-" and output.suffix:
            fmt = EXTENSIONS.get(output.suffix.lower(), "")
            if not fmt:
                known = ", ".join(f"{ext} ({f})" for ext, f in EXTENSIONS.items() if f in allowed)
                raise usage_error(
                    f"cannot tell the format of {output} from its extension: use one of {known}, or give --format",
                    "--output",
                )
        elif output is not None and str(output) != "-":
            fmt = "csv"  # a file without an extension (or /dev/stdout): data, as for a pipe
        else:
            fmt = "table" if sys.stdout.isatty() else "csv"
    if fmt not in allowed:
        raise usage_error(f"'{fmt}' is not a format of this command: choose one of {', '.join(allowed)}", "--format")
    return fmt


def rich_table(title: str | None, columns: list[str], rows: Iterable[Sequence[str]]) -> RichTable:
    """A terminal table of cell texts (already flattened by ``cell_text``)."""
    from rich.table import Table as RichTable

    table = RichTable(title=title, show_header=True, header_style="bold", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def counts_table(counts: dict[str, int], title: str) -> RichTable:
    """A two-column table of counts (``tmb build``)."""
    from rich.table import Table as RichTable

    table = RichTable(title=title, show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


@contextlib.contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for a long step: yields ``tick(done, total)``. It is drawn on a
    terminal only and removed when the step ends (nothing is left in a log or a pipe)."""
    from rich.progress import Progress

    # not redirected: worker processes (forkserver) must inherit the real stdout and stderr
    with Progress(
        console=cast("_LazyConsole", err_console).real(),
        transient=True,
        disable=not err_console.is_terminal,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def print_rich(renderable: Any) -> None:
    """Draw a rich renderable on stdout: at terminal width on a terminal, unsqueezed elsewhere."""
    from rich.console import Console

    if out_console.is_terminal:
        out_console.print(renderable)
    else:
        Console(width=_UNLIMITED, highlight=False, soft_wrap=True).print(renderable)


def _rich_text(renderable: Any) -> str:
    """A rich renderable as plain text (``--format table --output FILE``)."""
    import io

    from rich.console import Console

    console = Console(width=_UNLIMITED, highlight=False, file=io.StringIO())
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in str(text).splitlines()) + "\n"


def emit(text: str, output: Path | None, command: str, reads: Sequence[Path] = (), rows: int | None = None) -> None:
    """Write ``text`` (the data) to stdout or to the file ``output`` (atomically; ``-`` is stdout)."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from tmb_graph.io import write_file

    write_file(output, text.encode("utf-8"), command, reads=reads)
    what = f"{rows} row(s)" if rows is not None else f"{len(text.encode('utf-8')):,} bytes"
    note(f"wrote {what} to {output}")


def write_table(
    table: Table,
    fmt: str,
    output: Path | None,
    command: str,
    *,
    title: str | None = None,
    reads: Sequence[Path] = (),
) -> None:
    """Write one table in ``fmt`` (already resolved) to stdout or ``output``; the title, and
    "0 rows" for an empty answer, go to stderr unless a terminal table shows them."""
    if fmt == "table":
        drawn = rich_table(title, table.columns, table.text_rows())
        if output is None or str(output) == "-":
            if not table.rows:
                note("0 rows")
            print_rich(drawn)
        else:
            emit(_rich_text(drawn), output, command, reads, len(table.rows))
        return
    if title:
        note(title)
    if not table.rows and (output is None or str(output) == "-"):
        note("0 rows")
    emit(table.render(fmt), output, command, reads, len(table.rows))


def write_result(
    result: QueryResult,
    fmt: str,
    output: Path | None,
    command: str,
    *,
    title: str | None = None,
    columns: list[str] | None = None,
    reads: Sequence[Path] = (),
) -> None:
    """Write a query's result: RDF formats from its terms, everything else as a table."""
    if fmt not in result.formats() and fmt != "table":
        try:
            result.render(fmt)
        except TmbError as err:  # the command line asked for a form this answer does not have
            raise usage_error(str(err), "--format") from None
    if columns:
        result = result.select(columns)
    if fmt in ("sparql-json", "turtle", "ntriples"):
        if title:
            note(title)
        if not result.rows and (output is None or str(output) == "-"):
            note("0 rows")
        emit(result.render(fmt), output, command, reads, len(result.rows))
        return
    count = f"{len(result.rows)} row(s)"
    shown = f"{title}: {count}" if title else count
    write_table(result.as_table(), fmt, output, command, title=shown if fmt == "table" else title, reads=reads)


def split_columns(columns: str | None) -> list[str] | None:
    """``--columns a,b`` → ``["a", "b"]`` (``None`` when not given)."""
    if columns is None:
        return None
    names = [c.strip() for c in columns.split(",") if c.strip()]
    if not names:
        raise usage_error("--columns needs column names separated by commas, e.g. --columns body,role", "--columns")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:  # a table with two columns of one name reads back renamed (pandas: `holder.1`)
        raise usage_error(
            f"--columns names {', '.join(repr(n) for n in twice)} more than once: give each once", "--columns"
        )
    return names


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
