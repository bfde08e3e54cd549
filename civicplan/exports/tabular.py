"""Cells for spreadsheets people open: safe from formula injection, dates and yes/no as words.

A cell that starts with = + - @ (or a tab or carriage return) is run as a formula by Excel
and LibreOffice when a CSV is opened, so commentary typed by one person could run on
another's machine. CSV cells like that get a leading apostrophe (OWASP's advice); XLSX cells
are written as text cells, which spreadsheet programs never evaluate.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl refuses them); they never mean anything in a plan.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_value(value) -> str:
    """One value as CSV text: ISO dates, yes/no, whole numbers, and guarded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(columns: list[str], rows: Iterable[list]) -> str:
    """A whole CSV file as text (header first, CRLF line ends as RFC 4180 and Excel expect)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_value(c) for c in columns])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue()


def xlsx_value(value):
    """One value for an XLSX cell: text stripped of characters XML cannot hold; yes/no words."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: the local time as shown
    return value


INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def sheet_names(wanted: list[str]) -> list[str]:
    """Excel sheet names for the given titles: at most 31 characters, no []:*?/\\, all different.

    "History" is reserved by Excel, so it becomes "History (sheet)".
    """
    used: set[str] = set()
    names = []
    for title in wanted:
        base = INVALID_SHEET_CHARS.sub("-", title or "").strip().strip("'").strip() or "Sheet"
        if base.lower() == "history":
            base = "History (sheet)"
        base = base[:SHEET_NAME_MAX].rstrip()
        name, n = base, 1
        while name.lower() in used:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        used.add(name.lower())
        names.append(name)
    return names
