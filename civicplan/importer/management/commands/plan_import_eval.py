"""civicplan import-eval: how close the importer comes to the reviewed seed plans.

Imports each seed paper (by default the text extractions in plans/seeds/sources/; or the
files named SLUG.EXT in a folder you give) and compares the result with the reviewed plan
file, matching elements by their words, not their ids. Prints precision, recall and F1 per
element kind, date accuracy and link accuracy, for each plan and for all five together.

With --corpus DIR it scores every document in DIR (.pdf, .docx, .md, .txt) against the
hand-checked plan file beside it (NAME.expected.json): recall with the kind right, dates
(start and end right), parents, links and precision, per document and overall.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicplan.core.errors import UserFacingError

MEASURED = ("priority", "output", "milestone", "pledge")


class Command(BaseCommand):
    help = "Score the importer against the reviewed seed plans: precision, recall, F1, dates, links."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path,
                            help="a folder of SLUG.pdf / SLUG.docx / SLUG.txt files (default: the seed papers' text)")
        parser.add_argument("--format", dest="fmt", default="", choices=["", "txt", "md", "docx", "pdf"],
                            help="which files in the folder to read")
        parser.add_argument("--plans", action="store_true", help="also print the table for each plan")
        parser.add_argument("--corpus", type=Path, default=None,
                            help="score every document in this folder against NAME.expected.json beside it")
        parser.add_argument("--all-kinds", action="store_true", help="show every element kind, not only the four measured")

    def handle(self, *args, folder, fmt, plans, all_kinds, corpus=None, **options):
        if corpus is not None:
            return self._corpus(corpus)
        from civicplan.plans.planfiles import formats
        from civicplan.plans.services import SEED_DIR, SEED_SLUGS

        from ...evaluate import Score, compare, format_table
        from ...pipeline import import_file

        folder = folder or SEED_DIR / "sources"
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        total = Score()
        rows = []
        for slug in SEED_SLUGS:
            candidates = [folder / f"{slug}.{ext}" for ext in ([fmt] if fmt else ["txt", "md", "docx", "pdf"])]
            path = next((c for c in candidates if c.exists()), None)
            if path is None:
                raise CommandError(f"{folder}: no file for {slug} ({', '.join(c.name for c in candidates)})")
            try:
                result = import_file(path)
            except UserFacingError as exc:
                raise CommandError(str(exc)) from exc
            score = compare(result.plan, formats.read(SEED_DIR / f"{slug}.yaml"))
            total.add(score)
            rows.append((f"{slug} ({path.suffix[1:]})", score))
        kinds = None if all_kinds else list(MEASURED)
        shown = (rows if plans else []) + [(f"all five plans ({folder})", total)]
        self.stdout.write(format_table(shown, kinds))
        milestones = total.kinds.get("milestone")
        summary = [f"{k} F1 {total.kinds[k].f1:.3f}" for k in MEASURED if k in total.kinds]
        if milestones is not None and milestones.date_accuracy is not None:
            summary.append(f"milestone date accuracy {milestones.date_accuracy:.3f}")
        if total.link_accuracy is not None:
            summary.append(f"link accuracy {total.link_accuracy:.3f}")
        self.stdout.write("; ".join(summary))

    def _corpus(self, folder: Path) -> None:
        import json

        from ...evaluate import CorpusScore, corpus_score, format_corpus_table
        from ...parsers import SUPPORTED
        from ...pipeline import import_file

        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        documents = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED)
        if not documents:
            raise CommandError(f"{folder}: no .pdf, .docx, .md or .txt documents")
        total, rows = CorpusScore(), []
        for path in documents:
            expected = path.with_name(f"{path.stem}.expected.json")
            if not expected.exists():
                raise CommandError(f"{path.name}: no expected plan file {expected.name} beside it")
            try:
                gold = json.loads(expected.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise CommandError(f"{expected.name}: not valid JSON ({exc})") from exc
            try:
                result = import_file(path)
            except UserFacingError as exc:
                raise CommandError(str(exc)) from exc
            score = corpus_score(result.plan, gold)
            total.add(score)
            rows.append((path.name, score))
        rows.append((f"all {len(documents)} documents", total))
        self.stdout.write(format_corpus_table(rows))
