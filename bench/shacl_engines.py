"""pySHACL vs pyrudof (a Rust SHACL engine on PyPI) on the project's shapes: verdicts and time.

``PYTHONPATH=DIR python -m bench.shacl_engines [SYNTH_FOLDER]`` with pyrudof importable from DIR
(it is not a dependency of the project). Compares, on the same data graph (the built graph plus
the concepts and the ontology terms, as :func:`tmb_graph.validate.shacl.shacl_check` gives
pySHACL), the set of (focus node, path, constraint) violations of both engines:

* the real programme (``data/skane-2018-2020``);
* every synthetic programme of SYNTH_FOLDER (``tmb synth`` output), if given;
* the minimal programme broken in ways that reach the graph (the broken-data kinds of
  ``tests/validate/test_broken_data.py`` whose YAML still loads, converted even when a rule
  fails), and graphs broken directly: a required property removed, a literal of the wrong
  datatype, a node of the wrong class.

Prints one line per graph: triples, violations per engine, whether they agree, seconds each.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from tmb_graph.model.loader import load_dataset
from tmb_graph.ontology import concepts, shapes, terms
from tmb_graph.paths import ROOT, default_data
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.rdf.namespaces import TMB

Violation = tuple[str, str, str]


def _data(graph: Graph) -> Graph:
    data = Graph()
    for source in (graph, concepts(), terms()):
        for triple in source:
            data.add(triple)
    return data


def with_pyshacl(graph: Graph) -> tuple[set[Violation], float, list[str]]:
    data = Graph()
    for source in (graph, concepts()):
        for triple in source:
            data.add(triple)
    t = time.perf_counter()
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), ont_graph=terms(), inference="none", advanced=True)
    dt = time.perf_counter() - t
    found = set()
    messages = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        comp = str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        found.add((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath) or ""), comp))
        messages.append(str(report.value(r, SH.resultMessage)))
    return found, dt, messages


def with_pyrudof(graph: Graph) -> tuple[set[Violation], float, list[str]]:
    import pyrudof

    text = _data(graph).serialize(format="nt")
    shapes_text = shapes().serialize(format="turtle")
    t = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes_text)
    report = rudof.validate_shacl()
    dt = time.perf_counter() - t
    found = set()
    messages = []
    for v in report.violations:
        comp = str(v.constraint_component).strip("<>").rsplit("#", 1)[-1].rsplit(":", 1)[-1]
        found.add((str(v.focus_node).strip("<>"), str(v.path or "").strip("<>"), comp))
        messages.append(str(v.message))
    return found, dt, messages


def _broken_graphs() -> list[tuple[str, Graph]]:
    """The minimal programme broken in ways that reach the graph."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import MINI
    from tests.validate.test_broken_data import CASES

    out = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "mini"
            shutil.copytree(MINI, folder)
            case.mutate(folder)
            try:
                dataset, _ = load_dataset(folder)
                graph = dataset_to_graph(dataset)
            except Exception:  # fails before the graph exists: not a SHACL case
                continue
            out.append((f"broken: {case.name}", graph))
    base, _ = load_dataset(MINI)
    good = dataset_to_graph(base)

    def broken(name: str, change: Callable[[Graph], None]) -> None:
        g = Graph()
        for triple in good:
            g.add(triple)
        change(g)
        out.append((f"graph: {name}", g))

    def drop(pred: URIRef) -> Callable[[Graph], None]:
        def change(g: Graph) -> None:
            g.remove((None, pred, None))

        return change

    def retype(g: Graph) -> None:
        for s, p, o in list(g.triples((None, TMB.earliest, None))):
            g.remove((s, p, o))
            g.add((s, p, Literal(str(o), datatype=XSD.string)))

    def reclass(g: Graph) -> None:
        for s in list(g.subjects(RDF.type, TMB.Body)):
            g.remove((s, RDF.type, TMB.Body))

    broken("no status", drop(TMB.status))
    broken("dates as strings", retype)
    broken("bodies without their class", reclass)
    broken("no derivations", drop(URIRef("http://www.w3.org/ns/prov#qualifiedDerivation")))
    return out


def main(argv: list[str]) -> int:
    graphs: list[tuple[str, Graph]] = [("real: skane-2018-2020", dataset_to_graph(load_dataset(default_data())[0]))]
    if argv:
        for folder in sorted(Path(argv[0]).iterdir()):
            if folder.is_dir():
                graphs.append((f"synthetic: {folder.name}", dataset_to_graph(load_dataset(folder)[0])))
    graphs += _broken_graphs()
    same = 0
    totals = [0.0, 0.0]
    for name, graph in graphs:
        a, ta, ma = with_pyshacl(graph)
        b, tb, mb = with_pyrudof(graph)
        totals[0] += ta
        totals[1] += tb
        same += a == b
        print(
            f"{name:45} {len(graph):6} tr.  pyshacl {len(a):3} ({ta:5.2f} s)  pyrudof {len(b):3} ({tb:5.2f} s)  "
            f"{'same' if a == b else 'DIFFERENT'}"
        )
        if a != b:
            print("   only pyshacl:", sorted(a - b)[:3], "\n   only pyrudof:", sorted(b - a)[:3])
        if a and b:
            print("   pyshacl says:", ma[0][:150], "\n   pyrudof says:", mb[0][:150])
    print(f"{same}/{len(graphs)} graphs with the same violations; pyshacl {totals[0]:.1f} s, pyrudof {totals[1]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
