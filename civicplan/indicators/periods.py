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


def period_label(text: str) -> str:
    """How a period reads on a page: 2021 (calendar year), 2021/22 (financial year), else as written."""
    try:
        start, end = period_parse(text)
    except ValueError:
        return text
    if text.endswith("/P1Y") and start.month == 1 and start.day == 1:
        return str(start.year)
    if text.endswith("/P1Y") and start.month == 4 and start.day == 1:
        return f"{start.year}/{(start.year + 1) % 100:02d}"
    if start == end:
        return start.strftime("%-d %b %Y")
    if text.endswith("/P1Y"):
        return f"{start.strftime('%-d %b %Y')} to {end.strftime('%-d %b %Y')}"
    return f"{start.strftime('%b %Y')} to {end.strftime('%b %Y')}" if start.day == 1 else text
