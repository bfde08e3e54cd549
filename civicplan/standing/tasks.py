"""Background work for the read model, run by `civicplan worker` from the database queue."""

from __future__ import annotations

from django_tasks import task


@task()
def statuses_store_task(plan_id: int) -> int:
    """Keep a plan's statuses as they stand today (after an approval or a decision)."""
    from civicplan.plans.models import Plan

    from .stored import statuses_store

    plan = Plan.objects.filter(pk=plan_id).first()
    return statuses_store(plan=plan) if plan is not None else 0
