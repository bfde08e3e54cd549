"""A plan's delivery on a date in figures: what counts, how many of each status, what is
overdue and due. The dashboard, the public plan page and the progress report all print these
figures, so they read them from here (the counting rule is in ADR 0018)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from civicplan.plans.models import Plan

from .filters import quarter_bounds
from .kinds import COUNTED_KIND_ORDER, TRACKED_KINDS
from .status import ElementStatus, plan_status, rag_counts


def counted_kinds(statuses: dict[int, ElementStatus]) -> tuple[str, ...]:
    """The kinds a plan's delivery is counted in, in the order COUNTED_KIND_ORDER lists them.

    Those reported on directly: a tracked kind that some element in the plan has with no
    tracked parts (milestones; or outputs; or a plan's pledges beside its work areas), but not
    a kind that only holds another counted kind (a priority over its outputs). A milestone with
    dated steps is of a counted kind, so it counts once, and each step counts too.
    """
    leaf_kinds = {
        s.element.kind for s in statuses.values()
        if s.element.kind in TRACKED_KINDS and s.in_plan
        and not any(c.element.kind in TRACKED_KINDS for c in s.children)
    }
    holders = {
        parent.kind for s in statuses.values()
        if s.element.kind in leaf_kinds and (parent := _parent(statuses, s)) is not None
        and parent.kind != s.element.kind
    }
    kinds = (leaf_kinds - holders) or leaf_kinds
    return tuple(kind for kind in COUNTED_KIND_ORDER if kind in kinds)


def _parent(statuses: dict[int, ElementStatus], status: ElementStatus):
    parent = statuses.get(status.element.parent_id) if status.element.parent_id is not None else None
    return parent.element if parent is not None else None


def counted_statuses(statuses: dict[int, ElementStatus]) -> list[ElementStatus]:
    """Every element of the counted kinds still in the plan on the date, in document order."""
    kinds = counted_kinds(statuses)
    return [s for s in statuses.values() if s.element.kind in kinds and s.in_plan]


@dataclass(slots=True)
class PlanSummary:
    """The figures of a plan on a date. `counts` has a key per RAG value and "none"."""

    plan: Plan
    as_at: dt.date
    since: dt.date | None
    statuses: dict[int, ElementStatus]
    kinds: tuple[str, ...]
    counted: list[ElementStatus]
    counts: dict[str, int]
    overdue: list[ElementStatus]
    due_this_quarter: list[ElementStatus]
    due_next_quarter: list[ElementStatus]

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def kind(self) -> str | None:
        """The counted kind when there is one (links filter the plan page by it), else None."""
        return self.kinds[0] if len(self.kinds) == 1 else None


def plan_summary(
    *, plan: Plan, as_at: dt.date, since: dt.date | None = None,
    statuses: dict[int, ElementStatus] | None = None,
) -> PlanSummary:
    """The plan's figures on a date. Pass `statuses` when the caller already read plan_status
    for the same date, to save reading them twice."""
    if statuses is None:
        statuses = plan_status(plan=plan, as_at=as_at)
    kinds = counted_kinds(statuses)
    counted = [s for s in statuses.values() if s.element.kind in kinds and s.in_plan]
    this_start, this_end = quarter_bounds(as_at)
    next_start, next_end = quarter_bounds(this_end + dt.timedelta(days=1))

    def due_between(start: dt.date, end: dt.date) -> list[ElementStatus]:
        return [s for s in counted if s.element.date_end and start <= s.element.date_end <= end and not s.complete]

    return PlanSummary(
        plan=plan, as_at=as_at, since=since, statuses=statuses, kinds=kinds, counted=counted,
        counts=rag_counts(counted),
        # A bullet holding dated steps is overdue in its own right once its date has passed.
        overdue=[s for s in counted if s.overdue],
        due_this_quarter=due_between(this_start, this_end),
        due_next_quarter=due_between(next_start, next_end),
    )


def plan_counts(*, plan: Plan, as_at: dt.date) -> dict[str, int]:
    """`plan_summary(...).counts` on a date, kept in the cache by (plan, date, plan version):
    the dashboard's chart of status over time reads several past dates on every view, and a
    large plan's statuses on one date take most of a second to work out. A write to the plan
    changes its version, so a kept figure is never stale."""
    from django.core.cache import cache

    from .memo import CACHE_SECONDS, status_cache_key

    key = status_cache_key(plan=plan, as_at=as_at, what="counts")
    counts = cache.get(key) if key else None
    if counts is None:
        counts = plan_summary(plan=plan, as_at=as_at).counts
        if key:
            cache.set(key, counts, CACHE_SECONDS)
    return counts
