"""Reports name the graph by its namespace and checksum — and say which kind of checksum it is."""

from __future__ import annotations

import json
from pathlib import Path

from tmb_graph.analysis.run import describe_graph


def _summary(folder: Path, summary: dict[str, object]) -> Path:
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def test_a_programme_build_is_named_by_the_sha256_of_its_graph(tmp_path: Path) -> None:
    graph = _summary(tmp_path / "one", {"namespace": "https://example.org/p/", "files": {"graph.nt": "ab" * 32}})
    assert describe_graph(graph) == "https://example.org/p/ (graph.nt sha256 abababababab…)"


def test_a_dataset_build_says_its_figure_is_the_digest_of_the_parts_not_a_sha256_of_the_file(tmp_path: Path) -> None:
    graph = _summary(tmp_path / "many", {"files": {"graph.nt": "cd" * 32}, "digests": "graph.nt is not hashed whole"})
    assert describe_graph(graph) == "the built graph (graph.nt digest of its parts cdcdcdcdcdcd…)"


def test_a_folder_without_a_summary_is_named_by_the_command_that_makes_one(tmp_path: Path) -> None:
    assert describe_graph(tmp_path) == "the built graph (`tmb build`)"
