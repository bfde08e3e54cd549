"""Audit trail pages for plan managers: per plan, per organisation, per person."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render

from civicplan.core.permissions import plan_manager_required
from civicplan.organisations.models import Organisation
from civicplan.plans.models import Plan

from .kinds import KINDS
from .selectors import Scope, changes


def _day(text: str) -> tuple[dt.date | None, str]:
    text = (text or "").strip()
    if not text:
        return None, ""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date(), ""
        except ValueError:
            continue
    return None, f"Enter a real date, like 31/03/2026 ({text} is not one)"


def _page(request, *, title: str, caption: str, scope: Scope, show_plan_kinds_only: bool = False):
    since, since_error = _day(request.GET.get("since", ""))
    until, until_error = _day(request.GET.get("until", ""))
    kind = request.GET.get("kind", "")
    kinds = [k for k in KINDS if not show_plan_kinds_only or any(s.plan for s in k.sources)]
    errors = {}
    if kind and kind not in {k.key for k in kinds}:
        errors["kind"] = "Choose a kind of change from the list"
        kind = ""
    if since_error:
        errors["since"] = since_error
    if until_error:
        errors["until"] = until_error
    if since and until and since > until:
        errors["until"] = "The end date must be on or after the start date"
        until = None
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    scope = Scope(plan_id=scope.plan_id, organisation_id=scope.organisation_id, user=scope.user,
                  kind=kind, since=since, until=until)
    result = changes(scope, page=number)
    query = {key: value for key, value in (("kind", kind), ("since", request.GET.get("since", "")),
                                           ("until", request.GET.get("until", ""))) if value}
    return render(request, "audit/changes.html", {
        "title": title, "caption": caption, "result": result, "kinds": kinds, "kind": kind, "errors": errors,
        "since": request.GET.get("since", ""), "until": request.GET.get("until", ""),
        "previous_url": "?" + urlencode({**query, "page": result.page - 1}) if result.page > 1 else "",
        "next_url": "?" + urlencode({**query, "page": result.page + 1}) if result.page < result.pages else "",
    }, status=400 if errors else 200)


@plan_manager_required
def plan_audit(request, slug: str):
    plan = get_object_or_404(Plan, slug=slug)
    return _page(request, title="Audit trail", caption=plan.title, scope=Scope(plan_id=plan.pk),
                 show_plan_kinds_only=True)


@plan_manager_required
def organisation_audit(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    return _page(request, title="Audit trail", caption=organisation.name, scope=Scope(organisation_id=organisation.pk))


@plan_manager_required
def person_audit(request, username: str):
    user = get_object_or_404(get_user_model(), username=username)
    name = user.get_full_name() or user.get_username()
    return _page(request, title=f"Changes by {name}", caption="Audit trail", scope=Scope(user=user))
