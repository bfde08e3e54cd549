"""Background work for reports, run by `civicplan worker` from the database queue."""

from __future__ import annotations

from django_tasks import task


@task()
def report_generate_task(record_id: int) -> str:
    from .services import report_generate_run

    return report_generate_run(record_id=record_id).status
