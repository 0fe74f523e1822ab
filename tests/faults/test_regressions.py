"""Regression tests for the bad-input bugs the fault tests found.

Each used to end in a traceback, a hang, an unlocated or flooding message, or silently wrong
data; each must now give a DataError whose issue names the file, the line, and where it exists
the record and field, with a fix. They run on a copy of the small valid programme
(``tests/fixtures/mini``) so each takes a few milliseconds.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINI_SOURCES
from tmb_graph.errors import DataError, DataIssue
from tmb_graph.io import PROOF, atomic_directory, atomic_write_text
from tmb_graph.model.dates import FuzzyDate
from tmb_graph.validate.run import validate_folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(folder: Path, needle: str, name: str = "programme.yaml") -> int:
    rows = (folder / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, row in enumerate(rows, 1) if needle in row)


def _issues(folder: Path, sources: Path | None = None) -> list[DataIssue]:
    with pytest.raises(DataError) as info:
        validate_folder(folder, sources, shacl=False)
    return info.value.issues


def _one(issues: list[DataIssue], text: str) -> DataIssue:
    found = [i for i in issues if text in i.message]
    assert found, f"expected {text!r} among {[str(i) for i in issues]}"
    issue = found[0]
    assert issue.fix
    return issue


# -- 1. an unquoted impossible date: PyYAML's timestamp constructor raised ValueError ----------


@pytest.mark.parametrize("value", ["2018-02-30", "2018-13-45", "2019-02-29"])
def test_impossible_calendar_date_names_record_and_field(mini: Path, value: str) -> None:
    _edit(mini, "    first_meeting: 2018-09\n", f"    first_meeting: {value}\n")
    issue = _one(_issues(mini), "is not a calendar date")
    assert (Path(issue.file).name, issue.record, issue.field) == ("programme.yaml", "wg-mini", "first_meeting")
    assert issue.line == _line_of(mini, "first_meeting:")


def test_a_date_in_a_text_field_stays_text(mini: Path) -> None:
    """Dates are no longer turned into datetime objects: `note: 2019-05-01` is just text."""
    _edit(mini, '    note: "test programme"\n', "    note: 2019-05-01\n")
    validate_folder(mini, None, shacl=False)


# -- 2./3. explicit tags and huge numbers: ValueError, KeyError, AttributeError ----------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int x", "cannot read 'x' as !!int"),
        ("!!float x", "cannot read 'x' as !!float"),
        ("!!bool x", "cannot read 'x' as !!bool"),
        ("!!timestamp x", "the YAML tag !!timestamp is not used"),
        ("!!binary aGVsbG8=", "the YAML tag !!binary is not used"),
        ("9" * 5000, "(5000 characters) as !!int"),
    ],
)
def test_unreadable_tagged_value_gives_a_located_yaml_issue(mini: Path, value: str, message: str) -> None:
    _edit(mini, "    meeting_frequency: monthly\n", f"    meeting_frequency: {value}\n")
    issue = _one(_issues(mini), message)
    assert Path(issue.file).name == "programme.yaml"
    assert issue.line == _line_of(mini, "meeting_frequency:")
    assert len(issue.message) < 300


# -- 4. a list used as a key twice: TypeError (unhashable type: 'list') -------------------------


def test_list_as_mapping_key_is_a_yaml_issue(mini: Path) -> None:
    (mini / "extra.yaml").write_text("? [a]\n: 1\n? [a]\n: 2\n", encoding="utf-8")
    issue = _one(_issues(mini), "a list or mapping is used as a key")
    assert (Path(issue.file).name, issue.line) == ("extra.yaml", 1)


def test_duplicate_key_names_both_lines(mini: Path) -> None:
    _edit(mini, "    abbr: OA\n", "    abbr: OA\n    abbr: OB\n")
    issue = _one(_issues(mini), "duplicate key 'abbr'")
    assert issue.line == _line_of(mini, "abbr: OA") + 1
    assert f"first given on line {_line_of(mini, 'abbr: OA')}" in issue.message


# -- 5. deep nesting: RecursionError from the parser ---------------------------------------------


@pytest.mark.parametrize(("depth", "message"), [(100_000, "nesting depth"), (60, "nested more than 40 levels")])
def test_deep_nesting_is_refused(mini: Path, depth: int, message: str) -> None:
    (mini / "deep.yaml").write_text("deep: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    issue = _one(_issues(mini), message)
    assert (Path(issue.file).name, issue.line) == ("deep.yaml", 1)


# -- 6. an unpaired surrogate escape: UnicodeEncodeError inside pydantic -------------------------


@pytest.mark.parametrize("field", ["first_meeting", "meeting_frequency"])
def test_surrogate_escape_is_refused(mini: Path, field: str) -> None:
    old = {"first_meeting": "2018-09", "meeting_frequency": "monthly"}[field]
    _edit(mini, f"    {field}: {old}\n", f'    {field}: "\\ud800"\n')
    issue = _one(_issues(mini), "invalid YAML")
    assert "Unicode" in issue.message or "surrogate" in issue.message
    assert issue.line == _line_of(mini, f"{field}:")


def test_control_character_escape_is_refused(mini: Path) -> None:
    _edit(mini, "    meeting_frequency: monthly\n", '    meeting_frequency: "month\\0ly"\n')
    issue = _one(_issues(mini), "control character U+0000")
    assert issue.line == _line_of(mini, "meeting_frequency:")


# -- 7. a raw control character: the issue had no line -------------------------------------------


@pytest.mark.parametrize("at_start", [True, False])
def test_raw_control_character_has_a_line(mini: Path, at_start: bool) -> None:
    text = "\x00organisations: []\n" if at_start else "organisations:\n  - id: org-x\x07\n"
    (mini / "extra.yaml").write_text(text, encoding="utf-8")
    issue = _one(_issues(mini), "control characters are not allowed")
    assert (Path(issue.file).name, issue.line) == ("extra.yaml", 1 if at_start else 2)


def test_syntax_error_at_the_end_of_a_truncated_file_points_inside_it(mini: Path) -> None:
    (mini / "extra.yaml").write_bytes(b"organisations:\n  - {id: org-x, name: X")
    issue = _one(_issues(mini), "invalid YAML")
    assert (Path(issue.file).name, issue.line) == ("extra.yaml", 2)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_editors_count_them(mini: Path, separator: str) -> None:
    """YAML also breaks lines at NEL, U+2028 and U+2029; editors do not, and neither do we."""
    _edit(mini, '    note: "test programme"\n', f'    note: "test{separator}programme"\n')
    _edit(mini, "    status: performed\n", "    status: done\n")
    issue = _one(_issues(mini), "Input should be")
    assert issue.line == _line_of(mini, "status: done")


def test_line_of_a_syntax_error_after_a_line_separator(mini: Path, tmp_path: Path) -> None:
    lines: list[int | None] = []
    for separator in (" ", "\u2028"):
        folder = tmp_path / f"copy-{len(lines)}"
        shutil.copytree(mini, folder)
        _edit(folder, '    note: "test programme"\n', f'    note: "test{separator}programme"\n    abbr: [\n')
        lines.append(_one(_issues(folder), "invalid YAML").line)
    assert lines[0] == lines[1]


# -- 8. duplicate sections: the issue named file '?' ---------------------------------------------


def test_duplicate_section_names_file_and_line(mini: Path) -> None:
    (mini / "zz.yaml").write_text('sections:\n  - {id: "1.1", title: "Igen"}\n', encoding="utf-8")
    issue = _one(_issues(mini), "section 1.1 is declared 2 times")
    assert (Path(issue.file).name, issue.line) == ("zz.yaml", 2)
    assert "programme.yaml:" in issue.message


# -- 9./10. namespace and document.file were free text ---------------------------------------------


@pytest.mark.parametrize("value", ['"not a uri <>"', "https://example.org/no-slash", "urn:x:y/"])
def test_namespace_must_be_an_http_iri_ending_in_slash_or_hash(mini: Path, value: str) -> None:
    _edit(mini, "namespace: https://example.org/tmb-test/mini/\n", f"namespace: {value}\n")
    issue = _one(_issues(mini), "should match pattern")
    assert (Path(issue.file).name, issue.field, issue.line) == ("programme.yaml", "namespace", 2)
    assert "IRI" in issue.fix


@pytest.mark.parametrize("value", ["/etc/passwd", "../secret.txt", "sub/mini-source.txt", ".hidden"])
def test_document_file_is_a_bare_file_name(mini: Path, value: str) -> None:
    _edit(mini, "  file: mini-source.txt\n", f"  file: {value}\n")
    issue = _one(_issues(mini), "should match pattern")
    assert (issue.field, issue.line) == ("document.file", _line_of(mini, "  file:"))


def test_source_text_that_is_not_utf8_is_an_issue(mini: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "mini-source.txt").write_bytes((MINI_SOURCES / "mini-source.txt").read_bytes() + b"\xff\xfe")
    issue = _one(_issues(mini, sources), "cannot be read as UTF-8")
    assert (Path(issue.file).name, issue.record, issue.field) == ("programme.yaml", "doc-mini", "file")


# -- 11. a list item that is not a mapping: no line, no clear message -----------------------------


def test_list_item_that_is_not_a_record_has_a_line(mini: Path) -> None:
    (mini / "extra.yaml").write_text("organisations:\n  - just text\n  - [1, 2]\n", encoding="utf-8")
    issues = _issues(mini)
    lines = sorted(i.line for i in issues if "expected a record" in i.message and i.line is not None)
    assert lines == [2, 3]


# -- 12. odd entries named *.yaml: IsADirectoryError, or a hang on a FIFO or /dev/zero -----------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "make",
    [Path.mkdir, _fifo, lambda p: p.symlink_to("/dev/zero")],
    ids=["directory", "fifo", "link-to-dev-zero"],
)
def test_entry_that_is_not_a_regular_file_is_an_issue(mini: Path, make: object) -> None:
    make(mini / "odd.yaml")  # type: ignore[operator]
    issue = _one(_issues(mini), "not a regular file")
    assert Path(issue.file).name == "odd.yaml"


def test_dangling_symlink_is_an_issue(mini: Path) -> None:
    (mini / "gone.yaml").symlink_to(mini / "nowhere.yaml")
    issue = _one(_issues(mini), "cannot read the file")
    assert Path(issue.file).name == "gone.yaml"


# -- 13. a huge value flooded the report ------------------------------------------------------------


def test_huge_value_is_clipped_in_the_message(mini: Path) -> None:
    _edit(mini, "    first_meeting: 2018-09\n", f"    first_meeting: {'x' * 1_000_000}\n")
    issue = _one(_issues(mini), "is not a date")
    assert len(str(issue)) < 1_000


def test_huge_unknown_key_is_clipped(mini: Path) -> None:
    _edit(mini, "    meeting_frequency: monthly\n", f"    meeting_frequency: monthly\n    ? {'k' * 100_000}\n    : 1\n")
    issue = _one(_issues(mini), "unknown field")
    assert issue.field is not None and len(issue.field) <= 120


# -- 14. dates with non-ASCII digits or padding were accepted as they were --------------------------


def test_non_ascii_digits_are_not_a_date() -> None:
    with pytest.raises(ValueError, match="is not a date"):
        FuzzyDate.parse("٢٠١٩")


def test_date_text_is_stripped() -> None:
    assert FuzzyDate.parse(" 2020 ").text == "2020"


def test_year_zero_says_which_date() -> None:
    with pytest.raises(ValueError, match="'0000-Q1' is not a calendar date"):
        FuzzyDate.parse("0000-Q1")


# -- 15. killed writes: stale temporaries were never removed, outputs were owner-only ---------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path, umask_022: None) -> None:
    # (the temporaries must also prove they are the tool's: see tests/faults/test_io.py)
    out = tmp_path / "out"
    dead = 2**22 + 12345  # above pid_max's default: no such process
    for name in ("out", "summary.json"):
        stale = tmp_path / f".{name}.tmp-{dead}-0123456789abcdef"
        stale.mkdir()
        (stale / PROOF).write_text(f"tmb_graph {dead} 0123456789abcdef\n")
        (stale / "graph.nt").write_text("half")
    with atomic_directory(out, "build") as tmp:
        (tmp / "graph.nt").write_text("whole")
    atomic_write_text(tmp_path / "summary.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "summary.json"]


def test_outputs_get_the_umask_permissions(tmp_path: Path, umask_022: None) -> None:
    with atomic_directory(tmp_path / "out", "build") as tmp:
        (tmp / "a.txt").write_text("a")
    atomic_write_text(tmp_path / "b.txt", "b")
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o644
