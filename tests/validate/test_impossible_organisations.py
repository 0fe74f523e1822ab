"""Organisations that cannot exist are refused: cycles, backward replacements, double seats,
tenures outside their body — precision-aware, so what may be true still passes.

Each case edits a copy of the small valid programme (``tests/fixtures/mini``) as parsed YAML,
validates it, and checks the issue: record, field, what is wrong, and a fix.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINI_SOURCES
from tmb_graph.errors import DataError, DataIssue
from tmb_graph.validate.run import validate_folder

Doc = dict[str, Any]


def edit(folder: Path, change: Callable[[Doc], None]) -> None:
    """Apply ``change`` to the parsed programme.yaml and write it back."""
    path = folder / "programme.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def record(doc: Doc, rid: str) -> Doc:
    """The record (or tenure) with id ``rid``."""
    for items in doc.values():
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    if item.get("id") == rid:
                        return item
                    for holder in item.get("holders", []):
                        if holder.get("id") == rid:
                            return holder
    raise AssertionError(f"the fixture has no record {rid}")


def issues_of(folder: Path) -> list[DataIssue]:
    with pytest.raises(DataError) as info:
        validate_folder(folder, MINI_SOURCES, shacl=False)
    return info.value.issues


def only(issues: list[DataIssue], text: str) -> DataIssue:
    found = [i for i in issues if text in i.message]
    assert len(found) == 1, f"expected one issue with {text!r} among {[str(i) for i in issues]}"
    assert found[0].fix and found[0].line
    return found[0]


# -- replacements ------------------------------------------------------------------------------


def test_a_replacement_cycle_is_refused(mini: Path) -> None:
    """A replaces B replaces A: the turnover analysis would list both directions."""
    edit(mini, lambda d: record(d, "m-mini-a-1").update(replaces="m-mini-a-2"))
    issue = only(issues_of(mini), "form a cycle")
    assert (issue.record, issue.field) == ("m-mini-a-1", "replaces")
    assert "m-mini-a-1 → m-mini-a-2 → m-mini-a-1" in issue.message


def test_a_holder_cannot_replace_the_one_who_came_after_it(mini: Path) -> None:
    def backwards(d: Doc) -> None:
        record(d, "m-mini-a-2").pop("replaces")
        record(d, "m-mini-a-1")["replaces"] = "m-mini-a-2"

    edit(mini, backwards)
    issue = only(issues_of(mini), "can only replace one who came before")
    assert (issue.record, issue.field) == ("m-mini-a-1", "replaces")
    assert "m-mini-a-2" in issue.message


def test_a_replacement_within_the_precision_of_the_dates_is_accepted(mini: Path) -> None:
    """Started "2019", replaced from autumn 2019: it may well have started first."""
    edit(mini, lambda d: record(d, "m-mini-a-1").update(start="2019"))
    validate_folder(mini, MINI_SOURCES, shacl=False)


def test_a_replaced_holder_who_certainly_started_later_is_refused(mini: Path) -> None:
    edit(mini, lambda d: record(d, "m-mini-a-1").update(start="2019-12", end="2020-01"))
    issue = only(issues_of(mini), "can only replace one who came before")
    assert issue.record == "m-mini-a-2"


# -- part_of and reports_to ----------------------------------------------------------------------


def test_a_body_part_of_itself_is_refused(mini: Path) -> None:
    edit(mini, lambda d: record(d, "wg-mini").update(part_of="wg-mini"))
    issue = only(issues_of(mini), "part_of forms a cycle")
    assert (issue.record, issue.field) == ("wg-mini", "part_of")


def test_two_bodies_part_of_each_other_give_one_issue_naming_both(mini: Path) -> None:
    edit(mini, lambda d: record(d, "prog-mini").update(part_of="wg-mini"))
    issue = only(issues_of(mini), "part_of forms a cycle")
    assert "prog-mini → wg-mini → prog-mini" in issue.message


def test_organisations_part_of_each_other_are_refused(mini: Path) -> None:
    edit(mini, lambda d: record(d, "org-a").update(part_of="org-a-unit"))
    issue = only(issues_of(mini), "part_of forms a cycle")
    assert issue.record == "org-a"


def test_ideal_layers_reporting_to_each_other_are_refused(mini: Path) -> None:
    edit(mini, lambda d: record(d, "ideal-sg").update(reports_to="ideal-pg"))
    issue = only(issues_of(mini), "reports_to forms a cycle")
    assert issue.field == "reports_to"
    assert {"ideal-sg", "ideal-pg"} <= set(issue.message.replace("→", " ").split())


# -- one person, two seats ---------------------------------------------------------------------


def _second_seat(start: str, end: str) -> Callable[[Doc], None]:
    """Give p-a-1 (convener seat of wg-mini 2018-09 – 2019-autumn) a second seat in wg-mini."""

    def change(d: Doc) -> None:
        d["posts"].append(
            {
                "id": "post-mini-a-extra",
                "body": "wg-mini",
                "organisation": "org-a",
                "role": "representative",
                "source": {"section": "1.1"},
                "holders": [
                    {
                        "id": "m-mini-a-extra",
                        "person": "p-a-1",
                        "start": start,
                        "end": end,
                        "source": {"section": "1.1"},
                    }
                ],
            }
        )

    return change


def test_one_person_in_two_seats_of_a_body_at_once_is_refused(mini: Path) -> None:
    edit(mini, _second_seat("2019-01", "2019-06"))
    issue = only(issues_of(mini), "at the same time")
    assert (issue.record, issue.field) == ("m-mini-a-extra", "person")
    assert "post-mini-a" in issue.message and "post-mini-a-extra" in issue.message


def test_two_seats_one_after_the_other_are_accepted(mini: Path) -> None:
    """The first tenure ends "autumn 2019", the second starts then: not certainly at once."""
    edit(mini, _second_seat("2019-autumn", "2020-06"))
    validate_folder(mini, MINI_SOURCES, shacl=False)


# -- tenures within their body -------------------------------------------------------------------


def test_tenures_outside_their_body_are_refused(mini: Path) -> None:
    edit(mini, lambda d: record(d, "wg-mini").update(start="2019-01", end="2020-06"))
    issues = issues_of(mini)
    early = only(issues, "before its body")
    assert (early.record, early.field) == ("m-mini-a-1", "start")
    late = only(issues, "after its body ended")
    assert (late.record, late.field) == ("m-mini-a-2", "end")


def test_tenures_within_the_precision_of_the_body_dates_are_accepted(mini: Path) -> None:
    """Body "2018"–"2020": a tenure from 2018-09 to 2020-12-31 may lie within it."""
    edit(mini, lambda d: record(d, "wg-mini").update(start="2018", end="2020"))
    validate_folder(mini, MINI_SOURCES, shacl=False)


# -- duplicates raise the duplicate only ---------------------------------------------------------


def test_a_copied_seat_gives_only_the_duplicate_id_errors(mini: Path) -> None:
    doc = yaml.safe_load((mini / "programme.yaml").read_text(encoding="utf-8"))
    seat = record(doc, "post-mini-a")
    (mini / "extra.yaml").write_text(yaml.safe_dump({"posts": [seat]}, allow_unicode=True), encoding="utf-8")
    issues = issues_of(mini)
    assert {i.record for i in issues} == {"post-mini-a", "m-mini-a-1", "m-mini-a-2"}
    assert all("is used by 2 records" in i.message for i in issues), [str(i) for i in issues]


def test_a_holder_given_twice_gives_only_the_duplicate_id_error(mini: Path) -> None:
    def twice(d: Doc) -> None:
        holders = record(d, "post-mini-a")["holders"]
        holders.append(copy.deepcopy(holders[-1]))

    edit(mini, twice)
    issues = issues_of(mini)
    assert [i.record for i in issues] == ["m-mini-a-2"], [str(i) for i in issues]
    assert "is used by 2 records" in issues[0].message
