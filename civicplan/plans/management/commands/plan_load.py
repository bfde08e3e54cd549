"""civicplan load: store plan files, or the organisation and the seed plans."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.core.errors import UserFacingError
from civicplan.plans.services import plan_file_load_path, seeds_load


class Command(BaseCommand):
    help = (
        "Load plan files (plan JSON v1 or plan YAML). With --seeds, load the organisation and the "
        "five London Councils plans that are not already present."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="plan files (.json, .yaml)")
        parser.add_argument("--seeds", action="store_true", help="load the seed plans not yet loaded")
        parser.add_argument(
            "--replace", action="store_true", help="replace a plan that has the same slug"
        )

    def handle(self, *args, files, seeds, replace, **options):
        if not files and not seeds:
            raise CommandError("name one or more plan files, or use --seeds")
        try:
            if seeds:
                for slug, loaded in seeds_load():
                    verb = "loaded" if loaded else "already present"
                    self.stdout.write(f"{slug}: {verb}")
            for path in files:
                if not path.exists():
                    raise CommandError(f"{path}: no such file")
                plan = plan_file_load_path(path=path, replace=replace)
                count = plan.elements.count()
                self.stdout.write(f"{plan.slug}: loaded {count} elements from {path}")
        except UserFacingError as exc:
            raise CommandError(str(exc)) from exc
