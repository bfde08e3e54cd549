"""Where elements sit in their plan: one rule for every service that adds or moves them.

`Element.position` numbers the whole plan in document order and is unique within a plan (a
database constraint). Both databases check uniqueness row by row inside one UPDATE, so rows being
renumbered first move aside, by POSITION_SHIFT, out of the way of every position in use, then
to where they go: no step ever holds two rows on one place. Every change of places takes the
plan's row lock first, so two changes under one parent at once follow each other.
"""

from __future__ import annotations

from django.db.models import F, Max

from .models import Element, Plan

POSITION_SHIFT = 1_000_000_000


def plan_lock(plan: Plan) -> Plan:
    """Take the plan's row lock (PostgreSQL waits here; SQLite's IMMEDIATE transactions already
    hold the write lock). Call inside the transaction that changes the places."""
    return Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)


def positions_move_aside(element_ids: list[int]) -> None:
    """Move these elements' positions out of the way before they are given new ones."""
    for start in range(0, len(element_ids), 500):  # within every database's limit of parameters
        Element.objects.filter(id__in=element_ids[start:start + 500]).update(position=F("position") + POSITION_SHIFT)


def element_slot_open(*, plan: Plan, parent: Element) -> tuple[int, int]:
    """Make room for a new last child of `parent`: returns its (position, order).

    Document order puts it after the parent's last descendant; every element after that moves
    down one place. Call inside the transaction that saves the new element.
    """
    plan_lock(plan)
    parent = Element.objects.get(pk=parent.pk)  # its place as it is now, under the lock
    descendants = {parent.id}
    last_position = parent.position
    for element in Element.objects.filter(plan=plan, position__gt=parent.position).order_by("position").only(
        "id", "parent_id", "position"
    ):
        if element.parent_id in descendants:
            descendants.add(element.id)
            last_position = element.position
        else:
            break
    Element.objects.filter(plan=plan, position__gt=last_position).update(position=F("position") + POSITION_SHIFT)
    Element.objects.filter(plan=plan, position__gte=POSITION_SHIFT).update(
        position=F("position") - POSITION_SHIFT + 1
    )
    siblings = Element.objects.filter(parent=parent)
    order = (siblings.aggregate(m=Max("order"))["m"] or 0) + (1 if siblings.exists() else 0)
    return last_position + 1, order
