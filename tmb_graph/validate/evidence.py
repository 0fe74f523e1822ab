"""Check that every evidence snippet says something and stands, verbatim, where it is cited.

Three rules, each in one place:

* :func:`snippet_problem` — a snippet must carry distinctive content: at least
  :data:`MIN_WORDS` words and :data:`MIN_CHARS` characters, of which at least
  :data:`MIN_CONTENT_WORDS` are not common Swedish or English function words
  (:data:`STOPWORDS`). A blank snippet, or "och", proves nothing: it occurs everywhere.
  This rule needs no source text and always runs (:func:`check_snippets`).
* :func:`check_evidence` — the snippet occurs verbatim in the *cited* part of the source:
  the span of ``source.section`` (from its heading to the next heading that is not one of its
  subsections, so chapter ``4`` includes §4.1–§4.7) plus, when ``source.footnote`` is given,
  the text of that footnote wherever the PDF placed it. Footnotes whose marker stands inside
  a section count as part of it. A snippet copied from another section is reported with the
  section where it does stand.
* :func:`check_sections` — every declared section's number and title head a line of the source.

The source is text extracted from a PDF: lines break mid-sentence and page numbers or
footnotes interleave. Snippets are therefore compared after folding every run of white space
(newlines included) into one space — nothing else is normalised, so a snippet must keep the
source's spelling, punctuation and typos.

How the text is cut into sections (see :class:`SourceText`): a heading is a line that starts
with ``<number> <title>`` or ``<number>. <title>`` (``foreword``: the title alone) as declared
under ``sections:``; a footnote's text is a line ``<n> <text>`` not directly after a footnote
marker (the PDF extraction writes markers as ``…text.13F13F`` followed by a line starting with
the number), continued by the following lines up to a blank line, an indented line or the
next footnote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tmb_graph.errors import DataIssue
from tmb_graph.model.loader import Locator
from tmb_graph.model.records import Dataset, Section, Source, records_of

_WS = re.compile(r"\s+")

#: a snippet needs at least this many words ...
MIN_WORDS = 3
#: ... and this many characters (after folding white space) ...
MIN_CHARS = 15
#: ... and at least this many words that are not in :data:`STOPWORDS` (not only function words)
MIN_CONTENT_WORDS = 1

#: function words that say nothing about where a snippet stands (Swedish, plus a few English)
_FUNCTION_WORDS = """
    och i att det som en ett på är av för med till den de inte om han hon men var sig från vi
    så kan man när år under också efter eller nu sin sitt sina där vid mot ska skall skulle
    kommer ut får finns vara var varit hade har blev bli blir alla andra än här då sedan över
    bara in upp även vad två tre hur mer detta dessa denna dem deras dess bland genom del hela
    annat fram ingen inga något några någon samt både respektive således dock redan mycket
    the a an of and or to in on at for with by from is are was were be as that this it not
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())

#: the line after a footnote marker (``…uppdrag.0F0F`` / ``…förvaltning.3F``) repeats its number
_MARKER_END = re.compile(r"\d+F(?:\d+F)?\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,3}) +\S")
#: a footnote's text runs over at most this many lines (a guard against a missed end)
_MAX_FOOTNOTE_LINES = 12


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
    """Yield ``(record id, field path, source)`` for every source in the dataset (nested ones
    too: a goal's ``assessment_source``, an activity's ``status_source``, a body's readings)."""
    for rec in records_of(dataset):
        for path, src in rec.sources():
            yield rec.id, path, src


# -- 1. a snippet must say something ----------------------------------------------------------

_WORD = re.compile(r"\w+")


def snippet_problem(evidence: str) -> str | None:
    """Why ``evidence`` is too weak to locate a fact, or None when it is fine.

    The rule: after folding white space a snippet has at least :data:`MIN_WORDS` words and
    :data:`MIN_CHARS` characters, and at least :data:`MIN_CONTENT_WORDS` of its words are not
    function words (:data:`STOPWORDS`).

    Examples
    --------
    >>> snippet_problem("Landshövdingen är styrgruppens ordförande.") is None
    True
    >>> snippet_problem("   ")
    'evidence is blank'
    >>> snippet_problem("och")
    "evidence 'och' is too short to locate anything (1 word(s), 3 character(s))"
    >>> snippet_problem("och i det att som den")
    "evidence 'och i det att som den' has only common words"
    """
    text = fold(evidence)
    if not text:
        return "evidence is blank"
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS or len(text) < MIN_CHARS:
        return f"evidence {text!r} is too short to locate anything ({len(words)} word(s), {len(text)} character(s))"
    content = [w for w in words if w.lower() not in STOPWORDS]
    if len(content) < MIN_CONTENT_WORDS:
        return f"evidence {_clip(text, 80)!r} has only common words"
    return None


SNIPPET_FIX = (
    f"quote at least {MIN_WORDS} words and {MIN_CHARS} characters of the source, "
    "not only common words such as 'och', 'i', 'att' (or leave evidence out)"
)


def check_snippets(dataset: Dataset, locator: Locator) -> list[DataIssue]:
    """One issue per snippet that is blank, too short or only common words (:func:`snippet_problem`).

    Needs no source text: runs even when the evidence cannot be checked against the source.
    """
    issues = []
    for rid, fld, src in sources_of(dataset):
        if src.evidence is not None:
            problem = snippet_problem(src.evidence)
            if problem:
                issues.append(locator.issue(rid, f"{fld}.evidence", problem, SNIPPET_FIX))
    return issues


# -- 2. the source text cut into sections and footnotes ---------------------------------------


def _section_key(section_id: str) -> tuple[int, ...]:
    """Document order of section ids: the foreword first, then by number."""
    return () if section_id == "foreword" else tuple(int(p) for p in section_id.split("."))


def _inside(child: str, parent: str) -> bool:
    """True when section ``child`` is ``parent`` or one of its subsections."""
    return child == parent or (parent != "foreword" and child.startswith(parent + "."))


def _parent(section_id: str) -> str | None:
    return section_id.rsplit(".", 1)[0] if "." in section_id else None


def _heading_forms(section: Section) -> tuple[str, ...]:
    """How ``section``'s heading may be written: ``4.1 Title``, ``1. Inledning``, ``Förord``."""
    if section.id == "foreword":
        return (fold(section.title),)
    # chapter headings are extracted as "1. Inledning"
    return fold(f"{section.id} {section.title}"), fold(f"{section.id}. {section.title}")


def _is_heading(line: str, forms: tuple[str, ...]) -> bool:
    """True when the folded ``line`` starts with a heading form, or is the first part of a
    heading whose title wraps onto the next line."""
    return bool(line) and any(line.startswith(f) or (f.startswith(line) and len(line) > 5) for f in forms)


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0].rstrip(".")


@dataclass
class SourceText:
    """The source text with the lines each section and footnote spans.

    Parameters
    ----------
    text : str
        The full source text.
    sections : list of Section
        The declared sections, in any order.

    Examples
    --------
    >>> src = SourceText("1 Inledning\\nA text.\\n1.1 Del\\nB text.\\n2 Slut\\nC.\\n",
    ...                  [Section(id="1", title="Inledning"), Section(id="1.1", title="Del"),
    ...                   Section(id="2", title="Slut")])
    >>> src.contains("B text.", "1"), src.contains("A text.", "1.1"), src.contains("C.", "1")
    (True, False, False)
    >>> src.where("A text.")
    ['1']
    """

    text: str
    sections: list[Section]
    #: the source's lines
    lines: list[str] = field(init=False)
    #: section id → line index of its heading (declared sections that head no line are absent)
    headings: dict[str, int] = field(init=False)
    #: footnote number → (first line, end line) of its text
    footnotes: dict[int, tuple[int, int]] = field(init=False)
    #: footnote number → line index of its marker in the running text
    markers: dict[int, int] = field(init=False)
    _cache: dict[tuple[str, int | None], str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()
        folded = [fold(line) for line in self.lines]
        # a heading's line starts with the section number (or the foreword's title): look there only
        by_word: dict[str, list[int]] = {}
        for i, text in enumerate(folded):
            if text:
                by_word.setdefault(_first_word(text), []).append(i)
        self.headings = {}
        for section in self.sections:
            forms = _heading_forms(section)
            candidates = by_word.get(_first_word(forms[0]), [])
            line = next((i for i in candidates if _is_heading(folded[i], forms)), None)
            if line is not None:
                self.headings[section.id] = line
        self._find_footnotes()

    def _find_footnotes(self) -> None:
        self.footnotes, self.markers = {}, {}
        previous = ""
        bodies: dict[int, list[int]] = {}
        headings = set(self.headings.values())  # "2 Avslutning" is a heading, not footnote 2
        for i, line in enumerate(self.lines):
            m = _NUMBERED.match(line) if i not in headings else None
            if m:
                number = int(m.group(1))
                if _MARKER_END.search(previous):
                    self.markers.setdefault(number, i)
                else:
                    bodies.setdefault(number, []).append(i)
            if line.strip():
                previous = line
        for number, starts in bodies.items():
            marker = self.markers.get(number, -1)
            start = next((s for s in starts if s > marker), starts[0])
            end = start + 1
            while end < len(self.lines) and end - start < _MAX_FOOTNOTE_LINES:
                nxt = self.lines[end]
                if not nxt.strip() or nxt[:1].isspace() or _NUMBERED.match(nxt) or end in headings:
                    break
                end += 1
            self.footnotes[number] = (start, end)

    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        """Section id → (heading line, end line): up to the next heading outside the section."""
        order = sorted(self.headings.items(), key=lambda kv: kv[1])
        spans = {}
        for k, (sid, start) in enumerate(order):
            end = next((line for other, line in order[k + 1 :] if not _inside(other, sid)), len(self.lines))
            spans[sid] = (start, end)
        return spans

    def span_of(self, section_id: str) -> tuple[int, int]:
        """Lines of ``section_id``; an unlocated section falls back to its parent, then the whole text."""
        sid: str | None = section_id
        while sid is not None:
            if sid in self.spans:
                return self.spans[sid]
            sid = _parent(sid)
        return (0, len(self.lines))

    def _lines(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end])

    def haystack(self, section_id: str, footnote: int | None = None) -> str:
        """The folded text a record citing ``section_id`` (and ``footnote``) may quote."""
        key = (section_id, footnote)
        if key not in self._cache:
            start, end = self.span_of(section_id)
            parts = [self._lines(start, end)]
            # footnotes referred to from inside the section, wherever the page put their text
            for number, line in self.markers.items():
                if start <= line < end and number in self.footnotes:
                    parts.append(self._lines(*self.footnotes[number]))
            if footnote is not None and footnote in self.footnotes:
                parts.append(self._lines(*self.footnotes[footnote]))
            self._cache[key] = " \n ".join(fold(p) for p in parts)
        return self._cache[key]

    def contains(self, snippet: str, section_id: str, footnote: int | None = None) -> bool:
        """True when ``snippet`` stands (up to white space) in the cited section or footnote."""
        return fold(snippet) in self.haystack(section_id, footnote)

    @cached_property
    def _whole(self) -> str:
        return fold(self.text)

    def anywhere(self, snippet: str) -> bool:
        """True when ``snippet`` stands anywhere in the source (up to white space)."""
        return fold(snippet) in self._whole

    def where(self, snippet: str) -> list[str]:
        """The most specific located sections whose text holds ``snippet`` (empty: nowhere)."""
        needle = fold(snippet)
        if needle not in self._whole:
            return []
        hits = [sid for sid in self.spans if needle in self.haystack(sid)]
        # keep the innermost: drop a section when one of its subsections also holds the snippet
        inner = [s for s in hits if not any(o != s and _inside(o, s) for o in hits)]
        return sorted(inner, key=_section_key)

    def line_range(self, section_id: str) -> str:
        """'lines A–B' of the source (1-based) for a message."""
        start, end = self.span_of(section_id)
        return f"lines {start + 1}–{end}"


def _cited(section_id: str, footnote: int | None) -> str:
    where = "the foreword" if section_id == "foreword" else f"§{section_id}"
    return where + (f" (footnote {footnote})" if footnote is not None else "")


def check_evidence(dataset: Dataset, locator: Locator, source_text: str | SourceText) -> list[DataIssue]:
    """Return one issue per evidence snippet that does not stand in its cited section.

    Parameters
    ----------
    dataset : Dataset
        The loaded records.
    locator : Locator
        Where each record was read (for the error's file and line).
    source_text : str or SourceText
        The full text of the source document, or that text already cut into sections.

    Returns
    -------
    list of DataIssue
        Empty when every snippet occurs verbatim (up to white space) in the section it cites.
        Blank and too-short snippets are left to :func:`check_snippets`.
    """
    src = source_text if isinstance(source_text, SourceText) else SourceText(source_text, dataset.sections)
    issues = []
    for rid, fld, s in sources_of(dataset):
        if not s.evidence or snippet_problem(s.evidence) or src.contains(s.evidence, s.section, s.footnote):
            continue
        found = src.where(s.evidence)
        if not found and src.anywhere(s.evidence):  # e.g. across a heading: in no one section
            message = (
                f"evidence is not in the cited {_cited(s.section, s.footnote)} "
                f"({src.line_range(s.section)} of the source): {_clip(s.evidence, 120)!r}"
            )
            fix = f"cite the section the snippet stands in, or quote a snippet from {_cited(s.section, None)}"
        elif not found:
            message = f"evidence not found verbatim in the source: {_clip(s.evidence)!r}"
            fix = "copy the snippet exactly from the source text (only white space may differ)"
        else:
            shown = ", ".join(_cited(f, None) for f in found[:3]) + (
                f" and {len(found) - 3} more" if len(found) > 3 else ""
            )
            message = (
                f"evidence is not in the cited {_cited(s.section, s.footnote)} "
                f"({src.line_range(s.section)} of the source) but in {shown}: {_clip(s.evidence, 120)!r}"
            )
            fix = (
                f'cite the section the snippet stands in (section: "{found[0]}"), '
                f"or quote a snippet from {_cited(s.section, None)}"
            )
        issues.append(locator.issue(rid, f"{fld}.evidence", message, fix))
    return issues


def check_sections(dataset: Dataset, source_text: str | SourceText, source_file: str) -> list[DataIssue]:
    """Return one issue per declared section whose number and title do not head a source line."""
    src = source_text if isinstance(source_text, SourceText) else SourceText(source_text, dataset.sections)
    issues = []
    for section in _unlocated(dataset.sections, src):
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


def _unlocated(sections: Iterable[Section], src: SourceText) -> Iterator[Section]:
    for section in sections:
        if section.id not in src.headings:
            yield section
