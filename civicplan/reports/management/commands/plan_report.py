"""civicplan report SLUG --kind plan|progress [--as-at DATE] --format docx|pdf|html --out FILE"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from civicplan.plans.models import Plan
from civicplan.reports.models import ReportFormat, ReportKind
from civicplan.reports.services import report_render


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2023-03-31") from None


class Command(BaseCommand):
    help = "Write a committee report for a plan: the plan for approval, or progress as at a date."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the plan's slug, e.g. lc-shared-ambitions-2022-23")
        parser.add_argument("--kind", choices=ReportKind.values, default=ReportKind.PLAN)
        parser.add_argument("--format", dest="fmt", choices=ReportFormat.values, default=None,
                            help="docx, pdf or html (default: from the --out file's extension, else pdf)")
        parser.add_argument("--as-at", dest="as_at", help="progress as at this date, YYYY-MM-DD (default today)")
        parser.add_argument("--since", help="'completed since' this date (default: the previous reporting date)")
        parser.add_argument("--out", help="the file to write (default: SLUG-KIND.FORMAT in this folder; - for stdout)")

    def handle(self, *args, slug, kind, fmt, as_at, since, out, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"no plan with slug {slug!r} (plans: {known})")
        if fmt is None:
            suffix = Path(out).suffix.lstrip(".").lower() if out and out != "-" else ""
            fmt = suffix if suffix in ReportFormat.values else ReportFormat.PDF
        try:
            made = report_render(
                plan=plan, kind=kind, fmt=fmt, as_at=_date(as_at) if as_at else None,
                since=_date(since) if since else None,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if out == "-":
            sys.stdout.buffer.write(made.content)
            return
        path = Path(out or made.filename)
        if path.parent and not path.parent.exists():
            raise CommandError(f"cannot write {path}: folder {path.parent} does not exist")
        try:
            path.write_bytes(made.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        self.stdout.write(f"wrote {path} ({len(made.content):,} bytes, {kind} report, {fmt})")
