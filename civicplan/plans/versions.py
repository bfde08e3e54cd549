"""A plan's version changes on every write to the plan or anything in it (ADR 0018): cached
figures and drawings name it, so none is read after a change. Signal receivers
(civicplan/standing/freshness.py) call these for ordinary saves and deletes; writes that send
no signals (bulk_create, bulk_update, queryset update) call them themselves."""

from __future__ import annotations

from .models import Plan, new_version


def plan_changed(*plan_ids: int | None) -> None:
    """Give these plans a new version (one UPDATE). A fresh random value rather than a count:
    a stale Plan instance saved later writes its old value back, and the change that follows
    its save must not land on a number some cached page was once stored under."""
    ids = {plan_id for plan_id in plan_ids if plan_id is not None}
    if ids:
        Plan.objects.filter(pk__in=ids).update(version=new_version())


def organisation_changed(organisation_id: int | None) -> None:
    """A person's name or a body's title shows on every plan of the organisation."""
    if organisation_id is not None:
        Plan.objects.filter(organisation_id=organisation_id).update(version=new_version())


def plan_version(plan: Plan) -> int | None:
    """The plan's version as committed now (one query): not the instance's, which a page or a
    service may have read before its own writes."""
    return Plan.objects.filter(pk=plan.pk).order_by().values_list("version", flat=True).first()
