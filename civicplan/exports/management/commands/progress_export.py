"""civicplan export-progress: every progress update on every plan (or one) as CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.exports.selectors import OPERATOR
from civicplan.exports.writers import progress_csv
from civicplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Write the progress history of every plan (or --plan SLUG) as CSV: one row per update. "
        "--public writes only what the public site shows (published plans, approved updates, public commentary)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="only this plan's updates (its slug)")
        parser.add_argument("--public", action="store_true", help="only what the public may see")
        parser.add_argument("--out", type=Path, help="write to this file instead of standard output")

    def handle(self, *args, plan=None, public=False, out=None, **options):
        chosen = None
        if plan:
            chosen = Plan.objects.filter(slug=plan).first()
            if chosen is None:
                known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or "none"
                raise CommandError(f"no plan with slug {plan!r} (plans: {known})")
        text = progress_csv(user=OPERATOR, plan=chosen, public=public)
        if out is None:
            self.stdout.write(text.lstrip("\ufeff"), ending="")
            return
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".part")
            tmp.write_text(text, encoding="utf-8", newline="")
            tmp.replace(out)
        except OSError as exc:
            raise CommandError(f"{out}: cannot write: {exc.strerror}") from exc
        self.stderr.write(f"wrote {out}")
