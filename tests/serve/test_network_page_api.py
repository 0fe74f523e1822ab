"""The network analysis on one day, and the network page's route, answer as the command line does.

Every door to the network analysis at a date — `tmb analyse network --at D`, `tmb analyse all
--at D`, the workbench's `/api/analyses/network?at=D` — measures the one-day window ``[D, D+1)``
of the whole graph (the window is made once, in ``network_metrics``), so all three give the
same rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tmb_graph.cli import app

DAY = "2019-10-01"


def cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_one_day_gives_the_same_network_rows_through_every_door(
    graph_dir: Path, app_client: TestClient, tmp_path: Path
) -> None:
    direct = cli("analyse", "network", "--at", DAY, "-f", "json", "--graph-dir", str(graph_dir))["tables"]
    out = tmp_path / "analyses"
    CliRunner().invoke(app, ["analyse", "all", "--at", DAY, "--out", str(out), "--graph-dir", str(graph_dir)])
    written = {t: json.loads((out / f"network.{t}.json").read_text(encoding="utf-8")) for t in direct}
    answered = app_client.get("/api/analyses/network", params={"at": DAY})
    assert answered.status_code == 200, answered.text
    served = answered.json()["tables"]
    # one period: the day itself, not the programme's quarters with the graph cut to that day
    assert [(r["period"], r["start"], r["end"]) for r in direct["periods"]] == [("2019-Q4", DAY, "2019-10-02")]
    assert direct["periods"][0]["representatives"] > 0 and direct["periods"][0]["departures"] == 0
    for name, rows in direct.items():
        assert written[name] == rows, f"analyse all --at: table {name} differs"
        assert served[name] == rows, f"/api/analyses/network?at=: table {name} differs"


def test_the_network_page_route_carries_the_clis_tables_and_what_the_plot_marks(
    graph_dir: Path, app_client: TestClient
) -> None:
    expected = cli("analyse", "network", "--by", "month", "-f", "json", "--graph-dir", str(graph_dir))
    answer = app_client.get("/api/network", params={"by": "month"})
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert doc["tables"] == expected["tables"] and doc["summary"] == expected["summary"]
    assert doc["covid_start"] == "2020-03-01" and "Covid-19" in doc["covid_label"]
    columns = {m["column"] for p in doc["panels"] for m in p["metrics"]}
    assert columns <= set(doc["tables"]["periods"][0]) and "org_density" in columns
    widest = max(expected["tables"]["departures"], key=lambda d: d["width"])
    assert doc["mark"]["day"] == widest["day"] and f"left {widest['width']} bodies" in doc["mark"]["text"]
    governance = doc["tables"]["governance"]
    assert governance and all(set(g["evidence"]) <= set(doc["nodes"]) for g in governance)
    assert "wg-far" in {b["id"] for b in doc["bodies"]}


def test_the_network_page_route_explains_a_bad_choice(app_client: TestClient) -> None:
    answer = app_client.get("/api/network", params={"by": "week"})
    assert answer.status_code == 400 and "by" in answer.json()["error"]
    answer = app_client.get("/api/network", params={"body": "wg-nope"})
    assert answer.status_code == 400 and "wg-far" in answer.json()["error"]
    one = app_client.get("/api/network", params={"by": "year", "body": "wg-far"}).json()
    assert {r["body"] for r in one["tables"]["bodies"]} == {"wg-far"}
