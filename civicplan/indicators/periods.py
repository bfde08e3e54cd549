"""ISO 8601 intervals as the ONS publishes them: `2021-04-01/P1Y`, `2021-04-01/P3M`, `start/end`, or one day."""

from __future__ import annotations

import datetime as dt
import re

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28)) if day.day > 28 else day.replace(year=year, month=month)


def period_parse(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of an interval, or ValueError saying what is wrong."""
    text = (text or "").strip()
    start_text, sep, rest = text.partition("/")
    if not sep:  # a snapshot on one day, e.g. 2024-03-15
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text[:40]}” is neither a date nor an ISO 8601 interval such as 2021-04-01/P1Y") from None
        return day, day
    try:
        start = dt.date.fromisoformat(start_text)
    except ValueError:
        raise ValueError(f"“{start_text[:20]}” is not a date (YYYY-MM-DD)") from None
    match = _DURATION.match(rest)
    if match and any(match.groups()):
        years, months, weeks, days = (int(g or 0) for g in match.groups())
        end = _add_months(start, years * 12 + months) + dt.timedelta(weeks=weeks, days=days)
        return start, end - dt.timedelta(days=1)
    try:
        end = dt.date.fromisoformat(rest)
    except ValueError:
        raise ValueError(f"“{rest[:20]}” is neither a duration (P1Y, P3M) nor an end date") from None
    if end < start:
        raise ValueError(f"the interval ends ({end}) before it starts ({start})")
    return start, end
