"""Committee reports, opened as a reader opens them: Word's headings and tables, the PDF's text
and pages, the HTML page."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import docx
import html5lib
from docx.oxml.ns import qn
from PIL import Image

from civicplan.governance import services as governance_services
from civicplan.plans.models import Element, Plan
from civicplan.reports.services import report_render
from civicplan.standing.status import plan_status
from tests.reports.poppler import poppler_tool

SHARED = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)
PROGRESS_SECTIONS = (
    "Summary", "Recommendations", "Delivery status by objective", "Exceptions", "Off track", "At risk",
    "Overdue", "Re-dated since the adopted baseline", "Completed since the last report", "Due next period",
    "Changes to the adopted plan", "Implications", "Financial implications", "Legal implications",
    "Equalities implications", "Appendices", "Appendix A – Milestone timeline",
)


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run([poppler_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def _reds(plan: Plan) -> list[Element]:
    return [
        s.element for s in plan_status(plan=plan, as_at=AS_AT).values()
        if s.rag == "red" and s.element.kind == "milestone"
        and not any(c.element.kind == "milestone" for c in s.children)
    ]


def test_progress_pdf_has_every_section_every_red_milestone_and_numbered_a4_pages(governance, tmp_path):
    plan = Plan.objects.get(slug=SHARED)
    reds = _reds(plan)
    assert reds, "the sample history has milestones off track at the end of March 2023"
    made = report_render(plan=plan, kind="progress", fmt="pdf", as_at=AS_AT)
    assert made.content.startswith(b"%PDF") and made.filename == f"{SHARED}-progress-2023-03-31.pdf"
    text = _pdf_text(made.content, tmp_path)
    for heading in PROGRESS_SECTIONS:
        assert heading in text, heading
    for element in reds:
        assert " ".join(element.title.split())[:60] in text, element.title
    for label in ("Leaders' Committee", "Report by", "Alison Griffin", "Contact officer", "Barbara Salmon",
                  "Telephone", "0207 934 9575", "Page 1 of"):
        assert label in text, label

    info = subprocess.run([poppler_tool("pdfinfo"), str(tmp_path / "report.pdf")], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info and "(A4)" in info

    # The first page, drawn as an image, is not blank: the chart and text are on it.
    subprocess.run([poppler_tool("pdftoppm"), "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(image.histogram()[:200])
    assert dark > image.width * image.height * 0.02


def test_progress_docx_has_real_headings_repeating_table_headers_numbered_lists_and_an_alt_texted_chart(governance):
    plan = Plan.objects.get(slug=SHARED)
    made = report_render(plan=plan, kind="progress", fmt="docx", as_at=AS_AT)
    document = docx.Document(io.BytesIO(made.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    texts = [text for _, text in headings]
    assert headings[0] == ("Title", "London Councils' Shared Ambitions Milestones: progress as at 31 March 2023")
    for heading in ("Summary", "Recommendations", "Exceptions", "Implications", "Appendices"):
        assert ("Heading 1", heading) in headings, heading
    assert any(text.startswith("Off track") for text in texts)
    # The header block, then the RAG summary table with the objectives.
    front = document.tables[0]
    assert [row.cells[0].text for row in front.rows][:3] == ["Item no", "Report by", "Job title"]
    summary = document.tables[1]
    assert [c.text for c in summary.rows[0].cells][:3] == ["Objective", "Red", "Amber"]
    assert summary.rows[1].cells[0].text == "2.1 London's Future"
    for table in document.tables[1:]:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    # Recommendations are a real numbered list.
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert any(p.text.startswith("note progress on") for p in numbered)
    # The chart is a picture with a description for screen readers (then the timeline drawings).
    assert len(document.inline_shapes) > 1
    alt = document.inline_shapes[0]._inline.docPr.get("descr")
    assert alt.startswith("Delivery status of milestones by objective") and "2.1 London's Future" in alt
    reds = _reds(plan)
    body = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for element in reds:
        assert " ".join(element.title.split()) in body


def test_plan_report_for_approval_is_laid_out_like_the_2020_21_paper(governance, tmp_path):
    plan = Plan.objects.get(slug="lc-business-plan-2020-21")
    made = report_render(plan=plan, kind="plan", fmt="docx")
    document = docx.Document(io.BytesIO(made.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Finance Performance & Improvement" in " ".join(headings)
    assert any(h.startswith("Priority 1: Delivering fair levels of funding") for h in headings)
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("Outcome: London local government receives its fair share") for p in paragraphs)
    assert "Consultation: reflects very early inter-action with new portfolio holder" in paragraphs
    assert any(p.startswith("discuss the emerging draft content") for p in paragraphs)
    front = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert front["Item no"] == "5" and front["Date"] == "3 March 2020" and front["Job title"] == "Chief Executive"
    # Outputs are lettered lists, numbered by Word.
    numbering = document.part.numbering_part.element
    letter_lists = {
        num.get(qn("w:numId")) for num in numbering.findall(qn("w:num"))
        if num.find(qn("w:abstractNumId")).get(qn("w:val")) == "902"
    }
    lettered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
                and p._p.pPr.numPr.numId.val is not None and str(p._p.pPr.numPr.numId.val) in letter_lists]
    assert any(p.text.startswith("A compelling and evidence-based set of campaign documents") for p in lettered)

    pdf_text = _pdf_text(report_render(plan=plan, kind="plan", fmt="pdf").content, tmp_path)
    for section in ("Summary", "Recommendations", "Main text of Business Plan 2020/21", "Financial implications",
                    "Legal implications", "Equalities implications"):
        assert section in pdf_text


def test_plan_report_puts_the_2019_20_pledges_in_an_appendix(governance):
    plan = Plan.objects.get(slug="lc-business-plan-2019-20")
    html = report_render(plan=plan, kind="plan", fmt="html").content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    assert "Appendix A – Pledges" in html
    appendix = html.split("Appendix A – Pledges")[-1]
    assert "Deliver at least 2500 charging points" in appendix
    assert "Item no</th><td>19</td>" in html and "4 June 2019" in html
    assert "The work plan will be delivered within London Councils" in html  # the paper's own implication


def test_a_redate_since_the_baseline_appears_in_the_progress_report_with_its_reason(governance, officer, manager, tmp_path):
    plan = Plan.objects.get(slug=SHARED)
    milestone = Element.objects.get(plan=plan, title__startswith="Delivery of a new performance benchmarking")
    change = governance_services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                              date_text="June 2023", reason="Supplier procurement re-run")
    governance_services.change_request_approve(change=change, user=manager)
    # Decided before the report date (a report as at a date shows the changes decided by then).
    type(change).objects.filter(pk=change.pk).update(decided_at=dt.datetime(2023, 2, 15, 10, tzinfo=dt.timezone.utc))
    text = _pdf_text(report_render(plan=plan, kind="progress", fmt="pdf", as_at=AS_AT).content, tmp_path)
    assert "Re-dated from March 2023 to June 2023: Supplier procurement re-run" in text


def test_the_largest_plan_reports_in_every_format(governance):
    plan = max(Plan.objects.all(), key=lambda p: p.elements.count())
    assert plan.slug == "lc-business-plan-2020-21"
    for kind in ("plan", "progress"):
        for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")):
            made = report_render(plan=plan, kind=kind, fmt=fmt, as_at=dt.date(2020, 9, 30))
            assert made.content.startswith(magic), (kind, fmt)
