"""Read a programme folder of YAML files into one validated :class:`~tmb_graph.model.records.Dataset`.

Every problem becomes a :class:`~tmb_graph.errors.DataIssue` naming the file, the line, the
record id and the field; all issues of all files are collected before raising
:class:`~tmb_graph.errors.DataError`, so one run shows everything to fix.

YAML anchors and aliases are refused: hand-edited facts do not need them, and they are the
door to "billion laughs" expansion.
"""

from __future__ import annotations

import bisect
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tmb_graph.errors import DataError, DataIssue
from tmb_graph.model.records import LIST_KEYS, SCALAR_KEYS, Dataset

try:  # libyaml's parser is about ten times faster; the constructor stays in Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_LIBYAML = _BaseLoader.__name__ == "CSafeLoader"
LINE_KEY = "__line__"
KEY_LINES = "__key_lines__"
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_FILE_BYTES = 5_000_000
#: deepest nesting a data file may use (a membership's source sits about 7 levels down)
MAX_DEPTH = 40
#: tags a data file never needs: refused rather than turned into bytes, sets or pair lists
_REFUSED_TAGS = ("binary", "set", "omap", "pairs", "timestamp")


class _YAMLDataError(ConstructorError):
    """A YAML construct the data files do not allow, with the fix to suggest."""

    def __init__(self, problem: str, mark: Any, fix: str) -> None:
        super().__init__(None, None, problem, mark)
        self.fix = fix


class _LineList(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    item_lines: list[int]


def _short(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else type(node).__name__
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}...' ({len(str(value))} characters)"


#: line breaks YAML counts but editors do not show as new lines (NEL, LINE and PARAGRAPH SEPARATOR)
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAKS = re.compile(r"\r\n|\r|\n")
_BYTE_BREAKS = re.compile(rb"\r\n|\r|\n")
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class LineTable:
    """Line numbers as editors count them (``\\n``, ``\\r\\n``, ``\\r``) for libyaml's marks.

    YAML also breaks lines at NEL, U+2028 and U+2029; where a file holds one, the mark's line
    is recomputed from its character index so that reported lines match the editor's.
    """

    def __init__(self, text: str) -> None:
        self.last = len(_BREAKS.findall(text)) + 1
        self.starts = [0, *(m.end() for m in _BREAKS.finditer(text))] if _ODD_BREAKS.search(text) else None

    def line(self, mark: Any) -> int:
        """The 1-based line of a YAML mark, never past the file's last line."""
        if self.starts is None:
            return min(int(mark.line) + 1, self.last)
        return min(bisect.bisect_right(self.starts, mark.index), self.last)


def _check_nodes(root: Node, lines: LineTable) -> None:
    """Refuse aliases (a node reached twice) and absurd nesting, before anything is expanded.

    Runs on the composed node graph, where an alias is the anchored node shared once more; the
    graph is linear in the file's size even for a "billion laughs" bomb, which would only blow
    up when constructed. Iterative, so deep input cannot exhaust the Python stack.
    """
    seen = {id(root)}
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _YAMLDataError(
                f"the data is nested more than {MAX_DEPTH} levels deep",
                node.start_mark,
                "records need a few levels only: check the indentation and brackets",
            )
        if isinstance(node, SequenceNode):
            pairs = [(node, child) for child in node.value]
        elif isinstance(node, MappingNode):
            pairs = [(k, n) for k, v in node.value for n in (k, v)]
        else:
            continue
        for where, child in pairs:
            if id(child) in seen:
                line = lines.line(child.start_mark)
                raise _YAMLDataError(
                    f"YAML aliases (*name) are not allowed in data files (this one repeats line {line})",
                    where.start_mark,
                    "write the value out in full instead of using &anchor / *alias",
                )
            seen.add(id(child))
            stack.append((child, depth + 1))


class _LineLoader(_BaseLoader):
    """Safe loader that remembers the line of every mapping, key and list item, and refuses
    aliases, merge keys, duplicate keys, unusual tags, surrogate escapes and control characters.

    Only ``true``/``false`` are booleans: YAML 1.1 would also turn ``yes``/``no``/``on``/``off``
    into booleans, which the tri-state fields (``yes``/``no``/``partly``/``unknown``) must not see.
    Dates stay text (``2018-05-30``) and are read by :class:`~tmb_graph.model.dates.FuzzyDate`,
    which names the field when one is not a calendar date.
    """

    lines: LineTable

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None:
            _check_nodes(node, self.lines)
        return node

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except RecursionError:
            raise _YAMLDataError(
                "the data is nested too deeply", node.start_mark, "check the indentation and brackets"
            ) from None
        except Exception as exc:  # a tag's constructor failed: !!int x, a 5000-digit number ...
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            reason = str(exc).split(";")[0][:120]
            raise _YAMLDataError(
                f"cannot read {_short(node)} as {tag}: {reason}",
                node.start_mark,
                "correct the value, or quote it to keep it as text",
            ) from None

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            bad = _CONTROL.search(value)
            if bad:
                raise _YAMLDataError(
                    f"the value contains the control character U+{ord(bad.group()):04X}",
                    node.start_mark,
                    "remove the escape (\\0, \\x01 ...) or the character from the value",
                )
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _YAMLDataError(
                    f"the escape for U+{ord(value[exc.start]):04X} is not a character (an unpaired surrogate)",
                    node.start_mark,
                    "write the character itself, or a correct \\U escape",
                ) from None
        return value

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        key_lines: dict[Any, int] = {}
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                line = self.lines.line(key_node.start_mark)
                try:
                    first = key_lines.get(key)
                except TypeError:
                    raise _YAMLDataError(
                        "a list or mapping is used as a key",
                        key_node.start_mark,
                        "keys are plain words such as 'id' or 'source'; check the '?' and indentation",
                    ) from None
                if first is not None:
                    raise _YAMLDataError(
                        f"duplicate key '{_clip(key, 60)}' (first given on line {first})",
                        key_node.start_mark,
                        "give each key once per record; delete or rename one of them",
                    )
                key_lines[key] = line
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = self.lines.line(node.start_mark)
        mapping[KEY_LINES] = key_lines
        return mapping


def _construct_seq(loader: _LineLoader, node: SequenceNode) -> Any:
    data = _LineList()
    data.item_lines = [loader.lines.line(item.start_mark) for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


def _refuse_tag(loader: _LineLoader, node: Node) -> Any:
    raise _YAMLDataError(
        f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not used in data files",
        node.start_mark,
        "remove the tag; write text, numbers, lists and mappings only",
    )


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in ("bool", "timestamp", "merge")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
for _tag in _REFUSED_TAGS:
    _LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


@dataclass
class Locator:
    """Where each record was read: ``id`` → (file, line); ``repeats`` keeps later places of an id."""

    places: dict[str, tuple[str, int]] = field(default_factory=dict)
    repeats: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def add(self, record_id: str, file: str, line: int) -> None:
        """Remember that a mapping with ``id: record_id`` starts at ``file:line``."""
        if record_id in self.places:
            self.repeats.setdefault(record_id, []).append((file, line))
        else:
            self.places[record_id] = (file, line)

    def places_of(self, record_id: str) -> list[tuple[str, int]]:
        """Every place a mapping with this id was read, in reading order."""
        first = [self.places[record_id]] if record_id in self.places else []
        return first + self.repeats.get(record_id, [])

    def file_of(self, record_id: str) -> str:
        return self.places.get(record_id, ("?", 0))[0]

    def line_of(self, record_id: str) -> int | None:
        return self.places.get(record_id, ("?", 0))[1] or None

    def issue(self, record_id: str, field_: str | None, message: str, fix: str) -> DataIssue:
        """Build a :class:`DataIssue` located at record ``record_id``."""
        return DataIssue(self.file_of(record_id), message, fix, record_id, field_, self.line_of(record_id))


def _strip_lines(obj: Any, path: str, where: str, locator: Locator, lines: dict[str, int]) -> Any:
    """Remove line markers, recording the line of every mapping, key and list item under its
    dotted path (``.posts.0.holders.1.start``) and the place of every mapping with an id."""
    if isinstance(obj, dict):
        line = obj.pop(LINE_KEY, 0)
        key_lines = obj.pop(KEY_LINES, {})
        lines[path] = line
        rid = obj.get("id")
        if isinstance(rid, str):
            locator.add(rid, where, line)
        out = {}
        for k, v in obj.items():
            sub = f"{path}.{k}"
            out[k] = _strip_lines(v, sub, where, locator, lines)
            lines.setdefault(sub, key_lines.get(k, line))
        return out
    if isinstance(obj, list):
        item_lines = getattr(obj, "item_lines", [])
        items = []
        for i, v in enumerate(obj):
            sub = f"{path}.{i}"
            items.append(_strip_lines(v, sub, where, locator, lines))
            if i < len(item_lines):
                lines.setdefault(sub, item_lines[i])
        return items
    return obj


def _yaml_issue(name: str, text: str, raw: bytes, exc: yaml.YAMLError, lines: LineTable) -> DataIssue:
    """Turn a YAML error into an issue with the line and a fix."""
    fix = getattr(exc, "fix", None) or "correct the YAML syntax"
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts bytes, the Python reader characters: count lines in the matching unit
        line = None
        if isinstance(exc.position, int):
            before = raw[: exc.position] if _LIBYAML else text[: exc.position].encode("utf-8")
            line = len(_BYTE_BREAKS.findall(before)) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        message = f"invalid YAML: the file contains the character U+{char:04X} ({exc.reason})"
        return DataIssue(name, message, "remove the character or save the file as plain UTF-8 text", line=line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    # at the end of a file without a final newline libyaml points one line past it
    line = lines.line(mark) if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in problem:
        fix = "remove the tag (!name); write text, numbers, lists and mappings only"
    if "nesting depth" in problem:
        problem = f"the data is nested too deeply ({problem})"
        fix = "records need a few levels only: check the indentation and brackets"
    if mark is not None and "cannot start any token" in problem:
        rows = _YAML_BREAKS.split(text)  # mark.line counts YAML's line breaks
        row = rows[mark.line] if mark.line < len(rows) else ""
        if "\t" in row[: mark.column + 1]:
            problem = "a tab character where YAML expects spaces"
            fix = "indent with spaces: YAML does not allow tabs for indentation"
    return DataIssue(name, f"invalid YAML: {problem}", fix, line=line)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file strictly (UTF-8, no aliases, no duplicate keys, size-capped).

    Mappings carry their line under ``LINE_KEY`` and their keys' lines under ``KEY_LINES``;
    :func:`load_dataset` strips both.

    Raises
    ------
    DataError
        With one issue naming the file and line.
    """
    name = str(path)
    try:
        # a FIFO would block and a link to /dev/zero never end: read regular files only, capped
        if not stat.S_ISREG(path.stat().st_mode):
            raise DataError(
                [DataIssue(name, "not a regular file", "data files are plain *.yaml files; remove or rename it")]
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataError(
            [DataIssue(name, f"cannot read the file: {reason}", "check the file and its permissions")]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            [
                DataIssue(
                    name,
                    f"file is larger than {MAX_FILE_BYTES} bytes",
                    f"keep data files under {MAX_FILE_BYTES} bytes; split it",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(_BYTE_BREAKS.findall(raw[: exc.start])) + 1
        raise DataError(
            [DataIssue(name, f"not UTF-8 (byte {exc.start})", "save the file as UTF-8", line=line)]
        ) from None
    loader = _LineLoader(text)
    loader.lines = LineTable(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise DataError([_yaml_issue(name, text, raw, exc, loader.lines)]) from None
    except RecursionError:  # the pure-Python parser recurses per nesting level
        issue = DataIssue(name, "invalid YAML: the data is nested too deeply", "check the indentation and brackets")
        raise DataError([issue]) from None
    finally:
        loader.dispose()


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
            rest = _field_path(inner[depth + 1 :])
            return (file, rid, lines.get(f"{path}.{rest}") or lines.get(path), rest)
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
    scalars: dict[str, tuple[Any, str, dict[str, int]]] = {}
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
                    first_file, first_lines = scalars[key][1], scalars[key][2]
                    first_line = first_lines.get(f".{key}")
                    issues.append(
                        DataIssue(
                            name,
                            f"'{key}' is also given in {first_file}" + (f":{first_line}" if first_line else ""),
                            f"give '{key}' in one file only",
                            field=key,
                            line=line,
                        )
                    )
                else:
                    scalars[key] = (value, name, lines)
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
                        f"unknown top-level key '{_clip(key)}'",
                        f"use one of: {allowed}",
                        field=_clip(key),
                        line=lines.get(f".{key}"),
                    )
                )
    unreadable = bool(issues)
    for key in SCALAR_KEYS:
        if key not in scalars and not unreadable:
            issues.append(DataIssue(str(folder), f"no file gives '{key}'", f"add '{key}:' to programme.yaml"))
    if issues:
        raise DataError(issues)
    payload: dict[str, Any] = {k: v for k, (v, _, _) in scalars.items()} | merged
    try:
        dataset = Dataset.model_validate(payload)
    except ValidationError as exc:
        for detail in exc.errors():
            loc = tuple(detail["loc"])
            if loc and loc[0] in SCALAR_KEYS:
                _, file, where = scalars[str(loc[0])]
                fld = _field_path(loc)
                line = where.get(f".{fld}") or where.get(f".{loc[0]}")
                issues.append(DataIssue(file, _message(detail), _fix_hint(detail), field=fld, line=line))
                continue
            file, rid, line, fld = _locate_error(loc, merged, origin)
            record = _clip(rid) if rid is not None else None
            issues.append(DataIssue(file, _message(detail), _fix_hint(detail), record, _clip(fld) or None, line))
        raise DataError(issues) from None
    return dataset, locator


def _clip(value: Any, limit: int = 100) -> str:
    """``value`` as text, cut to ``limit`` characters (a 1 MB key or id must not flood the report)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text)} characters)"


def _shorten(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 10]}... ({len(text)} characters)"


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "model_type":
        return f"expected a record (a mapping of fields), got {_shorten(err.get('input'))}"
    return f"{msg} (got {_shorten(err.get('input'))})"


def _fix_hint(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "add the field (see data/README.md for each record's fields)"
    if kind == "extra_forbidden":
        return "remove the field or correct its spelling (see data/README.md)"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"use one of {expected}"
    if kind == "model_type":
        return "write the record as 'key: value' lines under '- ' (see data/README.md)"
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^https?"):
            return "give an absolute http(s) IRI ending in '/' or '#', e.g. https://w3id.org/tmb-graph/data/NAME/"
        if pattern.startswith("^[^./"):
            return "give the bare file name of the source text in the sources folder, without a path"
        return "ids are lower-case words joined by hyphens; sections look like 4.1.1"
    return "correct the value (see data/README.md)"
