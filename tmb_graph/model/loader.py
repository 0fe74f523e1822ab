"""Read a programme folder of YAML files into one validated :class:`~tmb_graph.model.records.Dataset`.

Every problem becomes a :class:`~tmb_graph.errors.DataIssue` naming the file, the line, the
record id and the field; all issues of all files are collected before raising
:class:`~tmb_graph.errors.DataError`, so one run shows everything to fix.

YAML anchors and aliases are refused: hand-edited facts do not need them, and they are the
door to "billion laughs" expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tmb_graph.errors import DataError, DataIssue
from tmb_graph.model.records import LIST_KEYS, SCALAR_KEYS, Dataset

LINE_KEY = "__line__"
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
MAX_FILE_BYTES = 5_000_000


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping and refuses aliases.

    Only ``true``/``false`` are booleans: YAML 1.1 would also turn ``yes``/``no``/``on``/``off``
    into booleans, which the tri-state fields (``yes``/``no``/``partly``/``unknown``) must not see.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not allowed in data files", mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key(s) {sorted(map(str, dupes))}", node.start_mark
            )
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


@dataclass
class Locator:
    """Where each record was read: ``id`` → (file, line)."""

    places: dict[str, tuple[str, int]] = field(default_factory=dict)

    def file_of(self, record_id: str) -> str:
        return self.places.get(record_id, ("?", 0))[0]

    def line_of(self, record_id: str) -> int | None:
        return self.places.get(record_id, ("?", 0))[1] or None

    def issue(self, record_id: str, field_: str | None, message: str, fix: str) -> DataIssue:
        """Build a :class:`DataIssue` located at record ``record_id``."""
        return DataIssue(self.file_of(record_id), message, fix, record_id, field_, self.line_of(record_id))


def _strip_lines(obj: Any, path: str, where: str, locator: Locator, lines: dict[str, int]) -> Any:
    """Remove line markers, recording the line of every record (mapping with an id)."""
    if isinstance(obj, dict):
        line = obj.pop(LINE_KEY, 0)
        lines[path] = line
        rid = obj.get("id")
        if isinstance(rid, str) and rid not in locator.places:
            locator.places[rid] = (where, line)
        return {k: _strip_lines(v, f"{path}.{k}", where, locator, lines) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_strip_lines(v, f"{path}.{i}", where, locator, lines) for i, v in enumerate(obj)]
    return obj


def read_yaml(path: Path) -> Any:
    """Parse one YAML file strictly (UTF-8, no aliases, no duplicate keys, size-capped).

    Raises
    ------
    DataError
        With one issue naming the file and line.
    """
    name = str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            [
                DataIssue(
                    name,
                    f"file is {len(raw)} bytes",
                    f"keep data files under {MAX_FILE_BYTES} bytes; split it",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [DataIssue(name, f"not UTF-8 (byte {exc.start})", "save the file as UTF-8", line=line)]
        ) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        yaml_line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        issue = DataIssue(name, f"invalid YAML: {problem}", "correct the YAML syntax", line=yaml_line)
        raise DataError([issue]) from None


def _field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _locate_error(
    loc: tuple[int | str, ...],
    merged: dict[str, list[Any]],
    origin: dict[tuple[str, int], tuple[str, dict[str, int], str]],
) -> tuple[str, str | None, int | None, str]:
    """Map a pydantic error location to (file, record id, line, field path inside the record)."""
    if not loc or loc[0] not in LIST_KEYS or len(loc) < 2 or not isinstance(loc[1], int):
        return ("?", None, None, _field_path(loc))
    key, index = str(loc[0]), loc[1]
    file, lines, base = origin[(key, index)]
    item = merged[key][index]
    rid = item.get("id") if isinstance(item, dict) else None
    inner = loc[2:]
    # walk down to the deepest record with its own id (e.g. a membership inside a post)
    obj: Any = item
    path = base
    for depth, part in enumerate(inner):
        path = f"{path}.{part}"
        obj = obj[part] if isinstance(obj, (dict, list)) and _has(obj, part) else None  # type: ignore[index]
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            rid = obj["id"]
            inner_rest = inner[depth + 1 :]
            return (file, rid, lines.get(path), _field_path(inner_rest))
    return (
        file,
        rid if isinstance(rid, str) else None,
        lines.get(f"{base}.{_field_path(inner)}") or lines.get(base),
        _field_path(inner),
    )


def _has(obj: dict[Any, Any] | list[Any], part: int | str) -> bool:
    if isinstance(obj, list):
        return isinstance(part, int) and 0 <= part < len(obj)
    return part in obj


def load_dataset(folder: Path) -> tuple[Dataset, Locator]:
    """Load every ``*.yaml`` file of a programme folder into one dataset.

    Parameters
    ----------
    folder : Path
        A programme folder such as ``data/skane-2018-2020``.

    Returns
    -------
    (Dataset, Locator)
        The validated records and where each was read.

    Raises
    ------
    DataError
        Listing every file-, syntax- and schema-level problem found.

    Examples
    --------
    >>> ds, where = load_dataset(Path("data/skane-2018-2020"))  # doctest: +SKIP
    >>> where.file_of("wg-est")                                 # doctest: +SKIP
    'data/skane-2018-2020/wg-est.yaml'
    """
    files = sorted(folder.glob("*.yaml"))
    if not folder.is_dir() or not files:
        raise DataError(
            [
                DataIssue(
                    str(folder),
                    "no *.yaml data files found",
                    "point to a programme folder such as data/skane-2018-2020",
                )
            ]
        )
    issues: list[DataIssue] = []
    locator = Locator()
    merged: dict[str, list[Any]] = {k: [] for k in LIST_KEYS}
    scalars: dict[str, tuple[Any, str]] = {}
    origin: dict[tuple[str, int], tuple[str, dict[str, int], str]] = {}
    for path in files:
        name = str(path)
        try:
            doc = read_yaml(path)
        except DataError as err:
            issues.extend(err.issues)
            continue
        if doc is None:
            continue
        if not isinstance(doc, dict):
            issues.append(
                DataIssue(
                    name,
                    "top level is not a mapping",
                    f"start the file with keys such as {', '.join(LIST_KEYS)}",
                    line=1,
                )
            )
            continue
        lines: dict[str, int] = {}
        doc = _strip_lines(doc, "", name, locator, lines)
        for key, value in doc.items():
            line = lines.get(f".{key}") or None
            if key in SCALAR_KEYS:
                if key in scalars:
                    issues.append(
                        DataIssue(
                            name,
                            f"'{key}' is also given in {scalars[key][1]}",
                            f"give '{key}' in one file only",
                            field=key,
                        )
                    )
                else:
                    scalars[key] = (value, name)
            elif key in LIST_KEYS:
                if not isinstance(value, list):
                    issues.append(
                        DataIssue(
                            name,
                            f"'{key}' must be a list of records",
                            f"write '{key}:' followed by '- id: ...' items",
                            field=key,
                            line=line,
                        )
                    )
                    continue
                for i, item in enumerate(value):
                    origin[(key, len(merged[key]))] = (name, lines, f".{key}.{i}")
                    merged[key].append(item)
            else:
                allowed = ", ".join([*SCALAR_KEYS, *LIST_KEYS])
                issues.append(
                    DataIssue(
                        name,
                        f"unknown top-level key '{key}'",
                        f"use one of: {allowed}",
                        field=key,
                        line=lines.get(f".{key}"),
                    )
                )
    unreadable = bool(issues)
    for key in SCALAR_KEYS:
        if key not in scalars and not unreadable:
            issues.append(DataIssue(str(folder), f"no file gives '{key}'", f"add '{key}:' to programme.yaml"))
    if issues:
        raise DataError(issues)
    payload: dict[str, Any] = {k: v for k, (v, _) in scalars.items()} | merged
    try:
        dataset = Dataset.model_validate(payload)
    except ValidationError as exc:
        for detail in exc.errors():
            loc = tuple(detail["loc"])
            if loc and loc[0] in SCALAR_KEYS:
                file = scalars[str(loc[0])][1]
                issues.append(DataIssue(file, detail["msg"], _fix_hint(detail), field=_field_path(loc)))
                continue
            file, rid, line, fld = _locate_error(loc, merged, origin)
            issues.append(DataIssue(file, _message(detail), _fix_hint(detail), rid, fld or None, line))
        raise DataError(issues) from None
    return dataset, locator


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    return f"{msg} (got {err.get('input')!r})" if err["type"] != "model_type" else msg


def _fix_hint(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "add the field (see data/README.md for each record's fields)"
    if kind == "extra_forbidden":
        return "remove the field or correct its spelling (see data/README.md)"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"use one of {expected}"
    if kind == "string_pattern_mismatch":
        return "ids are lower-case words joined by hyphens; sections look like 4.1.1"
    return "correct the value (see data/README.md)"
