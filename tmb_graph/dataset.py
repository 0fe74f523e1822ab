"""A dataset of programmes: ``tmb build DIR`` / ``tmb validate DIR`` on a folder of programme folders.

A *programme folder* holds ``*.yaml`` files (``data/skane-2018-2020``); a *dataset folder* holds
none itself but programme folders (``data/``, or what ``tmb synth`` writes). Every visible
sub-folder of a dataset folder is a programme, named by its folder name; files beside them
(a README) are ignored.

What a dataset build writes (the same folder a single build uses, ``build/graph/``, so every
command that reads a build reads the whole dataset)::

    build/graph/
      graph.nt                   every programme in one graph (what `tmb query`, `analyse`, ... load)
      dataset.nq                 N-Quads: each programme in its own named graph (its namespace IRI)
      summary.json               per programme (namespace, counts, checks, input hashes) and in total
      programmes/NAME/graph.ttl  graph.nt, graph.jsonld, context.jsonld, summary.json: byte for
                                 byte what `tmb build DIR/NAME` writes
      programmes/NAME/graph.nq   the programme in its named graph: its part of dataset.nq

Ids are qualified by programme already: every record's IRI is its programme's ``namespace:``
plus its id, so ``wg-1`` of two counties are two nodes. Two programmes that declare the same
namespace would merge and are refused, naming both.

**Incremental.** A programme's *inputs* are hashed: its ``*.yaml`` files, the ontology folder
(terms, concepts, shapes), the source text its ``document.file`` names, the tool (its version
and the text of its modules) and the options (SHACL, sources given or default). When the build
being replaced holds the programme with the same input hash, and its files still match their
hashes, they are reused (hard-linked) without validating or building again; the result is byte
for byte that of a clean build. ``graph.nt`` and ``dataset.nq`` are the programmes' parts put one
after the other by the kernel (``copy_file_range``), not rewritten through Python, and are not
hashed whole: ``summary.json`` gives for each the SHA-256 of its parts' SHA-256
(:func:`parts_digest`), so a rebuild after editing one programme costs that programme, not the
dataset.

**Parallel.** Programmes are validated and built in worker processes
(:class:`concurrent.futures.ProcessPoolExecutor`, one per core). Every programme is validated
before anything is written; the errors of all programmes are reported together, each naming its
file (and so its programme); the output folder is swapped in only when every programme passed
(:func:`tmb_graph.io.atomic_directory`), so a failure leaves the previous build untouched.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tmb_graph import __version__
from tmb_graph.errors import DataError, DataIssue, TmbError
from tmb_graph.io import atomic_directory, check_output_dir, owner
from tmb_graph.paths import default_sources, ontology_dir
from tmb_graph.pipeline import COMMAND, OUTPUTS, graph_texts, is_earlier_build, write_files
from tmb_graph.validate.run import Validated, evidence_warning, unread_source, validate_folder

T = TypeVar("T")

#: the sub-folder of a dataset build that holds one folder per programme
PROGRAMMES = "programmes"
#: the dataset's own files beside :data:`PROGRAMMES`
DATASET_OUTPUTS = ("graph.nt", "dataset.nq", "summary.json")
#: a programme's own part of ``dataset.nq`` (its triples in its named graph), kept beside its files
PART = "graph.nq"
#: the files of ``programmes/NAME/``: what ``tmb build DIR/NAME`` writes, and :data:`PART`
PROGRAMME_FILES = (*OUTPUTS, PART)
#: what ``summary.json`` says of the digests of ``graph.nt`` and ``dataset.nq``
DIGEST_NOTE = (
    "files: graph.nt and dataset.nq are not hashed whole; each digest is the SHA-256 of the SHA-256 of "
    "their parts, one per programme in order, one per line (tmb_graph.dataset.parts_digest)"
)
#: the ``kind`` a dataset build's ``summary.json`` carries
KIND = "tmb-dataset"

_TOOL_DIGEST: str | None = None

#: one programme's work for :func:`_one`: name, folder, where to write (None: validate only),
#: sources, shacl, input key
Task = tuple[str, Path, Path | None, Path | None, bool, str]


# -- what is a dataset -----------------------------------------------------------------------


def is_programme_folder(folder: Path) -> bool:
    """Whether ``folder`` holds the ``*.yaml`` files of one programme."""
    return folder.is_dir() and any(folder.glob("*.yaml"))


def is_dataset_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder of programme folders (and not itself a programme).

    Examples
    --------
    >>> is_dataset_folder(Path("data"))                      # doctest: +SKIP
    True
    >>> is_dataset_folder(Path("data/skane-2018-2020"))      # doctest: +SKIP
    False
    """
    return folder.is_dir() and not is_programme_folder(folder) and any(map(is_programme_folder, _subfolders(folder)))


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def programme_folders(folder: Path) -> list[Path]:
    """The programme folders of a dataset folder, sorted by name (every visible sub-folder)."""
    return _subfolders(folder)


def split_iri(iri: str) -> tuple[str, str]:
    """An IRI's namespace and local part (its id): ``(".../stockholm-2021/", "wg-1")``.

    Examples
    --------
    >>> split_iri("https://w3id.org/tmb-graph/synthetic/stockholm-2021/wg-1")
    ('https://w3id.org/tmb-graph/synthetic/stockholm-2021/', 'wg-1')
    """
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return iri[: len(iri) - len(local)], local


def qualifier(namespace: str) -> str:
    """The name that qualifies a programme's ids over a dataset's union: its namespace's last segment.

    Over the union of a dataset, ``wg-1`` recurs in every county, so both engines show a node of
    a programme as ``qualifier.id`` (the property graph's ids, and ``dcterms:identifier`` in the
    union's SPARQL store); within a programme ids stay plain.

    Examples
    --------
    >>> qualifier("https://w3id.org/tmb-graph/synthetic/stockholm-2021/")
    'stockholm-2021'
    """
    return namespace.rstrip("/#").rsplit("/", 1)[-1]


def qualified_id(namespace: str, local: str) -> str:
    """A node's id over a dataset's union: ``qualifier.local`` (the inverse is
    :func:`split_qualified`, which splits at the first dot: a qualifier has none,
    :func:`build_dataset` refuses one that would).

    Examples
    --------
    >>> qualified_id("https://w3id.org/tmb-graph/synthetic/stockholm-2021/", "wg-1")
    'stockholm-2021.wg-1'
    """
    return f"{qualifier(namespace)}.{local}"


def split_qualified(node_id: str, names: Collection[str]) -> tuple[str | None, str]:
    """The programme and local id of an id over a dataset's union (the inverse of
    :func:`qualified_id`); ``(None, node_id)`` when it does not start with one of ``names`` and a dot.

    Examples
    --------
    >>> split_qualified("stockholm-2021.wg-1", {"stockholm-2021"}), split_qualified("wg-1", {"stockholm-2021"})
    (('stockholm-2021', 'wg-1'), (None, 'wg-1'))
    """
    head, dot, local = node_id.partition(".")
    return (head, local) if dot and local and head in names else (None, node_id)


def is_dataset_build(graph_dir: Path) -> bool:
    """Whether ``graph_dir`` holds a dataset build (its ``summary.json`` says so)."""
    return _read_summary(graph_dir) is not None


def built_programmes(graph_dir: Path) -> dict[str, tuple[str, Path]]:
    """The programmes of the dataset build in ``graph_dir``: name → (named graph IRI, its ``graph.nt``).

    Empty when ``graph_dir`` holds no dataset build (one programme, or nothing).
    """
    summary = _read_summary(graph_dir)
    entries = (summary or {}).get("programmes") or {}
    return {
        name: (str(entry.get("graph") or entry.get("namespace")), graph_dir / PROGRAMMES / name / "graph.nt")
        for name, entry in sorted(entries.items())
        if isinstance(entry, dict)
    }


def _read_summary(graph_dir: Path) -> dict[str, Any] | None:
    try:
        summary = json.loads((graph_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) and summary.get("kind") == KIND else None


# -- input hashes ----------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hash_files(paths: Iterable[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(base).as_posix().encode() + b"\0")
        h.update(_sha(path.read_bytes()).encode() + b"\n")
    return h.hexdigest()


#: the modules a build runs (relative to the package): a change in any of them rebuilds everything
BUILD_MODULES = (
    "model",
    "validate",
    "rdf",
    "pipeline.py",
    "dataset.py",
    "ontology.py",
    "paths.py",
    "errors.py",
    "io.py",
)


def tool_digest() -> str:
    """The tool's version and the text of the modules a build runs (:data:`BUILD_MODULES`), hashed.

    Only those: a change to the workbench or the views does not rebuild 126 programmes.
    """
    global _TOOL_DIGEST
    if _TOOL_DIGEST is None:
        package = Path(__file__).resolve().parent
        paths = [
            p for m in BUILD_MODULES for p in ((package / m).rglob("*.py") if (package / m).is_dir() else [package / m])
        ]
        code = _hash_files((p for p in paths if p.is_file()), package)
        _TOOL_DIGEST = _sha(f"{__version__}\0{code}".encode())
    return _TOOL_DIGEST


def input_key(folder: Path, sources: Path | None, shacl: bool) -> str:
    """The hash of what a programme's build depends on, except the source text.

    The source text's file is named inside the YAML, so its hash is kept beside this key
    (:func:`source_digest`) and compared only when the key matches.
    """
    return input_keys([folder], sources, shacl)[0]


def input_keys(folders: list[Path], sources: Path | None, shacl: bool) -> list[str]:
    """:func:`input_key` of each folder, the tool and the ontology hashed once for all."""
    onto = ontology_dir()
    shared = [
        tool_digest(),
        _hash_files((p for p in onto.iterdir() if p.is_file() and not p.name.startswith(".")), onto),
    ]
    options = [f"shacl={shacl}", f"sources={'given' if sources is not None else 'default'}"]
    return [_sha("\n".join([*shared, _hash_files(f.glob("*.yaml"), f), *options]).encode()) for f in folders]


def source_digest(sources: Path | None, file: str) -> str:
    """The hash of the source text ``file`` in the sources folder, or ``absent``."""
    path = (sources or default_sources()) / file
    try:
        return _sha(path.read_bytes())
    except OSError:
        return "absent"


# -- one programme (runs in a worker process) ------------------------------------------------


@dataclass
class ProgrammeResult:
    """What validating (and building) one programme gave: its summary data or its issues."""

    name: str
    namespace: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    validation: str = ""
    checks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    #: (file, message, fix, record, field, line) of every problem; empty when it passed
    issues: list[tuple[str, str, str, str | None, str | None, int | None]] = field(default_factory=list)
    #: True when the files were taken from the previous build (inputs unchanged)
    reused: bool = False
    #: byte size of each file written (a reused programme's files are checked against them)
    sizes: dict[str, int] = field(default_factory=dict)
    #: whether its graph holds triples outside its namespace (the reference model), which other
    #: programmes may hold too: only then is its part of ``graph.nt`` checked for duplicates
    shares: bool = True


def _issue_tuple(i: DataIssue) -> tuple[str, str, str, str | None, str | None, int | None]:
    return (i.file, i.message, i.fix, i.record, i.field, i.line)


def _one(name: str, folder: Path, dest: Path | None, sources: Path | None, shacl: bool, key: str) -> ProgrammeResult:
    """Validate one programme and, when ``dest`` is given, write its build files there."""
    result = ProgrammeResult(name)
    try:
        validated: Validated = validate_folder(folder, sources, shacl)
    except DataError as exc:
        result.issues = [_issue_tuple(i) for i in exc.issues]
        return result
    except TmbError as exc:
        result.issues = [(str(folder), str(exc), "fix the programme folder", None, None, None)]
        return result
    result.namespace = validated.dataset.namespace
    result.validation, result.checks = validated.verdict, validated.checks
    result.notes, result.warnings = validated.notes, validated.warnings
    result.inputs = {"key": key, "source": source_digest(sources, validated.dataset.document.file)}
    result.inputs["source_file"] = validated.dataset.document.file
    if dest is None:
        result.counts = {"triples": len(validated.graph)}
        return result
    texts, result.counts, result.files = graph_texts(validated)
    dest.mkdir(parents=True)
    data = {name: texts[name].encode("utf-8") for name in OUTPUTS}
    # N-Triples escape newlines inside literals, so " .\n" ends a line and nothing else
    data[PART] = data["graph.nt"].replace(b" .\n", f" <{result.namespace}> .\n".encode())
    write_files(dest, data, PROGRAMME_FILES)
    result.files["summary.json"] = _sha(data["summary.json"])
    result.files[PART] = _sha(data[PART])
    result.sizes = {name: len(data[name]) for name in PROGRAMME_FILES}
    own = f"<{result.namespace}"
    result.shares = any(not line.startswith(own) for line in texts["graph.nt"].splitlines())
    return result


# -- reuse -----------------------------------------------------------------------------------


def _reusable(
    old: dict[str, Any] | None, old_dir: Path, name: str, key: str, sources: Path | None
) -> dict[str, Any] | None:
    """The previous build's entry for ``name`` when its inputs are unchanged and its files intact."""
    if old is None:
        return None
    entry = (old.get("programmes") or {}).get(name)
    if not isinstance(entry, dict):
        return None
    inputs, sizes = entry.get("inputs") or {}, entry.get("sizes") or {}
    if inputs.get("key") != key or set(sizes) != set(PROGRAMME_FILES):
        return None
    if source_digest(sources, str(inputs.get("source_file"))) != inputs.get("source"):
        return None
    # outputs are only ever replaced whole, never edited: a file of the recorded size is the
    # one written (hashing 126 programmes' files again would cost more than the rebuild)
    folder = old_dir / PROGRAMMES / name
    try:
        if not all((folder / f).stat().st_size == sizes[f] for f in PROGRAMME_FILES):
            return None
    except OSError:
        return None
    return entry


def _link(src: Path, dst: Path) -> None:
    """Hard-link ``src`` to ``dst`` (outputs are only ever replaced, never changed in place)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


# -- the dataset -----------------------------------------------------------------------------


@dataclass
class DatasetSummary:
    """What a dataset build or validation did: one entry per programme and the totals."""

    out: Path | None
    programmes: dict[str, ProgrammeResult]
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def reused(self) -> list[str]:
        """The programmes taken unchanged from the previous build."""
        return [n for n, r in self.programmes.items() if r.reused]


def _grouped(results: Iterable[ProgrammeResult], what: Callable[[ProgrammeResult], list[str]]) -> list[str]:
    """One line per distinct message, naming the programmes that gave it (126 alike are one)."""
    by: dict[str, list[str]] = {}
    for r in results:
        for text in what(r):
            by.setdefault(text, []).append(r.name)
    return [f"{', '.join(names) if len(names) <= 3 else f'{len(names)} programmes'}: {t}" for t, names in by.items()]


def _jobs(jobs: int | None, n: int) -> int:
    return max(1, min(jobs or os.cpu_count() or 1, n))


class _Stopped(Exception):
    """A programme's result that will not come: the build stopped (the union writer gives up)."""


#: from this many programmes on, :func:`each_programme` reads them in worker processes
PARALLEL_FROM = 8


def each_programme(read: Callable[[Path], T], folders: Sequence[Path], jobs: int | None = None) -> Iterator[T]:
    """``read(folder)`` for each folder, in order; in worker processes (one per core) from
    :data:`PARALLEL_FROM` folders on, since reading and mapping a programme's graph is most of
    the time of a question asked per programme (126 programmes: about 0.3 s of CPU each).

    ``read`` must be a module-level function (it is sent to the workers by name).

    Examples
    --------
    >>> list(each_programme(str, [Path("a"), Path("b")]))
    ['a', 'b']
    """
    workers = max(1, min(jobs or os.cpu_count() or 1, len(folders)))
    if workers == 1 or len(folders) < PARALLEL_FROM:
        yield from map(read, folders)
        return
    # not fork: the caller may hold threads (a FalkorDB watchdog) or Rust threads (pyoxigraph)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(read, folders, chunksize=4)


#: told how many programmes are done of how many (``tmb build DIR``'s progress bar)
Progress = Callable[[int, int], None]


def _ticking(futures: Iterable[Future[ProgrammeResult]], progress: Progress | None) -> None:
    """Call ``progress(done, total)`` as each future settles (a reused programme's at once)."""
    if progress is None:
        return
    pending = list(futures)
    lock, done = threading.Lock(), [0]

    def tick(_: Future[ProgrammeResult]) -> None:
        with lock:
            done[0] += 1
            progress(done[0], len(pending))

    for future in pending:
        future.add_done_callback(tick)


def _run(
    tasks: list[Task], jobs: int | None, futures: dict[str, Future[ProgrammeResult]] | None = None
) -> list[ProgrammeResult]:
    """Run :func:`_one` over ``tasks``, in worker processes when there is more than one.

    ``futures`` (name → future) get each result as soon as it is there, in task order, so that
    another thread can use the first results while the rest are being made; whatever happens,
    every one of them is settled when this returns.
    """
    futures = futures if futures is not None else {t[0]: Future() for t in tasks}
    results = []
    try:
        workers = _jobs(jobs, len(tasks))
        if workers == 1:
            for t in tasks:
                results.append(_one(*t))
                futures[t[0]].set_result(results[-1])
            return results
        # not fork: a process that already ran pyrudof (Rust threads) can deadlock in a forked child;
        # workers fork from a fresh server that has imported the build's modules once
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            submitted = [(t[0], pool.submit(_one, *t)) for t in tasks]
            for name, future in submitted:
                results.append(future.result())
                futures[name].set_result(results[-1])
        return results
    finally:
        for future in futures.values():
            if not future.done():
                future.set_exception(_Stopped())


def _check_namespaces(results: list[ProgrammeResult]) -> list[DataIssue]:
    seen: dict[str, str] = {}
    issues = []
    for r in results:
        if r.namespace in seen:
            issues.append(
                DataIssue(
                    r.name,
                    f"programme '{r.name}' declares the namespace {r.namespace} that programme "
                    f"'{seen[r.namespace]}' declares too: their records would merge",
                    "give every programme its own namespace: in programme.yaml",
                    field="namespace",
                )
            )
        seen.setdefault(r.namespace, r.name)
        # over the union its ids read `qualifier.id`; --programme, the tables and the folders say
        # `name`: one name for both, or a qualified id from an answer would name no programme
        # (a namespace shared with another programme is reported above, once)
        name = qualifier(r.namespace)
        if seen[r.namespace] == r.name and (name != r.name or "." in name):
            issues.append(
                DataIssue(
                    r.name,
                    f"programme folder '{r.name}' declares the namespace {r.namespace}: over the dataset its "
                    f"ids would read '{name}.<id>' while the dataset names the programme '{r.name}'",
                    f"name the folder '{name}', or end the namespace in programme.yaml with /{r.name}/"
                    if "." not in name
                    else f"end the namespace in programme.yaml with a segment without dots, such as /{r.name.replace('.', '-')}/, "
                    "and name the folder so",
                    field="namespace",
                )
            )
    return issues


def _fail_on_issues(results: list[ProgrammeResult]) -> None:
    issues = [DataIssue(*t) for r in results for t in r.issues]
    issues += _check_namespaces([r for r in results if not r.issues])
    if issues:
        failed = [r.name for r in results if r.issues]
        head = DataIssue(
            "dataset",
            f"{len(failed) or 'no'} of {len(results)} programme(s) failed"
            + (f": {', '.join(failed)}" if failed else ""),
            "fix the problems listed below; nothing was written",
        )
        raise DataError([head, *issues])


def _prepare(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise TmbError(f"{folder} is not a folder — fix: give a programme folder or a folder of them")
    programmes = programme_folders(folder)
    if not programmes:
        raise TmbError(f"{folder} holds no programme folders — fix: give a folder of programme folders")
    return programmes


def validate_dataset(
    folder: Path,
    sources: Path | None = None,
    shacl: bool = True,
    *,
    jobs: int | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> DatasetSummary:
    """Validate every programme of a dataset folder, in parallel; all problems in one error.

    ``cache`` is a dataset build (``build/graph/``): a programme it holds with unchanged inputs
    passed then and is not validated again. ``progress(done, total)`` is told as programmes end.

    Raises
    ------
    DataError
        Listing every problem of every programme (each names its file), nothing else.
    """
    programmes = _prepare(folder)
    if sources is not None and not sources.is_dir():
        validate_folder(programmes[0], sources, shacl)  # raises its one clear message
    old = _read_summary(cache) if cache is not None else None
    futures: dict[str, Future[ProgrammeResult]] = {p.name: Future() for p in programmes}
    _ticking(futures.values(), progress)
    tasks: list[Task] = []
    for p, key in zip(programmes, input_keys(programmes, sources, shacl), strict=True):
        entry = _reusable(old, cache, p.name, key, sources) if cache is not None else None
        if entry is not None:
            futures[p.name].set_result(_from_entry(p.name, entry, sources))
        else:
            tasks.append((p.name, p, None, sources, shacl, key))
    _run(tasks, jobs, futures)
    results = {name: future.result() for name, future in futures.items()}
    ordered = [results[p.name] for p in programmes]
    _fail_on_issues(ordered)
    totals = {"triples": sum(r.counts.get("triples", 0) for r in ordered)}
    return DatasetSummary(
        None,
        {r.name: r for r in ordered},
        totals,
        notes=_grouped(ordered, lambda r: r.notes),
        warnings=_grouped(ordered, lambda r: r.warnings),
    )


def _from_entry(name: str, entry: dict[str, Any], sources: Path | None) -> ProgrammeResult:
    checks = dict(entry.get("checks") or {})
    inputs = dict(entry.get("inputs") or {})
    # what was not checked then is still not checked (the source text's hash is an input): say
    # so again in a fresh build's words, so the two group as one line
    warnings = []
    if not str(checks.get("evidence", "checked")).startswith("checked"):
        file = str(inputs.get("source_file", ""))
        warnings.append(evidence_warning(unread_source(file, sources or default_sources())))
    return ProgrammeResult(
        name,
        namespace=str(entry.get("namespace", "")),
        counts=dict(entry.get("counts") or {}),
        files=dict(entry.get("files") or {}),
        validation=str(entry.get("validation", "")),
        checks=checks,
        inputs=inputs,
        sizes=dict(entry.get("sizes") or {}),
        shares=bool(entry.get("shares", True)),
        reused=True,
        warnings=warnings,
        notes=["unchanged since the previous build: not validated or built again"],
    )


def parts_digest(digests: Iterable[str]) -> str:
    """The digest ``summary.json`` gives ``graph.nt`` and ``dataset.nq``: the SHA-256 of their parts'
    SHA-256 (hex), one per line, in order. A part is a programme's ``graph.nq``, or its ``graph.nt``
    less the triples an earlier programme already put in ``graph.nt`` (most often all of it).

    Examples
    --------
    >>> parts_digest([]) == hashlib.sha256(b"").hexdigest()
    True
    >>> parts_digest(["ab", "cd"]) == hashlib.sha256(b"ab\\ncd\\n").hexdigest()
    True
    """
    return _sha("".join(f"{d}\n" for d in digests).encode())


class _Concatenation:
    """A new file written as parts one after the other: other files copied by the kernel
    (:func:`os.copy_file_range`, no pass through Python's memory) or bytes written."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)

    def __enter__(self) -> _Concatenation:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def append(self, path: Path) -> None:
        """Append the whole file ``path``."""
        with path.open("rb") as src:
            left = os.fstat(src.fileno()).st_size
            while left > 0:
                try:
                    copied = os.copy_file_range(src.fileno(), self.fd, left)
                except (AttributeError, OSError):  # not Linux, or not between these file systems
                    copied = 0
                if copied <= 0:  # the plain way for what is left (from where the kernel stopped)
                    while chunk := os.read(src.fileno(), 1 << 20):
                        self.write(chunk)
                    return
                left -= copied


def _union(folder: Path, results: Iterable[ProgrammeResult]) -> tuple[dict[str, str], int]:
    """Write ``graph.nt`` (every programme; a triple two programmes share, once) and ``dataset.nq``
    (each programme's triples in its named graph: its :data:`PART`) into ``folder``; their digests
    (:func:`parts_digest`) and the union's size.

    A triple whose subject lies in its programme's namespace cannot recur in another programme
    (namespaces are distinct), so only the others are remembered, and a programme without others
    (``shares`` false: every synthetic one) is copied whole by the kernel; memory stays that of
    one programme, not of the dataset.
    """
    nt_parts: list[str] = []
    nq_parts: list[str] = []
    seen: set[bytes] = set()
    triples = 0
    with _Concatenation(folder / "graph.nt") as nt, _Concatenation(folder / "dataset.nq") as nq:
        for r in results:
            if r.issues:  # the build fails: no union to write
                raise _Stopped()
            part = folder / PROGRAMMES / r.name
            nq_parts.append(r.files[PART])
            nq.append(part / PART)
            if not r.shares:  # every subject in the programme's own namespace: nothing to share
                nt.append(part / "graph.nt")
                nt_parts.append(r.files["graph.nt"])
                triples += r.counts["triples"]
                continue
            own = f"<{r.namespace}".encode()
            kept = []
            for line in (part / "graph.nt").read_bytes().splitlines(keepends=True):
                if not line.startswith(own):
                    if line in seen:
                        continue
                    seen.add(line)
                kept.append(line)
            union = b"".join(kept)
            nt.write(union)
            nt_parts.append(_sha(union))
            triples += len(kept)
    return {"graph.nt": parts_digest(nt_parts), "dataset.nq": parts_digest(nq_parts)}, triples


class _UnionWriter(threading.Thread):
    """:func:`_union` in a thread, taking each programme's part as soon as it is built.

    The parts are copied by the kernel (the GIL released), so a rebuild writes ``graph.nt`` and
    ``dataset.nq`` while the edited programme is validated, and a cold build while the workers work.
    """

    def __init__(self, folder: Path, futures: list[Future[ProgrammeResult]]) -> None:
        super().__init__(name="tmb-union", daemon=True)
        self.folder, self.futures = folder, futures
        self.value: tuple[dict[str, str], int] | None = None
        self.error: BaseException | None = None

    def _results(self) -> Iterator[ProgrammeResult]:
        for future in self.futures:
            yield future.result()

    def run(self) -> None:
        try:
            self.value = _union(self.folder, self._results())
        except BaseException as exc:  # handed to the caller by finish()
            self.error = exc

    def finish(self) -> tuple[dict[str, str], int] | None:
        """Wait for the thread; its result, None when it stopped because a programme failed."""
        self.join()
        if isinstance(self.error, _Stopped):
            return None
        if self.error is not None:
            raise self.error
        return self.value


def _same_unions(
    old: dict[str, Any] | None, old_dir: Path, results: list[ProgrammeResult]
) -> tuple[dict[str, str], int] | None:
    """The previous build's union files' hashes and size when every programme was reused and the
    programmes are the same, in the same order, and its union files are still of their size."""
    if (
        old is None
        or not all(r.reused for r in results)
        or list(old.get("programmes") or {}) != [r.name for r in results]
    ):
        return None
    files, sizes = old.get("files") or {}, old.get("sizes") or {}
    try:
        if not all((old_dir / n).stat().st_size == sizes.get(n) for n in ("graph.nt", "dataset.nq")):
            return None
    except OSError:
        return None
    return {n: str(files.get(n)) for n in ("graph.nt", "dataset.nq")}, int((old.get("counts") or {}).get("triples", 0))


def _totals(results: list[ProgrammeResult], triples: int) -> dict[str, int]:
    totals: dict[str, int] = {"programmes": len(results)}
    for r in results:
        for k, v in r.counts.items():
            totals[k] = totals.get(k, 0) + v
    totals["triples"] = triples  # the union's, shared triples (concepts, reference model) once
    return totals


def build_dataset(
    folder: Path,
    out: Path,
    sources: Path | None = None,
    shacl: bool = True,
    *,
    jobs: int | None = None,
    incremental: bool = True,
    progress: Progress | None = None,
) -> DatasetSummary:
    """Build every programme of ``folder`` into one dataset in ``out`` (see the module docstring).

    Parameters
    ----------
    folder : Path
        A folder of programme folders (``tmb synth`` output, ``data/``).
    out : Path
        Output folder, replaced as a whole only when every programme passed; new, empty, or one
        ``tmb build`` wrote (a single or a dataset build).
    sources : Path, optional
        Folder of source texts, as for :func:`tmb_graph.pipeline.build`.
    shacl : bool
        Run the SHACL shapes (default True).
    jobs : int, optional
        Worker processes (default: one per core).
    incremental : bool
        Reuse the programmes of the build in ``out`` whose inputs did not change (default True).
    progress : callable, optional
        Told ``(done, total)`` as each programme is built or reused.

    Returns
    -------
    DatasetSummary

    Raises
    ------
    DataError
        Every problem of every programme (``out`` untouched).
    OutputError
        When ``out`` may not be written.

    Examples
    --------
    >>> s = build_dataset(Path("build/synth"), Path("build/graph"))   # doctest: +SKIP
    >>> s.counts["programmes"], s.reused                             # doctest: +SKIP
    (105, ['blekinge-2021', ...])
    """
    programmes = _prepare(folder)
    reads = (folder,)
    check_output_dir(out, COMMAND, reads=reads, earlier=is_earlier_build)
    if sources is not None and not sources.is_dir():
        validate_folder(programmes[0], sources, shacl)  # raises its one clear message
    old = _read_summary(out) if incremental and owner(out) == COMMAND else None
    with atomic_directory(out, COMMAND, reads=reads, earlier=is_earlier_build) as tmp:
        (tmp / PROGRAMMES).mkdir()
        futures: dict[str, Future[ProgrammeResult]] = {p.name: Future() for p in programmes}
        _ticking(futures.values(), progress)
        tasks: list[Task] = []
        for p, key in zip(programmes, input_keys(programmes, sources, shacl), strict=True):
            entry = _reusable(old, out, p.name, key, sources)
            if entry is not None:
                dest = tmp / PROGRAMMES / p.name
                dest.mkdir()
                for name in PROGRAMME_FILES:
                    _link(out / PROGRAMMES / p.name / name, dest / name)
                futures[p.name].set_result(_from_entry(p.name, entry, sources))
            else:
                tasks.append((p.name, p, tmp / PROGRAMMES / p.name, sources, shacl, key))
        # graph.nt and dataset.nq are written while the programmes are built (see _UnionWriter),
        # unless nothing changed: then the previous ones are this build's
        writer = _UnionWriter(tmp, [futures[p.name] for p in programmes]) if tasks else None
        if writer is not None:
            writer.start()
        try:
            _run(tasks, jobs, futures)  # settles every future, even when it raises
        except BaseException:
            if writer is not None:
                writer.join()  # every future is settled: it ends, and nothing writes into tmp after this
            raise
        unions = writer.finish() if writer is not None else None
        ordered = [futures[p.name].result() for p in programmes]
        _fail_on_issues(ordered)  # raising here discards the temporary: nothing is written
        if unions is None:
            unions = _same_unions(old, out, ordered)
            if unions is not None:  # nothing changed: the previous graph.nt and dataset.nq are this one's
                for name in ("graph.nt", "dataset.nq"):
                    _link(out / name, tmp / name)
            else:
                unions = _union(tmp, ordered)
        files, triples = unions
        counts = _totals(ordered, triples)
        summary = {
            "kind": KIND,
            "digests": DIGEST_NOTE,
            "sizes": {n: (tmp / n).stat().st_size for n in ("graph.nt", "dataset.nq")},
            "counts": counts,
            "files": files,
            "programmes": {
                r.name: {
                    "namespace": r.namespace,
                    "graph": r.namespace,
                    "counts": r.counts,
                    "files": r.files,
                    "validation": r.validation,
                    "checks": r.checks,
                    "inputs": r.inputs,
                    "sizes": r.sizes,
                    "shares": r.shares,
                }
                for r in ordered
            },
        }
        text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (tmp / "summary.json").write_text(text, encoding="utf-8")
    return DatasetSummary(
        out,
        {r.name: r for r in ordered},
        counts,
        files,
        notes=_grouped(ordered, lambda r: r.notes),
        warnings=_grouped(ordered, lambda r: r.warnings),
    )
