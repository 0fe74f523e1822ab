"""Parameters typed by shape, or by the type the user names (``-p year:string=2020``)."""

from __future__ import annotations

import datetime as dt

import pytest

from tmb_graph.errors import TmbError
from tmb_graph.query.params import parse_params


def test_values_are_typed_by_shape_unless_a_type_is_named() -> None:
    assert parse_params(["p=2020", "d=2019-10-01", "b=true", "s=org-kfsk"]) == {
        "p": 2020,
        "d": dt.date(2019, 10, 1),
        "b": True,
        "s": "org-kfsk",
    }
    assert parse_params(["p:string=2020", "n:int=3", "d:date=2019-10-01", "b:bool=false", "x:str=true"]) == {
        "p": "2020",
        "n": 3,
        "d": dt.date(2019, 10, 1),
        "b": False,
        "x": "true",
    }


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("p:text=2020", "unknown type 'text'"),
        ("n:int=three", "'three' is not an integer"),
        ("d:date=2019-13-01", "is not a date"),
        ("b:bool=yes", "is not a boolean"),
        ("p:=1", "unknown type ''"),
        ("9p:string=1", "not a valid parameter name"),
    ],
)
def test_a_wrong_type_or_value_is_a_clear_error(item: str, message: str) -> None:
    with pytest.raises(TmbError, match=message):
        parse_params([item])
