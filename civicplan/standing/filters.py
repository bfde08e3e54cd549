"""Finding elements of a plan on a date: groups, due periods and the filters the plan page and
the API share, so both find the same things."""

from __future__ import annotations

import datetime as dt

from civicplan.delivery.models import Rag
from civicplan.plans.models import Element, ElementLink, Plan

from .kinds import GROUP_KINDS
from .owners import element_owners
from .status import ElementStatus, plan_status


def element_group_map(elements: list[Element]) -> dict[int, Element | None]:
    """For each element, its nearest ancestor that groups a plan (objective, portfolio, theme...)."""
    by_id = {e.id: e for e in elements}
    groups: dict[int, Element | None] = {}
    for element in elements:  # document order: parents first
        parent = by_id.get(element.parent_id) if element.parent_id else None
        if parent is None:
            groups[element.id] = None
        elif parent.kind in GROUP_KINDS:
            groups[element.id] = parent
        else:
            groups[element.id] = groups.get(parent.id)
    return groups


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter containing a day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end_month = first_month + 2
    next_start = dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_start - dt.timedelta(days=1)


# Filters on a plan's elements, shared by the plan page and the API so both find the same things.
ELEMENT_FILTER_KEYS = ("kind", "group", "sub_priority", "owner", "rag", "due")


DUE_CHOICES = [
    ("", "Any time"),
    ("overdue", "Overdue"),
    ("this-quarter", "Due this quarter, not complete"),
    ("next-quarter", "Due next quarter, not complete"),
    ("no-date", "No date or TBC"),
]


def _due_match(status: ElementStatus, due: str, as_at: dt.date) -> bool:
    element = status.element
    if due == "overdue":
        return status.overdue
    if due == "no-date":
        return element.date_end is None and element.date_start is None
    if status.rag == Rag.COMPLETE:  # as on the dashboard: what is still to deliver
        return False
    this_start, this_end = quarter_bounds(as_at)
    if due == "this-quarter":
        start, end = this_start, this_end
    else:
        start, end = quarter_bounds(this_end + dt.timedelta(days=1))
    return element.date_end is not None and start <= element.date_end <= end


def plan_elements_filter(
    *,
    plan: Plan,
    as_at: dt.date,
    filters: dict[str, str],
    statuses: dict[int, ElementStatus] | None = None,
) -> list[ElementStatus]:
    """The elements matching every filter given, with their status on the date, in document order.

    `filters` holds any of ELEMENT_FILTER_KEYS (empty values are ignored): kind; group (the key
    of the nearest grouping ancestor); sub_priority (the key of a sub-priority the element
    contributes to); owner (as written, or the owning person's name, here or on what it sits
    under); rag (a Rag value or
    "none"); due (overdue, this-quarter, next-quarter, no-date). Any filter leaves out work
    dropped by the date or added after it, so the counts agree with the dashboard's. Pass `statuses`
    when the caller already has plan_status for the same date, to save reading them twice.
    """
    if statuses is None:
        statuses = plan_status(plan=plan, as_at=as_at)
    filters = {key: (filters.get(key) or "").strip() for key in ELEMENT_FILTER_KEYS}
    elements = [s.element for s in statuses.values()]
    groups = element_group_map(elements)
    sub_priority_ids = {e.key: e.id for e in elements if e.kind == "sub_priority"}
    contributes_by_source: dict[int, list[int]] = {}
    if filters["sub_priority"]:
        for source_id, target_id in ElementLink.objects.filter(
            plan=plan, link_type=ElementLink.Type.CONTRIBUTES_TO
        ).values_list("source_id", "target_id"):
            contributes_by_source.setdefault(source_id, []).append(target_id)

    # An element the plan names no owner for is owned by whoever owns what it sits under.
    owners = element_owners(elements) if filters["owner"] else {}
    results = []
    for status in statuses.values():
        element = status.element
        if not status.in_plan and any(filters.values()):
            continue
        if filters["kind"] and element.kind != filters["kind"]:
            continue
        if filters["group"]:
            group = groups.get(element.id)
            if not group or group.key != filters["group"]:
                continue
        if filters["sub_priority"]:
            target_id = sub_priority_ids.get(filters["sub_priority"])
            if target_id is None or target_id not in contributes_by_source.get(element.id, []):
                continue
        if filters["owner"] and owners[element.id].name != filters["owner"]:
            continue
        if filters["rag"]:
            if filters["rag"] == "none" and status.rag is not None:
                continue
            if filters["rag"] != "none" and status.rag != filters["rag"]:
                continue
        if filters["due"] and not _due_match(status, filters["due"], as_at):
            continue
        results.append(status)
    return results

