"""Background work for governance, run by `civicplan worker` from the database queue."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def reminders_send_task(today: str | None = None) -> dict:
    """Send the reminders due on a day (ISO date; today if not given).

    Returns how many were sent and how many could not be e-mailed, with their addresses (the
    task's result, kept in the queue); those are tried again on the next run.
    """
    from .services import reminders_send

    result = reminders_send(today=dt.date.fromisoformat(today) if today else None)
    return {
        "sent": len(result),
        "failed": len(result.failed),
        "failed_recipients": [failure.email for failure in result.failed],
    }
