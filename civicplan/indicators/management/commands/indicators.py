"""civicplan indicators load FILE | export [--indicator SLUG] [--out FILE]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load indicator values from a long-format CSV or XLSX (all or nothing), or export them as CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="read a CSV or XLSX in the ONS long format; nothing is saved if a row is bad")
        load.add_argument("file", type=Path)
        load.add_argument("--source", default="", help="who publishes the figures (for new indicators)")
        load.add_argument("--licence", default="")
        load.add_argument("--attribution", default="", help="words to show beside the figures; also publishes them")
        export = sub.add_parser("export", help="write values as CSV in the same format (with the attribution)")
        export.add_argument("--indicator", default="", help="one indicator's slug")
        export.add_argument("--out", type=Path)

    def handle(self, *args, action, **options):
        if action == "load":
            return self._load(**options)
        return self._export(**options)

    def _load(self, *, file, source, licence, attribution, **options):
        from civicplan.indicators.services import LoadError, values_load

        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = values_load(filename=file.name, content=file.read_bytes(), source=source,
                                 licence=licence, attribution=attribution)
        except LoadError as exc:
            shown = exc.problems[:50]
            more = f"\n... and {len(exc.problems) - 50} more" if len(exc.problems) > 50 else ""
            raise CommandError(f"{file.name}: {exc}\n" + "\n".join(shown) + more) from None
        self.stdout.write(
            f"{file.name}: {result.values_added} values added, {result.values_updated} updated; "
            f"{result.indicators_added} new indicators, {result.areas_added} new areas"
        )

    def _export(self, *, indicator, out, **options):
        from civicplan.indicators.models import Indicator
        from civicplan.indicators.selectors import values_csv

        chosen = None
        if indicator:
            chosen = Indicator.objects.filter(slug=indicator).first()
            if chosen is None:
                raise CommandError(f"no indicator with slug {indicator!r}")
        text = values_csv(indicator=chosen)
        if out:
            out.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {text.count(chr(10)) - 1} values to {out}")
        else:
            self.stdout.write(text, ending="")
