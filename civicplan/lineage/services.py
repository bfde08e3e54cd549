"""Writing lineage: linking an element to the one it carries on from an earlier plan.

A link is stored as the plan files store it, an `ElementLink` of type "continues" from the
newer element to the older one with `target_ref` "OLD-PLAN-SLUG#KEY", so an exported plan
file carries it and loading the file again restores it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from civicplan.core.permissions import can_manage_plans
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.services import SEED_SLUGS

from .selectors import CONFIDENT_THRESHOLD, lineage_pairs, plan_is_earlier

CONTINUES = ElementLink.Type.CONTINUES


def _describe(element: Element) -> str:
    label = f" {element.label}" if element.label else ""
    return f"{element.get_kind_display().lower()}{label} “{element.title[:80]}” in {element.plan.title}"


def _link_problems(*, element: Element, predecessor: Element) -> list[str]:
    if element.pk == predecessor.pk:
        return ["An element cannot continue itself."]
    if element.plan_id == predecessor.plan_id:
        return ["The earlier element must be in an earlier plan, not in the same plan."]
    if not plan_is_earlier(old_plan=predecessor.plan, new_plan=element.plan):
        return [
            f"{predecessor.plan.title} is not earlier than {element.plan.title}: "
            "an element can only continue one in an earlier plan."
        ]
    if ElementLink.objects.filter(source=element, link_type=CONTINUES, target=predecessor).exists():
        return [f"This already continues the {_describe(predecessor)}."]
    return []


def _link_create(*, element: Element, predecessor: Element) -> ElementLink:
    problems = _link_problems(element=element, predecessor=predecessor)
    if problems:
        raise ValidationError(problems)
    highest = element.links_out.aggregate(m=Max("order"))["m"]
    link = ElementLink(
        source=element,
        link_type=CONTINUES,
        target=predecessor,
        target_ref=f"{predecessor.plan.slug}#{predecessor.key}",
        order=0 if highest is None else highest + 1,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def lineage_link(*, element: Element, predecessor: Element, user) -> ElementLink:
    """Record that `element` carries on `predecessor` from an earlier plan."""
    if not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can link elements between plans.")
    # Lock the element's row so two people linking the same pair cannot both pass the
    # duplicate check.
    element = Element.objects.select_for_update().select_related("plan").get(pk=element.pk)
    predecessor = Element.objects.select_related("plan").get(pk=predecessor.pk)
    return _link_create(element=element, predecessor=predecessor)


@transaction.atomic
def lineage_unlink(*, element: Element, predecessor: Element, user) -> int:
    """Remove the record that `element` carries on `predecessor`; returns links removed."""
    if not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can unlink elements between plans.")
    links = ElementLink.objects.filter(source=element, link_type=CONTINUES, target=predecessor)
    removed, _ = links.delete()
    if not removed:
        raise ValidationError([f"This does not continue the {_describe(predecessor)}, so there is nothing to unlink."])
    return removed


@transaction.atomic
def lineage_apply_pairs(
    *, old_plan: Plan, new_plan: Plan, kind: str | None, threshold: float, new_kind: str | None = None, user=None
) -> list:
    """Link every one-to-one best match scoring `threshold` or more that is not yet linked.

    Used by the `lineage` command and the seed loader; `user` None means the system (a
    command run by whoever runs the server), otherwise the user must be a plan manager.
    """
    if user is not None and not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can link elements between plans.")
    applied = []
    for pair in lineage_pairs(old_plan=old_plan, new_plan=new_plan, kind=kind, new_kind=new_kind, minimum=threshold):
        if pair.linked or pair.score < threshold:
            continue
        _link_create(element=pair.new, predecessor=pair.old)
        applied.append(pair)
    return applied


@transaction.atomic
def lineage_seed_load(*, threshold: float = CONFIDENT_THRESHOLD) -> int:
    """Link the seed plans' priorities that plainly carry on from the plan before (safe to repeat).

    For each seed plan whose predecessor is loaded and where both use priorities, the
    confident one-to-one matches are linked, but only when no continues link between the two
    plans exists yet: once a plan manager has started linking by hand, their choices stand.
    Returns the number of links added.
    """
    added = 0
    plans = Plan.objects.filter(slug__in=SEED_SLUGS, predecessor__isnull=False).select_related("predecessor")
    for plan in plans:
        old_plan = plan.predecessor
        if ElementLink.objects.filter(link_type=CONTINUES, plan=plan, target__plan=old_plan).exists():
            continue
        if not (old_plan.elements.filter(kind="priority").exists() and plan.elements.filter(kind="priority").exists()):
            continue
        added += len(lineage_apply_pairs(old_plan=old_plan, new_plan=plan, kind="priority", threshold=threshold))
    return added
