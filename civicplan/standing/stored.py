"""Statuses kept in the database as they stand today (models.StoredStatus, ADR 0018).

Written after an update is approved or returned and after a change request is decided (through
the task queue, so the reviewer's page does not wait), and by `civicplan rebuild-statuses` for
every plan; read when a process has no statuses of its own for the plan version and date.
Rows are read with `values_list`, as light tuples: only the elements themselves are model
instances, because every page shows their words.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.signals import update_reviewed
from civicplan.governance.signals import change_decided
from civicplan.plans.models import Element, Plan
from civicplan.plans.versions import plan_version

from .models import StoredStatus

logger = logging.getLogger(__name__)

# The ElementStatus fields kept as they are; the update is kept by its id, and an empty RAG
# ("" in the table) is None in the status.
_KEPT = ("rag", "percent", "rolled_up", "rolled_up_via", "rolled_up_from", "parts_rag", "counted", "dropped",
         "added_later", "pending")
_NULLABLE = ("rag", "parts_rag")


def statuses_store(*, plan: Plan, as_at: dt.date | None = None) -> int:
    """Work the plan's statuses out for today (or `as_at`) and keep them, replacing what was
    kept. The version is read first: a write made meanwhile leaves the rows naming an older
    version, so they are not read as current. Returns how many rows were written."""
    from .status import _plan_status

    as_at = as_at or timezone.localdate()
    with transaction.atomic():
        version = plan_version(plan)
        if version is None:  # the plan was deleted
            return 0
        statuses = _plan_status(plan=plan, as_at=as_at, root=None)
        StoredStatus.objects.filter(plan=plan).delete()
        StoredStatus.objects.bulk_create([
            StoredStatus(
                element_id=element_id, plan=plan, as_at=as_at, plan_version=version,
                update_id=status.update.id if status.update is not None else None,
                **{name: (getattr(status, name) or "") if name in _NULLABLE else getattr(status, name) for name in _KEPT},
            )
            for element_id, status in statuses.items()
        ], batch_size=500)
    return len(statuses)


def stored_statuses(*, plan: Plan, as_at: dt.date, version: int | None = None):
    """The kept statuses as ElementStatus objects, if they were worked out for this date from
    the plan's current version (read now unless given) and cover every element; else None."""
    from .changes import elements_as_they_stood
    from .status import UPDATE_FIELDS, ElementStatus, _attach_relations, is_overdue, plan_contributions

    version = plan_version(plan) if version is None else version
    rows = list(StoredStatus.objects.filter(plan=plan, as_at=as_at, plan_version=version)
                .order_by().values_list("element_id", "update_id", *_KEPT))
    if not rows:
        return None
    elements = list(Element.objects.filter(plan=plan).order_by("position"))
    if len(rows) != len(elements):
        return None
    elements_as_they_stood(elements, plan=plan, as_at=as_at)
    _attach_relations(plan, elements)
    by_element = {row[0]: row for row in rows}
    update_ids = [row[1] for row in rows if row[1] is not None]
    updates = ProgressUpdate.objects.order_by().only(*UPDATE_FIELDS).in_bulk(update_ids) if update_ids else {}
    statuses = {}
    for element in elements:
        row = by_element.get(element.id)
        if row is None:
            return None
        kept = dict(zip(_KEPT, row[2:]))
        for name in _NULLABLE:
            kept[name] = kept[name] or None
        statuses[element.id] = ElementStatus(element=element, update=updates.get(row[1]) if row[1] else None, **kept)
    for element in elements:
        if element.parent_id in statuses:
            statuses[element.parent_id].children.append(statuses[element.id])
    for target_id, source_ids in plan_contributions(plan=plan).items():
        if target_id in statuses:
            statuses[target_id].contributors = [statuses[i] for i in source_ids if i in statuses]
    for status in statuses.values():
        status.overdue = status.in_plan and is_overdue(status.element, status.rag, as_at)
    return statuses


def _store_later(plan_id: int) -> None:
    from .tasks import statuses_store_task

    try:
        statuses_store_task.enqueue(plan_id)
    except Exception:  # the decision itself is saved; the kept statuses are only a speed-up
        logger.exception("Could not queue keeping the statuses of plan #%s", plan_id)


@receiver(update_reviewed)
def _on_update_reviewed(sender, update, **kwargs) -> None:
    _store_later(update.plan_id)


@receiver(change_decided)
def _on_change_decided(sender, change, **kwargs) -> None:
    _store_later(change.plan_id)
