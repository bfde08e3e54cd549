"""Building a plan's milestone timeline: what it shows and where everything goes, as plain records.

Two steps, each a plain record, so the drawing (`draw.py`) only writes markup and never decides
anything:

- `timeline_build` reads the plan on a date (one read model, `standing`) into a `Timeline`:
  rows in groups, with their target periods as written and read, status, depth under a parent
  milestone, the key events and the axis. The page's table and the report read the same records.
- `timeline_layout` works out positions for a drawing width: the axis (`Frame.x`), each row's
  wrapped label, height, bar edges and where its date words go (`RowPlace`), and the key events
  packed into lanes (`EventPlace`). A row is placed once however many drawings show it (the
  page's chart and its print drawings, one per group).

Target dates are periods with a precision, not points, so each bar shows how exact its date
is: a bar for "September 2022" has crisp edges, one for "Autumn 2022" fades at its ends, one for
"from September 2022" trails off with an arrow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from civicplan.delivery.models import RAG_SYMBOL, Rag
from civicplan.plans.models import Element, Plan
from civicplan.plans.selectors import plan_level_names
from civicplan.standing.kinds import GROUP_KINDS
from civicplan.standing.status import ElementStatus, plan_has_sample_data, plan_status

#: Shown instead when a plan has no dated milestones (the 2019/20 pledges, for example).
FALLBACK_KINDS = ("output", "priority", "pledge")
#: Precisions whose edges are exact enough to draw crisp; every other one is drawn fuzzy.
SHARP_PRECISIONS = frozenset({"day", "month"})
NO_GROUPING = "none"

PRECISION_LABELS = {
    "day": "Day",
    "month": "Month",
    "season": "Season",
    "quarter": "Quarter",
    "half": "Half year",
    "year": "Year",
    "financial_year": "Financial year",
    "span": "Span",
    "tbc": "TBC",
    "unknown": "Not readable",
}

# The axis covers the plan period and its dated items, but not more than this far beyond the
# plan period: one long commitment ("2022-25") should not squash everything else.
OVERHANG_MONTHS = 3
MAX_AXIS_YEARS = 10
# "by Jan 2023" has no start: the bar leads in over this many days, fading, with an arrow.
OPEN_START_LEAD_DAYS = 91


# --------------------------------------------------------------------------- what the chart shows


class _ElementPeriod:
    """The target period of the element a row or an event shows, as written and as read."""

    element: Element

    @property
    def date_text(self) -> str:
        return self.element.date_text

    @property
    def start(self) -> dt.date | None:
        return self.element.date_start

    @property
    def end(self) -> dt.date | None:
        return self.element.date_end

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class TimelineRow(_ElementPeriod):
    """One element on the chart: its target period as written and read, and its status then."""

    element: Element
    status: ElementStatus
    depth: int = 0
    has_child_rows: bool = False
    child_span: tuple[dt.date, dt.date] | None = None

    @property
    def key(self) -> str:
        return self.element.key

    @property
    def label(self) -> str:
        """The element's words as printed, with its number or letter when it has one."""
        element = self.element
        return f"{element.label} {element.title}".strip() if element.label else element.title

    @property
    def precision(self) -> str:
        if not self.element.date_text:
            return ""
        return self.element.date_precision or "unknown"

    @property
    def precision_label(self) -> str:
        return PRECISION_LABELS.get(self.precision, self.precision.replace("_", " ").capitalize())

    @property
    def open_start(self) -> bool:
        return self.start is None and self.end is not None

    @property
    def open_end(self) -> bool:
        return self.start is not None and self.end is None

    @property
    def fuzzy(self) -> bool:
        return self.dated and self.precision not in SHARP_PRECISIONS

    @property
    def rag(self) -> str | None:
        return self.status.rag

    @property
    def rag_label(self) -> str:
        return self.status.rag_label

    @property
    def rag_symbol(self) -> str:
        return RAG_SYMBOL[Rag(self.rag)] if self.rag else "–"

    @property
    def overdue(self) -> bool:
        return self.status.overdue

    @property
    def undated_words(self) -> str:
        """What an undated row says instead of a bar."""
        words = self.date_text.strip()
        if not words or words.upper() == "TBC":
            return "no date (TBC)"
        return f"no date (“{words}”)"


@dataclass
class TimelineGroup:
    key: str
    heading: str
    element: Element | None
    rows: list[TimelineRow] = field(default_factory=list)


@dataclass
class KeyEvent(_ElementPeriod):
    """A key political event on the same axis (party conferences, Budget, COP, elections)."""

    element: Element

    @property
    def label(self) -> str:
        return self.element.title


@dataclass
class Timeline:
    plan: Plan
    as_at: dt.date
    today: dt.date
    group_by: str
    group_by_options: list[tuple[str, str]]
    groups: list[TimelineGroup]
    events: list[KeyEvent]
    axis_start: dt.date
    axis_end: dt.date
    row_name: str = "Milestone"
    row_plural: str = "Milestones"
    fallback: bool = False
    message: str = ""
    sample_data: bool = False

    @property
    def rows(self) -> list[TimelineRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def is_today(self) -> bool:
        return self.as_at == self.today

    def status_counts(self) -> list[tuple[str, int]]:
        counts: dict[str | None, int] = {}
        for row in self.rows:
            counts[row.rag] = counts.get(row.rag, 0) + 1
        ordered = [
            (Rag(r).label, counts[r])
            for r in (Rag.COMPLETE, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_STARTED)
            if counts.get(r)
        ]
        if counts.get(None):
            ordered.append(("No update", counts[None]))
        return ordered


def _first_of_month(day: dt.date, shift: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_end(day: dt.date) -> dt.date:
    return _first_of_month(_quarter_start(day), 3) - dt.timedelta(days=1)


def _axis(
    plan: Plan, rows: list[TimelineRow], events: list[KeyEvent], as_at: dt.date
) -> tuple[dt.date, dt.date]:
    """The span of the chart: the plan period and its dated items, in whole calendar quarters."""
    dates = [d for row in rows for d in (row.start, row.end) if d]
    dates += [d for event in events for d in (event.start, event.end) if d]
    starts = dates + ([plan.period_start] if plan.period_start else [])
    ends = dates + ([plan.period_end] if plan.period_end else [])
    if not starts or not ends:
        start = dt.date(as_at.year, 1, 1)
        return start, dt.date(as_at.year, 12, 31)
    low, high = min(starts), max(ends)
    if plan.period_start:
        low = max(low, _first_of_month(plan.period_start, -OVERHANG_MONTHS))
    if plan.period_end:
        high = min(
            high, _first_of_month(plan.period_end, OVERHANG_MONTHS + 1) - dt.timedelta(days=1)
        )
    # Every row must show something: one that falls wholly outside (a 2019/20 pledge due "by
    # 2022") stretches the axis to take it in.
    for row in rows:
        if not row.dated:
            continue
        first = row.start or row.end - dt.timedelta(days=OPEN_START_LEAD_DAYS)
        last = row.end or row.start
        if last < low:
            low = first
        if first > high:
            high = last
    low, high = _quarter_start(low), _quarter_end(max(low, high))
    latest = _first_of_month(low, 12 * MAX_AXIS_YEARS) - dt.timedelta(days=1)
    return low, min(high, latest)


def _nearest(element: Element, by_id: dict[int, Element], kinds: tuple[str, ...]) -> Element | None:
    node = by_id.get(element.parent_id) if element.parent_id else None
    while node is not None:
        if node.kind in kinds:
            return node
        node = by_id.get(node.parent_id) if node.parent_id else None
    return None


def _group_heading(element: Element, level_names: dict[str, tuple[str, str]]) -> str:
    name = level_names.get(element.kind, (element.get_kind_display(),))[0]
    return (
        f"{name} {element.label}: {element.title}" if element.label else f"{name}: {element.title}"
    )


def timeline_build(*, plan: Plan, as_at: dt.date, group_by: str | None = None) -> Timeline:
    """Everything the chart and the table show, read in a fixed number of queries.

    `group_by` is None (or "") for the plan's own structure (each milestone under its nearest
    objective, portfolio, theme or pledge area), one of those kinds, or "none" for a single
    list in date order.
    """
    statuses = plan_status(plan=plan, as_at=as_at)
    level_names = plan_level_names(plan=plan)
    # Dropped by an approved change by the date: off the timeline.
    elements = [status.element for status in statuses.values() if status.in_plan]
    by_id = {element.id: element for element in elements}

    def is_dated(element: Element) -> bool:
        return element.date_start is not None or element.date_end is not None

    milestones = [e for e in elements if e.kind == "milestone"]
    fallback = False
    message = ""
    if any(is_dated(e) for e in milestones):
        row_elements = milestones
        kinds_shown = ["milestone"]
    else:
        row_elements = [e for e in elements if e.kind in FALLBACK_KINDS and is_dated(e)]
        kinds_shown = [k for k in FALLBACK_KINDS if any(e.kind == k for e in row_elements)]
        if row_elements:
            fallback = True
            plural = " and ".join(level_names.get(k, (k, k + "s"))[1].lower() for k in kinds_shown)
            message = (
                f"This plan has no dated milestones, so the timeline shows its dated {plural}."
            )
        else:
            message = (
                "This plan has no dated milestones, so there is nothing to show on a timeline."
            )
    if len(kinds_shown) <= 1:
        kind = kinds_shown[0] if kinds_shown else "milestone"
        row_name, row_plural = level_names.get(kind, ("Milestone", "Milestones"))
    else:
        row_name, row_plural = "Item", "Items"

    # Rows, with child milestones (dated steps) under their parent.
    row_ids = {e.id for e in row_elements}
    rows = {e.id: TimelineRow(element=e, status=statuses[e.id]) for e in row_elements}
    parent_row: dict[int, int | None] = {}
    for element in row_elements:  # document order: parents first
        node = by_id.get(element.parent_id) if element.parent_id else None
        while node is not None and node.id not in row_ids:
            node = by_id.get(node.parent_id) if node.parent_id else None
        parent_row[element.id] = node.id if node is not None else None
        if node is not None:
            rows[element.id].depth = rows[node.id].depth + 1
            rows[node.id].has_child_rows = True
    children: dict[int | None, list[int]] = {}
    for element in row_elements:
        children.setdefault(parent_row[element.id], []).append(element.id)
    # The span of each row's dated steps, for undated parents (drawn as a bracket).
    for element in reversed(row_elements):
        row = rows[element.id]
        dates = [d for d in (row.start, row.end) if d]
        for child_id in children.get(element.id, []):
            child = rows[child_id]
            if child.child_span:
                dates += list(child.child_span)
            dates += [d for d in (child.start, child.end) if d]
        if dates:
            row.child_span = (min(dates), max(dates))

    # Which groupings make sense for this plan: the grouping kinds above its rows.
    present = [
        kind
        for kind in GROUP_KINDS
        if any(_nearest(e, by_id, (kind,)) is not None for e in row_elements)
    ]
    options: list[tuple[str, str]] = []
    if len(present) == 1:
        options.append(("", level_names.get(present[0], (present[0],))[0]))
    else:
        options.append(("", "Plan structure"))
        options += [(kind, level_names.get(kind, (kind,))[0]) for kind in present]
    options.append((NO_GROUPING, "No grouping, in date order"))
    group_by = group_by or ""
    if group_by not in {value for value, _ in options} and group_by not in GROUP_KINDS:
        raise ValueError(f"unknown grouping {group_by!r}")

    def sort_key(row_id: int) -> tuple:
        span = rows[row_id].child_span
        return (span[0] if span else dt.date.max, rows[row_id].element.position)

    def flatten(row_id: int, out: list[TimelineRow]) -> None:
        out.append(rows[row_id])
        kids = children.get(row_id, [])
        for child_id in sorted(kids, key=sort_key) if group_by == NO_GROUPING else kids:
            flatten(child_id, out)

    top_level = children.get(None, [])
    groups: list[TimelineGroup] = []
    if not row_elements:
        pass
    elif group_by == NO_GROUPING:
        group = TimelineGroup(
            key="all", heading=f"All {row_plural.lower()}, in date order", element=None
        )
        for row_id in sorted(top_level, key=sort_key):
            flatten(row_id, group.rows)
        groups.append(group)
    else:
        kinds = GROUP_KINDS if not group_by else (group_by,)
        by_group: dict[int | None, TimelineGroup] = {}
        for row_id in top_level:
            owner = _nearest(rows[row_id].element, by_id, kinds)
            key = owner.id if owner is not None else None
            if key not in by_group:
                if owner is not None:
                    by_group[key] = TimelineGroup(
                        key=owner.key, heading=_group_heading(owner, level_names), element=owner
                    )
                else:
                    named = [group_by] if group_by else present
                    where = " or ".join(
                        level_names.get(k, (k.replace("_", " "),))[0].lower() for k in named
                    )
                    heading = f"Not in any {where}" if where else row_plural
                    by_group[key] = TimelineGroup(key="ungrouped", heading=heading, element=None)
            flatten(row_id, by_group[key].rows)
        groups = sorted(
            by_group.values(),
            key=lambda g: (g.element is None, g.element.position if g.element else 0),
        )

    # Key political events: the dated leaves (a "Sep Oct 2022/23" heading is drawn as its two
    # dated occurrences).
    event_elements = [e for e in elements if e.kind == "key_event"]
    has_dated_child = {e.parent_id for e in event_elements if is_dated(e) and e.parent_id}
    events = [KeyEvent(element=e) for e in event_elements if e.id not in has_dated_child]
    events.sort(key=lambda ev: (ev.start or ev.end or dt.date.max, ev.element.position))

    all_rows = [row for group in groups for row in group.rows]
    axis_start, axis_end = _axis(plan, all_rows, events, as_at)
    return Timeline(
        plan=plan,
        as_at=as_at,
        today=timezone.localdate(),
        group_by=group_by,
        group_by_options=options,
        groups=groups,
        events=events,
        axis_start=axis_start,
        axis_end=axis_end,
        row_name=row_name,
        row_plural=row_plural,
        fallback=fallback,
        message=message,
        sample_data=plan_has_sample_data(plan=plan),
    )


# --------------------------------------------------------------------------- how wide words are

# Remembered widths: a chart measures thousands of words and they repeat. A plain dict, emptied
# when full, rather than lru_cache, whose entries the garbage collector must walk.
_CACHE_LIMIT = 20_000
_WIDTH_CACHE: dict[tuple[str, float, bool], float] = {}

_ARIAL = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 "
    "556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 "
    "556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_ARIAL_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 "
    "556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 "
    "611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584"
)
_WIDTHS = {
    False: dict(zip((chr(c) for c in range(32, 127)), map(int, _ARIAL.split()))),
    True: dict(zip((chr(c) for c in range(32, 127)), map(int, _ARIAL_BOLD.split()))),
}
_OTHER_WIDTHS = {"‘": 222, "’": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "…": 1000, "·": 278}


def _char_width(ch: str, bold: bool) -> int:
    width = _WIDTHS[bold].get(ch)
    if width is None:
        width = _OTHER_WIDTHS.get(ch, 1000 if ord(ch) > 0x2000 else 600)
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide Arial draws the text, so labels can be placed without overlapping."""
    key = (text, size, bold)
    width = _WIDTH_CACHE.get(key)
    if width is None:
        if len(_WIDTH_CACHE) >= _CACHE_LIMIT:
            _WIDTH_CACHE.clear()
        width = _WIDTH_CACHE[key] = _text_width(text, size, bold)
    return width


def _text_width(text: str, size: float, bold: bool) -> float:
    table = _WIDTHS[bold]
    total = 0
    for ch in text:
        width = table.get(ch)
        total += width if width is not None else _char_width(ch, bold)
    return total * size / 1000


def _ellipsize(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text, cut short with an ellipsis where it would run wider than `width`."""
    if text_width(text, size, bold) <= width:
        return text
    room = width * 1000 / size - _char_width("…", bold)
    used = 0
    for index, ch in enumerate(text):
        used += _char_width(ch, bold)
        if used > room:
            return text[:index].rstrip(" ,;:-–") + "…"
    return text + "…"


def wrap_text(text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
    """Greedy word wrap by estimated width; the last line ends in an ellipsis if cut short."""
    lines: list[str] = []
    current, current_width = "", 0.0
    space = text_width(" ", size)
    for word in text.split():
        word_width = text_width(word, size)
        if current and current_width + space + word_width > width:
            lines.append(current)
            if len(lines) > max_lines:
                break
            current, current_width = word, word_width
        elif current:
            current, current_width = f"{current} {word}", current_width + space + word_width
        else:
            current, current_width = word, word_width
    else:
        if current:
            lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _ellipsize(kept[-1] + " " + lines[max_lines], width, size)
        if not kept[-1].endswith("…"):
            kept[-1] += "…"
        lines = kept
    return [_ellipsize(line, width, size) for line in lines] or [""]



# --------------------------------------------------------------------------- where things go

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(slots=True)
class Frame:
    """The chart's columns and its time axis at one width: labels, then the bars, then status.

    Every drawing of a timeline at that width shares it, so a group drawn alone for print puts
    each bar exactly where the whole chart does."""

    width: int
    axis_start: dt.date
    axis_end: dt.date
    pad: int = 12
    label_width: int = 300
    status_width: int = 104
    gap: int = 12
    row_line: int = 15
    font_size: int = 13
    bar_height: int = 12
    x0: int = field(init=False)
    x1: int = field(init=False)
    status_x: int = field(init=False)
    days: int = field(init=False)

    def __post_init__(self) -> None:
        self.x0 = self.pad + self.label_width + self.gap
        self.x1 = self.width - self.pad - self.status_width - self.gap
        self.status_x = self.x1 + self.gap
        self.days = (self.axis_end - self.axis_start).days + 1

    def x(self, day: dt.date) -> float:
        """The left edge of a day on the axis (so a period's end is x(end + 1 day))."""
        x0 = self.x0
        return x0 + (self.x1 - x0) * (day - self.axis_start).days / self.days

    def in_axis(self, day: dt.date) -> bool:
        return self.axis_start <= day <= self.axis_end

    def edges(
        self, first: dt.date | None, last: dt.date | None, precision: str
    ) -> tuple[float, float, str, str] | None:
        """Where a period's bar runs, and how each end is drawn: sharp, fuzzy, open (the period
        has no start or no end) or clipped (it runs past the axis)."""
        style = "sharp" if precision in SHARP_PRECISIONS else "fuzzy"
        if first is None and last is None:
            return None
        if first is None:
            left, right = "open", style
            first = last - dt.timedelta(days=OPEN_START_LEAD_DAYS)
        elif last is None:
            left, right = style, "open"
            last = max(self.axis_end, first)
        else:
            left = right = style
        if last < self.axis_start or first > self.axis_end:
            # Wholly off the axis: a stub at the nearer edge, pointing the way.
            if last < self.axis_start:
                return self.x0, self.x0 + 4, "clipped", "sharp"
            return self.x1 - 4, self.x1, "sharp", "clipped"
        if first < self.axis_start:
            first, left = self.axis_start, ("clipped" if left != "open" else "open")
        if last > self.axis_end:
            last, right = self.axis_end, ("clipped" if right != "open" else "open")
        return self.x(first), self.x(last + dt.timedelta(days=1)), left, right


@dataclass(slots=True)
class BarPlace:
    """A row's bar: where it runs and how each end is drawn."""

    xa: float
    xb: float
    left: str
    right: str


@dataclass(slots=True)
class WordsPlace:
    """The date words beside a bar (or "no date" where there is none), placed where they fit."""

    text: str
    x: float
    dy: float  # from the row's middle to the words' baseline
    anchor: str = ""
    halo: bool = False


@dataclass(slots=True)
class RowPlace:
    """One row laid out: its label's lines, its height, and what goes on the axis. Heights and
    offsets are from the row's top, so the same place serves every drawing the row is in."""

    row: TimelineRow
    lines: list[str]
    height: float
    label_x: float
    bar: BarPlace | None = None
    bracket: tuple[float, float] | None = None  # over the dated steps of an undated row
    words: WordsPlace | None = None


@dataclass(slots=True)
class EventPlace:
    """A key event on its lane: its span on the axis, its marker and which side its label is on."""

    event: KeyEvent
    xs: float
    xe: float
    mid: float
    label_right: bool


def place_row(frame: Frame, row: TimelineRow) -> RowPlace:
    """Where a row's label, bar, bracket and date words go."""
    indent = 16 * row.depth
    lines = wrap_text(row.label, frame.label_width - indent, frame.font_size, max_lines=2)
    n_lines = max(len(lines), 2 if row.overdue else 1)
    place = RowPlace(
        row=row, lines=lines, height=max(26.0, n_lines * frame.row_line + 11), label_x=frame.pad + 4 + indent
    )
    extent: tuple[float, float] | None = None
    words = row.date_text
    edges = frame.edges(row.start, row.end, row.precision) if row.dated else None
    if edges:
        xa, xb, left, right = edges
        place.bar = BarPlace(xa, xb, left, right)
        extent = (
            xa - (8 if left in ("open", "clipped") else 0),
            xb + (8 if right in ("open", "clipped") else 0),
        )
    elif row.child_span:
        first, last = row.child_span
        first, last = max(first, frame.axis_start), min(last, frame.axis_end)
        if first <= last:
            extent = place.bracket = (frame.x(first), frame.x(last + dt.timedelta(days=1)))
        words = row.undated_words
    else:
        words = row.undated_words
    if words:
        shown = _ellipsize(words, 230, 11)
        width = text_width(shown, 11)
        if extent is None:
            place.words = WordsPlace(shown, frame.x0 + 6, 4)
        elif extent[1] + 6 + width <= frame.x1:
            place.words = WordsPlace(shown, extent[1] + 6, 4, halo=True)
        elif extent[0] - 6 - width >= frame.x0:
            place.words = WordsPlace(shown, extent[0] - 6, 4, anchor="end", halo=True)
        else:
            place.words = WordsPlace(shown, frame.x1 - 2, -8, anchor="end", halo=True)
    return place


def place_events(frame: Frame, events: list[KeyEvent]) -> list[list[EventPlace]]:
    """Key events packed into as few lanes as their labels allow, in date order."""
    lanes: list[list[EventPlace]] = []
    ends: list[float] = []
    limit = frame.width - frame.pad
    for event in events:
        if not event.dated:
            continue
        first = event.start or event.end
        last = event.end or event.start
        if last < frame.axis_start or first > frame.axis_end:
            continue
        xs = frame.x(max(first, frame.axis_start))
        xe = frame.x(min(last, frame.axis_end) + dt.timedelta(days=1))
        mid = (xs + xe) / 2
        label_w = text_width(event.label, 12)
        label_right = mid + 9 + label_w <= limit
        left_edge = min(xs, mid - 7) if label_right else mid - 9 - label_w
        right_edge = max(xe, mid + 9 + label_w if label_right else mid + 7)
        placed = EventPlace(event, xs, xe, mid, label_right)
        for index, lane_end in enumerate(ends):
            if left_edge > lane_end + 10:
                lanes[index].append(placed)
                ends[index] = right_edge
                break
        else:
            lanes.append([placed])
            ends.append(right_edge)
    return lanes


class TimelineLayout:
    """A timeline laid out at one width: its frame, its event lanes, and each row's place,
    worked out the first time a drawing asks and then shared by every drawing of the timeline
    (a group drawn alone holds the same row records)."""

    def __init__(self, timeline: Timeline, width: int = 1000):
        self.timeline = timeline
        self.frame = Frame(width=width, axis_start=timeline.axis_start, axis_end=timeline.axis_end)
        self.event_lanes = place_events(self.frame, timeline.events)
        self._rows: dict[int, RowPlace] = {}

    def fits(self, timeline: Timeline, width: int) -> bool:
        """Whether this layout serves a drawing of `timeline` (itself or one of its groups)."""
        frame = self.frame
        return (
            frame.width == width
            and (frame.axis_start, frame.axis_end) == (timeline.axis_start, timeline.axis_end)
            and timeline.events is self.timeline.events
        )

    def row(self, row: TimelineRow) -> RowPlace:
        place = self._rows.get(id(row))
        if place is None or place.row is not row:
            place = self._rows[id(row)] = place_row(self.frame, row)
        return place


def timeline_layout(timeline: Timeline, width: int = 1000) -> TimelineLayout:
    """Positions for drawing the timeline `width` units wide."""
    return TimelineLayout(timeline, width)
