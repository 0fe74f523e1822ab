"""Every data command writes data a program can read: only data on stdout, in every format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Tmb

TABLE_FORMATS = ("csv", "tsv", "json", "jsonl", "md", "table")

SPARQL = "SELECT ?id ?name WHERE { ?o a org:FormalOrganization ; dcterms:identifier ?id ; skos:prefLabel ?name FILTER(lang(?name) = 'sv') }"
CYPHER = "MATCH (o:Organisation) RETURN o.id AS id, o.name AS name ORDER BY id"


def parse(fmt: str, text: str) -> pd.DataFrame:
    """The rows of ``text`` in ``fmt`` as pandas reads them (Markdown and tables by their lines)."""
    if fmt == "csv":
        return pd.read_csv(io.StringIO(text))
    if fmt == "tsv":
        return pd.read_csv(io.StringIO(text), sep="\t")
    if fmt == "json":
        return pd.DataFrame(json.loads(text))
    if fmt == "jsonl":
        return pd.read_json(io.StringIO(text), lines=True)
    lines = [line for line in text.splitlines() if line.startswith(("|", "│", "┃"))]
    return pd.DataFrame({"line": lines})


def data_commands(graph: str) -> dict[str, list[str]]:
    """The data commands, each with a question whose answer has rows."""
    return {
        "query sparql": ["query", "sparql", SPARQL, "--graph-dir", graph],
        "query run": ["query", "run", "mandates_at", "-p", "at=2019-10-01", "--graph-dir", graph],
        "query list": ["query", "list"],
        "mandates": ["mandates", "--at", "2019-10-01", "--graph-dir", graph],
        "analyse": ["analyse", "gaps", "--table", "gaps", "--graph-dir", graph],
        "doctor": ["doctor"],
    }


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@pytest.mark.parametrize("command", list(data_commands("")))
def test_stdout_holds_only_data_in_every_format(tmb: Tmb, graph_dir: Path, command: str, fmt: str) -> None:
    run = tmb(*data_commands(str(graph_dir))[command], "--format", fmt).ok()
    frame = parse(fmt, run.stdout)
    assert len(frame) > 0, run.stdout[:500]
    if fmt in ("csv", "tsv"):
        assert not run.stdout.endswith("\n\n"), "a blank line after the CSV"
        assert "None" not in run.stdout and "{'" not in run.stdout, "a Python repr in the output"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "md"])
def test_cypher_answers_parse_in_every_format(tmb: Tmb, graph_dir: Path, fmt: str) -> None:
    run = tmb("query", "cypher", CYPHER, "--format", fmt, "--graph-dir", str(graph_dir)).ok()
    frame = parse(fmt, run.stdout)
    if fmt != "md":
        assert "org-kfsk" in set(frame["id"])
        assert list(frame.columns) == ["id", "name"]


def test_the_readme_question_as_json_is_one_json_document(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("query", "run", "mandates_at", "-p", "at=2019-10-01", "--format", "json", "--graph-dir", str(graph_dir))
    rows = json.loads(run.ok().stdout)
    assert rows and all("seat" in r or "holder" in r or r for r in rows)
    assert "§" in run.stderr, "the question's title goes to stderr"


def test_a_pipe_gets_csv_by_default_not_a_squeezed_table(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("mandates", "--at", "2019-10-01", "--graph-dir", str(graph_dir)).ok()
    frame = pd.read_csv(io.StringIO(run.stdout))
    assert {"holder", "organisation", "organisation_name", "body", "body_name"} <= set(frame.columns)
    assert "│" not in run.stdout and "┃" not in run.stdout


def test_a_table_asked_for_in_a_pipe_is_not_cut_to_80_columns(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("mandates", "--at", "2019-10-01", "--format", "table", "--graph-dir", str(graph_dir)).ok()
    widths = {len(line) for line in run.stdout.splitlines() if line.startswith(("│", "┃"))}
    assert max(widths) > 200, "the rows were folded to the default width"
    assert len(widths) == 1, "rows of different widths: the table was wrapped"


def test_mandates_show_names_beside_ids_and_no_none(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("mandates", "--at", "2019-10-01", "--body", "wg-far", "--format", "json", "--graph-dir", str(graph_dir))
    rows = json.loads(run.ok().stdout)
    kv = [r for r in rows if r["organisation"] == "org-kv-syd"]
    assert kv and kv[0]["organisation_name"] == "Kriminalvården region Syd"
    assert all(r["body_name"] for r in rows)
    csv_run = tmb("mandates", "--format", "csv", "--graph-dir", str(graph_dir)).ok()
    assert ",None," not in csv_run.stdout and "True" not in csv_run.stdout


def test_columns_choose_and_order_the_columns(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb(
        "mandates", "--body", "wg-far", "--columns", "role,holder", "--format", "csv", "--graph-dir", str(graph_dir)
    ).ok()
    assert run.stdout.splitlines()[0] == "role,holder"
    bad = tmb("mandates", "--columns", "role,nope", "--graph-dir", str(graph_dir))
    assert bad.code == 1 and "nope" in bad.stderr and "holder" in bad.stderr and not bad.stdout
    # a column twice would read back renamed (pandas: `holder.1`): refused, said once
    twice = tmb("mandates", "--columns", "holder,role,holder", "--graph-dir", str(graph_dir))
    assert twice.code == 2 and "'holder' more than once" in twice.stderr and not twice.stdout


def test_sparql_results_json_for_select_and_ask(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("query", "sparql", SPARQL, "--format", "sparql-json", "--graph-dir", str(graph_dir)).ok()
    doc = json.loads(run.stdout)
    assert doc["head"]["vars"] == ["id", "name"]
    name = doc["results"]["bindings"][0]["name"]
    assert name["type"] == "literal" and name["xml:lang"] == "sv"
    run = tmb(
        "query", "sparql", "ASK { ?s a org:FormalOrganization }", "-f", "sparql-json", "--graph-dir", str(graph_dir)
    )
    assert json.loads(run.ok().stdout) == {"head": {}, "boolean": True}


def test_construct_as_turtle_and_ntriples_parses_back(tmb: Tmb, graph_dir: Path) -> None:
    import pyoxigraph as ox

    q = "CONSTRUCT { ?o a org:FormalOrganization ; skos:prefLabel ?n } WHERE { ?o a org:FormalOrganization ; skos:prefLabel ?n }"
    ttl = tmb("query", "sparql", q, "--format", "turtle", "--graph-dir", str(graph_dir)).ok().stdout
    nt = tmb("query", "sparql", q, "--format", "ntriples", "--graph-dir", str(graph_dir)).ok().stdout
    from_ttl = set(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
    from_nt = set(ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert from_ttl == from_nt and len(from_nt) > 20
    assert any(isinstance(t.object, ox.Literal) and t.object.language == "sv" for t in from_nt)


def test_a_format_the_answer_cannot_have_is_a_usage_error(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("query", "sparql", "ASK { ?s ?p ?o }", "--format", "turtle", "--graph-dir", str(graph_dir))
    assert run.code == 2 and "CONSTRUCT" in run.stderr and not run.stdout
    run = tmb("mandates", "--format", "xml", "--graph-dir", str(graph_dir))
    assert run.code == 2 and "csv" in run.stderr


def test_output_file_takes_its_format_from_the_extension(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    for name, check in {
        "m.csv": lambda p: pd.read_csv(p),
        "m.tsv": lambda p: pd.read_csv(p, sep="\t"),
        "m.json": lambda p: pd.DataFrame(json.loads(p.read_text(encoding="utf-8"))),
        "m.jsonl": lambda p: pd.read_json(p, lines=True),
    }.items():
        target = tmp_path / name
        run = tmb("mandates", "--at", "2019-10-01", "--output", str(target), "--graph-dir", str(graph_dir)).ok()
        assert run.stdout == "", "data went to stdout as well as to the file"
        assert len(check(target)) > 30
    run = tmb("mandates", "--output", str(tmp_path / "m.xlsx"), "--graph-dir", str(graph_dir))
    assert run.code == 2 and ".csv" in run.stderr and not (tmp_path / "m.xlsx").exists()


def test_output_file_for_construct_is_turtle(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    import pyoxigraph as ox

    target = tmp_path / "orgs.ttl"
    q = "CONSTRUCT { ?o a org:FormalOrganization } WHERE { ?o a org:FormalOrganization }"
    tmb("query", "sparql", q, "-o", str(target), "--graph-dir", str(graph_dir)).ok()
    assert len(list(ox.parse(path=str(target), format=ox.RdfFormat.TURTLE))) > 20


def test_the_query_text_can_come_from_stdin(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("query", "sparql", "-", "--format", "csv", "--graph-dir", str(graph_dir), input="ASK { ?s ?p ?o }\n")
    assert run.ok().stdout == "ask\ntrue\n"
    run = tmb("query", "sparql", "-", "--graph-dir", str(graph_dir), input="")
    assert run.code == 1 and "standard input" in run.stderr


def test_an_empty_answer_says_0_rows_on_stderr(tmb: Tmb, graph_dir: Path) -> None:
    q = "SELECT ?s WHERE { ?s a <https://example.org/Nothing> }"
    run = tmb("query", "sparql", q, "--format", "json", "--graph-dir", str(graph_dir)).ok()
    assert json.loads(run.stdout) == [] and "0 rows" in run.stderr


FORMAT_WORDS = [
    "auto",
    "table",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "md",
    "sparql-json",
    "turtle",
    "CSV",
    " json",
    "xml",
    "",
]
EXTENSIONS = ["", ".csv", ".tsv", ".json", ".jsonl", ".md", ".txt", ".xlsx", ".ttl"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.none() | st.sampled_from(FORMAT_WORDS) | st.text(max_size=6),
    columns=st.none()
    | st.lists(st.sampled_from(["holder", "role", "body_name", "nope", "", " "]), max_size=3).map(",".join),
    ext=st.none() | st.sampled_from(EXTENSIONS),
)
def test_any_output_options_give_data_or_a_message(
    tmb: Tmb,
    graph_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str | None,
    columns: str | None,
    ext: str | None,
) -> None:
    args = ["mandates", "--body", "wg-far", "--graph-dir", str(graph_dir)]
    args += [] if fmt is None else ["--format", fmt.replace("\x00", "")]
    args += [] if columns is None else ["--columns", columns]
    target = None if ext is None else tmp_path_factory.mktemp("out") / f"m{ext}"
    args += [] if target is None else ["--output", str(target)]
    run = tmb(*args)
    assert run.code in (0, 1, 2), run.stderr
    if run.code != 0:
        assert run.stderr.strip() and not run.stdout, "a refusal must say why and write no data"
        assert target is None or not target.exists()
        return
    text = run.stdout if target is None else target.read_text(encoding="utf-8")
    assert target is None or run.stdout == ""
    chosen = (fmt or "auto").strip().lower()
    if chosen == "auto":
        chosen = {".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".md": "md", ".txt": "table"}.get(ext or "", "csv")
    frame = parse(chosen, text)
    assert len(frame) > 0
    if columns is not None and chosen in ("csv", "tsv", "json", "jsonl"):
        assert list(frame.columns) == [c.strip() for c in columns.split(",") if c.strip()]
