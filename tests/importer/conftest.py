"""Real files for the importer: the seed plans rendered to Word and PDF, and plans written for
the tests in the same genre. Made once per session, in a temporary folder."""

from __future__ import annotations

import io
import logging

import pytest

from .render import SEED_SLUGS, render_docx, render_pdf, seed_plan

for noisy in ("weasyprint", "fontTools", "fontTools.subset", "fontTools.ttLib"):
    logging.getLogger(noisy).setLevel(logging.ERROR)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """{format: folder} with SLUG.docx / SLUG.pdf for each seed plan: Word with real list
    numbering and heading styles; PDF (a) with heading tags, (b) headings by font only,
    running headers and footers, A5 justified columns and another bullet glyph."""
    root = tmp_path_factory.mktemp("corpus")
    folders = {name: root / name for name in ("docx", "pdf", "pdf-b")}
    for folder in folders.values():
        folder.mkdir()
    for slug in SEED_SLUGS:
        plan = seed_plan(slug)
        (folders["docx"] / f"{slug}.docx").write_bytes(render_docx(plan))
        (folders["pdf"] / f"{slug}.pdf").write_bytes(render_pdf(plan, "a"))
        (folders["pdf-b"] / f"{slug}.pdf").write_bytes(render_pdf(plan, "b"))
    return folders


def html_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def milestone_table_docx() -> bytes:
    """Another body's delivery plan: Word headings, a numbered priority list, a milestone
    table with date and owner columns."""
    import docx

    document = docx.Document()
    document.add_paragraph("Cabinet")
    document.add_paragraph("Northmoor District Council Delivery Plan 2024/25", style="Title")
    document.add_paragraph("Item no: 7")
    document.add_paragraph("Report by: Priya Shah")
    document.add_paragraph("Job title: Director of Place")
    document.add_paragraph("Date: 12 March 2024")
    document.add_paragraph("Summary: The delivery plan for the coming year, with the milestones each service has agreed.")
    document.add_heading("Thriving places", level=1)
    document.add_paragraph("We want every town centre in the district to be busy and safe.")
    document.add_paragraph("Priorities", style="Normal").runs[0].bold = True
    for text in ("Bring empty shops back into use.", "Make the high streets safer at night."):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Milestones", level=2)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Milestone", "Target date", "Owner")):
        cell.text = text
    for row in (("Adopt the new Local Plan", "by March 2025", "Head of Planning"),
                ("Open the Riverside community hub", "Autumn 2024", "Communities team"),
                ("Complete the leisure centre review", "Q3 2024", "Leisure manager"),
                ("Agree the parking strategy", "TBC", "Highways")):
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    document.add_heading("Financial implications", level=1)
    document.add_paragraph("The plan is delivered within the approved budget.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ROMAN_TEXT = """Harbourside Combined Authority
Work Programme 2025-26

Report by: Sam Okafor
Date: 3 February 2025

Summary: The work programme for the year.

Recommendations:
- Approve the work programme.

Transport

i. Deliver the bus franchising scheme across the whole area.
Outputs
(a) Let the first franchise contracts by September 2025.
(b) Publish a passenger charter.

ii. Improve rail connections to the port.
Outputs
(a) Submit the outline business case for the new station.

Skills

iii. Help more adults into good work.
Outputs
(a) Open two new adult learning centres.
(b) Support 1,200 residents into jobs.
"""

NO_FRONT_MATTER_MD = """## Key milestones

- Install solar panels on the village hall by June 2025
- Plant 500 trees on the common Winter 2025/26
- Publish the parish climate audit (March 2025)

## Our pledges

- We will cut the parish council's own emissions by half by 2030.
- We will hold an open meeting on climate every year.
"""
