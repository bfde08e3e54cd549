"""Every write to a plan, or to anything in it, changes the plan's version, so that figures and
drawings cached under (plan, date, version) are never served after the plan has changed.

The receivers listen to every model of the apps a plan is made of, rather than to a list of
services: a new writer (an editor, a loader) changes the version without knowing about it.
Writes that send no signals (bulk_create, queryset update) call `plan_changed` themselves.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from civicplan.plans.versions import organisation_changed, plan_changed

# Apps whose rows make up what a plan's pages show. Models here that never change what a plan
# page shows (the files a report run wrote, reminders sent) are left out.
_APPS = ("organisations", "plans", "delivery", "governance", "reports")
_IGNORED = {"GeneratedReport", "Reminder", "Meeting", "SavedDocument"}


def _plans_of(instance) -> tuple[str, set[int]]:
    from civicplan.organisations.models import Organisation
    from civicplan.plans.models import Element, Plan

    if isinstance(instance, Plan):
        return "plan", {instance.pk}
    if isinstance(instance, Organisation):
        return "organisation", {instance.pk}
    plan_id = getattr(instance, "plan_id", None)
    if plan_id is not None:
        return "plan", {plan_id}
    element_ids = {getattr(instance, name, None) for name in ("element_id", "source_id", "target_id")} - {None}
    if element_ids:
        return "plan", set(Element.objects.filter(id__in=element_ids).values_list("plan_id", flat=True))
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is not None:
        return "organisation", {organisation_id}
    return "", set()


def _not_yet_changed(plan_ids: set[int]) -> set[int]:
    """The plans not yet given a new version in this transaction, marking these as given one.

    Deleting a plan's elements sends a signal per element and per progress update under them:
    one UPDATE per plan and transaction is enough. The mark is a do-nothing on-commit callback:
    Django forgets it when the transaction commits or rolls back, and when a savepoint holding
    it rolls back (taking its UPDATE with it), so a forgotten mark means "change it again".
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return plan_ids
    live = {id(entry[1]) for entry in connection.run_on_commit}
    marks = connection.__dict__.setdefault("_civicplan_plan_marks", {})
    fresh = {plan_id for plan_id in plan_ids if plan_id not in marks or id(marks[plan_id]) not in live}
    for plan_id in fresh:
        def mark() -> None:
            """Marks that this plan's version changed in the transaction (does nothing)."""

        transaction.on_commit(mark)
        marks[plan_id] = mark
    return fresh


def _on_write(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    scope, ids = _plans_of(instance)
    if scope == "plan":
        if sender.__name__ == "Plan":
            # Always: a Plan saved from a stale instance has just written its old version back.
            if kwargs.get("signal") is not post_delete:
                plan_changed(*ids)
            return
        plan_changed(*_not_yet_changed(ids))
    elif scope == "organisation":
        for organisation_id in ids:
            organisation_changed(organisation_id)


def connect() -> None:
    """Listen to every model of the plan's apps (called once, when Django starts)."""
    for label in _APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__ in _IGNORED or model.__name__.startswith("Historical"):
                continue
            post_save.connect(_on_write, sender=model, dispatch_uid=f"plan-version-save-{model._meta.label}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"plan-version-delete-{model._meta.label}")



def read_in_transaction(plan_id: int) -> None:
    """A page or service read the plan (and may remember it) inside a transaction: its next
    write in the transaction must change the version again, or the next read would find what
    was remembered before the write."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        connection.__dict__.get("_civicplan_plan_marks", {}).pop(plan_id, None)
