"""The RAG summary chart, laid out once and drawn as SVG (page, PDF) or PNG (Word).

Drawing it ourselves keeps a plotting library out of the product; the layout is a list of
shapes, so the SVG and the PNG cannot disagree. Status is never shown by colour alone: the
legend and each wide enough segment carry the status symbol, and the report prints the
same figures as a table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from civicplan.delivery.models import RAG_SYMBOL, Rag

# Worst first, then done, then not started: the order a reader scans for trouble.
SERIES = (
    ("red", "Red", RAG_SYMBOL[Rag.RED], "#d4351c", "#ffffff"),
    ("amber", "Amber", RAG_SYMBOL[Rag.AMBER], "#f47738", "#0b0c0c"),
    ("green", "Green", RAG_SYMBOL[Rag.GREEN], "#00703c", "#ffffff"),
    ("complete", "Complete", RAG_SYMBOL[Rag.COMPLETE], "#1d70b8", "#ffffff"),
    ("not_started", "Not started", RAG_SYMBOL[Rag.NOT_STARTED], "#b1b4b6", "#0b0c0c"),
    ("none", "No update", "–", "#ffffff", "#0b0c0c"),
)
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 13
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = "#0b0c0c"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rag_chart_layout(rows: list[tuple[str, dict[str, int]]]) -> tuple[float, float, list]:
    """Shapes for one horizontal stacked bar per group, scaled to the largest group."""
    label_w, bar_w, total_w, row_h, bar_h, top = 250.0, 420.0, 50.0, 32.0, 22.0, 56.0
    width = label_w + bar_w + total_w + 20
    shapes: list = []
    # Legend: symbol, swatch and word for each status.
    x = 10.0
    for key, label, symbol, fill, ink in SERIES:
        shapes.append(Rect(x, 12, 18, 18, fill, "#505a5f"))
        shapes.append(Text(x + 9, 26, symbol, 11, "middle", False, ink))
        shapes.append(Text(x + 24, 26, label, 12))
        x += 24 + 8 * len(label) + 22
    largest = max([sum(c.values()) for _, c in rows] + [1])
    y = top
    for group, counts in rows:
        shapes.append(Text(label_w - 8, y + bar_h / 2 + 5, _short(group, 36), 12, "end"))
        cursor = label_w
        for key, label, symbol, fill, ink in SERIES:
            n = counts.get(key, 0)
            if not n:
                continue
            w = bar_w * n / largest
            shapes.append(Rect(cursor, y, w, bar_h, fill, "#505a5f"))
            if w >= 30:
                shapes.append(Text(cursor + w / 2, y + bar_h / 2 + 4.5, f"{symbol} {n}", 11, "middle", True, ink))
            cursor += w
        shapes.append(Text(label_w + bar_w + 10, y + bar_h / 2 + 5, str(sum(counts.values())), 12, "start", True))
        y += row_h
    height = y + 8
    return width, height, shapes


def to_svg(width: float, height: float, shapes: list, *, title: str, desc: str, ident: str) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" class="app-report-chart" '
        f'font-family="{escape(FONT)}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for shape in shapes:
        if isinstance(shape, Rect):
            stroke = f' stroke="{shape.stroke}" stroke-width="1"' if shape.stroke else ""
            parts.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" height="{shape.h:.1f}" '
                f'fill="{shape.fill}"{stroke}/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" text-anchor="{shape.anchor}" '
                f'fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=4)
def _font(size: int, bold: bool):
    from PIL import ImageFont

    for name in (("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf") if bold else ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def to_png(width: float, height: float, shapes: list, *, scale: float = 2.0) -> bytes:
    """The same shapes as a PNG, for Word, which cannot be relied on to show SVG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (int(width * scale), int(height * scale)), "#ffffff")
    draw = ImageDraw.Draw(image)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for shape in shapes:
        if isinstance(shape, Rect):
            box = [shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale, (shape.y + shape.h) * scale]
            draw.rectangle(box, fill=shape.fill, outline=shape.stroke or None, width=max(1, int(scale)))
        else:
            draw.text(
                (shape.x * scale, shape.y * scale), shape.text, fill=shape.fill,
                font=_font(int(shape.size * scale), shape.bold), anchor=anchors[shape.anchor],
            )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
