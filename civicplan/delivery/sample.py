"""Illustrative progress history for the 2022-23 Shared Ambitions plan.

The seed plans are historical papers with no delivery records, so a new user would see
empty dashboards. This loads a plausible, clearly labelled ("Sample data") monthly history
so that the dashboard, timeline and reports have something to show. It is deterministic:
the same plan always gets the same history, and loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction

from civicplan.plans.models import Element, Plan
from civicplan.plans.versions import plan_changed

from .models import ProgressUpdate, Rag

SAMPLE_PLAN = "lc-shared-ambitions-2022-23"
HISTORY_START = dt.date(2022, 8, 31)
HISTORY_END = dt.date(2023, 12, 31)

COMMENTARY = {
    Rag.NOT_STARTED: "Sample data: scoping with the lead officer; work starts next period.",
    Rag.GREEN: "Sample data: on track; the steering group met this month and signed off the next stage.",
    Rag.AMBER: "Sample data: slipping because partner sign-off is later than planned; a revised date will go to CMT.",
    Rag.RED: "Sample data: off track; the funding decision has been delayed and the target date will be missed without intervention.",
    Rag.COMPLETE: "Sample data: delivered; the report went to the committee and is published on the website.",
}


def _month_ends(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        next_month = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        day = dt.date(next_month.year + (next_month.month == 12), next_month.month % 12 + 1, 1) - dt.timedelta(days=1)


def _profile(key: str) -> int:
    """A stable number 0-99 per milestone: which ones slip is the same on every install."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 100


def _status_on(element: Element, day: dt.date, profile: int) -> tuple[str, int, dt.date | None] | None:
    due = element.date_end or HISTORY_END
    start = element.date_start or (due - dt.timedelta(days=120))
    if day < start - dt.timedelta(days=60):
        return None
    slips = profile < 30  # three in ten slip
    fails = profile < 8  # fewer than one in ten are still off track at the end
    delay = dt.timedelta(days=75 if slips else 0)
    finish = due + delay
    if fails:
        finish = dt.date.max
    span = max((finish if finish != dt.date.max else due + dt.timedelta(days=240)) - start, dt.timedelta(days=30))
    if day >= finish:
        return Rag.COMPLETE, 100, min(finish, day)
    done = max(0, min(95, int(100 * (day - start) / span)))
    if day < start:
        return Rag.NOT_STARTED, 0, None
    if fails and day > due - dt.timedelta(days=45):
        return Rag.RED, done, None
    if slips and day > due - dt.timedelta(days=60):
        return Rag.AMBER, done, None
    return Rag.GREEN, done, None


@transaction.atomic
def sample_progress_load(*, until: dt.date = HISTORY_END) -> int:
    """Load the sample history if the plan is present and has none yet; returns updates added."""
    plan = Plan.objects.filter(slug=SAMPLE_PLAN).first()
    if plan is None or ProgressUpdate.objects.filter(plan=plan, is_sample=True).exists():
        return 0
    leaves = [
        e for e in Element.objects.filter(plan=plan, kind="milestone").prefetch_related("children")
        if not e.children.exists()
    ]
    updates = []
    for element in leaves:
        profile = _profile(element.key)
        for day in _month_ends(HISTORY_START, until):
            reading = _status_on(element, day, profile)
            if reading is None:
                continue
            rag, percent, achieved = reading
            updates.append(
                ProgressUpdate(
                    element=element, plan=plan, rag=rag, percent_complete=percent, commentary=COMMENTARY[rag],
                    achieved_date=achieved if element.kind == "milestone" else None, as_at=day,
                    status=ProgressUpdate.Status.APPROVED, is_sample=True,
                )
            )
            if rag == Rag.COMPLETE:
                break
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    plan_changed(*{update.plan_id for update in updates})  # bulk: no signals
    return len(updates)
