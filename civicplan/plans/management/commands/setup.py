"""civicplan setup: everything a fresh install needs before serving (safe to repeat)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate the database, collect static files, load the seed plans not yet loaded and the "
        "labelled sample progress history. With --demo-users, make one sign-in account per role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-static", action="store_true", help="skip collecting static files")
        parser.add_argument("--no-sample", action="store_true", help="skip the sample progress history")
        parser.add_argument("--demo-users", action="store_true", help="make manager/officer/viewer accounts")

    def handle(self, *args, no_static, no_sample, demo_users, **options):
        from civicplan.delivery.sample import sample_progress_load

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database migrated")
        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write("static files collected")
        call_command("plan_load", seeds=True, stdout=self.stdout)
        from civicplan.governance.services import governance_seed_load

        added = governance_seed_load()
        self.stdout.write("meetings and decisions: " + ", ".join(f"{n} {what}" for what, n in added.items()))
        from civicplan.lineage.services import lineage_seed_load

        self.stdout.write(f"links between consecutive plans: {lineage_seed_load()} added")
        from civicplan.indicators.services import shipped_data_load

        loaded = shipped_data_load()
        self.stdout.write(f"ONS local statistics: {loaded.values_added} values loaded" if loaded else "ONS local statistics: already loaded")
        if not no_sample:
            added = sample_progress_load()
            self.stdout.write(f"sample progress history: {added} updates added" if added else "sample progress history: already present")
        # Each plan's statuses as they stand today, so the first pages served read them.
        call_command("statuses_rebuild", stdout=self.stdout)
        if demo_users:
            from civicplan.delivery.demo import demo_users_ensure

            path = demo_users_ensure()
            if path.exists():
                self.stdout.write(path.read_text(encoding="utf-8"))
