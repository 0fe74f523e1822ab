"""Query parameters from the command line (``--param name=value``), typed once for both languages.

A value is bound, never spliced into the query text: SPARQL gets an RDF term substituted for
``?name``, Cypher a driver parameter ``$name``. Values are typed by their shape: ``2019-10-01``
is a date (``xsd:date`` in SPARQL, an ISO string in Cypher, where the property graph keeps
dates as ISO strings), ``12`` an integer, ``true``/``false`` a boolean, anything else a string.

A type can be asked for by writing it after the name: ``name:TYPE=value`` with TYPE one of
``string`` (``str``), ``int`` (``integer``), ``date`` or ``bool`` (``boolean``). Year dates
are stored as strings, so ``-p year:string=2020`` matches them where ``-p year=2020`` (an
integer) cannot.
"""

from __future__ import annotations

import datetime as dt
import re

from tmb_graph.errors import TmbError

ParamValue = str | int | bool | dt.date
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = re.compile(r"^-?[0-9]{1,18}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: the types ``name:TYPE=value`` may ask for → canonical name
TYPES: dict[str, str] = {
    "string": "string",
    "str": "string",
    "int": "int",
    "integer": "int",
    "date": "date",
    "bool": "bool",
    "boolean": "bool",
}


def typed(value: str) -> ParamValue:
    """The typed value of a parameter text.

    Examples
    --------
    >>> typed("2019-10-01"), typed("12"), typed("org-kfsk"), typed("true")
    (datetime.date(2019, 10, 1), 12, 'org-kfsk', True)
    """
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise TmbError(f"parameter value '{value}' looks like a date but is not one (use YYYY-MM-DD)") from None
    if _INT.match(value):
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    return value


def as_type(value: str, type_name: str, item: str) -> ParamValue:
    """``value`` as the type asked for in ``name:TYPE=value`` (see :data:`TYPES`).

    Raises
    ------
    TmbError
        For an unknown type, or a value that is not of it.

    Examples
    --------
    >>> as_type("2020", "string", "p:string=2020"), as_type("3", "int", "n:int=3")
    ('2020', 3)
    """
    kind = TYPES.get(type_name.lower())
    if kind is None:
        raise TmbError(
            f"--param '{item}': unknown type '{type_name}'; write name:TYPE=value with TYPE one of "
            "string, int, date, bool (e.g. -p year:string=2020)"
        )
    if kind == "string":
        return value
    if kind == "int":
        if not _INT.match(value.strip()):
            raise TmbError(f"--param '{item}': '{value}' is not an integer")
        return int(value)
    if kind == "date":
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise TmbError(f"--param '{item}': '{value}' is not a date (use YYYY-MM-DD)") from None
    if value.strip().lower() not in ("true", "false"):
        raise TmbError(f"--param '{item}': '{value}' is not a boolean (true or false)")
    return value.strip().lower() == "true"


def parse_params(items: list[str] | None) -> dict[str, ParamValue]:
    """Parse ``name=value`` (or ``name:TYPE=value``) items; names are SPARQL/Cypher variable names.

    Raises
    ------
    TmbError
        For an item without ``=``, an invalid name, an unknown type or a name given twice.

    Examples
    --------
    >>> parse_params(["at=2019-10-01", "org=org-kfsk"])
    {'at': datetime.date(2019, 10, 1), 'org': 'org-kfsk'}
    >>> parse_params(["year:string=2020", "n:int=3"])
    {'year': '2020', 'n': 3}
    """
    out: dict[str, ParamValue] = {}
    for item in items or []:
        head, sep, value = item.partition("=")
        if not sep:
            raise TmbError(f"--param '{item}': expected name=value, e.g. --param at=2019-10-01")
        name, colon, type_name = head.partition(":")
        if not _NAME.match(name):
            raise TmbError(f"--param '{item}': '{name}' is not a valid parameter name (letters, digits, _)")
        if name in out:
            raise TmbError(f"--param '{name}' given twice")
        out[name] = as_type(value, type_name, item) if colon else typed(value)
    return out


def cypher_value(value: ParamValue) -> str | int | bool:
    """A parameter as the Cypher stores hold it (dates as ISO strings, like the mapping)."""
    return value.isoformat() if isinstance(value, dt.date) else value
