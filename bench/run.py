"""Benchmarks, side by side in one run: `python bench/run.py [--quick] [--sizes 1,10,105] [--csv FILE]`.

For each workload size (number of synthetic programmes of ~10⁴ triples each: 1 → 10⁴,
10 → 10⁵, 105 → 10⁶ triples) it measures wall time and peak RSS of each step in a fresh child
process (so one step's memory does not hide another's), prints a table, writes CSV, prints the
ratios against the baselines a user would otherwise write, and fits the growth exponent k of
each step (time ∝ size^k) over the sizes.

Steps and their baselines:

- ``validate`` (load + rules, no SHACL) and ``shacl`` (pyshacl, per programme);
- ``build``: our sorted N-Triples writer vs ``rdflib_serialize_nt`` (rdflib's serializer);
- ``sparql_load``: pyoxigraph bulk load vs ``rdflib_parse`` (rdflib in-memory graph);
- ``sparql_groupby``: a GROUP BY on pyoxigraph vs ``rdflib_groupby`` on rdflib's engine.

Steps that need a store another module provides (Cypher loads, the question library, the
analyses, a large view) are registered in :data:`STEPS` by name and skipped with a note when
their module is missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GROUP_BY = """
PREFIX tmb: <https://w3id.org/tmb-graph/ontology#>
SELECT ?status (COUNT(?a) AS ?n) WHERE { ?a tmb:status ?status } GROUP BY ?status ORDER BY ?status
"""


def _folders(work: Path) -> list[Path]:
    return sorted(p for p in work.iterdir() if p.is_dir())


def step_validate(work: Path) -> dict[str, object]:
    from tmb_graph.validate.run import validate_folder

    n = 0
    for folder in _folders(work / "synth"):
        n += len(validate_folder(folder, None, shacl=False).graph)
    return {"triples": n}


def step_shacl(work: Path) -> dict[str, object]:
    from tmb_graph.validate.run import validate_folder

    for folder in _folders(work / "synth"):
        validate_folder(folder, None, shacl=True)
    return {}


def _merged_graph(work: Path):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    from tmb_graph.model.loader import load_dataset
    from tmb_graph.rdf.convert import dataset_to_graph

    g = Graph()
    for folder in _folders(work / "synth"):
        ds, _ = load_dataset(folder)
        dataset_to_graph(ds, g)
    return g


def step_build(work: Path) -> dict[str, object]:
    from tmb_graph.rdf.serialize import to_ntriples

    g = _merged_graph(work)
    (work / "graph.nt").write_text(to_ntriples(g), encoding="utf-8")
    return {"triples": len(g)}


def step_rdflib_serialize_nt(work: Path) -> dict[str, object]:
    g = _merged_graph(work)
    g.serialize(destination=str(work / "graph-rdflib.nt"), format="nt")
    return {"triples": len(g)}


def step_sparql_load(work: Path) -> dict[str, object]:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(work / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return {"quads": len(store)}


def step_rdflib_parse(work: Path) -> dict[str, object]:
    from rdflib import Graph

    g = Graph().parse(work / "graph.nt", format="nt")
    return {"triples": len(g)}


def step_sparql_groupby(work: Path) -> dict[str, object]:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(work / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    t = time.perf_counter()
    rows = list(store.query(GROUP_BY))
    return {"query_s": round(time.perf_counter() - t, 4), "rows": len(rows)}


def step_rdflib_groupby(work: Path) -> dict[str, object]:
    from rdflib import Graph

    g = Graph().parse(work / "graph.nt", format="nt")
    t = time.perf_counter()
    rows = list(g.query(GROUP_BY))
    return {"query_s": round(time.perf_counter() - t, 4), "rows": len(rows)}


STEPS: dict[str, Callable[[Path], dict[str, object]]] = {
    "validate": step_validate,
    "shacl": step_shacl,
    "build": step_build,
    "rdflib_serialize_nt": step_rdflib_serialize_nt,
    "sparql_load": step_sparql_load,
    "rdflib_parse": step_rdflib_parse,
    "sparql_groupby": step_sparql_groupby,
    "rdflib_groupby": step_rdflib_groupby,
}
#: step → its baseline, for the ratio column
BASELINES = {"build": "rdflib_serialize_nt", "sparql_load": "rdflib_parse", "sparql_groupby": "rdflib_groupby"}
#: steps too slow to run at the largest size unless asked (measured once, then noted)
SLOW_AT_SCALE = {"shacl": 10}


def _child(step: str, work: Path) -> dict[str, object]:
    """Run one step in a fresh interpreter; return its timing, peak RSS and extras."""
    code = (
        f"import json,resource,sys,time;from pathlib import Path;sys.path.insert(0,{str(ROOT)!r});import bench.run as b;"
        f"t=time.perf_counter();extra=b.STEPS[{step!r}](Path({str(work)!r}));dt=time.perf_counter()-t;"
        "print(json.dumps({'seconds':dt,'peak_mb':resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,**extra}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _fit(xs: list[float], ys: list[float]) -> float | None:
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest size only (smoke test)")
    parser.add_argument("--sizes", default="1,10,105", help="programmes per size (≈10⁴ triples each)")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated steps")
    parser.add_argument("--csv", type=Path, default=None, help="also write the table as CSV")
    args = parser.parse_args(argv)
    sizes = [1] if args.quick else [int(s) for s in args.sizes.split(",")]
    steps = [s for s in args.steps.split(",") if s]
    from tmb_graph.synth import COUNTIES, synthesise

    rows: list[dict[str, object]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="tmb-bench-") as tmp:
            work = Path(tmp)
            counties = min(size, len(COUNTIES))
            years = math.ceil(size / counties)
            synthesise(counties, years, seed=1, out=work / "synth")
            for step in steps:
                if step in SLOW_AT_SCALE and size > SLOW_AT_SCALE[step]:
                    rows.append({"size": size, "step": step, "note": f"skipped above {SLOW_AT_SCALE[step]} programmes"})
                    continue
                res = _child(step, work)
                rows.append({"size": size, "step": step, **res})
                print(
                    f"  size {size:>4} {step:<22} {res.get('seconds', float('nan')):8.2f} s  {res.get('peak_mb', 0):8.0f} MB  {res.get('error', '')}",
                    flush=True,
                )
    _report(rows, steps, sizes)
    if args.csv:
        keys = sorted({k for r in rows for k in r})
        with args.csv.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=keys)
            w.writeheader()
            w.writerows(rows)
    return 0 if not any("error" in r for r in rows) else 1


def _report(rows: list[dict[str, object]], steps: list[str], sizes: list[int]) -> None:
    print(f"\n{'step':<22}" + "".join(f"{f'{s} prog. s/MB':>22}" for s in sizes) + f"{'k':>8}")
    for step in steps:
        cells, xs, ys = [], [], []
        for size in sizes:
            r = next((r for r in rows if r["step"] == step and r["size"] == size), {})
            sec, mb = r.get("seconds"), r.get("peak_mb")
            cells.append(
                f"{sec:10.2f} / {mb:7.0f}"
                if isinstance(sec, float) and isinstance(mb, float)
                else f"{str(r.get('note') or r.get('error') or '-')[:20]:>20}"
            )
            if isinstance(sec, float):
                xs.append(float(size))
                ys.append(sec)
        k = _fit(xs, ys)
        print(f"{step:<22}" + "".join(f"{c:>22}" for c in cells) + (f"{k:8.2f}" if k is not None else f"{'':>8}"))
    print("\nratios (baseline time / ours):")
    for ours, base in BASELINES.items():
        for size in sizes:
            a = next((r for r in rows if r["step"] == ours and r["size"] == size), {})
            b = next((r for r in rows if r["step"] == base and r["size"] == size), {})
            key = "query_s" if "groupby" in ours else "seconds"
            if isinstance(a.get(key), float) and isinstance(b.get(key), float) and a[key]:
                print(f"  {ours} vs {base} at {size} programmes: {b[key] / a[key]:.1f}x")  # type: ignore[operator]


if __name__ == "__main__":
    raise SystemExit(main())
