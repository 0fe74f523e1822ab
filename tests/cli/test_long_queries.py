"""Long inline queries are query text, never tried as a file name (no "File name too long")."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.cli.conftest import Tmb
from tmb_graph.query.text import could_be_path, query_text

DATA = "https://w3id.org/tmb-graph/data/skane-2018-2020/"


def long_sparql(iris: bool, size: int) -> str:
    """A one-line SELECT of at least ``size`` characters, naming org-kfsk among many that do not exist."""
    n = size // (len(DATA) + 12 if iris else 12) + 5
    if iris:
        values = " ".join(f"<{DATA}org-none-{i}>" for i in range(n)) + f" <{DATA}org-kfsk>"
        text = f"SELECT ?o WHERE {{ VALUES ?o {{ {values} }} ?o a org:FormalOrganization }}"
    else:
        values = " ".join(f'"org-none-{i}"' for i in range(n)) + ' "org-kfsk"'
        text = f"SELECT ?id WHERE {{ VALUES ?id {{ {values} }} ?o dcterms:identifier ?id ; a org:FormalOrganization }}"
    assert len(text) > size and "\n" not in text
    return text


def long_cypher(iris: bool, size: int) -> str:
    """A one-line Cypher query of at least ``size`` characters (no braces: only its length tells it from a path)."""
    n = size // (len(DATA) + 12 if iris else 12) + 5
    word = (lambda i: f"'{DATA}org-none-{i}'") if iris else (lambda i: f"'org-none-{i}'")
    ids = ", ".join(word(i) for i in range(n))
    key = "o.iri" if iris else "o.id"
    text = f"MATCH (o:Organisation) WHERE {key} IN [{ids}] OR o.id = 'org-kfsk' RETURN o.id AS id"
    assert len(text) > size and "\n" not in text and "{" not in text
    return text


# 1 KB: shorter than a path may be, but one "file name" longer than 255 bytes (the old crash);
# 5 KB: longer than any path
@pytest.mark.parametrize("size", [1000, 5000])
@pytest.mark.parametrize("iris", [False, True], ids=["plain", "with-iris"])
def test_a_long_sparql_query_on_one_line_runs(tmb: Tmb, graph_dir: Path, iris: bool, size: int) -> None:
    run = tmb("query", "sparql", long_sparql(iris, size), "--format", "csv", "--graph-dir", str(graph_dir)).ok()
    frame = pd.read_csv(io.StringIO(run.stdout))
    assert len(frame) == 1 and frame.iloc[0, 0].endswith("org-kfsk")


@pytest.mark.parametrize(("iris", "size"), [(False, 1000), (False, 5000), (True, 5000)])
def test_a_long_cypher_query_on_one_line_runs(tmb: Tmb, graph_dir: Path, iris: bool, size: int) -> None:
    run = tmb("query", "cypher", long_cypher(iris, size), "--format", "csv", "--graph-dir", str(graph_dir)).ok()
    assert run.stdout == "id\norg-kfsk\n"


def test_text_that_cannot_be_a_path_is_decided_without_the_file_system() -> None:
    assert not could_be_path("x" * 300)  # one name longer than NAME_MAX
    assert not could_be_path("a/" * 2100)  # longer than PATH_MAX
    assert not could_be_path("MATCH (n)\nRETURN n")
    assert not could_be_path("ASK {}")
    assert could_be_path("queries/mandates_at.rq")
    assert query_text("x" * 300, (".rq",)) == "x" * 300


def test_a_query_file_is_still_read_and_a_missing_one_named(tmp_path: Path) -> None:
    f = tmp_path / "q.rq"
    f.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert query_text(str(f), (".rq",)) == "ASK { ?s ?p ?o }"
    with pytest.raises(Exception, match="not found"):
        query_text(str(tmp_path / "missing.rq"), (".rq",))
    binary = tmp_path / "b.rq"
    binary.write_bytes(bytes(range(256)))
    with pytest.raises(Exception, match="UTF-8"):
        query_text(str(binary), (".rq",))
