"""`tmb analyse network` and `tmb plot network` as an analyst runs them on the built graph."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from tmb_graph.cli import app


def tmb(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_network_by_month_prints_one_row_per_month_as_csv(graph_dir: Path) -> None:
    started = time.perf_counter()
    code, out, err = tmb(
        "analyse", "network", "--by", "month", "--table", "periods", "-f", "csv", "--graph-dir", str(graph_dir)
    )
    seconds = time.perf_counter() - started
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame["period"][:2]) == ["2018-03", "2018-04"] and frame["period"].iloc[-1] == "2020-12"
    assert "network: 34 months" in err
    assert seconds < 10  # the target is 2 s in a fresh process (measured by hand); here a generous bound


def test_network_of_one_body_between_two_dates_as_json(graph_dir: Path) -> None:
    code, out, err = tmb(
        "analyse", "network", "--body", "wg-far", "--between", "2019-01-01", "2020-01-01", "-f", "json",
        "--graph-dir", str(graph_dir),
    )  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    assert [r["period"] for r in document["tables"]["periods"]] == ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]
    assert {r["body"] for r in document["tables"]["bodies"]} == {"wg-far"}


def test_network_options_are_refused_for_other_analyses_and_bad_values_explained(graph_dir: Path) -> None:
    code, _, err = tmb("analyse", "turnover", "--by", "month", "--graph-dir", str(graph_dir))
    assert code == 2 and "belong to `tmb analyse network`" in err
    code, _, err = tmb("analyse", "network", "--by", "week", "--graph-dir", str(graph_dir))
    assert code == 1 and "choose one of month, quarter, year" in err and "Traceback" not in err
    code, _, err = tmb("analyse", "network", "--at", "2019-10-01", "--between", "2019-01-01", "2020-01-01",
                       "--graph-dir", str(graph_dir))  # fmt: skip
    assert code == 1 and "not both" in err
    code, _, err = tmb("analyse", "network", "--between", "2019-13-01", "2020-01-01", "--graph-dir", str(graph_dir))
    assert code == 2 and "give two dates" in err


def test_plot_network_writes_png_and_svg_with_the_covid_period_marked(graph_dir: Path, tmp_path: Path) -> None:
    code, _, err = tmb("plot", "network", "--out", str(tmp_path / "plots"), "--graph-dir", str(graph_dir))
    assert code == 0, err
    svg = (tmp_path / "plots" / "network.svg").read_text(encoding="utf-8")
    assert "Covid-19" in svg and "left 4 bodies" in svg
    assert (tmp_path / "plots" / "network.png").read_bytes()[:4] == b"\x89PNG"
