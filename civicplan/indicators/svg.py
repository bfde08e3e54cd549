"""Server-drawn SVG charts with a title and description (the page also shows a table of the same data).

Status is never shown by colour alone: every marker has a shape and the table says it in words.
"""

from __future__ import annotations

from html import escape


def fmt(value: float | None, places: int = 1) -> str:
    """A figure as shown everywhere: thousands separated, the indicator's decimal places."""
    if value is None:
        return "–"
    return f"{value:,.{places}f}"


def _scale(low: float, high: float, left: float, right: float):
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.05
    low, high = low - pad, high + pad
    return (lambda v: left + (v - low) / (high - low) * (right - left)), low, high


def _ticks(low: float, high: float, n: int = 5) -> list[float]:
    step = (high - low) / (n - 1)
    return [low + i * step for i in range(n)]


def dot_chart(*, title: str, desc: str, rows: list[dict], london: float | None, england: float | None,
              places: int = 1, chart_id: str = "benchmark-chart") -> str:
    """One row per area: a dot at the value, whiskers to the 95% interval, lines at London and England.
    rows: {"label", "value", "lci", "uci", "highlight"}."""
    rows = [r for r in rows if r["value"] is not None]
    label_w, width, row_h, top = 190, 760, 18, 34
    height = top + row_h * max(len(rows), 1) + 30
    numbers = [x for r in rows for x in (r["value"], r["lci"], r["uci"]) if x is not None]
    numbers += [x for x in (london, england) if x is not None]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    if not numbers:
        out.append(f'<text x="10" y="{top}">No values to draw</text></svg>')
        return "".join(out)
    x, low, high = _scale(min(numbers), max(numbers), label_w, width - 20)
    for tick in _ticks(low, high):
        out.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 26}" stroke="#b1b4b6" stroke-width="0.5"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" fill="#505a5f">{escape(fmt(tick, places))}</text>')
    for name, ref, dash, y in (("London", london, "6 3", 12), ("England", england, "2 2", 24)):
        if ref is not None:
            out.append(f'<line x1="{x(ref):.1f}" x2="{x(ref):.1f}" y1="{top - 6}" y2="{height - 26}" stroke="#0b0c0c" stroke-width="1.5" stroke-dasharray="{dash}"/>')
            out.append(f'<text x="{x(ref) + 4:.1f}" y="{y}" fill="#0b0c0c">{name} {escape(fmt(ref, places))}</text>')
    for i, r in enumerate(rows):
        y = top + i * row_h + row_h / 2
        weight = ' font-weight="bold"' if r.get("highlight") else ""
        out.append(f'<text x="{label_w - 8}" y="{y + 4:.1f}" text-anchor="end"{weight}>{escape(r["label"])}</text>')
        if r["lci"] is not None and r["uci"] is not None:
            out.append(f'<line x1="{x(r["lci"]):.1f}" x2="{x(r["uci"]):.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#505a5f" stroke-width="1.5"/>')
        colour = "#d4351c" if r.get("highlight") else "#1d70b8"
        shape = (f'<rect x="{x(r["value"]) - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
                 if r.get("highlight") else f'<circle cx="{x(r["value"]):.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>')
        out.append(shape)
    out.append("</svg>")
    return "".join(out)


SIGNAL_SHAPES = {"improvement": "triangle-up", "concern": "triangle-down", "special cause": "diamond"}


def spc_chart(*, title: str, desc: str, labels: list[str], values: list[float], mean: float,
              lower: float, upper: float, variations: list[str], target: float | None = None,
              places: int = 1, chart_id: str = "spc-chart") -> str:
    """An XmR chart: the series, its mean (solid) and process limits (dashed), an optional target
    (dotted), and special-cause points marked by shape (up triangle improvement, down triangle
    concern, diamond neither) as well as colour."""
    width, height, left, right, top, bottom = 760, 320, 70, 740, 20, 260
    numbers = values + [lower, upper] + ([target] if target is not None else [])
    y_of, low, high = _scale(min(numbers), max(numbers), bottom, top)
    n = len(values)
    x_of = lambda i: left + (i / (n - 1 if n > 1 else 1)) * (right - left)  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for tick in _ticks(low, high):
        out.append(f'<text x="{left - 6}" y="{y_of(tick) + 4:.1f}" text-anchor="end" fill="#505a5f">{escape(fmt(tick, places))}</text>')
    for name, val, dash in (("Mean", mean, ""), ("Upper limit", upper, ' stroke-dasharray="6 4"'),
                            ("Lower limit", lower, ' stroke-dasharray="6 4"'), ("Target", target, ' stroke-dasharray="2 3"')):
        if val is None:
            continue
        colour = "#f47738" if name == "Target" else "#505a5f"
        out.append(f'<line x1="{left}" x2="{right}" y1="{y_of(val):.1f}" y2="{y_of(val):.1f}" stroke="{colour}" stroke-width="1.5"{dash}/>')
        out.append(f'<text x="{right}" y="{y_of(val) - 3:.1f}" text-anchor="end" fill="#0b0c0c">{name} {escape(fmt(val, places))}</text>')
    points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values))
    out.append(f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="2"/>')
    for i, (v, variation) in enumerate(zip(values, variations, strict=True)):
        cx, cy = x_of(i), y_of(v)
        if variation == "improvement":
            out.append(f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx - 6:.1f},{cy + 5:.1f} {cx + 6:.1f},{cy + 5:.1f}" fill="#1d70b8"/>')
        elif variation == "concern":
            out.append(f'<polygon points="{cx:.1f},{cy + 7:.1f} {cx - 6:.1f},{cy - 5:.1f} {cx + 6:.1f},{cy - 5:.1f}" fill="#f47738"/>')
        elif variation == "special cause":
            out.append(f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx + 6:.1f},{cy:.1f} {cx:.1f},{cy + 7:.1f} {cx - 6:.1f},{cy:.1f}" fill="#912b88"/>')
        else:
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="#505a5f"/>')
    step = max(1, n // 8)
    for i in range(0, n, step):
        out.append(f'<text x="{x_of(i):.1f}" y="{bottom + 34}" text-anchor="middle" fill="#505a5f">{escape(labels[i])}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bars(*, title: str, desc: str, rows: list[tuple[str, dict[str, int]]],
                 series: list[tuple[str, str, str, str]], chart_id: str) -> str:
    """One horizontal bar per row, split into counts per series. series: (key, label, colour, symbol).
    Each segment wide enough carries its symbol and count, and the legend names each symbol, so the
    chart does not rely on colour (the page also shows the same counts as a table)."""
    label_w, width, row_h, top = 200, 760, 26, 46
    height = top + row_h * max(len(rows), 1) + 10
    most = max([sum(counts.get(k, 0) for k, *_ in series) for _, counts in rows] + [1])
    scale = (width - label_w - 20) / most
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    x = 0
    for key, label, colour, symbol in series:
        out.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{colour}" stroke="#0b0c0c" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 18}" y="16" fill="#0b0c0c">{escape(symbol)} {escape(label)}</text>')
        x += 30 + 7 * (len(label) + 2)
    for i, (label, counts) in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#0b0c0c">{escape(label[:32])}</text>')
        left = label_w
        for key, name, colour, symbol in series:
            n = counts.get(key, 0)
            if not n:
                continue
            w = n * scale
            out.append(f'<rect x="{left:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}" '
                       f'stroke="#ffffff" stroke-width="1"><title>{escape(name)}: {n}</title></rect>')
            if w >= 30:
                text = "#ffffff" if colour in ("#d4351c", "#00703c", "#1d70b8", "#505a5f") else "#0b0c0c"
                out.append(f'<text x="{left + w / 2:.1f}" y="{y + 16}" text-anchor="middle" fill="{text}">{escape(symbol)} {n}</text>')
            left += w
    out.append("</svg>")
    return "".join(out)
