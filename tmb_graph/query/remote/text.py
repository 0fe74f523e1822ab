"""The text a remote query is sent as: read-only check, project prefixes, parameters bound by ``VALUES``.

A server cannot take pyoxigraph's substitutions, so parameters are bound by a ``VALUES`` block
whose terms pyoxigraph's serialiser writes — a value is never spliced into the text.

Examples
--------
>>> query_form("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p ?o }")
'SELECT'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from tmb_graph.errors import TmbError
from tmb_graph.query.guard import sparql_tokens
from tmb_graph.query.params import ParamValue
from tmb_graph.query.sparql import XSD, ReadOnlyError, from_term, is_update, to_term
from tmb_graph.rdf.namespaces import PREFIXES

#: longest text parameter sent (Virtuoso refuses rows over ~20 kB in some plans: "SR319 Max length of a temp row")
MAX_PARAM_CHARS = 1000  # Virtuoso fails on longer literals in temp columns (SR319)
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[A-Za-z0-9_.\-]*:\s*<>|BASE\s*<>)", re.IGNORECASE)
_FORM = re.compile(r"\s*([A-Za-z]+)")
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORD = re.compile(
    r"(?<![\w?$:.@\-])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![\w:\-])", re.IGNORECASE
)
_VENDOR_PREFIX = re.compile(r"(?<![\w?$:.@\-])(bif|sql):", re.IGNORECASE)
_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_INTEGERS = frozenset({XSD + "integer", XSD + "int", XSD + "long"})
_DECIMALS = frozenset({XSD + "decimal", XSD + "double", XSD + "float"})


def _code_only(text: str) -> str:
    """The query's tokens with comments dropped and strings and IRIs blanked, for reading keywords.

    The lexer is the guard's (:func:`~tmb_graph.query.guard.sparql_tokens`): one reading of a
    query for every check.

    Examples
    --------
    >>> _code_only('SELECT ?x # INSERT\\nWHERE { ?x <http://e/#y> "DROP" }')
    'SELECT ?x WHERE { ?x <> "" }'
    """
    blank = {"string": '""', "iri": "<>"}
    return " ".join(blank.get(t.kind, t.text) for t in sparql_tokens(text))


def query_form(text: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``).

    Raises
    ------
    ReadOnlyError
        For a SPARQL Update, an update keyword anywhere in the text (outside strings, IRIs and
        comments), Virtuoso's ``bif:``/``sql:`` extension functions, or any text that does not
        open (after its prologue) with one of the four query forms.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p ?o }")
    'SELECT'
    >>> query_form("# it's a comment\\nINSERT DATA { <http://e/a> <http://e/b> 1 }")
    Traceback (most recent call last):
    ...
    tmb_graph.query.sparql.ReadOnlyError: this is a SPARQL UPDATE (INSERT); a remote endpoint is only queried, never changed — push a rebuilt graph with `tmb push sparql` instead
    """
    code = _code_only(text)
    word = _UPDATE_WORD.search(code)
    if is_update(text) or word is not None:
        keyword = word.group(1).upper() if word is not None else "update"
        raise ReadOnlyError(
            f"this is a SPARQL UPDATE ({keyword}); a remote endpoint is only queried, never changed — "
            "push a rebuilt graph with `tmb push sparql` instead"
        )
    if (vendor := _VENDOR_PREFIX.search(code)) is not None:
        raise ReadOnlyError(
            f"'{vendor.group(1)}:' calls server procedures (a Virtuoso extension); remote queries are standard "
            "SPARQL 1.1 only"
        )
    pos = 0
    while (m := _PROLOGUE.match(code, pos)) is not None:
        pos = m.end()
    m = _FORM.match(code, pos)
    form = m.group(1).upper() if m is not None else ""
    if form not in _QUERY_FORMS:
        raise ReadOnlyError(
            f"a remote query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query (after its PREFIX lines), "
            f"not '{form or text.strip()[:20]}'"
        )
    return form


def values_clause(params: Mapping[str, ParamValue]) -> str:
    """A trailing ``VALUES`` clause binding each parameter to its RDF term (or ``""``).

    Each value becomes the literal :func:`~tmb_graph.query.sparql.to_term` makes of it, written
    by pyoxigraph's term serialiser, so no value can end the literal or add query text.

    Examples
    --------
    >>> import datetime as dt
    >>> print(values_clause({"at": dt.date(2019, 10, 1), "org": 'x" } DROP ALL #'}))
    VALUES (?at ?org) { ("2019-10-01"^^<http://www.w3.org/2001/XMLSchema#date> "x\\" } DROP ALL #") }
    """
    if not params:
        return ""
    for name in params:
        if not PARAM_NAME.match(name):
            raise TmbError(f"parameter name '{name}' is not a SPARQL variable name (letters, digits, _)")
        value = params[name]
        if isinstance(value, str) and len(value) > MAX_PARAM_CHARS:
            raise TmbError(
                f"parameter '{name}' is {len(value)} characters long; a remote query takes at most "
                f"{MAX_PARAM_CHARS} per value (servers limit row sizes) — use the embedded store for it"
            )
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(to_term(value)) for value in params.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def _blanked(text: str) -> str:
    """``text`` of the same length with comments, strings and IRIs blanked (positions kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        j = i + 1
        if c == "#":
            end = text.find("\n", i)
            j = n if end < 0 else end
        elif c in "\"'":
            if text.startswith(c * 3, i):
                j = i + 3
                while j < n and not text.startswith(c * 3, j):
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 3, n)
            else:
                while j < n and text[j] not in (c, "\n"):
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 1, n)
        elif c == "<" and (m := _IRI.match(text, i)) is not None:
            j = m.end()
        else:
            i += 1
            continue
        out[i:j] = " " * (j - i)
        i = j
    return "".join(out)


def remote_text(text: str, params: Mapping[str, ParamValue] | None = None) -> str:
    """The text sent to the server: the project's PREFIX lines and the query with its parameters.

    The ``VALUES`` block goes first inside the query's ``WHERE`` group, so the parameters are
    bound for every pattern and ``FILTER`` of that group, as the embedded store's substitution
    binds them; a query without a ``WHERE {`` gets it as a trailing clause. A sub-query is
    evaluated on its own (SPARQL's bottom-up semantics: an outer ``VALUES`` does not reach
    inside it), so every sub-query's ``WHERE`` group gets the block too — the library's
    ``mandates_at`` tests the dates inside a sub-query.

    Examples
    --------
    >>> remote_text("SELECT ?x ?at WHERE { ?x ?p ?d FILTER(?d <= ?at) }", {"at": 3}).splitlines()[-1]
    'SELECT ?x ?at WHERE { VALUES (?at) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?x ?p ?d FILTER(?d <= ?at) }'
    >>> remote_text("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?at } } }", {"at": 3}).count("VALUES (?at)")
    2
    """
    prologue = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
    values = values_clause(params or {})
    body = text.rstrip()
    if not values:
        return f"{prologue}{body}\n"
    wheres = [m.end() for m in _WHERE_BRACE.finditer(_blanked(body))]
    if not wheres:
        return f"{prologue}{body}\n{values}\n"
    for end in reversed(wheres):  # from the last, so the earlier positions stay right
        body = f"{body[:end]} {values}{body[end:]}"
    return f"{prologue}{body}\n"


def from_json(binding: Mapping[str, Any] | None) -> Any:
    """A plain Python value for a SPARQL JSON result term, as :func:`~tmb_graph.query.sparql.from_term` gives.

    IRIs and blank nodes become their value; integers, decimals and booleans their Python type;
    other literals their lexical form. Virtuoso's booleans (``"1"^^xsd:boolean``) are read too.

    Examples
    --------
    >>> from_json({"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"})
    True
    >>> from_json({"type": "literal", "datatype": XSD + "integer", "value": "42"})
    42
    """
    if binding is None:
        return None
    value = str(binding.get("value", ""))
    if binding.get("type") not in ("literal", "typed-literal"):
        return value
    dtype = str(binding.get("datatype", ""))
    if dtype == XSD + "boolean":
        return value in ("true", "1")
    if dtype in _INTEGERS or dtype in _DECIMALS:
        try:
            return from_term(ox.Literal(value, datatype=ox.NamedNode(dtype)))
        except ValueError:
            return value
    return value
