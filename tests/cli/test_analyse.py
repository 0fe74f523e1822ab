"""`tmb analyse` as an analyst scripts it: one table pandas reads as it is, names beside ids."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.cli.conftest import Tmb
from tmb_graph import catalogue
from tmb_graph.analysis.run import ANALYSES, render, run_analysis

# every table of every analysis (name → its tables), as the catalogue states them; the first test
# below holds each analysis to its list (`tmb analyse NAME --format json` lists what it returns)
TABLES = {e.name: list(e.tables) for e in catalogue.ANALYSES}


def test_the_table_list_here_is_every_analysis() -> None:
    assert set(TABLES) == set(ANALYSES)


@pytest.mark.parametrize("name", list(TABLES))
def test_csv_of_every_table_loads_in_pandas_as_it_is(tmb: Tmb, graph_dir: Path, name: str) -> None:
    run = tmb("analyse", name, "--format", "json", "--graph-dir", str(graph_dir)).ok()
    document = json.loads(run.stdout)
    assert document["analysis"] == name and list(document["tables"]) == TABLES[name]
    first = TABLES[name][0]
    csv = tmb("analyse", name, "--table", first, "--format", "csv", "--graph-dir", str(graph_dir)).ok().stdout
    assert len(pd.read_csv(io.StringIO(csv))) == len(document["tables"][first])
    # every table, in every one-table format, through the same renderer the command uses
    result = run_analysis(name, graph_dir)
    for table in TABLES[name]:
        rows = document["tables"][table]
        csv = render(result, "csv", table)
        frame = pd.read_csv(io.StringIO(csv))
        assert len(frame) == len(rows), table
        assert not csv.startswith("#") and "\n#" not in csv, "a '# name' line glued into the CSV"
        assert "{'" not in csv and ",None" not in csv and ",True" not in csv, f"a Python repr in {name}.{table}"
        assert pd.read_csv(io.StringIO(render(result, "tsv", table)), sep="\t").shape == frame.shape
        assert [json.loads(line) for line in render(result, "jsonl", table).splitlines()] == rows


def test_reasons_are_flattened_not_a_python_dict(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("analyse", "goals", "--table", "goal_attainment", "--format", "csv", "--graph-dir", str(graph_dir))
    frame = pd.read_csv(io.StringIO(run.ok().stdout)).set_index("body")
    assert frame.loc["wg-est", "reasons"] == "covid19: 3"
    as_json = json.loads(tmb("analyse", "goals", "--format", "json", "--graph-dir", str(graph_dir)).ok().stdout)
    est = next(r for r in as_json["tables"]["goal_attainment"] if r["body"] == "wg-est")
    assert est["reasons"] == {"covid19": 3}, "JSON keeps the mapping as an object"


def test_tables_with_ids_get_names_beside_them(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("analyse", "turnover", "--table", "tenures", "--format", "csv", "--graph-dir", str(graph_dir))
    frame = pd.read_csv(io.StringIO(run.ok().stdout))
    columns = list(frame.columns)
    assert columns[columns.index("organisation") + 1] == "organisation_name"
    assert columns[columns.index("body") + 1] == "body_name"
    kv = frame[frame["organisation"] == "org-kv-syd"]
    assert set(kv["organisation_name"]) == {"Kriminalvården region Syd"}


def test_several_tables_without_a_choice_list_the_names(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("analyse", "goals", "--format", "csv", "--graph-dir", str(graph_dir))
    assert run.code == 2 and "goal_attainment" in run.stderr and "reasons" in run.stderr and not run.stdout
    run = tmb("analyse", "goals", "--table", "nope", "--format", "csv", "--graph-dir", str(graph_dir))
    assert run.code == 2 and "goal_attainment, reasons" in run.stderr and not run.stdout


def test_a_wrong_or_missing_table_is_refused_before_the_graph_is_read(tmb: Tmb, tmp_path: Path) -> None:
    # no graph here: the usage error must come first (on a national build the load takes seconds)
    missing = str(tmp_path / "no-build")
    run = tmb("analyse", "gaps", "--table", "gap", "-f", "csv", "--graph-dir", missing)
    assert run.code == 2 and "has no table 'gap'" in run.stderr and "gaps, gaps_by_kind" in run.stderr
    run = tmb("analyse", "turnover", "-f", "tsv", "--graph-dir", missing)
    assert run.code == 2 and "choose one with --table" in run.stderr and "cascade" in run.stderr
    run = tmb("analyse", "network", "--columns", "period", "--graph-dir", missing)
    assert run.code == 2 and "whatif" in run.stderr and not run.stdout
    # a format that holds every table needs no choice: the missing graph is then the error
    run = tmb("analyse", "gaps", "-f", "json", "--graph-dir", missing)
    assert run.code == 1 and "--table" not in run.stderr


def test_a_pipe_without_a_choice_gets_the_first_table_and_a_note(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("analyse", "goals", "--graph-dir", str(graph_dir)).ok()
    assert len(pd.read_csv(io.StringIO(run.stdout))) == 7  # the seven work groups of chapter 4
    assert "--table" in run.stderr and "24 of 31" in run.stderr  # the note and the summary, on stderr


def test_columns_pick_from_the_chosen_table(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb(
        "analyse", "goals", "--table", "reasons", "--columns", "reason,body", "-f", "csv", "--graph-dir", str(graph_dir)
    )
    assert run.ok().stdout.splitlines()[0] == "reason,body"


def test_out_dir_writes_one_file_per_table(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "goals"
    tmb("analyse", "goals", "--out", str(out), "--graph-dir", str(graph_dir)).ok()
    for table in TABLES["goals"]:
        assert len(pd.read_csv(out / f"goals.{table}.csv")) > 0
        assert json.loads((out / f"goals.{table}.json").read_text(encoding="utf-8"))
    assert not list(out.glob("gaps.*")), "only the analysis asked for"


def test_analyse_all_writes_every_table(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "analyses"
    run = tmb("analyse", "all", "--out", str(out), "--graph-dir", str(graph_dir)).ok()
    written = {p.name for p in out.glob("*.csv")}
    assert written == {f"{a}.{t}.csv" for a, tables in TABLES.items() for t in tables}
    assert "recipients" in run.stderr and run.stdout == ""


def test_unknown_analysis_and_bad_date_are_clear(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("analyse", "nope", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "gaps" in run.stderr and not run.stdout
    run = tmb("analyse", "gaps", "--at", "2019-13-45", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "YYYY-MM-DD" in run.stderr


def test_an_analysis_on_a_date_counts_fewer_tenures(tmb: Tmb, graph_dir: Path) -> None:
    args = ("analyse", "turnover", "--table", "tenures", "-f", "csv", "--graph-dir", str(graph_dir))
    every = pd.read_csv(io.StringIO(tmb(*args).ok().stdout))
    dated = pd.read_csv(io.StringIO(tmb(*args, "--at", "2019-10-01").ok().stdout))
    assert 0 < len(dated) < len(every)
