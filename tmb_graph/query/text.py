"""Where a query comes from: a file, standard input (``-``) or the query text itself.

The decision is made on the text first: what cannot be a path (a line break, a ``{``, more than
the system's limits for a path or one file name) is query text without asking the file system,
so a long one-line query never fails with "File name too long".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tmb_graph.errors import TmbError

#: Linux limits: a path of at most PATH_MAX bytes, each file name at most NAME_MAX bytes
_PATH_MAX = 4096
_NAME_MAX = 255


def could_be_path(text: str) -> bool:
    """Whether ``text`` could name a file at all (decided without touching the file system).

    Examples
    --------
    >>> could_be_path("queries/mandates_at.rq")
    True
    >>> could_be_path("SELECT * WHERE { ?s ?p ?o }"), could_be_path("MATCH (n)\\nRETURN n")
    (False, False)
    >>> could_be_path("MATCH (n) RETURN n" + " " * 300)
    False
    """
    if not text or any(c in text for c in "\n\r\0{"):
        return False
    try:
        raw = os.fsencode(text)
    except UnicodeError:
        return False
    return len(raw) < _PATH_MAX and all(len(part) <= _NAME_MAX for part in raw.split(b"/"))


def query_text(file_or_text: str, suffixes: tuple[str, ...]) -> str:
    """The query: read from the file ``file_or_text`` names, from standard input for ``-``,
    or ``file_or_text`` itself.

    Parameters
    ----------
    file_or_text : str
        A path, ``-``, or the query text.
    suffixes : tuple of str
        The language's file suffixes (``.rq``, ``.cypher`` ...): text ending with one of them
        is meant as a file, so a missing one is an error rather than a query.

    Raises
    ------
    TmbError
        For a query file that is missing, unreadable or not UTF-8 text, or empty standard input.

    Examples
    --------
    >>> query_text("ASK { ?s ?p ?o }", (".rq",))
    'ASK { ?s ?p ?o }'
    """
    if file_or_text == "-":
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise TmbError("the query on standard input is not UTF-8 text") from None
        if not text.strip():
            raise TmbError("no query on standard input (`-` reads the query text from it)")
        return text
    if not could_be_path(file_or_text):
        return file_or_text
    candidate = Path(file_or_text)
    try:
        is_file = candidate.is_file()
    except OSError:  # e.g. a component the file system rejects: then it is no file of ours
        is_file = False
    if is_file:
        try:
            return candidate.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TmbError(f"query file {file_or_text} is not UTF-8 text") from None
        except OSError as exc:
            raise TmbError(f"cannot read query file {file_or_text}: {exc.strerror or exc}") from None
    if file_or_text.endswith(suffixes):
        raise TmbError(f"query file not found: {file_or_text}")
    return file_or_text
