"""civicplan upload-progress: read a CSV or XLSX of progress updates into one plan, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from civicplan.exports.services import UploadRejected, progress_upload_apply
from civicplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Upload progress updates for a plan from a CSV or XLSX file, as a named user (whose permissions "
        "apply: officers update only the elements they own; a plan manager's updates are approved at once). "
        "Every row is checked; if any has a problem, each is listed and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the plan's slug, e.g. lc-shared-ambitions-2022-23")
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file, one update per row")
        parser.add_argument("--user", required=True, help="the username the updates are submitted as")
        parser.add_argument("--check", action="store_true", help="check the file and save nothing")

    def handle(self, *args, slug, file, user, check=False, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"no plan with slug {slug!r} (plans: {known})")
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user called {user!r}")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        try:
            result = progress_upload_apply(plan=plan, user=account, filename=file.name, content=content, check_only=check)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except UploadRejected as exc:
            lines = [f"{file}: nothing saved; {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}:"]
            lines += [f"  {problem}" for problem in exc.problems]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(result.summary())
