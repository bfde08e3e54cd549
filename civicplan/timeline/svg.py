"""A plan's milestones as a Gantt chart: the data (`timeline_build`) and the drawing (`timeline_svg`).

The chart is drawn on the server as one standalone SVG so that it prints, downloads and
embeds without JavaScript, and looks the same everywhere. Target dates are periods with a
precision, not points, so each bar shows how exact its date is: a bar for "September 2022"
has crisp edges, one for "Autumn 2022" fades at its ends, one for "from September 2022"
trails off with an arrow. Status is shown by colour, by shape and by a word, never by
colour alone, and the page carries the same data as a table.

The drawing is deterministic (same timeline in, same bytes out) so that tests and
printed papers can be compared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape as html_escape

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


# --------------------------------------------------------------------------- data


@dataclass
class TimelineRow:
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
    def date_text(self) -> str:
        return self.element.date_text

    @property
    def start(self) -> dt.date | None:
        return self.element.date_start

    @property
    def end(self) -> dt.date | None:
        return self.element.date_end

    @property
    def precision(self) -> str:
        if not self.element.date_text:
            return ""
        return self.element.date_precision or "unknown"

    @property
    def precision_label(self) -> str:
        return PRECISION_LABELS.get(self.precision, self.precision.replace("_", " ").capitalize())

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

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
class KeyEvent:
    """A key political event on the same axis (party conferences, Budget, COP, elections)."""

    element: Element

    @property
    def label(self) -> str:
        return self.element.title

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


# --------------------------------------------------------------------------- drawing

FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
SECONDARY = "#484949"
GRID = "#e6e6e6"
GRID_QUARTER = "#cecece"
GRID_YEAR = "#858686"
BAND = "#f3f9f9"
BAND_RULE = "#8ac0c3"
EVENT = "#54319f"
OVERDUE = "#aa2a2a"

#: Fill and edge colours per status (GOV.UK palette); the edge colour also writes the word.
STATUS_COLOURS = {
    Rag.RED.value: ("#ca3535", "#651b1b"),
    Rag.AMBER.value: ("#f09b0f", "#7a3c1c"),
    Rag.GREEN.value: ("#0f7a52", "#083d29"),
    Rag.NOT_STARTED.value: ("#6f777b", "#0b0c0c"),
    Rag.COMPLETE.value: ("#1d70b8", "#0f385c"),
    "none": ("#b1b4b6", "#484949"),
}
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# A white outline behind labels that cross bars and grid lines, painted under the letters.
HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
_HALO_TEXT = re.compile(r"<text ([^>]*?) " + re.escape(HALO) + r">(.*?)</text>", re.S)
_STYLE = re.compile(r"<style>.*?</style>", re.S)


def svg_to_png(svg: str, *, width_px: int = 2000) -> bytes:
    """The drawing as a PNG, for Word, which cannot be relied on to show SVG.

    The rasteriser (cairosvg) ignores paint-order, so each haloed label becomes an outline
    copy under a plain copy; the screen-only style rules are dropped.
    """
    import cairosvg

    flat = _STYLE.sub("", svg)
    def two_copies(match: re.Match) -> str:
        attrs, words = match.group(1), match.group(2)
        outline = re.sub(r' fill="[^"]*"', "", attrs)
        return (f'<text {outline} fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">'
                f"{words}</text><text {attrs}>{words}</text>")

    flat = _HALO_TEXT.sub(two_copies, flat)
    return cairosvg.svg2png(bytestring=flat.encode("utf-8"), output_width=width_px)


def _esc(value: object) -> str:
    # As xml.sax.saxutils.escape(text, {'"': "&quot;"}) writes it, in half the time.
    return html_escape(str(value), False).replace('"', "&quot;")


# A chart writes thousands of numbers and measures thousands of words, and both repeat (the
# same month edges, row heights, words): remembering answers saves a third of the drawing. Plain
# dicts, emptied when full, rather than lru_cache, whose entries the garbage collector must walk.
_CACHE_LIMIT = 20_000
_NUMS: dict[float, str] = {}
_WIDTH_CACHE: dict[tuple[str, float, bool], float] = {}


def _num(value: float) -> str:
    text = _NUMS.get(value)
    if text is None:
        text = f"{value:.1f}"
        text = text[:-2] if text.endswith(".0") else text
        if value:  # 0.0 and -0.0 are one key but print differently
            if len(_NUMS) >= _CACHE_LIMIT:
                _NUMS.clear()
            _NUMS[value] = text
    return text


# Advance widths of Arial (and the metric-compatible Liberation Sans) for printable ASCII, in
# thousandths of an em: enough to place labels without overlaps, whatever the server has.
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


def _day(value: dt.date) -> str:
    return f"{value.day} {MONTH_ABBR[value.month - 1]} {value.year}"


class _Canvas:
    """Lays out and writes one chart. Kept as a class so defs can be collected on the way."""

    pad = 12
    label_width = 300
    status_width = 104
    gap = 12
    row_line = 15
    font_size = 13
    bar_height = 12

    def __init__(self, timeline: Timeline, width: int, id_prefix: str, heading: bool):
        self.t = timeline
        self.width = width
        self.prefix = id_prefix
        self.heading = heading
        self.x0 = self.pad + self.label_width + self.gap
        self.x1 = width - self.pad - self.status_width - self.gap
        self.status_x = self.x1 + self.gap
        self.days = (timeline.axis_end - timeline.axis_start).days + 1
        self.defs: dict[str, str] = {}

    # ----- helpers

    def x(self, day: dt.date) -> float:
        """The left edge of a day on the axis (so a period's end is x(end + 1 day))."""
        offset = (day - self.t.axis_start).days
        return self.x0 + (self.x1 - self.x0) * offset / self.days

    def in_axis(self, day: dt.date) -> bool:
        return self.t.axis_start <= day <= self.t.axis_end

    def gradient(self, colour: str, side: str, kind: str) -> str:
        """A fade for a bar's end: `side` left/right, `kind` fuzzy (faint) or open (to nothing)."""
        gid = f"{self.prefix}-fade-{colour.lstrip('#')}-{side}-{kind}"
        if gid not in self.defs:
            faint = "0.12" if kind == "fuzzy" else "0"
            a, b = (faint, "1") if side == "left" else ("1", faint)
            self.defs[gid] = (
                f'<linearGradient id="{gid}" x1="0" y1="0" x2="1" y2="0">'
                f'<stop offset="0" stop-color="{colour}" stop-opacity="{a}"/>'
                f'<stop offset="1" stop-color="{colour}" stop-opacity="{b}"/></linearGradient>'
            )
        return f"url(#{gid})"

    @staticmethod
    def text(
        x: float,
        y: float,
        words: str,
        *,
        size: float = 13,
        weight: str = "",
        fill: str = TEXT,
        anchor: str = "",
        css: str = "",
        italic: bool = False,
        halo: bool = False,
    ) -> str:
        attrs = [f'x="{_num(x)}"', f'y="{_num(y)}"']
        if css:
            attrs.append(f'class="{css}"')
        if size != 13:
            attrs.append(f'font-size="{_num(size)}"')
        if weight:
            attrs.append(f'font-weight="{weight}"')
        if fill != TEXT:
            attrs.append(f'fill="{fill}"')
        if anchor:
            attrs.append(f'text-anchor="{anchor}"')
        if italic:
            attrs.append('font-style="italic"')
        if halo:
            attrs.append(HALO)
        return f"<text {' '.join(attrs)}>{_esc(words)}</text>"

    @staticmethod
    def status_shape(rag: str | None, cx: float, cy: float, r: float = 5.5) -> str:
        """The status's symbol (RAG_SYMBOL, as the status tags show it) drawn as a shape."""
        fill, edge = STATUS_COLOURS[rag or "none"]
        symbol = RAG_SYMBOL[Rag(rag)] if rag else "–"
        css = f'class="tl-shape tl-shape--{rag or "none"}"'
        c, y, n = _num(cx), _num(cy), _num
        if symbol == "■":
            side = r * 1.6
            return (
                f'<rect {css} x="{n(cx - side / 2)}" y="{n(cy - side / 2)}" width="{n(side)}" height="{n(side)}" '
                f'fill="{fill}" stroke="{edge}"/>'
            )
        if symbol == "▲":
            return (
                f'<polygon {css} points="{c},{n(cy - r)} {n(cx + r)},{n(cy + r * 0.8)} '
                f'{n(cx - r)},{n(cy + r * 0.8)}" fill="{fill}" stroke="{edge}"/>'
            )
        if symbol == "◆":
            return (
                f'<polygon {css} points="{c},{n(cy - r)} {n(cx + r)},{y} {c},{n(cy + r)} '
                f'{n(cx - r)},{y}" fill="{fill}" stroke="{edge}"/>'
            )
        if symbol == "●":
            return (
                f'<circle {css} cx="{c}" cy="{y}" r="{n(r * 0.9)}" fill="{fill}" stroke="{edge}"/>'
            )
        if symbol == "○":
            return (
                f'<circle {css} cx="{c}" cy="{y}" r="{n(r * 0.8)}" fill="#ffffff" '
                f'stroke="{edge}" stroke-width="1.5"/>'
            )
        if symbol == "✓":
            return (
                f'<path {css} d="M{n(cx - r)},{n(cy)} L{n(cx - r * 0.25)},{n(cy + r * 0.8)} '
                f'L{n(cx + r)},{n(cy - r * 0.8)}" fill="none" stroke="{fill}" stroke-width="2.5" '
                f'stroke-linecap="round" stroke-linejoin="round"/>'
            )
        if symbol != "–":  # a symbol this drawing does not know: write it
            return f'<text {css} x="{c}" y="{n(cy + 4)}" text-anchor="middle" fill="{edge}">{_esc(symbol)}</text>'
        return (
            f'<line {css} x1="{n(cx - r * 0.8)}" y1="{y}" x2="{n(cx + r * 0.8)}" '
            f'y2="{y}" stroke="{edge}" stroke-width="2"/>'
        )

    @staticmethod
    def diamond(cx: float, cy: float, r: float = 5.5, css: str = "tl-event-marker") -> str:
        return (
            f'<polygon class="{css}" points="{_num(cx)},{_num(cy - r)} {_num(cx + r)},{_num(cy)} '
            f'{_num(cx)},{_num(cy + r)} {_num(cx - r)},{_num(cy)}" fill="{EVENT}"/>'
        )

    def bar(
        self,
        xa: float,
        xb: float,
        cy: float,
        left: str,
        right: str,
        rag: str | None,
        css: str,
        *,
        height: float | None = None,
    ) -> str:
        """A bar from xa to xb whose ends are sharp, fuzzy, open (fade and arrow) or clipped."""
        h = height or self.bar_height
        fill, edge = STATUS_COLOURS[rag or "none"]
        top = cy - h / 2
        width = max(xb - xa, 3.0)
        xb = xa + width

        def edge_width(kind: str) -> float:
            if kind == "fuzzy":
                return min(max(width * 0.3, 5.0), 26.0)
            if kind == "open":
                return min(max(width * 0.5, 12.0), 70.0)
            return 0.0

        lw, rw = edge_width(left), edge_width(right)
        if lw + rw > width:
            scale = width / (lw + rw)
            lw, rw = lw * scale, rw * scale
        parts = [f'<g class="{css}">']
        if not lw and not rw:
            parts.append(
                f'<rect x="{_num(xa)}" y="{_num(top)}" width="{_num(width)}" height="{_num(h)}" '
                f'fill="{fill}" stroke="{edge}" stroke-width="1"/>'
            )
        else:
            if lw:
                parts.append(
                    f'<rect class="tl-edge tl-edge--{left}" x="{_num(xa)}" y="{_num(top)}" width="{_num(lw)}" '
                    f'height="{_num(h)}" fill="{self.gradient(fill, "left", left)}"/>'
                )
            core = width - lw - rw
            if core > 0.05:
                parts.append(
                    f'<rect x="{_num(xa + lw)}" y="{_num(top)}" width="{_num(core)}" height="{_num(h)}" fill="{fill}"/>'
                )
            if rw:
                parts.append(
                    f'<rect class="tl-edge tl-edge--{right}" x="{_num(xb - rw)}" y="{_num(top)}" width="{_num(rw)}" '
                    f'height="{_num(h)}" fill="{self.gradient(fill, "right", right)}"/>'
                )
            for kind, xe in ((left, xa), (right, xb)):
                if kind in ("sharp", "clipped"):
                    parts.append(
                        f'<line x1="{_num(xe)}" y1="{_num(top)}" x2="{_num(xe)}" y2="{_num(top + h)}" '
                        f'stroke="{edge}" stroke-width="2"/>'
                    )
        for kind, xe, direction in ((left, xa, -1), (right, xb, 1)):
            if kind in ("open", "clipped"):
                tip = xe + direction * 7
                base = xe + direction * 1
                parts.append(
                    f'<polygon class="tl-arrow" points="{_num(base)},{_num(cy - 5)} {_num(tip)},{_num(cy)} '
                    f'{_num(base)},{_num(cy + 5)}" fill="{edge}"/>'
                )
        parts.append("</g>")
        return "".join(parts)

    # ----- layout

    def row_lines(self, row: TimelineRow) -> list[str]:
        indent = 16 * row.depth
        return wrap_text(row.label, self.label_width - indent, self.font_size, max_lines=2)

    def row_height(self, lines: int) -> float:
        return max(26.0, lines * self.row_line + 11)

    def event_lanes(self) -> list[list[tuple[KeyEvent, float, float, float, bool]]]:
        """Key events packed into as few lanes as their labels allow, in date order."""
        lanes: list[list[tuple[KeyEvent, float, float, float, bool]]] = []
        ends: list[float] = []
        limit = self.width - self.pad
        for event in self.t.events:
            if not event.dated:
                continue
            first = event.start or event.end
            last = event.end or event.start
            if last < self.t.axis_start or first > self.t.axis_end:
                continue
            xs = self.x(max(first, self.t.axis_start))
            xe = self.x(min(last, self.t.axis_end) + dt.timedelta(days=1))
            mid = (xs + xe) / 2
            label_w = text_width(event.label, 12)
            label_right = mid + 9 + label_w <= limit
            left_edge = min(xs, mid - 7) if label_right else mid - 9 - label_w
            right_edge = max(xe, mid + 9 + label_w if label_right else mid + 7)
            for index, lane_end in enumerate(ends):
                if left_edge > lane_end + 10:
                    lanes[index].append((event, xs, xe, mid, label_right))
                    ends[index] = right_edge
                    break
            else:
                lanes.append([(event, xs, xe, mid, label_right)])
                ends.append(right_edge)
        return lanes

    # ----- drawing

    def render(self) -> str:
        t = self.t
        body: list[str] = []
        y = float(self.pad)
        if self.heading:
            body.append(
                self.text(self.pad, y + 15, t.plan.title, size=17, weight="bold", css="tl-heading")
            )
            sub = f"{t.row_plural} on a timeline, status as at {_day(t.as_at)}"
            body.append(self.text(self.pad, y + 35, sub, size=13, fill=SECONDARY))
            y += 48
        if t.sample_data:
            label = "Sample data"
            w = text_width(label, 12, True) + 16
            sx = self.width - self.pad - w
            body.append(
                f'<g class="tl-sample"><rect x="{_num(sx)}" y="{_num(y)}" width="{_num(w)}" height="20" '
                f'fill="#ffee80"/>{self.text(sx + 8, y + 14, label, size=12, weight="bold")}</g>'
            )
        y = self.legend(body, y)

        if not t.rows:
            body.append(
                self.text(
                    self.pad, y + 20, t.message or "Nothing to show.", size=15, css="tl-empty"
                )
            )
            return self.wrap(body, y + 40)

        asat_label_y = y
        y += 26
        axis_top = y
        y += 36  # year and month labels
        chart_top = y
        lanes = self.event_lanes()
        events_svg: list[str] = []
        if lanes:
            events_svg.append('<g class="tl-events">')
            events_svg.append(
                f'<rect x="{self.pad}" y="{_num(y)}" width="{self.width - 2 * self.pad}" '
                f'height="{_num(len(lanes) * 20 + 12)}" fill="#f8f8f8"/>'
            )
            events_svg.append(
                self.text(
                    self.pad + 4,
                    y + 18,
                    "Key political events",
                    weight="bold",
                    css="tl-lane-heading",
                )
            )
            for index, lane in enumerate(lanes):
                cy = y + 16 + index * 20
                for event, xs, xe, mid, label_right in lane:
                    title = f"{event.label}: {event.date_text}"
                    events_svg.append(
                        f'<g class="tl-event" data-key="{_esc(event.element.key)}"><title>{_esc(title)}</title>'
                    )
                    if xe - xs > 12:
                        events_svg.append(
                            f'<line x1="{_num(xs)}" y1="{_num(cy)}" x2="{_num(xe)}" y2="{_num(cy)}" '
                            f'stroke="{EVENT}" stroke-width="3" stroke-opacity="0.35" stroke-linecap="round"/>'
                        )
                    events_svg.append(self.diamond(mid, cy))
                    if label_right:
                        events_svg.append(
                            self.text(mid + 9, cy + 4, event.label, size=12, fill=EVENT, halo=True)
                        )
                    else:
                        events_svg.append(
                            self.text(
                                mid - 9,
                                cy + 4,
                                event.label,
                                size=12,
                                fill=EVENT,
                                anchor="end",
                                halo=True,
                            )
                        )
                    events_svg.append("</g>")
            events_svg.append("</g>")
            y += len(lanes) * 20 + 18

        bands: list[str] = []
        rows_svg: list[str] = []
        for group in t.groups:
            bands.append(
                f'<rect class="tl-group-band" x="{self.pad}" y="{_num(y)}" width="{self.width - 2 * self.pad}" '
                f'height="28" fill="{BAND}"/>'
                f'<line x1="{self.pad}" y1="{_num(y)}" x2="{self.width - self.pad}" y2="{_num(y)}" stroke="{BAND_RULE}"/>'
            )
            count = f"{len(group.rows)} {t.row_name.lower() if len(group.rows) == 1 else t.row_plural.lower()}"
            heading_w = self.width - 2 * self.pad - 16 - text_width(count, 12) - 20
            rows_svg.append(f'<g class="tl-group" data-group="{_esc(group.key)}">')
            rows_svg.append(
                self.text(
                    self.pad + 4,
                    y + 19,
                    _ellipsize(group.heading, heading_w, 14, True),
                    size=14,
                    weight="bold",
                    css="tl-group-heading",
                )
            )
            rows_svg.append(
                self.text(
                    self.width - self.pad - 4, y + 19, count, size=12, fill=SECONDARY, anchor="end"
                )
            )
            y += 30
            for row in group.rows:
                y = self.row(rows_svg, row, y)
            rows_svg.append("</g>")
            y += 6
        chart_bottom = y

        grid = self.grid(axis_top, chart_top, chart_bottom)
        front = self.date_lines(asat_label_y, chart_top, chart_bottom)
        y = chart_bottom
        body.append(grid)
        body.extend(bands)
        body.extend(events_svg)
        body.extend(rows_svg)
        body.append(self.years(y + 4, bottom=True))
        body.append(front)
        return self.wrap(body, y + 30)

    def legend(self, body: list[str], y: float) -> float:
        parts = ['<g class="tl-legend">']
        x = float(self.pad)
        cy = y + 10
        parts.append(self.text(x, cy + 4, "Status:", size=12, weight="bold"))
        x += text_width("Status:", 12, True) + 8
        entries = [
            (r.value, r.label)
            for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE)
        ]
        entries.append((None, "No update"))
        for rag, label in entries:
            parts.append(self.status_shape(rag, x + 6, cy))
            parts.append(self.text(x + 15, cy + 4, label, size=12))
            x += 15 + text_width(label, 12) + 16
        parts.append(self.text(x, cy + 4, "Overdue", size=12, weight="bold", fill=OVERDUE))
        x += text_width("Overdue", 12, True) + 4
        parts.append(
            self.text(x, cy + 4, "past its target date and not complete", size=12, fill=SECONDARY)
        )

        x = float(self.pad)
        cy = y + 32
        parts.append(self.text(x, cy + 4, "Target dates:", size=12, weight="bold"))
        x += text_width("Target dates:", 12, True) + 8
        samples = [
            ("sharp", "sharp", "Month or day (exact)"),
            ("fuzzy", "fuzzy", "Season, quarter, year or span (approximate)"),
            ("sharp", "open", "Open-ended (“from …”, “by …”)"),
        ]
        for left, right, label in samples:
            extra = 8 if "open" in (left, right) else 0
            parts.append(self.bar(x, x + 34, cy, left, right, None, "tl-legend-bar", height=10))
            x += 34 + extra + 6
            parts.append(self.text(x, cy + 4, label, size=12))
            x += text_width(label, 12) + 16
        parts.append(self.diamond(x + 5, cy, 5))
        parts.append(self.text(x + 14, cy + 4, "Key political event", size=12))
        x += 14 + text_width("Key political event", 12) + 16
        parts.append(
            f'<line x1="{_num(x + 2)}" y1="{_num(cy - 8)}" x2="{_num(x + 2)}" y2="{_num(cy + 8)}" stroke="{TEXT}" stroke-width="2"/>'
        )
        parts.append(self.text(x + 9, cy + 4, "As at date", size=12))
        parts.append("</g>")
        body.extend(parts)
        return y + 50

    def years(self, y: float, bottom: bool = False) -> str:
        """Year labels along the axis (repeated under the chart so a long printout still reads)."""
        parts = [f'<g class="tl-years{" tl-years--bottom" if bottom else ""}">']
        year = self.t.axis_start.year
        while year <= self.t.axis_end.year:
            start = max(dt.date(year, 1, 1), self.t.axis_start)
            end = min(dt.date(year, 12, 31), self.t.axis_end)
            xs, xe = self.x(start), self.x(end + dt.timedelta(days=1))
            if xe - xs >= text_width(str(year), 13, True) + 6:
                parts.append(self.text(xs + 4, y + 13, str(year), weight="bold"))
            year += 1
        parts.append("</g>")
        return "".join(parts)

    def grid(self, axis_top: float, chart_top: float, chart_bottom: float) -> str:
        t = self.t
        parts = ['<g class="tl-axis">', self.years(axis_top)]
        per_month = (self.x1 - self.x0) * 30.4 / self.days
        month = _first_of_month(t.axis_start)
        lines: list[str] = []
        labels: list[str] = []
        while month <= t.axis_end:
            xs = self.x(month)
            nxt = _first_of_month(month, 1)
            xe = self.x(min(nxt, t.axis_end + dt.timedelta(days=1)))
            if month.month == 1:
                colour, top = GRID_YEAR, axis_top
            elif month.month in (4, 7, 10):
                colour, top = GRID_QUARTER, axis_top + 18
            else:
                colour, top = GRID, axis_top + 18
            if month.month == 1 or per_month >= 6 or month.month in (4, 7, 10):
                lines.append(
                    f'<line x1="{_num(xs)}" y1="{_num(top)}" x2="{_num(xs)}" y2="{_num(chart_bottom)}" stroke="{colour}"/>'
                )
            mid = (xs + xe) / 2
            if per_month >= 28:
                labels.append(
                    self.text(
                        mid,
                        axis_top + 31,
                        MONTH_ABBR[month.month - 1],
                        size=11,
                        fill=SECONDARY,
                        anchor="middle",
                    )
                )
            elif per_month >= 11:
                labels.append(
                    self.text(
                        mid,
                        axis_top + 31,
                        MONTH_ABBR[month.month - 1][0],
                        size=11,
                        fill=SECONDARY,
                        anchor="middle",
                    )
                )
            elif month.month in (1, 4, 7, 10) and per_month * 3 >= 18:
                q = f"Q{(month.month - 1) // 3 + 1}"
                qe = self.x(min(_first_of_month(month, 3), t.axis_end + dt.timedelta(days=1)))
                labels.append(
                    self.text(
                        (xs + qe) / 2, axis_top + 31, q, size=11, fill=SECONDARY, anchor="middle"
                    )
                )
            month = nxt
        end_x = self.x(t.axis_end + dt.timedelta(days=1))
        lines.append(
            f'<line x1="{_num(end_x)}" y1="{_num(axis_top)}" x2="{_num(end_x)}" y2="{_num(chart_bottom)}" stroke="{GRID_YEAR}"/>'
        )
        lines.append(
            f'<line x1="{_num(self.x0)}" y1="{_num(axis_top)}" x2="{_num(self.x0)}" y2="{_num(chart_bottom)}" stroke="{GRID_YEAR}"/>'
        )
        lines.append(
            f'<line x1="{_num(self.x0)}" y1="{_num(chart_top - 1)}" x2="{_num(end_x)}" y2="{_num(chart_top - 1)}" stroke="{GRID_YEAR}"/>'
        )
        parts.extend(lines)
        parts.extend(labels)
        parts.append("</g>")
        return "".join(parts)

    def date_lines(self, label_y: float, chart_top: float, chart_bottom: float) -> str:
        """The as-at line (and a fainter today line when the page shows another date)."""
        t = self.t
        parts: list[str] = []
        if not t.is_today and self.in_axis(t.today):
            x = self.x(t.today)
            parts.append(
                f'<g class="tl-today" data-date="{t.today.isoformat()}">'
                f'<line x1="{_num(x)}" y1="{_num(chart_top)}" x2="{_num(x)}" y2="{_num(chart_bottom)}" '
                f'stroke="{SECONDARY}" stroke-width="1.5" stroke-dasharray="4 3"/>'
                f"{self.text(x, chart_bottom + 26, 'Today', size=11, fill=SECONDARY, anchor='middle', halo=True)}</g>"
            )
        label = f"Today, {_day(t.as_at)}" if t.is_today else f"As at {_day(t.as_at)}"
        w = text_width(label, 12, True) + 14
        if self.in_axis(t.as_at):
            x = self.x(t.as_at)
            bx = min(max(x - w / 2, self.x0 - 20), self.width - self.pad - w)
            parts.append(
                f'<g class="tl-asat" data-date="{t.as_at.isoformat()}">'
                f'<line class="tl-asat-line" x1="{_num(x)}" y1="{_num(label_y + 20)}" x2="{_num(x)}" '
                f'y2="{_num(chart_bottom)}" stroke="{TEXT}" stroke-width="2"/>'
                f'<rect x="{_num(bx)}" y="{_num(label_y)}" width="{_num(w)}" height="20" rx="2" fill="{TEXT}"/>'
                f"{self.text(bx + 7, label_y + 14, label, size=12, weight='bold', fill='#ffffff')}</g>"
            )
        else:
            after = t.as_at > t.axis_end
            words = (
                f"{label} (after this timeline) →" if after else f"← {label} (before this timeline)"
            )
            w = text_width(words, 12, True) + 14
            bx = self.x(t.axis_end + dt.timedelta(days=1)) - w if after else self.x0
            parts.append(
                f'<g class="tl-asat tl-asat--{"after" if after else "before"}" data-date="{t.as_at.isoformat()}">'
                f'<rect x="{_num(bx)}" y="{_num(label_y)}" width="{_num(w)}" height="20" rx="2" fill="{TEXT}"/>'
                f"{self.text(bx + 7, label_y + 14, words, size=12, weight='bold', fill='#ffffff')}</g>"
            )
        return "".join(parts)

    def edges(
        self, first: dt.date | None, last: dt.date | None, precision: str
    ) -> tuple[float, float, str, str] | None:
        """Where a period's bar runs, and how each end is drawn."""
        t = self.t
        style = "sharp" if precision in SHARP_PRECISIONS else "fuzzy"
        if first is None and last is None:
            return None
        if first is None:
            left, right = "open", style
            first = last - dt.timedelta(days=OPEN_START_LEAD_DAYS)
        elif last is None:
            left, right = style, "open"
            last = max(t.axis_end, first)
        else:
            left = right = style
        if last < t.axis_start or first > t.axis_end:
            # Wholly off the axis: a stub at the nearer edge, pointing the way.
            if last < t.axis_start:
                return self.x0, self.x0 + 4, "clipped", "sharp"
            return self.x1 - 4, self.x1, "sharp", "clipped"
        if first < t.axis_start:
            first, left = t.axis_start, ("clipped" if left != "open" else "open")
        if last > t.axis_end:
            last, right = t.axis_end, ("clipped" if right != "open" else "open")
        return self.x(first), self.x(last + dt.timedelta(days=1)), left, right

    def row(self, out: list[str], row: TimelineRow, y: float) -> float:
        lines = self.row_lines(row)
        n_lines = max(len(lines), 2 if row.overdue else 1)
        h = self.row_height(n_lines)
        cy = y + h / 2
        classes = ["tl-row", f"tl-row--depth-{row.depth}"]
        if row.overdue:
            classes.append("tl-row--overdue")
        if not row.dated:
            classes.append("tl-row--undated")
        status_value = row.rag or "none"
        title = f"{row.label.rstrip('. ')}. Target: {row.date_text or 'no date'}. Status: {row.rag_label}"
        title += ", overdue." if row.overdue else "."
        out.append(
            f'<g class="{" ".join(classes)}" data-key="{_esc(row.key)}" data-status="{status_value}" '
            f'data-precision="{_esc(row.precision)}">'
        )
        out.append(f"<title>{_esc(title)}</title>")
        out.append(
            f'<line x1="{self.pad}" y1="{_num(y + h)}" x2="{self.width - self.pad}" y2="{_num(y + h)}" stroke="#eeeeee"/>'
        )

        # Label, indented under its parent.
        indent = 16 * row.depth
        lx = self.pad + 4 + indent
        if row.depth:
            gx = lx - 11
            out.append(
                f'<path d="M{_num(gx)},{_num(y + 2)} V{_num(cy)} H{_num(gx + 7)}" fill="none" stroke="{GRID_YEAR}"/>'
            )
        text_top = cy - (len(lines) * self.row_line) / 2 + 11
        out.append(f'<text class="tl-label" x="{_num(lx)}" y="{_num(text_top)}">')
        for index, line in enumerate(lines):
            if index == 0:
                out.append(f"<tspan>{_esc(line)}</tspan>")
            else:
                out.append(f'<tspan x="{_num(lx)}" dy="{self.row_line}">{_esc(line)}</tspan>')
        out.append("</text>")

        # The bar, or a bracket over its dated steps, or the words "no date".
        extent: tuple[float, float] | None = None
        words = row.date_text
        placed = self.edges(row.start, row.end, row.precision) if row.dated else None
        if placed:
            xa, xb, left, right = placed
            kinds = {left, right}
            css = ["tl-bar", f"tl-bar--{status_value}"]
            css.append(
                "tl-bar--fuzzy"
                if "fuzzy" in kinds
                else ("tl-bar--sharp" if kinds <= {"sharp", "clipped"} else "")
            )
            if left == "open":
                css.append("tl-bar--open-start")
            if right == "open":
                css.append("tl-bar--open-end")
            if "clipped" in kinds:
                css.append("tl-bar--clipped")
            out.append(self.bar(xa, xb, cy, left, right, row.rag, " ".join(c for c in css if c)))
            extent = (
                xa - (8 if left in ("open", "clipped") else 0),
                xb + (8 if right in ("open", "clipped") else 0),
            )
        elif row.child_span:
            first, last = row.child_span
            first, last = max(first, self.t.axis_start), min(last, self.t.axis_end)
            if first <= last:
                xa, xb = self.x(first), self.x(last + dt.timedelta(days=1))
                out.append(
                    f'<path class="tl-summary" d="M{_num(xa)},{_num(cy + 5)} V{_num(cy)} H{_num(xb)} V{_num(cy + 5)}" '
                    f'fill="none" stroke="{SECONDARY}" stroke-width="1.5"/>'
                )
                extent = (xa, xb)
            words = row.undated_words
        else:
            words = row.undated_words
        if words:
            size = 11
            shown = _ellipsize(words, 230, size)
            tw = text_width(shown, size)
            italic = not row.dated
            css = "tl-dates" if row.dated else "tl-nodate"
            if extent is None:
                out.append(
                    self.text(
                        self.x0 + 6,
                        cy + 4,
                        shown,
                        size=size,
                        fill=SECONDARY,
                        css=css,
                        italic=italic,
                    )
                )
            elif extent[1] + 6 + tw <= self.x1:
                out.append(
                    self.text(
                        extent[1] + 6,
                        cy + 4,
                        shown,
                        size=size,
                        fill=SECONDARY,
                        css=css,
                        italic=italic,
                        halo=True,
                    )
                )
            elif extent[0] - 6 - tw >= self.x0:
                out.append(
                    self.text(
                        extent[0] - 6,
                        cy + 4,
                        shown,
                        size=size,
                        fill=SECONDARY,
                        css=css,
                        italic=italic,
                        anchor="end",
                        halo=True,
                    )
                )
            else:
                out.append(
                    self.text(
                        self.x1 - 2,
                        cy - 8,
                        shown,
                        size=size,
                        fill=SECONDARY,
                        css=css,
                        italic=italic,
                        anchor="end",
                        halo=True,
                    )
                )

        # Status: shape and word, and "Overdue" in words.
        fill, edge = STATUS_COLOURS[status_value]
        sy = cy if not row.overdue else cy - 7
        out.append(f'<g class="tl-status tl-status--{status_value}">')
        out.append(self.status_shape(row.rag, self.status_x + 6, sy))
        out.append(self.text(self.status_x + 16, sy + 4, row.rag_label, size=12, fill=edge))
        if row.overdue:
            out.append(
                self.text(
                    self.status_x + 16,
                    sy + 19,
                    "Overdue",
                    size=12,
                    weight="bold",
                    fill=OVERDUE,
                    css="tl-overdue",
                )
            )
        out.append("</g>")
        out.append("</g>")
        return y + h

    def wrap(self, body: list[str], height: float) -> str:
        t = self.t
        p = self.prefix
        rows = t.rows
        dated = sum(1 for r in rows if r.dated)
        counts = ", ".join(f"{n} {label.lower()}" for label, n in t.status_counts())
        overdue = sum(1 for r in rows if r.overdue)
        title = f"Timeline of {t.row_plural.lower()}: {t.plan.title}"
        if rows:
            groups = len(t.groups)
            desc = (
                f"Gantt chart of {len(rows)} {t.row_plural.lower()} ({dated} with target dates) in "
                f"{groups} group{'s' if groups != 1 else ''}, from {MONTH_ABBR[t.axis_start.month - 1]} "
                f"{t.axis_start.year} to {MONTH_ABBR[t.axis_end.month - 1]} {t.axis_end.year}. "
                f"Status as at {_day(t.as_at)}: {counts}; {overdue} overdue. "
            )
            shown_events = sum(1 for e in t.events if e.dated)
            if shown_events:
                desc += f"{shown_events} key political events are marked on the same axis. "
            desc += "The same data is in the table on the timeline page."
        else:
            desc = t.message or "Nothing to show."
        if t.sample_data:
            desc += " Sample data: the progress shown is illustrative."
        style = "svg.tl-chart{max-width:100%;height:auto}@media print{svg.tl-chart{width:100%}}"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" '
            f'aria-labelledby="{p}-title {p}-desc" width="{self.width}" height="{_num(height)}" '
            f'viewBox="0 0 {self.width} {_num(height)}" font-family="{FONT}" font-size="13" fill="{TEXT}">'
            f'<title id="{p}-title">{_esc(title)}</title><desc id="{p}-desc">{_esc(desc)}</desc>'
            f"<defs><style>{style}</style>{''.join(self.defs.values())}</defs>"
            f'<rect class="tl-background" width="{self.width}" height="{_num(height)}" fill="#ffffff"/>'
        )
        return head + "".join(body) + "</svg>"


def timeline_svg(
    timeline: Timeline, *, width: int = 1000, id_prefix: str = "tl", heading: bool = True
) -> str:
    """The timeline as one standalone, accessible SVG document (no XML declaration, so it can
    also be placed inline in a page). `heading` draws the plan title, for downloads and prints."""
    return _Canvas(timeline, width, id_prefix, heading).render()
