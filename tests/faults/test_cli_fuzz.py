"""Property-based fault tests of the command line: hostile query texts, parameters, dates, ids and paths.

The data-file suite (``test_mutations.py``) mutates the YAML; this one attacks the commands an
analyst types. Every case runs the real ``tmb`` app in-process (typer's runner, stdout and
stderr apart) and holds it to the command-line contract:

* it ends with exit 0 (answered), 1 (bad input or data) or 2 (usage) — never an exception, which
  would be a traceback on a terminal;
* on exit 0 with ``--format json`` stdout is one JSON document (titles and notes go to stderr);
* on exit 1 stderr says something (no silent failure) and stdout is empty.

Settings: the ``ci`` profile (default) runs a few dozen cases per property;
``TMB_HYPOTHESIS_PROFILE=thorough`` runs ten times more.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tmb_graph.cli import app

PROFILE = os.environ.get("TMB_HYPOTHESIS_PROFILE", "ci")
SCALE = {"ci": 1, "thorough": 10}[PROFILE]

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SPARQL_WORDS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "GRAPH",
    "SERVICE",
    "LOAD",
    "INSERT",
    "DELETE",
    "VALUES",
    "BIND",
    "LIMIT 3",
    "ORDER BY",
    "?s",
    "?p",
    "?o",
    "?x",
    "tmb:Membership",
    "org:memberOf",
    "rdfs:label",
    "nope:thing",
    "<http://10.255.255.1/sparql>",
    "<file:///etc/passwd>",
    "a",
    "{",
    "}",
    "(",
    ")",
    ".",
    ";",
    '"x"',
    "'''",
    "#",
    "\n",
    "\x00",
]

CYPHER_WORDS = [
    "MATCH",
    "(n)",
    "(n:Body)",
    "-[r]->",
    "(m)",
    "RETURN",
    "n",
    "count(*)",
    "WHERE",
    "n.id",
    "=",
    "$at",
    "LIMIT 3",
    "LOAD CSV FROM 'https://example.org/x.csv' AS row",
    "CALL",
    "CREATE",
    "DELETE",
    "UNWIND",
    "range(1, 5)",
    "'x'",
    '"',
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\n",
]


def _soup(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), max_size=24).map(" ".join)


def _hostile_text() -> st.SearchStrategy[str]:
    """Texts no query engine should crash on: nesting, length, binary, paths that are not files."""
    depth = st.integers(min_value=1, max_value=20_000)
    return st.one_of(
        depth.map(lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n),
        depth.map(lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }"),
        st.integers(min_value=256, max_value=6000).map(lambda n: "SELECT * WHERE { ?s ?p ?o } #" + "x" * n),
        st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
        st.text(alphabet=string.printable, max_size=300),
        st.sampled_from(["-", "/", ".", "..", "~", "/dev/zero", "/proc/self/mem", "queries/", "nope.rq"]),
    )


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _check(result: object, *, json_out: bool) -> None:
    """The command-line contract for one finished command."""
    exc = getattr(result, "exception", None)
    code = getattr(result, "exit_code", None)
    stdout = getattr(result, "stdout", "")
    stderr = getattr(result, "stderr", "")
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"traceback instead of a message: {exc!r}\nstderr: {stderr[-2000:]}")
    assert code in (0, 1, 2), f"exit {code}; stderr: {stderr[-2000:]}"
    assert "Traceback (most recent call last)" not in stdout + stderr
    if code == 0 and json_out:
        json.loads(stdout)
    if code == 1:
        assert stderr.strip(), "exit 1 without a message on stderr"
        assert not stdout.strip(), f"exit 1 but data on stdout: {stdout[:300]!r}"


@settings(FUZZ, max_examples=25 * SCALE)
@given(text=st.one_of(_soup(SPARQL_WORDS), _hostile_text()))
def test_any_sparql_text_gets_an_answer_or_a_message(runner: CliRunner, graph_dir: Path, text: str) -> None:
    if "\x00" in text:  # a NUL cannot pass through argv; the command-line layer refuses it itself
        text = text.replace("\x00", "")
    result = runner.invoke(app, ["query", "sparql", text, "--format", "json", "--graph-dir", str(graph_dir)])
    _check(result, json_out=True)


@settings(FUZZ, max_examples=6 * SCALE)
@given(text=st.one_of(_soup(CYPHER_WORDS), _hostile_text()))
def test_any_cypher_text_gets_an_answer_or_a_message(runner: CliRunner, graph_dir: Path, text: str) -> None:
    text = text.replace("\x00", "")
    result = runner.invoke(app, ["query", "cypher", text, "--format", "json", "--graph-dir", str(graph_dir)])
    _check(result, json_out=True)


PARAM_NAME = st.one_of(st.sampled_from(["at", "body", "org", "p", ""]), st.text(max_size=12))
PARAM_VALUE = st.one_of(
    st.sampled_from(["2019-10-01", "2019", "2019-02-30", "wg-est", "'; DROP", '"}} UNION {', "", "∞"]),
    st.text(max_size=40),
)


@settings(FUZZ, max_examples=15 * SCALE)
@given(params=st.lists(st.tuples(PARAM_NAME, PARAM_VALUE), max_size=3))
def test_any_parameters_to_a_library_question_get_an_answer_or_a_message(
    runner: CliRunner, graph_dir: Path, params: list[tuple[str, str]]
) -> None:
    args = ["query", "run", "mandates_at", "--format", "json", "--graph-dir", str(graph_dir)]
    for name, value in params:
        args += ["-p", f"{name}={value}".replace("\x00", "")]
    _check(runner.invoke(app, args), json_out=True)


DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2019-10-01", "2019-13-01", "2019-10", "yesterday", "", "0000-00-00", "9999-12-31"]),
    st.text(max_size=20),
)
IDS = st.one_of(
    st.sampled_from(["wg-est", "wg-nope", "org-lst-skane", "Kommunförbundet", "p-kfsk-vu", "", "%", ".*"]),
    st.text(max_size=30),
)


@settings(FUZZ, max_examples=25 * SCALE)
@given(at=st.none() | DATES, body=st.none() | IDS, org=st.none() | IDS, person=st.none() | IDS)
def test_any_mandates_filter_gets_an_answer_or_a_message(
    runner: CliRunner, graph_dir: Path, at: str | None, body: str | None, org: str | None, person: str | None
) -> None:
    args = ["mandates", "--format", "json", "--graph-dir", str(graph_dir)]
    for flag, value in (("--at", at), ("--body", body), ("--org", org), ("--person", person)):
        if value is not None:
            args += [flag, value.replace("\x00", "")]
    _check(runner.invoke(app, args), json_out=True)


@settings(FUZZ, max_examples=12 * SCALE)
@given(
    name=st.one_of(
        st.sampled_from(["gaps", "turnover", "layers", "recipients", "goals", "nope", ""]), st.text(max_size=10)
    ),
    at=st.none() | DATES,
)
def test_any_analysis_name_and_date_get_an_answer_or_a_message(
    runner: CliRunner, graph_dir: Path, name: str, at: str | None
) -> None:
    args = ["analyse", name.replace("\x00", ""), "--format", "json", "--graph-dir", str(graph_dir)]
    if at is not None:
        args += ["--at", at.replace("\x00", "")]
    _check(runner.invoke(app, args), json_out=True)


def _broken_graph_dirs(root: Path) -> dict[str, Path]:
    """Graph folders an analyst could point at by mistake: empty, truncated, binary, a file."""
    cases: dict[str, Path] = {}
    for name, content in {
        "empty-file": b"",
        "truncated": b'<https://w3id.org/tmb-graph/data/x> <http://www.w3.org/2000/01/rdf-schema#label> "unter',
        "binary": bytes(range(256)) * 8,
        "turtle-not-nt": b"@prefix x: <http://x/> . x:a x:b x:c .",
    }.items():
        d = root / name
        d.mkdir()
        (d / "graph.nt").write_bytes(content)
        cases[name] = d
    (root / "no-graph").mkdir()
    cases["no-graph"] = root / "no-graph"
    (root / "a-file").write_text("not a folder")
    cases["a-file"] = root / "a-file"
    cases["missing"] = root / "missing"
    return cases


@pytest.mark.parametrize(
    "command",
    [
        ["query", "sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "json"],
        ["query", "run", "mandates_at", "-p", "at=2019-10-01", "--format", "json"],
        ["mandates", "--at", "2019-10-01", "--format", "json"],
        ["analyse", "gaps", "--format", "json"],
        ["analyse", "turnover", "--format", "json"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_broken_graph_folder_gives_a_message_not_a_traceback(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    for name, graph in _broken_graph_dirs(tmp_path).items():
        result = runner.invoke(app, [*command, "--graph-dir", str(graph)])
        _check(result, json_out=True)
        assert result.exit_code == 1, f"{name}: exit {result.exit_code}, stdout {result.stdout[:200]!r}"
