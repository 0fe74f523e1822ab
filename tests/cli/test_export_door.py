"""`tmb export FORMAT [FILE|DIR]`: one door for every format, read from the exporter registry."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.conftest import Tmb
from tmb_graph.readwrite.exporters import EXPORTERS, exporter, names

#: what each format's file starts with (or, for a folder, a file it must hold)
SIGNS = {
    "graphml": b"<?xml",
    "gexf": b"<?xml",
    "cypher": b"//",
    "ttl": b"@prefix",
    "nt": b"<https://",
    "jsonld": b"{",
}


def test_the_registry_lists_the_seven_formats_of_the_issue() -> None:
    assert set(names()) == {"graphml", "gexf", "neo4j-csv", "cypher", "ttl", "nt", "jsonld"}
    assert len(names()) == len(set(names()))
    assert {e.name for e in EXPORTERS if e.output == "folder"} == {"neo4j-csv"}


@pytest.mark.parametrize("fmt", [e.name for e in EXPORTERS if e.output == "file"])
def test_every_file_format_goes_through_the_door(tmb: Tmb, graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    run = tmb("export", fmt, str(out), "--graph-dir", str(graph_dir)).ok()
    assert out.is_file() and out.read_bytes().startswith(SIGNS[fmt])
    assert str(out) in run.stderr and run.stdout == ""


def test_neo4j_csv_writes_a_folder_through_the_same_door(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "neo"
    run = tmb("export", "neo4j-csv", str(out), "--graph-dir", str(graph_dir)).ok()
    assert (out / "import.sh").is_file() and (out / "nodes-Body.csv").is_file()
    assert f"files to {out}; run {out}/import.sh" in " ".join(run.stderr.split())
    again = tmb("export", "neo4j-csv", str(out), "--graph-dir", str(graph_dir)).ok()  # its own folder: replaced
    assert (out / "import.sh").is_file() and again.code == 0


def test_a_folder_format_refuses_a_folder_it_did_not_write(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    run = tmb("export", "neo4j-csv", str(mine), "--graph-dir", str(graph_dir))
    assert run.code == 1 and "notes.txt" not in run.stdout
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_file_format_refuses_a_folder(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    run = tmb("export", "ttl", str(tmp_path), "--graph-dir", str(graph_dir))
    assert run.code == 1 and "is a folder" in run.stderr


def test_a_folder_format_refuses_standard_output(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("export", "neo4j-csv", "-", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "not standard output" in run.stderr and run.stdout == ""


def test_a_file_format_writes_to_standard_output_and_its_message_to_stderr(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("export", "nt", "-", "--graph-dir", str(graph_dir)).ok()
    assert run.stdout.startswith("<https://") and run.stdout.endswith(" .\n")
    assert "triples to -" in run.stderr and "triples to -" not in run.stdout


def test_rdf_exports_are_the_bytes_of_the_build(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    for fmt, built in (("ttl", "graph.ttl"), ("nt", "graph.nt")):
        tmb("export", fmt, str(tmp_path / built), "--graph-dir", str(graph_dir)).ok()
        assert (tmp_path / built).read_bytes() == (graph_dir / built).read_bytes()
    tmb("export", "jsonld", str(tmp_path / "g.jsonld"), "--graph-dir", str(graph_dir)).ok()
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    built_doc = json.loads((graph_dir / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["data"].endswith("/")  # inline: stands alone
    assert doc["@graph"] == built_doc["@graph"]


def test_without_a_path_the_export_goes_under_build_exports(
    tmb: Tmb, graph_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMB_BUILD", str(tmp_path / "build"))
    tmb("export", "gexf", "--graph-dir", str(graph_dir)).ok()
    tmb("export", "neo4j-csv", "--graph-dir", str(graph_dir)).ok()
    assert (tmp_path / "build" / "exports" / exporter("gexf").default_name).is_file()
    assert (tmp_path / "build" / "exports" / exporter("neo4j-csv").default_name / "import.sh").is_file()


def test_selection_options_reach_the_graph_formats(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    full, pair = tmp_path / "full.graphml", tmp_path / "pair.graphml"
    tmb("export", "graphml", str(full), "--graph-dir", str(graph_dir)).ok()
    tmb("export", "graphml", str(pair), "--projection", "org-body", "--graph-dir", str(graph_dir)).ok()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    count = [len(ET.parse(p).getroot().findall(f".//{ns}node")) for p in (full, pair)]
    assert 0 < count[1] < count[0]


def test_an_option_a_format_does_not_take_is_refused_before_writing(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    run = tmb("export", "ttl", str(tmp_path / "g.ttl"), "--at", "2019-10-01", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "--at applies only to graphml, gexf" in run.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_an_unknown_format_is_a_clear_error_naming_every_format(tmb: Tmb, graph_dir: Path) -> None:
    run = tmb("export", "svg", "--graph-dir", str(graph_dir))
    assert run.code == 1 and "unknown export format 'svg'" in run.stderr
    assert all(name in run.stderr for name in names())


def test_export_graph_is_an_alias_that_says_what_replaced_it(tmb: Tmb, graph_dir: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.gexf", tmp_path / "new.gexf"
    run = tmb("export-graph", "gexf", str(old), "--graph-dir", str(graph_dir)).ok()
    tmb("export", "gexf", str(new), "--graph-dir", str(graph_dir)).ok()
    assert "`tmb export gexf FILE`" in run.stderr and run.stdout == ""
    assert old.read_bytes() == new.read_bytes()


def test_the_help_lists_the_formats_from_the_registry(tmb: Tmb) -> None:
    text = " ".join(tmb("export", "--help").ok().stdout.split())
    for e in EXPORTERS:
        assert f"{e.name}: " in text and e.default_name in text
    assert " | ".join(names()) in text
