"""civicplan backup DIR: a consistent copy of the database, uploaded files and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up all data (database, uploaded files) into a new or empty folder DIR, with a "
        "manifest of row counts and checksums. Safe while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, help="a new or empty folder for the backup")

    def handle(self, *args, dir, **options):
        try:
            manifest = backup_create(target=dir)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"backed up {rows} rows in {len(manifest['counts'])} tables and "
            f"{len(manifest['files'])} files ({manifest['engine']}) to {dir}"
        )
