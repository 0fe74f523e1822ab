"""``tmb build``: validate a programme and write its graph, atomically and deterministically."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS

from tmb_graph.io import atomic_directory, check_output_dir, visible_entries
from tmb_graph.rdf.namespaces import TMB
from tmb_graph.rdf.serialize import context_file, to_jsonld, to_ntriples, to_turtle
from tmb_graph.validate.run import Validated, validate_folder

#: files a build writes, in order (plus the marker :data:`tmb_graph.io.MARKER`)
OUTPUTS = ("graph.ttl", "graph.nt", "graph.jsonld", "context.jsonld", "summary.json")
#: the file `tmb neo4j load` keeps beside the graph it loads, to resume an interrupted load
CHECKPOINT = "neo4j-load.checkpoint.json"
#: the command that owns a build folder (written into its marker)
COMMAND = "build"


def is_earlier_build(folder: Path) -> bool:
    """Whether ``folder`` is the output of an earlier ``tmb build``, which wrote no marker.

    True when it holds only build files (and a Neo4j load checkpoint), and its ``summary.json``
    lists SHA-256 sums that match every other file. Such a folder may be replaced by a new
    build: nothing in it is the user's own.
    """
    names = set(visible_entries(folder))
    if "summary.json" not in names or not names <= {*OUTPUTS, CHECKPOINT}:
        return False
    try:
        files = json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("files")
        if not isinstance(files, dict) or names - {"summary.json", CHECKPOINT} - set(files):
            return False
        return all(
            name in OUTPUTS and hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
            for name, digest in files.items()
        )
    except (OSError, ValueError, AttributeError):
        return False


@dataclass
class BuildSummary:
    """What a build wrote: counts by type, files and their SHA-256."""

    out: Path
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: what the user must see, e.g. that the evidence was not checked against the source
    warnings: list[str] = field(default_factory=list)
    #: which optional checks ran (``evidence``, ``shacl``): "checked" or "not checked: why"
    checks: dict[str, str] = field(default_factory=dict)


def _local(node: object) -> str:
    return str(node).rsplit("-", 1)[-1]


def graph_counts(graph: Graph) -> dict[str, int]:
    """Counts by type, read from the graph (what a user can also query).

    Returns organisations, bodies (and per body kind), persons, posts, memberships, activities
    (and per status), performed activities, plans, reaches, distinct recipients, target groups,
    goals and triples.
    """

    def n(cls: URIRef) -> int:
        return len(set(graph.subjects(RDF.type, cls)))

    counts: dict[str, int] = {
        "organisations": n(ORG.FormalOrganization),
        "bodies": n(TMB.Body),
        "persons": n(FOAF.Person),
        "posts": n(ORG.Post),
        "memberships": n(ORG.Membership),
        "activities": n(TMB.Activity),
        "activities_happened": n(PROV.Activity),
        "activities_plans": n(PROV.Plan),
        "reaches": n(TMB.Reach),
        "recipients": len(set(graph.objects(None, TMB.recipient))),
        "target_groups": n(TMB.TargetGroup),
        "goals": n(TMB.Goal),
        "ideal_layers": n(TMB.IdealLayer),
        "source_sections": n(TMB.SourceSection),
        "triples": len(graph),
    }
    kinds = Counter(_local(graph.value(b, ORG.classification)) for b in graph.subjects(RDF.type, TMB.Body))
    counts |= {f"bodies.{k}": v for k, v in sorted(kinds.items())}
    statuses = Counter(_local(graph.value(a, TMB.status)) for a in graph.subjects(RDF.type, TMB.Activity))
    counts |= {f"activities.{k}": v for k, v in sorted(statuses.items())}
    _ = SKOS  # concepts are not counted: they live in ontology/concepts.ttl
    return counts


def graph_texts(validated: Validated) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """The texts of the files a build writes (:data:`OUTPUTS`), its counts and the files' SHA-256.

    One function for one programme's files, so ``tmb build PROGRAMME`` and a dataset build
    (:mod:`tmb_graph.dataset`), which writes each programme's files beside the others, give
    byte-identical files.
    """
    g = validated.graph
    ns = validated.dataset.namespace
    counts = graph_counts(g)
    nt = validated.ntriples
    # not written for SHACL, or the graph changed since (len() of the SimpleMemory graph walks it: once)
    if nt is None or nt.count("\n") != counts["triples"]:
        nt = to_ntriples(g)
    texts = {
        "graph.ttl": to_turtle(g),
        "graph.nt": nt,
        "graph.jsonld": to_jsonld(g, ns),
        "context.jsonld": context_file(ns),
    }
    files = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in texts.items()}
    # a graph built without the source text is not plainly "valid": say what was not checked
    summary = {
        "namespace": ns,
        "counts": counts,
        "files": files,
        "validation": validated.verdict,
        "checks": validated.checks,
    }
    texts["summary.json"] = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return texts, counts, files


def write_files(folder: Path, texts: Mapping[str, str | bytes], names: Iterable[str] = OUTPUTS) -> None:
    """Write ``names`` (a build's :data:`OUTPUTS`) from ``texts`` (text or its UTF-8 bytes) into
    ``folder`` (a temporary being made)."""
    for name in names:
        text = texts[name]
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def write_graph(validated: Validated, out: Path, reads: tuple[Path, ...] = ()) -> BuildSummary:
    """Write the graph files of a validated dataset to ``out`` in one atomic step.

    ``out`` must be new, empty, or an earlier build (see :func:`tmb_graph.io.check_output_dir`);
    ``reads`` are the inputs it may not overlap.
    """
    texts, counts, files = graph_texts(validated)
    with atomic_directory(out, COMMAND, reads=reads, earlier=is_earlier_build) as tmp:
        write_files(tmp, texts)
    return BuildSummary(out, counts, files, validated.notes, validated.warnings, validated.checks)


def build(folder: Path, out: Path, sources: Path | None = None, shacl: bool = True) -> BuildSummary:
    """Validate ``folder`` and write Turtle, N-Triples, JSON-LD (+ context) and a summary to ``out``.

    Parameters
    ----------
    folder : Path
        Programme folder.
    out : Path
        Output directory; replaced as a whole only when the build succeeds. It must be new,
        empty, or the output of an earlier build: anything else is refused before validating.
    sources : Path, optional
        Folder of source texts for the evidence check; None uses the default folder and, where
        it is absent, records ``"evidence": "not checked: …"`` in ``summary.json`` (see
        :func:`tmb_graph.validate.run.validate_folder`).
    shacl : bool
        Run the SHACL shapes (default True).

    Returns
    -------
    BuildSummary

    Raises
    ------
    DataError
        When validation fails (``out`` is left untouched).
    OutputError
        When ``out`` may not be written (see :func:`tmb_graph.io.check_output_dir`).
    """
    reads = (folder,)
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_build)  # refuse before the slow part
    return write_graph(validate_folder(folder, sources, shacl), out, reads)
