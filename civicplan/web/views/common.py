"""Helpers every page uses: the 'as at' date and finding a plan the user may see."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civicplan.core.dates import OUT_OF_RANGE, in_range
from civicplan.core.permissions import can_view_plan
from civicplan.plans.models import Element, Plan


def parse_as_at(request) -> tuple[dt.date, str]:
    """The date a page shows status at (?as_at=YYYY-MM-DD), today if absent, and any error."""
    raw = (request.GET.get("as_at") or "").strip()
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        return today, f"“{raw[:40]}” is not a date. Enter the date as year-month-day, for example 2023-03-31."
    if not in_range(value):
        return today, f"{OUT_OF_RANGE}."
    return value, ""


def visible_plan(request, slug: str) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("organisation", "body", "predecessor"), slug=slug
    )
    if not can_view_plan(request.user, plan):
        raise Http404("No such plan")
    return plan


def visible_element(request, slug: str, key: str) -> tuple[Plan, Element]:
    plan = visible_plan(request, slug)
    element = get_object_or_404(Element.objects.select_related("parent", "owner_person"), plan=plan, key=key)
    return plan, element
