"""The batched load writes its rows with our own literal encoder: hostile strings stay data.

:func:`~tmb_graph.query.falkordb_store.cypher_literal` writes the ``CYPHER rows=[…]`` header the
``falkordb`` package used to write (half of the load's client time). Every value must come back
from the server exactly as it went in — quotes, backslashes, newlines, control characters,
Unicode, Cypher and the header's own syntax inside strings — and what FalkorDB cannot hold (a NUL
character) is refused with a clear message before anything is sent.
"""

from __future__ import annotations

import random
import time

import pytest
from falkordb.helpers import stringify_param_value
from hypothesis import given
from hypothesis import strategies as st

from tmb_graph.errors import StoreError, TmbError
from tmb_graph.propertygraph.mapping import PGNode, PGRel, PropertyGraph
from tmb_graph.query.falkordb_store import KILL_GRACE, _plain, cypher_literal, falkordb_store

HOSTILE = [
    'say "hi"',
    "back\\slash",
    "ends with a backslash \\",
    '\\"',
    '\\\\"',
    "it's",
    "line\nbreak\r\nand\ttab",
    "\\n is not a newline",
    "ctl\x01\x07\x08\x0c\x1b\x1fchars",
    "åäö ÅÄÖ é ß",
    "😀 🇸🇪 \U0010ffff",
    "\u2028\u2029 separators",
    "\ufeffbom",
    '"}] MERGE (x:Body {id: "pwned"}) //',
    "CYPHER rows=[] MATCH (n) DETACH DELETE n",
    "`backtick` $rows {curly} [square] (round)",
    "",
    " ",
    "\x7f",
]


def _graph(values: list[str]) -> PropertyGraph:
    nodes = [
        PGNode(f"b-{i}", ["Body"], {"id": f"b-{i}", "name": v, "aliases": [v, v + "!"]}) for i, v in enumerate(values)
    ]
    nodes.append(PGNode("o", ["Organisation"], {"id": "o", "name": "plain"}))
    rels = [PGRel(f"b-{i}", "HAS_MEMBER", "o", {"note": v}, f"k{i}") for i, v in enumerate(values)]
    return PropertyGraph(nodes, rels)


def test_hostile_strings_come_back_from_the_batched_load_exactly_as_they_went_in() -> None:
    rng = random.Random(16)
    generated = [
        "".join(chr(rng.choice([rng.randrange(1, 0x80), rng.randrange(0x80, 0x2FFFF)])) for _ in range(12))
        for _ in range(100)
    ]
    generated = [s.replace("\x00", "") for s in generated if not any(0xD800 <= ord(c) <= 0xDFFF for c in s)]
    values = HOSTILE + generated
    with falkordb_store(_graph(values), batch_size=7) as store:  # several batches
        rows = store.query(
            "MATCH (b:Body)-[r:HAS_MEMBER]->(:Organisation) RETURN b.id AS id, b.name AS name, b.aliases AS aliases, r.note AS note"
        ).rows
        assert store.query("MATCH (n) RETURN count(n) AS n").rows == [(len(values) + 1,)]  # nothing injected
    got = {r[0]: r[1:] for r in rows}
    assert len(got) == len(values)
    for i, v in enumerate(values):
        assert got[f"b-{i}"] == (v, [v, v + "!"], v), repr(v)


def test_a_nul_character_is_refused_before_the_load_with_a_clear_message() -> None:
    with pytest.raises(StoreError, match="NUL character"):
        cypher_literal({"id": "x", "name": "a\x00b"})
    with pytest.raises(StoreError, match="NUL character"), falkordb_store(_graph(["fine", "nul\x00here"])):
        pass


def test_values_of_other_types_and_unreadable_keys_are_refused() -> None:
    with pytest.raises(StoreError, match="type bytes"):
        cypher_literal([b"raw"])
    with pytest.raises(StoreError, match="property or parameter named"):
        cypher_literal({"a`b": 1})


@given(
    st.recursive(
        st.none() | st.integers() | st.floats(allow_nan=False) | st.text(st.characters(blacklist_characters="\x00")),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_the_encoder_writes_what_the_falkordb_package_writes(value: object) -> None:
    # booleans aside (the package writes Python's True, we write Cypher's true: the server reads both)
    assert cypher_literal(value) == stringify_param_value(value)


def test_hostile_strings_as_query_parameters_come_back_exactly_and_inject_nothing() -> None:
    # a query's parameters are written by the same encoder (params_header) as the load's rows
    with falkordb_store(_graph(["x"])) as store:
        for value in [*HOSTILE, "a$b", "CYPHER `v`=1 RETURN 1 //"]:
            rows = store.query("RETURN $v AS v, size($v) AS n", {"v": value}).rows
            assert rows == [(value, len(value))], repr(value)
        assert store.query("MATCH (n) RETURN count(n) AS n").rows == [(2,)]


def test_a_parameter_falkordb_cannot_take_is_refused_before_anything_is_sent_or_timed() -> None:
    # refused before the watchdog starts: one left running would kill the server a second later
    with falkordb_store(_graph(["x"])) as store:
        with pytest.raises(StoreError, match="NUL character"):
            store.query("RETURN $v AS v", {"v": "a\x00b"}, timeout=0.1)
        with pytest.raises(StoreError, match="parameter named"):
            store.query("RETURN 1 AS v", {"a`b": 1}, timeout=0.1)
        time.sleep(0.1 + KILL_GRACE + 0.3)
        assert store.query("RETURN 1 AS v").rows == [(1,)]


def test_every_kind_of_cell_reads_as_the_falkordb_package_reads_it() -> None:
    # read_reply reads scalars itself and hands every other kind to the package: the same rows
    queries = [
        "RETURN null AS a, 'text' AS b, -7 AS c, true AS d, false AS e, 2.5 AS f, 1e300 AS g",
        "RETURN [1, 'two', [3.0, null], {k: false}] AS a, {x: 1, y: ['z']} AS b, [] AS c, {} AS d",
        "MATCH (b:Body)-[r:HAS_MEMBER]->(o:Organisation) RETURN b, r, o ORDER BY b.id",
        "MATCH p = (:Body)-[:HAS_MEMBER]->(:Organisation) RETURN p, length(p) AS n",
        "RETURN point({latitude: 55.6, longitude: 13.0}) AS p, toFloat(3) AS f, 10 / 4 AS i",
        "MATCH (b:Body) WHERE b.id = 'none' RETURN b",
        "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n ORDER BY label",
    ]
    with falkordb_store(_graph(['say "hi"', "åäö"])) as store:
        for q in queries:
            reply = store.graph.ro_query(q)
            expected = [tuple(_plain(v) for v in row) for row in reply.result_set]
            got = store.query(q)
            assert got.columns == [str(h[1]) for h in reply.header], q
            assert got.rows == expected, q
            assert [[type(v) for v in row] for row in got.rows] == [[type(v) for v in row] for row in expected], q
        # a reply without a result set (a write without RETURN): the package's reader, no rows
        done = store.query("CREATE (:Body {id: 'new'})", allow_update=True)
        assert (done.columns, done.rows) == ([], [])
        assert store.query("MATCH (b:Body {id: 'new'}) RETURN count(b) AS n").rows == [(1,)]
        # an error at run time (not at parse time) is the engine's message
        with pytest.raises(TmbError, match=r"(?i)type mismatch"):
            store.query("UNWIND [1, 'a'] AS x RETURN x * 2 AS y")
