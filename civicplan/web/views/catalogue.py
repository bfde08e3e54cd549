"""Pledges and direct services across all the plans a user may see."""

from __future__ import annotations

from civicplan.indicators.selectors import element_kpis
from django.db.models import Q
from django.shortcuts import render

from civicplan.core.permissions import PUBLISHED_STATUSES, Role, user_role
from civicplan.organisations.models import DirectService
from civicplan.plans.models import Element, Plan
from civicplan.standing.changes import dropped_element_ids
from civicplan.standing.status import latest_approved_updates

from .common import parse_as_at


def _visible_plans(request):
    plans = Plan.objects.all()
    if user_role(request.user) < Role.OFFICER:
        plans = plans.filter(status__in=PUBLISHED_STATUSES)
    return plans


def pledges(request):
    as_at, as_at_error = parse_as_at(request)
    sections = []
    for plan in _visible_plans(request).filter(elements__kind="pledge").distinct().order_by("-period_start"):
        latest = latest_approved_updates(plan=plan, as_at=as_at)
        dropped = dropped_element_ids(plan=plan, as_at=as_at)
        elements = list(Element.objects.filter(plan=plan, kind__in=["pledge_area", "pledge"]).select_related("parent").order_by("position"))
        areas = []
        for element in elements:
            if element.kind == "pledge_area" or element.parent_id is None:
                areas.append({"area": element if element.kind == "pledge_area" else None, "pledges": []})
            if element.kind == "pledge":
                if not areas:
                    areas.append({"area": None, "pledges": []})
                areas[-1]["pledges"].append({"element": element, "update": latest.get(element.id), "dropped": element.id in dropped, "sub": element.parent and element.parent.kind == "pledge" if element.parent_id else False})
        top = sum(1 for a in areas for p in a["pledges"] if not p["sub"])
        sub = sum(1 for a in areas for p in a["pledges"] if p["sub"])
        sections.append({"plan": plan, "areas": areas, "top_count": top, "sub_count": sub})
    return render(request, "web/pledges.html", {"sections": sections, "as_at": as_at, "as_at_error": as_at_error})


def services(request):
    plans = _visible_plans(request)
    titles = dict(Plan.objects.values_list("slug", "title"))
    visible_slugs = set(plans.values_list("slug", flat=True))
    rows = []
    for service in DirectService.objects.select_related("directorate").order_by("order"):
        query = Q()
        for term in service.match_terms or [service.name]:
            query |= Q(title__icontains=term)
        elements = (
            Element.objects.filter(plan__in=plans, kind__in=["service", "priority", "section", "output", "milestone"])
            .filter(query)
            .select_related("plan")
            .order_by("-plan__period_start", "position")[:12]
        )
        # A fact is shown with the title of the plan that printed it, and only if that plan is visible.
        facts = [
            {"fact": f.get("fact", ""), "source": titles[f["source"]]} if f.get("source") in titles
            else {"fact": f.get("fact", ""), "source": f.get("source") or ""}
            for f in service.facts or []
            if not f.get("source") or f["source"] not in titles or f["source"] in visible_slugs
        ]
        rows.append({"service": service, "facts": facts, "elements": list(elements)})
    # The KPIs of indicators measuring the service's plan items, RAG decided in one selector.
    kpis = element_kpis(element_ids=[e.id for row in rows for e in row["elements"]])
    for row in rows:
        seen = {}
        for e in row["elements"]:
            for k in kpis.get(e.id, []):
                seen.setdefault(k.indicator.pk, k)
        row["kpis"] = sorted(seen.values(), key=lambda k: k.indicator.name)
    return render(request, "web/services.html", {"rows": rows})
