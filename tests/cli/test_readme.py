"""The README says what the command line does: prefixes, exit codes, PATH, the Virtuoso example."""

from __future__ import annotations

import re

from tmb_graph.paths import ROOT
from tmb_graph.rdf.namespaces import PREFIXES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_declared_prefix_with_its_namespace() -> None:
    listed = dict(re.findall(r"`(\w+):` <([^>]+)>", README))
    assert listed == PREFIXES


def test_the_readme_states_the_exit_codes_once() -> None:
    assert README.count("**Exit codes**") == 1
    assert "`0` answered" in README and "`1` bad input or data" in README and "`2` usage" in README


def test_the_readme_says_how_tmb_gets_on_the_path() -> None:
    assert ". .venv/bin/activate" in README


def test_the_virtuoso_example_uses_what_the_script_writes() -> None:
    script = (ROOT / "scripts" / "virtuoso").read_text(encoding="utf-8")
    example = README[README.index("## A SPARQL server") :]
    assert "scripts/virtuoso start" in example and "virtuoso.env" in example
    for variable in re.findall(r"\$(TMB_SPARQL_\w+)", example):
        assert f"{variable}=" in script, f"the README uses ${variable}, which scripts/virtuoso does not write"
    assert "8890" not in example.split("```")[1], "a fixed port: scripts/virtuoso chooses a free one"
