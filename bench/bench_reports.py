"""Committee reports for the largest seed plan, both kinds, in all three formats.

Loads the seed plans, the sample progress history and the governance records into a fresh
database, then makes the plan-for-approval report and the progress report of the largest
seed plan (by elements), and of the 2022-23 plan (the one with progress data), as .docx, PDF
and HTML, several times each, printing the median and worst time and the file size.
Target: under 5 s per report on the 2-core machine.

    .venv/bin/python bench/bench_reports.py            # SQLite (var/bench/reports/)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/civicplan_bench .venv/bin/python bench/bench_reports.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGET_SECONDS = 5.0


def configure() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    var = ROOT / "var" / "bench" / "reports"
    os.environ["CIVICPLAN_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    var.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(var / "civicplan.sqlite3") + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = ""
    return "SQLite"


def main() -> int:
    database = configure()
    import django

    django.setup()
    from django.core.management import call_command

    from civicplan.delivery.sample import sample_progress_load
    from civicplan.governance.services import governance_seed_load
    from civicplan.plans.models import Plan
    from civicplan.reports.services import report_render

    call_command("migrate", interactive=False, verbosity=0)
    call_command("plan_load", seeds=True, verbosity=0)
    sample_progress_load()
    governance_seed_load()

    largest = max(Plan.objects.all(), key=lambda p: p.elements.count())
    plans = [(largest, dt.date(2020, 9, 30)), (Plan.objects.get(slug="lc-shared-ambitions-2022-23"), dt.date(2023, 3, 31))]
    report_render(plan=largest, kind="plan", fmt="pdf")  # warm-up: imports and font loading, once per process
    print(f"reports bench on {database}, {RUNS} runs each, {os.cpu_count()} cores; target < {TARGET_SECONDS:.0f} s per report")
    print(f"{'plan':<30} {'elements':>8} {'kind':<9} {'format':<6} {'median s':>9} {'worst s':>8} {'size KB':>8}")
    worst_overall = 0.0
    for plan, as_at in plans:
        count = plan.elements.count()
        for kind in ("plan", "progress"):
            for fmt in ("docx", "pdf", "html"):
                times, size = [], 0
                for _ in range(RUNS):
                    started = time.perf_counter()
                    made = report_render(plan=plan, kind=kind, fmt=fmt, as_at=as_at)
                    times.append(time.perf_counter() - started)
                    size = len(made.content)
                worst_overall = max(worst_overall, max(times))
                print(f"{plan.slug:<30} {count:>8} {kind:<9} {fmt:<6} {statistics.median(times):>9.2f} "
                      f"{max(times):>8.2f} {size / 1024:>8.0f}")
    verdict = "within" if worst_overall < TARGET_SECONDS else "OVER"
    print(f"slowest report: {worst_overall:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
