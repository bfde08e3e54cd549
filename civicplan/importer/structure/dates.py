"""Target dates of milestones (and deadlines of other items), read by the foundation's parser.

A milestone's own date is the first date phrase in it. Further dated steps in the same
item become child milestones when the item prints them as steps: a run of short dated
segments ("Q2 2022 (LLCS and HEB) – Q1 2023 for Taxicard"), a named thing with its date in
brackets ("Premises Strategy (September 2022)"), a "Milestones:" list inside the item, or a
further deadline ("... to be established by September 2022"). Dates that are facts, not
targets (a day something took place, a financial year used as a name, a hedged "(likely
summer 2022)") are left in the text. Nothing is ever guessed: the words go through
`civicplan.core.periods`, and what it cannot read keeps its words and no dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicplan.core.periods import Precision, TargetPeriod, find_periods, parse_period

from .kinds import without_refs
from .tree import Node

_STEPS_LABEL = re.compile(r"\b(milestones?|key dates|steps|timeline|timetable)\s*:\s*", re.IGNORECASE)
_HEDGES = re.compile(r"\b(likely|possibly|probably|expected|estimated|approx\w*|around|circa|c\.)\b", re.IGNORECASE)
_SEGMENT_SPLIT = re.compile(r"\s+[–—-]\s+|,\s+|;\s+")
_BOUNDARY = re.compile(r"\s[–—-]\s|,\s|;\s|\bincluding\s|\(|(?<![0-9])\sand\s(?![0-9])|:\s")
_CUE_WORDS = re.compile(r"^(?:to\s+launch\s+in|to\s+be\s+\w+\s+(?:in|by)|launch(?:ing)?\s+in|due\s+(?:in|by)|in|by|for|from|on|at)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(]|\s*$)")
_DEADLINE_WORDS = re.compile(r"\b(by|no later than|before)\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d")


@dataclass
class Found:
    start: int
    end: int
    period: TargetPeriod
    paren: tuple[int, int] | None  # the brackets around it, if any


def _periods(text: str) -> list[Found]:
    out = []
    for start, end, period in find_periods(text):
        if period.precision is Precision.UNKNOWN and not period.parts and not re.search(r"\d{4}", text[start:end]):
            continue
        open_at = text.rfind("(", 0, start)
        close_before = text.rfind(")", 0, start)
        paren = None
        if open_at > close_before:
            close_at = text.find(")", end)
            if close_at != -1:
                paren = (open_at, close_at + 1)
        out.append(Found(start, end, period, paren))
    return out


def _sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END.search(text, position)
    return match.end() if match else len(text)


def _clause_start(text: str, position: int, floor: int) -> int:
    best = floor
    for match in _BOUNDARY.finditer(text, floor, position):
        if match.group().startswith("("):
            if match.start() < position - 1 and text.find(")", match.start(), position) == -1:
                continue
            best = match.end()
        else:
            best = match.end()
    return best


def _strip_title(text: str) -> str:
    text = text.strip()
    text = re.sub(r"[\s(–—,;:-]+$", "", text)
    return text.strip()


_MONTH_TWO_DIGITS = re.compile(
    r"^\s*(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+'?(\d{2})\s*$",
    re.IGNORECASE,
)


def read_column_date(words: str, convention=None) -> TargetPeriod:
    """A cell of a table's dates column. Timetables write "December 24" for December 2024:
    in a column that holds only target dates a month needs a year, so a two-digit number
    after a month is that year (the reading is put in the note). Anywhere else the phrase
    stays unread, as `civicplan.core.periods` decides."""
    period = parse_period(words) if convention is None else parse_period(words, convention)
    if period.precision is not Precision.UNKNOWN:
        return period
    match = _MONTH_TWO_DIGITS.match(words)
    if not match:
        return period
    month, year = match.group(1), 2000 + int(match.group(2))
    spelled = f"{month} {year}"
    read = parse_period(spelled) if convention is None else parse_period(spelled, convention)
    if read.precision is Precision.UNKNOWN:
        return period
    return TargetPeriod(text=words, start=read.start, end=read.end, precision=read.precision,
                        note=f"read as {month.title()} {year}: in a dates column '{match.group(2)}' is the year")


def date_fields(words: str, convention=None) -> dict:
    period = parse_period(words) if convention is None else parse_period(words, convention)
    return {
        "date_text": words,
        "start": period.start.isoformat() if period.start else None,
        "end": period.end.isoformat() if period.end else None,
        "precision": period.precision.value,
    }


def _child(parent: Node, title: str, text: str, date_text: str) -> Node:
    child = Node(role="item", title=text, synthetic=True, kind=parent.kind, index=parent.index)
    child.element_title = _strip_title(title) or text
    child.element_text = text.strip()
    child.date_text = date_text
    child.parent = parent
    return child


def _is_fact(found: Found, text: str) -> bool:
    """A date that is not a target: a day something happened, a year used as a name."""
    period = found.period
    if period.precision is Precision.DAY:
        return True
    before = text[max(0, found.start - 12): found.start].lower()
    cue = bool(re.search(r"\b(by|until|from|in|during|before|after|to)\s*$", before))
    if found.paren is None and period.precision in (Precision.FINANCIAL_YEAR, Precision.SPAN, Precision.YEAR) \
            and not cue and not text[found.start:found.end].lower().startswith(("by", "from", "until")):
        return True
    return False


def _step_list(text: str, first: Found, founds: list[Found]) -> list[tuple[str, str, str]] | None:
    """Short dated segments in a row: [(title, text, date words)] or None."""
    stop = _sentence_end(text, first.end)
    span = text[first.start:stop].rstrip(". ")
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(span) if s.strip()]
    if len(segments) < 2:
        return None
    out = []
    for segment in segments:
        inside = [f for f in _periods(segment)]
        if len(inside) != 1:
            return None
        found = inside[0]
        rest = (segment[: found.start] + " " + segment[found.end:]).strip()
        rest = rest.strip("() ").strip()
        rest = re.sub(r"^(for|by|in|at)\s+", "", rest, flags=re.IGNORECASE)
        if len(rest.split()) > 6:
            return None
        out.append((rest, segment, segment[found.start:found.end]))
    return out


def _semicolon_steps(text: str) -> list[tuple[str, str, str]] | None:
    """Dated steps set apart by semicolons, each a short name and its date: "Retraining hub
    open - Q3 2026; first 100 learners enrolled - Q1 2027"."""
    segments = [s.strip().rstrip(".") for s in re.split(r";\s+", text) if s.strip()]
    if len(segments) < 2:
        return None
    out = []
    for segment in segments:
        found = [f for f in _periods(segment) if not _is_fact(f, segment) or f.period.precision is not Precision.DAY]
        if len(found) != 1:
            return None
        f = found[0]
        name = (segment[: f.start] + " " + segment[f.end:]).strip(" -–—:,()")
        name = re.sub(r"\s+(?:by|in|from|for|at|on|due)$", "", name.strip(), flags=re.IGNORECASE).strip(" -–—:,")
        if not name or len(name.split()) > 12:
            return None
        out.append((name, segment, segment[f.start:f.end]))
    return out


def read_milestone(node: Node) -> tuple[str, list[Node], int | None]:
    """(the milestone's own date words, its dated steps as child nodes, where its title ends)."""
    text = node.title
    body = without_refs(text)
    label = _STEPS_LABEL.search(body)
    if label and label.start() > 0:
        before, after = body[: label.start()], body[label.end():]
        children = []
        for segment in re.split(r";\s*", after):
            segment_text = segment.strip().rstrip(".")
            if not segment_text:
                continue
            found = _periods(segment_text)
            if not found:
                continue
            f = found[0]
            children.append(_child(node, segment_text[: f.start], segment_text, segment_text[f.start:f.end]))
        own = _periods(before)
        own = [f for f in own if not _is_fact(f, before)]
        if children:
            return (before[own[0].start:own[0].end] if own else ""), children, None
    founds = [f for f in _periods(body)]
    if not founds:
        return "", [], None
    first = founds[0]
    steps = _semicolon_steps(body)
    if steps:
        return "", [_child(node, title, segment, words) for title, segment, words in steps], first.start
    steps = _step_list(body, first, founds)
    if steps:
        children = [_child(node, title, segment, words) for title, segment, words in steps]
        return "", children, first.start
    primary: Found | None = first
    if first.paren is not None and _clause_start(body, first.paren[0], 0) > 0:
        primary = None  # "..., including Premises Strategy (September 2022)": a step, not the item's date
    if primary is not None and _is_fact(primary, body) and primary.period.precision is Precision.DAY:
        primary = None
    children = []
    floor = primary.end if primary is not None else 0
    if primary is not None and primary.paren is not None:
        floor = primary.paren[1]
    for found in founds:
        if found is primary or found.start < floor:
            continue
        if found.period.precision is Precision.UNKNOWN and not found.period.parts:
            continue
        if found.paren is not None:
            inner = body[found.paren[0] + 1: found.paren[1] - 1]
            if _HEDGES.search(inner):
                continue
            before_date = inner[: found.start - found.paren[0] - 1].strip()
            if before_date and before_date[:1].isupper() and not _CUE_WORDS.match(before_date + " "):
                children.append(_child(node, before_date, inner, body[found.start:found.end]))
            else:
                start = _clause_start(body, found.paren[0], floor)
                clause = body[start: found.paren[1]]
                title = body[start: found.paren[0]]
                children.append(_child(node, title, clause, body[found.start:found.end]))
            floor = found.paren[1]
            continue
        if _is_fact(found, body):
            continue
        if found.period.start is None and found.period.end is not None:  # a further deadline
            start = _clause_start(body, found.start, floor)
            stop = _sentence_end(body, found.end)
            clause = body[start:stop].strip()
            title = body[start: found.start]
            children.append(_child(node, title, clause, body[found.start:found.end]))
            floor = stop
    if primary is None:
        return "", children, None
    return body[primary.start:primary.end], children, primary.start


#: A date set after an item, after a dash or in brackets at its end: "Publish the strategy -
#: March 2026", "Open the new library (Q3 2026)".
_DASHES = "–—-"
_TAIL_DASH = re.compile(rf"\s+[{_DASHES}]\s+([^–—()]{{2,40}}?)\s*\.?\s*$")
_TAIL_PAREN = re.compile(r"\s*\(([^()]{2,40})\)\s*\.?\s*$")


def read_tail_date(text: str) -> tuple[str, int | None]:
    """(date words, where they start) when an item ends with a date after a dash or in
    brackets, and the whole of that tail reads as a period; else ("", None)."""
    end = text.rstrip()
    end = end[:-1].rstrip() if end.endswith(".") else end
    for pattern in (_TAIL_PAREN, _TAIL_DASH):
        if pattern is _TAIL_PAREN and not end.endswith(")"):
            continue  # no bracket closing the text
        if pattern is _TAIL_DASH and not any(dash in text for dash in _DASHES):
            continue
        match = pattern.search(text)
        if match is None or match.start() == 0:
            continue
        words = match.group(1).strip().rstrip(".").strip()
        period = parse_period(words)
        if period.has_dates or period.precision is Precision.TBC:
            return words, match.start()
    return "", None


def read_deadline(node: Node) -> tuple[str, int | None]:
    """An item that is not a milestone carries a date only as a deadline ("... by 2022"), or
    as a date set apart at its end ("... - March 2026", "... (Q3 2026)")."""
    body = without_refs(node.title)
    # The parser is only asked when a deadline could be there: a date is read only from a year
    # written in figures, so a text with none after its first "by" holds no deadline.
    deadline = _DEADLINE_WORDS.search(body) if _FIGURE.search(body) else None
    if deadline and _FIGURE.search(body, deadline.end()):
        for found in _periods(body):
            period = found.period
            words = body[found.start:found.end]
            if period.start is None and period.end is not None and period.precision is not Precision.DAY \
                    and words.lower().startswith(("by", "no later than", "before")):
                return words, found.start
    return read_tail_date(body)


def read_key_event(node: Node) -> tuple[str, str, list[Node]]:
    """A dated event in a policy calendar, date first ("May 2023 Local Elections")."""
    text = node.title
    founds = _periods(text)
    if not founds or founds[0].start > 2:
        words, _ = ("", None)
        return words, text, []
    first = founds[0]
    words = text[first.start:first.end]
    title = text[first.end:].strip(" -–:")
    children = []
    for part in first.period.parts:
        year = part.start.year if part.start else ""
        child = _child(node, f"{title} {year}".strip(), "", part.text)
        child.element_text = ""
        children.append(child)
    return words, title, children
