"""Writing reports: the hand-written blocks (with history), and report files in three formats."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from civicplan.core.permissions import can_manage_plans
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan

from .content import report_build
from .models import GeneratedReport, ReportFormat, ReportKind, ReportText

CONTENT_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html; charset=utf-8",
}
TEXT_FIELDS = ("summary", "recommendations", "financial_implications", "legal_implications", "equalities_implications")


def report_text_for(*, plan: Plan, kind: str, as_at: dt.date | None) -> ReportText | None:
    """The text a report prints: its own, else (for a progress report) the standing text."""
    texts = ReportText.objects.filter(plan=plan, kind=kind).select_related("body")
    if kind != ReportKind.PROGRESS:
        return texts.filter(as_at__isnull=True).first()
    own = texts.filter(as_at=as_at).first() if as_at else None
    return own or texts.filter(as_at__isnull=True).first()


def report_text_earlier(*, plan: Plan, as_at: dt.date) -> ReportText | None:
    """The latest progress text before a date: where a new report's text can start from."""
    return (ReportText.objects.filter(plan=plan, kind=ReportKind.PROGRESS, as_at__lt=as_at)
            .order_by("-as_at").first())


@dataclass
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def report_filename(*, plan: Plan, kind: str, fmt: str, as_at: dt.date | None) -> str:
    stamp = f"-{as_at.isoformat()}" if kind == ReportKind.PROGRESS and as_at else ""
    return f"{plan.slug}-{kind}{stamp}.{fmt}"


def report_render(*, plan: Plan, kind: str, fmt: str, as_at: dt.date | None = None,
                  since: dt.date | None = None) -> ReportFile:
    """Make one report file. Reads only: nothing is stored."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": f"There is no “{kind}” report. Choose plan or progress."})
    if fmt not in ReportFormat.values:
        raise ValidationError({"format": f"Reports are made as docx, pdf or html, not “{fmt}”."})
    as_at = as_at or timezone.localdate()
    doc = report_build(plan=plan, kind=kind, as_at=as_at, since=since)
    if fmt == ReportFormat.DOCX:
        from .render_docx import report_docx

        content = report_docx(doc)
    elif fmt == ReportFormat.PDF:
        from .render_pdf import report_pdf

        content = report_pdf(doc)
    else:
        from .render_html import report_html

        content = report_html(doc).encode("utf-8")
    return ReportFile(content=content, content_type=CONTENT_TYPES[fmt],
                      filename=report_filename(plan=plan, kind=kind, fmt=fmt, as_at=as_at))


class ReportTextConflict(Exception):
    """Someone saved the text after this form was opened: `record` is their save, to merge with."""

    def __init__(self, record):
        super().__init__("The report text was changed by someone else after you opened it.")
        self.record = record


def report_text_version(text: ReportText | None) -> int:
    """The id of the text's latest history record (0 before it exists): what a form saw."""
    if text is None or text.pk is None:
        return 0
    return text.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


@transaction.atomic
def report_text_save(*, plan: Plan, kind: str, user, summary: str = "", recommendations: str = "",
                     financial_implications: str = "", legal_implications: str = "",
                     equalities_implications: str = "", item_no: str = "", report_date: dt.date | None = None,
                     body: Body | None = None, as_at: dt.date | None = None,
                     seen_version: int | None = None) -> ReportText:
    """Save the hand-written blocks of one report; every save is kept in the history.

    A progress report's text belongs to its "as at" date; without one it is the standing
    text used for dates that have none of their own. The plan report has a single text.
    """
    if not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can edit report text.")
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "Choose the plan report or the progress report."})
    if body is not None and body.organisation_id != plan.organisation_id:
        raise ValidationError({"body": "Choose one of the organisation's own committees."})
    as_at = as_at if kind == ReportKind.PROGRESS else None
    text = ReportText.objects.select_for_update().filter(plan=plan, kind=kind, as_at=as_at).first() or ReportText(
        plan=plan, kind=kind, as_at=as_at, created_by=user
    )
    # A save over a version the writer never saw would silently lose the other person's words.
    if seen_version is not None and report_text_version(text) != seen_version:
        raise ReportTextConflict(text.history.select_related("history_user").order_by("-history_id").first())
    values = {
        "summary": summary, "recommendations": recommendations,
        "financial_implications": financial_implications, "legal_implications": legal_implications,
        "equalities_implications": equalities_implications,
    }
    for name, value in values.items():
        setattr(text, name, "\n".join(line.rstrip() for line in value.strip().splitlines()))
    text.item_no = item_no.strip()
    text.report_date = report_date
    text.body = body
    text.updated_by = user
    text._history_user = user
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def report_generate_queue(*, plan: Plan, kind: str, fmt: str, as_at: dt.date | None, user) -> GeneratedReport:
    """Ask the worker to make a report file and keep it; the page lists it when it is ready."""
    from .tasks import report_generate_task

    if kind not in ReportKind.values or fmt not in ReportFormat.values:
        raise ValidationError("Choose a kind of report and a format.")
    record = GeneratedReport(plan=plan, kind=kind, format=fmt, as_at=as_at or timezone.localdate(), created_by=user)
    record.full_clean()
    record.save()
    result = report_generate_task.enqueue(record.pk)
    record.task_id = str(result.id)
    record.save(update_fields=["task_id", "updated_at"])
    return record


def report_generate_run(*, record_id: int) -> GeneratedReport:
    """The worker's part: make the file and store it, or record why it could not be made."""
    record = GeneratedReport.objects.select_related("plan").get(pk=record_id)
    started = time.perf_counter()
    try:
        made = report_render(plan=record.plan, kind=record.kind, fmt=record.format, as_at=record.as_at)
    except Exception as exc:  # the error is shown on the page; the worker carries on
        record.status = GeneratedReport.Status.FAILED
        record.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        record.status = GeneratedReport.Status.DONE
        record.content = made.content
        record.size = len(made.content)
        record.error = ""
    record.seconds = time.perf_counter() - started
    record.finished_at = timezone.now()
    record.save()
    return record
