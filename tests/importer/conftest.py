"""Real files for the importer: the seed plans rendered to Word and PDF, and plans written for
the tests in the same genre. Made once per session, in a temporary folder."""

from __future__ import annotations

import io
import logging

import pytest

from .render import SEED_SLUGS, render_docx, render_pdf, seed_plan

for noisy in ("weasyprint", "fontTools", "fontTools.subset", "fontTools.ttLib"):
    logging.getLogger(noisy).setLevel(logging.ERROR)



@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded PDFs kept with their drafts go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Reading an imported plan in the tests, and writing a document for it to import.

def by_kind(plan: dict, kind: str) -> list[dict]:
    return [e for e in plan["elements"] if e["kind"] == kind]


def children(plan: dict, parent: dict) -> list[dict]:
    return [e for e in plan["elements"] if e["parent"] == parent["id"]]


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


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


#: Text copied out of another council's PDF: a two-column header, a running header with page
#: numbers on every page, numbers on lines of their own, "e" for bullet glyphs, a list that only
#: names the headings below it, "Outcome:" under a priority, a heading whose text is "None.".
WESTBROOK_TEXT = """Westbrook Borough Council                                   Agenda Item 6

Cabinet
Date: 14 January 2025
Report of: Director of Strategy        Contact: Jo Patel, 01632 960123, jo.patel@westbrook.gov.uk

Corporate Plan 2025-2028

Purpose of report: To agree the council's corporate plan for the next three years and
the milestones for 2025/26.

Recommendations
1. Cabinet approves the Corporate Plan 2025-2028.
2. Cabinet agrees the 2025/26 milestones in Appendix A.

Westbrook Borough Council Corporate Plan 2025-28                                Page 1 of 4

1.
Background

2.
The council last refreshed its corporate plan in 2021. Since then the borough has changed a
great deal, with more families arriving, higher housing costs and pressure on adult social
care budgets. Residents told us in the autumn survey that they want cleaner streets, more
homes they can afford and a council that listens.

Our priorities

e Homes people can afford
e Safe, clean and green neighbourhoods
e A council that works for residents

Homes people can afford

1. Increase the supply of affordable homes
Outcome: more families are housed in good quality homes they can afford.
a) Deliver 300 new council homes by March 2027.
b) Adopt a new Local Plan by December 2025.
c) Bring 50 empty homes back into use each year.

2. Reduce the use of temporary
accommodation
a) Open a new family hostel in Spring 2026.
b) Publish a homelessness prevention strategy by
   September 2025.

Westbrook Borough Council Corporate Plan 2025-28                                Page 2 of 4

Safe, clean and green neighbourhoods

3. Make streets cleaner
a) Introduce weekly food waste collections from April 2026.
b) Replace 400 litter bins with larger bins.

4. Reach net zero as an organisation by 2030
a) Install heat pumps in three leisure centres.
b) Switch the fleet to electric vehicles.

A council that works for residents

5. Improve how residents contact us
a) Launch a new website in Q3 2025.
b) Answer 90% of calls within two minutes.

Westbrook Borough Council Corporate Plan 2025-28                                Page 3 of 4

Appendix A: Key milestones 2025/26

e Local Plan submitted for examination - June 2025
e Homelessness prevention strategy published - September 2025
e New website live - Q3 2025
e Food waste procurement complete - January 2026
e Family hostel opens - Spring 2026

Financial implications
The plan will be delivered within the medium term financial strategy.

Legal implications
None.

Westbrook Borough Council Corporate Plan 2025-28                                Page 4 of 4
"""

#: Another body's milestones: objectives, sub-priorities, dated steps, bracketed references.
EASTVALE_TEXT = """Eastvale Partnership Board

Shared Delivery Milestones 2026

Date: 5 May 2026
Report by: Priya Nair

Summary: The milestones each partner has agreed for the coming year.

Objective 1: Good jobs for local people

Sub-priorities:
- Apprenticeships for young people
- Adult retraining
- Business support

Milestones:
- Launch the apprenticeship levy transfer scheme in June 2026 (Apprenticeships for young people)
- Retraining hub open - Q3 2026; first 100 learners enrolled - Q1 2027 (Adult retraining)
- Business support review completed by December 2026 (Business support Adult retraining)

Objective 2: Healthier communities

Sub-priorities:
- Active travel
- Mental health in schools

Milestones:
- Publish the active travel plan (September 2026) and open two new cycle routes (Spring 2027) (Active travel)
- Mental health first aid training in all secondary schools by July 2027 (Mental health in schools)
"""


def riverside_docx() -> bytes:
    """A Word plan whose list numbering lives in Word's own list styles ("List Number", "List
    Bullet"), with "Report to:" and "Lead officer:" labels and a milestone table whose columns
    are "When" and "Lead"."""
    import docx

    document = docx.Document()
    document.add_paragraph("Riverside Unitary Authority")
    document.add_paragraph("Climate Action Plan 2025 to 2027", style="Title")
    for label, value in (("Report to: ", "Environment Scrutiny Panel"), ("Meeting date: ", "2 April 2025"),
                         ("Lead officer: ", "Sam Green, Head of Sustainability")):
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(value)
    document.add_heading("Summary", level=1)
    document.add_paragraph("This plan sets out how the authority will cut its emissions and help residents adapt.")
    document.add_heading("Our objectives", level=1)
    document.add_heading("Cutting our own emissions", level=2)
    document.add_paragraph("We will:")
    for text in ("Replace gas boilers in our main buildings with heat pumps by 2027.",
                 "Move the council fleet to electric vehicles by 2028.",
                 "Buy only renewable electricity from April 2025."):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Helping residents adapt", level=2)
    document.add_paragraph("We will:")
    for text in ("Plant 10,000 trees in the most exposed neighbourhoods.",
                 "Offer free flood-resilience surveys to 500 homes at risk."):
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("Milestones", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "When", "Lead")):
        cell.text = text
    for row in (("Heat pump procurement complete", "September 2025", "Estates"),
                ("First 3,000 trees planted", "Winter 2025/26", "Parks"),
                ("Fleet 50% electric", "Q4 2026", "Transport")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_heading("Risks", level=1)
    document.add_paragraph("The main risk is the cost of heat pumps, which may rise.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


NORTHFIELD_HTML = """<html><head><style>
@page { size: A4; margin: 2cm; @bottom-center { content: "Northfield County Council - Page " counter(page); font-size: 8pt; } }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
.big { font-size: 20pt; font-weight: bold; } .h1 { font-size: 15pt; font-weight: bold; margin-top: 14pt; }
ol.roman { list-style-type: lower-roman; } ol.alpha { list-style-type: lower-alpha; } ul { list-style-type: '– '; }
td, th { border: 1px solid #999; padding: 3pt; text-align: left; } table.head td { border: none; }
</style></head><body>
<table class="head"><tr><td><b>Committee:</b> Cabinet</td><td><b>Date:</b> 9 October 2025</td></tr>
<tr><td><b>Report by:</b> Alex Morgan</td><td><b>Job title:</b> Chief Executive</td></tr></table>
<p class="big">Northfield County Council Plan 2026-2030</p>
<p><b>Summary:</b> The council plan sets out our four-year ambitions and what we will deliver in the first year.</p>
<p class="h1">Ambition 1: A thriving economy</p>
<p>Our priorities are:</p>
<ol class="roman">
<li>Support local businesses to grow.<p><b>Outputs</b></p>
<ol class="alpha"><li>Launch a business growth fund in Spring 2026.</li><li>Run twelve business clinics each year.</li></ol></li>
<li>Improve digital connectivity in rural areas.<p><b>Outputs</b></p>
<ol class="alpha"><li>Connect 2,000 rural premises to gigabit broadband by December 2027.</li></ol></li>
</ol>
<p class="h1">Ambition 2: Healthy, independent lives</p>
<p>Our priorities are:</p>
<ol class="roman" style="counter-reset: list-item 2">
<li>Help older people stay independent at home for longer.<p><b>Outputs</b></p>
<ol class="alpha"><li>Expand the reablement service to cover the whole county.</li>
<li>Open two extra care housing schemes by 2028.</li></ol></li>
</ol>
<p class="h1">Key milestones</p>
<table><tr><th>Action</th><th>By when</th><th>Lead officer</th></tr>
<tr><td>Business growth fund open for applications</td><td>April 2026</td><td>Director of Economy</td></tr>
<tr><td>Broadband contract awarded</td><td>Q2 2026</td><td>Head of Digital</td></tr>
<tr><td>First extra care scheme opens</td><td>Autumn 2027</td><td>Director of Adult Care</td></tr>
</table>
<p class="h1">Our pledges</p>
<ul><li>We will freeze car parking charges in market towns until 2027.</li>
<li>We will answer every complaint within ten working days.</li></ul>
<p class="h1">Financial implications</p>
<p>The plan is funded within the medium term financial plan.</p>
</body></html>"""
