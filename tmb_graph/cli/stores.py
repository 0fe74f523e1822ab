"""``tmb neo4j load``: the property graph into a Neo4j server (its files: ``tmb export neo4j-csv|cypher``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tmb_graph.cli.app import neo4j_app
from tmb_graph.cli.options import GraphDirOpt, positive_seconds
from tmb_graph.cli.output import handle_errors, print_rich, progress_bar
from tmb_graph.limits import DEFAULT_TIMEOUT
from tmb_graph.paths import default_build


def property_graph(graph_dir: Path) -> Any:
    """The built graph mapped to the property graph (the one mapping)."""
    from tmb_graph.cli.graph import workspace

    return workspace(graph_dir).property_graph


@neo4j_app.command("load")
@handle_errors
def neo4j_load_cmd(
    uri: Annotated[
        str | None, typer.Option("--uri", help="bolt://host:7687 or neo4j://host (cluster) [default: $NEO4J_URI].")
    ] = None,
    database: Annotated[str | None, typer.Option("--database", help="Target database [server default].")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per UNWIND statement.")] = 2000,
    max_batch_bytes: Annotated[
        int | None, typer.Option("--max-batch-bytes", help="Also cap each batch's size in bytes.")
    ] = None,
    graph_dir: GraphDirOpt = default_build(),
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            callback=positive_seconds,
            help="The longest one statement may run on the server, and the longest wait for a connection.",
        ),
    ] = DEFAULT_TIMEOUT,
) -> None:
    """Load the built graph into Neo4j: constraints, then batched UNWIND … MERGE (idempotent;
    an interrupted load resumes from its checkpoint). Credentials come from NEO4J_USERNAME and
    NEO4J_PASSWORD and are never printed."""
    from tmb_graph.pipeline import CHECKPOINT
    from tmb_graph.propertygraph.neo4j_load import credentials_from_env, neo4j_load

    target, auth = credentials_from_env(uri)
    pg = property_graph(graph_dir)
    with progress_bar("loading") as tick:
        summary = neo4j_load(
            pg,
            target,
            auth,
            database,
            batch_size,
            graph_dir / CHECKPOINT,
            max_batch_bytes,
            tick,
            timeout=timeout,
        )
    print_rich(
        f"loaded {len(pg.nodes)} nodes and {len(pg.rels)} relationships in {summary.batches} batches "
        f"({summary.skipped} resumed from the checkpoint, {summary.retries} retries, {summary.seconds:.1f} s); "
        f"created {summary.nodes_created} nodes, {summary.relationships_created} relationships; "
        f"schema: {summary.schema}"
    )
