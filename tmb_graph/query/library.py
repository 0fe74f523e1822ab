"""The question library: pairs of ``NAME.rq`` (SPARQL) and ``NAME.cypher`` files in ``queries/``.

Every analyst question exists in both languages, so SPARQL and Cypher users ask the same
thing and the tests can check that both engines give the same answer. Each file opens with a
header of comment lines (``#`` in SPARQL, ``//`` in Cypher) that names the question::

    # question: Who held which mandate, for which organisation, in which body on a given date?
    # fråga: Vem innehade vilket mandat, för vilken organisation, i vilket organ ett visst datum?
    # params: at=2019-10-01
    # sections: 3.3, 4.1.1

- ``question`` — the question in English; ``fråga`` (or ``fraga``) — the same in Swedish;
- ``params`` — ``name=example`` items separated by spaces (quote a value with spaces), or
  ``none``; every parameter must occur in the query text (``?name`` / ``$name``);
- ``sections`` — the source sections that answer it, separated by commas.

A header line indented after a field continues that field; other comment lines are free notes.
The two halves of a pair must carry the same header.

Examples
--------
>>> lib = load_library()                                       # doctest: +SKIP
>>> q = next(q for q in lib if q.name == "mandates_at")        # doctest: +SKIP
>>> q.params, q.sections                                       # doctest: +SKIP
({'at': '2019-10-01'}, ('3.2', '3.3', ...))
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from tmb_graph.errors import TmbError
from tmb_graph.paths import ROOT
from tmb_graph.query.params import ParamValue, parse_params

#: the default library folder
QUERIES = ROOT / "queries"
#: file suffix → (language name, comment marker, how a parameter is written in the text)
LANGUAGES: dict[str, tuple[str, str, str]] = {
    ".rq": ("SPARQL", "#", "?"),
    ".cypher": ("Cypher", "//", "$"),
}
#: header field → canonical key (``fraga`` is accepted for keyboards without å)
FIELDS: dict[str, str] = {
    "question": "question",
    "fråga": "fråga",
    "fraga": "fråga",
    "params": "params",
    "sections": "sections",
}
_FIELD_LINE = re.compile(r"^(?P<key>[A-Za-zåäöÅÄÖ_]+)\s*:\s*(?P<value>.*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SECTION = re.compile(r"^(foreword|[0-9]+(\.[0-9]+)*)$")


@dataclass(frozen=True)
class LibraryQuery:
    """One analyst question in both query languages.

    Parameters
    ----------
    name : str
        The file stem shared by both halves (``mandates_at``).
    sparql : str
        Text of ``NAME.rq``, header included.
    cypher : str
        Text of ``NAME.cypher``, header included.
    question_en : str
        The question in English.
    question_sv : str
        The question in Swedish.
    params : dict[str, str]
        Parameter names with an example value each, as text (``{"at": "2019-10-01"}``).
    sections : tuple[str, ...]
        Source sections that answer the question (``("3.3", "4.2.1")``).
    """

    name: str
    sparql: str
    cypher: str
    question_en: str
    question_sv: str
    params: dict[str, str]
    sections: tuple[str, ...]

    def example_params(self) -> dict[str, ParamValue]:
        """The example parameters, typed as ``--param`` would type them (dates, integers ...).

        Returns
        -------
        dict[str, ParamValue]
            Ready for :meth:`~tmb_graph.query.sparql.SparqlStore.query` and the Cypher store.
        """
        return parse_params([f"{k}={v}" for k, v in self.params.items()])


@dataclass(frozen=True)
class _Header:
    question_en: str
    question_sv: str
    params: dict[str, str]
    sections: tuple[str, ...]


def _header_lines(text: str, marker: str) -> list[str]:
    """The comment lines that open ``text`` (blank lines skipped), without their marker."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith(marker):
            break
        lines.append(raw.strip()[len(marker) :])
    return lines


def _parse_params(value: str, where: str) -> dict[str, str]:
    if value.strip().lower() in ("", "none", "-"):
        return {}
    try:
        items = shlex.split(value)
    except ValueError as exc:
        raise TmbError(
            f"{where}: header 'params' cannot be read ({exc}); write name=value items separated by spaces"
        ) from None
    out: dict[str, str] = {}
    for item in items:
        name, sep, example = item.partition("=")
        if not sep or not _PARAM_NAME.match(name):
            raise TmbError(
                f"{where}: header 'params' item '{item}' is not name=example (e.g. 'params: at=2019-10-01'), "
                "or write 'params: none'"
            )
        if name in out:
            raise TmbError(f"{where}: header 'params' names '{name}' twice")
        out[name] = example
    return out


def _parse_sections(value: str, where: str) -> tuple[str, ...]:
    sections = tuple(s.strip() for s in value.split(",") if s.strip())
    if not sections:
        raise TmbError(f"{where}: header 'sections' is empty; list the source sections, e.g. 'sections: 3.3, 4.2.1'")
    for s in sections:
        if not _SECTION.match(s):
            raise TmbError(f"{where}: header 'sections' item '{s}' is not a section number such as 4.2.1 or 'foreword'")
    return sections


def parse_header(text: str, marker: str, where: str) -> tuple[str, str, dict[str, str], tuple[str, ...]]:
    """Read the header of one query file.

    Parameters
    ----------
    text : str
        The file's text.
    marker : str
        Its comment marker (``#`` or ``//``).
    where : str
        The file, for error messages.

    Returns
    -------
    tuple
        ``(question_en, question_sv, params, sections)``.

    Raises
    ------
    TmbError
        When a field is missing, empty, given twice or malformed.

    Examples
    --------
    >>> parse_header("# question: Q?\\n# fråga: F?\\n# params: none\\n# sections: 3.3\\nSELECT", "#", "x.rq")
    ('Q?', 'F?', {}, ('3.3',))
    """
    values: dict[str, str] = {}
    last: str | None = None
    for line in _header_lines(text, marker):
        m = _FIELD_LINE.match(line.strip())
        key = FIELDS.get(m.group("key").lower()) if m else None
        if m is not None and key is not None:
            if key in values:
                raise TmbError(f"{where}: header field '{key}' is given twice")
            values[key] = m.group("value").strip()
            last = key
        elif last is not None and line.startswith(("  ", "\t")) and line.strip():
            values[last] = f"{values[last]} {line.strip()}".strip()  # continuation of the last field
        else:
            last = None  # a free note ends the field above it
    missing = [k for k in ("question", "fråga", "params", "sections") if k not in values]
    if missing:
        raise TmbError(
            f"{where}: header lacks {', '.join(repr(k) for k in missing)}; open the file with comment lines "
            f"'{marker} question: ...', '{marker} fråga: ...', '{marker} params: name=example (or none)', "
            f"'{marker} sections: 3.3, 4.2.1'"
        )
    for key in ("question", "fråga"):
        if not values[key]:
            raise TmbError(f"{where}: header field '{key}' is empty")
    return (
        values["question"],
        values["fråga"],
        _parse_params(values["params"], where),
        _parse_sections(values["sections"], where),
    )


def _read(path: Path) -> tuple[str, _Header]:
    _, marker, sigil = LANGUAGES[path.suffix]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TmbError(f"{path}: cannot read the query file ({exc})") from None
    q_en, q_sv, params, sections = parse_header(text, marker, str(path))
    for name in params:
        if not re.search(rf"{re.escape(sigil)}{re.escape(name)}\b", text):
            raise TmbError(f"{path}: header declares parameter '{name}' but the query never uses {sigil}{name}")
    return text, _Header(q_en, q_sv, params, sections)


def _compare(name: str, rq: _Header, cy: _Header, folder: Path) -> None:
    for field, a, b in (
        ("question", rq.question_en, cy.question_en),
        ("fråga", rq.question_sv, cy.question_sv),
        ("params", rq.params, cy.params),
        ("sections", rq.sections, cy.sections),
    ):
        if a != b:
            raise TmbError(
                f"{folder}/{name}: the headers of {name}.rq and {name}.cypher disagree on '{field}' "
                f"({a!r} vs {b!r}); both halves must ask the same question"
            )


def load_library(folder: Path = QUERIES) -> list[LibraryQuery]:
    """Load every question pair of a library folder, sorted by name.

    Parameters
    ----------
    folder : Path
        Folder holding ``NAME.rq`` and ``NAME.cypher`` files (default: ``queries/`` of the
        repository). Other files are ignored.

    Returns
    -------
    list[LibraryQuery]
        One entry per pair, sorted by name.

    Raises
    ------
    TmbError
        When the folder does not exist, a name is not lower-case words joined by ``_``, a pair
        lacks its SPARQL or its Cypher half, a header lacks a field or is malformed, a declared
        parameter is unused, or the two halves' headers disagree.

    Examples
    --------
    >>> [q.name for q in load_library()][:2]                   # doctest: +SKIP
    ['activities_by_status_reason', 'activities_with_reason']
    """
    if not folder.is_dir():
        raise TmbError(f"query library folder not found: {folder}")
    stems: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in LANGUAGES:
            stems.setdefault(path.stem, {})[path.suffix] = path
    out: list[LibraryQuery] = []
    for name, halves in sorted(stems.items()):
        if not _NAME.match(name):
            raise TmbError(f"{folder}/{name}: query names are lower-case words joined by '_' (e.g. mandates_at)")
        for suffix, (language, _, _) in LANGUAGES.items():
            if suffix not in halves:
                have = ", ".join(p.name for p in halves.values())
                raise TmbError(
                    f"{folder}: the question '{name}' has {have} but no {name}{suffix}; every question needs "
                    f"both a SPARQL (.rq) and a Cypher (.cypher) half — add the {language} half or remove the other"
                )
        sparql, rq = _read(halves[".rq"])
        cypher, cy = _read(halves[".cypher"])
        _compare(name, rq, cy, folder)
        out.append(LibraryQuery(name, sparql, cypher, rq.question_en, rq.question_sv, rq.params, rq.sections))
    return out
