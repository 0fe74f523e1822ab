"""The user's own questions: one half is enough, a personal folder adds to the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmb_graph.errors import TmbError
from tmb_graph.query.library import QUERIES_ENV, extra_folders, find_question, load_library

HEADER = "{c} question: Which bodies?\n{c} fråga: Vilka organ?\n{c} params: {params}\n{c} sections: 3.3\n"


def write(folder: Path, name: str, suffix: str, body: str, params: str = "none") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    c = "#" if suffix == ".rq" else "//"
    (folder / f"{name}{suffix}").write_text(HEADER.format(c=c, params=params) + body, encoding="utf-8")


def test_a_lone_sparql_question_loads_and_runs_on_sparql_only(tmp_path: Path) -> None:
    write(tmp_path, "my_bodies", ".rq", "SELECT ?b WHERE { ?x a tmb:Body ; dcterms:identifier ?b }\n")
    [q] = load_library(tmp_path)
    assert q.engines == ("sparql",) and q.default_engine() == "sparql" and q.cypher is None
    assert "SELECT" in q.text()
    with pytest.raises(TmbError, match=r"no cypher half \(my_bodies\.cypher\); run it with --engine sparql"):
        q.text("cypher")


def test_a_personal_folder_adds_to_the_library_and_a_clash_is_named(tmp_path: Path) -> None:
    write(tmp_path / "mine", "my_bodies", ".cypher", "MATCH (b:Body) RETURN b.id AS b\n")
    library = load_library(extra=[tmp_path / "mine"])
    assert find_question(library, "my_bodies").engines == ("cypher",)
    assert find_question(library, "mandates_at").engines == ("sparql", "cypher")
    write(tmp_path / "clash", "mandates_at", ".rq", "SELECT ?at WHERE { }\n", params="at=2019-10-01")
    with pytest.raises(TmbError, match="'mandates_at' is in both"):
        load_library(extra=[tmp_path / "clash"])


def test_the_environment_names_more_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERIES_ENV, f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    assert extra_folders(tmp_path / "c") == [tmp_path / "c", tmp_path / "a", tmp_path / "b"]


def test_a_run_needs_every_declared_parameter_and_no_other() -> None:
    q = find_question(load_library(), "mandates_at")
    with pytest.raises(TmbError, match=r"needs the parameter 'at': add -p at=2019-10-01"):
        q.bind({})
    with pytest.raises(TmbError, match=r"takes no parameter 'date'"):
        q.bind({"at": "2019-10-01", "date": "x"})
    with pytest.raises(TmbError, match=r"no question 'mandate_at'.*did you mean 'mandates_at'"):
        find_question(load_library(), "mandate_at")


def test_a_date_parameter_refuses_what_is_not_a_date() -> None:
    q = find_question(load_library(), "mandates_at")
    with pytest.raises(TmbError, match=r"takes a date for 'at' \(YYYY-MM-DD.*not 'yesterday'"):
        q.bind({"at": "yesterday"})
    assert q.bind({"at": q.example_params()["at"]}) == q.example_params()
