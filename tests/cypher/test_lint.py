"""Neo4j's own Cypher parser (tools/cypher-lint) accepts valid Cypher and locates broken Cypher."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmb_graph.cypher import lint as lint_mod
from tmb_graph.cypher.lint import LintError, lint_available, lint_cypher
from tmb_graph.errors import TmbError

needs_lint = pytest.mark.skipif(
    not lint_available(),
    reason="Cypher lint unavailable: needs node on PATH and `npm ci --prefix tools/cypher-lint` (scripts/setup runs it)",
)

VALID = {
    "match-params": "MATCH (p:Programme {id: $id})-[:HAS_MEASURE]->(m:Measure)\nWHERE m.status = $status\nRETURN m.name AS name, m.allocated_time AS time\nORDER BY name LIMIT $limit",
    "unwind-merge": "UNWIND $rows AS row\nMERGE (n:X {id: row.id})\nSET n += row.props",
    "unwind-merge-rel": "UNWIND $rows AS row\nMATCH (a:X {id: row.from}), (b:Y {id: row.to})\nMERGE (a)-[r:REL {kind: row.kind}]->(b)\nSET r += row.props",
    "constraint": "CREATE CONSTRAINT x_id IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE",
    "script": (
        "// load script\n"
        "CREATE CONSTRAINT x_id IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE;\n"
        "CREATE INDEX x_name IF NOT EXISTS FOR (n:X) ON (n.name);\n"
        "\n"
        "UNWIND $rows AS row\n"
        "MERGE (n:X {id: row.id})\n"
        "SET n += row.props;\n"
        "MATCH (n:X) RETURN count(n) AS n;\n"
    ),
    "cypher-shell-script": (
        ":param rows => [{id: 'a', props: {name: 'Å'}}];\n"
        ":begin\n"
        "UNWIND $rows AS row MERGE (n:X {id: row.id}) SET n += row.props;\n"
        "CREATE (:Y {name: 'a;b'});\n"
        ":commit\n"
    ),
}


BROKEN = {
    "unclosed-node": ("MATCH (n RETURN n", 1, 10, "Invalid input 'RETURN'"),
    "misspelt-keyword": ("MATCH (n) RETRUN n", 1, 11, "Invalid input 'RETRUN'"),
    "undefined-variable": ("MATCH (n)\nRETURN m", 2, 8, "Variable `m` not defined"),
    "script-line-6": (
        "CREATE CONSTRAINT x_id IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE;\n"
        "\n"
        "UNWIND $rows AS row\n"
        "MERGE (n:X {id: row.id});\n"
        "MATCH (n)\n"
        "RETRUN n;\n",
        6,
        1,
        "Invalid input 'RETRUN'",
    ),
    "dangling-operator": ("RETURN 1 +", 1, 11, "Invalid input"),
}

# Clean except for things that must not count as errors: an undeclared $parameter, a deprecation warning.
NOT_ERRORS = {
    "undeclared-param": "MATCH (n {id: $id}) RETURN n",
    "deprecation-warning": "CALL { MATCH (n) RETURN n } RETURN n",
}

MANY = {
    f"q{i}": f"MATCH (n:X {{id: $id{i}}})-[:R]->(m) WHERE m.x > $min{i} RETURN n.name AS name{i}" for i in range(30)
}


@pytest.fixture(scope="module")
def linted() -> dict[str, list[LintError]]:
    """Every text of this module, linted by one Node.js process."""
    texts = {**VALID, **NOT_ERRORS, **MANY, **{name: case[0] for name, case in BROKEN.items()}}
    return lint_cypher(texts)


@needs_lint
@pytest.mark.parametrize("name", [*VALID, *NOT_ERRORS, *MANY])
def test_valid_cypher_has_no_errors(linted: dict[str, list[LintError]], name: str) -> None:
    assert linted[name] == [], [str(e) for e in linted[name]]


@needs_lint
@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_cypher_is_located(linted: dict[str, list[LintError]], name: str) -> None:
    text, line, column, fragment = BROKEN[name]
    errors = linted[name]
    assert errors, f"no error for {text!r}"
    first = errors[0]
    assert isinstance(first, LintError)
    assert (first.line, first.column) == (line, column), [str(e) for e in errors]
    assert fragment in first.message
    assert all(e.line == line for e in errors), [str(e) for e in errors]


def test_empty_input_needs_no_node() -> None:
    assert lint_cypher({}) == {}


def test_missing_packages_raise_with_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(lint_mod, "_PACKAGE_DIR", tmp_path / "absent")
    assert not lint_available()
    with pytest.raises(TmbError, match=r"npm ci --prefix tools/cypher-lint"):
        lint_cypher({"q": "RETURN 1"})


def test_missing_node_raises_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint_mod, "_node", lambda: None)
    assert not lint_available()
    with pytest.raises(TmbError, match=r"'node' is not on PATH"):
        lint_cypher({"q": "RETURN 1"})
