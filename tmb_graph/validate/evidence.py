"""Check that every evidence snippet occurs verbatim in the source text.

The source is text extracted from a PDF: lines break mid-sentence and page numbers or
footnotes interleave. Snippets are therefore compared after folding every run of white space
(newlines included) into one space — nothing else is normalised, so a snippet must keep the
source's spelling, punctuation and typos.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from tmb_graph.errors import DataIssue
from tmb_graph.model.loader import Locator
from tmb_graph.model.records import Dataset, Source, records_of

_WS = re.compile(r"\s+")

#: where the source folder is looked for, relative to the repository root
DEFAULT_SOURCES = Path("..") / "shared" / "sources"


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text)} characters)"


def fold(text: str) -> str:
    """Fold white space runs into single spaces and strip the ends.

    Examples
    --------
    >>> fold("a  b\\n c ")
    'a b c'
    """
    return _WS.sub(" ", text).strip()


def sources_of(dataset: Dataset) -> Iterator[tuple[str, str, Source]]:
    """Yield ``(record id, field path, source)`` for every source in the dataset."""
    for rec in records_of(dataset):
        yield rec.id, "source", rec.source


def check_evidence(dataset: Dataset, locator: Locator, source_text: str) -> list[DataIssue]:
    """Return one issue per evidence snippet that is not found in ``source_text``.

    Parameters
    ----------
    dataset : Dataset
        The loaded records.
    locator : Locator
        Where each record was read (for the error's file and line).
    source_text : str
        The full text of the source document.

    Returns
    -------
    list of DataIssue
        Empty when every snippet occurs verbatim (up to white space).
    """
    haystack = fold(source_text)
    issues = []
    for rid, fld, src in sources_of(dataset):
        if src.evidence and fold(src.evidence) not in haystack:
            issues.append(
                locator.issue(
                    rid,
                    f"{fld}.evidence",
                    f"evidence not found verbatim in the source: {_clip(src.evidence)!r}",
                    "copy the snippet exactly from the source text (only white space may differ)",
                )
            )
    return issues


def check_sections(dataset: Dataset, source_text: str, source_file: str) -> list[DataIssue]:
    """Return one issue per declared section whose number and title do not head a source line."""
    lines = {fold(line) for line in source_text.splitlines()}
    issues = []
    for section in dataset.sections:
        heading = fold(f"{section.id} {section.title}")
        if section.id == "foreword":
            heading = fold(section.title)
        if not any(line.startswith(heading) or (heading.startswith(line) and len(line) > 5) for line in lines if line):
            # chapter headings are extracted as "1. Inledning"
            dotted = fold(f"{section.id}. {section.title}")
            if not any(line.startswith(dotted) for line in lines):
                issues.append(
                    DataIssue(
                        source_file,
                        f"section {section.id} '{_clip(section.title)}' does not head any line of the source",
                        "correct the section number or title to match the source's heading",
                        record=section.id,
                        field="sections",
                    )
                )
    return issues
