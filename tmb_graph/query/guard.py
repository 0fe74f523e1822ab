"""What a query may do, decided before any engine parses it: no network, no absurd nesting.

A shared ``.rq`` or ``.cypher`` file must not call out, signal that it ran, or mix outside rows
into an answer. Both engines can: pyoxigraph evaluates SPARQL ``SERVICE <http://…>`` (an
outbound request) and ``LOAD <http://…>``; FalkorDB runs ``LOAD CSV FROM 'https://…'``. So
these are refused unless the user opts in on the command line (``--allow-network``), and a
process that serves others (``tmb serve``) calls :func:`forbid_network` once, after which no
opt-in counts. ``file:`` addresses are refused either way with a clear message (the engines
would read the local disk, or fail obscurely).

The checks read the query with a lexer that knows the language's strings, comments and IRIs,
so ``"SERVICE"`` in a string literal, ``ex:service`` or ``?load`` is no keyword, and lowercase
``service`` is. The same lexer measures bracket nesting: pyoxigraph's recursive parser
overflows its stack on ~5,000 nested ``{ }`` (a segfault), and FalkorDB's parser is
exponential in nested parentheses (20 levels take seconds, 30 never end), so deeper queries
are refused before they reach either parser.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tmb_graph.errors import TmbError

#: deepest bracket nesting a SPARQL query may have (real queries stay below 20)
MAX_SPARQL_NESTING = 200
#: deepest bracket nesting a Cypher query may have (FalkorDB's parser: 0.01 s at 12, 0.3 s at 16, 10 s at 20;
#: the library needs 3)
MAX_CYPHER_NESTING = 12
#: longest query text read at all (the library's longest is ~3,000; reading 1 MB takes ~1 s)
MAX_QUERY_CHARS = 1_000_000
#: environment variable a server sets to ``never`` so that no query reaches the network
NETWORK_ENV = "TMB_NETWORK"
_forbidden = False

_IRI = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_NAME = re.compile(r"[\w\u00b7\u0300-\u036f\u203f-\u2040]+")
_BARE = re.compile(r"[\w\u00b7\u0300-\u036f\u203f-\u2040:][\w\u00b7\u0300-\u036f\u203f-\u2040\-.:%\\]*")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_OPEN, _CLOSE = "({[", ")}]"


class NetworkRefused(TmbError):
    """A query would reach the network (or the local disk) and the user did not allow it."""


class QueryTooComplex(TmbError):
    """A query nests brackets deeper than the engine's parser can take."""


@dataclass(frozen=True)
class Token:
    """One token of a query: ``kind`` is ``word``, ``iri``, ``string``, ``var`` or ``punct``."""

    kind: str
    text: str
    pos: int


def forbid_network() -> None:
    """From now on no query of this process may reach the network, whatever it asks.

    A server (``tmb serve``) calls it at start; ``TMB_NETWORK=never`` in the environment has the
    same effect on every command.
    """
    global _forbidden
    _forbidden = True


def network_allowed(requested: bool) -> bool:
    """Whether the network may be used: asked for, and not forbidden for this process.

    Examples
    --------
    >>> network_allowed(False)
    False
    """
    return requested and not _forbidden and os.environ.get(NETWORK_ENV, "").lower() != "never"


def _string_end(text: str, i: int, quote: str) -> int:
    """End of the string literal opening at ``i`` (triple-quoted too), backslash escapes skipped."""
    n = len(text)
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < n and not text.startswith(quote * 3, j):
            j += 2 if text[j] == "\\" else 1
        return min(j + 3, n)
    j = i + 1
    while j < n and text[j] != quote and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return min(j + 1, n)


def sparql_tokens(text: str) -> Iterator[Token]:
    """The SPARQL tokens of ``text``; comments dropped, strings and IRIs each one token.

    Examples
    --------
    >>> [t.text for t in sparql_tokens('SELECT ?s # SERVICE\\nWHERE { ?s ex:p "SERVICE" }')]
    ['SELECT', '?s', 'WHERE', '{', '?s', 'ex:p', '"SERVICE"', '}']
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            j = _string_end(text, i, c)
            yield Token("string", text[i:j], i)
            i = j
        elif c == "<" and (m := _IRI.match(text, i)) is not None:
            yield Token("iri", m.group(1), i)
            i = m.end()
        elif c in "?$" and (m := _NAME.match(text, i + 1)) is not None:
            yield Token("var", text[i : m.end()], i)
            i = m.end()
        elif c == "@" and (m := _NAME.match(text, i + 1)) is not None:  # a language tag
            i = m.end()
        elif (m := _BARE.match(text, i)) is not None:
            word = m.group(0).rstrip(".")  # a name never ends in '.', a triple's end does
            yield Token("word", word, i)
            i += len(word)
        else:
            yield Token("punct", c, i)
            i += 1


def cypher_tokens(text: str) -> Iterator[Token]:
    """The Cypher tokens of ``text``; comments dropped, strings and `quoted names` each one token.

    Examples
    --------
    >>> [t.text for t in cypher_tokens("RETURN 'LOAD CSV' AS `load csv` // LOAD CSV")]
    ['RETURN', "'LOAD CSV'", 'AS', '`load csv`']
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            yield Token("string", text[i:j], i)
            i = j
        elif c == "`":
            j = i + 1
            while j < n and (text[j] != "`" or text.startswith("``", j)):
                j += 2 if text[j] == "`" else 1
            j = min(j + 1, n)
            yield Token("name", text[i:j], i)
            i = j
        elif c == "$" and (m := _NAME.match(text, i + 1)) is not None:
            yield Token("var", text[i : m.end()], i)
            i = m.end()
        elif (m := _NAME.match(text, i)) is not None:
            yield Token("word", m.group(0), i)
            i = m.end()
        else:
            yield Token("punct", c, i)
            i += 1


def _size(text: str, language: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooComplex(
            f"the {language} query is {len(text):,} characters long; queries are read up to "
            f"{MAX_QUERY_CHARS:,} — is this the right file?"
        )


def _nesting(tokens: list[Token], limit: int, language: str) -> None:
    depth = 0
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
            if depth > limit:
                raise QueryTooComplex(
                    f"the {language} query nests brackets more than {limit} deep (at character {token.pos}); "
                    "its parser cannot take that — flatten the query"
                )
        elif token.text in _CLOSE:
            depth = max(depth - 1, 0)


def _unquote(literal: str) -> str:
    """The text of a Cypher string literal (escapes left as written; only the scheme is read)."""
    return literal[1:-1] if len(literal) >= 2 and literal[-1] == literal[0] else literal[1:]


def _scheme(address: str) -> str:
    m = _SCHEME.match(address.strip())
    return m.group(1).lower() if m is not None else ""


def _refuse_file(what: str, address: str) -> None:
    if _scheme(address) == "file":
        raise NetworkRefused(
            f"{what} <{address}>: file: addresses are not read — queries see only the built graph "
            "(put the data into the YAML and rebuild)"
        )


def sparql_prefixes(tokens: list[Token]) -> dict[str, str]:
    """The ``PREFIX name: <iri>`` declarations among a query's tokens (:func:`sparql_tokens`).

    Examples
    --------
    >>> sparql_prefixes(list(sparql_tokens("PREFIX ex: <http://example.org/> SELECT * {}")))
    {'ex': 'http://example.org/'}
    """
    found: dict[str, str] = {}
    for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if a.kind == "word" and a.text.lower() == "prefix" and b.kind == "word" and c.kind == "iri":
            found[b.text.rstrip(":")] = c.text
    return found


def check_sparql(text: str, allow_network: bool = False, prefixes: Mapping[str, str] | None = None) -> None:
    """Refuse a SPARQL query or update that nests absurdly or would reach the network.

    Parameters
    ----------
    text : str
        The query or update.
    allow_network : bool
        The user's explicit opt-in (``--allow-network``) to ``SERVICE`` and ``LOAD``; ignored
        after :func:`forbid_network` or with ``TMB_NETWORK=never``.
    prefixes : mapping, optional
        Prefixes declared outside the text (the project's), to see where ``SERVICE ex:x`` goes.

    Raises
    ------
    QueryTooComplex
        For brackets nested deeper than :data:`MAX_SPARQL_NESTING`, or a text longer than
        :data:`MAX_QUERY_CHARS`.
    NetworkRefused
        For ``SERVICE`` or ``LOAD`` without the opt-in, and for a ``file:`` address always.

    Examples
    --------
    >>> check_sparql('SELECT * WHERE { ?s ?p "SERVICE <http://e/>" }')
    >>> check_sparql("SELECT * WHERE { service <http://10.255.255.1/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    tmb_graph.query.guard.NetworkRefused: SERVICE <http://10.255.255.1/> would send the query to another server; queries read only the built graph — pass --allow-network to allow it
    """
    _size(text, "SPARQL")
    tokens = list(sparql_tokens(text))
    _nesting(tokens, MAX_SPARQL_NESTING, "SPARQL")
    known = {**(prefixes or {}), **sparql_prefixes(tokens)}
    for k, token in enumerate(tokens):
        if token.kind != "word" or token.text.lower() not in ("service", "load"):
            continue
        keyword = token.text.upper()
        rest = [t for t in tokens[k + 1 : k + 3] if not (t.kind == "word" and t.text.lower() == "silent")]
        target = rest[0] if rest else None
        address = "?"
        if target is not None and target.kind == "iri":
            address = target.text
        elif target is not None and target.kind in ("word", "var"):
            prefix, _, local = target.text.partition(":")
            address = known[prefix] + local if target.kind == "word" and prefix in known else target.text
        _refuse_file(keyword, address)
        if not network_allowed(allow_network):
            doing = (
                "would send the query to another server"
                if keyword == "SERVICE"
                else "would fetch data from the network into the store"
            )
            raise NetworkRefused(
                f"{keyword} <{address}> {doing}; queries read only the built graph"
                + (" — pass --allow-network to allow it" if not _locked() else " (this process never allows it)")
            )


def _locked() -> bool:
    return _forbidden or os.environ.get(NETWORK_ENV, "").lower() == "never"


def check_cypher(text: str, allow_network: bool = False, params: Mapping[str, object] | None = None) -> None:
    """Refuse a Cypher query that nests absurdly or would read a file or URL (``LOAD CSV``).

    Parameters
    ----------
    text : str
        The Cypher query.
    allow_network : bool
        The user's explicit opt-in (``--allow-network``) to ``LOAD CSV FROM 'https://…'``.
    params : mapping, optional
        The query's parameters, to see the address of ``LOAD CSV FROM $url``.

    Raises
    ------
    QueryTooComplex
        For brackets nested deeper than :data:`MAX_CYPHER_NESTING`, or a text longer than
        :data:`MAX_QUERY_CHARS`.
    NetworkRefused
        For ``LOAD CSV`` without the opt-in, and for a ``file:`` address always.

    Examples
    --------
    >>> check_cypher("MATCH (n) WHERE n.note = 'LOAD CSV FROM x' RETURN n")
    >>> check_cypher("load csv from 'file:///etc/passwd' as row return row", allow_network=True)
    Traceback (most recent call last):
    ...
    tmb_graph.query.guard.NetworkRefused: LOAD CSV <file:///etc/passwd>: file: addresses are not read — queries see only the built graph (put the data into the YAML and rebuild)
    """
    _size(text, "Cypher")
    tokens = list(cypher_tokens(text))
    _nesting(tokens, MAX_CYPHER_NESTING, "Cypher")
    for k in range(len(tokens) - 1):
        a, b = tokens[k], tokens[k + 1]
        if not (a.kind == b.kind == "word" and a.text.lower() == "load" and b.text.lower() == "csv"):
            continue
        if k > 0 and tokens[k - 1].text in (".", ":"):  # n.load, :load — a property or a label
            continue
        address = "?"
        for j in range(k + 2, min(k + 8, len(tokens))):
            if tokens[j].kind == "word" and tokens[j].text.lower() == "from" and j + 1 < len(tokens):
                target = tokens[j + 1]
                if target.kind == "string":
                    address = _unquote(target.text)
                elif target.kind == "var":
                    address = str((params or {}).get(target.text[1:], target.text))
                break
        _refuse_file("LOAD CSV", address)
        if not network_allowed(allow_network):
            raise NetworkRefused(
                f"LOAD CSV <{address}> would read rows from the network; queries read only the built graph"
                + (" — pass --allow-network to allow it" if not _locked() else " (this process never allows it)")
            )
