"""``tmb export neo4j-csv DIR``: node and relationship files for ``neo4j-admin database import``.

One ``nodes-<Label>.csv`` per label and one ``rels-<TYPE>.csv`` per relationship type, with
typed headers (``id:ID``, ``name``, ``happened:boolean``, ``value:double``, ``reasons:string[]``,
``:LABEL``; ``:START_ID``, ``:END_ID``, ``:TYPE``), arrays joined by ``;`` (the importer's
default ``--array-delimiter``), plus ``import.sh`` with the command and ``constraints.cypher``
to run afterwards. The directory is written atomically.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from tmb_graph.io import atomic_directory, check_output_dir, visible_entries
from tmb_graph.propertygraph.mapping import PropertyGraph, Value
from tmb_graph.propertygraph.statements import constraint_statements

ARRAY_DELIMITER = ";"
#: the command that owns an import folder (written into its marker)
COMMAND = "export neo4j-csv"
_CSV_FILE = re.compile(r"(?:nodes|rels)-\w+\.csv")
_IMPORT_SH = "#!/bin/sh\n# Run from this directory on the Neo4j server"


def is_earlier_export(folder: Path) -> bool:
    """Whether ``folder`` is the output of an earlier ``tmb export neo4j-csv``, which wrote no
    marker: the ``import.sh`` it wrote, ``constraints.cypher`` and ``nodes-*.csv``/``rels-*.csv``."""
    names = visible_entries(folder)
    try:
        head = (folder / "import.sh").read_text(encoding="utf-8")[: len(_IMPORT_SH)]
    except (OSError, ValueError):
        return False
    return head == _IMPORT_SH and all(
        n in ("import.sh", "constraints.cypher") or (_CSV_FILE.fullmatch(n) and (folder / n).is_file()) for n in names
    )


def _type_of(values: list[Value]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    if kinds and kinds <= {list}:
        return "string[]"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _props_header(items: list[dict[str, Value]]) -> tuple[list[str], list[str]]:
    keys = sorted({k for props in items for k in props if k != "id"})
    typed = []
    for k in keys:
        kind = _type_of([props[k] for props in items if k in props])
        typed.append(k if kind == "string" else f"{k}:{kind}")
    return keys, typed


def export_neo4j_csv(pg: PropertyGraph, out: Path, reads: tuple[Path, ...] = ()) -> list[str]:
    """Write the import files to ``out`` (replaced as a whole); return the file names.

    ``out`` must be new, empty, or an earlier export, and may not overlap ``reads`` (the
    graph folder): :class:`tmb_graph.io.OutputError` otherwise, before anything is written.

    Examples
    --------
    >>> export_neo4j_csv(pg, Path("build/exports/neo4j-import"))     # doctest: +SKIP
    ['constraints.cypher', 'import.sh', 'nodes-Activity.csv', ...]
    """
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_export)
    nodes_by: dict[str, list[Any]] = defaultdict(list)
    for n in pg.nodes:
        nodes_by[n.labels[0]].append(n)
    rels_by: dict[str, list[Any]] = defaultdict(list)
    for r in pg.rels:
        rels_by[r.type].append(r)
    files: dict[str, str] = {}
    for label, nodes in sorted(nodes_by.items()):
        keys, typed = _props_header([n.props for n in nodes])
        rows = [[n.id, *(_cell(n.props.get(k)) for k in keys), ";".join(n.labels)] for n in nodes]
        files[f"nodes-{label}.csv"] = _table(["id:ID", *typed, ":LABEL"], rows)
    for rtype, rels in sorted(rels_by.items()):
        keys, typed = _props_header([r.props for r in rels])
        rows = [[r.start, r.end, rtype, r.key, *(_cell(r.props.get(k)) for k in keys)] for r in rels]
        files[f"rels-{rtype}.csv"] = _table([":START_ID", ":END_ID", ":TYPE", "key", *typed], rows)
    args = " \\\n  ".join(
        [f"--nodes={name}" for name in files if name.startswith("nodes-")]
        + [f"--relationships={name}" for name in files if name.startswith("rels-")]
    )
    files["import.sh"] = (
        "#!/bin/sh\n# Run from this directory on the Neo4j server (database stopped), then run\n"
        "# constraints.cypher with cypher-shell once the database is started.\n"
        f'neo4j-admin database import full --array-delimiter="{ARRAY_DELIMITER}" --overwrite-destination \\\n'
        f'  {args} \\\n  "${{1:-neo4j}}"\n'
    )
    files["constraints.cypher"] = ";\n".join(constraint_statements()) + ";\n"
    with atomic_directory(out, COMMAND, reads=reads, earlier=is_earlier_export) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        (tmp / "import.sh").chmod(0o755)
    return sorted(files)
