"""Pages: plan and progress downloads, and the bulk progress upload."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from civicplan.core.permissions import officer_required
from civicplan.delivery.models import Rag
from civicplan.plans.selectors import plan_level_names
from civicplan.web.views.common import parse_as_at, visible_plan

from .forms import ProgressUploadForm
from .services import UploadRejected, progress_upload_apply
from .upload import MAX_ROWS, MAX_UPLOAD_BYTES
from .writers import CSV_TYPE, PLAN_FORMATS, plan_export, progress_csv, upload_template_csv

# How many problems the error summary lists; the table below the form lists all of them.
SUMMARY_PROBLEMS = 20


def _bad_request(request, message: str):
    return render(request, "exports/bad_request.html", {"message": message}, status=400)


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plan_download(request, slug: str, fmt: str):
    plan = visible_plan(request, slug)
    as_at, error = parse_as_at(request)
    if error:
        return _bad_request(request, error)
    content = plan_export(plan=plan, fmt=fmt, as_at=as_at, user=request.user)
    stamp = f"-{as_at.isoformat()}" if request.GET.get("as_at") else ""
    return _attachment(content, PLAN_FORMATS[fmt], f"{plan.slug}{stamp}.{fmt}")


def progress_download(request):
    """Every progress update the person may see, on every plan (or ?plan=SLUG), as CSV."""
    plan = None
    slug = (request.GET.get("plan") or "").strip()
    if slug:
        plan = visible_plan(request, slug)
    text = progress_csv(user=request.user, plan=plan)
    name = f"{plan.slug}-progress.csv" if plan else f"progress-{timezone.localdate().isoformat()}.csv"
    return _attachment(text.encode("utf-8"), CSV_TYPE, name)


@officer_required
def upload_template(request, slug: str):
    plan = visible_plan(request, slug)
    text = upload_template_csv(plan=plan, user=request.user, as_at=timezone.localdate())
    return _attachment(text.encode("utf-8"), CSV_TYPE, f"{plan.slug}-progress-upload.csv")


@officer_required
def progress_upload(request, slug: str):
    plan = visible_plan(request, slug)
    problems = []
    posted = request.method == "POST"
    form = ProgressUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = progress_upload_apply(
                plan=plan, user=request.user, filename=upload.name, content=upload.read(MAX_UPLOAD_BYTES + 1),
                check_only=form.cleaned_data["check_only"],
            )
        except UploadRejected as exc:
            problems = exc.problems
            count = len(problems)
            form.add_error(
                "file",
                str(problems[0]) if count == 1 else f"The file has {count} problems: nothing has been saved",
            )
        else:
            messages.success(request, result.summary())
            if not result.saved:
                return redirect(reverse("exports:progress-upload", args=[plan.slug]))
            return redirect(plan.get_absolute_url())
    return render(request, "exports/upload_progress.html", {
        "plan": plan,
        "form": form,
        "problems": problems,
        "summary_problems": problems[:SUMMARY_PROBLEMS] if len(problems) > 1 else [],
        "more_problems": max(0, len(problems) - SUMMARY_PROBLEMS),
        "max_rows": MAX_ROWS,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        "rags": [r.label for r in Rag],
        "level_names": [name for name, _ in plan_level_names(plan=plan).values()],
    })

