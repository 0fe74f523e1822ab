"""No command deletes or replaces what it did not write (issue 10.1), with messages, never
tracebacks, for outputs that cannot be written (10.7), and the output tree (11.1).

Every output position of every command is tried with what a user may have there: a folder
with their own file, a ``.git``, a symlink to their folder, a regular file, a FIFO, a device
node (``mknod``, as root; skipped where not permitted), a dangling link. Folder outputs must
refuse all of them (exit 1, a message naming the path, nothing changed); single-file outputs
named on the command line write through devices and symlinks (never replacing them), replace
a regular file the user named, and refuse folders and FIFOs. The commands run through the real
``tmb`` app (typer's runner), on a real build of the small fixture programme.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import MINI, MINI_SOURCES
from tmb_graph.cli import app
from tmb_graph.io import MARKER
from tmb_graph.paths import ROOT
from tmb_graph.pipeline import build

Hazard = Callable[[Path], Callable[[], None]]


def tmb(*args: str | Path) -> tuple[int, str]:
    """Run ``tmb ARGS`` in-process; the exit code and everything it printed (stdout and
    stderr), with rich's line wrapping undone so that phrases and paths can be looked for."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"tmb {' '.join(map(str, args))} raised {result.exception!r}:\n{result.output}")
    return result.exit_code, " ".join(result.output.split()) + "\n" + result.output.replace("\n", "")


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture programme built once for this module (what every reading command reads)."""
    out = tmp_path_factory.mktemp("outputs") / "graph"
    build(MINI, out, MINI_SOURCES, shacl=False)
    return out


# -- what a user may have at an output position ------------------------------------------------


def user_folder(path: Path) -> Callable[[], None]:
    path.mkdir()
    (path / "thesis.txt").write_text("my own work")

    def intact() -> None:
        assert (path / "thesis.txt").read_text() == "my own work", f"{path}/thesis.txt lost"

    return intact


def git_folder(path: Path) -> Callable[[], None]:
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "README").write_text("project")

    def intact() -> None:
        assert (path / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n", ".git lost"
        assert (path / "README").read_text() == "project", "README lost"

    return intact


def link_to_user_folder(path: Path) -> Callable[[], None]:
    target = path.with_name(path.name + "-target")
    target_intact = user_folder(target)
    path.symlink_to(target)

    def intact() -> None:
        assert path.is_symlink() and os.readlink(path) == str(target), f"{path}: the link was replaced"
        target_intact()

    return intact


def user_file(path: Path) -> Callable[[], None]:
    path.write_text("my own file")

    def intact() -> None:
        assert path.read_text() == "my own file", f"{path} was replaced"

    return intact


def fifo(path: Path) -> Callable[[], None]:
    os.mkfifo(path)

    def intact() -> None:
        assert stat.S_ISFIFO(path.lstat().st_mode), f"{path} is no longer a FIFO"

    return intact


def device(path: Path) -> Callable[[], None]:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        pytest.skip("mknod is not permitted here (not root)")

    def intact() -> None:
        assert stat.S_ISCHR(path.lstat().st_mode), f"{path} is no longer a device node"

    return intact


def dangling_link(path: Path) -> Callable[[], None]:
    path.symlink_to(path.with_name("nowhere"))

    def intact() -> None:
        assert path.is_symlink() and not path.exists(), f"{path}: the link changed"

    return intact


FOLDER_HAZARDS: dict[str, Hazard] = {
    "a folder with a user's file": user_folder,
    "a project with .git": git_folder,
    "a symlink to a user's folder": link_to_user_folder,
    "a regular file": user_file,
    "a FIFO": fifo,
    "a device node": device,
    "a dangling symlink": dangling_link,
}

#: every command that writes a folder, with ``{out}`` and ``{graph}`` to fill in
FOLDER_COMMANDS: dict[str, tuple[str, ...]] = {
    "build": ("build", str(MINI), "--out", "{out}", "--no-shacl", "--sources", str(MINI_SOURCES)),
    "analyse all": ("analyse", "all", "--graph-dir", "{graph}", "--out", "{out}"),
    "export neo4j-csv": ("export", "neo4j-csv", "{out}", "--graph-dir", "{graph}"),
    "synth": ("synth", "--counties", "1", "--years", "1", "--out", "{out}"),
    "view all": ("view", "all", "--graph-dir", "{graph}", "--out", "{out}"),
    "plot all": ("plot", "all", "--graph-dir", "{graph}", "--out", "{out}"),
    "report": ("report", "--graph-dir", "{graph}", "--out", "{out}"),
}


def fill(args: tuple[str, ...], out: Path, graph: Path) -> list[str]:
    return [a.format(out=out, graph=graph) for a in args]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("hazard", FOLDER_HAZARDS)
@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_folder_output_refuses_what_the_user_has_there(
    command: str, hazard: str, graph: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    intact = FOLDER_HAZARDS[hazard](out)
    code, text = tmb(*fill(FOLDER_COMMANDS[command], out, graph))
    intact()
    no_traceback(text)
    assert code == 1, text
    assert "error:" in text and "out" in text, text
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("out")) == [], "left something behind"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_folder_output_is_written_new_then_replaced_with_its_marker(
    command: str, graph: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for run in ("new", "again"):
        code, text = tmb(*fill(FOLDER_COMMANDS[command], out, graph))
        assert code == 0, f"{run}: {text}"
        assert (out / MARKER).is_file(), f"{run}: no marker in {out}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "a temporary was left beside the output"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", ["build", "analyse all", "report"])
def test_an_empty_folder_and_a_symlink_to_the_commands_own_folder_are_accepted(
    command: str, graph: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, text = tmb(*fill(FOLDER_COMMANDS[command], empty, graph))
    assert code == 0, text
    link = tmp_path / "link"
    link.symlink_to(empty)
    code, text = tmb(*fill(FOLDER_COMMANDS[command], link, graph))
    assert code == 0, text
    assert link.is_symlink() and (empty / MARKER).is_file(), "the link must stay and its target be replaced"


def test_a_folder_of_another_command_is_refused(graph: Path, tmp_path: Path) -> None:
    code, text = tmb("analyse", "all", "--graph-dir", graph, "--out", graph)
    assert code == 1 and "reads" in text, text
    code, text = tmb("synth", "--counties", "1", "--years", "1", "--out", graph)
    assert code == 1 and "`tmb build`" in text, text
    assert (graph / "graph.nt").is_file()


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("analyse", "all", "--graph-dir", "{graph}", "--out", "{parent}"), "holds"),
        (("report", "--graph-dir", "{graph}", "--out", "{graph}/report"), "inside"),
        (("build", str(MINI), "--out", "/", "--no-shacl"), "root of the file system"),
        (("build", str(MINI), "--out", str(Path.home()), "--no-shacl"), "home folder"),
        (("build", str(MINI), "--out", str(ROOT), "--no-shacl"), "repository"),
        (("build", "{graph}/../mini", "--out", "{graph}/../mini", "--no-shacl"), "reads"),
        (("view", "all", "--graph-dir", "{graph}", "--out", "/"), "root of the file system"),
    ],
    ids=["ancestor of the graph", "inside the graph", "root", "home", "repository", "the data read", "view /"],
)
def test_places_that_are_never_an_output_are_refused(args: tuple[str, ...], expect: str, graph: Path) -> None:
    mini = graph.parent / "mini"
    if not mini.exists():
        shutil.copytree(MINI, mini)
    before = sorted(p.name for p in graph.parent.iterdir())
    code, text = tmb(*(a.format(graph=graph, parent=graph.parent) for a in args))
    no_traceback(text)
    assert code == 1 and expect in text, text
    assert sorted(p.name for p in graph.parent.iterdir()) == before
    assert (graph / "graph.nt").is_file()


# -- single files named on the command line ------------------------------------------------------

FILE_COMMANDS: dict[str, tuple[str, ...]] = {
    "export cypher": ("export", "cypher", "{out}", "--graph-dir", "{graph}"),
    "export-graph": ("export-graph", "gexf", "{out}", "--graph-dir", "{graph}"),
    "view one": ("view", "ideal", "--graph-dir", "{graph}", "--out", "{out}"),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_file_output_replaces_only_the_file_named_and_keeps_its_neighbours(
    command: str, graph: Path, tmp_path: Path
) -> None:
    check_git = git_folder(tmp_path)
    out = tmp_path / "out.html"
    out.write_text("old content the user asked to replace")
    code, text = tmb(*fill(FILE_COMMANDS[command], out, graph))
    assert code == 0, text
    assert out.stat().st_size > 1000 and "old content" not in out.read_text(), "the named file was not written"
    check_git()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "README", "out.html"]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "hazard", ["a folder with a user's file", "a project with .git", "a FIFO", "a dangling symlink"]
)
@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_file_output_refuses_folders_fifos_and_dangling_links(
    command: str, hazard: str, graph: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.html"
    intact = FOLDER_HAZARDS[hazard](out)
    code, text = tmb(*fill(FILE_COMMANDS[command], out, graph))
    intact()
    no_traceback(text)
    assert code == 1 and "error:" in text, text


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_device_node_is_written_through_and_stays_a_device(command: str, graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "null.html"
    intact = device(out)
    code, text = tmb(*fill(FILE_COMMANDS[command], out, graph))
    assert code == 0, text
    intact()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null.html"]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_symlink_is_followed_and_kept(command: str, graph: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    code, text = tmb(*fill(FILE_COMMANDS[command], link, graph))
    assert code == 0, text
    assert link.is_symlink() and os.readlink(link) == str(target), "the link itself was replaced"
    assert target.stat().st_size > 1000, "the link's target was not written"


@pytest.mark.timeout(120)
def test_a_symlink_to_a_fifo_is_refused(graph: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.cypher").symlink_to(tmp_path / "pipe")
    code, text = tmb("export", "cypher", tmp_path / "link.cypher", "--graph-dir", graph)
    assert code == 1 and "FIFO" in text, text
    assert (tmp_path / "link.cypher").is_symlink() and stat.S_ISFIFO((tmp_path / "pipe").lstat().st_mode)


@pytest.mark.parametrize(
    "args",
    [
        ("view", "organisation", "--graph-dir", "{graph}", "--out", "{tmp}/dir.html"),
        ("view", "all", "--graph-dir", "{graph}", "--out", "{tmp}/file"),
        ("plot", "all", "--graph-dir", "{graph}", "--out", "{tmp}/file"),
        ("report", "--graph-dir", "{graph}", "--out", "{tmp}/file"),
        ("export-graph", "gexf", "{tmp}/dir.html", "--graph-dir", "{graph}"),
        ("export", "cypher", "{tmp}/dir.html", "--graph-dir", "{graph}"),
        ("view", "all", "--graph-dir", "{graph}", "--out", "{tmp}/all.html"),
        ("view", "all", "--graph-dir", "{graph}", "--out", "-"),
        ("export", "neo4j-csv", "-", "--graph-dir", "{graph}"),
    ],
    ids=lambda a: " ".join(a[:2]) + " " + a[-1].replace("{tmp}/", ""),
)
def test_a_wrong_kind_of_output_gets_a_message(args: tuple[str, ...], graph: Path, tmp_path: Path) -> None:
    (tmp_path / "dir.html").mkdir()
    (tmp_path / "dir.html" / "mine.txt").write_text("mine")
    (tmp_path / "file").write_text("mine")
    code, text = tmb(*(a.format(graph=graph, tmp=tmp_path) for a in args))
    no_traceback(text)
    assert code == 1 and "error:" in text, text
    assert (tmp_path / "file").read_text() == "mine" and (tmp_path / "dir.html" / "mine.txt").read_text() == "mine"


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder no one can write to: a read-only tmpfs as root, a mode-0555 folder otherwise."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmb-ro", str(folder)], check=False).returncode:
        pytest.skip("cannot mount a read-only tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize(
    "args",
    [
        ("build", str(MINI), "--out", "{ro}/graph", "--no-shacl", "--sources", str(MINI_SOURCES)),
        ("analyse", "all", "--graph-dir", "{graph}", "--out", "{ro}/analyses"),
        ("view", "ideal", "--graph-dir", "{graph}", "--out", "{ro}/ideal.html"),
        ("view", "ideal", "--graph-dir", "{graph}", "--out", "{ro}/views"),
        ("plot", "goals", "--graph-dir", "{graph}", "--out", "{ro}/plots"),
        ("report", "--graph-dir", "{graph}", "--out", "{ro}/report"),
        ("export", "cypher", "{ro}/load.cypher", "--graph-dir", "{graph}"),
        ("export", "neo4j-csv", "{ro}/import", "--graph-dir", "{graph}"),
        ("export-graph", "graphml", "{ro}/g.graphml", "--graph-dir", "{graph}"),
        ("synth", "--counties", "1", "--years", "1", "--out", "{ro}/synth"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_read_only_folder_gets_a_message(args: tuple[str, ...], graph: Path, read_only: Path) -> None:
    code, text = tmb(*(a.format(graph=graph, ro=read_only) for a in args))
    no_traceback(text)
    assert code == 1 and "cannot" in text and str(read_only) in text, text


# -- standard output and the output tree (real processes) ---------------------------------------


def _tmb_process(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[bytes]:
    script = Path(sys.executable).with_name("tmb")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "tmb_graph"]
    return subprocess.run([*cmd, *args], capture_output=True, env=env, timeout=300, check=False, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("where", ["-", "/dev/stdout"])
def test_standard_output_is_written_through_a_pipe(where: str, graph: Path) -> None:
    done = _tmb_process("export", "cypher", where, "--graph-dir", str(graph))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"// tmb_graph: load the programme graph"), done.stdout[:200]
    assert b"statements to" not in done.stdout and b"statements to" in done.stderr


@pytest.mark.timeout(600)
def test_each_command_keeps_its_own_folder_and_a_rebuild_deletes_none_of_them(tmp_path: Path) -> None:
    env = {**os.environ, "TMB_BUILD": str(tmp_path / "build"), "TMB_DATA": str(MINI), "TMB_SOURCES": str(MINI_SOURCES)}
    steps = [
        ("build", "--no-shacl"),
        ("analyse", "all"),
        ("view", "ideal"),
        ("plot", "goals"),
        ("report",),
        ("build", "--no-shacl"),
    ]
    for args in steps:
        done = _tmb_process(*args, env=env, cwd=tmp_path)
        assert done.returncode == 0, f"tmb {' '.join(args)}: {done.stderr.decode()}"
    tree = tmp_path / "build"
    assert sorted(p.name for p in tree.iterdir()) == ["analyses", "graph", "plots", "report", "views"]
    for folder, command in [("graph", "build"), ("analyses", "analyse all"), ("views", "view"), ("report", "report")]:
        assert f'"command": "{command}"' in (tree / folder / MARKER).read_text(), folder
    assert (tree / "views" / "ideal.html").is_file() and (tree / "plots" / "goals.svg").is_file()
    report = tree / "report"
    assert (report / "report.html").is_file()
    for href in (report / "report.html").read_text().split('href="views/')[1:]:
        assert (report / "views" / href.split('"', 1)[0]).is_file(), "the report links to a view that is not there"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"], "a command wrote outside the tree"


def test_the_readme_examples_write_only_under_build() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(readme.split("```")[1::2])
    named = re.findall(
        r"tmb (?:.*?--out |.*?--output |.*?-o |export (?:cypher|neo4j-csv) |export-graph \w+ )(\S+)", blocks
    )
    assert named, "no example with an output found: the pattern is stale"
    outside = [p for p in named if not (p.startswith("build/") or p == "-" or p.isupper())]
    assert not outside, f"README examples write outside build/ (left in the repository root): {outside}"
