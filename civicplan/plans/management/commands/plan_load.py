"""civicplan load: store plan files, or the organisation and the seed plans."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from civicplan.core.errors import UserFacingError
from civicplan.plans.services import plan_file_load_path, seeds_load

# A plan file is written out in full; YAML anchors and aliases (&name, *name) may repeat a
# part, but not so that the file stands for more values than any plan has (a "billion laughs").
MAX_YAML_VALUES = 1_000_000
TOO_DEEP = "nested too deeply to be a plan file (a plan file nests a few levels: meta, elements, their fields)"


class _SelfReference(Exception):
    pass


def _yaml_values(node, counted: dict[int, int], open_nodes: set[int]) -> int:
    """How many values a composed YAML node stands for once its aliases are written out."""
    key = id(node)
    if key in counted:
        return counted[key]
    if key in open_nodes:
        raise _SelfReference
    open_nodes.add(key)
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_yaml_values(child, counted, open_nodes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_yaml_values(k, counted, open_nodes) + _yaml_values(v, counted, open_nodes)
                     for k, v in node.value)
    open_nodes.discard(key)
    counted[key] = total
    return total


def _yaml_problem(path: Path) -> str | None:
    """A YAML plan file whose aliases refer to themselves or expand to too much, before it is read.

    Anything else (unreadable, not UTF-8, not YAML) is left to the plan file reader, which says so.
    """
    try:
        text = path.read_text(encoding="utf-8").lstrip("\ufeff \t\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("{") or "*" not in text:  # JSON, or YAML without aliases
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    try:
        values = _yaml_values(node, {}, set())
    except _SelfReference:
        return "a YAML alias (*name) refers to the part it is in, so the file never ends"
    if values > MAX_YAML_VALUES:
        return (f"its YAML aliases (*name) expand to {values:,} values, more than a plan file can hold "
                f"({MAX_YAML_VALUES:,}); write the plan out in full")
    return None


def _known_names() -> set[tuple[str, str]]:
    from civicplan.organisations.models import Body, Organisation

    return ({("organisation", name) for name in Organisation.objects.values_list("name", flat=True)}
            | {("committee", name) for name in Body.objects.values_list("name", flat=True)})


class Command(BaseCommand):
    help = (
        "Load plan files (plan JSON v1 or plan YAML). With --seeds, load the organisation and the "
        "five London Councils plans that are not already present."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="plan files (.json, .yaml)")
        parser.add_argument("--seeds", action="store_true", help="load the seed plans not yet loaded")
        parser.add_argument(
            "--replace", action="store_true",
            help="replace a plan that has the same slug, in place: elements still in the file keep their history",
        )
        parser.add_argument(
            "--discard-history", action="store_true",
            help="with --replace: remove elements the file no longer has even when progress or changes are recorded on them",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="with --replace: say what replacing would do, and change nothing",
        )

    def handle(self, *args, files, seeds, replace, discard_history=False, dry_run=False, **options):
        if (discard_history or dry_run) and not replace:
            raise CommandError("--discard-history and --dry-run go with --replace")
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
                self._load(path, replace=replace, discard_history=discard_history, dry_run=dry_run)
        except UserFacingError as exc:
            raise CommandError(str(exc)) from exc

    def _load(self, path: Path, *, replace: bool, discard_history: bool = False, dry_run: bool = False) -> None:
        """One file, all or nothing: a file that cannot be read saves nothing of it."""
        try:
            problem = _yaml_problem(path)
            if problem:
                raise CommandError(f"{path}: {problem}")
            known = _known_names()
            plan = plan_file_load_path(
                path=path, replace=replace, discard_history=discard_history, dry_run=dry_run,
                announce=lambda lines: self.stdout.write("\n".join(lines)),
            )
        except RecursionError:
            # Raised while reading (or checking) the file, inside the load's transaction, which
            # has rolled back: nothing of this file is saved.
            raise CommandError(f"{path}: {TOO_DEEP}") from None
        if dry_run:
            self.stdout.write(f"{plan.slug}: nothing changed (--dry-run)")
            return
        count = plan.elements.count()
        verb = "replaced from" if getattr(plan, "_replacement", None) else "loaded"
        self.stdout.write(f"{plan.slug}: {verb} {path}, {count} elements")
        # A name the database did not know is added, not refused (a plan of another body); say
        # so, since a misspelt committee would otherwise become a new one unnoticed.
        for what, name in sorted(_known_names() - known):
            self.stdout.write(f"  note: added the {what} {name!r}, which was not known before")
