"""Check Cypher text with Neo4j's own Cypher parser, offline.

The parser is the npm package ``@neo4j-cypher/language-support`` (pinned in
``tools/cypher-lint/package.json``), run through ``tools/cypher-lint/lint.mjs`` by Node.js.
It reports syntax errors and the semantic errors Neo4j finds without a database (undefined
variables, misplaced ``RETURN``, mismatched ``UNION`` columns, ...). Undeclared ``$parameters``
are not errors: queries receive them at run time. Labels, properties, functions and
procedures are not checked against any schema.

Install the Node packages once with ``npm ci --prefix tools/cypher-lint`` (``scripts/setup``
does this when ``npm`` is present).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tmb_graph.errors import TmbError
from tmb_graph.paths import ROOT

LINT_DIR = ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
_PACKAGE_DIR = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
_INSTALL_HINT = "install it with: npm ci --prefix tools/cypher-lint (from the repository root)"
_TIMEOUT_S = 300.0


@dataclass(frozen=True, slots=True)
class LintError:
    """One error Neo4j's Cypher parser found in a text.

    Parameters
    ----------
    line : int
        1-based line in the text (the whole text, for a multi-statement script).
    column : int
        1-based column, counted in Unicode code points.
    message : str
        The parser's message.
    """

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def _node() -> str | None:
    return shutil.which("node")


def lint_available() -> bool:
    """Tell whether :func:`lint_cypher` can run here.

    Returns
    -------
    bool
        True when ``node`` is on ``PATH`` and the pinned npm package is installed in
        ``tools/cypher-lint/node_modules``.
    """
    return _node() is not None and LINT_SCRIPT.is_file() and (_PACKAGE_DIR / "package.json").is_file()


def lint_cypher(texts: dict[str, str]) -> dict[str, list[LintError]]:
    """Parse Cypher texts with Neo4j's Cypher parser and return the errors found.

    All texts are checked by one Node.js process (starting it costs about two seconds, each
    short query a few milliseconds more), so pass everything in one call.

    Parameters
    ----------
    texts : dict[str, str]
        Name (used only to key the result) to Cypher text. A text may hold several
        statements separated by ``;``, as a ``cypher-shell`` script does; ``:begin``,
        ``:commit``, ``:rollback``, ``:param`` and ``:use`` lines are accepted.

    Returns
    -------
    dict[str, list[LintError]]
        Every name of ``texts``, mapped to its errors in text order (empty when the text is
        valid). Warnings (e.g. deprecations) are not returned.

    Raises
    ------
    TmbError
        When ``node`` or the npm package is missing, or the linter fails to run.
    """
    if not texts:
        return {}
    node = _node()
    if node is None:
        raise TmbError(f"Cypher lint needs Node.js: 'node' is not on PATH; install Node.js >= 20, then {_INSTALL_HINT}")
    if not LINT_SCRIPT.is_file():
        raise TmbError(f"Cypher lint script missing: {LINT_SCRIPT}")
    if not (_PACKAGE_DIR / "package.json").is_file():
        raise TmbError(
            f"Cypher lint needs the npm package @neo4j-cypher/language-support in {_rel(LINT_DIR)}/node_modules; {_INSTALL_HINT}"
        )
    payload = json.dumps([{"name": name, "text": text} for name, text in texts.items()])
    try:
        proc = subprocess.run(
            [node, str(LINT_SCRIPT)],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=LINT_DIR,
            timeout=_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TmbError(f"Cypher lint did not finish within {_TIMEOUT_S:.0f} s") from exc
    except OSError as exc:
        raise TmbError(f"Cypher lint could not start {node}: {exc}") from exc
    if proc.returncode != 0:
        raise TmbError(f"Cypher lint failed (exit {proc.returncode}): {proc.stderr.strip()}")
    try:
        results = json.loads(proc.stdout)
        return {
            str(r["name"]): [LintError(int(e["line"]), int(e["column"]), str(e["message"])) for e in r["errors"]]
            for r in results
        }
    except (ValueError, TypeError, KeyError) as exc:
        raise TmbError(f"Cypher lint printed unexpected output: {proc.stdout[:500]!r}") from exc


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
