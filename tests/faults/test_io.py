"""The output rules of :mod:`tmb_graph.io`, one by one, on real files: markers, earlier
outputs, temporaries that must prove they are the tool's, single files, and the two other
writers that are not commands' folders (``tmb generate``'s files, the Neo4j load checkpoint)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import tmb_graph.io as tio
from tests.conftest import MINI_SOURCES
from tmb_graph import generate as generated
from tmb_graph.io import MARKER, PROOF, OutputError, atomic_directory, check_output_dir, owner, write_file
from tmb_graph.pipeline import build, is_earlier_build
from tmb_graph.propertygraph.neo4j_load import _Checkpoint

DEAD = 2**22 + 4321  # above the default pid_max: no such process
TOKEN = "0123456789abcdef"


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- temporaries ---------------------------------------------------------------------------------


def test_a_users_lookalike_of_a_temporary_survives_and_a_proven_one_is_removed(tmp_path: Path) -> None:
    user_old = tmp_path / ".out.old-2023"  # a user's backup: no pid, no token
    user_old.mkdir()
    (user_old / "notes.txt").write_text("mine")
    forged = tmp_path / f".out.tmp-{DEAD}-{TOKEN}"  # right name, no proof
    forged.mkdir()
    (forged / "notes.txt").write_text("mine too")
    wrong = tmp_path / f".out.tmp-{DEAD}-{'f' * 16}"  # right name, proof of another token
    wrong.mkdir()
    (wrong / PROOF).write_text(f"tmb_graph {DEAD} {TOKEN}\n")
    empty = tmp_path / f".out.tmp-{DEAD}-{'a' * 16}"  # killed between mkdir and the proof
    empty.mkdir()
    ours = tmp_path / f".out.tmp-{DEAD}-{'b' * 16}"
    ours.mkdir()
    (ours / PROOF).write_text(f"tmb_graph {DEAD} {'b' * 16}\n")
    (ours / "graph.nt").write_text("half")
    with atomic_directory(tmp_path / "out", "build") as tmp:
        (tmp / "graph.nt").write_text("whole")
    assert _listing(tmp_path) == sorted(["out", user_old.name, forged.name, wrong.name])
    assert (forged / "notes.txt").read_text() == "mine too"
    assert _listing(tmp_path / "out") == [MARKER, "graph.nt"]


def test_a_swap_killed_between_its_two_renames_is_taken_back(tmp_path: Path) -> None:
    old = tmp_path / f".out.old-{DEAD}-{TOKEN}"
    old.mkdir()
    (old / PROOF).write_text(f"tmb_graph {DEAD} {TOKEN}\n")
    (old / MARKER).write_text(tio.marker_text("build"))
    (old / "graph.nt").write_text("previous")
    with pytest.raises(RuntimeError), atomic_directory(tmp_path / "out", "build"):
        raise RuntimeError("the new build failed")
    assert _listing(tmp_path) == ["out"]
    assert (tmp_path / "out" / "graph.nt").read_text() == "previous"
    assert not (tmp_path / "out" / PROOF).exists()


def test_the_two_rename_fallback_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tio, "_exchange", lambda a, b: False)
    for content in ("first", "second"):
        with atomic_directory(tmp_path / "out", "build") as tmp:
            (tmp / "graph.nt").write_text(content)
    assert _listing(tmp_path) == ["out"]
    assert (tmp_path / "out" / "graph.nt").read_text() == "second"
    assert _listing(tmp_path / "out") == [MARKER, "graph.nt"]


def test_a_file_written_into_the_folder_meanwhile_stops_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError, match="changed while"), atomic_directory(out, "build") as tmp:
        (tmp / "graph.nt").write_text("new")
        (out / "arrived.txt").write_text("the user's, written during the build")
    assert _listing(out) == ["arrived.txt"]
    assert _listing(tmp_path) == ["out"]


# -- folders -------------------------------------------------------------------------------------


def test_a_marker_names_its_command_and_a_broken_marker_counts_as_none(tmp_path: Path) -> None:
    with atomic_directory(tmp_path / "out", "analyse all"):
        pass
    assert owner(tmp_path / "out") == "analyse all"
    assert json.loads((tmp_path / "out" / MARKER).read_text())["tool"] == "tmb_graph"
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / MARKER).write_text("not json")
    assert owner(tmp_path / "fake") is None
    with pytest.raises(OutputError, match="not empty"):
        check_output_dir(tmp_path / "fake", "build")
    with pytest.raises(OutputError, match="`tmb analyse all`"):
        check_output_dir(tmp_path / "out", "build")


def test_an_output_inside_another_commands_folder_is_refused(tmp_path: Path) -> None:
    with atomic_directory(tmp_path / "graph", "build"):
        pass
    with pytest.raises(OutputError, match="the output of `tmb build`"):
        check_output_dir(tmp_path / "graph" / "views", "view")
    with pytest.raises(OutputError, match="the output of `tmb build`"):
        write_file(tmp_path / "graph" / "x.gexf", b"x", "export-graph")
    assert _listing(tmp_path / "graph") == [MARKER]


def test_an_earlier_build_without_a_marker_is_recognised_and_replaced(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(mini, out, MINI_SOURCES, shacl=False)
    (out / MARKER).unlink()  # what an earlier version wrote
    (out / "neo4j-load.checkpoint.json").write_text('{"identity": "x", "done": []}')
    assert is_earlier_build(out)
    build(mini, out, MINI_SOURCES, shacl=False)
    assert owner(out) == "build"


@pytest.mark.parametrize("change", ["a user's file beside it", "an edited graph", "a folder inside"])
def test_an_earlier_build_with_anything_of_the_users_is_not_recognised(mini: Path, tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    build(mini, out, MINI_SOURCES, shacl=False)
    (out / MARKER).unlink()
    if change == "a user's file beside it":
        (out / "notes.md").write_text("mine")
    elif change == "an edited graph":
        with (out / "graph.ttl").open("a") as fh:
            fh.write("# my edit\n")
    else:
        (out / "views").mkdir()
    assert not is_earlier_build(out)
    with pytest.raises(OutputError, match="not empty"):
        build(mini, out, MINI_SOURCES, shacl=False)


# -- single files --------------------------------------------------------------------------------


def test_minus_and_dev_stdout_go_to_standard_output(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_file(Path("-"), b"first\n", "export cypher")
    write_file(Path("/dev/stdout"), b"second\n", "export cypher")
    write_file(Path("/dev/stderr"), b"third\n", "export cypher")
    out, err = capfd.readouterr()
    assert out == "first\nsecond\n" and err == "third\n"
    assert _listing(tmp_path) == []


def test_dev_null_is_written_through_not_replaced() -> None:
    before = os.stat("/dev/null")
    write_file(Path("/dev/null"), b"x" * 100_000, "export cypher")
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_file_the_command_reads_is_refused(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / "graph.nt").write_text("<a> <b> <c> .\n")
    with pytest.raises(OutputError, match="reads"):
        write_file(graph / "graph.nt", b"x", "export cypher", reads=(graph,))
    (tmp_path / "link").symlink_to(graph / "graph.nt")
    with pytest.raises(OutputError, match="reads"):
        write_file(tmp_path / "link", b"x", "export cypher", reads=(graph / "graph.nt",))
    assert (graph / "graph.nt").read_text() == "<a> <b> <c> .\n"


def test_a_special_file_inside_an_owned_folder_is_not_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "goals.svg")
    with pytest.raises(OutputError, match="FIFO"):
        tio.atomic_write_text(tmp_path / "goals.svg", "<svg/>")
    assert stat.S_ISFIFO((tmp_path / "goals.svg").lstat().st_mode)


def test_a_written_file_leaves_no_temporary_and_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_file(tmp_path / "sub" / "load.cypher", b"RETURN 1;\n", "export cypher")
    finally:
        os.umask(old)
    assert _listing(tmp_path / "sub") == ["load.cypher"]
    assert stat.S_IMODE((tmp_path / "sub" / "load.cypher").stat().st_mode) == 0o640


# -- tmb generate and the Neo4j checkpoint --------------------------------------------------------


def test_generate_overwrites_only_the_files_it_generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc, ctx, link = tmp_path / "doc.md", tmp_path / "context.jsonld", tmp_path / "linked.md"
    texts = {doc: "# Doc\n\nGenerated by `tmb generate` from x; do not edit.\nnew\n", ctx: '{"@context": {}}\n'}
    monkeypatch.setattr(generated, "targets", lambda: texts)
    doc.write_text("# Doc\n\nGenerated by `tmb generate` from x; do not edit.\nold\n")
    ctx.write_text('{"@context": {"tmb": "https://w3id.org/tmb-graph/ontology#"}}\n')
    assert generated.regenerate() == [doc, ctx]
    assert doc.read_text() == texts[doc] and ctx.read_text() == texts[ctx]

    doc.write_text("# My own notes\n")
    with pytest.raises(OutputError, match="not written by `tmb generate`"):
        generated.regenerate()
    assert doc.read_text() == "# My own notes\n"

    doc.unlink()
    (tmp_path / "elsewhere.md").write_text("Generated by `tmb generate`\n")
    link.symlink_to(tmp_path / "elsewhere.md")
    monkeypatch.setattr(generated, "targets", lambda: {link: "Generated by `tmb generate`\nnew\n"})
    with pytest.raises(OutputError, match="not a regular file"):
        generated.regenerate()
    assert link.is_symlink()


def test_the_load_checkpoint_never_replaces_or_deletes_what_is_not_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "neo4j-load.checkpoint.json"
    path.write_text("my notes")
    with pytest.raises(OutputError, match="not a load checkpoint"):
        _Checkpoint(path, "id")
    assert path.read_text() == "my notes"
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(OutputError, match="not a load checkpoint"):
        _Checkpoint(path, "id")
    path.unlink()

    mark = _Checkpoint(path, "id")
    mark.mark("step-1")
    assert _Checkpoint(path, "id").done == {"step-1"}
    assert _Checkpoint(path, "another load").done == set()
    mark.finish()
    assert not path.exists()
