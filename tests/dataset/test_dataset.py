"""A folder of programme folders builds into one dataset: named graphs, incremental, parallel."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from tests.cli.conftest import Tmb
from tests.conftest import MINI, MINI_SOURCES
from tmb_graph.dataset import PART, build_dataset, is_dataset_folder, parts_digest, validate_dataset
from tmb_graph.errors import DataError
from tmb_graph.pipeline import OUTPUTS, build
from tmb_graph.synth import synthesise


def _programme(root: Path, name: str) -> Path:
    """A copy of the minimal programme under ``root/name`` with its own namespace."""
    dest = root / name
    shutil.copytree(MINI, dest)
    path = dest / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tmb-test/mini/", f"tmb-test/{name}/"), encoding="utf-8")
    return dest


@pytest.fixture
def minis(tmp_path: Path) -> Path:
    """A dataset folder of two small programmes (and a README beside them, which is ignored)."""
    root = tmp_path / "programmes"
    root.mkdir()
    _programme(root, "alpha")
    _programme(root, "beta")
    (root / "README.md").write_text("two programmes\n")
    return root


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two synthetic counties, one year: both have a work group `wg-1`."""
    out = tmp_path_factory.mktemp("synth") / "synth"
    synthesise(2, 1, seed=3, out=out)
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_folder_of_programmes_is_a_dataset_and_a_programme_folder_is_not(minis: Path) -> None:
    assert is_dataset_folder(minis)
    assert not is_dataset_folder(minis / "alpha")


def test_each_programme_lands_in_its_own_named_graph_and_the_same_id_stays_two_nodes(
    synthetic: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph"
    summary = build_dataset(synthetic, out, shacl=False, jobs=2)
    assert list(summary.programmes) == ["stockholm-2021", "uppsala-2021"]
    store = pyoxigraph.Store()
    store.bulk_load(path=str(out / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == {
        "https://w3id.org/tmb-graph/synthetic/stockholm-2021/",
        "https://w3id.org/tmb-graph/synthetic/uppsala-2021/",
    }
    solutions = store.query('SELECT ?g ?wg WHERE { GRAPH ?g { ?wg <http://purl.org/dc/terms/identifier> "wg-1" } }')
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    rows = list(solutions)
    assert len({str(r["wg"].value) for r in rows}) == 2  # one wg-1 per county, never merged
    assert len({str(r["g"].value) for r in rows}) == 2
    # graph.nt (what every command reads) holds both programmes; the totals add up
    union = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(union) == summary.counts["triples"] == len(store)
    assert summary.counts["programmes"] == 2
    assert summary.counts["bodies"] == sum(r.counts["bodies"] for r in summary.programmes.values())
    written = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(written["programmes"]) == {"stockholm-2021", "uppsala-2021"}


def test_every_programme_is_byte_identical_to_its_own_single_build(minis: Path, tmp_path: Path) -> None:
    build_dataset(minis, tmp_path / "dataset", MINI_SOURCES)
    build(minis / "beta", tmp_path / "single", MINI_SOURCES)
    for name in OUTPUTS:
        assert (tmp_path / "dataset/programmes/beta" / name).read_bytes() == (tmp_path / "single" / name).read_bytes()
    # both hold the reference model (its IRIs are shared): graph.nt has each such triple once
    union = (tmp_path / "dataset/graph.nt").read_text(encoding="utf-8").splitlines()
    parts = [(tmp_path / "dataset/programmes" / p / "graph.nt").read_text(encoding="utf-8") for p in ("alpha", "beta")]
    shared = set(parts[0].splitlines()) & set(parts[1].splitlines())
    assert shared and len(union) == len(set(union)) == len(set(parts[0].splitlines()) | set(parts[1].splitlines()))


def test_an_incremental_rebuild_reuses_unchanged_programmes_and_equals_a_clean_build(
    minis: Path, tmp_path: Path
) -> None:
    out, clean = tmp_path / "graph", tmp_path / "clean"
    first = build_dataset(minis, out, MINI_SOURCES, jobs=1)
    assert first.reused == []
    before = {n: (out / n).read_bytes() for n in ("graph.nt", "dataset.nq", "summary.json")}
    again = build_dataset(minis, out, MINI_SOURCES, jobs=1)
    assert again.reused == ["alpha", "beta"]  # nothing changed: nothing validated or built
    assert {n: (out / n).read_bytes() for n in before} == before
    _edit(minis / "beta" / "programme.yaml", '"Miniprogrammet"', '"Miniprogrammet (edited)"')
    edited = build_dataset(minis, out, MINI_SOURCES, jobs=1)
    assert edited.reused == ["alpha"]
    build_dataset(minis, clean, MINI_SOURCES, jobs=1, incremental=False)
    files = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for rel in files:
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel
    # a changed source text is an input too
    source = tmp_path / "sources"
    shutil.copytree(MINI_SOURCES, source)
    build_dataset(minis, out, source, jobs=1)
    (source / "mini-source.txt").write_text((source / "mini-source.txt").read_text() + "\n", encoding="utf-8")
    assert build_dataset(minis, out, source, jobs=1).reused == []


def test_errors_in_two_programmes_are_all_reported_by_name_and_nothing_is_written(minis: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    build_dataset(minis, out, MINI_SOURCES, shacl=False)
    before = (out / "graph.nt").read_bytes()
    _edit(minis / "alpha" / "programme.yaml", '"Miniprogrammet"', '"Miniprogrammet (edited)"')
    text = (minis / "beta" / "programme.yaml").read_text(encoding="utf-8")
    (minis / "beta" / "programme.yaml").write_text(text.replace("namespace:", "namespace: [", 1), encoding="utf-8")
    (minis / "gamma").mkdir()  # a programme folder without data
    with pytest.raises(DataError) as caught:
        build_dataset(minis, out, MINI_SOURCES, shacl=False, jobs=2)
    message = str(caught.value)
    assert "2 of 3 programme(s) failed: beta, gamma" in message
    assert "beta/programme.yaml" in message and "gamma" in message
    assert (out / "graph.nt").read_bytes() == before  # the previous build is untouched
    assert not [p for p in out.parent.iterdir() if ".tmp-" in p.name]


def test_two_programmes_with_one_namespace_are_refused_naming_both(minis: Path, tmp_path: Path) -> None:
    _edit(minis / "beta" / "programme.yaml", "tmb-test/beta/", "tmb-test/alpha/")
    with pytest.raises(DataError, match=r"'beta' declares the namespace .* that programme 'alpha' declares too") as err:
        validate_dataset(minis, MINI_SOURCES, shacl=False)
    assert "name the folder" not in str(err.value)  # one problem, said once: not also a folder to rename


def test_a_programme_folder_is_named_as_its_namespace_ends(tmb: Tmb, minis: Path, tmp_path: Path) -> None:
    # over the union its ids read `beta.<id>`: a folder named otherwise would give it two names
    (minis / "beta").rename(minis / "gamma")
    run = tmb("build", str(minis), "--out", str(tmp_path / "graph"))
    assert run.code == 1 and not (tmp_path / "graph").exists()
    assert "programme folder 'gamma' declares the namespace https://example.org/tmb-test/beta/" in run.stderr
    assert "name the folder 'beta', or end the namespace in programme.yaml with /gamma/" in run.stderr
    assert "Traceback" not in run.stderr
    # a dot in the namespace's last segment would make its qualified ids ambiguous (`a.b.wg-1`)
    (minis / "gamma").rename(minis / "be.ta")
    _edit(minis / "be.ta" / "programme.yaml", "tmb-test/beta/", "tmb-test/be.ta/")
    run = tmb("build", str(minis), "--out", str(tmp_path / "graph"))
    assert run.code == 1 and "segment without dots, such as /be-ta/" in run.stderr


def test_tmb_build_and_validate_take_a_dataset_folder(tmb: Tmb, minis: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    run = tmb("build", str(minis), "--out", str(out), "--sources", str(MINI_SOURCES), "--json").ok()
    document = json.loads(run.stdout)
    assert document["counts"]["programmes"] == 2
    assert set(document["programmes"]) == {"alpha", "beta"}
    assert (out / "programmes" / "alpha" / "graph.ttl").is_file()
    run = tmb("validate", str(minis), "--sources", str(MINI_SOURCES), "--no-shacl").ok()
    assert "2 programmes" in run.stdout
    _edit(minis / "alpha" / "programme.yaml", "namespace:", "namespace: [")
    failed = tmb("build", str(minis), "--out", str(out), "--sources", str(MINI_SOURCES))
    assert failed.code == 1 and failed.stdout == "" and "alpha/programme.yaml" in failed.stderr


def test_the_property_graph_of_a_dataset_qualifies_ids_by_programme_and_keeps_both_work_groups(
    tmb: Tmb, synthetic: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph"
    build_dataset(synthetic, out, shacl=False, jobs=1)
    query = (
        "MATCH (b:Body {kind: 'work_group'}) WHERE b.id ENDS WITH '.wg-1' RETURN b.id AS id, b.programme AS programme"
    )
    run = tmb("query", "cypher", query, "--graph-dir", str(out), "--format", "json").ok()
    rows = sorted((r["id"], r["programme"]) for r in json.loads(run.stdout))
    assert rows == [("stockholm-2021.wg-1", "stockholm-2021"), ("uppsala-2021.wg-1", "uppsala-2021")]
    # a national question answers per programme on both engines
    for engine in ("sparql", "cypher"):
        run = tmb(
            "query", "run", "turnover_by_programme", "--engine", engine, "--graph-dir", str(out), "-f", "json"
        ).ok()
        assert [r["year"] for r in json.loads(run.stdout)] == ["2021", "2021"]


def _fsynced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths every ``os.fsync`` of :mod:`tmb_graph.io` syncs from now on (the real call still runs)."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr("tmb_graph.io.os.fsync", fsync)
    return synced


def test_the_union_files_are_the_programmes_parts_one_after_the_other_and_a_rebuild_equals_a_clean_build(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out, clean = tmp_path / "synth", tmp_path / "graph", tmp_path / "clean"
    shutil.copytree(synthetic, data)
    build_dataset(data, out, shacl=False, jobs=1)
    _edit(data / "uppsala-2021" / "programme.yaml", "(SYNTETISK)", "(SYNTETISK, ändrad)")
    synced = _fsynced(monkeypatch)
    edited = build_dataset(data, out, shacl=False, jobs=1)
    assert edited.reused == ["stockholm-2021"]
    # only what this build wrote is synced again: the reused programme's linked files are not
    assert not [p for p in synced if "/stockholm-2021/" in p]
    assert {Path(p).name for p in synced if "/uppsala-2021/" in p} == {*OUTPUTS, PART}
    assert {"graph.nt", "dataset.nq"} <= {Path(p).name for p in synced}
    build_dataset(data, clean, shacl=False, jobs=1, incremental=False)
    files = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for rel in files:
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel
    # graph.nt and dataset.nq are the programmes' parts in order; summary.json digests the parts
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    names = list(summary["programmes"])
    for union, part in (("graph.nt", "graph.nt"), ("dataset.nq", PART)):
        parts = [(out / "programmes" / n / part).read_bytes() for n in names]
        assert (out / union).read_bytes() == b"".join(parts)
        assert summary["files"][union] == parts_digest(hashlib.sha256(p).hexdigest() for p in parts)
    assert "not hashed whole" in summary["digests"]


def test_a_reused_programme_warns_in_a_fresh_builds_words(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the synthetic source text is in no sources folder: the evidence is not checked, and says why
    empty = tmp_path / "sources"
    empty.mkdir()
    monkeypatch.setenv("TMB_SOURCES", str(empty))
    out = tmp_path / "graph"
    first = build_dataset(synthetic, out, None, shacl=False, jobs=1)
    again = build_dataset(synthetic, out, None, shacl=False, jobs=1)
    assert first.reused == [] and len(again.reused) == 2
    assert again.warnings == first.warnings
    assert len(first.warnings) == 1 and "evidence NOT checked" in first.warnings[0] and str(empty) in first.warnings[0]
    assert not any("shacl" in w.lower() for w in again.warnings)  # --no-shacl is asked for, not warned about


def test_progress_is_told_as_each_programme_is_built_or_reused(minis: Path, tmp_path: Path) -> None:
    out, seen = tmp_path / "graph", []
    build_dataset(
        minis, out, MINI_SOURCES, shacl=False, jobs=1, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 2), (2, 2)]
    seen.clear()
    again = build_dataset(minis, out, MINI_SOURCES, shacl=False, jobs=1, progress=lambda d, t: seen.append((d, t)))
    assert again.reused == ["alpha", "beta"] and seen == [(1, 2), (2, 2)]  # a reused programme counts too
    seen.clear()
    validate_dataset(minis, MINI_SOURCES, shacl=False, jobs=1, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]
