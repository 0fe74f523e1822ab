"""A synthetic national workload: every county, every year, shaped like the real programme.

``tmb synth --counties N --years Y --seed S --out DIR`` writes one programme folder per county
and year (``DIR/<county>-<year>/programme.yaml``) in the same format as ``data/``. Everything
is unmistakably synthetic: its own namespace (``https://w3id.org/tmb-graph/synthetic/…``), a
``synthetic: true`` flag on the programme, "SYNTETISK" in every name, and persons described by
invented role labels only. The same seed always gives byte-identical files.

Shape per programme (ranges are uniform draws): a steering group of the 7 signatory kinds, two
coordinators, 5–10 work groups of 3–5 member organisations with a convener, 1–3 successive
holders per seat (replacements, sometimes across several groups at once when a shared person
leaves), 4–10 activities per group with statuses, reasons, recipients among the county's
municipalities and figures, two goals per group, and a source section for every record.
About 9,500 triples per programme: 21 counties × 5 years ≈ 10⁶ triples.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import yaml

from tmb_graph.io import atomic_directory, check_output_dir, visible_entries

COUNTIES = [
    "Stockholm",
    "Uppsala",
    "Södermanland",
    "Östergötland",
    "Jönköping",
    "Kronoberg",
    "Kalmar",
    "Gotland",
    "Blekinge",
    "Skåne",
    "Halland",
    "Västra Götaland",
    "Värmland",
    "Örebro",
    "Västmanland",
    "Dalarna",
    "Gävleborg",
    "Västernorrland",
    "Jämtland",
    "Västerbotten",
    "Norrbotten",
]
SIGNATORY_KINDS = [
    ("lst", "Länsstyrelsen", "state_agency"),
    ("polis", "Polisregionen", "agency_unit"),
    ("region", "Regionen", "region"),
    ("kv", "Kriminalvårdsregionen", "agency_unit"),
    ("tull", "Tullverket", "state_agency"),
    ("kf", "Kommunförbundet", "municipal_association"),
    ("hk", "Handelskammaren", "business_association"),
]
ACTIVITY_TYPES = [
    "seminar",
    "conference",
    "network_meeting",
    "training",
    "site_visit",
    "folder",
    "checklist",
    "survey",
    "advisory_support",
    "campaign",
]
STATUSES = ["performed"] * 6 + ["partly_performed", "postponed", "cancelled", "not_performed"]
REASONS = ["covid19", "national_assignment", "partner_internal_review", "delayed_delivery", "group_priorities"]
INVOLVEMENT = ["co_creator", "participant", "passive_recipient"]
TRI = ["yes", "no", "partly", "unknown"]
ASSESSMENTS = ["fulfilled", "largely_fulfilled", "partly_fulfilled", "not_fulfilled"]


try:  # libyaml's emitter: the same bytes as the Python one (tests/cli), ~5× faster
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _NoAliasDumper(_BaseDumper):
    """Data files refuse YAML aliases, so never write any."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", " ": "-"})
    return text.translate(table).lower()


def _src(section: str) -> dict[str, Any]:
    return {"section": section}


def programme(county: str, year: int, seed: int) -> dict[str, Any]:
    """The data of one synthetic programme, as the mapping a ``programme.yaml`` holds."""
    rnd = random.Random(f"{seed}-{county}-{year}")
    cid = _slug(county)
    pid = f"prog-{cid}-{year}"
    start, end = f"{year}-01-01", f"{year}-12-31"
    orgs: list[dict[str, Any]] = []
    for key, name, kind in SIGNATORY_KINDS:
        orgs.append(
            {
                "id": f"org-{key}",
                "name": f"{name} {county} (SYNTETISK)",
                "type": kind,
                "in_operational_plan": rnd.choice(TRI),
                "source": _src("1"),
            }
        )
    municipalities = [f"org-kommun-{i:02d}" for i in range(1, rnd.randint(10, 50) + 1)]
    orgs += [
        {"id": m, "name": f"Kommun {m[-2:]} i {county} (SYNTETISK)", "type": "municipality", "source": _src("1")}
        for m in municipalities
    ]
    signatories = [f"org-{k}" for k, _, _ in SIGNATORY_KINDS]
    n_groups = rnd.randint(5, 10)
    sections = [{"id": "1", "title": "Inledning"}, {"id": "3", "title": "Organisation"}]
    sections += [{"id": f"4.{g}", "title": f"Arbetsgrupp {g}"} for g in range(1, n_groups + 1)]
    bodies: list[dict[str, Any]] = [
        {
            "id": pid,
            "kind": "programme",
            "name": f"{county} tillsammans mot brott {year} (SYNTETISK)",
            "signatories": signatories,
            "members": signatories,
            "start": start,
            "end": end,
            "synthetic": True,
            "source": _src("1"),
        },
        {
            "id": "sg",
            "kind": "steering_group",
            "name": "Styrgrupp (SYNTETISK)",
            "part_of": pid,
            "members": signatories,
            "start": start,
            "end": end,
            "source": _src("3"),
        },
    ]
    persons: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    goals: list[dict[str, Any]] = []

    def person(pid_: str, org: str, label: str, section: str) -> str:
        persons.append({"id": pid_, "label": f"{label} (SYNTETISK)", "organisation": org, "source": _src(section)})
        return pid_

    for i, org in enumerate(signatories):
        head = person(f"p-sg-{i}", org, f"Chef {i}", "3")
        posts.append(
            {
                "id": f"post-sg-{i}",
                "body": "sg",
                "organisation": org,
                "role": "chair" if i == 0 else "steering_member",
                "source": _src("3"),
                "holders": [
                    {
                        "id": f"m-sg-{i}",
                        "person": head,
                        "start": start,
                        "end": end,
                        "decision_mandate": "yes",
                        "source": _src("3"),
                    }
                ],
            }
        )
    shared = [person(f"p-shared-{k}", org, f"Delad representant {k}", "3") for k, org in enumerate(signatories[:3])]
    for g in range(1, n_groups + 1):
        sec, wg = f"4.{g}", f"wg-{g}"
        members = rnd.sample(signatories[:6], rnd.randint(3, 5))
        bodies.append(
            {
                "id": wg,
                "kind": "work_group",
                "name": f"Arbetsgrupp {g} (SYNTETISK)",
                "part_of": pid,
                "development_area": f"Område {g}",
                "convener": members[0],
                "members": members,
                "first_meeting": f"{year}-0{rnd.randint(1, 3)}",
                "start": start,
                "end": end,
                "source": _src(sec),
            }
        )
        for j, org in enumerate(members):
            n_holders = rnd.choice([1, 1, 2, 3])
            cuts = sorted(rnd.sample(range(2, 12), n_holders - 1))
            months = [1, *cuts, 13]
            holders = []
            for h in range(n_holders):
                use_shared = h == 0 and org in signatories[:3] and rnd.random() < 0.5
                pid_h = (
                    shared[signatories.index(org)]
                    if use_shared
                    else person(f"p-{g}-{j}-{h}", org, f"Handläggare {g}.{j}.{h}", sec)
                )
                holder: dict[str, Any] = {
                    "id": f"m-{g}-{j}-{h}",
                    "person": pid_h,
                    "start": f"{year}-{months[h]:02d}",
                    "end": f"{year}-{months[h + 1]:02d}" if months[h + 1] <= 12 else end,
                    "allocated_time": rnd.choice(TRI),
                    "anchoring": rnd.choice(TRI),
                    "decision_mandate": "no",
                    "source": _src(sec),
                }
                if h:
                    holder["replaces"] = f"m-{g}-{j}-{h - 1}"
                holders.append(holder)
            posts.append(
                {
                    "id": f"post-{g}-{j}",
                    "body": wg,
                    "organisation": org,
                    "role": "convener" if j == 0 else "representative",
                    "source": _src(sec),
                    "holders": holders,
                }
            )
        for a in range(rnd.randint(4, 10)):
            status = rnd.choice(STATUSES)
            act: dict[str, Any] = {
                "id": f"act-{g}-{a}",
                "body": wg,
                "title": f"Aktivitet {g}.{a} (SYNTETISK)",
                "title_en": f"Activity {g}.{a}",
                "type": rnd.choice(ACTIVITY_TYPES),
                "status": status,
                "planned": f"{year}-{rnd.randint(1, 12):02d}",
                "associations": [{"agent": members[0], "role": "organiser"}, {"agent": wg, "role": "sender"}],
                "reached": [
                    {
                        "recipient": m,
                        "involvement": rnd.choice(INVOLVEMENT),
                        "needs_shaped_content": rnd.choice(TRI),
                        "tailored_support": rnd.choice(TRI),
                    }
                    for m in rnd.sample(municipalities, min(len(municipalities), rnd.randint(1, 6)))
                ],
                "figures": [{"name": "participants", "value": rnd.randint(5, 150), "unit": "persons"}],
                "source": _src(sec),
            }
            if status in ("performed", "partly_performed"):
                act["start"] = act["planned"]
            else:
                act["reasons"] = [rnd.choice(REASONS)]
            activities.append(act)
        for kind in ("result", "process"):
            goals.append(
                {
                    "id": f"goal-{g}-{kind}",
                    "body": wg,
                    "type": kind,
                    "text": f"Mål {g} (SYNTETISK)",
                    "text_en": f"Goal {g}",
                    "deadline": end,
                    "clarity": rnd.choice(["clear", "ambiguous"]),
                    "assessment": rnd.choice(ASSESSMENTS),
                    "source": _src(sec),
                }
            )
    return {
        "namespace": f"https://w3id.org/tmb-graph/synthetic/{cid}-{year}/",
        "document": {"id": "doc-synthetic", "title": f"Syntetisk källa {county} {year}", "file": "synthetic.txt"},
        "sections": sections,
        "organisations": orgs,
        "bodies": bodies,
        "persons": persons,
        "posts": posts,
        "activities": activities,
        "goals": goals,
    }


#: the command that owns a synth folder (written into its marker)
COMMAND = "synth"
_HEADER = "# SYNTHETIC DATA — generated by `tmb synth`\n"


def is_earlier_synth(folder: Path) -> bool:
    """Whether ``folder`` is the output of an earlier ``tmb synth``, which wrote no marker: only
    programme folders, each holding just the ``programme.yaml`` it wrote."""
    try:
        for name in visible_entries(folder):
            sub = folder / name
            if sub.is_symlink() or not sub.is_dir() or os.listdir(sub) != ["programme.yaml"]:
                return False
            with (sub / "programme.yaml").open("rb") as fh:
                if fh.read(len(_HEADER.encode())) != _HEADER.encode():
                    return False
    except OSError:
        return False
    return True


def synthesise(counties: int, years: int, seed: int, out: Path, first_year: int = 2021) -> list[Path]:
    """Write ``counties × years`` synthetic programme folders under ``out`` (atomically).

    Parameters
    ----------
    counties : int
        How many of Sweden's 21 counties (1–21).
    years : int
        How many consecutive years from ``first_year``.
    seed : int
        Random seed; the same seed gives byte-identical files.
    out : Path
        Output directory (replaced as a whole). Must not be inside ``data/``; must be new, empty,
        or an earlier ``tmb synth`` output (:class:`tmb_graph.io.OutputError` otherwise).

    Returns
    -------
    list of Path
        The programme folders written.

    Examples
    --------
    >>> synthesise(2, 1, seed=7, out=Path("/tmp/synth"))   # doctest: +SKIP
    [PosixPath('/tmp/synth/stockholm-2021'), PosixPath('/tmp/synth/uppsala-2021')]
    """
    from tmb_graph.errors import TmbError
    from tmb_graph.paths import ROOT

    if not 1 <= counties <= len(COUNTIES):
        raise TmbError(f"--counties must be 1–{len(COUNTIES)}")
    if years < 1:
        raise TmbError("--years must be at least 1")
    if (ROOT / "data").resolve() in [out.resolve(), *out.resolve().parents]:
        raise TmbError("synthetic data is never written into data/: choose another --out")
    check_output_dir(out, COMMAND, earlier=is_earlier_synth)
    folders = []
    with atomic_directory(out, COMMAND, earlier=is_earlier_synth) as tmp:
        for county in COUNTIES[:counties]:
            for year in range(first_year, first_year + years):
                name = f"{_slug(county)}-{year}"
                (tmp / name).mkdir()
                text = yaml.dump(
                    programme(county, year, seed),
                    Dumper=_NoAliasDumper,
                    allow_unicode=True,
                    sort_keys=False,
                    width=1000,
                )
                (tmp / name / "programme.yaml").write_text(_HEADER + text, encoding="utf-8")
                folders.append(out / name)
    return folders
