"""`tmb query run`, `tmb mandates` and `tmb analyse` within a programme, or per programme, of a dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Tmb
from tests.conftest import synthetic_dataset
from tmb_graph.pipeline import build

NAMES = ("stockholm-2021", "uppsala-2021")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """(a dataset build of two synthetic counties, each county's own single build)."""
    root = tmp_path_factory.mktemp("per-programme")
    synthetic_dataset(root, 2, 1, seed=5)
    singles = {}
    for name in NAMES:
        singles[name] = root / name
        build(root / "synth" / name, singles[name], shacl=False)
    return root / "graph", singles


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_a_question_within_one_programme_answers_as_that_programme_s_own_build(
    tmb: Tmb, built: tuple[Path, dict[str, Path]], engine: str
) -> None:
    dataset, singles = built
    args = ("query", "run", "turnover_by_programme", "--engine", engine, "-f", "csv")
    within = tmb(*args, "--graph-dir", str(dataset), "--programme", "uppsala-2021").ok()
    alone = tmb(*args, "--graph-dir", str(singles["uppsala-2021"])).ok()
    assert within.stdout == alone.stdout
    assert _rows(within.stdout)[0]["programme"] == "prog-uppsala-2021"
    union = tmb(*args, "--graph-dir", str(dataset)).ok()
    assert len(_rows(union.stdout)) == 2  # the whole dataset has both: the scope narrowed it


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_per_programme_is_one_table_led_by_the_programme_with_each_programme_s_own_rows(
    tmb: Tmb, built: tuple[Path, dict[str, Path]], engine: str
) -> None:
    dataset, singles = built
    args = ("query", "run", "mandates_at", "-p", "at=2021-06-01", "--engine", engine, "-f", "csv")
    per = _rows(tmb(*args, "--graph-dir", str(dataset), "--per-programme").ok().stdout)
    assert per and next(iter(per[0])) == "programme"
    assert {r["programme"] for r in per} == set(NAMES)
    for name in NAMES:
        alone = _rows(tmb(*args, "--graph-dir", str(singles[name])).ok().stdout)
        mine = [{k: v for k, v in r.items() if k != "programme"} for r in per if r["programme"] == name]
        assert sorted(map(repr, mine)) == sorted(map(repr, alone))


def test_two_programmes_named_give_one_table_of_both(tmb: Tmb, built: tuple[Path, dict[str, Path]]) -> None:
    dataset, _ = built
    run = tmb(
        "query", "run", "turnover_by_programme", "--graph-dir", str(dataset), "-f", "json",
        "--programme", "uppsala-2021", "--programme", "stockholm-2021",
    ).ok()  # fmt: skip
    rows = json.loads(run.stdout)
    assert [(r["programme"], r["programme.1"]) for r in rows] == [
        ("uppsala-2021", "prog-uppsala-2021"),
        ("stockholm-2021", "prog-stockholm-2021"),
    ]
    assert all(next(iter(r)) == "programme" for r in rows)


def test_an_unknown_programme_is_named_with_the_closest_and_the_programmes_the_dataset_has(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    dataset, _ = built
    run = tmb("query", "run", "vacant_seats", "--graph-dir", str(dataset), "--programme", "upsala-2021")
    assert run.code == 1 and run.stdout == ""
    assert "did you mean 'uppsala-2021'" in run.stderr
    assert "stockholm-2021, uppsala-2021" in run.stderr
    assert "Traceback" not in run.stderr


def test_programme_on_one_programme_s_build_says_it_is_not_a_dataset(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    _, singles = built
    for args in (("query", "run", "vacant_seats"), ("mandates",), ("analyse", "gaps")):
        run = tmb(*args, "--graph-dir", str(singles["uppsala-2021"]), "--programme", "uppsala-2021")
        assert run.code == 1 and run.stdout == ""
        assert "not a dataset of programmes" in run.stderr


def test_per_programme_on_one_programme_s_build_is_that_programme(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    _, singles = built
    rows = _rows(
        tmb(
            "mandates",
            "--at",
            "2021-06-01",
            "--per-programme",
            "--graph-dir",
            str(singles["uppsala-2021"]),
            "-f",
            "csv",
        )
        .ok()
        .stdout
    )
    assert rows and {r["programme"] for r in rows} == {"uppsala-2021"}


def test_mandates_within_a_programme_are_its_own_build_s_and_per_programme_carry_county_and_year(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    dataset, singles = built
    args = ("mandates", "--at", "2021-06-01", "-f", "csv")
    within = tmb(*args, "--graph-dir", str(dataset), "--programme", "stockholm-2021").ok()
    alone = tmb(*args, "--graph-dir", str(singles["stockholm-2021"])).ok()
    assert within.stdout == alone.stdout and within.stdout
    per = _rows(tmb(*args, "--graph-dir", str(dataset), "--per-programme").ok().stdout)
    assert list(per[0])[:3] == ["programme", "county", "year"]
    assert {(r["county"], r["year"]) for r in per} == {("stockholm", "2021"), ("uppsala", "2021")}
    assert len(per) == len(_rows(alone.stdout)) + len(
        _rows(tmb(*args, "--graph-dir", str(singles["uppsala-2021"])).ok().stdout)
    )


def test_an_analysis_per_programme_is_each_programme_s_own_analysis_in_one_table(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    dataset, singles = built
    per = json.loads(tmb("analyse", "gaps", "--graph-dir", str(dataset), "--per-programme", "-f", "json").ok().stdout)
    for name in NAMES:
        alone = json.loads(tmb("analyse", "gaps", "--graph-dir", str(singles[name]), "-f", "json").ok().stdout)
        for table, rows in alone["tables"].items():
            mine = [r for r in per["tables"][table] if r["programme"] == name]
            assert [{k: v for k, v in r.items() if k not in ("programme", "county", "year")} for r in mine] == rows
            assert all(r["county"] == name.split("-")[0] and r["year"] == "2021" for r in mine)


def test_every_analysis_per_programme_is_written_as_files_with_the_programme_column(
    tmb: Tmb, built: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    dataset, _ = built
    out = tmp_path / "analyses"
    tmb("analyse", "all", "--graph-dir", str(dataset), "--per-programme", "--out", str(out)).ok()
    rows = _rows((out / "turnover.tenures.csv").read_text(encoding="utf-8"))
    assert {r["programme"] for r in rows} == set(NAMES)
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("# tmb_graph analyses")


def test_hand_written_queries_take_the_programme_too(tmb: Tmb, built: tuple[Path, dict[str, Path]]) -> None:
    dataset, singles = built
    for command, text in (
        ("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        ("cypher", "MATCH (b:Body) RETURN count(b) AS n"),
    ):
        within = tmb("query", command, text, "--graph-dir", str(dataset), "--programme", "uppsala-2021", "-f", "csv")
        alone = tmb("query", command, text, "--graph-dir", str(singles["uppsala-2021"]), "-f", "csv")
        assert within.ok().stdout == alone.ok().stdout
        per = _rows(
            tmb("query", command, text, "--graph-dir", str(dataset), "--per-programme", "-f", "csv").ok().stdout
        )
        assert [r["programme"] for r in per] == list(NAMES)
    remote = tmb(
        "query", "sparql", "ASK {}", "--graph-dir", str(dataset), "--programme", "uppsala-2021",
        "--endpoint", "http://127.0.0.1:9/sparql",
    )  # fmt: skip
    # --programme on a server asks the programme's named graph there (tests/remote): here none listens
    assert remote.code == 1 and "cannot reach the SPARQL server at http://127.0.0.1:9/sparql" in remote.stderr


def test_a_plain_id_over_the_whole_dataset_answers_nothing_and_says_which_ids_it_could_be(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    dataset, singles = built
    org = _first_organisation(tmb, singles["uppsala-2021"])
    for engine in ("sparql", "cypher"):
        args = ("query", "run", "organisation_seats", "--engine", engine, "-p", f"org={org}", "-f", "csv")
        run = tmb(*args, "--graph-dir", str(dataset)).ok()
        assert _rows(run.stdout) == [], engine
        assert f"org={org} names no node of the whole dataset" in run.stderr, engine
        assert f"uppsala-2021.{org}" in run.stderr and "--programme NAME" in run.stderr, engine
    # an id no programme has: no hint (nothing to suggest), and within a programme's own build none either
    run = tmb("query", "run", "organisation_seats", "-p", "org=org-none", "-f", "csv", "--graph-dir", str(dataset))
    assert "names no node" not in run.ok().stderr
    run = tmb("query", "run", "organisation_seats", "-p", "org=org-none", "--graph-dir", str(singles["uppsala-2021"]))
    assert "names no node" not in run.ok().stderr


def test_the_network_metrics_per_programme_take_their_period(tmb: Tmb, built: tuple[Path, dict[str, Path]]) -> None:
    dataset, singles = built
    args = ("analyse", "network", "--by", "year", "--table", "periods", "-f", "csv")
    per = _rows(tmb(*args, "--graph-dir", str(dataset), "--per-programme").ok().stdout)
    alone = _rows(tmb(*args, "--graph-dir", str(singles["uppsala-2021"])).ok().stdout)
    mine = [
        {k: v for k, v in r.items() if k not in ("programme", "county", "year")}
        for r in per
        if r["programme"] == "uppsala-2021"
    ]
    assert mine == alone and len(alone) == 1


def _first_organisation(tmb: Tmb, build: Path) -> str:
    """The first organisation's (plain) id in one programme's own build."""
    first = "SELECT ?id WHERE { ?o a org:FormalOrganization ; dcterms:identifier ?id } ORDER BY ?id LIMIT 1"
    return str(_rows(tmb("query", "sparql", first, "-f", "csv", "--graph-dir", str(build)).ok().stdout)[0]["id"])


def test_a_qualified_id_asks_within_its_programme_on_both_engines_alike(
    tmb: Tmb, built: tuple[Path, dict[str, Path]]
) -> None:
    # over the union a node's id is qualified (the property graph's `uppsala-2021.org-…`), within
    # a programme it is local: a qualified id parameter asks within its programme, on either engine
    dataset, singles = built
    local = _first_organisation(tmb, singles["uppsala-2021"])
    args = ("query", "run", "organisation_seats", "-f", "csv")
    alone = tmb(*args, "-p", f"org={local}", "--graph-dir", str(singles["uppsala-2021"])).ok().stdout
    assert len(_rows(alone)) > 0
    for engine in ("sparql", "cypher"):
        run = tmb(*args, "--engine", engine, "-p", f"org=uppsala-2021.{local}", "--graph-dir", str(dataset)).ok()
        alone_e = tmb(*args, "--engine", engine, "-p", f"org={local}", "--graph-dir", str(singles["uppsala-2021"]))
        assert run.stdout == alone_e.ok().stdout, engine
    # the same through a hand-written query
    text = "SELECT ?id ?org WHERE { ?o dcterms:identifier ?id FILTER (?id = ?org) }"
    run = tmb("query", "sparql", text, "-p", f"org=uppsala-2021.{local}", "-f", "csv", "--graph-dir", str(dataset))
    assert _rows(run.ok().stdout) == [{"id": local}]
    # a qualified id names one programme: --per-programme, another --programme, or two programmes are refused
    run = tmb(*args, "-p", f"org=uppsala-2021.{local}", "--per-programme", "--graph-dir", str(dataset))
    assert run.code == 1 and "a node of uppsala-2021" in run.stderr and "--per-programme" in run.stderr
    run = tmb(*args, "-p", f"org=uppsala-2021.{local}", "--programme", "stockholm-2021", "--graph-dir", str(dataset))
    assert run.code == 1 and "stockholm-2021" in run.stderr
    text = "SELECT ?x ?y WHERE { }"
    two = ("-p", f"x=uppsala-2021.{local}", "-p", f"y=stockholm-2021.{local}")
    run = tmb("query", "sparql", text, *two, "--graph-dir", str(dataset))
    assert run.code == 1 and "2 programmes" in run.stderr and not run.stdout
