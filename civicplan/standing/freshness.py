"""Every write to a plan, or to anything in it, changes the plan's version, so that figures and
drawings cached under (plan, date, version) are never served after the plan has changed.

The receivers listen to every model of the apps a plan is made of, rather than to a list of
services: a new writer (an editor, a loader) changes the version without knowing about it.
Writes that send no signals (bulk_create, queryset update) call `plan_changed` themselves.
"""

from __future__ import annotations

from django.apps import apps
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


def _on_write(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    scope, ids = _plans_of(instance)
    if scope == "plan":
        if sender.__name__ == "Plan" and kwargs.get("signal") is post_delete:
            return
        plan_changed(*ids)
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

