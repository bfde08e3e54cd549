"""A report as a tagged A4 PDF with page numbers, made by WeasyPrint from the print HTML."""

from __future__ import annotations

import logging

from civicplan.timeline.svg import HALO

from .document import ReportDoc
from .render_html import report_html

# The timeline draws labels over its bars with a white outline under the letters
# (paint-order="stroke", HALO). WeasyPrint paints the outline over them instead, which hides
# the words, so the PDF draws those labels without it.


def report_pdf(doc: ReportDoc) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its steps are not news
    from weasyprint import HTML

    html = report_html(doc, for_print=True).replace(HALO, "")
    # Tagged so screen readers follow headings, lists and tables; fonts subset to keep it small.
    return HTML(string=html).write_pdf(pdf_tags=True, custom_metadata=True)
