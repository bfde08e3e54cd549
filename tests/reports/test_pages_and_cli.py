"""The Reports page (preview, download, keep a copy), report text with history, and `civicplan report`."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicplan.reports.models import GeneratedReport, ReportText
from tests.conftest import text_of

SHARED = "lc-shared-ambitions-2022-23"


def test_reports_page_previews_and_downloads_each_format(governance, client, pages):
    url = f"/plans/{SHARED}/reports/"
    page = text_of(pages.get(f"{url}?kind=progress&as_at=2023-03-31").content.decode())
    assert "Delivery status by objective" in page and "Download as PDF" in page
    assert "Keep a copy" not in page, "only plan managers keep copies"
    response = client.get(f"{url}download/?kind=progress&as_at=2023-03-31&format=docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SHARED}-progress-2023-03-31.docx"'
    assert docx.Document(io.BytesIO(response.content)).paragraphs
    assert client.get(f"{url}download/?kind=plan&format=pdf").content.startswith(b"%PDF")
    bad = pages.get(f"{url}download/?kind=progress&as_at=31/13/2023&format=pdf", status=400)
    assert "The progress date must be a real date" in text_of(bad.content.decode())
    assert client.get(f"{url}download/?kind=plan&format=odt").status_code == 400
    page = text_of(pages.get(f"{url}?kind=progress&as_at=2023-02-30").content.decode())
    assert "There is a problem" in page and "The progress date must be a real date" in page


def test_plan_managers_edit_report_text_and_every_version_is_kept(governance, client, pages, manager):
    url = f"/plans/{SHARED}/reports/progress/text/?as_at=2023-03-31"
    assert client.get(url).status_code == 302, "sign in first"
    client.force_login(manager)
    page = text_of(pages.get(url).content.decode())
    assert "Progress report as at 31 March 2023: text" in page
    first = {"summary": "Delivery is broadly on track.", "recommendations": "note progress\nagree the re-dated milestones",
             "financial_implications": "None beyond the approved budget.", "legal_implications": "",
             "equalities_implications": "", "item_no": "6", "report_date": "2023-04-18", "body": ""}
    assert client.post(url, first)["Location"] == url
    assert client.post(url, {**first, "summary": "Two milestones are off track."}).status_code == 302
    text = ReportText.objects.get(plan__slug=SHARED, kind="progress")
    assert text.as_at == dt.date(2023, 3, 31) and text.history.count() == 2
    page = text_of(pages.get(url).content.decode())
    assert "changed summary" in page and "first written" in page
    preview = text_of(pages.get(f"/plans/{SHARED}/reports/?kind=progress&as_at=2023-03-31").content.decode())
    assert "Two milestones are off track." in preview and "agree the re-dated milestones" in preview
    assert "None beyond the approved budget." in preview and "Item no 6" in preview and "18 April 2023" in preview
    assert "of the report as at 31 March 2023" in preview
    response = client.post(url, {**first, "report_date": "18/04/23x"})
    assert response.status_code == 200 and ReportText.history.model.objects.count() == 2

    # Each progress report has its own text: June's report does not print March's summary...
    june = text_of(pages.get(f"/plans/{SHARED}/reports/?kind=progress&as_at=2023-06-30").content.decode())
    assert "Two milestones are off track." not in june and "This report sets out progress" in june
    # ...and June's text starts from March's words, to be changed and saved as June's own.
    june_url = f"/plans/{SHARED}/reports/progress/text/?as_at=2023-06-30"
    page = pages.get(june_url).content.decode()
    assert "starts from the text of the report as at 31 March 2023" in text_of(page)
    assert "Two milestones are off track." in page and 'value="2023-04-18"' not in page
    assert client.post(june_url, {**first, "summary": "All but one milestone is on track."}).status_code == 302
    assert ReportText.objects.filter(plan__slug=SHARED, kind="progress").count() == 2
    march = text_of(pages.get(f"/plans/{SHARED}/reports/?kind=progress&as_at=2023-03-31").content.decode())
    assert "Two milestones are off track." in march and "All but one milestone" not in march
    assert pages.get(f"/plans/{SHARED}/reports/progress/text/?as_at=June", status=400)


def test_keeping_a_copy_queues_it_and_the_worker_makes_it(governance, client, manager, run_worker):
    client.force_login(manager)
    url = f"/plans/{SHARED}/reports/"
    response = client.post(url, {"kind": "progress", "as_at": "2023-03-31", "format": "pdf"})
    assert response.status_code == 302
    record = GeneratedReport.objects.get()
    assert record.status == GeneratedReport.Status.QUEUED
    run_worker()
    record.refresh_from_db()
    assert record.status == GeneratedReport.Status.DONE and record.size > 10_000
    response = client.get(f"{url}files/{record.pk}/")
    assert response.content.startswith(b"%PDF")
    assert record.filename in text_of(client.get(url).content.decode())


def test_civicplan_report_command_writes_each_format(governance, tmp_path):
    for fmt in ("docx", "pdf", "html"):
        out = tmp_path / f"progress.{fmt}"
        call_command("plan_report", SHARED, kind="progress", as_at="2023-03-31", fmt=fmt, out=str(out), stdout=io.StringIO())
        assert out.stat().st_size > 5_000
    out = tmp_path / "plan.pdf"
    call_command("plan_report", "lc-business-plan-2019-20", out=str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="no plan with slug 'nope'"):
        call_command("plan_report", "nope", out=str(out))
    with pytest.raises(CommandError, match="is not a date"):
        call_command("plan_report", SHARED, kind="progress", as_at="March 2023", out=str(out))


def test_cli_lists_report_worker_and_remind():
    from civicplan.cli import _usage

    usage = _usage()
    assert "report" in usage and "worker" in usage and "remind" in usage


def test_a_progress_text_without_a_date_stands_for_the_dates_that_have_none(governance, manager):
    from civicplan.plans.models import Plan
    from civicplan.reports.content import report_build
    from civicplan.reports.services import report_text_save

    plan = Plan.objects.get(slug=SHARED)
    march, june = dt.date(2023, 3, 31), dt.date(2023, 6, 30)
    report_text_save(plan=plan, kind="progress", user=manager, summary="Standing summary.")
    assert "Standing summary." in report_build(plan=plan, kind="progress", as_at=march).text()
    report_text_save(plan=plan, kind="progress", user=manager, summary="March summary.", as_at=march)
    assert "March summary." in report_build(plan=plan, kind="progress", as_at=march).text()
    assert "Standing summary." in report_build(plan=plan, kind="progress", as_at=june).text()
    # The plan report has one text, whatever date is passed.
    report_text_save(plan=plan, kind="plan", user=manager, summary="For approval.", as_at=march)
    assert ReportText.objects.get(plan=plan, kind="plan").as_at is None
    assert "For approval." in report_build(plan=plan, kind="plan", as_at=june).text()
