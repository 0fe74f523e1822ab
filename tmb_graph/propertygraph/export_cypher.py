"""``tmb export cypher FILE``: a plain script for ``cypher-shell`` that loads the graph.

The same statements as the loader (:mod:`tmb_graph.propertygraph.statements`), with each batch's
rows written as a Cypher list literal instead of a ``$rows`` parameter, since a script cannot
carry parameters. Strings are escaped for Cypher's single-quoted literals. Written atomically.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from tmb_graph.errors import TmbError
from tmb_graph.io import write_file
from tmb_graph.propertygraph.mapping import PropertyGraph
from tmb_graph.propertygraph.statements import batches, constraint_statements, ident

SCRIPT_BATCH = 500


def literal(value: Any) -> str:
    """A Cypher literal for a property value.

    Examples
    --------
    >>> literal({"a": "it's", "n": [1, True]})
    "{`a`: 'it\\\\'s', `n`: [1, true]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TmbError(f"cannot write {value} as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
        return f"'{escaped}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{ident(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise TmbError(f"cannot write a {type(value).__name__} as a Cypher literal")


def cypher_script(pg: PropertyGraph, batch_size: int = SCRIPT_BATCH) -> str:
    """The whole script: constraints, then one ``UNWIND [...] AS row MERGE ...;`` per batch."""
    lines = ["// tmb_graph: load the programme graph (run with cypher-shell -f FILE)", ""]
    lines += [f"{s};" for s in constraint_statements()]
    for batch in batches(pg, batch_size):
        rows = literal(batch.rows)
        lines.append(f"// {batch.step}")
        lines.append(batch.statement.replace("UNWIND $rows AS row", f"UNWIND {rows} AS row", 1) + ";")
    return "\n".join(lines) + "\n"


def export_cypher(pg: PropertyGraph, path: Path, batch_size: int = SCRIPT_BATCH, reads: tuple[Path, ...] = ()) -> int:
    """Write :func:`cypher_script` to ``path``; return the number of statements.

    ``path`` is a file the user named: ``-`` or ``/dev/stdout`` for standard output, a device
    such as ``/dev/null``, or a file (replaced atomically); folders, FIFOs and the files in
    ``reads`` are refused (see :func:`tmb_graph.io.write_file`).

    Examples
    --------
    >>> export_cypher(pg, Path("build/exports/load.cypher"))      # doctest: +SKIP
    98
    """
    text = cypher_script(pg, batch_size)
    write_file(path, text.encode("utf-8"), "export cypher", reads=reads)
    return text.count(";\n")
