"""Reading delivery: status as it stood on a date, roll-ups, due and overdue milestones.

Everything here takes an `as_at` date so that any page can show the plan as it stood then.
Each function runs a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.selectors import plan_children

from .models import RAG_SEVERITY, ProgressUpdate, Rag

TRACKED_KINDS = ("milestone", "output", "priority", "pledge")


@dataclass(slots=True, eq=False)
class ElementStatus:
    """An element's delivery status on a date: its own latest approved update, or rolled up."""

    element: Element
    rag: str | None = None
    percent: float = 0.0
    update: ProgressUpdate | None = None
    rolled_up: bool = False
    overdue: bool = False
    pending: int = 0
    children: list["ElementStatus"] = field(default_factory=list)
    # Elements that contribute to this one through links (a milestone to its sub-priorities).
    contributors: list["ElementStatus"] = field(default_factory=list)
    # How many children or contributors the roll-up read, and whether this element counts
    # in its parent's roll-up (a sub-priority beside milestones does not: they count once).
    rolled_up_from: int = 0
    rolled_up_via: str = ""  # "parts" or "contributions"
    counted: bool = False
    # Dropped from the plan by an approved change request (or under something that was) by the
    # date: shown as dropped, never overdue, and left out of the roll-ups of what remains.
    dropped: bool = False
    # Added by a change request approved after the date: not yet part of the plan then.
    added_later: bool = False

    @property
    def in_plan(self) -> bool:
        """Part of the plan on the date: neither dropped by then nor added since."""
        return not (self.dropped or self.added_later)

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "No update"


def _newest_approved_ids(*, plan: Plan, as_at: dt.date, element_ids: list[int] | None = None) -> QuerySet:
    """Ids of the last approved update per element with as_at on or before the date.

    Only the newest row per element leaves the database (a window function works on both
    SQLite and PostgreSQL), so the cost follows the number of elements, not of updates. The
    window ranks ids alone (an index covers them).
    """
    # order_by(): the model's default ordering would join element and plan just to sort rows.
    updates = ProgressUpdate.objects.filter(
        plan=plan, status=ProgressUpdate.Status.APPROVED, as_at__lte=as_at
    ).order_by()
    if element_ids is not None:
        updates = updates.filter(element_id__in=element_ids)
    return updates.annotate(
        newest=Window(RowNumber(), partition_by=[F("element_id")], order_by=[F("as_at").desc(), F("id").desc()])
    ).filter(newest=1).values("id")


def latest_approved_updates(
    *, plan: Plan, as_at: dt.date, element_ids: list[int] | None = None
) -> dict[int, ProgressUpdate]:
    """The last approved update per element with as_at on or before the date (one query)."""
    newest = _newest_approved_ids(plan=plan, as_at=as_at, element_ids=element_ids)
    return {
        update.element_id: update
        for update in ProgressUpdate.objects.filter(id__in=newest).order_by().only(
            "id", "element_id", "rag", "percent_complete", "as_at", "commentary", "commentary_internal",
            "achieved_date", "evidence_url", "is_sample", "reviewed_at",
        )
    }


def latest_approved_rags(*, plan: Plan, as_at: dt.date) -> dict[int, str]:
    """Element id -> the RAG of its last approved update on or before the date (one query, no
    model instances: enough to say whose reported status changed since a date)."""
    newest = _newest_approved_ids(plan=plan, as_at=as_at)
    return dict(ProgressUpdate.objects.filter(id__in=newest).order_by().values_list("element_id", "rag"))


def pending_counts(*, plan: Plan) -> dict[int, int]:
    counts: dict[int, int] = {}
    for element_id in ProgressUpdate.objects.filter(
        plan=plan, status=ProgressUpdate.Status.PENDING
    ).order_by().values_list("element_id", flat=True):
        counts[element_id] = counts.get(element_id, 0) + 1
    return counts


def is_overdue(element: Element, rag: str | None, as_at: dt.date) -> bool:
    return (
        element.kind == "milestone"
        and element.date_end is not None
        and element.date_end < as_at
        and rag != Rag.COMPLETE
    )


def subtree_ids(
    *, plan: Plan, root: Element, contributions: dict[int, list[int]] | None = None,
    children: dict[int | None, list[int]] | None = None,
) -> list[int]:
    """The element and everything beneath it, from a light (id, parent) read of the plan;
    with `contributions`, also what contributes to any of them, and beneath that."""
    if children is None:
        children = plan_children(plan=plan)
    ids, seen, stack = [], set(), [root.id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        ids.append(current)
        stack.extend(children.get(current, []))
        if contributions:
            stack.extend(contributions.get(current, []))
    return ids


def plan_contributions(*, plan: Plan) -> dict[int, list[int]]:
    """Target id -> ids of the elements in the same plan that contribute to it (one query)."""
    contributions: dict[int, list[int]] = {}
    # Both ends as "in the plan's elements" rather than two joins on plan: PostgreSQL then
    # picks a good plan even before it has statistics on the tables (a fresh database, or a
    # big import not yet analysed), where the joins took a hundred times as long.
    plan_elements = Element.objects.filter(plan=plan).order_by().values("id")
    links = ElementLink.objects.filter(
        link_type=ElementLink.Type.CONTRIBUTES_TO, source_id__in=plan_elements, target_id__in=plan_elements
    ).order_by("source__position")
    for source_id, target_id in links.values_list("source_id", "target_id"):
        contributions.setdefault(target_id, []).append(source_id)
    return contributions


def _roll_up(status: ElementStatus, parts: list[ElementStatus], via: str) -> None:
    """Weighted percent; RAG complete only when every part is, else the most severe open one
    (a whole with parts done and the rest not started is under way, so green, not "not started")."""
    total_weight = sum(p.element.weight for p in parts) or 1
    status.percent = sum(p.percent * p.element.weight for p in parts) / total_weight
    status.rolled_up_from = len(parts)
    status.rolled_up_via = via
    rags = [p.rag for p in parts if p.rag is not None]
    if rags:
        if all(r == Rag.COMPLETE for r in rags) and len(rags) == len(parts):
            status.rag = Rag.COMPLETE
        else:
            status.rag = max(
                (r for r in rags if r != Rag.COMPLETE), key=lambda r: RAG_SEVERITY[Rag(r)], default=Rag.GREEN
            )
            if status.rag == Rag.NOT_STARTED and (Rag.COMPLETE in rags or status.percent > 0):
                status.rag = Rag.GREEN  # some parts done or under way, none at risk: the whole is under way
        status.rolled_up = True


def plan_status(*, plan: Plan, as_at: dt.date, root: Element | None = None) -> dict[int, ElementStatus]:
    """Status of every element on a date (or of one element's subtree and what contributes to
    it), rolled up by weight.

    An element's own latest approved update wins. Otherwise it rolls up from its tracked
    children (milestones, outputs, priorities, pledges, or anything with a status); an element
    with none, such as a sub-priority, rolls up from the elements that contribute to it
    through links. Contributions never feed the parent's roll-up, so a milestone that
    contributes to a sub-priority still counts once in its objective. Work dropped by the date
    counts in neither.
    """
    from civicplan.governance.selectors import (  # governance builds on delivery
        added_after,
        dropped_element_ids,
        elements_as_they_stood,
    )

    contributions = plan_contributions(plan=plan)
    elements_qs = Element.objects.filter(plan=plan)
    ids = children = None
    if root is not None:
        children = plan_children(plan=plan)
        ids = subtree_ids(plan=plan, root=root, contributions=contributions, children=children)
        elements_qs = elements_qs.filter(id__in=ids)
    elements = list(elements_qs.order_by("position"))
    elements_as_they_stood(elements, plan=plan, as_at=as_at)
    if children is None:  # the whole plan was read: its tree needs no second query
        children = defaultdict(list)
        for element in elements:
            children[element.parent_id].append(element.id)
    _attach_relations(plan, elements)
    return _statuses_on(
        elements, contributions, pending_counts(plan=plan),
        latest_approved_updates(plan=plan, as_at=as_at, element_ids=ids),
        dropped=dropped_element_ids(plan=plan, as_at=as_at, children=children),
        added_later=added_after(plan=plan, as_at=as_at), as_at=as_at,
    )


def _attach_relations(plan: Plan, elements: list[Element]) -> None:
    """Point each element at its plan, its parent (when read too) and its owning person, so
    that pages showing them make no query per element (at most one for all the owners)."""
    from civicplan.organisations.models import Person

    by_id = {element.id: element for element in elements}
    plan_field, parent_field = Element.plan.field, Element.parent.field
    for element in elements:
        plan_field.set_cached_value(element, plan)
        parent = by_id.get(element.parent_id) if element.parent_id is not None else None
        if parent is not None:
            parent_field.set_cached_value(element, parent)
    person_ids = {element.owner_person_id for element in elements if element.owner_person_id}
    if person_ids:
        people = Person.objects.in_bulk(person_ids)
        owner_field = Element.owner_person.field
        for element in elements:
            person = people.get(element.owner_person_id) if element.owner_person_id else None
            if person is not None:
                owner_field.set_cached_value(element, person)


def _statuses_on(
    elements: list[Element],
    contributions: dict[int, list[int]],
    pending: dict[int, int],
    latest: dict[int, ProgressUpdate],
    *,
    dropped: set[int],
    added_later: set[int],
    as_at: dt.date,
) -> dict[int, ElementStatus]:
    statuses = {
        e.id: ElementStatus(
            element=e, pending=pending.get(e.id, 0), dropped=e.id in dropped, added_later=e.id in added_later
        )
        for e in elements
    }
    for element in elements:
        if element.parent_id is not None and element.parent_id in statuses:
            statuses[element.parent_id].children.append(statuses[element.id])

    def counts_towards(part: ElementStatus, whole: ElementStatus) -> bool:
        # Work out of the plan on the date (dropped, or not yet added) does not count towards
        # what is in it.
        return part.in_plan or not whole.in_plan

    # Children come after parents in document order, so walk backwards to roll up.
    for element in reversed(elements):
        status = statuses[element.id]
        own = latest.get(element.id)
        tracked_children = [
            c for c in status.children
            if (c.rag is not None or c.element.kind in TRACKED_KINDS) and counts_towards(c, status)
        ]
        if own is not None:
            status.update = own
            status.rag = own.rag
            status.percent = float(own.percent_complete)
        elif tracked_children:
            _roll_up(status, tracked_children, "parts")
        for child in tracked_children:
            child.counted = own is None
    for target_id, source_ids in contributions.items():
        status = statuses.get(target_id)
        if status is None:
            continue
        status.contributors = [statuses[i] for i in source_ids if i in statuses]
        parts = [c for c in status.contributors if counts_towards(c, status)]
        if status.update is None and not status.rolled_up_from and parts:
            _roll_up(status, parts, "contributions")
    for status in statuses.values():
        status.overdue = status.in_plan and is_overdue(status.element, status.rag, as_at)
    return statuses


def counted_kind(statuses: dict[int, ElementStatus]) -> str | None:
    """The kind a plan's delivery is counted in: milestones, else outputs, priorities or pledges."""
    kinds = {s.element.kind for s in statuses.values()}
    return next((kind for kind in ("milestone", "output", "priority", "pledge") if kind in kinds), None)


def counted_statuses(statuses: dict[int, ElementStatus]) -> list[ElementStatus]:
    """Every element of the counted kind still in the plan, as the plan page and the timeline
    list them: a milestone with dated steps counts once, and so does each step."""
    kind = counted_kind(statuses)
    return [s for s in statuses.values() if s.element.kind == kind and s.in_plan] if kind else []


def rag_counts(statuses: list[ElementStatus]) -> dict[str, int]:
    counts = {r.value: 0 for r in Rag}
    counts["none"] = 0
    for status in statuses:
        counts[status.rag or "none"] += 1
    return counts


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter containing a day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end_month = first_month + 2
    next_start = dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_start - dt.timedelta(days=1)


def milestones(plan: Plan) -> QuerySet[Element]:
    return Element.objects.filter(plan=plan, kind="milestone")


def recent_updates(
    *, plan: Plan, since: dt.date, as_at: dt.date, limit: int = 20, exclude: set[int] = frozenset()
) -> list[ProgressUpdate]:
    """Latest approved updates, leaving out elements in `exclude` (those dropped from the plan)."""
    return list(
        ProgressUpdate.objects.filter(
            plan=plan, status=ProgressUpdate.Status.APPROVED, as_at__gt=since, as_at__lte=as_at
        )
        .exclude(element_id__in=exclude)
        .select_related("element")
        .order_by("-as_at", "-id")[:limit]
    )


def plans_with_sample_data(*, plan_ids) -> set[int]:
    """Which of these plans show illustrative progress (one query for a page listing several)."""
    return set(ProgressUpdate.objects.filter(plan_id__in=list(plan_ids), is_sample=True)
               .values_list("plan_id", flat=True).distinct())


def plan_has_sample_data(*, plan: Plan) -> bool:
    return plan.id in plans_with_sample_data(plan_ids=[plan.id])


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
    from civicplan.plans.models import ElementLink
    from civicplan.plans.selectors import element_group_map

    if statuses is None:
        statuses = plan_status(plan=plan, as_at=as_at)
    filters = {key: (filters.get(key) or "").strip() for key in ELEMENT_FILTER_KEYS}
    elements = [s.element for s in statuses.values()]
    groups = element_group_map(elements)
    sub_priority_ids = {e.key: e.id for e in elements if e.kind == "sub_priority"}
    contributes_by_source: dict[int, list[int]] = {}
    if filters["sub_priority"]:
        for source_id, target_id in ElementLink.objects.filter(
            source__plan=plan, link_type=ElementLink.Type.CONTRIBUTES_TO
        ).values_list("source_id", "target_id"):
            contributes_by_source.setdefault(source_id, []).append(target_id)

    # An element the plan names no owner for is owned by whoever owns what it sits under.
    owners: dict[int, str] = {}
    if filters["owner"]:
        for element in elements:  # document order: parents first
            own = element.owner_person.name if element.owner_person_id else element.owner
            owners[element.id] = own or owners.get(element.parent_id, "")
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
        if filters["owner"] and owners.get(element.id) != filters["owner"]:
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


@dataclass
class OwnedPlanWork:
    """One plan's part of an officer's own list: what they own and what sits beneath it."""

    plan: Plan
    statuses: list[ElementStatus]

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.statuses if s.overdue)


def owned_work(*, user, as_at: dt.date) -> list[OwnedPlanWork]:
    """Elements the user's person owns in plans still open, each with the tracked elements
    beneath it (which the owner may update too), status as at the date. A few queries per
    plan the person owns something in."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return []
    owned = (
        Element.objects.filter(owner_person=person)
        .exclude(plan__status__in=("closed",))
        .select_related("plan")
        .order_by("-plan__period_start", "plan_id", "position")
    )
    by_plan: dict[int, tuple[Plan, list[int]]] = {}
    for element in owned:
        by_plan.setdefault(element.plan_id, (element.plan, []))[1].append(element.id)
    work = []
    for plan, root_ids in by_plan.values():
        statuses = plan_status(plan=plan, as_at=as_at)
        seen = {s.element.id for s in statuses.values() if s.dropped}  # no longer anyone's to update
        chosen = []
        root_ids = [r for r in root_ids if r not in seen]
        for root_id in root_ids:
            stack = [statuses[root_id]]
            while stack:
                status = stack.pop()
                if status.element.id in seen:
                    continue
                seen.add(status.element.id)
                if status.element.id == root_id or status.element.kind in TRACKED_KINDS:
                    chosen.append(status)
                stack.extend(reversed(status.children))
        chosen.sort(key=lambda s: s.element.position)
        if chosen:
            work.append(OwnedPlanWork(plan=plan, statuses=chosen))
    return work


def returned_updates(*, user, limit: int = 20) -> list[ProgressUpdate]:
    """Updates sent back to this user that nobody has followed with a newer update."""
    newer = ProgressUpdate.objects.filter(element=OuterRef("element"), created_at__gt=OuterRef("reviewed_at"))
    return list(
        ProgressUpdate.objects.filter(submitted_by=user, status=ProgressUpdate.Status.RETURNED)
        .exclude(Exists(newer))
        .select_related("element__plan", "reviewed_by")
        .order_by("-reviewed_at")[:limit]
    )


def submitted_pending(*, user) -> list[ProgressUpdate]:
    """This user's updates still awaiting a plan manager's approval."""
    return list(
        ProgressUpdate.objects.filter(submitted_by=user, status=ProgressUpdate.Status.PENDING)
        .select_related("element__plan")
        .order_by("-created_at")
    )


def last_returned_update(*, element: Element) -> ProgressUpdate | None:
    """The element's latest update, if a plan manager returned it: its comment is what the
    next update should answer."""
    latest = ProgressUpdate.objects.filter(element=element).select_related("reviewed_by").order_by("-created_at", "-id").first()
    return latest if latest is not None and latest.status == ProgressUpdate.Status.RETURNED else None


@dataclass
class ReviewContext:
    """What a plan manager needs beside a pending update: the status it would replace, and what
    to check before approving it."""

    last_approved: ProgressUpdate | None
    checks: list[str]


# An update dated more than this long before it was sent rewrites what past pages showed.
BACKDATED_DAYS = 31


def review_contexts(updates: list[ProgressUpdate]) -> dict[int, ReviewContext]:
    """For each pending update, its element's last approved update and the checks to make (one query)."""
    last: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(
        element_id__in={u.element_id for u in updates}, status=ProgressUpdate.Status.APPROVED
    ).order_by("element_id", "-as_at", "-id"):
        last.setdefault(update.element_id, update)
    contexts = {}
    for update in updates:
        before = last.get(update.element_id)
        checks = []
        sent = timezone.localdate(update.created_at) if update.created_at else None
        if sent and (sent - update.as_at).days > BACKDATED_DAYS:
            checks.append(
                f"Dated {update.as_at:%-d %B %Y}, {(sent - update.as_at).days} days before it was sent: approving it "
                "changes what pages and reports show as at dates since then."
            )
        if before is not None and before.rag == Rag.COMPLETE:
            checks.append(f"Already reported complete as at {before.as_at:%-d %B %Y}.")
        if before is not None and update.as_at < before.as_at:
            checks.append(f"Older than the last approved update (as at {before.as_at:%-d %B %Y}), so the status shown today stays as it is.")
        contexts[update.id] = ReviewContext(last_approved=before, checks=checks)
    return contexts
