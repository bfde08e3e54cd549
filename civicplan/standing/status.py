"""Delivery status as it stood on a date: each element's latest approved update, or rolled up
from its parts, read in a fixed number of queries whatever the size of the plan (ADR 0011)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from civicplan.delivery.models import RAG_SEVERITY, ProgressUpdate, Rag
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.selectors import plan_children
from civicplan.plans.versions import plan_version

from .freshness import read_in_transaction
from .memo import CACHE_SECONDS, VersionMemo, forget_all, remembering, status_cache_key  # noqa: F401 - re-exported
from .changes import added_after, dropped_element_ids, elements_as_they_stood
from .kinds import TRACKED_KINDS


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
    # When the element's own update sets its status although it has parts that roll up: what
    # the parts say, so no page shows a hand-set status without the roll-up beside it.
    parts_rag: str | None = None

    @property
    def in_plan(self) -> bool:
        """Part of the plan on the date: neither dropped by then nor added since."""
        return not (self.dropped or self.added_later)

    @property
    def complete(self) -> bool:
        return self.rag == Rag.COMPLETE

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "No update"

    @property
    def set_by_hand_note(self) -> str:
        """"set by hand; its parts roll up to Red" where an update set the status of an element
        whose parts say otherwise, else "": every page and report shows the two together."""
        if self.update is None or self.parts_rag is None or self.parts_rag == self.rag:
            return ""
        return f"set by hand; its parts roll up to {Rag(self.parts_rag).label}"


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


# What a status needs of its update (pages show its RAG, percent, date, words and evidence).
UPDATE_FIELDS = ("id", "element_id", "rag", "percent_complete", "as_at", "commentary", "commentary_internal",
                 "achieved_date", "evidence_url", "is_sample", "reviewed_at")


def latest_approved_updates(
    *, plan: Plan, as_at: dt.date, element_ids: list[int] | None = None
) -> dict[int, ProgressUpdate]:
    """The last approved update per element with as_at on or before the date (one query)."""
    newest = _newest_approved_ids(plan=plan, as_at=as_at, element_ids=element_ids)
    return {
        update.element_id: update
        for update in ProgressUpdate.objects.filter(id__in=newest).order_by().only(*UPDATE_FIELDS)
    }


def latest_approved_rags(*, plan: Plan, as_at: dt.date) -> dict[int, str]:
    """Element id -> the RAG of its last approved update on or before the date (one query, no
    model instances: enough to say whose reported status changed since a date)."""
    newest = _newest_approved_ids(plan=plan, as_at=as_at)
    return dict(ProgressUpdate.objects.filter(id__in=newest).order_by().values_list("element_id", "rag"))


def last_update_days(*, plan: Plan) -> dict[int, dt.date]:
    """Element id -> the as-at date of its newest update in any state (one query): whether its
    owner has reported since a date, approved or not."""
    return dict(
        ProgressUpdate.objects.filter(plan=plan).order_by().values("element_id")
        .annotate(last=Max("as_at")).values_list("element_id", "last")
    )


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
    # Through the links' own plan column and its (plan, link type) index (ADR 0033): the
    # earlier "source in the plan's elements" form read every link of the organisation on
    # PostgreSQL when its statistics were unlucky.
    links = ElementLink.objects.filter(
        plan=plan, link_type=ElementLink.Type.CONTRIBUTES_TO, target__plan=plan
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


def _parts_rag(element: Element, parts: list[ElementStatus], via: str) -> str | None:
    """What `_roll_up` would say for an element whose own update decides its status instead."""
    shadow = ElementStatus(element=element)
    _roll_up(shadow, parts, via)
    return shadow.rag


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
    if root is None:
        return _copied(_whole_plan(plan=plan, as_at=as_at), plan)
    return _plan_status(plan=plan, as_at=as_at, root=root)


def _whole_plan(*, plan: Plan, as_at: dt.date) -> dict[int, ElementStatus]:
    """The whole plan's statuses, kept for its current version (shared: callers copy or only
    read them); the version is read once."""
    version = plan_version(plan)
    key = status_cache_key(plan=plan, as_at=as_at, version=version) if version is not None else None
    read_in_transaction(plan.pk)
    return _STATUSES.get_or_make(key, lambda: _stored_or_worked_out(plan=plan, as_at=as_at, version=version))


def _stored_or_worked_out(*, plan: Plan, as_at: dt.date, version: int | None) -> dict[int, ElementStatus]:
    """The statuses kept in the database for this version and date (models.StoredStatus: kept
    for today only), or worked out when none are."""
    from .stored import stored_statuses

    stored = None
    if version is not None and as_at == timezone.localdate():
        stored = stored_statuses(plan=plan, as_at=as_at, version=version)
    return stored or _plan_status(plan=plan, as_at=as_at, root=None)


def kept_plan_status(*, plan: Plan, as_at: dt.date) -> dict[int, ElementStatus] | None:
    """The whole plan's statuses on the date if this process already has them for the plan's
    current version (shared, not copied: only read them), else None."""
    read_in_transaction(plan.pk)
    return _STATUSES.get(status_cache_key(plan=plan, as_at=as_at))


def element_status(*, plan: Plan, as_at: dt.date, element: Element) -> ElementStatus:
    """One element's status on a date with its parts and contributors: from the whole plan's
    statuses kept for the current version (working them out once if need be, and copying only
    this element's part of them), or its subtree alone where nothing is kept."""
    if not remembering():  # nothing is kept: work out the subtree alone
        return plan_status(plan=plan, as_at=as_at, root=element)[element.id]
    kept = _whole_plan(plan=plan, as_at=as_at)  # worked out once for the plan version, then kept
    if element.id not in kept:  # the element was added since the version was read
        return plan_status(plan=plan, as_at=as_at, root=element)[element.id]
    wanted = subtree_ids(plan=plan, root=element, children=_children_of(kept),
                         contributions={i: [c.element.id for c in s.contributors] for i, s in kept.items() if s.contributors})
    return _copied({i: kept[i] for i in wanted}, plan)[element.id]


def _children_of(statuses: dict[int, ElementStatus]) -> dict[int, list[int]]:
    return {i: [c.element.id for c in s.children] for i, s in statuses.items() if s.children}


# Statuses of whole plans, by (plan, date, version). 5,000 elements kept take about 10 MB.
_STATUSES = VersionMemo("statuses", size=16, budget=20_000, weight=len)


def _copied(statuses: dict[int, ElementStatus], plan: Plan) -> dict[int, ElementStatus]:
    """A copy of the remembered statuses for one request, which may change its copy (the public
    page hides what awaits approval); the elements are shared and only read."""
    copies = {i: dataclasses.replace(s, children=[], contributors=[]) for i, s in statuses.items()}
    plan_field = Element.plan.field
    for i, status in statuses.items():
        copy = copies[i]
        if status.children:
            copy.children = [copies[c.element.id] for c in status.children if c.element.id in copies]
        if status.contributors:
            copy.contributors = [copies[c.element.id] for c in status.contributors if c.element.id in copies]
        plan_field.set_cached_value(copy.element, plan)
    return copies


def _plan_status(
    *, plan: Plan, as_at: dt.date, root: Element | None, only: tuple[list[int], dict, dict] | None = None
) -> dict[int, ElementStatus]:
    """`only`: (ids, children, contributions) already read, to work out those ids alone."""
    if only is not None:
        ids, children, contributions = only
    else:
        contributions = plan_contributions(plan=plan)
        ids = children = None
    elements_qs = Element.objects.filter(plan=plan)
    if root is not None:
        children = plan_children(plan=plan)
        ids = subtree_ids(plan=plan, root=root, contributions=contributions, children=children)
    if ids is not None:
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
            if tracked_children:
                status.parts_rag = _parts_rag(status.element, tracked_children, "parts")
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
        elif status.update is not None and status.parts_rag is None and parts:
            status.parts_rag = _parts_rag(status.element, parts, "contributions")
    for status in statuses.values():
        status.overdue = status.in_plan and is_overdue(status.element, status.rag, as_at)
    return statuses


def rag_counts(statuses: list[ElementStatus]) -> dict[str, int]:
    counts = {r.value: 0 for r in Rag}
    counts["none"] = 0
    for status in statuses:
        counts[status.rag or "none"] += 1
    return counts


def plans_with_sample_data(*, plan_ids) -> set[int]:
    """Which of these plans show illustrative progress (one query for a page listing several)."""
    return set(ProgressUpdate.objects.filter(plan_id__in=list(plan_ids), is_sample=True)
               .order_by().values_list("plan_id", flat=True).distinct())


def plan_has_sample_data(*, plan: Plan) -> bool:
    return plan.id in plans_with_sample_data(plan_ids=[plan.id])


def remembered_plan_status(*, plan: Plan, as_at: dt.date) -> dict[int, ElementStatus] | None:
    """The whole plan's statuses on the date if this process already has them for the plan's
    current version (as plan_status would give them), else None: for a caller that needs only
    some elements and would rather not work out the whole plan."""
    kept = kept_plan_status(plan=plan, as_at=as_at)
    return _copied(kept, plan) if kept is not None else None


def elements_status(*, plan: Plan, as_at: dt.date, elements: list[Element]) -> dict[int, ElementStatus]:
    """The statuses of these elements on the date, each as the whole plan's plan_status gives it,
    worked out from them, what lies beneath them and what contributes to them only: one page of
    a long list costs its own roll-ups, not the whole plan's. Where that is most of the plan
    anyway (a page of objectives), the whole plan's are worked out and remembered instead.
    (`counted`, whether an element counts in its parent's roll-up, is left unset for an element
    whose parent is not among them.)"""
    contributions = plan_contributions(plan=plan)
    children = plan_children(plan=plan)
    ids: list[int] = []
    seen: set[int] = set()
    for element in elements:
        if element.id not in seen:  # else already under an earlier one (a page lists parents first)
            more = [i for i in subtree_ids(plan=plan, root=element, contributions=contributions, children=children)
                    if i not in seen]
            ids += more
            seen.update(more)
    if 2 * len(ids) > sum(len(kids) for kids in children.values()):
        statuses = plan_status(plan=plan, as_at=as_at)
    else:
        statuses = _plan_status(plan=plan, as_at=as_at, root=None, only=(ids, children, contributions))
    return {element.id: statuses[element.id] for element in elements}
