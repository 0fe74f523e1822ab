"""Names where ids are expected: one id, or a clear message — never an empty answer for a typo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from tmb_graph.errors import TmbError
from tmb_graph.propertygraph.projection import load_projection
from tmb_graph.query.lookup import find, ids, resolve
from tmb_graph.query.mandates import mandates


@pytest.fixture(scope="module")
def g(graph_dir: Path) -> nx.MultiDiGraph:
    return load_projection(graph_dir)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("org-kfsk", "org", "org-kfsk"),
        ("Kommunförbundet", "org", "org-kfsk"),  # a part of the name, unique among organisations
        ("kfsk", "org", "org-kfsk"),  # the abbreviation, any case
        ("KOMMUNFÖRBUNDET SKÅNE (NUMERA SKÅNES KOMMUNER)", "org", "org-kfsk"),
        ("Start-up group", "body", "sug-stmb"),
        ("wg-est", "body", "wg-est"),
    ],
)
def test_an_id_or_a_name_resolves_to_one_id(g: nx.MultiDiGraph, text: str, kind: str, expected: str) -> None:
    assert resolve(g, text, kind) == expected


def test_an_unknown_id_says_what_it_might_have_meant(g: nx.MultiDiGraph) -> None:
    with pytest.raises(TmbError, match=r"no body 'wg-estt' in the graph; did you mean 'wg-est'.*tmb find"):
        resolve(g, "wg-estt", "body")
    with pytest.raises(TmbError, match=r"no body 'wg-nope'.*did you mean"):
        resolve(g, "wg-nope", "body")


def test_a_name_several_things_share_lists_them(g: nx.MultiDiGraph) -> None:
    with pytest.raises(TmbError, match=r"'Arbetsgrupp' matches \d+ bodys?: .*wg-"):
        resolve(g, "Arbetsgrupp", "body")


def test_mandates_refuses_an_unknown_body_instead_of_answering_nothing(g: nx.MultiDiGraph) -> None:
    with pytest.raises(TmbError, match="no body 'wg-nope'"):
        mandates(g, body="wg-nope")
    with pytest.raises(TmbError, match="no person 'p-nobody'"):
        mandates(g, person="p-nobody")


def test_mandates_takes_an_organisation_by_name(g: nx.MultiDiGraph) -> None:
    by_name = mandates(g, at=dt.date(2019, 10, 1), org="Kommunförbundet").rows
    by_id = mandates(g, at=dt.date(2019, 10, 1), org="org-kfsk").rows
    assert by_name == by_id and len(by_id) >= 6


def test_find_puts_whole_matches_first_and_ids_list_a_kind(g: nx.MultiDiGraph) -> None:
    hits = find(g, "kfsk")
    assert hits[0].id == "org-kfsk"  # its abbreviation is a whole match
    assert {e.kind for e in hits} >= {"org", "person", "seat"}
    bodies = ids(g, "body")
    assert {"wg-est", "sug-stmb", "bra-wg-lagesbilder"} <= {e.id for e in bodies}
    assert {e.kind for e in bodies} == {"body"}
    with pytest.raises(TmbError, match=r"unknown kind 'bdy'.*did you mean 'body'"):
        ids(g, "bdy")
