"""civicplan remind: remind owners who have not updated before a reporting date."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Remind owners who have not updated their elements before each reporting date (run daily). "
        "Puts the work on the task queue for `civicplan worker`; --now sends at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-at", dest="as_at", help="the day to act as, YYYY-MM-DD (default today)")
        parser.add_argument("--now", action="store_true", help="send now instead of queueing for the worker")

    def handle(self, *args, as_at, now, **options):
        from civicplan.governance.services import reminders_send
        from civicplan.governance.tasks import reminders_send_task

        try:
            day = dt.date.fromisoformat(as_at) if as_at else timezone.localdate()
        except ValueError:
            raise CommandError(f"{as_at!r} is not a date: write it as YYYY-MM-DD") from None
        if now:
            sent = reminders_send(today=day)
            self.stdout.write(f"{sent.summary()} for {day.isoformat()}")
            for reminder in sent:
                where = reminder.email or "no e-mail address: listed in the app only"
                self.stdout.write(f"  {reminder.person.name} ({where}): {reminder.elements.count()} element(s), "
                                  f"{reminder.overdue_count} overdue")
            if sent.failed:  # a non-zero exit, so a scheduler notices
                raise CommandError(f"{len(sent.failed)} reminder e-mail(s) could not be sent; the next run tries them again")
            return
        result = reminders_send_task.enqueue(day.isoformat())
        self.stdout.write(f"reminders for {day.isoformat()} queued (task {result.id}); `civicplan worker` sends them")
