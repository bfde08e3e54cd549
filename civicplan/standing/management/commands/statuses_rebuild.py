"""`civicplan rebuild-statuses [--plan SLUG]`: work out and keep every plan's statuses as they
stand today. Run it daily (a status kept for yesterday is not read today) and after loading or
restoring data."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from civicplan.plans.models import Plan
from civicplan.standing.stored import statuses_store


class Command(BaseCommand):
    help = "Work out and keep each plan's delivery statuses as they stand today."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", metavar="SLUG", help="only this plan")

    def handle(self, *args, plan: str | None = None, **options) -> None:
        plans = Plan.objects.order_by("slug")
        if plan:
            plans = plans.filter(slug=plan)
            if not plans.exists():
                raise CommandError(f"no plan with the slug {plan!r}")
        total = 0
        for each in plans:
            total += statuses_store(plan=each)
        self.stdout.write(f"kept the statuses of {total} elements in {len(plans)} plan{'s' if len(plans) != 1 else ''}")
