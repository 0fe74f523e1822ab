"""Property-based fault tests: mutate the real data files, expect a valid result or a clear DataError.

Every generated case copies ``data/skane-2018-2020`` (once, into a folder whose path has spaces
and non-ASCII letters), mutates it and runs ``validate_folder(folder, sources=None,
shacl=False)``. The case passes when the folder is valid, or when a
:class:`~tmb_graph.errors.DataError` lists issues that each name a data file of the folder (or
the folder itself), say what is wrong and how to fix it, give a line or a record where one
exists and stay short. Any other exception — a traceback — fails the test, and hypothesis
shrinks it to a minimal case.

Three families of mutations:

* structured — the file is parsed once; each case mutates a copy of the parsed tree (drop,
  duplicate, retype and swap fields; dangling and wrong-kind ids; bad dates and chronology;
  wrong enum values; huge and odd strings; moved, duplicated and dropped records; aliases,
  "billion laughs" bombs and deep nesting, which the YAML dumper writes as anchors) and dumps
  it back with libyaml;
* raw — the file's bytes: invalid UTF-8 and other encodings, control characters, truncation,
  empty files, binary garbage, tabs and odd indentation, duplicated key lines, explicit tags,
  anchors and undefined aliases, bombs, deep brackets, several documents, directives, CRLF,
  BOMs, files over the size cap;
* files — the folder: extra files (bombs, garbage, copies), directories, FIFOs and symlinks
  named ``*.yaml``, odd file names, missing files, an empty folder.

Where a mutation can only break the file it touched (a syntax error, a wrong enum ...), the
test also checks that some issue names that file. Mutations that remove records may, rightly,
be reported only where other files refer to them.

Settings: the ``ci`` profile (default) runs 200 cases in all; ``TMB_HYPOTHESIS_PROFILE=thorough``
runs 10,000 (``pytest tests/faults/test_mutations.py --hypothesis-show-statistics -s``).
"""

from __future__ import annotations

import copy
import enum
import functools
import os
import pickle
import re
import shutil
import stat
import string
import subprocess
import sys
import time
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tmb_graph.cli import app
from tmb_graph.errors import DataError, DataIssue
from tmb_graph.model import enums as model_enums
from tmb_graph.model import records
from tmb_graph.model.dates import FuzzyDate
from tmb_graph.model.loader import KEY_LINES, LINE_KEY, MAX_FILE_BYTES, read_yaml
from tmb_graph.paths import ROOT, default_data
from tmb_graph.validate.run import validate_folder

# --------------------------------------------------------------------------------------------
# settings

PROFILE = os.environ.get("TMB_HYPOTHESIS_PROFILE", "ci")
TOTAL_CASES = {"ci": 200, "thorough": 10_000}
if PROFILE not in TOTAL_CASES:
    raise ValueError(f"TMB_HYPOTHESIS_PROFILE={PROFILE!r}: use one of {', '.join(TOTAL_CASES)}")
#: share of the cases each property test runs
SHARES = {"structured": 0.55, "raw": 0.4, "files": 0.1}

settings.register_profile(
    "tmb-faults-ci",
    deadline=None,
    database=None,  # nothing written into the checkout; failures print their reproduction
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("tmb-faults-thorough", parent=settings.get_profile("tmb-faults-ci"))


def _settings(family: str, parts: int = 1) -> settings:
    """The profile's settings with this family's share of the cases (split over ``parts`` tests)."""
    return settings(
        settings.get_profile(f"tmb-faults-{PROFILE}"),
        max_examples=max(1, round(TOTAL_CASES[PROFILE] * SHARES[family] / parts)),
    )


#: outcomes per family, printed at the end of the module (run with -s to see them)
STATS: Counter[str] = Counter()
TIMES: dict[str, float] = {}

# --------------------------------------------------------------------------------------------
# the corpus: the real data, parsed once

#: fields that hold ids of other records
REF_FIELDS = frozenset(
    {
        "part_of",
        "convener",
        "members",
        "signatories",
        "organisation",
        "one_of",
        "person",
        "replaces",
        "body",
        "agent",
        "target_groups",
        "recipient",
        "within",
        "reports_to",
        "about",
        "publisher",
    }
)
ENUM_VALUES = frozenset(
    m.value for obj in vars(model_enums).values() if isinstance(obj, type) and issubclass(obj, enum.Enum) for m in obj
)
MODEL_OF_TOP: dict[str, type] = {**records.LIST_KEYS, "document": records.Document}


def _args(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _args(arg)


def _child_model(model: type | None, key: Any) -> type | None:
    """The model of the mapping (or of the items of the list) stored under ``key``."""
    if model is None:
        return MODEL_OF_TOP.get(key)
    info = getattr(model, "model_fields", {}).get(key)
    if info is None:
        return None
    for arg in _args(info.annotation):
        if isinstance(arg, type) and issubclass(arg, records.Strict):
            return arg
    return None


def _kind(model: type | None, key: Any) -> str:
    if key == "id":
        return "id"
    if key in REF_FIELDS:
        return "ref"
    info = getattr(model, "model_fields", {}).get(key) if model else None
    if info is None:
        return "other"
    for arg in _args(info.annotation):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return "enum"
        if arg is FuzzyDate:
            return "date"
    return "other"


@dataclass(frozen=True)
class Site:
    """A mapping (``key`` None) or a field (``key``) at ``path`` in a parsed file."""

    path: tuple[Any, ...]
    key: Any
    model: type | None
    kind: str


def _walk(doc: Any) -> tuple[list[Site], list[Site], list[Site]]:
    """(mappings, fields, lists of mappings) of a parsed file."""
    maps: list[Site] = []
    fields: list[Site] = []
    lists: list[Site] = []

    seen: set[int] = set()

    def visit(obj: Any, path: tuple[Any, ...], model: type | None) -> None:
        if isinstance(obj, dict | list):
            if id(obj) in seen:  # a shared (aliased) value, e.g. a bomb: walk it once
                return
            seen.add(id(obj))
        if isinstance(obj, dict):
            maps.append(Site(path, None, model, "mapping"))
            for k, v in obj.items():
                fields.append(Site(path, k, model, _kind(model, k)))
                visit(v, (*path, k), _child_model(model, k))
        elif isinstance(obj, list):
            if obj and all(isinstance(v, dict) for v in obj):
                lists.append(Site(path, None, model, "records"))
            for i, v in enumerate(obj):
                visit(v, (*path, i), model)

    if isinstance(doc, dict):
        maps.append(Site((), None, None, "mapping"))
        for k, v in doc.items():
            fields.append(Site((), k, None, "top"))
            visit(v, (k,), _child_model(None, k))
    return maps, fields, lists


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _plain(obj: Any) -> Any:
    """The parsed tree without the loader's line markers, as plain dicts and lists."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items() if k not in (LINE_KEY, KEY_LINES)}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj


def _key_lines(obj: Any, text_lines: list[str]) -> list[int]:
    """0-based indexes of the lines that start with a block mapping key (``key:``/``- key:``)."""
    found: set[int] = set()

    def visit(o: Any) -> None:
        if isinstance(o, dict):
            for k, line in o.get(KEY_LINES, {}).items():
                row = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
                body = row.lstrip(" ")
                body = body[2:] if body.startswith("- ") else body
                if isinstance(k, str) and body.startswith(f"{k}:"):
                    found.add(line - 1)
            for v in o.values():
                visit(v)
        elif isinstance(o, list):
            for v in o:
                visit(v)

    visit(obj)
    return sorted(found)


@dataclass
class Corpus:
    names: list[str]
    raw: dict[str, bytes]
    docs: dict[str, bytes]  # pickled parsed trees
    key_lines: dict[str, list[int]]
    ids: list[str]  # ids of records (not sections)
    membership_ids: list[str]


def dump(doc: Any) -> bytes:
    """Write a parsed tree back as YAML with libyaml (shared objects become anchors/aliases)."""
    return yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False).encode("utf-8")


@functools.cache
def corpus() -> Corpus:
    source = default_data()
    raw = {p.name: p.read_bytes() for p in sorted(source.glob("*.yaml"))}
    docs: dict[str, bytes] = {}
    key_lines: dict[str, list[int]] = {}
    ids: set[str] = set()
    memberships: set[str] = set()
    for name, data in raw.items():
        parsed = read_yaml(source / name)
        key_lines[name] = _key_lines(parsed, data.decode("utf-8").split("\n"))
        plain = _plain(parsed)
        docs[name] = pickle.dumps(plain)
        for key, items in plain.items():
            if key in records.LIST_KEYS and key != "sections":
                for item in items:
                    ids.add(item["id"])
                    memberships.update(h["id"] for h in item.get("holders", []))
    return Corpus(sorted(raw), raw, docs, key_lines, sorted(ids | memberships), sorted(memberships))


# --------------------------------------------------------------------------------------------
# the workspace: one copy of the data, restored before every case


class Workspace:
    """A writable copy of the data folder; :meth:`reset` restores it cheaply between cases."""

    def __init__(self, folder: Path, originals: dict[str, bytes]) -> None:
        self.folder = folder
        self.originals = originals
        self.dirty: set[str] = set()
        folder.mkdir(parents=True)
        for name, data in originals.items():
            (folder / name).write_bytes(data)

    @staticmethod
    def _remove(path: Path) -> None:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path)

    def reset(self) -> None:
        for entry in list(os.scandir(self.folder)):
            if entry.name not in self.originals:
                self._remove(Path(entry.path))
        for name in self.dirty:
            path = self.folder / name
            if path.is_symlink() or (path.exists() and not stat.S_ISREG(path.lstat().st_mode)):
                self._remove(path)
            path.write_bytes(self.originals[name])
        self.dirty.clear()

    def write(self, name: str, data: bytes) -> None:
        path = self.folder / name
        if name in self.originals:
            self.dirty.add(name)
            if path.is_symlink() or (path.exists() and not stat.S_ISREG(path.lstat().st_mode)):
                self._remove(path)
        path.write_bytes(data)

    def remove(self, name: str) -> None:
        """Remove ``name``; an original is restored by :meth:`reset`. Returns the freed path."""
        if name in self.originals:
            self.dirty.add(name)
        path = self.folder / name
        if path.is_symlink() or path.exists():
            self._remove(path)

    def free(self, name: str) -> Path:
        """The path of ``name``, emptied so that a directory, FIFO or link can be made there."""
        self.remove(name)
        return self.folder / name


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    base = tmp_path_factory.mktemp("faults")
    workspace = Workspace(base / "data med mellanslag och å" / "skane-2018-2020", corpus().raw)
    try:
        validate_folder(workspace.folder, sources=None, shacl=False)
    except DataError as err:  # pragma: no cover - the data itself is being edited
        pytest.fail(f"the unmutated data does not validate, fix it first:\n{err}")
    yield workspace
    if STATS:
        print("\nfault-test outcomes:", dict(sorted(STATS.items())))
        print("fault-test seconds:", {k: round(v, 1) for k, v in sorted(TIMES.items())})


# --------------------------------------------------------------------------------------------
# the oracle

#: file-level problems that have no line or record
FILE_LEVEL = ("file is larger than", "cannot read the file", "not a regular file", "invalid YAML: the data is nested")


def _line_count(path: Path) -> int | None:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        # lines as editors count them (and the loader reports them): \n, \r\n or \r
        return len(re.findall(rb"\r\n|\r|\n", path.read_bytes())) + 1
    except OSError:
        return None


def check_issues(issues: list[DataIssue], folder: Path, touched: set[str], local: bool) -> None:
    """Every issue names a data file of ``folder`` (or the folder), is locatable, short and
    says how to fix it; with ``local`` some issue names one of the ``touched`` files."""
    assert issues, "a DataError lists at least one issue"
    for issue in issues:
        assert isinstance(issue, DataIssue)
        text = str(issue)
        assert issue.message.strip(), text
        assert issue.fix.strip(), text
        issue.message.encode("utf-8")  # printable on any UTF-8 terminal
        issue.fix.encode("utf-8")
        assert len(text) - len(issue.file) < 1_500, f"issue too long ({len(text)} characters): {text[:300]}"
        where = Path(issue.file)
        assert where == folder or where.parent == folder, f"issue does not name a data file: {text}"
        if where != folder and not issue.message.startswith(FILE_LEVEL):
            assert issue.line is not None or issue.record is not None, f"issue without line or record: {text}"
        if issue.line is not None:
            lines = _line_count(where)
            assert lines is None or 1 <= issue.line <= lines, f"line {issue.line} outside the file: {text}"
    if local:
        named = [i for i in issues if Path(i.file).name in touched or any(t in i.message for t in touched)]
        assert named, f"no issue names the mutated file(s) {sorted(touched)}: {[str(i) for i in issues][:5]}"


def outcome(ws: Workspace, touched: set[str], local: bool, family: str) -> str:
    started = time.perf_counter()
    try:
        result = validate_folder(ws.folder, sources=None, shacl=False)
    except DataError as err:
        check_issues(err.issues, ws.folder, touched, local)
        kind = "error"
    else:
        assert len(result.graph) > 0
        kind = "valid"
    TIMES[family] = TIMES.get(family, 0.0) + time.perf_counter() - started
    STATS[f"{family}:{kind}"] += 1
    event(f"outcome: {kind}")
    return kind


# --------------------------------------------------------------------------------------------
# strategies

SCALARS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["", "yes", "no", "null", "~", "2019-13", "org-kfsk", "[x]", "{a: b}", "- x", "#", "&a", "*a"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
BAD_DATES = st.one_of(
    st.sampled_from(
        [
            "2019-13",
            "2019-00",
            "2019-02-30",
            "2019-02-29",
            "2018-13-45",
            "2019-Q0",
            "2019-Q5",
            "2019-H3",
            "2019-fall",
            "2019-Autumn",
            "19-05",
            "0000",
            "0000-Q1",
            "9999-12-31",
            "2019-1-1",
            "2019/05/01",
            "2019-05-01T10:00:00",
            "2019-05-01 10:00",
            "spring 2019",
            "٢٠١٩",
            " 2019 ",
            "",
            "2019-",
            "-2019",
        ]
    ),
    st.integers(-10_000, 100_000),
    st.floats(),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
)
WRONG_ENUM = st.one_of(
    st.sampled_from(["done", "Performed", "PERFORMED", "performed ", "work-group", "state agency", "", "None", "ja"]),
    st.text(max_size=15),
).filter(lambda v: v not in ENUM_VALUES)
SLUG = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)
BAD_IDS = st.one_of(
    st.sampled_from(
        ["Org_B", "org b", "org--b", "-org", "org-", "ORG-A", "org-å", "", "a" * 81, "org.kfsk", "org/kfsk"]
    ),
    st.text(max_size=20),
)
BIG = st.sampled_from([100, 10_000, 1_000_000])
INVALID_UTF8 = st.sampled_from(
    [b"\xff", b"\xfe", b"\xc3\x28", b"\xa0\xa1", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"]
)
CONTROL = st.sampled_from([chr(c).encode() for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]])
FAILING_TAGS = st.sampled_from(
    [
        "!!int foo",
        "!!int 12.5",
        "!!float bar",
        "!!bool maybe",
        "!!timestamp not-a-time",
        "!!timestamp 2019-02-30",
        "!!binary not*base64",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!python/object:os.system {}",
        "!!python/name:builtins.eval",
        "!custom x",
        "!<tag:example.org,2000:x> y",
    ]
)
TOKENS = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "? ",
        "!!",
        "&",
        "*",
        "|",
        ">",
        "#",
        "'",
        '"',
        "\\",
        "@",
        "`",
        "%",
        ",",
        "\n---\n",
        "\n...\n",
        "\t",
        "\r",
        "\u2028",
        "\x85",
        "\ufeff",
        "\ufffe",
        "<<: ",
    ]
)


def bomb(levels: int = 9, width: int = 9) -> list[Any]:
    """A "billion laughs" structure: each level repeats the previous one ``width`` times."""
    lol: list[Any] = ["lol"] * width
    for _ in range(levels - 1):
        lol = [lol] * width
    return lol


BOMB_TEXT = b'lol0: &l0 "lol"\n' + b"".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n".encode() for i in range(1, 10)
)


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# --------------------------------------------------------------------------------------------
# structured mutations: each takes (data, doc, name) and returns (label, local)

Op = Callable[[st.DataObject, Any, str], tuple[str, bool]]


def _pick(data: st.DataObject, sites: list[Site], what: str) -> Site | None:
    return data.draw(st.sampled_from(sites), label=what) if sites else None


def _fields(doc: Any, kinds: set[str] | None = None, models: bool = True) -> list[Site]:
    _, fields, _ = _walk(doc)
    return [f for f in fields if (kinds is None or f.kind in kinds) and (f.model is not None or not models)]


def op_drop_field(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, models=False), "field")
    if site is None:
        return "drop: nothing", False
    del _get(doc, site.path)[site.key]
    # a dropped part_of/organisation changes who belongs where: seats elsewhere may object
    return f"drop {site.path}.{site.key}", site.kind not in ("ref", "top")


def op_retype(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, models=False), "field")
    if site is None:
        return "retype: nothing", False
    value = data.draw(VALUES, label="value")
    _get(doc, site.path)[site.key] = value
    local = site.kind not in ("ref", "id") or not isinstance(value, str | type(None))
    return f"retype {site.path}.{site.key} = {value!r:.60}", local and site.kind != "top"


def op_bad_date(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, {"date"}), "date field")
    if site is None:
        return "bad date: nothing", False
    value = data.draw(BAD_DATES, label="date")
    _get(doc, site.path)[site.key] = value
    return f"date {site.path}.{site.key} = {value!r}", True


def op_chronology(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    pairs = [
        (m, a, b)
        for m in maps
        for a, b in (("start", "end"), ("planned", "planned_end"))
        if isinstance(_get(doc, m.path), dict) and a in _get(doc, m.path)
    ]
    if not pairs:
        return "chronology: nothing", False
    site, first, last = data.draw(st.sampled_from(pairs), label="dated record")
    mapping = _get(doc, site.path)
    mapping[last] = data.draw(st.sampled_from(["1999", "2000-01", "2017-Q4", "2018-01-01"]), label="early end")
    return f"chronology {site.path}: {last} before {first}", True


def op_wrong_enum(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, {"enum"}), "enum field")
    if site is None:
        return "enum: nothing", False
    value = data.draw(WRONG_ENUM, label="enum value")
    mapping = _get(doc, site.path)
    mapping[site.key] = [value] if isinstance(mapping[site.key], list) else value
    return f"enum {site.path}.{site.key} = {value!r}", True


def op_dangling(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, {"ref"}), "reference")
    if site is None:
        return "dangling: nothing", False
    c = corpus()
    target = data.draw(
        st.one_of(SLUG.map(lambda s: f"zz-{s}"), st.sampled_from(c.membership_ids) if c.membership_ids else SLUG),
        label="target",
    )
    mapping = _get(doc, site.path)
    if isinstance(mapping[site.key], list):
        mapping[site.key] = [*mapping[site.key], target]
    else:
        mapping[site.key] = target
    return f"dangling {site.path}.{site.key} -> {target}", True


def op_huge_string(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    sites = [f for f in _fields(doc) if isinstance(_get(doc, f.path)[f.key], str)]
    site = _pick(data, sites, "text field")
    if site is None:
        return "huge: nothing", False
    size = data.draw(BIG, label="size")
    filler = data.draw(st.sampled_from(["x", "å", "ord ", "a-", "\u2028", "9"]), label="filler")
    _get(doc, site.path)[site.key] = (filler * size)[:size]
    return f"huge {site.path}.{site.key} ({size} x {filler!r})", True


def op_odd_text(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    sites = [f for f in _fields(doc) if isinstance(_get(doc, f.path)[f.key], str)]
    site = _pick(data, sites, "text field")
    if site is None:
        return "odd text: nothing", False
    value = data.draw(st.text(max_size=40), label="text")
    _get(doc, site.path)[site.key] = value
    return f"text {site.path}.{site.key} = {value!r}", site.kind not in ("id", "ref")


def op_set_id(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, {"id"}), "id")
    if site is None:
        return "id: nothing", False
    value = data.draw(st.one_of(BAD_IDS, st.sampled_from(corpus().ids)), label="new id")
    _get(doc, site.path)["id"] = value
    # an id that is still valid and unused only leaves dangling references elsewhere
    return f"id {site.path} = {value!r}", value in corpus().ids or not _valid_id(value)


def _valid_id(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value)) and len(value) <= 80


def op_unknown_field(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    site = _pick(data, maps, "mapping")
    if site is None:
        return "unknown: nothing", False
    key = data.draw(st.one_of(SLUG.map(lambda s: f"x_{s}"), st.sampled_from(["abrv", "Name", "stat us", "ID"])))
    _get(doc, site.path)[key] = data.draw(SCALARS, label="value")
    return f"unknown field {site.path}.{key}", True


def op_duplicate_record(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    _, _, lists = _walk(doc)
    site = _pick(data, lists, "record list")
    if site is None:
        return "duplicate: nothing", False
    items = _get(doc, site.path)
    item = data.draw(st.sampled_from(items), label="record")
    items.insert(data.draw(st.integers(0, len(items)), label="at"), copy.deepcopy(item))
    return f"duplicate record in {site.path}", True


def op_drop_record(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    _, _, lists = _walk(doc)
    site = _pick(data, lists, "record list")
    if site is None:
        return "drop record: nothing", False
    items = _get(doc, site.path)
    del items[data.draw(st.integers(0, len(items) - 1), label="index")]
    return f"drop record from {site.path}", False


def op_move_record(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    _, _, lists = _walk(doc)
    tops = [s for s in lists if len(s.path) == 1]
    site = _pick(data, tops, "record list")
    if site is None:
        return "move: nothing", False
    items = _get(doc, site.path)
    item = items.pop(data.draw(st.integers(0, len(items) - 1), label="index"))
    target = data.draw(st.sampled_from([k for k in records.LIST_KEYS if k != site.path[0]]), label="to")
    doc.setdefault(target, [])
    if not isinstance(doc[target], list):
        doc[target] = []
    doc[target].append(item)
    return f"move record from {site.path[0]} to {target}", True


def op_replace_mapping(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    site = _pick(data, [m for m in maps if m.path], "mapping")
    if site is None:
        return "replace: nothing", False
    value = data.draw(st.one_of(SCALARS, st.lists(SCALARS, max_size=3)), label="value")
    _get(doc, site.path[:-1])[site.path[-1]] = value
    return f"replace mapping {site.path} with {value!r:.40}", True


def op_rename_top(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    if not isinstance(doc, dict) or not doc:
        return "rename: nothing", False
    key = data.draw(st.sampled_from(sorted(doc)), label="key")
    new = data.draw(st.sampled_from([key.upper(), key[:-1], f"{key}s", key.replace("_", "-"), f" {key}"]))
    if new == key or new in doc:
        return "rename: no change", False
    doc[new] = doc.pop(key)
    return f"rename top key {key} -> {new!r}", True


def op_drop_top(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    if not isinstance(doc, dict) or not doc:
        return "drop top: nothing", False
    del doc[data.draw(st.sampled_from(sorted(doc)), label="key")]
    return "drop top key", False


def op_swap(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    maps = [m for m in maps if m.model is not None and len(_get(doc, m.path)) >= 2]
    site = _pick(data, maps, "record")
    if site is None:
        return "swap: nothing", False
    mapping = _get(doc, site.path)
    a, b = data.draw(st.lists(st.sampled_from(sorted(mapping, key=str)), min_size=2, max_size=2, unique=True))
    mapping[a], mapping[b] = mapping[b], mapping[a]
    # swapping references (part_of <-> organisation ...) can move seats between organisations
    return f"swap {site.path}: {a} <-> {b}", not ({a, b} & REF_FIELDS)


def op_alias(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    fields = _fields(doc)
    if len(fields) < 2:
        return "alias: nothing", False
    a, b = data.draw(st.lists(st.sampled_from(fields), min_size=2, max_size=2, unique=True), label="fields")
    value = _get(doc, a.path).get(a.key)
    shared = value if isinstance(value, list | dict) and value else [value]
    _get(doc, a.path)[a.key] = shared
    try:
        _get(doc, b.path)[b.key] = shared  # the dumper writes &id001 ... *id001
    except (KeyError, IndexError, TypeError):
        return "alias: site vanished", False
    return f"alias {a.path}.{a.key} = {b.path}.{b.key}", True


def op_bomb(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, models=False), "field")
    if site is None:
        return "bomb: nothing", False
    levels = data.draw(st.integers(2, 12), label="levels")
    _get(doc, site.path)[site.key] = bomb(levels)
    return f"bomb of {levels} levels at {site.path}.{site.key}", True


def op_deep(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    site = _pick(data, _fields(doc, models=False), "field")
    if site is None:
        return "deep: nothing", False
    depth = data.draw(st.sampled_from([5, 30, 38, 41, 60, 150]), label="depth")
    _get(doc, site.path)[site.key] = nested(depth)
    return f"nested {depth} deep at {site.path}.{site.key}", True


def op_evidence(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    sources = [m for m in maps if m.model is records.Source]
    site = _pick(data, sources, "source")
    if site is None:
        return "evidence: nothing", False
    value = data.draw(st.sampled_from(["rad ett\nrad två", " ".join(["ord"] * 30), "a\n", "x\r\ny"]))
    _get(doc, site.path)["evidence"] = value
    return f"evidence at {site.path}", True


def op_section(data: st.DataObject, doc: Any, name: str) -> tuple[str, bool]:
    maps, _, _ = _walk(doc)
    sources = [m for m in maps if m.model is records.Source]
    site = _pick(data, sources, "source")
    if site is None:
        return "section: nothing", False
    value = data.draw(st.sampled_from(["9.9.9", "4.1.99", "4.1.", "§4.1", "Förord", 4.1, 4, "", None, "1" * 50]))
    _get(doc, site.path)["section"] = value
    return f"section {value!r} at {site.path}", True


STRUCTURED_OPS: list[Op] = [
    op_drop_field,
    op_retype,
    op_bad_date,
    op_chronology,
    op_wrong_enum,
    op_dangling,
    op_huge_string,
    op_odd_text,
    op_set_id,
    op_unknown_field,
    op_duplicate_record,
    op_drop_record,
    op_move_record,
    op_replace_mapping,
    op_rename_top,
    op_drop_top,
    op_swap,
    op_alias,
    op_bomb,
    op_deep,
    op_evidence,
    op_section,
]


@pytest.mark.timeout(3600)
@_settings("structured")
@given(data=st.data())
def test_structured_mutations_end_valid_or_in_clear_errors(ws: Workspace, data: st.DataObject) -> None:
    ws.reset()
    c = corpus()
    name = data.draw(st.sampled_from(c.names), label="file")
    doc = pickle.loads(c.docs[name])
    local = True
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        op = data.draw(st.sampled_from(STRUCTURED_OPS), label="op")
        label, is_local = op(data, doc, name)
        note(label)
        event(f"op: {op.__name__}")
        local = local and is_local
    ws.write(name, dump(doc))
    outcome(ws, {name}, local, "structured")


# --------------------------------------------------------------------------------------------
# raw mutations on the bytes of one file: each takes (data, raw bytes, name) -> (bytes, label, local)

RawOp = Callable[[st.DataObject, bytes, str], tuple[bytes, str, bool]]


def _offset(data: st.DataObject, raw: bytes) -> int:
    return data.draw(st.integers(0, len(raw)), label="offset")


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _key_line(data: st.DataObject, raw: bytes, name: str, indented: bool = False) -> int | None:
    rows = _lines(raw)
    # key lines of the original file; earlier raw mutations may have shifted them, so re-check
    candidates = [i for i in corpus().key_lines[name] if i < len(rows) and (rows[i].startswith(b" ") or not indented)]
    return data.draw(st.sampled_from(candidates), label="key line") if candidates else None


def raw_invalid_utf8(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    at = _offset(data, raw)
    seq = data.draw(INVALID_UTF8, label="bytes")
    return raw[:at] + seq + raw[at:], f"invalid UTF-8 {seq!r} at {at}", True


def raw_reencode(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    codec = data.draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]))
    out = raw.decode("utf-8", errors="replace").encode(codec, errors="replace")
    try:
        out.decode("utf-8")
        local = False
    except UnicodeDecodeError:
        local = True
    return out, f"re-encoded as {codec}", local


def raw_truncate(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    at = _offset(data, raw)
    return raw[:at], f"truncated at {at}", False


def raw_empty(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    out = data.draw(
        st.sampled_from([b"", b"\n", b"   \n", b"# only a comment\n", b"---\n", b"...\n", b"~\n", b"null\n"])
    )
    return out, f"emptied to {out!r}", False


def raw_garbage(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    out = data.draw(st.binary(max_size=2_000), label="garbage")
    return out, f"replaced by {len(out)} random bytes", False


def raw_insert_garbage(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    at = _offset(data, raw)
    junk = data.draw(st.binary(min_size=1, max_size=20), label="junk")
    return raw[:at] + junk + raw[at:], f"{junk!r} inserted at {at}", False


def raw_control(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    at = _offset(data, raw)
    ch = data.draw(CONTROL, label="control")
    return raw[:at] + ch + raw[at:], f"control {ch!r} at {at}", True


def raw_tab(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    i = _key_line(data, raw, name, indented=True)
    if i is None:
        return raw, "tab: nothing", False
    rows = _lines(raw)
    body = rows[i].lstrip(b" ")
    rows[i] = b"\t" * data.draw(st.integers(1, 2)) + body
    return b"\n".join(rows), f"tab-indented line {i + 1}", True


def raw_indent(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    i = _key_line(data, raw, name)
    if i is None:
        return raw, "indent: nothing", False
    rows = _lines(raw)
    shift = data.draw(st.sampled_from([-3, -2, -1, 1, 2, 3]), label="shift")
    rows[i] = b" " * shift + rows[i] if shift > 0 else rows[i][min(-shift, len(rows[i]) - len(rows[i].lstrip())) :]
    return b"\n".join(rows), f"line {i + 1} shifted by {shift}", False


def raw_duplicate_key(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    i = _key_line(data, raw, name)
    if i is None:
        return raw, "dup key: nothing", False
    rows = _lines(raw)
    copy_ = rows[i].replace(b"- ", b"  ", 1) if rows[i].lstrip().startswith(b"- ") else rows[i]
    rows.insert(i + 1, copy_)
    return b"\n".join(rows), f"key line {i + 1} duplicated", True


def _set_value(rows: list[bytes], i: int, value: bytes) -> None:
    key, _, _ = rows[i].partition(b":")
    rows[i] = key + b": " + value


def raw_tag(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    i = _key_line(data, raw, name)
    if i is None:
        return raw, "tag: nothing", False
    rows = _lines(raw)
    tag = data.draw(FAILING_TAGS, label="tag")
    _set_value(rows, i, tag.encode())
    return b"\n".join(rows), f"line {i + 1} value -> {tag}", True


def raw_alias(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    a = _key_line(data, raw, name)
    b = _key_line(data, raw, name)
    if a is None or b is None or a == b:
        return raw, "alias: nothing", False
    rows = _lines(raw)
    key, _, value = rows[a].partition(b":")
    rows[a] = key + b": &anchor " + value.strip()
    _set_value(rows, b, data.draw(st.sampled_from([b"*anchor", b"*undefined", b"[*anchor, *anchor]"])))
    return b"\n".join(rows), f"anchor on line {a + 1}, alias on line {b + 1}", True


def raw_bomb(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    text = BOMB_TEXT if data.draw(st.booleans(), label="full bomb") else b'a: &a ["x", "x"]\nb: [*a, *a]\n'
    return raw + b"\n" + text, "billion laughs appended", True


def raw_deep(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    depth = data.draw(st.sampled_from([1, 39, 40, 41, 999, 1000, 1001, 100_000]), label="depth")
    opener, closer = data.draw(st.sampled_from([(b"[", b"]"), (b"{a: ", b"}")]), label="brackets")
    return raw + b"\ndeep: " + opener * depth + b"x" + closer * depth + b"\n", f"{depth} brackets", True


def raw_huge_file(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    pad = MAX_FILE_BYTES - len(raw) + data.draw(st.sampled_from([-1, 0, 1, 1000]), label="over")
    return raw + b"#" * pad, f"padded to {len(raw) + pad} bytes", pad + len(raw) > MAX_FILE_BYTES


def raw_long_value(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    i = _key_line(data, raw, name)
    if i is None:
        return raw, "long value: nothing", False
    rows = _lines(raw)
    size = data.draw(BIG, label="size")
    _set_value(rows, i, b"a" * size)
    return b"\n".join(rows), f"line {i + 1} value of {size} bytes", False


def raw_line_endings(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    kind = data.draw(st.sampled_from(["crlf", "cr", "bom", "bom-mid", "nel", "ls"]), label="kind")
    out = {
        "crlf": raw.replace(b"\n", b"\r\n"),
        "cr": raw.replace(b"\n", b"\r"),
        "bom": b"\xef\xbb\xbf" + raw,
        "bom-mid": raw[: len(raw) // 2] + b"\xef\xbb\xbf" + raw[len(raw) // 2 :],
        "nel": raw.replace(b"\n", b"\xc2\x85"),
        "ls": raw.replace(b"\n", "\u2028".encode()),
    }[kind]
    return out, f"line endings: {kind}", False


def raw_documents(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    kind = data.draw(st.sampled_from(["second", "directive", "bad-directive", "tag-directive", "end"]))
    out = {
        "second": (raw + b"\n---\nnamespace: https://example.org/x/\n", True),
        "directive": (b"%YAML 1.1\n---\n" + raw, False),
        "bad-directive": (b"%YAML 9.9\n---\n" + raw, False),
        "tag-directive": (b"%TAG !e! tag:example.org,2000:\n---\n" + raw, False),
        "end": (raw + b"\n...\n", False),
    }[kind]
    return out[0], f"documents: {kind}", out[1]


def raw_token(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    at = _offset(data, raw)
    token = data.draw(TOKENS, label="token").encode()
    return raw[:at] + token + raw[at:], f"{token!r} inserted at {at}", False


def raw_lines(data: st.DataObject, raw: bytes, name: str) -> tuple[bytes, str, bool]:
    rows = _lines(raw)
    i = data.draw(st.integers(0, len(rows) - 1), label="line")
    j = data.draw(st.integers(0, len(rows) - 1), label="other line")
    kind = data.draw(st.sampled_from(["delete", "duplicate", "swap", "move"]), label="line op")
    if kind == "delete":
        del rows[i]
    elif kind == "duplicate":
        rows.insert(i, rows[i])
    elif kind == "swap":
        rows[i], rows[j] = rows[j], rows[i]
    else:
        rows.insert(j, rows.pop(i))
    return b"\n".join(rows), f"{kind} line {i + 1} ({j + 1})", False


RAW_OPS: list[RawOp] = [
    raw_invalid_utf8,
    raw_reencode,
    raw_truncate,
    raw_empty,
    raw_garbage,
    raw_insert_garbage,
    raw_control,
    raw_tab,
    raw_indent,
    raw_duplicate_key,
    raw_tag,
    raw_alias,
    raw_bomb,
    raw_deep,
    raw_huge_file,
    raw_long_value,
    raw_line_endings,
    raw_documents,
    raw_token,
    raw_lines,
]


@pytest.mark.timeout(3600)
@_settings("raw")
@given(data=st.data())
def test_raw_mutations_end_valid_or_in_clear_errors(ws: Workspace, data: st.DataObject) -> None:
    ws.reset()
    c = corpus()
    name = data.draw(st.sampled_from(c.names), label="file")
    raw = c.raw[name]
    local = True
    for _ in range(data.draw(st.integers(1, 2), label="mutations")):
        op = data.draw(st.sampled_from(RAW_OPS), label="op")
        raw, label, is_local = op(data, raw, name)
        note(label)
        event(f"op: {op.__name__}")
        local = local and is_local
    ws.write(name, raw)
    outcome(ws, {name}, local, "raw")


# --------------------------------------------------------------------------------------------
# folder-level faults: extra, missing and odd files


FILE_NAMES = st.one_of(
    st.sampled_from(
        ["extra.yaml", "00-first.yaml", "zz-last.yaml", "ünï cødé.yaml", "with space.yaml", ".hidden.yaml", "a\nb.yaml"]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=30).map(
        lambda name: f"{name}.yaml"
    ),
)


FILE_KINDS = [
    "bomb",
    "deep",
    "garbage",
    "copy",
    "directory",
    "fifo",
    "devzero",
    "dangling-link",
    "link-to-data",
    "remove",
    "remove-all",
    "ignored",
    "scalar",
    "non-utf8-name",
]


def files_op(data: st.DataObject, ws: Workspace, kind: str) -> tuple[set[str], bool]:
    c = corpus()
    new = data.draw(FILE_NAMES, label="name")
    folder = ws.folder
    if kind == "bomb":
        ws.write(new, BOMB_TEXT)
    elif kind == "deep":
        ws.write(new, b"deep: " + b"[" * 5_000 + b"]" * 5_000 + b"\n")
    elif kind == "garbage":
        ws.write(new, data.draw(st.binary(max_size=500), label="garbage"))
        return {new}, False
    elif kind == "copy":
        orig = data.draw(st.sampled_from(c.names), label="copied")
        ws.write(new, c.raw[orig])
        return {new, orig}, True
    elif kind == "directory":
        ws.free(new).mkdir()
    elif kind == "fifo":
        os.mkfifo(ws.free(new))
    elif kind == "devzero":
        ws.free(new).symlink_to("/dev/zero")
    elif kind == "dangling-link":
        ws.free(new).symlink_to(folder / "nowhere" / "x.yaml")
    elif kind == "link-to-data":
        orig = data.draw(st.sampled_from([n for n in c.names if n != new] or c.names), label="linked")
        if orig == new:
            return set(), False
        ws.free(new).symlink_to(folder / orig)
        return {new, orig}, True
    elif kind == "remove":
        ws.remove(data.draw(st.sampled_from(c.names), label="removed"))
        return set(), False
    elif kind == "remove-all":
        for name in c.names:
            ws.remove(name)
        return set(), False
    elif kind == "ignored":
        for other in ("notes.yml", "programme.yaml~", "x.YAML", "x.yaml.bak"):
            ws.write(other, b"\xff garbage: [")
        return set(), False
    elif kind == "scalar":
        ws.write(new, data.draw(st.sampled_from([b"just text\n", b"- a\n- b\n", b"42\n", b"[1, 2]\n"])))
    else:  # a file name that is not UTF-8
        bad = os.fsdecode(b"bad-\xff-name.yaml")
        ws.write(bad, b"organisations: [\n")
        new = bad
    return {new}, True


@pytest.mark.timeout(3600)
@pytest.mark.parametrize("kind", FILE_KINDS)
@_settings("files", parts=len(FILE_KINDS))
@given(data=st.data())
def test_folder_faults_end_valid_or_in_clear_errors(ws: Workspace, kind: str, data: st.DataObject) -> None:
    ws.reset()
    touched, local = files_op(data, ws, kind)
    note(f"{kind}: {sorted(touched)}")
    outcome(ws, touched, local, "files")


# --------------------------------------------------------------------------------------------
# fixed checks: the unmutated round trip, and the CLI on a sample


def test_unmutated_round_trip_is_valid(ws: Workspace) -> None:
    """Dumping the parsed files back gives the same graph: the structured mutations start valid."""
    ws.reset()
    before = validate_folder(ws.folder, sources=None, shacl=False)
    for name in corpus().names:
        ws.write(name, dump(pickle.loads(corpus().docs[name])))
    after = validate_folder(ws.folder, sources=None, shacl=False)
    assert set(after.graph) == set(before.graph)


CLI_SAMPLE: dict[str, Callable[[Workspace], str]] = {
    "yaml syntax": lambda ws: _write(ws, "wg-est.yaml", lambda b: b.replace(b"    kind: work_group", b"   kind: [", 1)),
    "not utf-8": lambda ws: _write(ws, "organisations.yaml", lambda b: b[:200] + b"\xff\xfe" + b[200:]),
    "bomb": lambda ws: _write(ws, "lol.yaml", lambda b: BOMB_TEXT),
    "wrong enum": lambda ws: _write(ws, "wg-far.yaml", lambda b: b.replace(b"kind: work_group", b"kind: workgroup", 1)),
    "bad date": lambda ws: _write(ws, "wg-sam.yaml", lambda b: _first_date(b, b"2019-02-30")),
    "dangling id": lambda ws: _write(ws, "wg-otp.yaml", lambda b: _replace_ref(b, b"convener: ", b"org-nowhere")),
    "explicit tag": lambda ws: _write(ws, "wg-nar.yaml", lambda b: _first_date(b, b"!!timestamp x")),
    "directory": lambda ws: _mkdir(ws, "folder.yaml"),
}


def _write(ws: Workspace, name: str, change: Callable[[bytes], bytes]) -> str:
    before = corpus().raw.get(name, b"")
    after = change(before)
    assert after != before, f"the sample mutation did not apply to {name}"
    ws.write(name, after)
    return name


def _mkdir(ws: Workspace, name: str) -> str:
    (ws.folder / name).mkdir()
    return name


def _first_date(raw: bytes, value: bytes) -> bytes:
    return re.sub(rb"(\n\s+(?:start|end|first_meeting): )\S+", rb"\g<1>" + value, raw, count=1)


def _replace_ref(raw: bytes, key: bytes, value: bytes) -> bytes:
    return re.sub(rb"(" + re.escape(key) + rb")[a-z0-9-]+", rb"\g<1>" + value, raw, count=1)


@pytest.mark.parametrize("case", sorted(CLI_SAMPLE))
def test_cli_validate_exits_1_naming_the_file(ws: Workspace, case: str) -> None:
    ws.reset()
    name = CLI_SAMPLE[case](ws)
    result = CliRunner().invoke(app, ["validate", str(ws.folder)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "problem(s) in the data" in result.stderr
    assert name in result.stderr and "fix:" in result.stderr, result.stderr
    assert result.stdout == ""


def test_cli_subprocess_exits_1_without_traceback(ws: Workspace) -> None:
    """The installed ``tmb`` command, as a user runs it: exit 1, the file named, no traceback."""
    ws.reset()
    ws.write("wg-est.yaml", corpus().raw["wg-est.yaml"].replace(b"start: ", b"start: !!int x #", 1))
    ws.write("bomb.yaml", BOMB_TEXT)
    tmb = Path(sys.executable).with_name("tmb")
    command = [str(tmb)] if tmb.exists() else [sys.executable, "-m", "tmb_graph"]
    done = subprocess.run(
        [*command, "validate", str(ws.folder), "--no-shacl"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "wg-est.yaml:" in done.stderr and "bomb.yaml:" in done.stderr
    assert "cannot read 'x' as !!int" in done.stderr
    assert "aliases" in done.stderr
