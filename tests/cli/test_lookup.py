"""No silent emptiness on the command line: ids and names, typed parameters, own questions.

Every error path exits 1 with a message on stderr and nothing on stdout; an empty answer to a
valid question exits 0 and says "0 rows" on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run

Tmb = Callable[..., Run]


def failed(run: Run, *words: str) -> None:
    assert run.code == 1, f"exit {run.code}: {run.stderr}"
    assert not run.stdout.strip(), run.stdout
    for word in words:
        assert word in run.stderr, run.stderr


def test_find_and_ids_list_ids_with_their_names(tmb: Tmb, graph_dir: Path) -> None:
    rows = json.loads(
        tmb("find", "Kommunförbundet", "--type", "org", "-f", "json", "--graph-dir", str(graph_dir)).ok().stdout
    )
    assert rows[0]["id"] == "org-kfsk" and "KFSK" in rows[0]["other names"]
    rows = json.loads(tmb("ids", "--type", "body", "-f", "json", "--graph-dir", str(graph_dir)).ok().stdout)
    assert {"wg-est", "sug-stmb"} <= {r["id"] for r in rows} and {r["type"] for r in rows} == {"body"}
    failed(tmb("ids", "--type", "bdy", "--graph-dir", str(graph_dir)), "unknown kind 'bdy'", "did you mean 'body'")
    empty = tmb("find", "zzzz-nothing", "-f", "csv", "--graph-dir", str(graph_dir)).ok()
    assert "0 rows" in empty.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--body", "wg-nope"], ["no body 'wg-nope'", "did you mean"]),
        (["--org", "Nowhere Inc"], ["no organisation 'Nowhere Inc'", "tmb find"]),
        (["--person", "p-nobody"], ["no person 'p-nobody'"]),
        (["--body", "Arbetsgrupp"], ["matches", "give one of these ids"]),
    ],
)
def test_mandates_with_an_unknown_or_ambiguous_filter_is_bad_input(
    tmb: Tmb, graph_dir: Path, args: list[str], words: list[str]
) -> None:
    failed(tmb("mandates", *args, "-f", "json", "--graph-dir", str(graph_dir)), *words)


def test_mandates_takes_a_name_where_an_id_is_expected(tmb: Tmb, graph_dir: Path) -> None:
    rows = json.loads(
        tmb("mandates", "--org", "Kommunförbundet", "--at", "2019-10-01", "-f", "json", "--graph-dir", str(graph_dir))
        .ok()
        .stdout
    )
    assert rows and {r["organisation"] for r in rows} == {"org-kfsk"}


def test_a_date_outside_the_programme_warns_on_stderr(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("mandates", "--at", "2023-01-01", "-f", "json", "--graph-dir", str(graph_dir)).ok()
    assert "warning" in run.stderr and "outside the programme's period" in run.stderr
    json.loads(run.stdout)
    inside = tmb("mandates", "--at", "2019-10-01", "-f", "json", "--graph-dir", str(graph_dir)).ok()
    assert "outside" not in inside.stderr and len(json.loads(inside.stdout)) == 40


def test_a_library_question_without_its_parameter_is_bad_input(tmb: Tmb, graph_dir: Path) -> None:
    failed(
        tmb("query", "run", "mandates_at", "-f", "json", "--graph-dir", str(graph_dir)),
        "needs the parameter 'at'",
        "-p at=2019-10-01",
    )
    failed(
        tmb("query", "run", "mandates_at", "-p", "when=2019-10-01", "--graph-dir", str(graph_dir)),
        "takes no parameter 'when'",
    )
    failed(tmb("query", "run", "mandate_at", "--graph-dir", str(graph_dir)), "did you mean 'mandates_at'")


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_the_library_answer_on_the_headline_date_is_forty_on_both_engines(
    tmb: Tmb, graph_dir: Path, engine: str
) -> None:
    run = tmb(
        "query", "run", "mandates_at", "-p", "at=2019-10-01", "--engine", engine, "-f", "json",
        "--graph-dir", str(graph_dir),
    ).ok()  # fmt: skip
    assert len(json.loads(run.stdout)) == 40


def test_a_misspelt_prefix_class_or_label_is_named(tmb: Tmb, graph_dir: Path) -> None:
    g = ["--graph-dir", str(graph_dir)]
    failed(
        tmb("query", "sparql", "SELECT ?b WHERE { ?b a tmbx:Body }", *g), "unknown prefix 'tmbx:'", "Declared prefixes"
    )
    failed(tmb("query", "sparql", "SELECT ?b WHERE { ?b a tmb:Bdy }", *g), "tmb:Bdy", "did you mean tmb:Body")
    failed(tmb("query", "cypher", "MATCH (b:Bdy) RETURN b.id AS id", *g), "':Bdy'", "did you mean ':Body'")


def test_an_empty_answer_to_a_valid_question_says_0_rows(tmb: Tmb, graph_dir: Path) -> None:
    q = "SELECT ?b WHERE { ?x a tmb:Body ; dcterms:identifier ?b FILTER(?b = 'no-such-body') }"
    run = tmb("query", "sparql", q, "-f", "json", "--graph-dir", str(graph_dir)).ok()
    assert json.loads(run.stdout) == [] and "0 rows" in run.stderr


def test_a_year_matches_as_a_string_when_typed_so(tmb: Tmb, graph_dir: Path) -> None:
    # year dates are stored as strings ("2020"): an integer can never equal them
    q = "SELECT ?b ?year WHERE { ?x tmb:endDate/rdfs:label ?year ; dcterms:identifier ?b }"
    g = ["-f", "json", "--graph-dir", str(graph_dir)]
    as_int = tmb("query", "sparql", q, "-p", "year=2020", *g).ok()
    assert json.loads(as_int.stdout) == []
    as_string = json.loads(tmb("query", "sparql", q, "-p", "year:string=2020", *g).ok().stdout)
    assert as_string and "ett-jamstallt-skane" in {r["b"] for r in as_string}
    failed(tmb("query", "sparql", q, "-p", "year:text=2020", "--graph-dir", str(graph_dir)), "unknown type 'text'")


def test_a_lone_sparql_question_of_your_own_lists_and_runs(
    tmb: Tmb, graph_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my_bodies.rq").write_text(
        "# question: Which work groups?\n# fråga: Vilka arbetsgrupper?\n# params: none\n# sections: 4\n"
        "SELECT ?b WHERE { ?x org:classification tmbc:BodyKind-work_group ; dcterms:identifier ?b }\n",
        encoding="utf-8",
    )
    listed = json.loads(tmb("query", "list", "--queries", str(tmp_path), "-f", "json").ok().stdout)
    mine = next(r for r in listed if r["name"] == "my_bodies")
    assert mine["engines"] == "sparql" and len(listed) > 20
    run = tmb("query", "run", "my_bodies", "--queries", str(tmp_path), "-f", "json", "--graph-dir", str(graph_dir))
    assert len(json.loads(run.ok().stdout)) == 7
    failed(
        tmb(
            "query", "run", "my_bodies", "--engine", "cypher", "--queries", str(tmp_path), "--graph-dir", str(graph_dir)
        ),
        "no cypher half",
    )
    monkeypatch.setenv("TMB_QUERIES", str(tmp_path))
    run = tmb("query", "run", "my_bodies", "-f", "json", "--graph-dir", str(graph_dir))
    assert len(json.loads(run.ok().stdout)) == 7
    # the shipped library still lists and runs beside it
    assert "mandates_at" in tmb("query", "list", "-f", "csv").ok().stdout
