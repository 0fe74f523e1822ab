"""A build killed with SIGKILL at random points leaves the previous output intact and readable.

The output directory is first built from a copy of the data (state A). Then builds of a
slightly different copy (state B: one title changed) are started with ``tmb build`` in a
subprocess and killed with SIGKILL — half after a random delay within a build's duration, half
a random moment after the build's temporary directory appears, i.e. while the files are written
and swapped in. After every kill the output directory must be entirely A or entirely B: every
file present, ``summary.json``'s SHA-256 sums matching the files, ``graph.nt`` parsing to the
summary's triple count. The only other entries allowed beside it are the temporary siblings a
killed build leaves by design (``.<name>.tmp-<pid>-*``, see :func:`tmb_graph.io.atomic_directory`);
the next complete build must remove them and leave exactly B.

``TMB_KILL_RUNS`` (default 10) sets the number of kills, ``TMB_KILL_SEED`` the random seed
(printed on failure).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from tmb_graph.io import MARKER, PROOF
from tmb_graph.paths import ROOT, default_data
from tmb_graph.pipeline import OUTPUTS

KILLS = int(os.environ.get("TMB_KILL_RUNS", "10"))
SEED = int(os.environ.get("TMB_KILL_SEED", str(random.SystemRandom().randrange(2**31))))
LEFT_BY_DESIGN = re.compile(r"\.out\.tmp-\d+-[0-9a-f]{16}")

State = dict[str, str]


def _tmb() -> list[str]:
    script = Path(sys.executable).with_name("tmb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tmb_graph"]


def _build(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*_tmb(), "build", str(folder), "--out", str(out), "--no-shacl"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _finish(proc: subprocess.Popen[bytes]) -> None:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode(errors="replace")


def _state(out: Path, context: str) -> State:
    """Check that ``out`` is one complete, self-consistent build; return its files' SHA-256."""
    assert out.is_dir(), f"{context}: the output directory is gone"
    # PROOF: a kill between the swap and removing the swap's proof file leaves it inside (harmless)
    names = sorted(p.name for p in out.iterdir() if p.name != PROOF)
    assert names == sorted([*OUTPUTS, MARKER]), f"{context}: output holds {names}"
    sums = {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for name, digest in summary["files"].items():
        assert sums[name] == digest, f"{context}: {name} does not match summary.json"
    triples = list(pyoxigraph.parse(path=str(out / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(triples) == summary["counts"]["triples"], f"{context}: graph.nt has {len(triples)} triples"
    return sums


def _fingerprint(parent: Path, out: Path) -> tuple[object, ...]:
    """What changes when a build starts writing: a new sibling, or any output file touched."""
    files: list[tuple[str, int | None, int | None, int | None]] = []
    for name in OUTPUTS:
        try:
            st = (out / name).stat()
            files.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            files.append((name, None, None, None))
    return (tuple(sorted(p.name for p in parent.iterdir())), out.stat().st_ino, tuple(files))


def _wait_for_writing(proc: subprocess.Popen[bytes], parent: Path, out: Path, timeout: float) -> None:
    """Return as soon as the build starts writing (or ends, or ``timeout`` passes)."""
    before = _fingerprint(parent, out)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if _fingerprint(parent, out) != before:
            return
        time.sleep(0.001)


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != "out")


@pytest.mark.timeout(900)
def test_killed_builds_leave_the_previous_output_intact(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    where = f"(TMB_KILL_SEED={SEED})"
    data_a = tmp_path / "data-a"
    data_b = tmp_path / "data-b"
    shutil.copytree(default_data(), data_a)
    shutil.copytree(default_data(), data_b)
    programme = data_b / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    assert "a process evaluation" in text
    programme.write_text(text.replace("a process evaluation", "a process evaluation (B)", 1), encoding="utf-8")

    parent = tmp_path / "builds"
    parent.mkdir()
    out = parent / "out"
    started = time.monotonic()
    _finish(_build(data_a, out))
    duration = time.monotonic() - started
    state_a = _state(out, f"first build {where}")

    seen: list[tuple[str, State]] = []
    outcomes = []
    for i in range(KILLS):
        proc = _build(data_b, out)
        if i % 2 == 0:  # anywhere in the run: start-up, validation, conversion, writing
            delay = rng.uniform(0.0, duration * 1.1)
            time.sleep(delay)
            how = f"after {delay:.2f}s"
        else:  # while the files are written and swapped in
            _wait_for_writing(proc, parent, out, duration * 3)
            delay = rng.uniform(0.0, 0.05)
            time.sleep(delay)
            how = f"{delay:.3f}s after the build started writing"
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        if proc.stderr is not None:
            proc.stderr.close()
        outcomes.append("killed" if proc.returncode == -signal.SIGKILL else f"finished ({proc.returncode})")
        context = f"kill {i + 1} {how} {where}"
        seen.append((context, _state(out, context)))
        stray = [n for n in _leftovers(parent) if not LEFT_BY_DESIGN.fullmatch(n)]
        assert not stray, f"{context}: unexpected entries beside the output: {stray}"

    _finish(_build(data_b, out))
    state_b = _state(out, f"final build {where}")
    assert state_b != state_a, "the two data copies must give different outputs"
    for context, state in seen:
        assert state in (state_a, state_b), f"{context}: the output mixes two builds"
    assert _leftovers(parent) == [], f"the completed build left {_leftovers(parent)} {where}"
    print(f"kill outcomes {where}: {outcomes}")
    assert outcomes.count("killed") >= KILLS // 2, f"too few builds were killed: {outcomes} {where}"
