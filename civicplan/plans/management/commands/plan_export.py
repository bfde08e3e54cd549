"""civicplan export: write a plan as plan JSON v1, plan YAML, CSV or XLSX."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civicplan.plans.models import Plan
from civicplan.plans.planfiles.formats import FORMATS, dumps
from civicplan.plans.selectors import plan_file_build

TABLE_FORMATS = ("csv", "xlsx")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2023-03-31") from None


class Command(BaseCommand):
    help = (
        "Write a plan as plan JSON v1, plan YAML, CSV (one row per element with its status) or XLSX "
        "(a sheet per level and a Progress sheet), to standard output or --out FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the plan's slug, e.g. lc-shared-ambitions-2022-23")
        parser.add_argument("--format", choices=FORMATS + TABLE_FORMATS, default="json")
        parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
        parser.add_argument("--as-at", dest="as_at", help="CSV and XLSX: status as at this date (default today)")

    def handle(self, *args, slug, format, out, as_at=None, **options):
        plan = Plan.objects.select_related("organisation", "body", "predecessor").filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"no plan with slug {slug!r} (plans: {known})")
        if format in TABLE_FORMATS:
            # The command line is run by whoever runs the service: it sees everything, as a plan manager does.
            from civicplan.exports.selectors import OPERATOR
            from civicplan.exports.writers import plan_export

            day = _date(as_at) if as_at else timezone.localdate()
            content = plan_export(plan=plan, fmt=format, as_at=day, user=OPERATOR)
            if format == "xlsx" and out is None:
                raise CommandError("an XLSX file cannot go to standard output: give --out FILE.xlsx")
        else:
            content = dumps(plan_file_build(plan=plan), format).encode("utf-8")
        if out is None:
            self.stdout.write(content.decode("utf-8").lstrip("\ufeff"), ending="")
            return
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(content)
            tmp.replace(out)
        except OSError as exc:
            raise CommandError(f"{out}: cannot write: {exc.strerror}") from exc
        self.stderr.write(f"wrote {out}")
