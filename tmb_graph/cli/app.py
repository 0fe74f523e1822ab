"""The ``tmb`` Typer app and its command groups; the command modules add their commands to them."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

#: plain help (no rich markup): paragraphs are re-wrapped to the terminal, flags show no type
#: placeholder, and `tmb --help` does not pay for rendering boxes
_PLAIN: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}

app = typer.Typer(
    name="tmb",
    help=(
        "tmb_graph: the knowledge graph of Skåne tillsammans mot brott (2018–2020).\n\n"
        "Start with `tmb build` (validate the data and write the graph), then ask it questions "
        "with `tmb query` or `tmb mandates`. Data goes to stdout, messages to stderr. Exit codes: "
        "0 answered, 1 bad input or data, 2 usage."
    ),
    no_args_is_help=True,
    add_completion=True,
    **_PLAIN,
)

query_app = typer.Typer(help="Ask the built graph in SPARQL or Cypher (read-only unless --allow-update).", **_PLAIN)

push_app = typer.Typer(help="Hand the built graph to a real server when one machine is outgrown.", **_PLAIN)

neo4j_app = typer.Typer(help="Load the graph into a Neo4j server with the official driver.", **_PLAIN)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"tmb_graph {version('tmb-graph')}")
        except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
            print("tmb_graph (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """tmb_graph: the knowledge graph of Skåne tillsammans mot brott (2018–2020)."""


app.add_typer(query_app, name="query")
app.add_typer(push_app, name="push")
app.add_typer(neo4j_app, name="neo4j")


def main() -> None:  # pragma: no cover - console entry point
    """Entry point of the ``tmb`` console script."""
    sys.exit(app())
