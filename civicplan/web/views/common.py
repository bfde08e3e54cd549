"""Helpers every page uses: the 'as at' date and finding a plan the user may see."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civicplan.core.dates import DateInputError, date_from_text
from civicplan.core.permissions import can_view_plan
from civicplan.plans.models import Element, Plan


def parse_as_at(request) -> tuple[dt.date, str]:
    """The date a page shows status at, today if absent, and any error. Links carry it as
    ?as_at=2023-03-31; a person may type it as 31/03/2023 too: the one reading of core.dates."""
    raw = (request.GET.get("as_at") or "").strip()
    today = timezone.localdate()
    try:
        value = date_from_text(raw, label="The status date")
    except DateInputError as exc:
        return today, f"{exc}, for example 31/03/2023."
    return value or today, ""


def visible_plan(request, slug: str) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("organisation", "body", "predecessor"), slug=slug
    )
    if not can_view_plan(request.user, plan):
        raise Http404("No such plan")
    return plan


def visible_element(request, slug: str, key: str) -> tuple[Plan, Element]:
    """The element and its plan, read together (one query: element pages are the most opened)."""
    found = Element.objects.select_related("plan__organisation", "parent", "owner_person").filter(plan__slug=slug, key=key)
    element = next(iter(found.order_by()[:1]), None)  # one at most: (plan, key) is unique
    if element is None:
        visible_plan(request, slug)  # no such plan, or one this user may not see
        raise Http404("No such element")
    if not can_view_plan(request.user, element.plan):
        raise Http404("No such plan")
    return element.plan, element
