"""Drawing a built timeline as SVG markup: colours, shapes and words, and nothing else.

Everything the chart shows and where it goes is decided in `build.py` (`Timeline`,
`TimelineLayout`); this module only writes those records out. The chart is drawn on the server
as one standalone SVG so that it prints, downloads and embeds without JavaScript, and looks the
same everywhere. Status is shown by colour, by shape and by a word, never by colour alone, and
the page carries the same data as a table.

The drawing is deterministic (same timeline in, same bytes out) so that tests and printed
papers can be compared (`tests/timeline/test_drawing_unchanged.py` keeps every seed plan's).
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape as html_escape

from civicplan.delivery.models import RAG_SYMBOL, Rag

from .build import (
    MONTH_ABBR,
    Timeline,
    TimelineLayout,
    RowPlace,
    _ellipsize,
    _first_of_month,
    text_width,
    timeline_layout,
)

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


# A chart writes thousands of numbers, and they repeat (the same month edges, row heights):
# remembering them saves a good share of the drawing. A plain dict, emptied when full, rather
# than lru_cache, whose entries the garbage collector must walk.
_CACHE_LIMIT = 20_000
_NUMS: dict[float, str] = {}


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


def _day(value: dt.date) -> str:
    return f"{value.day} {MONTH_ABBR[value.month - 1]} {value.year}"


class _Canvas:
    """Writes one chart from its layout. A class so gradients can be collected on the way."""

    def __init__(self, timeline: Timeline, layout: TimelineLayout, id_prefix: str, heading: bool):
        frame = layout.frame
        self.t = timeline
        self.layout = layout
        self.frame = frame
        self.width = frame.width
        self.prefix = id_prefix
        self.heading = heading
        self.pad = frame.pad
        self.x0, self.x1, self.status_x = frame.x0, frame.x1, frame.status_x
        self.x, self.in_axis = frame.x, frame.in_axis
        self.bar_height = frame.bar_height
        self.row_line = frame.row_line
        self.defs: dict[str, str] = {}

    # ----- helpers

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
        lanes = self.layout.event_lanes
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
                for placed in lane:
                    event, xs, xe, mid = placed.event, placed.xs, placed.xe, placed.mid
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
                    if placed.label_right:
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
            place = self.layout.row
            for row in group.rows:
                y = self.row(rows_svg, place(row), y)
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
        per_month = (self.x1 - self.x0) * 30.4 / self.frame.days
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

    def row(self, out: list[str], place: RowPlace, y: float) -> float:
        """Write one laid-out row with its top at y; answer the next row's top."""
        row = place.row
        lines = place.lines
        h = place.height
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
        lx = place.label_x
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

        # The bar, or a bracket over its dated steps; then the date words (or "no date").
        bar = place.bar
        if bar is not None:
            left, right = bar.left, bar.right
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
            out.append(self.bar(bar.xa, bar.xb, cy, left, right, row.rag, " ".join(c for c in css if c)))
        elif place.bracket is not None:
            xa, xb = place.bracket
            out.append(
                f'<path class="tl-summary" d="M{_num(xa)},{_num(cy + 5)} V{_num(cy)} H{_num(xb)} V{_num(cy + 5)}" '
                f'fill="none" stroke="{SECONDARY}" stroke-width="1.5"/>'
            )
        words = place.words
        if words is not None:
            out.append(
                self.text(
                    words.x,
                    cy + words.dy,
                    words.text,
                    size=11,
                    fill=SECONDARY,
                    css="tl-dates" if row.dated else "tl-nodate",
                    italic=not row.dated,
                    anchor=words.anchor,
                    halo=words.halo,
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
    timeline: Timeline,
    *,
    width: int = 1000,
    id_prefix: str = "tl",
    heading: bool = True,
    layout: TimelineLayout | None = None,
) -> str:
    """The timeline as one standalone, accessible SVG document (no XML declaration, so it can
    also be placed inline in a page). `heading` draws the plan title, for downloads and prints.

    Pass the `layout` of the whole timeline when drawing it more than once (the page's chart
    and then each group alone for print), so each row is laid out once."""
    if layout is None or not layout.fits(timeline, width):
        layout = timeline_layout(timeline, width)
    return _Canvas(timeline, layout, id_prefix, heading).render()
