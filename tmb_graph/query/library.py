"""The question library: ``NAME.rq`` (SPARQL) and ``NAME.cypher`` files in ``queries/``.

Every question the project ships exists in both languages, so SPARQL and Cypher users ask the
same thing and the tests can check that both engines give the same answer. A user's own
question may have one half only (a lone ``NAME.rq`` runs on SPARQL); a personal folder is
added with ``--queries DIR`` or the environment variable ``TMB_QUERIES`` (folders separated by
``:``). Each file opens with a header of comment lines (``#`` in SPARQL, ``//`` in Cypher)
that names the question::

    # question: Who held which mandate, for which organisation, in which body on a given date?
    # fråga: Vem innehade vilket mandat, för vilken organisation, i vilket organ ett visst datum?
    # params: at=2019-10-01
    # sections: 3.3, 4.1.1

- ``question`` — the question in English; ``fråga`` (or ``fraga``) — the same in Swedish;
- ``params`` — ``name=example`` items separated by spaces (quote a value with spaces), or
  ``none``; every parameter must occur in the query text (``?name`` / ``$name``);
- ``sections`` — the source sections that answer it, separated by commas.

A header line indented after a field continues that field; other comment lines are free notes.
The two halves of a pair must carry the same header. Every declared parameter is required when
the question is run (:meth:`LibraryQuery.bind`).

Examples
--------
>>> lib = load_library()                                       # doctest: +SKIP
>>> q = next(q for q in lib if q.name == "mandates_at")        # doctest: +SKIP
>>> q.params, q.sections                                       # doctest: +SKIP
({'at': '2019-10-01'}, ('3.2', '3.3', ...))
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tmb_graph.errors import TmbError
from tmb_graph.paths import ROOT
from tmb_graph.query.params import ParamValue, parse_params, typed

#: the default library folder
QUERIES = ROOT / "queries"
#: environment variable naming personal library folders (separated by ``os.pathsep``)
QUERIES_ENV = "TMB_QUERIES"
#: engine name → file suffix of its half
ENGINES: dict[str, str] = {"sparql": ".rq", "cypher": ".cypher"}
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
    sparql : str or None
        Text of ``NAME.rq``, header included (``None``: a Cypher-only question).
    cypher : str or None
        Text of ``NAME.cypher``, header included (``None``: a SPARQL-only question).
    question_en : str
        The question in English.
    question_sv : str
        The question in Swedish.
    params : dict[str, str]
        Parameter names with an example value each, as text (``{"at": "2019-10-01"}``).
    sections : tuple[str, ...]
        Source sections that answer the question (``("3.3", "4.2.1")``).
    folder : Path or None
        The library folder it was read from.
    """

    name: str
    sparql: str | None
    cypher: str | None
    question_en: str
    question_sv: str
    params: dict[str, str]
    sections: tuple[str, ...]
    folder: Path | None = None

    @property
    def engines(self) -> tuple[str, ...]:
        """The engines the question can run on (``("sparql", "cypher")`` for a pair)."""
        return tuple(e for e in ENGINES if self.text_or_none(e) is not None)

    def text_or_none(self, engine: str) -> str | None:
        return self.sparql if engine == "sparql" else self.cypher if engine == "cypher" else None

    def text(self, engine: str | None = None) -> str:
        """The query text for ``engine`` (default: :meth:`default_engine`).

        Raises
        ------
        TmbError
            For an unknown engine, or one the question has no half for.
        """
        engine = engine or self.default_engine()
        if engine not in ENGINES:
            raise TmbError(f"unknown engine '{engine}': choose {' or '.join(ENGINES)}")
        text = self.text_or_none(engine)
        if text is None:
            raise TmbError(
                f"the question '{self.name}' has no {engine} half ({self.name}{ENGINES[engine]}); "
                f"run it with --engine {self.default_engine()}"
            )
        return text

    def default_engine(self) -> str:
        """SPARQL when the question has a SPARQL half, else Cypher."""
        return self.engines[0]

    def bind(self, given: dict[str, ParamValue]) -> dict[str, ParamValue]:
        """Check the parameters given for a run against the header: all present, none unknown.

        Raises
        ------
        TmbError
            For a declared parameter that is missing (with an example ``-p``), a parameter
            the question does not take (with "did you mean"), or a value that is not a date
            where the example is one.

        Examples
        --------
        >>> q = LibraryQuery("q", "SELECT ?at WHERE {}", None, "Q?", "F?", {"at": "2019-10-01"}, ("3.3",))
        >>> q.bind({})
        Traceback (most recent call last):
        tmb_graph.errors.TmbError: the question 'q' needs the parameter 'at': add -p at=2019-10-01
        """
        for name in given:
            if name not in self.params:
                close = difflib.get_close_matches(name, list(self.params), n=1)
                takes = ", ".join(self.params) or "none"
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise TmbError(f"the question '{self.name}' takes no parameter '{name}' (it takes: {takes}){hint}")
        missing = [k for k in self.params if k not in given]
        if missing:
            needs = " ".join(f"-p {k}={self.params[k]}" for k in missing)
            words = "parameter" if len(missing) == 1 else "parameters"
            raise TmbError(
                f"the question '{self.name}' needs the {words} {', '.join(repr(k) for k in missing)}: add {needs}"
            )
        for name, example in self.params.items():
            # a date is compared with dates: anything else would match nothing, silently
            if isinstance(typed(example), dt.date) and not isinstance(given[name], dt.date):
                raise TmbError(
                    f"the question '{self.name}' takes a date for '{name}' (YYYY-MM-DD, e.g. -p {name}={example}), "
                    f"not {given[name]!r}"
                )
        return dict(given)

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
    """Both halves of a pair must carry the same header."""
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


def extra_folders(option: Path | None = None) -> list[Path]:
    """Personal library folders: ``--queries DIR`` first, then those named by ``TMB_QUERIES``.

    Examples
    --------
    >>> extra_folders(Path("my-questions"))                    # doctest: +SKIP
    [PosixPath('my-questions')]
    """
    folders = [option] if option is not None else []
    folders += [Path(p) for p in os.environ.get(QUERIES_ENV, "").split(os.pathsep) if p.strip()]
    return list(dict.fromkeys(folders))


def load_library(folder: Path = QUERIES, extra: Sequence[Path] = ()) -> list[LibraryQuery]:
    """Load every question of a library folder (and of personal ``extra`` folders), by name.

    Parameters
    ----------
    folder : Path
        Folder holding ``NAME.rq`` and ``NAME.cypher`` files (default: ``queries/`` of the
        repository). Other files are ignored.
    extra : sequence of Path
        Further folders, e.g. :func:`extra_folders` (``--queries DIR``, ``TMB_QUERIES``).

    Returns
    -------
    list[LibraryQuery]
        One entry per question, sorted by name; a question may have one half only.

    Raises
    ------
    TmbError
        When a folder does not exist, a name is not lower-case words joined by ``_``, a header
        lacks a field or is malformed, a declared parameter is unused, the two halves' headers
        disagree, or two folders hold a question of the same name.

    Examples
    --------
    >>> [q.name for q in load_library()][:2]                   # doctest: +SKIP
    ['activities_by_status_reason', 'activities_with_reason']
    """
    found: dict[str, LibraryQuery] = {}
    for where in [folder, *extra]:
        for q in _load_folder(where):
            if q.name in found:
                raise TmbError(
                    f"the question '{q.name}' is in both {found[q.name].folder} and {where}; rename one of them"
                )
            found[q.name] = q
    return [found[name] for name in sorted(found)]


def _load_folder(folder: Path) -> list[LibraryQuery]:
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
        read = {suffix: _read(halves[suffix]) for suffix in LANGUAGES if suffix in halves}  # SPARQL first
        if len(read) == 2:
            _compare(name, read[".rq"][1], read[".cypher"][1], folder)
        head = next(iter(read.values()))[1]
        out.append(
            LibraryQuery(
                name,
                read[".rq"][0] if ".rq" in read else None,
                read[".cypher"][0] if ".cypher" in read else None,
                head.question_en,
                head.question_sv,
                head.params,
                head.sections,
                folder,
            )
        )
    return out


def find_question(library: Sequence[LibraryQuery], name: str) -> LibraryQuery:
    """The question called ``name``.

    Raises
    ------
    TmbError
        When there is none, with the closest names ("did you mean") and where to look.
    """
    for q in library:
        if q.name == name:
            return q
    close = difflib.get_close_matches(name, [q.name for q in library], n=3)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise TmbError(f"no question '{name}' in the library{hint} (`tmb query list` lists them)")
