"""Server time of the main pages on a large organisation.

Builds 20 plans with 10,000 elements and 50,000 progress updates (and quarterly reporting
dates, so the dashboard also works out what changed since the last report), then times the
dashboard, plan page, timeline and search through Django's test client in a new process, as a
server would serve them (server time: no network, no browser), and prints p50/p95 per page. Target: p95 under 150 ms. On PostgreSQL the
tables are analysed after loading, as autovacuum would have done on a live database.

    .venv/bin/python bench/bench_web.py                 # SQLite (var/bench/web.sqlite3)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/civicplan_bench .venv/bin/python bench/bench_web.py
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

PLANS, ELEMENTS_PER_PLAN, UPDATES = 20, 500, 50_000
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def configure(*, fresh: bool = True) -> str:
    """Point Django at the bench database; `fresh` empties it first (the build does)."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ["CIVICPLAN_VAR_DIR"] = str(ROOT / "var" / "bench")
    if url and not fresh:
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    if not url and not fresh:
        os.environ["DATABASE_URL"] = ""
        return "SQLite"
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    db = ROOT / "var" / "bench" / "civicplan.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = ""
    return "SQLite"


def build() -> list[str]:
    from django.core.management import call_command
    from django.db import connection

    from civicplan.delivery.models import ProgressUpdate
    from civicplan.governance.models import ReportingDate
    from civicplan.plans.models import Element, Plan
    from tests.factories import synthetic_plan

    call_command("migrate", verbosity=0)
    call_command("plan_load", seeds=True, verbosity=0)
    groups = 5
    milestones = ELEMENTS_PER_PLAN - 2 * groups
    slugs = []
    for n in range(PLANS):
        slug = f"bench-plan-{n:02d}"
        synthetic_plan(slug=slug, milestones=milestones, groups=groups)
        slugs.append(slug)
    element_plans = dict(Element.objects.filter(plan__slug__in=slugs, kind="milestone").values_list("id", "plan_id"))
    element_ids = list(element_plans)
    per_element = UPDATES // len(element_ids) + 1
    updates, day0 = [], dt.date(2022, 1, 31)
    rags = ["not_started", "green", "green", "amber", "red"]
    for i, element_id in enumerate(element_ids):
        for k in range(per_element):
            if len(updates) >= UPDATES:
                break
            updates.append(ProgressUpdate(
                element_id=element_id, plan_id=element_plans[element_id], rag=rags[(i + k) % 5], percent_complete=min(100, 20 * k),
                commentary=f"Update {k} on milestone {i}: partners met and agreed the next steps.",
                as_at=day0 + dt.timedelta(days=30 * k + i % 28), status="approved",
            ))
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    # Plans in delivery report to committee every quarter; the dashboard then also works out
    # what changed since the last report, so the bench must have reporting dates to time that.
    quarter_ends = [dt.date(y, m, d) for y in (2022, 2023, 2024) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    ReportingDate.objects.bulk_create([
        ReportingDate(plan=plan, date=day) for plan in Plan.objects.filter(slug__in=slugs) for day in quarter_ends
    ])
    # A live PostgreSQL has analysed these tables (autovacuum does so within a minute of a bulk
    # load); timing them before that measures plans chosen without statistics, not the pages.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:  # likewise a live SQLite has folded the bulk load's write-ahead log into the database
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
    return slugs


def time_page(client, url: str) -> tuple[float, float]:
    client.get(url)  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    """Build the organisation, then time the pages in a new process, as a server would serve
    them: the builder's heap of 10,000 loaded elements is not part of any live server."""
    timing = "--time" in sys.argv
    engine = configure(fresh=not timing)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from civicplan.delivery.models import ProgressUpdate
    from civicplan.plans.models import Element

    if not timing:
        started = time.perf_counter()
        slugs = build()
        print(f"{engine}: built {len(slugs)} plans, {Element.objects.filter(plan__slug__in=slugs).count()} elements, "
              f"{ProgressUpdate.objects.filter(element__plan__slug__in=slugs).count()} progress updates "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        from django.db import connections

        connections.close_all()
        import subprocess

        sys.exit(subprocess.run([sys.executable, __file__, "--time"]).returncode)

    # As the server does at start-up (config/wsgi.py): what is loaded so far is moved out of the
    # garbage collector's way.
    import gc

    gc.collect()
    gc.freeze()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    slug = "bench-plan-07"
    pages = {
        "dashboard": f"/plans/{slug}/dashboard/?as_at=2023-06-30",
        "plan page": f"/plans/{slug}/?as_at=2023-06-30",
        "plan page (filtered)": f"/plans/{slug}/?kind=milestone&rag=red&as_at=2023-06-30",
        "element page": f"/plans/{slug}/elements/ms-17/",
        "timeline": f"/plans/{slug}/timeline/?as_at=2023-06-30",
        "search": "/search/?q=deliver+milestone+partners",
    }
    print(f"{'page':<22}{'p50 ms':>10}{'p95 ms':>10}   (target p95 < 150 ms, {RUNS} runs, {engine})")
    for name, url in pages.items():
        if client.get(url).status_code == 404:
            print(f"{name:<22}{'n/a':>10}{'n/a':>10}   (page not available)")
            continue
        p50, p95 = time_page(client, url)
        print(f"{name:<22}{p50:>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
