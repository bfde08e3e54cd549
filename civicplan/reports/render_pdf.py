"""A report as a tagged A4 PDF with page numbers, made by WeasyPrint from the print HTML."""

from __future__ import annotations

import base64
import logging
import re

from civicplan.timeline.draw import HALO

from .document import ReportDoc
from .render_html import report_html

# The timeline draws labels over its bars with a white outline under the letters
# (paint-order="stroke", HALO). WeasyPrint paints the outline over them instead, which hides
# the words, so the PDF draws those labels without it.


# Each drawing goes to WeasyPrint as an image (an SVG data URI) rather than inline: the page's
# CSS cascade then skips the drawing's thousand-odd nodes (a quarter off the 2022-23 progress
# report's time), and WeasyPrint's image path draws the timeline's gradient bars, which it
# drops from inline SVG. The drawing's title becomes the image's alt text.
_INLINE_SVG = re.compile(r'<svg (style="[^"]*" )?(.*?)</svg>', re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


def _as_image(match: re.Match) -> str:
    drawing = f"<svg {match.group(2)}</svg>"
    title = _TITLE.search(drawing)
    alt = title.group(1) if title else ""  # already escaped in the drawing
    data = base64.b64encode(drawing.encode("utf-8")).decode("ascii")
    return f'<img {match.group(1) or ""}alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def report_pdf(doc: ReportDoc) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its steps are not news
    from weasyprint import HTML

    html = _INLINE_SVG.sub(_as_image, report_html(doc, for_print=True).replace(HALO, ""))
    # Tagged so screen readers follow headings, lists and tables; fonts subset to keep it small.
    return HTML(string=html).write_pdf(pdf_tags=True, custom_metadata=True)
