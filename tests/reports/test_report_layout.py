"""How the committee reports are laid out on the page, checked on the files a reader opens:
numbering that runs on as the papers print it, no page left nearly empty, the timeline on
landscape pages with its words showing, and Word tables whose widths and rows hold."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import docx
from docx.oxml.ns import qn

from civicplan.plans.models import Element, Plan
from civicplan.reports import render_pdf
from civicplan.reports.content import report_build
from civicplan.reports.document import Cell, Table
from civicplan.reports.render_html import _short_table, report_html
from civicplan.reports.services import report_render
from tests.reports.poppler import poppler_tool

SHARED = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)


def _pdf(content: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return path


def _pages(path: Path) -> list[str]:
    text = subprocess.run([poppler_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def _page_sizes(path: Path) -> list[str]:
    info = subprocess.run([poppler_tool("pdfinfo"), "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+)", info)


def test_2019_20_plan_report_numbers_work_areas_on_and_prints_the_recommendation_once(governance, tmp_path):
    plan = Plan.objects.get(slug="lc-business-plan-2019-20")
    pages = _pages(_pdf(report_render(plan=plan, kind="plan", fmt="pdf").content, tmp_path))
    text = " ".join(" ".join(pages).split())
    # The paper asks Leaders' Committee once, then lists what it is asked to do.
    assert "Leaders' Committee is asked to: 1. note the main text of the London Councils Business Plan" in text
    assert "asked to: 1. Leaders' Committee is asked to" not in text
    # Work areas are numbered 1 to 55 across the portfolios, as in the paper's Appendix Two.
    assert "Freedom Pass 3. Negotiating the Freedom Pass annual settlements" in text
    assert "55. Promote innovation and transformation of workforce practices" in text
    # The themes sit under one "Key themes" heading, as the paper prints them.
    assert "Purpose" in text and "Key themes Resourcing London" in text
    document = docx.Document(io.BytesIO(report_render(plan=plan, kind="plan", fmt="docx").content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Key themes") in headings and ("Heading 3", "Resourcing London") in headings


def test_the_executive_is_asked_in_the_2020_21_report(governance):
    doc = report_build(plan=Plan.objects.get(slug="lc-business-plan-2020-21"), kind="plan")
    assert "The Executive is asked to:" in doc.text()


def test_no_page_of_the_plan_report_is_left_nearly_empty(governance, tmp_path):
    """A long milestone table starts under its heading and runs on, rather than leaving a blank page."""
    plan = Plan.objects.get(slug=SHARED)
    pages = _pages(_pdf(report_render(plan=plan, kind="plan", fmt="pdf").content, tmp_path))
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) > 12, f"page {number} has only {len(lines)} lines: {lines}"


def test_progress_timeline_is_drawn_per_objective_on_landscape_pages_with_its_labels(governance, tmp_path, monkeypatch):
    plan = Plan.objects.get(slug=SHARED)
    doc = report_build(plan=plan, kind="progress", as_at=AS_AT)
    figures = [b for b in doc.blocks if b.kind == "figure"]
    assert [f.title.split(":")[0] for f in figures][:2] == ["Objective 2.1", "Objective 2.2"]
    assert len(figures) == 6 and all(f.page == "landscape" and 0 < f.aspect < 1 for f in figures)
    # Each drawing's <title> (the PDF's alternative text for the figure) names its objective.
    assert '<title id="report-tl2-title">Objective 2.2: Climate Adaptation and Net Zero: timeline' in figures[1].svg

    # The timeline outlines its labels in white under the letters; WeasyPrint would paint the
    # outline over them, so the PDF leaves it out. If the timeline changes how it draws the
    # outline, this says so before the labels vanish from the PDF again.
    html = report_html(doc, for_print=True)
    assert render_pdf.HALO in html
    seen = {}

    class Spy:
        def __init__(self, *, string):
            seen["html"] = string

        def write_pdf(self, **kwargs):
            return b"%PDF-spy"

    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", Spy)
    render_pdf.report_pdf(doc)
    assert "paint-order" not in seen["html"]
    monkeypatch.undo()

    path = _pdf(render_pdf.report_pdf(doc), tmp_path)
    sizes = _page_sizes(path)
    pages = _pages(path)
    portrait, landscape = "595.276 x 841.89", "841.89 x 595.276"
    timeline_pages = [n for n, page in enumerate(pages) if "timeline of milestones as at" in page]
    assert timeline_pages and all(sizes[n] == landscape for n in timeline_pages)
    assert sizes[0] == portrait and sizes[-1] == portrait, "the tables after the drawings are on A4 portrait"
    first = pages[timeline_pages[0]]
    assert "Appendix A – Milestone timeline" in first and "Party Conferences 2022" in first
    assert all("Page " in pages[n] for n in timeline_pages), "landscape pages are numbered too"


def test_word_tables_hold_their_column_widths_and_rows_do_not_split(governance):
    plan = Plan.objects.get(slug=SHARED)
    document = docx.Document(io.BytesIO(report_render(plan=plan, kind="progress", fmt="docx", as_at=AS_AT).content))
    front = document.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in front._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] < grid[1], "the header block's labels column is the narrow one"
    for table in document.tables[1:]:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert 9000 < sum(grid) < 9800, "the tables fill the 17 cm text width"
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for index, row in enumerate(table.rows):
            trpr = row._tr.trPr
            assert trpr.find(qn("w:cantSplit")) is not None
            assert (trpr.find(qn("w:tblHeader")) is not None) == (index == 0), "only the header row repeats"
    # The timeline drawings come as pictures too, each with its description as alt text.
    timelines = [s for s in document.inline_shapes if "timeline of milestones" in s._inline.docPr.get("descr")]
    objectives = Element.objects.filter(plan=plan, kind="objective").count()
    assert len(timelines) == objectives
    assert all("on a timeline" in s._inline.docPr.get("descr") for s in timelines)
    # Each is a real drawing, labels and all: plenty of dark (text) and coloured (bar) pixels.
    from PIL import Image

    rid = timelines[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = Image.open(io.BytesIO(document.part.related_parts[rid].blob)).convert("RGB")
    raw = image.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3]))
    dark = sum(1 for r, g, b in pixels if r + g + b < 150)
    blue = sum(1 for r, g, b in pixels if b > 150 and r < 80)  # complete/green bars
    assert dark > len(pixels) * 0.01 and blue > 500, (dark, blue, len(pixels))


def test_a_table_is_kept_on_one_page_only_when_it_is_short():
    short = Table(header=["Ref", "Milestone"], rows=[[Cell("1"), Cell("Budget submission")]] * 5, widths=[0.1, 0.9])
    assert _short_table(short)
    wordy = Table(header=["Ref", "Milestone"], rows=[[Cell("1"), Cell("word " * 120)]] * 5, widths=[0.1, 0.9])
    assert not _short_table(wordy)
    many = Table(header=["Ref"], rows=[[Cell("1")]] * 13)
    assert not _short_table(many)
