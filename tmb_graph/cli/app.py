"""The ``tmb`` Typer app and its command groups; the command modules add their commands to them."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="tmb",
    help=(
        "tmb_graph: the knowledge graph of Skåne tillsammans mot brott (2018–2020).\n\n"
        "Start with `tmb build` (validate the data and write the graph), then ask it questions "
        "with `tmb query` or `tmb mandates`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

query_app = typer.Typer(help="Ask the built graph in SPARQL or Cypher (read-only unless --allow-update).")

push_app = typer.Typer(help="Hand the built graph to a real server when one machine is outgrown.")

neo4j_app = typer.Typer(help="Load the graph into a Neo4j server with the official driver.")

export_app = typer.Typer(help="Write the property graph for other tools.")

app.add_typer(query_app, name="query")
app.add_typer(push_app, name="push")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(export_app, name="export")


def main() -> None:  # pragma: no cover - console entry point
    """Entry point of the ``tmb`` console script."""
    sys.exit(app())
