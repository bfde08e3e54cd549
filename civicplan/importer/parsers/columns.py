"""Pages printed in columns: read column by column, not straight across.

A plan "at a glance" prints its themes side by side, each in a box or a column with its own
list. Read straight across, the first line of every column would run together ("Children
get the best • Neighbourhoods are • Local firms grow and"). A run of lines that share an
empty vertical strip (a gutter) from top to bottom, with text on both sides, is a set of
columns: its lines are cut at the gutters and given back column by column.

A table set without rules looks the same, so a run is read as columns only when every column
holds words: a column of dates, numbers or short codes beside a column of text is a table
(`find_tables` and the table readers have already taken the ones with a header).
"""

from __future__ import annotations

import dataclasses
import re

from ..document import Line

#: Words further apart than this many ems are in different columns.
_GUTTER_EMS = 1.6
#: A line further below the one above than this many line heights ends a run.
_RUN_GAP = 3.0
_CODE = re.compile(r"^[\W\d_]*$|^[A-Z]{1,4}\d{0,3}$")


def _segments(line: Line) -> list[tuple[float, float, str]]:
    """The line's words grouped into pieces separated by wide gaps: [(x0, x1, text)]."""
    if not line.words:
        return [(line.indent, line.x1, line.text)]
    gap = max(line.size or 10.0, 4.0) * _GUTTER_EMS
    pieces: list[list] = []
    for x0, x1, text in line.words:
        if pieces and x0 - pieces[-1][1] <= gap:
            pieces[-1][1] = x1
            pieces[-1][2].append(text)
        else:
            pieces.append([x0, x1, [text]])
    return [(x0, x1, " ".join(words)) for x0, x1, words in pieces]


def _free(gutters: list[tuple[float, float]], segments, minimum: float) -> list[tuple[float, float]]:
    """The parts of the gutters no segment crosses, at least `minimum` wide."""
    out = gutters
    for x0, x1, _ in segments:
        cut = []
        for g0, g1 in out:
            if x1 <= g0 or x0 >= g1:
                cut.append((g0, g1))
                continue
            if x0 - g0 >= minimum:
                cut.append((g0, x0))
            if g1 - x1 >= minimum:
                cut.append((x1, g1))
        out = cut
    return out


def _column_of(x0: float, x1: float, gutters: list[tuple[float, float]]) -> int:
    centre = (x0 + x1) / 2
    return sum(1 for g0, _ in gutters if centre > g0)


def _wordy(texts: list[str]) -> bool:
    """A column of words, not of dates, figures or codes (which make a table)."""
    if not texts:
        return False
    plain = [t for t in texts if not _CODE.match(t.strip("•–-* ")) and not _only_dates(t)]
    return len(plain) * 2 > len(texts)


def _only_dates(text: str) -> bool:
    from civicplan.core.periods import find_periods  # here: most documents have no columns to ask about

    found = find_periods(text)
    covered = sum(end - start for start, end, _ in found)
    return bool(found) and covered >= len(text.strip()) * 0.6


def read_columns(lines: list[Line]) -> list[Line]:
    """The lines with every run of side-by-side columns given back column by column."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        run_end, gutters = _run_from(lines, index)
        if run_end - index < 2 or not gutters:
            out.append(lines[index])
            index += 1
            continue
        split = _split(lines[index:run_end], gutters)
        if split is None:
            out.append(lines[index])
            index += 1
            continue
        out.extend(split)
        index = run_end
    return out


def _run_from(lines: list[Line], start: int) -> tuple[int, list[tuple[float, float]]]:
    first = lines[start]
    if first.table is not None:
        return start, []
    size = max(first.size or 10.0, 4.0)
    minimum = size * _GUTTER_EMS
    if getattr(first, "widest_gap", minimum) < minimum:
        return start, []  # no gap between its words is wide enough to be a gutter
    segments = _segments(first)
    if len(segments) < 2:
        return start, []
    gutters = [(a[1], b[0]) for a, b in zip(segments, segments[1:]) if b[0] - a[1] >= minimum]
    end = start + 1
    previous = first
    while end < len(lines):
        line = lines[end]
        height = max(getattr(line, "bottom", line.top) - line.top, 1.0)
        if line.table is not None or line.page != previous.page \
                or line.top - getattr(previous, "bottom", previous.top) > _RUN_GAP * height:
            break
        free = _free(gutters, _segments(line), minimum)
        if not free:
            break
        # A gutter the line's words cross is no gutter; the rest stay.
        gutters = free
        previous = line
        end += 1
    return end, gutters


def _split(run: list[Line], gutters: list[tuple[float, float]]) -> list[Line] | None:
    columns: dict[int, list[Line]] = {}
    wide = 0
    for line in run:
        segments = _segments(line)
        if len({_column_of(x0, x1, gutters) for x0, x1, _ in segments}) > 1:
            wide += 1
        # Words of one column stay one piece however far apart they are inside it.
        by_column: dict[int, list[tuple[float, float, str]]] = {}
        for segment in segments:
            by_column.setdefault(_column_of(segment[0], segment[1], gutters), []).append(segment)
        for number, pieces in by_column.items():
            left, right = pieces[0][0], pieces[-1][1]
            piece = dataclasses.replace(
                line, text=" ".join(text for _, _, text in pieces), indent=left, x1=right,
                words=[w for w in (line.words or []) if left <= w[0] and w[1] <= right],
                bold_lead=line.bold_lead if number == 0 else "",
            )
            if hasattr(line, "bottom"):
                piece.bottom = line.bottom  # type: ignore[attr-defined]
            columns.setdefault(number, []).append(piece)
    if wide < 2 or len(columns) < 2:
        return None
    if not all(_wordy([p.text for p in pieces]) for pieces in columns.values()):
        return _dated_rows(run, columns)
    ordered = []
    for number in sorted(columns):
        ordered.extend(columns[number])
    return ordered


def _dated_rows(run: list[Line], columns: dict[int, list[Line]]) -> list[Line] | None:
    """Side-by-side text and dates with no header ("Call for sites      January 2026"): a
    timetable set without rules. Each line that starts in the first column is a row; a line
    with text only in the first column, no date and a small letter first carries on the row
    above (a wrapped cell)."""
    last = max(columns)
    if not columns[last] or not all(_only_dates(p.text) or p.text.strip().upper() in ("TBC", "TBA", "TBD")
                                    for p in columns[last]):
        return None
    rows: list[list[str]] = []
    for line in run:
        cells = [""] * (last + 1)
        for piece in (p for number in columns for p in columns[number] if p.top == line.top):
            number = next(n for n, ps in columns.items() if any(x is piece for x in ps))
            cells[number] = f"{cells[number]} {piece.text}".strip()
        if not cells[0]:
            if not rows:
                return None
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells)]
        elif rows and not any(cells[1:]) and cells[0][:1].islower():
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    if len(rows) < 2:
        return None
    first = run[0]
    table = Line(text=" | ".join(rows[0]), page=first.page, indent=first.indent, size=first.size, top=first.top,
                 x1=max(line.x1 for line in run), page_height=first.page_height, table=rows)
    table.bottom = getattr(run[-1], "bottom", run[-1].top)  # type: ignore[attr-defined]
    return [table]
