"""Reading delivery: status as it stood on a date, roll-ups, due and overdue milestones.

Everything here takes an `as_at` date so that any page can show the plan as it stood then.
Each function runs a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from civicplan.plans.models import Element, Plan
from civicplan.standing.kinds import TRACKED_KINDS
from civicplan.standing.status import ElementStatus, plan_status

from .models import ProgressUpdate, Rag


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


def returned_updates_query(*, user) -> QuerySet[ProgressUpdate]:
    """Updates sent back to this user that nobody has followed with a newer update: the one
    rule the "Your elements" page, the inbox and its count in the header all read."""
    newer = ProgressUpdate.objects.filter(element=OuterRef("element"), created_at__gt=OuterRef("reviewed_at"))
    return (
        ProgressUpdate.objects.filter(submitted_by=user, status=ProgressUpdate.Status.RETURNED)
        .exclude(Exists(newer))
        .select_related("element__plan", "reviewed_by")
        .order_by("-reviewed_at")
    )


def returned_updates(*, user, limit: int = 20) -> list[ProgressUpdate]:
    """The latest of `returned_updates_query`, for a page that shows a few."""
    return list(returned_updates_query(user=user)[:limit])


def updates_awaiting_review() -> QuerySet[ProgressUpdate]:
    """Every update awaiting a plan manager's approval (the review queue)."""
    return (
        ProgressUpdate.objects.filter(status=ProgressUpdate.Status.PENDING)
        .select_related("element__plan__organisation", "submitted_by")
        .order_by("submitted_by", "created_at")
    )


def updates_for_reviewer(*, user) -> QuerySet[ProgressUpdate]:
    """The pending updates this plan manager may decide: all of them, except their own where
    the organisation requires someone else to approve (its separation-of-duties setting)."""
    return updates_awaiting_review().exclude(
        submitted_by=user, plan__organisation__manager_may_approve_own_work=False
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


def returned_update_initial(update: ProgressUpdate) -> dict:
    """What a returned update said, to open the next one with (the officer corrects, not retypes)."""
    return {
        "rag": update.rag, "percent_complete": update.percent_complete, "commentary": update.commentary,
        "commentary_internal": update.commentary_internal, "evidence_url": update.evidence_url,
        # Dates as typed (ISO), so any date field shows and reads them back the same way.
        "achieved_date": update.achieved_date.isoformat() if update.achieved_date else None,
        "as_at": update.as_at.isoformat(),
        "keep_evidence": bool(update.evidence_file),
    }


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
