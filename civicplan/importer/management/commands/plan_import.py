"""civicplan import: plan documents (.pdf, .docx, .txt, .md) to draft plans.

With --out the result is written as plan JSON v1 (one file, or one per input into a
folder) and no database is touched; with --save each document is stored as a draft plan,
each in its own transaction so a refused one leaves nothing behind. Several files get a
progress bar and a summary table.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.core.errors import UserFacingError


class Command(BaseCommand):
    help = (
        "Turn plan documents (.pdf, .docx, .txt, .md) into draft plans. --out FILE|FOLDER writes plan "
        "JSON v1 without touching the database; --save stores each as a draft plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="documents to import")
        parser.add_argument("--out", type=Path, help="a .json file (one document) or a folder")
        parser.add_argument("--save", action="store_true", help="store each document as a draft plan")
        parser.add_argument("--organisation", default="", help="the organisation the plans belong to")

    def handle(self, *args, files, out, save, organisation, **options):
        from civicplan.plans.planfiles import formats

        from ...pipeline import import_file

        if len(files) > 1 and out is None and not save:
            raise CommandError("with several files, write them to a folder with --out FOLDER or store them with --save")
        out_is_folder = out is not None and (len(files) > 1 or out.is_dir() or str(out).endswith(("/", "\\")) or not out.suffix)
        if out is not None and out_is_folder:
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(f"{out}: cannot make the folder ({exc.strerror})") from exc
        known, taken = [], set()
        if save:
            from civicplan.organisations.models import Organisation
            from civicplan.plans.models import Plan

            known = list(Organisation.objects.values_list("name", flat=True))
            taken = set(Plan.objects.values_list("slug", flat=True))
        results: list[tuple[Path, str, dict | None]] = []

        def run_one(path: Path):
            from ...parsers import file_type_for

            if path.is_dir():
                raise UserFacingError(f"{path}: is a folder; name the documents in it, e.g. {path / '*.pdf'}")
            if not path.exists():
                raise UserFacingError(f"{path.name}: no such file")
            file_type_for(path.name)
            result = import_file(path, organisation=organisation, known_organisations=known, taken_slugs=taken)
            plan = result.plan
            taken.add(plan["meta"]["slug"])
            outcomes = []
            if save:
                from ...services import import_plan_save

                stored, made = import_plan_save(plan=plan, source=path.name,
                                                sha256=hashlib.sha256(path.read_bytes()).hexdigest())
                plan["meta"]["slug"] = stored.slug
                outcomes.append(f"saved as {stored.slug}" if made else f"already saved as {stored.slug}")
            if out is None and not save:
                self.stdout.write(formats.dumps(plan, "json"), ending="")
                return "written to standard output", plan
            if out is not None:
                target = out / f"{plan['meta']['slug']}.json" if out_is_folder else out
                try:
                    target.write_text(formats.dumps(plan, "json"), encoding="utf-8")
                except OSError as exc:
                    raise UserFacingError(f"{target}: cannot write the plan file ({exc.strerror})") from exc
                outcomes.append(f"written to {target}")
            return " and ".join(outcomes), plan

        if len(files) == 1:
            try:
                outcome, plan = run_one(files[0])
            except UserFacingError as exc:
                raise CommandError(str(exc).splitlines()[0]) from exc
            if out is not None or save:
                self.stdout.write(f"{files[0].name}: {len(plan['elements'])} elements, {outcome}")
            return

        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
        from rich.table import Table

        console = Console(file=getattr(self.stdout, "_out", sys.stdout), width=160)
        errors = 0
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True) as progress:
            task = progress.add_task("importing", total=len(files))
            for path in files:
                progress.update(task, description=f"importing {path.name}")
                try:
                    outcome, plan = run_one(path)
                    results.append((path, outcome, plan))
                except UserFacingError as exc:
                    errors += 1
                    results.append((path, str(exc).splitlines()[0], None))
                progress.advance(task)
        table = Table(title="Imported documents")
        for column in ("file", "title", "elements", "priorities", "outputs", "milestones", "pledges", "result"):
            table.add_column(column, overflow="fold")
        for path, outcome, plan in results:
            if plan is None:
                table.add_row(path.name, "", "", "", "", "", "", f"error: {outcome}")
                continue
            counts = {}
            for element in plan["elements"]:
                counts[element["kind"]] = counts.get(element["kind"], 0) + 1
            table.add_row(path.name, plan["meta"]["title"], str(len(plan["elements"])),
                          str(counts.get("priority", 0)), str(counts.get("output", 0)),
                          str(counts.get("milestone", 0)), str(counts.get("pledge", 0)), outcome)
        console.print(table)
        if errors:
            for path, outcome, plan in results:
                if plan is None:
                    self.stderr.write(outcome)
            raise CommandError(f"{errors} of {len(files)} documents could not be imported")
