"""Background work for governance, run by `civicplan worker` from the database queue."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def reminders_send_task(today: str | None = None) -> int:
    """Send the reminders due on a day (ISO date; today if not given); returns how many."""
    from .services import reminders_send

    return len(reminders_send(today=dt.date.fromisoformat(today) if today else None))
