"""The analyses follow the data: perturbed copies of the real data move the findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import yaml

from tmb_graph.analysis.gaps import organisational_gaps
from tmb_graph.analysis.goals import goal_attainment
from tmb_graph.analysis.recipients import recipient_distance
from tmb_graph.analysis.turnover import representative_turnover

Perturb = Callable[[Callable[[Path], None]], nx.MultiDiGraph]


def _append(folder: Path, name: str, doc: dict[str, object]) -> None:
    (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_customs_seat_in_a_work_group_closes_the_signatory_gap(perturbed: Perturb) -> None:
    def edit(folder: Path) -> None:
        path = next(folder.glob("wg-nar.yaml"))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("members: [", "members: [org-tullverket, ", 1), encoding="utf-8")
        _append(
            folder,
            "zz-extra.yaml",
            {
                "persons": [
                    {
                        "id": "p-test-tull",
                        "label": "Customs officer (test)",
                        "organisation": "org-tullverket",
                        "source": {"section": "4.7.1"},
                    }
                ],
                "posts": [
                    {
                        "id": "post-test-tull",
                        "body": "wg-nar",
                        "organisation": "org-tullverket",
                        "role": "representative",
                        "source": {"section": "4.7.1"},
                        "holders": [
                            {
                                "id": "m-test-tull",
                                "person": "p-test-tull",
                                "start": "2019-06",
                                "end": "2020-12-31",
                                "source": {"section": "4.7.1"},
                            }
                        ],
                    }
                ],
            },
        )

    res = organisational_gaps(perturbed(edit))
    assert res.of_kind("signatory_without_work_group") == []


def test_a_shortened_tenure_opens_a_vacancy(perturbed: Perturb) -> None:
    def edit(folder: Path) -> None:
        _append(
            folder,
            "zz-extra.yaml",
            {
                "persons": [
                    {
                        "id": "p-test-a",
                        "label": "Test holder A",
                        "organisation": "org-ssih",
                        "source": {"section": "4.7.1"},
                    },
                    {
                        "id": "p-test-b",
                        "label": "Test holder B",
                        "organisation": "org-ssih",
                        "source": {"section": "4.7.1"},
                    },
                ],
                "posts": [
                    {
                        "id": "post-test-ssih",
                        "body": "wg-nar",
                        "organisation": "org-ssih",
                        "role": "representative",
                        "source": {"section": "4.7.1"},
                        "holders": [
                            {
                                "id": "m-test-a",
                                "person": "p-test-a",
                                "start": "2019-01",
                                "end": "2019-06",
                                "source": {"section": "4.7.1"},
                            },
                            {
                                "id": "m-test-b",
                                "person": "p-test-b",
                                "start": "2019-09",
                                "end": "2020-12-31",
                                "replaces": "m-test-a",
                                "source": {"section": "4.7.1"},
                            },
                        ],
                    }
                ],
            },
        )

    g = perturbed(edit)
    vacant = [x for x in organisational_gaps(g).of_kind("vacant_seat") if x.subject == "post-test-ssih"]
    assert len(vacant) == 1 and vacant[0].days == (92)
    tenure = next(t for t in representative_turnover(g).tenures if t.membership == "m-test-a")
    assert tenure.days == 151 and tenure.approximate


def test_tailored_support_moves_a_recipient_towards_co_creation(perturbed: Perturb, real: nx.MultiDiGraph) -> None:
    before = recipient_distance(real)
    passive = max(before.recipients, key=lambda r: (r.distance, r.recipient))

    def edit(folder: Path) -> None:
        _append(
            folder,
            "zz-extra.yaml",
            {
                "activities": [
                    {
                        "id": "act-test-support",
                        "body": "wg-est",
                        "title": "Handledning",
                        "title_en": "Tailored support (test)",
                        "type": "advisory_support",
                        "status": "performed",
                        "plan_item": False,
                        "start": "2020-10",
                        "reached": [
                            {
                                "recipient": passive.recipient,
                                "involvement": "co_creator",
                                "needs_shaped_content": "yes",
                                "tailored_support": "yes",
                                "feedback": "yes",
                                "repeated_contact": "yes",
                            }
                        ],
                        "source": {"section": "4.4.4"},
                    }
                ],
            },
        )

    after = recipient_distance(perturbed(edit))
    assert after.row(passive.recipient).distance < passive.distance
    assert after.row(passive.recipient).position < passive.position


def test_a_cancelled_plan_item_lowers_attainment(perturbed: Perturb, real: nx.MultiDiGraph) -> None:
    base = goal_attainment(real).group("wg-nar")

    def edit(folder: Path) -> None:
        _append(
            folder,
            "zz-extra.yaml",
            {
                "activities": [
                    {
                        "id": "act-test-cancelled",
                        "body": "wg-nar",
                        "title": "Inställt",
                        "title_en": "Cancelled (test)",
                        "type": "seminar",
                        "status": "cancelled",
                        "reasons": ["covid19"],
                        "plan_item": True,
                        "planned": "2020-04",
                        "source": {"section": "4.7.5"},
                    }
                ],
            },
        )

    after = goal_attainment(perturbed(edit)).group("wg-nar")
    assert (after.planned, after.carried_out) == (base.planned + 1, base.carried_out)
    assert after.reasons.get("covid19", 0) == base.reasons.get("covid19", 0) + 1
