"""Evidence must stand in the section it cites, say something, and be checked against a source
that is really there; every stage's problems come in one run; messages never print ``file::``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import MINI_SOURCES
from tmb_graph.cli import app
from tmb_graph.errors import DataError, DataIssue, TmbError
from tmb_graph.model.loader import load_dataset
from tmb_graph.model.records import Section, Source
from tmb_graph.pipeline import build
from tmb_graph.validate.evidence import SourceText, check_evidence, snippet_problem
from tmb_graph.validate.run import validate_folder

Doc = dict[str, Any]

#: a source with two chapters, a subsection, and a footnote whose text the "PDF" put on the
#: next page, below the heading of chapter 2 (as the real extraction does)
SOURCE = """1 Inledning
Organisation A leder arbetet
i samverkan med kommun B.
1.1 Arbetsgruppen
Text.
Gruppen möttes varje månad under hösten 2019.
Kommunen deltog i arbetet.1F1F

1 Kommun B deltar sedan 2018 i arbetet

2 Avslutning
Programmet avslutades vid årsskiftet 2020.
1 Kommun B har ett eget nätverk för samordnare.
"""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "mini-source.txt").write_text(SOURCE, encoding="utf-8")
    return folder


def edit(folder: Path, change: Callable[[Doc], None]) -> None:
    path = folder / "programme.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def cite(rid: str, **source: Any) -> Callable[[Doc], None]:
    """Set the source of organisation ``rid``; declare chapter 2 as a section."""

    def change(d: Doc) -> None:
        d["sections"].append({"id": "2", "title": "Avslutning"})
        org = next(o for o in d["organisations"] if o["id"] == rid)
        org["source"] = source

    return change


def issues_of(folder: Path, sources: Path | None) -> list[DataIssue]:
    with pytest.raises(DataError) as info:
        validate_folder(folder, sources, shacl=False)
    return info.value.issues


# -- the cited section -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "evidence", "footnote"),
    [
        ("1.1", "Gruppen möttes varje månad", None),
        ("1", "Gruppen möttes varje månad", None),  # a chapter includes its subsections
        ("1.1", "Kommun B har ett eget nätverk för samordnare.", None),  # its marker is in §1.1
        ("1.1", "Kommun B har ett eget nätverk", 1),
        ("2", "Programmet avslutades vid årsskiftet", None),
    ],
)
def test_evidence_in_the_cited_section_or_footnote_passes(
    mini: Path, sources: Path, section: str, evidence: str, footnote: int | None
) -> None:
    edit(mini, cite("org-b", section=section, evidence=evidence, footnote=footnote))
    result = validate_folder(mini, sources, shacl=False)
    assert result.evidence_checked


@pytest.mark.parametrize(
    ("section", "evidence", "footnote", "found_in"),
    [
        ("1.1", "Organisation A leder arbetet", None, "§1"),
        ("2", "Gruppen möttes varje månad", None, "§1.1"),
        ("1.1", "Programmet avslutades vid årsskiftet", 1, "§2"),
    ],
)
def test_evidence_copied_from_another_section_is_refused(
    mini: Path, sources: Path, section: str, evidence: str, footnote: int | None, found_in: str
) -> None:
    edit(mini, cite("org-b", section=section, evidence=evidence, footnote=footnote))
    [issue] = issues_of(mini, sources)
    assert (issue.record, issue.field) == ("org-b", "source.evidence")
    assert f"not in the cited §{section}" in issue.message and f"but in {found_in}" in issue.message
    assert found_in.strip("§") in issue.fix


def test_the_source_is_cut_at_headings_and_footnotes() -> None:
    ds, _ = load_dataset(MINI_SOURCES.parent / "mini")
    text = SourceText(SOURCE, [*ds.sections, Section(id="2", title="Avslutning")])
    assert text.spans["1"] == (0, 10) and text.spans["1.1"] == (3, 10)
    assert text.markers == {1: 8}
    assert text.spans["2"] == (10, 13)
    assert text.footnotes == {1: (12, 13)}


def test_real_evidence_cited_in_the_wrong_chapter_is_refused(data_dir: Path, sources_dir: Path) -> None:
    """Issue 13: act-evaluation cited §2 while its snippet stands in chapter 1."""
    ds, where = load_dataset(data_dir)
    act = next(a for a in ds.activities if a.id == "act-evaluation")
    moved = act.model_copy(update={"source": act.source.model_copy(update={"section": "2"})})
    ds = ds.model_copy(update={"activities": [moved if a.id == act.id else a for a in ds.activities]})
    text = (sources_dir / ds.document.file).read_text(encoding="utf-8")
    [issue] = check_evidence(ds, where, text)
    assert issue.record == "act-evaluation" and "but in §1" in issue.message


# -- snippets that say nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "message"),
    [("", "blank"), ("   ", "blank"), ("och", "too short"), ("och i det att som den", "only common words")],
)
def test_a_snippet_that_says_nothing_is_refused_even_without_sources(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evidence: str, message: str
) -> None:
    monkeypatch.setenv("TMB_SOURCES", str(tmp_path / "no-sources-here"))
    edit(mini, cite("org-b", section="1", evidence=evidence))
    [issue] = issues_of(mini, None)
    assert message in issue.message and (issue.record, issue.field) == ("org-b", "source.evidence")
    assert "at least 3 words and 15 characters" in issue.fix


def test_every_real_snippet_says_something(data_dir: Path) -> None:
    ds, _ = load_dataset(data_dir)
    weak = {s.evidence for s in _sources(ds) if s.evidence is not None and snippet_problem(s.evidence)}
    assert weak == set()


def _sources(ds: Any) -> list[Source]:
    from tmb_graph.validate.evidence import sources_of

    return [s for _, _, s in sources_of(ds)]


# -- the sources folder ------------------------------------------------------------------------------


def test_an_explicit_sources_folder_that_does_not_exist_is_an_error(mini: Path, tmp_path: Path) -> None:
    with pytest.raises(TmbError, match="does not exist"):
        validate_folder(mini, tmp_path / "nowhere")
    result = CliRunner().invoke(app, ["validate", str(mini), "--sources", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and result.stdout == ""


def test_an_explicit_sources_folder_without_the_text_is_an_error(mini: Path, tmp_path: Path) -> None:
    [issue] = issues_of(mini, tmp_path)
    assert (issue.record, issue.field) == ("doc-mini", "file")
    assert "mini-source.txt" in issue.message


def test_an_absent_default_sources_folder_warns_and_is_recorded(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMB_SOURCES", str(tmp_path / "no-sources-here"))
    result = validate_folder(mini, None, shacl=False)
    assert not result.evidence_checked
    assert result.checks["evidence"].startswith("not checked")
    assert any("evidence NOT checked" in w for w in result.warnings)

    cli = CliRunner().invoke(app, ["validate", str(mini), "--no-shacl"])
    assert cli.exit_code == 0
    assert "warning:" in cli.stderr and "NOT checked" in cli.stderr
    assert "evidence not checked" in cli.stdout

    out = tmp_path / "out"
    build(mini, out, None, shacl=False)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["validation"] == "valid, evidence not checked, shacl not checked"
    assert summary["checks"]["evidence"] == "not checked: source text 'mini-source.txt' not found"
    assert str(tmp_path) not in json.dumps(summary), "no local paths in the summary"


def test_a_checked_build_says_so_in_its_summary(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(mini, out, MINI_SOURCES, shacl=False)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["checks"] == {"evidence": "checked", "shacl": "not checked"}
    assert summary["validation"] == "valid, shacl not checked"


# -- every stage in one run; clean locations ------------------------------------------------------------


def test_rule_snippet_and_evidence_problems_come_in_one_run(mini: Path, sources: Path) -> None:
    def three(d: Doc) -> None:
        cite("org-b", section="1", evidence="Detta står inte i källan alls")(d)
        next(o for o in d["organisations"] if o["id"] == "org-a-unit")["source"]["evidence"] = "och"
        next(b for b in d["bodies"] if b["id"] == "wg-mini")["convener"] = "org-zz"

    edit(mini, three)
    messages = " | ".join(i.message for i in issues_of(mini, sources))
    assert "unknown organisation 'org-zz'" in messages
    assert "too short" in messages
    assert "not found verbatim" in messages


def test_an_issue_without_a_line_never_prints_a_double_colon(mini: Path) -> None:
    assert str(DataIssue("data/x", "no *.yaml files", "add one")) == "data/x: no *.yaml files — fix: add one"
    assert str(DataIssue("a.yaml", "bad", "fix", field="goals")) == "a.yaml: field 'goals': bad — fix: fix"
    text = (mini / "programme.yaml").read_text(encoding="utf-8")
    (mini / "programme.yaml").write_text(text.replace("namespace: https://example.org/tmb-test/mini/\n", ""))
    result = CliRunner().invoke(app, ["validate", str(mini), "--sources", str(MINI_SOURCES)])
    assert result.exit_code == 1
    assert "no file gives 'namespace'" in result.stderr
    assert "::" not in result.stderr


def test_a_missing_programme_folder_message_has_no_double_colon(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["validate", str(empty), "--sources", str(MINI_SOURCES)])
    assert result.exit_code == 1 and "::" not in result.stderr
    shutil.rmtree(empty)
