"""Say why a query cannot answer, instead of answering nothing: misspelt prefixes, terms, labels.

- SPARQL: a prefix that is neither predeclared (:data:`~tmb_graph.rdf.namespaces.PREFIXES`) nor
  declared in the query is named, with the declared ones listed (pyoxigraph would print its
  parser's expectations); a class or property of a known vocabulary that occurs nowhere in the
  store (``tmb:Bdy``) is named with the closest terms that do (``tmb:Body``).
- Cypher: a node label or relationship type the property-graph mapping never makes
  (``:Bdy``, ``:HOLD``) is named with the closest that it does.

Only names in vocabularies the graph uses are judged (``xsd:date`` is a datatype, not a term of
the graph, and is left alone), so a correct query is never refused.

Examples
--------
>>> check_sparql_prefixes("SELECT * WHERE { ?b a tmbx:Body }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
tmb_graph.errors.TmbError: unknown prefix 'tmbx:' in the query; did you mean 'tmb:'? Declared prefixes: ...
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from tmb_graph.errors import TmbError
from tmb_graph.limits import DEFAULT_TIMEOUT
from tmb_graph.query.cypher import run_cypher
from tmb_graph.query.guard import cypher_tokens, sparql_prefixes, sparql_tokens
from tmb_graph.query.params import ParamValue
from tmb_graph.query.result import QueryResult
from tmb_graph.query.sparql import SparqlStore, is_update
from tmb_graph.query.worker import SparqlWorker
from tmb_graph.rdf.namespaces import PREFIXES

# Cypher: labels after ':' in a node pattern, types in a relationship pattern, labels in WHERE n:L
_CY_NODE_LABELS = re.compile(r"\(\s*\w*\s*((?::\s*\w+\s*)+)")
_CY_REL_TYPES = re.compile(r"\[\s*\w*\s*:\s*(\w+(?:\s*\|\s*:?\s*\w+)*)")
_CY_WHERE_LABEL = re.compile(r"\bWHERE\s+\w+((?::\w+)+)", re.IGNORECASE)
# words that introduce an IRI which is no term of the graph
_DECLARING = {"prefix", "base"}


def _sparql_names(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The prefixed names (prefix, local) and full IRIs a query uses, read by the guard's lexer.

    Strings, comments and the ``PREFIX``/``BASE`` declarations themselves are no use of a term;
    blank nodes (``_:b``) are no prefixed names. The same lexer decides what the network guard
    sees (:func:`~tmb_graph.query.guard.sparql_tokens`), so both read a query alike.

    Examples
    --------
    >>> _sparql_names('PREFIX ex: <http://e/> SELECT * { ?s ex:p "x:y" ; <urn:a> _:b }')
    ([('ex', 'p')], ['urn:a'])
    """
    tokens = list(sparql_tokens(text))
    pnames: list[tuple[str, str]] = []
    iris: list[str] = []
    for i, token in enumerate(tokens):
        before = [t.text.lower() for t in tokens[max(0, i - 2) : i] if t.kind == "word"]
        if _DECLARING.intersection(before):
            continue
        if token.kind == "iri":
            iris.append(token.text)
        elif token.kind == "word" and ":" in token.text:
            prefix, local = token.text.split(":", 1)
            if prefix == "_" or (prefix and not prefix[0].isalpha()):
                continue  # a blank node label, or a number-like word
            pnames.append((prefix, local))
    return pnames, iris


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes a query may use: the predeclared ones and its own ``PREFIX`` lines."""
    return {**PREFIXES, **sparql_prefixes(list(sparql_tokens(text)))}


def check_sparql_prefixes(text: str) -> None:
    """Raise a clear error for a prefix the query uses but nobody declared.

    Raises
    ------
    TmbError
        Naming the prefix, the closest declared one and every declared prefix.
    """
    declared = declared_prefixes(text)
    for prefix, _local in _sparql_names(text)[0]:
        if prefix in declared:
            continue
        close = difflib.get_close_matches(prefix, list(declared), n=1)
        hint = f"; did you mean '{close[0]}:'?" if close else ""
        listed = ", ".join(f"{p}:" for p in declared)
        raise TmbError(
            f"unknown prefix '{prefix}:' in the query{hint} Declared prefixes: {listed} "
            f"(or declare it: PREFIX {prefix or 'ex'}: <http://...>)"
        )


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    best = max((p for p, ns in prefixes.items() if iri.startswith(ns)), key=lambda p: len(prefixes[p]), default=None)
    return f"{best}:{iri[len(prefixes[best]) :]}" if best is not None else f"<{iri}>"


def unknown_sparql_terms(text: str, known: set[str]) -> list[str]:
    """Messages for terms of the query that occur nowhere in the store (``known`` IRIs).

    A term is judged only when its namespace has terms in the store, so datatypes and
    functions (``xsd:date``) and other vocabularies are left alone.

    Examples
    --------
    >>> unknown_sparql_terms("SELECT * { ?b a tmb:Bdy }", {PREFIXES["tmb"] + "Body"})
    ['tmb:Bdy occurs nowhere in the graph or its ontology; did you mean tmb:Body?']
    """
    prefixes = declared_prefixes(text)
    pnames, iris = _sparql_names(text)
    used = [prefixes[prefix] + local for prefix, local in pnames if prefix in prefixes and local] + iris
    namespaces = sorted(set(prefixes.values()), key=len, reverse=True)
    messages: list[str] = []
    for iri in dict.fromkeys(used):
        if iri in known:
            continue
        ns = next((n for n in namespaces if iri.startswith(n) and len(iri) > len(n)), None)
        if ns is None:
            continue
        siblings = [k for k in known if k.startswith(ns) and "/" not in k[len(ns) :] and "#" not in k[len(ns) :]]
        if not siblings:
            continue  # a vocabulary the graph does not use (datatypes, functions)
        local = iri[len(ns) :]
        close = difflib.get_close_matches(local, [k[len(ns) :] for k in siblings], n=3, cutoff=0.6)
        hint = "; did you mean " + " or ".join(_curie(ns + c, prefixes) for c in close) + "?" if close else ""
        messages.append(f"{_curie(iri, prefixes)} occurs nowhere in the graph or its ontology{hint}")
    return messages


def _cypher_code(text: str) -> str:
    """The query with strings, comments and `quoted names` blanked, every other token in place.

    Read by the guard's lexer (:func:`~tmb_graph.query.guard.cypher_tokens`) so that a label
    inside a string is no label, exactly as a keyword inside one is no keyword to the guard.

    Examples
    --------
    >>> _cypher_code("MATCH (b:Body {name: ':Bdy'}) // (x:Y)")
    'MATCH (b:Body {name:       })         '
    """
    code = [" "] * len(text)
    for token in cypher_tokens(text):
        if token.kind not in ("string", "name"):
            code[token.pos : token.pos + len(token.text)] = token.text
    return "".join(code)


def unknown_cypher_names(text: str, labels: Iterable[str], rel_types: Iterable[str]) -> list[str]:
    """Messages for node labels and relationship types the property graph never has.

    Examples
    --------
    >>> unknown_cypher_names("MATCH (b:Bdy)-[:HOLDS]->(m) RETURN b", ["Body"], ["HOLDS"])
    ["no node label ':Bdy' in the property graph; did you mean ':Body'?"]
    """
    label_set, type_set = set(labels), set(rel_types)
    code = _cypher_code(text)
    found_labels: list[str] = []
    for m in _CY_NODE_LABELS.finditer(code):
        found_labels += re.findall(r":\s*(\w+)", m.group(1))
    for m in _CY_WHERE_LABEL.finditer(code):
        found_labels += re.findall(r":(\w+)", m.group(1))
    found_types: list[str] = []
    for m in _CY_REL_TYPES.finditer(code):
        found_types += re.findall(r"\w+", m.group(1))
    messages: list[str] = []
    for name in dict.fromkeys(found_labels):
        if name not in label_set:
            messages.append(f"no node label ':{name}' in the property graph{_did_you_mean(name, label_set, ':')}")
    for name in dict.fromkeys(found_types):
        if name not in type_set:
            messages.append(f"no relationship type ':{name}' in the property graph{_did_you_mean(name, type_set, ':')}")
    return messages


def _did_you_mean(name: str, pool: set[str], sigil: str) -> str:
    by_fold = {p.casefold(): p for p in pool}
    close = difflib.get_close_matches(name.casefold(), list(by_fold), n=2, cutoff=0.6)
    if not close:
        return f" (it has: {', '.join(sorted(pool))})"
    return "; did you mean " + " or ".join(f"'{sigil}{by_fold[c]}'" for c in close) + "?"


def store_terms(store: object) -> set[str]:
    """Every IRI that occurs in a pyoxigraph store (subject, predicate, object or datatype).

    ``store`` is a ``pyoxigraph.Store`` (e.g. :attr:`SparqlStore.store
    <tmb_graph.query.sparql.SparqlStore>`).
    """
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    out: set[str] = set()
    for quad in store:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode):
                out.add(term.value)
    return out


def property_graph_names() -> tuple[set[str], set[str]]:
    """The node labels and relationship types the property-graph mapping makes."""
    from tmb_graph.propertygraph.mapping import LABELS, QUALIFIED, RELATIONSHIPS

    labels = {label for label, _ in LABELS.values()}
    types = {r.type for r in RELATIONSHIPS.values()} | {r.type for r in QUALIFIED.values()}
    return labels, types


def ask_sparql(
    store: SparqlStore | SparqlWorker,
    text: str,
    params: dict[str, ParamValue] | None = None,
    allow_update: bool = False,
    allow_network: bool = False,
) -> QueryResult:
    """Run SPARQL on the embedded store, saying why instead of answering nothing.

    The prefixes are checked first (:func:`check_sparql_prefixes`); when a read query answers
    no rows, its terms are checked against the store (:func:`unknown_sparql_terms`).

    Raises
    ------
    TmbError
        For an undeclared prefix, or an empty answer to a query naming terms the graph lacks.
    """
    check_sparql_prefixes(text)
    result = store.query(text, params, allow_update, allow_network)
    if not result.rows and not is_update(text):
        problems = unknown_sparql_terms(text, store.iris())
        if problems:
            raise TmbError("the query answered nothing: " + "; ".join(problems))
    return result


def ask_cypher(
    graph_dir: Path,
    text: str,
    params: dict[str, ParamValue] | None = None,
    allow_update: bool = False,
    allow_network: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Run Cypher on the embedded FalkorDB, refusing labels and types the graph never has.

    A read query's node labels and relationship types are checked against the mapping before
    the server starts (:func:`unknown_cypher_names`); with ``allow_update`` new ones may be made.

    Raises
    ------
    TmbError
        For a label or relationship type the property graph does not have.
    """
    if not allow_update:
        labels, types = property_graph_names()
        problems = unknown_cypher_names(text, labels, types)
        if problems:
            raise TmbError("the query cannot match anything: " + "; ".join(problems))
    return run_cypher(graph_dir, text, params, allow_update, allow_network, timeout)
