"""Dates as people type them, read one way everywhere (ADR 0024).

The span accepted anywhere a person types a date (1990 to 2100) is wide enough for any plan's
history and future, narrow enough to catch a mistyped year.
"""

import datetime as dt
import re

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
OUT_OF_RANGE = "Enter a date between 1990 and 2100"


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


class DateInputError(ValueError):
    """A date as typed that cannot be read; the message is the GOV.UK one, ready to show."""


_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for name in names}
_SEPARATORS = re.compile(r"[/.\-\s]+")


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def date_from_parts(day: str, month: str, year: str, *, label: str = "Date") -> dt.date | None:
    """The date in GOV.UK day, month and year boxes; None when all three are empty.

    The messages are the GOV.UK Design System's ("Date must include a month", "Date must be a
    real date"), with the field's name in place of "Date". A two-figure year is this century's.
    """
    parts = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
    if not any(parts.values()):
        return None
    missing = [name for name, value in parts.items() if not value]
    if missing:
        raise DateInputError(f"{label} must include a {' and '.join(missing)}")
    month_value = _number(parts["month"]) or _MONTHS.get(parts["month"].lower())
    day_value, year_value = _number(parts["day"]), _number(parts["year"])
    if day_value is None or month_value is None or year_value is None:
        raise DateInputError(f"{label} must be a real date")
    if len(parts["year"]) not in (2, 4):
        raise DateInputError("Year must include 4 numbers")
    if len(parts["year"]) == 2:
        year_value += 2000
    try:
        value = dt.date(year_value, month_value, day_value)
    except ValueError:
        raise DateInputError(f"{label} must be a real date") from None
    if not in_range(value):
        raise DateInputError(f"{label} must be between 1990 and 2100")
    return value


def date_from_text(text: str, *, label: str = "Date") -> dt.date | None:
    """A date typed in one box: 31/01/2025, 31/1/25, 31-01-2025, 31 January 2025 or 2025-01-31.

    Read day first (the UK order), through the same checks and messages as the three boxes.
    """
    text = (text or "").strip()
    if not text:
        return None
    pieces = [piece for piece in _SEPARATORS.split(text) if piece]
    if len(pieces) == 3 and len(pieces[0]) == 4 and pieces[0].isdigit():
        pieces = [pieces[2], pieces[1], pieces[0]]  # ISO 8601: year-month-day
    if len(pieces) == 2:  # "01/2025" lacks its day, "31/01" its year
        raise DateInputError(f"{label} must include a {'day' if len(pieces[1]) == 4 else 'year'}")
    if len(pieces) != 3:
        raise DateInputError(f"{label} must be a real date")
    return date_from_parts(*pieces, label=label)
