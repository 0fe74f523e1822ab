"""``tmb validate``: schema, rules, evidence, SHACL — in that order, all issues at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from tmb_graph.errors import DataError, DataIssue
from tmb_graph.model.loader import Locator, load_dataset
from tmb_graph.model.records import Dataset
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.validate.evidence import check_evidence, check_sections
from tmb_graph.validate.rules import check_rules
from tmb_graph.validate.shacl import shacl_check


@dataclass
class Validated:
    """A dataset that passed validation, with its graph and what was (not) checked."""

    dataset: Dataset
    locator: Locator
    graph: Graph
    notes: list[str] = field(default_factory=list)


def validate_folder(folder: Path, sources: Path | None = None, shacl: bool = True) -> Validated:
    """Load and validate a programme folder.

    Parameters
    ----------
    folder : Path
        Programme folder (``data/skane-2018-2020``).
    sources : Path, optional
        Folder of source texts; when it holds the document's file, every evidence snippet and
        section heading is checked against it. Otherwise the check is skipped with a note.
    shacl : bool
        Validate the built graph against ``ontology/shapes.ttl`` (default True).

    Returns
    -------
    Validated

    Raises
    ------
    DataError
        Listing every problem found, each with file, line, record id and field.
    """
    dataset, locator = load_dataset(folder)
    notes: list[str] = []
    issues: list[DataIssue] = check_rules(dataset, locator)
    source_file = (sources / dataset.document.file) if sources else None
    text = None
    if source_file is not None and source_file.is_file():
        try:
            text = source_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.reason if isinstance(exc, UnicodeDecodeError) else exc.strerror
            issues.append(
                locator.issue(
                    dataset.document.id,
                    "file",
                    f"the source text {source_file} cannot be read as UTF-8 text ({reason})",
                    "point document.file to the UTF-8 text of the source, or fix that file",
                )
            )
    if source_file is not None and text is not None:
        issues += check_evidence(dataset, locator, text)
        issues += check_sections(dataset, text, str(source_file))
        notes.append(f"evidence snippets and section headings checked against {source_file}")
    else:
        where = source_file or "(no sources folder given)"
        notes.append(f"evidence check skipped: source text not found at {where}")
    if issues:
        raise DataError(issues)
    graph = dataset_to_graph(dataset)
    if shacl:
        issues += shacl_check(graph, locator)
        notes.append("SHACL shapes checked")
    if issues:
        raise DataError(issues)
    return Validated(dataset, locator, graph, notes)
