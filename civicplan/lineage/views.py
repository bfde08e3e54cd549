"""Lineage pages: compare two plans, see an element's predecessors, link and unlink.

Anyone who may see both plans may read these pages; the Link and Unlink buttons appear
for plan managers only, and the POST views refuse everyone else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.core.http import safe_next
from civicplan.core.permissions import can_manage_plans, can_view_plan, plan_manager_required
from civicplan.plans.models import Element, ElementKind, Plan
from civicplan.search.selectors import element_url

from .selectors import (
    comparison_default_kinds,
    element_lineage,
    lineage_suggestions,
    plan_comparison,
    plan_is_earlier,
    plan_kinds,
    plan_lineage,
)
from .services import lineage_link, lineage_unlink


def _visible_plan(request, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation", "predecessor"), slug=slug)
    if not can_view_plan(request.user, plan):
        raise Http404("No such plan")
    return plan


def _visible_element(request, slug: str, key: str) -> Element:
    plan = _visible_plan(request, slug)
    element = get_object_or_404(Element, plan=plan, key=key)
    element.plan = plan
    return element


def _problem_page(request, *, title: str, message: str, status: int = 400):
    return render(request, "lineage/problem.html", {"title": title, "message": message}, status=status)


def compare(request, old_slug: str, new_slug: str):
    old_plan = _visible_plan(request, old_slug)
    new_plan = _visible_plan(request, new_slug)
    if old_plan.pk == new_plan.pk:
        return _problem_page(
            request, title="Choose two different plans",
            message=f"Both addresses name {old_plan.title}. Choose an earlier plan to compare it with.",
        )
    if not plan_is_earlier(old_plan=old_plan, new_plan=new_plan):
        if plan_is_earlier(old_plan=new_plan, new_plan=old_plan):
            url = reverse("lineage:compare", kwargs={"old_slug": new_slug, "new_slug": old_slug})
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
        return _problem_page(
            request, title="These plans cannot be compared",
            message=(
                f"It is not known which of {old_plan.title} and {new_plan.title} came first: "
                "neither has a period, and neither follows the other."
            ),
        )

    old_kinds, new_kinds = plan_kinds(plan=old_plan), plan_kinds(plan=new_plan)
    errors = {}
    default, default_new = comparison_default_kinds(old_plan=old_plan, new_plan=new_plan)
    kind = request.GET.get("kind", default or "")
    if kind and kind not in old_kinds:
        errors["kind"] = f"{old_plan.title} has no elements of the kind “{kind[:40]}”: choose one from the list"
        kind = default or ""
    if "kind" in request.GET or "new_kind" in request.GET:
        new_kind = request.GET.get("new_kind", kind if kind in new_kinds else "")
    else:
        new_kind = default_new or ""
    if new_kind and new_kind not in new_kinds:
        errors["new_kind"] = f"{new_plan.title} has no elements of the kind “{new_kind[:40]}”: choose one from the list"
        new_kind = kind if kind in new_kinds else ""

    comparison = plan_comparison(new_plan=new_plan, old_plan=old_plan, kind=kind or None, new_kind=new_kind or None)
    old_names = {lv.kind: lv for lv in old_plan.levels.all()}
    new_names = {lv.kind: lv for lv in new_plan.levels.all()}
    return render(
        request,
        "lineage/compare.html",
        {
            "old_plan": old_plan,
            "new_plan": new_plan,
            "comparison": comparison,
            "errors": errors,
            "kind": kind,
            "new_kind": new_kind,
            "old_kind_choices": [(k, old_names[k].plural if k in old_names else ElementKind(k).label) for k in old_kinds],
            "new_kind_choices": [(k, new_names[k].plural if k in new_names else ElementKind(k).label) for k in new_kinds],
            "old_kind_name": old_names[kind].plural if kind in old_names else "All elements",
            "new_kind_name": new_names[new_kind].plural if new_kind in new_names else "All elements",
            "can_link": can_manage_plans(request.user),
            "rows": _comparison_rows(comparison),
            "here": request.get_full_path(),
        },
    )


def _comparison_rows(comparison) -> dict:
    """Elements with their display name and address, ready for the tables."""

    def describe(element: Element) -> dict:
        return {
            "element": element,
            "name": comparison.kind_name(element),
            "url": element_url(plan_slug=_slug(comparison, element), key=element.key),
            "ref": f"{_slug(comparison, element)}#{element.key}",
        }

    return {
        "carried": [
            {"new": describe(c.new), "old": describe(c.old)} for c in comparison.carried_over
        ],
        "new": [
            {"item": describe(u.element), "suggestions": [dict(describe(s.element), s=s) for s in u.suggestions]}
            for u in comparison.new
        ],
        "dropped": [
            {"item": describe(u.element), "suggestions": [dict(describe(s.element), s=s) for s in u.suggestions]}
            for u in comparison.dropped
        ],
    }


def _slug(comparison, element: Element) -> str:
    return comparison.new_plan.slug if element.plan_id == comparison.new_plan.pk else comparison.old_plan.slug


def plan_overview(request, slug: str):
    plan = _visible_plan(request, slug)
    earlier, later = plan_lineage(plan=plan, visible=lambda p: can_view_plan(request.user, p))
    return render(request, "lineage/plan.html", {"plan": plan, "earlier": earlier, "later": later})


def element_page(request, slug: str, key: str):
    element = _visible_element(request, slug, key)
    plan = element.plan
    earlier_links, later_links = element_lineage(element=element)
    earlier_links = [link for link in earlier_links if link.target is None or can_view_plan(request.user, link.target.plan)]
    later_links = [link for link in later_links if can_view_plan(request.user, link.source.plan)]
    earlier_plans, _ = plan_lineage(plan=plan, visible=lambda p: can_view_plan(request.user, p))
    candidate_plan = None
    problem = ""
    wanted = request.GET.get("from")
    if wanted:
        candidate_plan = next((p.plan for p in earlier_plans if p.plan.slug == wanted), None)
        if candidate_plan is None:
            problem = f"“{wanted[:60]}” is not an earlier plan you can see: choose one from the list"
    if candidate_plan is None and earlier_plans:
        by_slug = {p.plan.pk: p.plan for p in earlier_plans}
        candidate_plan = by_slug.get(plan.predecessor_id) or earlier_plans[0].plan
    suggestions = []
    if candidate_plan is not None:
        suggestions = [
            {"s": s, "url": element_url(plan_slug=candidate_plan.slug, key=s.element.key),
             "ref": f"{candidate_plan.slug}#{s.element.key}"}
            for s in lineage_suggestions(element=element, candidate_plan=candidate_plan, limit=5)
        ]
    return render(
        request,
        "lineage/element.html",
        {
            "plan": plan,
            "element": element,
            "kind_name": next((lv.name for lv in plan.levels.all() if lv.kind == element.kind), element.get_kind_display()),
            "element_url": element_url(plan_slug=plan.slug, key=element.key),
            "earlier_links": earlier_links,
            "later_links": later_links,
            "earlier_plans": earlier_plans,
            "candidate_plan": candidate_plan,
            "suggestions": suggestions,
            "problem": problem,
            "can_link": can_manage_plans(request.user),
            "here": request.get_full_path(),
        },
    )


def _back(request, element: Element) -> str:
    return safe_next(request, reverse("lineage:element", kwargs={"slug": element.plan.slug, "key": element.key}))


def _predecessor_from_post(request, *, unlink: bool = False) -> tuple[Element | None, str]:
    """The element named by the form's "predecessor" field ("PLAN-SLUG#KEY"), or a problem."""
    ref = (request.POST.get("predecessor") or "").strip()
    slug, _, key = ref.partition("#")
    if not slug or not key:
        return None, "Choose the earlier element to unlink." if unlink else "Choose the earlier element to link to."
    predecessor = Element.objects.select_related("plan").filter(plan__slug=slug, key=key).first()
    if predecessor is None or not can_view_plan(request.user, predecessor.plan):
        return None, f"There is no element “{ref[:100]}” to link to."
    return predecessor, ""


def _short(element: Element) -> str:
    title = element.title if len(element.title) <= 70 else element.title[:69] + "…"
    return f"“{title}” ({element.plan.period_text or element.plan.title})"


def _change(request, slug: str, key: str, *, unlink: bool):
    element = _visible_element(request, slug, key)
    back = _back(request, element)
    predecessor, problem = _predecessor_from_post(request, unlink=unlink)
    if predecessor is None:
        messages.error(request, problem)
        return redirect(back)
    try:
        if unlink:
            lineage_unlink(element=element, predecessor=predecessor, user=request.user)
        else:
            lineage_link(element=element, predecessor=predecessor, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    what, was = _short(element), _short(predecessor)
    messages.success(request, f"{what} no longer continues {was}" if unlink else f"{what} now continues {was}")
    return redirect(back)


@require_POST
@plan_manager_required
def link(request, slug: str, key: str):
    return _change(request, slug, key, unlink=False)


@require_POST
@plan_manager_required
def unlink(request, slug: str, key: str):
    return _change(request, slug, key, unlink=True)
