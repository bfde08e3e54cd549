"""The progress report's performance annex: the plan's service KPIs with latest value, target,
RAG and exceptions, and each series as an XmR chart with its table, the same in every format."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import docx

from civicplan.indicators.models import Area, Indicator
from civicplan.indicators.services import target_set, value_record
from civicplan.plans.models import Element, Plan
from civicplan.reports.services import report_render
from tests.conftest import text_of
from tests.reports.poppler import poppler_tool

SHARED = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)


def _kpis(plan: Plan) -> None:
    """Taxicard trips (higher is better), quarterly, falling for seven quarters: red and a
    signal of concern. A later quarter (after the report date) must not appear."""
    area = Area.objects.create(code="ORGX", name="Riverside Borough Council", kind="organisation")
    trips = Indicator.objects.create(name="Taxicard trips", slug="taxicard-trips", unit="trips", polarity="higher",
                                     frequency="quarterly", decimal_places=0)
    pass_holders = Indicator.objects.create(name="Freedom Pass holders", slug="freedom-pass-holders",
                                            polarity="higher", frequency="quarterly", decimal_places=0)
    element = Element.objects.filter(plan=plan).exclude(date_end=None).order_by("position")[0]
    trips.elements.add(element)
    pass_holders.elements.add(element)
    periods = [f"{y}-{m:02d}-01/P3M" for y in (2021, 2022) for m in (4, 7, 10)] + ["2023-01-01/P3M"]
    for period, value in zip(periods, [5200, 5100, 5000, 4900, 4800, 4700, 4100], strict=True):
        value_record(indicator=trips, area=area, period=period, value=value)
    value_record(indicator=trips, area=area, period="2023-04-01/P3M", value=9999)
    target_set(indicator=trips, area=area, period="2023-01-01/P3M", value=5000, within_percent=5, reason="Plan")
    value_record(indicator=pass_holders, area=area, period="2023-01-01/P3M", value=1204)
    target_set(indicator=pass_holders, area=area, period="2023-01-01/P3M", value=1200, within_percent=5, reason="Plan")


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(c.text for c in row.cells))
    return " ".join(" ".join(parts).split())


EXPECTED = [
    "Appendix B – Performance",
    "Freedom Pass holders Jan 2023 to Mar 2023 1,204 1,200 On target",
    "Taxicard trips Jan 2023 to Mar 2023 4,100 5,000 Off target",
    "Taxicard trips: 4,100 in Jan 2023 to Mar 2023 against a target of 5,000 (off target); "
    "signal of concern: outside the process limits; 7 or more falling",
    "Taxicard trips, Riverside Borough Council: XmR chart to Jan 2023 to Mar 2023",
]


def test_the_same_kpi_figures_appear_in_html_pdf_and_docx(governance, tmp_path: Path):
    plan = Plan.objects.get(slug=SHARED)
    _kpis(plan)
    html = report_render(plan=plan, kind="progress", fmt="html", as_at=AS_AT).content.decode()
    pdf = report_render(plan=plan, kind="progress", fmt="pdf", as_at=AS_AT).content
    (tmp_path / "r.pdf").write_bytes(pdf)
    pdf_text = " ".join(subprocess.run([poppler_tool("pdftotext"), str(tmp_path / "r.pdf"), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())
    docx_text = _docx_text(report_render(plan=plan, kind="progress", fmt="docx", as_at=AS_AT).content)
    texts = {"html": text_of(html), "pdf": pdf_text, "docx": docx_text}
    for name, text in texts.items():
        for words in EXPECTED:
            assert words in text, (name, words)
        assert "9,999" not in text, name  # a period after the report date
    # The chart is an SVG with a title in the HTML, and a table twin with the limits in every format.
    assert 'id="report-spc1"' in html and "<title id=\"report-spc1-title\">" in html
    for text in texts.values():
        assert "mean 4,829, lower limit 4,341, upper limit 5,316" in text.replace("\u00a0", " ")


def test_no_annex_when_no_indicator_measures_the_plan(governance):
    plan = Plan.objects.get(slug=SHARED)
    html = report_render(plan=plan, kind="progress", fmt="html", as_at=AS_AT).content.decode()
    assert "Appendix B – Performance" not in text_of(html)
