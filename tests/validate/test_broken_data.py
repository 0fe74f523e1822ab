"""Broken data files: each kind gives a clear error naming file, line, record and field.

Every case mutates a copy of the minimal valid programme (tests/fixtures/mini) and checks the
issue that `tmb validate` reports: where (file and, when known, line), which record and field,
what is wrong, and a fix. The CLI exits 1 and prints nothing to stdout on each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import MINI_SOURCES
from tmb_graph.cli import app
from tmb_graph.errors import DataError, DataIssue
from tmb_graph.validate.run import validate_folder


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    message: str
    record: str | None = None
    field: str | None = None
    line: bool = True


def replace(old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / "programme.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture lacks {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def drop_line(start: str) -> Callable[[Path], None]:
    """Remove the first line of programme.yaml that starts with ``start``."""

    def apply(folder: Path) -> None:
        path = folder / "programme.yaml"
        rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, row in enumerate(rows) if row.startswith(start.rstrip("\n")))
        path.write_text("".join(rows[:at] + rows[at + 1 :]), encoding="utf-8")

    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        for step in steps:
            step(folder)

    return apply


def write(name: str, content: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(content)

    return apply


CASES = [
    Case(
        "yaml syntax",
        replace("    type: state_agency\n", "    type: [state_agency\n"),
        "invalid YAML",
    ),
    Case(
        "not utf-8",
        write("extra.yaml", b'organisations:\n  - id: org-x\n    name: "Malm\xf6"\n'),
        "not UTF-8",
    ),
    Case("yaml alias", write("extra.yaml", b"a: &x [1]\nb: *x\n"), "aliases"),
    Case("duplicate key", replace("    abbr: OA\n", "    abbr: OA\n    abbr: OB\n"), "duplicate key"),
    Case(
        "unknown top-level key",
        write("extra.yaml", b"organizations: []\n"),
        "unknown top-level key",
        field="organizations",
    ),
    Case(
        "misspelt field",
        replace("    abbr: OA\n", "    abrv: OA\n"),
        "unknown field",
        "org-a",
        "abrv",
    ),
    Case(
        "missing source",
        replace('    type: municipality\n    source: {section: "1"}\n', "    type: municipality\n"),
        "required field is missing",
        "org-b",
        "source",
    ),
    Case(
        "wrong enum",
        replace("    status: performed\n", "    status: done\n"),
        "Input should be 'planned'",
        "act-mini-seminar",
        "status",
    ),
    Case(
        "bad date",
        replace("    first_meeting: 2018-09\n", "    first_meeting: 2018-13\n"),
        "not a calendar date",
        "wg-mini",
        "first_meeting",
    ),
    Case(
        "unknown season",
        replace("        end: 2019-autumn\n", "        end: 2019-fall\n"),
        "unknown season",
        "m-mini-a-1",
        "end",
    ),
    Case(
        "bad id",
        replace("  - id: org-b\n", "  - id: Org_B\n"),
        "should match pattern",
        "Org_B",
        "id",
    ),
    Case(
        "dangling reference",
        replace("    convener: org-a\n", "    convener: org-zz\n"),
        "unknown organisation 'org-zz'",
        "wg-mini",
        "convener",
    ),
    Case(
        "duplicate id",
        write(
            "extra.yaml",
            b'organisations:\n  - id: org-a\n    name: X\n    type: municipality\n    source: {section: "1"}\n',
        ),
        "used by 2 records",
        "org-a",
        "id",
    ),
    Case(
        "end before start",
        replace("        end: 2019-autumn\n", "        end: 2018-01\n"),
        "before it starts",
        "m-mini-a-1",
        "end",
    ),
    Case(
        "overlapping holders",
        replace("        start: 2019-autumn\n", "        start: 2019-01\n"),
        "overlaps the previous holder",
        "m-mini-a-2",
        "start",
    ),
    Case(
        "seat outside body",
        both(
            replace("    members: [org-a, org-b]\n    first_meeting", "    members: [org-a]\n    first_meeting"),
            # the reading of B's membership goes with it
            drop_line("    readings:\n"),
            drop_line("      - {link: members, target: org-b,"),
        ),
        "not among its members",
        "post-mini-b",
        "organisation",
    ),
    Case(
        "replacement outside seat",
        replace("        replaces: m-mini-a-1\n", "        replaces: m-mini-zz\n"),
        "is not a holder of seat",
        "m-mini-a-2",
        "replaces",
    ),
    Case(
        "evidence too long",
        replace('evidence: "Organisation A leder arbetet"', 'evidence: "' + " ".join(["ord"] * 30) + '"'),
        "more than 25 words",
        "org-a",
        "source.evidence",
    ),
    Case(
        "evidence not in source",
        replace('evidence: "Organisation A leder arbetet"', 'evidence: "Organisation A leder inte"'),
        "not found verbatim",
        "org-a",
        "source.evidence",
    ),
    Case(
        "unknown section",
        replace(
            '    source: {section: "1.1"}\n  - id: p-a-2',
            '    source: {section: "9.9"}\n  - id: p-a-2',
        ),
        "unknown section '9.9'",
        "p-a-1",
        "source.section",
    ),
    Case(
        "cancelled without reason",
        replace("    reasons: [covid19]\n", ""),
        "without a reason",
        "act-mini-followup",
        "reasons",
    ),
    Case(
        "person of another organisation",
        replace(
            '    label: "Second officer at A"\n    organisation: org-a\n',
            '    label: "Second officer at A"\n    organisation: org-b\n',
        ),
        "not to the seat's organisation",
        "m-mini-a-2",
        "person",
    ),
    Case(
        "list expected",
        replace("goals:\n", "goals: {}\nxgoals:\n"),
        "must be a list",
        None,
        "goals",
    ),
    Case(
        "missing namespace",
        replace("namespace: https://example.org/tmb-test/mini/\n", ""),
        "no file gives 'namespace'",
        None,
        None,
        line=False,
    ),
    Case(
        "part_of cycle",
        replace("    part_of: org-a\n", "    part_of: org-a-unit\n"),
        "cycle",
        "org-a-unit",
        "part_of",
    ),
]


def _issues(folder: Path) -> list[DataIssue]:
    with pytest.raises(DataError) as info:
        validate_folder(folder, MINI_SOURCES)
    return info.value.issues


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_file_gives_a_clear_error(mini: Path, case: Case) -> None:
    case.mutate(mini)
    issues = _issues(mini)
    matching = [i for i in issues if case.message in i.message]
    assert matching, f"expected {case.message!r} among: {[str(i) for i in issues]}"
    issue = matching[0]
    assert issue.fix, "every issue says how to fix it"
    assert Path(issue.file).name.endswith(".yaml") or case.name == "missing namespace"
    if case.record:
        assert issue.record == case.record
    if case.field:
        assert issue.field is not None and case.field in issue.field
    if case.line and case.record:
        assert issue.line is not None and issue.line > 0


def test_cli_reports_every_problem_and_exits_1(mini: Path) -> None:
    replace("    convener: org-a\n", "    convener: org-zz\n")(mini)
    replace("    status: performed\n", "    status: done\n")(mini)
    result = CliRunner().invoke(app, ["validate", str(mini), "--sources", str(MINI_SOURCES)])
    assert result.exit_code == 1
    assert "status" in result.stderr or "org-zz" in result.stderr
    assert "programme.yaml:" in result.stderr and "fix:" in result.stderr
    assert result.stdout == ""


def test_schema_errors_are_all_reported_at_once(mini: Path) -> None:
    replace("    status: performed\n", "    status: done\n")(mini)
    replace("    abbr: OA\n", "    abrv: OA\n")(mini)
    issues = _issues(mini)
    assert {i.record for i in issues} >= {"act-mini-seminar", "org-a"}


def test_valid_fixture_passes(mini: Path) -> None:
    result = validate_folder(mini, MINI_SOURCES)
    assert "evidence snippets and section headings checked" in " ".join(result.notes)


def test_evidence_check_is_skipped_with_a_warning_without_the_default_sources(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMB_SOURCES", str(tmp_path / "nowhere"))
    result = validate_folder(mini)
    assert any("evidence NOT checked" in w for w in result.warnings)
    assert not result.evidence_checked
