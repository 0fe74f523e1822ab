"""``tmb validate``: schema, rules, evidence, SHACL — every problem of every stage in one run.

The stages and what stops them:

1. schema (the loader): files that cannot be read or records that do not fit the schema leave
   no dataset to check, so nothing after runs;
2. cross-record rules, snippet rules and the evidence check against the source run together and
   report together;
3. SHACL runs on the built graph unless a cross-record rule failed (a dangling id or a cycle
   would only come back as a second, less precise report of the same problem); evidence
   problems do not stop it.

The evidence check needs the source text. ``sources=None`` means the default folder
(:func:`tmb_graph.paths.default_sources`): when that folder or the document's file in it is
absent the check is skipped with a warning and ``checks["evidence"]`` says "not checked". A
folder given explicitly must exist and hold the document's file, or validation fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from tmb_graph.errors import DataError, DataIssue, TmbError
from tmb_graph.model.loader import Locator, load_dataset
from tmb_graph.model.records import Dataset
from tmb_graph.paths import default_sources
from tmb_graph.rdf.convert import dataset_to_graph
from tmb_graph.rdf.serialize import to_ntriples
from tmb_graph.validate.evidence import SourceText, check_evidence, check_sections, check_snippets
from tmb_graph.validate.rules import check_rules
from tmb_graph.validate.shacl import shacl_check

#: the value of ``checks["evidence"]`` / ``checks["shacl"]`` when a check did not run
NOT_CHECKED = "not checked"


@dataclass
class Validated:
    """A dataset that passed validation, with its graph and what was (not) checked.

    ``checks`` maps each optional check (``evidence``, ``shacl``) to ``"checked"`` or to
    ``"not checked"`` plus the reason; it goes into the build summary. ``warnings`` are what a
    user must see (e.g. the evidence was not checked), ``notes`` the rest.
    """

    dataset: Dataset
    locator: Locator
    graph: Graph
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)
    #: ``graph`` as :func:`~tmb_graph.rdf.serialize.to_ntriples` wrote it for SHACL (None when
    #: SHACL did not run): the build writes the same text rather than serialising again
    ntriples: str | None = None

    @property
    def verdict(self) -> str:
        """``valid``, or what was not checked: ``valid, evidence not checked``.

        Examples
        --------
        >>> Validated(Dataset.model_construct(), Locator(), Graph(),
        ...           checks={"evidence": "not checked: no text", "shacl": "checked"}).verdict
        'valid, evidence not checked'
        """
        missing = [f"{name} not checked" for name, how in self.checks.items() if not how.startswith("checked")]
        return ", ".join(["valid", *missing])

    @property
    def evidence_checked(self) -> bool:
        """True when every snippet and section heading was checked against the source text."""
        return self.checks.get("evidence", "").startswith("checked")


def _explicit_sources(sources: Path) -> None:
    """Refuse a sources folder given explicitly that is not a folder."""
    if not sources.is_dir():
        what = "is not a folder" if sources.exists() else "does not exist"
        raise TmbError(
            f"the sources folder {sources} {what} — fix: give the folder that holds the source text "
            "(e.g. --sources ../shared/sources), or leave --sources out to use the default"
        )


def unread_source(file: str, sources: Path) -> str:
    """Why the evidence was not checked: the source text ``file`` is not in the default folder ``sources``.

    One wording for a fresh build and for a programme a dataset build reuses (which is not read again).

    Examples
    --------
    >>> unread_source("x.txt", Path("/nowhere"))
    'the default sources folder /nowhere does not exist (give --sources DIR or set TMB_SOURCES)'
    """
    if sources.is_dir():
        why = f"the source text '{file}' is not in the default sources folder {sources}"
    else:
        why = f"the default sources folder {sources} does not exist"
    return why + " (give --sources DIR or set TMB_SOURCES)"


def evidence_warning(why: str) -> str:
    """The warning of a build whose evidence was not checked, for the reason ``why``."""
    return f"evidence NOT checked: {why}"


def _read_source(
    dataset: Dataset, locator: Locator, sources: Path, explicit: bool
) -> tuple[str | None, Path, list[DataIssue], str | None]:
    """(text or None, its path, issues, why it was not read) for the document's source file."""
    source_file = sources / dataset.document.file
    if not source_file.is_file():
        if explicit:
            issue = locator.issue(
                dataset.document.id,
                "file",
                f"the source text '{dataset.document.file}' is not in the sources folder {sources}",
                "correct document.file, or give the folder that holds it with --sources",
            )
            return None, source_file, [issue], None
        return None, source_file, [], unread_source(dataset.document.file, sources)
    try:
        return source_file.read_text(encoding="utf-8"), source_file, [], None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else exc.strerror
        issue = locator.issue(
            dataset.document.id,
            "file",
            f"the source text {source_file} cannot be read as UTF-8 text ({reason})",
            "point document.file to the UTF-8 text of the source, or fix that file",
        )
        return None, source_file, [issue], None


def validate_folder(folder: Path, sources: Path | None = None, shacl: bool = True) -> Validated:
    """Load and validate a programme folder.

    Parameters
    ----------
    folder : Path
        Programme folder (``data/skane-2018-2020``).
    sources : Path, optional
        Folder of source texts. Given, it must exist and hold the document's file: every
        evidence snippet is then checked against its cited section and every section heading
        against the text. None (the default) uses :func:`tmb_graph.paths.default_sources`; where
        that folder or file is absent the evidence check is skipped with a warning and recorded
        as not checked in :attr:`Validated.checks`.
    shacl : bool
        Validate the built graph against ``ontology/shapes.ttl`` (default True).

    Returns
    -------
    Validated

    Raises
    ------
    TmbError
        When ``sources`` is given but is not a folder.
    DataError
        Listing every problem found, each with file, line, record id and field.

    Examples
    --------
    >>> v = validate_folder(Path("data/skane-2018-2020"))            # doctest: +SKIP
    >>> v.checks                                                     # doctest: +SKIP
    {'evidence': 'checked', 'shacl': 'checked'}
    """
    explicit = sources is not None
    if sources is not None:
        _explicit_sources(sources)
    dataset, locator = load_dataset(folder)
    notes: list[str] = []
    warnings: list[str] = []
    checks: dict[str, str] = {}
    rule_issues = check_rules(dataset, locator)
    issues: list[DataIssue] = rule_issues + check_snippets(dataset, locator)
    text, source_file, read_issues, why = _read_source(dataset, locator, sources or default_sources(), explicit)
    issues += read_issues
    if text is not None:
        src = SourceText(text, dataset.sections)
        issues += check_evidence(dataset, locator, src)
        issues += check_sections(dataset, src, str(source_file))
        notes.append(f"evidence snippets and section headings checked against {source_file}")
        checks["evidence"] = "checked"
    elif why is not None:  # default folder without the text (an unreadable text is an issue above)
        warnings.append(evidence_warning(why))
        # no folder in the summary: it must not carry local paths
        checks["evidence"] = f"{NOT_CHECKED}: source text '{dataset.document.file}' not found"
    graph = dataset_to_graph(dataset) if not rule_issues else Graph()
    ntriples = None
    if shacl and not rule_issues:
        ntriples = to_ntriples(graph)
        issues += shacl_check(graph, locator, ntriples)
        notes.append("SHACL shapes checked")
        checks["shacl"] = "checked"
    else:
        checks["shacl"] = NOT_CHECKED
    if issues:
        raise DataError(issues)
    return Validated(dataset, locator, graph, notes, warnings, checks, ntriples)
