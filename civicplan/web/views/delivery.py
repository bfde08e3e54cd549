"""Progress updates: submit (officers), approve or return (plan managers), dashboard."""

from __future__ import annotations

import datetime as dt

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.core.http import redirect_next
from civicplan.core.permissions import Role, can_update_element, officer_required, plan_manager_required, user_role
from civicplan.delivery.evidence import CONTENT_TYPES, evidence_max_bytes
from civicplan.web.views.dashboard_charts import dashboard_charts
from civicplan.delivery.models import RAG_DEFINITIONS, RAG_SYMBOL, ProgressUpdate, Rag
from civicplan.delivery.selectors import (
    last_returned_update,
    returned_update_initial,
    recent_updates,
    review_contexts,
    updates_awaiting_review,
)
from civicplan.delivery.services import (
    progress_refusal,
    progress_update_approve,
    progress_update_return,
    progress_update_submit,
)
from civicplan.governance.selectors import last_report_date, plan_change_lines
from civicplan.plans.selectors import plan_level_names
from civicplan.standing.filters import element_group_map, quarter_bounds
from civicplan.standing.memo import VersionMemo, status_cache_key
from civicplan.standing.status import latest_approved_rags, plan_has_sample_data, rag_counts
from civicplan.standing.summary import plan_summary

from ..forms import ProgressUpdateForm, ReviewForm
from civicplan.web.context_processors import as_at_query

from .common import parse_as_at, visible_element, visible_plan

# Each dashboard list shows this many, with a link to all of them on the plan page.
DASHBOARD_LIST_LIMIT = 15


@officer_required
def progress_update_create(request, slug: str, key: str):
    plan, element = visible_element(request, slug, key)
    if not can_update_element(request.user, element):
        raise PermissionDenied("You can update only the elements you own.")
    refusal = progress_refusal(element)
    returned = last_returned_update(element=element)
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, request.FILES)
    else:  # a returned update opens with what was sent, to correct rather than retype
        form = ProgressUpdateForm(initial=returned_update_initial(returned) if returned else None)
    if refusal:  # no form to fill in: say why, whatever was sent
        form = ProgressUpdateForm()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = progress_update_submit(
                element=element, user=request.user, rag=data["rag"],
                percent_complete=data["percent_complete"], commentary=data["commentary"],
                commentary_internal=data["commentary_internal"], evidence_url=data["evidence_url"],
                achieved_date=data["achieved_date"], as_at=data["as_at"],
                evidence_file=data["evidence_file"],
                keep_evidence_of=returned if data["keep_evidence"] else None,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Update saved and approved." if update.status == ProgressUpdate.Status.APPROVED
                             else "Update submitted. It counts once a plan manager approves it.")
            return redirect(reverse("web:element-detail", args=[plan.slug, element.key]))
    return render(
        request, "web/progress_update_form.html",
        {"plan": plan, "element": element, "form": form, "refusal": refusal, "rag_definitions": RAG_DEFINITIONS,
         "returned": returned,
         "rag_choices": [(r.value, r.label, RAG_DEFINITIONS[r]) for r in Rag],
         "evidence_max_mb": evidence_max_bytes() // (1024 * 1024)},
    )


def evidence_download(request, slug: str, key: str, pk: int):
    """An update's evidence file, to whoever may see that update (never a public file URL)."""
    plan, element = visible_element(request, slug, key)
    update = get_object_or_404(ProgressUpdate, pk=pk, element=element)
    staff = user_role(request.user) >= Role.OFFICER
    if not update.evidence_file or (not staff and (update.status != ProgressUpdate.Status.APPROVED
                                                   or update.commentary_internal)):
        raise Http404("No evidence file here.")
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing from storage.") from None
    extension = PurePath(update.evidence_file.name).suffix.lower()
    response = FileResponse(handle, as_attachment=True, filename=update.evidence_name or f"evidence{extension}",
                            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@plan_manager_required
def review_queue(request):
    pending = list(updates_awaiting_review())
    contexts = review_contexts(pending)
    rows = [(update, contexts[update.id]) for update in pending]
    return render(request, "web/review_queue.html", {"pending": rows, "form": ReviewForm()})


@require_POST
@plan_manager_required
def review_submit(request, pk: int):
    update = get_object_or_404(ProgressUpdate.objects.select_related("element__plan"), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(f"{error}." for errors in form.errors.values() for error in errors))
        return redirect_next(request, reverse("web:review-queue"))
    try:
        if form.cleaned_data["decision"] == "approve":
            progress_update_approve(update=update, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, f"Approved the update on “{update.element.title[:80]}”.")
        else:
            progress_update_return(update=update, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, f"Returned the update on “{update.element.title[:80]}”.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:  # e.g. the organisation's separation-of-duties setting
        messages.error(request, str(exc))
    return redirect_next(request, reverse("web:review-queue"))


# Dashboards drawn by (plan, date, version, date in links), kept in this process (ADR 0018).
_DASHBOARDS = VersionMemo("dashboards", size=32)


def dashboard(request, slug: str):
    plan = visible_plan(request, slug)
    as_at, as_at_error = parse_as_at(request)
    query = as_at_query(request)["as_at_query"]
    as_at_given = bool(request.GET.get("as_at"))
    key = status_cache_key(plan=plan, as_at=as_at, what="dashboard", version=plan.version)  # read just now
    body_html, sample_data = _DASHBOARDS.get_or_make(
        f"{key}:{plan.slug}:{query}:{as_at_given}" if key else None,
        lambda: dashboard_body(plan=plan, as_at=as_at, query=query, as_at_given=as_at_given),
    )
    return render(request, "web/dashboard.html", {
        "plan": plan, "as_at": as_at, "as_at_error": as_at_error, "as_at_given": as_at_given,
        "sample_data": sample_data, "body_html": body_html,
    })


def dashboard_body(*, plan, as_at: dt.date, query: str, as_at_given: bool) -> tuple[str, bool]:
    """The dashboard's figures, lists and charts drawn, and whether the plan shows sample data."""
    # The status now and, to say what changed, at the last report: one read of the plan.
    since = last_report_date(plan=plan, before=as_at)
    summary = plan_summary(plan=plan, as_at=as_at, since=since)
    statuses, tracked, overdue = summary.statuses, summary.counted, summary.overdue
    elements = [s.element for s in statuses.values()]
    groups = element_group_map(elements)
    level_names = plan_level_names(plan=plan)
    dropped = {s.element.id for s in statuses.values() if not s.in_plan}
    this_start, this_end = quarter_bounds(as_at)
    next_start, next_end = quarter_bounds(this_end + dt.timedelta(days=1))
    recent_since = as_at - dt.timedelta(days=90)
    completed = [
        s for s in tracked
        if s.rag == Rag.COMPLETE and s.update and s.update.as_at > recent_since
    ]
    by_group: dict = {}
    for status in tracked:
        group = groups.get(status.element.id)
        by_group.setdefault(group, []).append(status)
    group_rows = [
        {"group": group, "counts": rag_counts(rows), "total": len(rows)}
        for group, rows in sorted(by_group.items(), key=lambda item: item[0].position if item[0] else -1)
    ]
    pledges = [
        s for s in statuses.values()
        if s.element.kind == "pledge" and s.in_plan and s.element.parent and s.element.parent.kind != "pledge"
    ]
    tracked_name = " and ".join(level_names.get(kind, (kind, kind))[1] for kind in summary.kinds)
    status_changes = []
    if since is not None:
        # Reported statuses: those of elements with no parts, whose status is their own last
        # approved update (a whole's rolled-up status follows its parts').
        before = latest_approved_rags(plan=plan, as_at=since)
        for status in tracked:
            if status.children:
                continue
            earlier = before.get(status.element.id)
            if earlier != status.rag:
                status_changes.append((status, Rag(earlier).label if earlier else "No update"))
    due_this, due_next = summary.due_this_quarter, summary.due_next_quarter
    charts = dashboard_charts(plan=plan, as_at=as_at, group_rows=group_rows, tracked_name=tracked_name,
                              tracked=summary.total)
    sample_data = plan_has_sample_data(plan=plan)
    html = render_to_string(
        "web/includes/dashboard_body.html",
        {
            "list_limit": DASHBOARD_LIST_LIMIT,
            "since": since,
            "status_changes": status_changes[:DASHBOARD_LIST_LIMIT],
            "status_change_count": len(status_changes),
            "plan_changes": plan_change_lines(plan=plan, since=since, until=as_at),
            "counts": {"overdue": len(overdue), "completed": len(completed), "due_this": len(due_this), "due_next": len(due_next)},
            "plan": plan, "as_at": as_at, "as_at_given": as_at_given, "as_at_query": query,
            "tracked_kind": summary.kind or "",
            "tracked_name": tracked_name[:1].upper() + tracked_name[1:].lower() if len(summary.kinds) > 1 else tracked_name,
            "totals": summary.counts, "tracked_count": summary.total,
            "due_this": due_this[:DASHBOARD_LIST_LIMIT], "due_next": due_next[:DASHBOARD_LIST_LIMIT],
            "this_quarter": (this_start, this_end), "next_quarter": (next_start, next_end),
            "overdue": overdue[:DASHBOARD_LIST_LIMIT],
            "completed": completed[:DASHBOARD_LIST_LIMIT], "group_rows": group_rows,
            "pledge_counts": rag_counts(pledges) if pledges else None, "pledge_total": len(pledges),
            "recent": recent_updates(plan=plan, since=recent_since, as_at=as_at, limit=10, exclude=dropped),
            "rags": [(r.value, r.label, RAG_SYMBOL[r]) for r in Rag],
            "level_names": level_names,
            **charts,
        },
    )
    return html, sample_data
