"""Pages: preview a plan's reports, download them, keep copies, edit their text blocks."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from civicplan.accounts.selectors import user_display_name
from civicplan.core.dates import DateInputError, date_from_text
from civicplan.core.permissions import can_manage_plans, can_view_plan, plan_manager_required
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan

from .content import NOT_WRITTEN, report_build
from .forms import ReportTextForm
from .models import GeneratedReport, ReportFormat, ReportKind, ReportText
from .render_html import report_html_fragment
from .services import (
    TEXT_FIELDS,
    ReportTextConflict,
    report_generate_queue,
    report_render,
    report_text_earlier,
    report_text_for,
    report_text_save,
    report_text_version,
)


def _plan(request, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation", "body"), slug=slug)
    if not can_view_plan(request.user, plan):
        raise Http404("No such plan")
    return plan


def _choices(request, source) -> tuple[str, dt.date, list[str]]:
    """The kind and 'as at' date asked for, with a message for anything that could not be read."""
    errors = []
    kind = (source.get("kind") or ReportKind.PLAN).strip()
    if kind not in ReportKind.values:
        errors.append(f"There is no “{kind[:30]}” report: choose the plan report or the progress report.")
        kind = ReportKind.PLAN
    raw = (source.get("as_at") or "").strip()
    as_at = timezone.localdate()
    if raw:
        try:
            as_at = date_from_text(raw, label="The progress date") or as_at
        except DateInputError as exc:
            errors.append(f"{exc}, for example 31/03/2023.")
    return kind, as_at, errors


def reports_page(request, slug: str):
    plan = _plan(request, slug)
    kind, as_at, errors = _choices(request, request.GET if request.method == "GET" else request.POST)
    manager = can_manage_plans(request.user)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("Only a plan manager can keep report copies.")
        fmt = request.POST.get("format", "")
        if fmt not in ReportFormat.values or errors:
            messages.error(request, " ".join(errors) or "Choose docx, pdf or html.")
        else:
            report_generate_queue(plan=plan, kind=kind, fmt=fmt, as_at=as_at, user=request.user)
            messages.success(request, "The report is being made. It appears below when it is ready; refresh the page.")
        return redirect(f"{reverse('reports:plan-reports', args=[plan.slug])}?kind={kind}&as_at={as_at.isoformat()}")
    text = report_text_for(plan=plan, kind=kind, as_at=as_at)
    doc = report_build(plan=plan, kind=kind, as_at=as_at, text=text)
    unwritten = [
        field.replace("_", " ").capitalize() for field in ("financial_implications", "legal_implications", "equalities_implications")
        if not (text and getattr(text, field).strip())
    ] if NOT_WRITTEN in doc.text() else []
    query = f"kind={kind}&as_at={as_at.isoformat()}"
    return render(request, "reports/plan_reports.html", {
        "plan": plan, "kind": kind, "as_at": as_at, "errors": errors, "manager": manager,
        "kinds": ReportKind.choices, "formats": ReportFormat.choices, "query": query,
        "preview": mark_safe(report_html_fragment(doc, offset=1)),  # every value escaped by the renderer
        "unwritten": unwritten, "text": text,
        "generated": GeneratedReport.objects.filter(plan=plan).defer("content").order_by("-created_at")[:20],
    })


def report_download(request, slug: str):
    plan = _plan(request, slug)
    kind, as_at, errors = _choices(request, request.GET)
    fmt = request.GET.get("format", "")
    if errors or fmt not in ReportFormat.values:
        message = " ".join(errors) or "Reports download as docx, pdf or html."
        return render(request, "reports/bad_request.html", {"message": message}, status=400)
    made = report_render(plan=plan, kind=kind, fmt=fmt, as_at=as_at)
    response = HttpResponse(made.content, content_type=made.content_type)
    disposition = "inline" if fmt == ReportFormat.HTML and request.GET.get("view") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{made.filename}"'
    return response


def generated_download(request, slug: str, pk: int):
    plan = _plan(request, slug)
    record = get_object_or_404(GeneratedReport, pk=pk, plan=plan, status=GeneratedReport.Status.DONE)
    from .services import CONTENT_TYPES

    response = HttpResponse(bytes(record.content), content_type=CONTENT_TYPES[record.format])
    response["Content-Disposition"] = f'attachment; filename="{record.filename}"'
    return response


@plan_manager_required
def report_text_edit(request, slug: str, kind: str):
    """The hand-written blocks of one report: the plan report, or the progress report as at a date."""
    plan = _plan(request, slug)
    if kind not in ReportKind.values:
        raise Http404("No such report")
    as_at = None
    if kind == ReportKind.PROGRESS:
        _, as_at, errors = _choices(request, request.GET)
        if errors:
            return render(request, "reports/bad_request.html", {"message": " ".join(errors)}, status=400)
    text = ReportText.objects.filter(plan=plan, kind=kind, as_at=as_at).first()
    bodies = Body.objects.filter(organisation=plan.organisation).order_by("name")
    initial = {}
    started_from = None
    if text is None and kind == ReportKind.PROGRESS:
        # A new progress report starts from the last one's words (or the standing text).
        started_from = report_text_earlier(plan=plan, as_at=as_at) or report_text_for(plan=plan, kind=kind, as_at=None)
    if text is not None or started_from is not None:
        source = text or started_from
        initial = {name: getattr(source, name) for name in TEXT_FIELDS + ("item_no",)}
        initial["body"] = source.body_id
        if text is not None:
            initial["report_date"] = text.report_date
    elif kind == ReportKind.PLAN:
        initial = {"summary": plan.summary, "recommendations": "\n".join(plan.recommendations),
                   "item_no": plan.item_no, "report_date": plan.meeting_date}
    initial["seen"] = report_text_version(text)
    form = ReportTextForm(request.POST or None, initial=initial, bodies=bodies)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_text_save(plan=plan, kind=kind, user=request.user, **{name: data[name] for name in TEXT_FIELDS},
                             item_no=data["item_no"], report_date=data["report_date"], body=data["body"],
                             as_at=as_at, seen_version=data["seen"])
        except ReportTextConflict as exc:
            conflict = exc.record
            who = user_display_name(conflict.history_user) if conflict.history_user else "someone"
            form.add_error(None, f"{who} changed this text after you opened it. Nothing was saved: "
                                 "compare their text below with yours, merge them in the form, then save again.")
            # Saving again (after merging) is a deliberate save over their version.
            form.data = form.data.copy()
            form.data["seen"] = conflict.history_id
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Report text saved. The previous version is kept in the history.")
            return redirect(reverse("reports:report-text", args=[plan.slug, kind]) + _as_at_query(as_at))
    history = []
    if text is not None:
        records = list(text.history.select_related("history_user").order_by("-history_date", "-history_id")[:30])
        for newer, older in zip(records, records[1:] + [None]):
            changed = []
            if older is not None:
                changed = [c.field.replace("_", " ") for c in newer.diff_against(older).changes]
            history.append({"record": newer, "changed": changed, "first": older is None})
    return render(request, "reports/report_text.html", {
        "plan": plan, "kind": kind, "kind_label": ReportKind(kind).label, "form": form, "history": history,
        "as_at": as_at, "query": _as_at_query(as_at), "started_from": started_from if text is None else None,
        "conflict": conflict,
        "conflict_fields": [(form.fields[name].label, getattr(conflict, name)) for name in TEXT_FIELDS + ("item_no",)]
        if conflict else [],
    })


def _as_at_query(as_at: dt.date | None) -> str:
    return f"?as_at={as_at.isoformat()}" if as_at else ""
