"""Dates at the precision the source allows.

The evaluation rarely gives a day: it says "hösten 2019", "vårvintern 2019", "under första
kvartalet 2019". A :class:`FuzzyDate` keeps the text's precision and turns it into a closed
range ``[earliest, latest]`` of calendar days, so that intervals can be compared without
pretending to know more than the source says.

Accepted spellings (``YYYY`` is a four-digit year)::

    YYYY-MM-DD      day             2018-05-30
    YYYY-MM         month           2018-09
    YYYY-Qn         quarter         2019-Q1
    YYYY-Hn         half year       2019-H2
    YYYY-<season>   season          2019-autumn  (spring, summer, autumn,
                                                  late-winter, late-autumn, early-spring)
    YYYY            year            2020

Examples
--------
>>> d = FuzzyDate.parse("2019-autumn")
>>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
('season', '2019-09-01', '2019-11-30')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    """How precisely the source dates an instant (a SKOS concept in ``ontology/``)."""

    day = "day"
    month = "month"
    quarter = "quarter"
    half_year = "half_year"
    season = "season"
    year = "year"


# Swedish seasons as the source uses them: "vårvintern" is late winter (Feb-Mar),
# "senhösten" late autumn (Oct-Nov). Month ranges are inclusive.
SEASONS: dict[str, tuple[int, int]] = {
    "late-winter": (2, 3),
    "early-spring": (3, 4),
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "late-autumn": (10, 11),
}

_PATTERN = re.compile(
    r"^(?P<y>\d{4})"
    r"(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>[a-z-]+)))?$",
    re.ASCII,  # \d would also match Arabic-Indic and other digits
)


class DateFormatError(ValueError):
    """A date string is not in one of the accepted spellings."""


def _month_range(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """An instant known to lie within ``[earliest, latest]`` at a given precision.

    Parameters
    ----------
    earliest, latest : datetime.date
        First and last calendar day the instant may fall on.
    precision : Precision
        The precision of the source's wording.
    text : str
        The canonical spelling it was parsed from (round-trips through :meth:`parse`).
    """

    earliest: dt.date
    latest: dt.date
    precision: Precision
    text: str

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse one of the accepted spellings; raise :class:`DateFormatError` otherwise."""
        text = text.strip()
        m = _PATTERN.match(text)
        shown = text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"
        if not m:
            raise DateFormatError(
                f"'{shown}' is not a date: use YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn, "
                f"YYYY-<season> ({', '.join(SEASONS)}) or YYYY"
            )
        if m["s"] and m["s"] not in SEASONS:
            raise DateFormatError(f"'{shown}': unknown season '{m['s']}'; use one of {', '.join(SEASONS)}")
        try:
            return cls._build(m, text)
        except ValueError as exc:  # month 13, 30 February, year 0 ...
            raise DateFormatError(f"'{shown}' is not a calendar date: {exc}") from None

    @classmethod
    def _build(cls, m: re.Match[str], text: str) -> FuzzyDate:
        year = int(m["y"])
        if m["d"]:
            day = dt.date(year, int(m["m"]), int(m["d"]))
            return cls(day, day, Precision.day, text)
        if m["m"]:
            month = int(m["m"])
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} out of range")
            return cls(*_month_range(year, month, month), Precision.month, text)
        if m["q"]:
            q = int(m["q"])
            return cls(*_month_range(year, 3 * q - 2, 3 * q), Precision.quarter, text)
        if m["h"]:
            h = int(m["h"])
            return cls(*_month_range(year, 6 * h - 5, 6 * h), Precision.half_year, text)
        if m["s"]:
            return cls(*_month_range(year, *SEASONS[m["s"]]), Precision.season, text)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.year, text)

    def __str__(self) -> str:
        return self.text
