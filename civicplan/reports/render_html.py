"""A report as HTML: inside a page for preview, as a standalone file, and as the PDF's source.

Built with plain string joining (every value escaped) rather than a template loop, because
the largest plan has thousands of blocks and the PDF must stay quick.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import escape

from .document import Chart, Figure, Heading, ListBlock, ListItem, PageBreak, Para, ReportDoc, Table

LIST_TYPES = {"number": "1", "letter": "a"}
# The room a figure has on a printed A4 page (mm, inside the margins of print.css, less a
# heading and caption): portrait, and landscape for the timeline.
PRINT_BOX = {"portrait": (178.0, 215.0), "landscape": (265.0, 150.0)}
# A table is kept on one page only when it is short: a long one would leave most of a page
# empty. Estimated in lines of 8.5pt text across the 178 mm text width.
KEEP_LINES = 22
CHARS_PER_LINE = 118


def _short_table(block: Table) -> bool:
    if len(block.rows) > 12:
        return False
    widths = block.widths or [1 / len(block.header)] * len(block.header)
    lines = 1
    for row in block.rows:
        lines += max(
            -(-len(cell.text) // max(1, int(CHARS_PER_LINE * width) - 2)) or 1
            for cell, width in zip(row, widths)
        )
        if lines > KEEP_LINES:
            return False
    return True


def _heading(level: int, offset: int) -> int:
    return max(1, min(6, level + offset))


def _items(items: list[ListItem]) -> str:
    out = []
    for item in items:
        label = f"<strong>{escape(item.label)}</strong> " if item.label else ""
        nested = f"<ul>{_items(item.children)}</ul>" if item.children else ""
        out.append(f"<li>{label}{escape(item.text)}{nested}</li>")
    return "".join(out)


def blocks_html(doc: ReportDoc, *, offset: int = 0, id_prefix: str = "report-", for_print: bool = False) -> str:
    parts: list[str] = []
    page = ""
    for block in doc.blocks:
        # Runs of blocks meant for landscape pages are wrapped, so print CSS can name their page.
        block_page = getattr(block, "page", "")
        if block_page != page:
            if page:
                parts.append("</div>")
            if block_page:
                parts.append(f'<div class="app-report__{escape(block_page)}">')
            page = block_page
        if isinstance(block, Heading):
            level = _heading(block.level, offset)
            ident = f' id="{id_prefix}{escape(block.anchor)}"' if block.anchor else ""
            parts.append(f'<h{level}{ident} class="app-report__h{block.level}">{escape(block.text)}</h{level}>')
        elif isinstance(block, Para):
            css = f' class="app-report__{block.style}"' if block.style else ""
            label = f"<strong>{escape(block.label)}</strong> " if block.label else ""
            parts.append(f"<p{css}>{label}{escape(block.text)}</p>")
        elif isinstance(block, ListBlock):
            if block.style == "bullet":
                parts.append(f"<ul>{_items(block.items)}</ul>")
            else:
                # WeasyPrint ignores `start`; the list-item counter says the same to every engine.
                start = (f' start="{block.start}" style="counter-reset: list-item {block.start - 1}"'
                         if block.start != 1 else "")
                parts.append(f'<ol type="{LIST_TYPES[block.style]}"{start}>{_items(block.items)}</ol>')
        elif isinstance(block, Table):
            widths = "".join(f'<col style="width:{w * 100:.0f}%">' for w in block.widths)
            caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
            head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
            rows = []
            for row in block.rows:
                cells = []
                for index, cell in enumerate(row):
                    css = f' class="app-rag-cell app-rag-cell--{cell.rag}"' if cell.rag else ""
                    text = f"<strong>{escape(cell.text)}</strong>" if cell.bold else escape(cell.text)
                    if index == 0:
                        cells.append(f'<th scope="row"{css}>{text}</th>')
                    else:
                        cells.append(f"<td{css}>{text}</td>")
                rows.append(f"<tr>{''.join(cells)}</tr>")
            keep = " app-report__table--keep" if _short_table(block) else ""
            parts.append(
                f'<table class="app-report__table{keep}">{caption}<colgroup>{widths}</colgroup>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        elif isinstance(block, (Chart, Figure)):
            svg = block.svg
            if for_print and isinstance(block, Figure) and block.aspect:
                # As wide as the page allows while the whole drawing fits on one page. Both
                # sides are given: WeasyPrint keeps an inline SVG's own height otherwise.
                box_w, box_h = PRINT_BOX[block.page or "portrait"]
                width = min(box_w, box_h / block.aspect)
                svg = svg.replace("<svg ", f'<svg style="width:{width:.1f}mm;height:{width * block.aspect:.1f}mm" ', 1)
            parts.append(
                f'<figure class="app-report__figure">{svg}<figcaption>{escape(block.title)}</figcaption></figure>'
            )
        elif isinstance(block, PageBreak):
            parts.append('<div class="app-report__break"></div>')
    if page:
        parts.append("</div>")
    return "".join(parts)


def header_html(doc: ReportDoc, *, offset: int = 0) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(key)}</th><td>{escape(value) or "–"}</td></tr>'
        for key, value in doc.header if key != "Title"
    )
    level = _heading(1, offset)
    body = f'<p class="app-report__body">{escape(doc.body_name)}</p>' if doc.body_name else ""
    return (
        f'<header class="app-report__header">{body}<h{level} class="app-report__title">{escape(doc.title)}</h{level}>'
        f'<table class="app-report__front">{rows}</table></header>'
    )


def report_html_fragment(doc: ReportDoc, *, offset: int = 1) -> str:
    """The report inside another page (the preview): its headings start one level down."""
    return f'<article class="app-report" lang="en-GB">{header_html(doc, offset=offset)}{blocks_html(doc, offset=offset)}</article>'


def report_html(doc: ReportDoc, *, for_print: bool = False) -> str:
    """A complete HTML document; `for_print` adds the A4 page rules used for the PDF."""
    return render_to_string(
        "reports/standalone.html",
        {
            "doc": doc,
            "for_print": for_print,
            "content": f"{header_html(doc)}{blocks_html(doc, id_prefix='', for_print=for_print)}",
        },
    )
