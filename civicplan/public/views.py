"""The public site: published plans, their elements and latest approved status. No sign-in.

Whoever is signed in, these pages show the public view: drafts are not found, updates
awaiting approval are not counted, internal commentary is withheld, and owners are named only
as the paper printed them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from civicplan.core.permissions import PUBLISHED_STATUSES, plan_is_published
from civicplan.delivery.models import RAG_SYMBOL, ProgressUpdate, Rag
from civicplan.exports.writers import CSV_TYPE, plan_csv
from civicplan.plans.models import Element, Plan
from civicplan.plans.selectors import element_ancestors, plan_level_names, plans_with_element_counts
from civicplan.standing.memo import VersionMemo, status_cache_key
from civicplan.standing.status import plan_has_sample_data, plan_status
from civicplan.standing.summary import plan_summary
from civicplan.web.context_processors import as_at_query
from civicplan.web.views.common import parse_as_at
from civicplan.web.views.plans import flat_tree


def _nav(request) -> list[dict]:
    path = request.path
    return [
        {"href": "/public/", "text": "Published plans", "active": path.startswith("/public/") and not path.startswith("/public/indicators/")},
        {"href": "/public/indicators/", "text": "Indicators", "active": path.startswith("/public/indicators/")},
        {"href": "/api/v1/docs/", "text": "Open data (API)", "active": False},
    ]


def _published(slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation", "body", "predecessor"), slug=slug)
    if not plan_is_published(plan):
        raise Http404("No such plan")
    return plan


def _public_commentary(update: ProgressUpdate | None) -> str:
    if update is None or update.commentary_internal:
        return ""
    return update.commentary


def plan_list(request):
    plans = (
        Plan.objects.filter(status__in=PUBLISHED_STATUSES).select_related("organisation", "body")
        .order_by("-period_start", "title")
    )
    plans = plans_with_element_counts(plans)
    return render(request, "public/plan_list.html", {"plans": plans, "nav_items": _nav(request)})


class PublicRow:
    """A row of the public plan: the element, its status, and only what may be published of it."""

    __slots__ = ("tree", "commentary")

    def __init__(self, tree_row, commentary: str):
        self.tree, self.commentary = tree_row, commentary


# Public plan pages' parts by (plan, date, version, date in links), kept in this process.
_PAGES = VersionMemo("public-plan-pages", size=32)


@dataclass(frozen=True, slots=True)
class PublicPlanParts:
    """The public plan page as it is for every reader of this plan version on this date."""

    tree_html: str
    level_names: dict
    summary: list
    tracked_total: int
    sample_data: bool


def public_plan_parts(*, plan: Plan, as_at, query: str) -> PublicPlanParts:
    def make() -> PublicPlanParts:
        statuses = plan_status(plan=plan, as_at=as_at)
        for status in statuses.values():
            status.pending = 0  # updates awaiting approval are not public
        summary = plan_summary(plan=plan, as_at=as_at, statuses=statuses)  # as the staff dashboard counts them
        level_names = plan_level_names(plan=plan)
        rows = [PublicRow(row, _public_commentary(row.status.update)) for row in flat_tree(statuses.values())]
        tree_html = render_to_string("public/plan_tree_rows.html", {
            "plan": plan, "rows": rows, "level_names": level_names, "as_at_query": query,
        })
        counts = summary.counts
        return PublicPlanParts(
            tree_html=tree_html, level_names=level_names,
            summary=[(Rag(r).label, RAG_SYMBOL[Rag(r)], counts[r.value]) for r in Rag] + [("No update", "–", counts["none"])],
            tracked_total=summary.total, sample_data=plan_has_sample_data(plan=plan),
        )

    # The same for every reader of this plan version on this date: drawn once (ADR 0018).
    key = status_cache_key(plan=plan, as_at=as_at, what="public-plan", version=plan.version)  # read just now
    return _PAGES.get_or_make(f"{key}:{plan.slug}:{query}" if key else None, make)


def plan_detail(request, slug: str):
    plan = _published(slug)
    as_at, as_at_error = parse_as_at(request)
    parts = public_plan_parts(plan=plan, as_at=as_at, query=as_at_query(request)["as_at_query"])
    return render(request, "public/plan_detail.html", {
        "plan": plan, "tree_html": parts.tree_html, "as_at": as_at, "as_at_error": as_at_error,
        "as_at_given": bool(request.GET.get("as_at")), "filters": {},
        "level_names": parts.level_names, "summary": parts.summary, "tracked_total": parts.tracked_total,
        "sample_data": parts.sample_data, "nav_items": _nav(request),
    })


def element_detail(request, slug: str, key: str):
    plan = _published(slug)
    element = get_object_or_404(Element.objects.select_related("parent"), plan=plan, key=key)
    as_at, as_at_error = parse_as_at(request)
    status = plan_status(plan=plan, as_at=as_at, root=element)[element.id]
    status.pending = 0
    updates = [
        {"update": u, "commentary": _public_commentary(u)}
        for u in ProgressUpdate.objects.filter(element=element, status=ProgressUpdate.Status.APPROVED).order_by("-as_at", "-id")
    ]
    return render(request, "public/element_detail.html", {
        "plan": plan, "element": status.element, "status": status, "commentary": _public_commentary(status.update),
        "ancestors": element_ancestors(element), "children": status.children,
        "level_names": plan_level_names(plan=plan), "updates": updates,
        "as_at": as_at, "as_at_error": as_at_error, "as_at_given": bool(request.GET.get("as_at")), "filters": {},
        "sample_data": plan_has_sample_data(plan=plan), "nav_items": _nav(request),
    })


def plan_download(request, slug: str):
    plan = _published(slug)
    as_at, error = parse_as_at(request)
    if error:
        return render(request, "exports/bad_request.html", {"message": error, "nav_items": _nav(request)}, status=400)
    response = HttpResponse(plan_csv(plan=plan, as_at=as_at, public=True).encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.csv"'
    return response
