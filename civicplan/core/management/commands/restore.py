"""civicplan restore DIR: put a backup back into an empty database, then rebuild the search index."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `civicplan backup` into an empty database (checks the manifest's "
        "checksums first), restore uploaded files and rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, help="the backup folder")
        parser.add_argument(
            "--force", action="store_true", help="replace everything in a database that is not empty"
        )

    def handle(self, *args, dir, force, **options):
        try:
            result = backup_restore(source=dir, force=force)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result["counts"].values())
        self.stdout.write(
            f"restored {rows} rows from {dir} (backed up {result['manifest']['created']}); "
            f"search index rebuilt: {result['elements_indexed']} elements"
        )
