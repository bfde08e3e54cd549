"""Plan list, plan page (tree, filters, counts), element page and downloads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from civicplan.accounts.selectors import user_names
from civicplan.core.permissions import PUBLISHED_STATUSES, Role, can_update_element, can_view_plan, user_role
from civicplan.delivery.models import RAG_DEFINITIONS, ProgressUpdate, Rag
from civicplan.delivery.services import progress_refusal
from civicplan.governance.models import ChangeRequest
from civicplan.governance.selectors import element_change_lines
from civicplan.indicators.selectors import element_kpis
from civicplan.plans.planfiles.formats import FORMATS, dumps
from civicplan.plans.selectors import (
    element_ancestors,
    element_history,
    element_links,
    plan_file_build,
    plan_kind_counts,
    plan_level_names,
    plan_list,
)
from civicplan.standing.filters import DUE_CHOICES, ELEMENT_FILTER_KEYS, plan_elements_filter
from civicplan.standing.kinds import GROUP_KINDS
from civicplan.standing.memo import VersionMemo, status_cache_key
from civicplan.standing.status import element_status, plan_has_sample_data, plan_status
from civicplan.web.context_processors import as_at_query
from civicplan.web.templatetags.civicplan import plan_tree

from .common import parse_as_at, visible_element, visible_plan

RESULTS_PER_PAGE = 100


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class TreeRow:
    """One element in a flat rendering of the tree: nested lists without recursive templates."""

    __slots__ = ("status", "depth", "opens", "closes")

    def __init__(self, status, depth: int):
        self.status, self.depth, self.opens, self.closes = status, depth, False, range(0)


def flat_tree(statuses) -> list[TreeRow]:
    """Rows in document order; each says whether it opens a child list and how many it closes."""
    depth: dict[int, int] = {}
    rows = []
    for status in statuses:
        element = status.element
        depth[element.id] = depth[element.parent_id] + 1 if element.parent_id in depth else 0
        rows.append(TreeRow(status, depth[element.id]))
    for index, row in enumerate(rows):
        next_depth = rows[index + 1].depth if index + 1 < len(rows) else 0
        row.opens = next_depth > row.depth
        row.closes = range(max(0, row.depth - next_depth))
    return rows


def home(request):
    plans = plan_list()
    if user_role(request.user) < Role.OFFICER:
        plans = plans.filter(status__in=PUBLISHED_STATUSES)
    return render(request, "web/home.html", {"plans": plans})


@dataclass(frozen=True, slots=True)
class PlanPageParts:
    """What the plan page shows the same way to everyone on a date: the tree drawn, the
    contents line and the filters' choices. Made once per plan version and date (ADR 0018)."""

    level_names: dict
    kind_options: list
    kind_counts: list
    group_options: list
    sub_priorities: list
    owners: list
    sample_data: bool
    tree_html: str
    filters_html: str


_PLAN_PAGES = VersionMemo("plan-pages", size=32)


RAG_OPTIONS = [(r.value, r.label) for r in Rag] + [("none", "No update")]


def plan_page_parts(*, plan, as_at, query: str, as_at_given: bool) -> PlanPageParts:
    def make() -> PlanPageParts:
        statuses = plan_status(plan=plan, as_at=as_at)
        elements = [s.element for s in statuses.values()]
        levels = list(plan.levels.order_by("order"))  # read once for names, choices and counts
        level_names = plan_level_names(plan=plan, levels=levels)
        owners = sorted({e.owner_person.name if e.owner_person_id else e.owner
                         for e in elements if e.owner or e.owner_person_id})
        choices = {
            "level_names": level_names,
            "kind_options": [(level.kind, level.plural) for level in levels],
            "group_options": [e for e in elements if e.kind in GROUP_KINDS],
            "sub_priorities": [e for e in elements if e.kind == "sub_priority"],
            "owners": owners,
        }
        filters_html = render_to_string("web/includes/plan_filters.html", {
            **choices, "filters": dict.fromkeys(ELEMENT_FILTER_KEYS, ""), "filtering": False,
            "rag_options": RAG_OPTIONS, "due_options": DUE_CHOICES, "as_at": as_at, "as_at_given": as_at_given,
            "as_at_query": query,
        })
        return PlanPageParts(
            **choices,
            kind_counts=plan_kind_counts(plan=plan, elements=elements, levels=levels),
            sample_data=plan_has_sample_data(plan=plan),
            tree_html=plan_tree(flat_tree(statuses.values()), level_names, f"/plans/{plan.slug}/elements/", query),
            filters_html=filters_html,
        )

    key = status_cache_key(plan=plan, as_at=as_at, what="plan-page", version=plan.version)  # read just now
    return _PLAN_PAGES.get_or_make(f"{key}:{plan.slug}:{query}:{as_at_given}" if key else None, make)


def plan_detail(request, slug: str):
    plan = visible_plan(request, slug)
    as_at, as_at_error = parse_as_at(request)
    # An "as at" date that cannot be read is shown as today's, and its error beside the form.
    as_at_given = bool(request.GET.get("as_at")) and not as_at_error
    parts = plan_page_parts(plan=plan, as_at=as_at, query=as_at_query(request)["as_at_query"],
                            as_at_given=as_at_given)
    level_names = parts.level_names
    filters = {
        key: (request.GET.get(key) or "").strip()
        for key in ELEMENT_FILTER_KEYS
    }
    rag_options = RAG_OPTIONS
    # A filter value the plan has no choice for is named, and left out, rather than finding nothing.
    allowed = {
        "kind": ({k for k, _ in parts.kind_options}, "kind of element"),
        "group": ({g.key for g in parts.group_options}, "part of the plan"),
        "sub_priority": ({e.key for e in parts.sub_priorities}, "sub-priority"), "owner": (set(parts.owners), "owner"),
        "rag": ({v for v, _ in rag_options}, "status"), "due": ({v for v, _ in DUE_CHOICES if v}, "due period"),
    }
    filter_errors = []
    for key, (choices, what) in allowed.items():
        if filters[key] and filters[key] not in choices:
            filter_errors.append((key, f"This plan has no {what} “{filters[key][:60]}”: choose one from the list."))
            filters[key] = ""
    active = {k: v for k, v in filters.items() if v}

    results = []
    if active:
        statuses = plan_status(plan=plan, as_at=as_at)
        results = plan_elements_filter(plan=plan, as_at=as_at, filters=filters, statuses=statuses)
    kinds_found = Counter(s.element.kind for s in results)
    result_counts = Counter()
    for kind, count in kinds_found.items():
        singular, plural = level_names.get(kind, (kind, kind))
        result_counts[singular if count == 1 else plural] += count
    result_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))

    return render(
        request,
        "web/plan_detail.html",
        {
            "plan": plan,
            "predecessor": plan.predecessor if plan.predecessor_id and can_view_plan(request.user, plan.predecessor) else None,
            "tree_html": parts.tree_html if not active else "",
            "level_names": level_names,
            "kind_counts": parts.kind_counts,
            "as_at": as_at,
            "as_at_error": as_at_error,
            "as_at_given": bool(request.GET.get("as_at")),
            "filters": filters,
            "filtering": bool(active),
            "results": results,
            "result_page": result_page,
            "page_query": _query_without_page(request),
            "result_counts": sorted(result_counts.items()),
            "kind_options": parts.kind_options,
            "filter_errors": filter_errors,
            "group_options": parts.group_options,
            "sub_priorities": parts.sub_priorities,
            "owners": parts.owners,
            "rag_options": rag_options,
            "due_options": DUE_CHOICES,
            "sample_data": parts.sample_data,
            "parts": parts,
        },
    )


@dataclass(frozen=True, slots=True)
class ElementPageParts:
    """What an element page shows from its own plan on a date, the same for every reader before
    their role is applied: made once per plan version, date and element (ADR 0018). Links (they
    can come from other plans), measures and people's names are read per request."""

    status: object
    ancestors: list
    owned_through: object
    level_names: dict
    updates: list  # every update, newest first; readers below officer see the approved ones
    history: list
    change_lines: list  # made by the date shown; readers below officer see the approved ones
    sample_data: bool


_ELEMENT_PAGES = VersionMemo("element-pages", size=256)


def element_page_parts(*, plan, element, as_at) -> ElementPageParts:
    def make() -> ElementPageParts:
        ancestors = element_ancestors(element)
        return ElementPageParts(
            status=element_status(plan=plan, as_at=as_at, element=element),
            ancestors=ancestors,
            # Who owns it when the plan names no one for it: the owner of what it sits under.
            owned_through=next((a for a in reversed(ancestors) if a.owner_person_id or a.owner), None),
            level_names=plan_level_names(plan=plan),
            updates=list(ProgressUpdate.objects.filter(element=element).select_related("element__plan")
                         .order_by("-as_at", "-id")),
            history=element_history(element=element),
            # Changes made by the date shown: one approved later had not happened then.
            change_lines=[line for line in element_change_lines(element=element)
                          if timezone.localdate(line.change.decided_at or line.change.created_at) <= as_at],
            sample_data=plan_has_sample_data(plan=plan),
        )

    # The plan was read with the element a moment ago: its version is the one committed now.
    key = status_cache_key(plan=plan, as_at=as_at, what="element-page", version=plan.version)
    return _ELEMENT_PAGES.get_or_make(f"{key}:{element.pk}" if key else None, make)


def element_detail(request, slug: str, key: str):
    plan, element = visible_element(request, slug, key)
    as_at, as_at_error = parse_as_at(request)
    parts = element_page_parts(plan=plan, element=element, as_at=as_at)
    show_internal = user_role(request.user) >= Role.OFFICER
    updates, change_lines = parts.updates, parts.change_lines
    if not show_internal:  # unapproved updates, requests under discussion and refused ones stay internal
        updates = [u for u in updates if u.status == ProgressUpdate.Status.APPROVED]
        change_lines = [line for line in change_lines if line.change.status == ChangeRequest.Status.APPROVED]
    links_out, links_in = element_links(element=element, visible=lambda other: can_view_plan(request.user, other))
    people = user_names(
        [u.submitted_by_id for u in updates] + [u.reviewed_by_id for u in updates]
        + [entry.record.history_user_id for entry in parts.history]
    ) if show_internal else {}
    status = parts.status
    return render(
        request,
        "web/element_detail.html",
        {
            "plan": plan,
            "element": status.element,  # its words and target as they stood on the date shown
            "status": status,
            "children": status.children,
            "ancestors": parts.ancestors,
            "owned_through": parts.owned_through,
            "level_names": parts.level_names,
            "updates": updates,
            "links_out": links_out,
            "links_in": links_in,
            "history": parts.history,
            "people": people,
            "change_lines": change_lines,
            "as_at": as_at,
            "as_at_error": as_at_error,
            "drop_lines": [line for line in change_lines if line.change.kind == ChangeRequest.Kind.DROP
                           and line.change.status == ChangeRequest.Status.APPROVED],
            "can_update": can_update_element(request.user, element) and not progress_refusal(element),
            "show_internal": show_internal,
            "rag_definitions": RAG_DEFINITIONS,
            "sample_data": parts.sample_data,
            "kpis": element_kpis(element_ids=[element.id]).get(element.id, []),  # what measures it, with RAG
        },
    )


def plan_export(request, slug: str, fmt: str):
    plan = visible_plan(request, slug)
    if fmt not in FORMATS:
        return render(
            request, "web/not_found.html",
            {"message": f"There is no {fmt} download. Plans download as CSV, XLSX, JSON or YAML."}, status=404,
        )
    content_type = "application/json" if fmt == "json" else "application/yaml"
    document = plan_file_build(plan=plan, visible=lambda other: can_view_plan(request.user, other))
    response = HttpResponse(dumps(document, fmt), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response
