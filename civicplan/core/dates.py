"""The span of dates the product accepts anywhere a person types one (1990 to 2100): wide
enough for any plan's history and future, narrow enough to catch a mistyped year."""

import datetime as dt

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
OUT_OF_RANGE = "Enter a date between 1990 and 2100"


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST
