"""Shared fixtures: the repository's data, the source texts, and a small valid programme."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tmb_graph.paths import ROOT, default_data, default_sources
from tmb_graph.pipeline import build

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
MINI_SOURCES = FIXTURES / "mini-sources"

#: the seven work groups of chapter 4 and the seven signatories of the declaration (§3.1)
WORK_GROUPS = frozenset({"wg-avh", "wg-far", "wg-otp", "wg-est", "wg-mvk", "wg-sam", "wg-nar"})
SIGNATORIES = frozenset(
    {"org-lst-skane", "org-polis-syd", "org-region-skane", "org-kv-syd", "org-tullverket", "org-kfsk", "org-ssih"}
)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real programme folder (data/skane-2018-2020)."""
    return default_data()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of source texts; tests needing it skip when it is absent."""
    path = default_sources()
    if not (path / "skane-tillsammans-mot-brott-processutvardering.txt").is_file():
        pytest.skip(f"source text not found in {path} (../shared/sources beside the checkout)")
    return path


def synthetic_dataset(root: Path, counties: int, years: int, seed: int) -> Path:
    """``tmb synth`` of ``counties`` × ``years`` programmes into ``root/synth``, built as a dataset
    (no SHACL, one process) into ``root/graph``, which is returned."""
    from tmb_graph.dataset import build_dataset
    from tmb_graph.synth import synthesise

    synthesise(counties, years, seed=seed, out=root / "synth")
    build_dataset(root / "synth", root / "graph", shacl=False, jobs=1)
    return root / "graph"


def mini_programmes(root: Path, names: tuple[str, ...] = ("alpha", "beta")) -> dict[str, str]:
    """Copies of the minimal programme in ``root/NAME``, each in its own namespace (a small
    dataset of programme folders); returns each name's namespace IRI."""
    out = {}
    for name in names:
        shutil.copytree(MINI, root / name)
        path = root / name / "programme.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("tmb-test/mini/", f"tmb-test/{name}/"))
        out[name] = f"https://example.org/tmb-test/{name}/"
    return out


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid programme."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real programme built once per test session (no SHACL: its own tests run it)."""
    out = tmp_path_factory.mktemp("tmb-build") / "build"
    build(default_data(), out, shacl=False)
    return out


#: test files too slow for the edit loop (`scripts/test --fast` leaves them out; CI runs everything):
#: browsers and servers, the fault and hypothesis suites, remote servers, the benchmark smoke
#: test, and the files that start FalkorDB or the CLI many times (chosen from `--durations`)
SLOW_PATHS = (
    "tests/faults/",
    "tests/remote/",
    "tests/bench/",
    "tests/serve/",
    "test_browser.py",
    "tests/propertygraph/test_stores.py",
    "tests/cli/test_analyse.py",
    "tests/cli/test_formats.py",
    "tests/cli/test_export_door.py",
    "tests/cli/test_long_queries.py",
    "tests/cli/test_query_commands.py",
    "tests/view/test_cli.py",
    "tests/view/test_views.py",
    "tests/query/test_library.py",
    "tests/query/test_one_rule.py",
    "tests/query/test_dataset_questions.py",
    "tests/cypher/test_lint.py",
    "tests/analysis/test_network_cli.py",
    "tests/dataset/test_scope.py",
    "tests/cli/test_per_programme.py",
    "tests/view/test_national.py",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: left out of `scripts/test --fast` (the edit loop)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.as_posix()
        if any(part in path for part in SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def network_unlocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test starts in a process that may be given the network opt-in: a workbench made in
    this pytest process earlier (tests/serve) forbids the network for good (and sets
    TMB_NETWORK=never for its children), as a server must. Restored afterwards."""
    from tmb_graph.query import guard

    before = guard._forbidden
    guard._forbidden = False
    monkeypatch.delenv(guard.NETWORK_ENV, raising=False)
    yield
    guard._forbidden = before
