"""E-mail notifications: when an update is submitted or reviewed, or a change is requested or
decided, the people it concerns hear of it by e-mail, through the task queue.

The services announce the event after their transaction commits (delivery/signals.py,
governance/signals.py); here it becomes a task, so a slow or failing mail server never holds up
the page, and the worker sends it. Each person chooses which kinds they get.
"""

from __future__ import annotations

import logging

from django.dispatch import receiver

from civicplan.delivery.signals import update_reviewed, update_submitted
from civicplan.governance.signals import change_decided, change_requested

logger = logging.getLogger(__name__)


def _enqueue(kind: str, object_id: int) -> None:
    from .tasks import notification_send_task

    try:
        notification_send_task.enqueue(kind, object_id)
    except Exception:  # the change itself is saved; a notification lost is logged, not a failed page
        logger.exception("Could not queue the %s notification for #%s", kind, object_id)


@receiver(update_submitted)
def _on_update_submitted(sender, update, **kwargs) -> None:
    _enqueue("update_submitted", update.pk)


@receiver(update_reviewed)
def _on_update_reviewed(sender, update, **kwargs) -> None:
    _enqueue("update_reviewed", update.pk)


@receiver(change_requested)
def _on_change_requested(sender, change, **kwargs) -> None:
    _enqueue("change_requested", change.pk)


@receiver(change_decided)
def _on_change_decided(sender, change, **kwargs) -> None:
    _enqueue("change_decided", change.pk)
