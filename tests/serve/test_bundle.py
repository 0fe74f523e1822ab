"""The front end committed inside the package is what the pinned lockfile builds (like `tmb generate --check`)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tmb_graph.paths import ROOT
from tmb_graph.serve.app import STATIC

FRONTEND = ROOT / "frontend"


def test_the_lockfile_pins_every_dependency_exactly() -> None:
    package = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name} {version}: pin an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert all(p.get("integrity") for k, p in lock["packages"].items() if k), "every package has its hash"


def test_the_committed_bundle_matches_a_fresh_build_from_the_lockfile(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: the bundle cannot be rebuilt here (pip install needs no Node)")
    if not (FRONTEND / "node_modules" / ".bin" / "esbuild").exists():
        pytest.skip("frontend/node_modules missing: run `npm ci --prefix frontend` (scripts/setup does)")
    subprocess.run([node, str(FRONTEND / "scripts" / "build.mjs"), str(tmp_path)], check=True, timeout=120)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(STATIC) for p in STATIC.rglob("*") if p.is_file())
    assert built == committed
    for rel in built:
        assert (tmp_path / rel).read_bytes() == (STATIC / rel).read_bytes(), (
            f"{rel} differs from a fresh build: run `npm run build --prefix frontend` and commit the result"
        )


def test_the_bundle_is_small_and_names_no_other_server() -> None:
    script = (STATIC / "assets" / "app.js").read_bytes()
    assert len(gzip.compress(script)) < 2 * 1024 * 1024
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert "http" not in page and "<script>" not in page  # no CDN, no inline script (the CSP forbids it)
