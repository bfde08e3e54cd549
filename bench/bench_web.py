"""Server time of the main pages on a large organisation.

Builds 20 plans with 10,000 elements and 50,000 progress updates (and quarterly reporting
dates, so the dashboard also works out what changed since the last report), then times the
dashboard, plan page, timeline and search through Django's test client in a new process, as a
server would serve them (server time: no network, no browser), and prints p50/p95 per page. Target: p95 under 150 ms. On PostgreSQL the
tables are vacuumed and analysed after loading, as autovacuum would have done on a live database.

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

# BENCH_PLANS=200 builds the 200-plan organisation; BENCH_PLANS=20,200 times the pages at 20
# plans, adds plans up to 200 in the same database, times them again and prints the change (a
# plan's pages should not slow as other plans are added). BIG is the 5,000-element plan.
SIZES = [int(n) for n in os.environ.get("BENCH_PLANS", "20").split(",")]
PLANS = SIZES[0]
# Every plan gets the same history (about five approved updates per milestone), so a plan's
# pages read the same rows whatever the number of plans around it.
ELEMENTS_PER_PLAN, UPDATES_PER_PLAN = 500, 2_500
BIG = int(os.environ.get("BENCH_BIG", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))  # per page through gunicorn
PORT = int(os.environ.get("BENCH_PORT", "8190"))


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

    call_command("migrate", verbosity=0)
    call_command("plan_load", seeds=True, verbosity=0)
    slugs = plans_add(0, PLANS)
    if BIG:  # the 5,000-element plan
        slugs += plans_add(0, 0, big=True)
    return slugs


def plans_add(first: int, end: int, *, big: bool = False) -> list[str]:
    """Plans bench-plan-FIRST .. END-1 (or the 5,000-element plan), each with its own approved
    history and quarterly reporting dates, then the statistics a live database would have."""
    from django.db import connection

    from civicplan.delivery.models import ProgressUpdate
    from civicplan.governance.models import ReportingDate
    from civicplan.plans.models import Element, Plan
    from tests.factories import synthetic_plan

    groups = 5
    slugs = ["bench-big"] if big else [f"bench-plan-{n:02d}" for n in range(first, end)]
    for slug in slugs:
        size = BIG if big else ELEMENTS_PER_PLAN
        synthetic_plan(slug=slug, milestones=size - 2 * groups, groups=groups)
    element_plans = dict(Element.objects.filter(plan__slug__in=slugs, kind="milestone").values_list("id", "plan_id"))
    per_element = UPDATES_PER_PLAN // (ELEMENTS_PER_PLAN - 2 * groups) + 1
    updates, day0 = [], dt.date(2022, 1, 31)
    rags = ["not_started", "green", "green", "amber", "red"]
    for i, (element_id, plan_id) in enumerate(element_plans.items()):
        for k in range(per_element):
            updates.append(ProgressUpdate(
                element_id=element_id, plan_id=plan_id, rag=rags[(i + k) % 5], percent_complete=min(100, 20 * k),
                commentary=f"Update {k} on milestone {i}: partners met and agreed the next steps.",
                as_at=day0 + dt.timedelta(days=30 * k + i % 28), status="approved",
            ))
            if len(updates) >= 20_000:
                ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
                updates = []
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    # Plans in delivery report to committee every quarter; the dashboard then also works out
    # what changed since the last report, so the bench must have reporting dates to time that.
    quarter_ends = [dt.date(y, m, d) for y in (2022, 2023, 2024) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    ReportingDate.objects.bulk_create([
        ReportingDate(plan=plan, date=day) for plan in Plan.objects.filter(slug__in=slugs) for day in quarter_ends
    ])
    # A live PostgreSQL has vacuumed and analysed these tables (autovacuum does both within a
    # minute of a bulk load, inserts included since PostgreSQL 13); timing them before that
    # measures plans chosen without statistics and index-only scans that still visit every row.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:  # likewise a live SQLite has folded the bulk load's write-ahead log into the database
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
    return slugs


def gunicorn_run(pages: dict[str, str]) -> None:
    """Serve the bench database through a real gunicorn on localhost and load each page with
    REQUESTS requests from two client threads (a bounded run); print requests per second and
    p50/p99 beside the sign-in page, the framework's floor, measured in the same run."""
    import concurrent.futures
    import http.client
    import subprocess
    import urllib.request

    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    workers = os.environ.get("BENCH_WORKERS", "2")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", workers, "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/sign-in/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        def one(path: str) -> float:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            assert response.status == 200, (path, response.status)
            return (time.perf_counter() - start) * 1000

        print(f"{'page (gunicorn)':<26}{'req/s':>8}{'x floor':>9}{'p50 ms':>9}{'p99 ms':>9}"
              f"   ({REQUESTS} requests, 2 clients, {workers} workers; target >= 0.33 x floor, p99 < 100 ms)")
        floor = None
        for name, url in {"sign-in (floor)": "/sign-in/", **pages}.items():
            for _ in range(5):
                one(url)  # warm every worker
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                start = time.perf_counter()
                times = sorted(pool.map(one, [url] * REQUESTS))
                rps = REQUESTS / (time.perf_counter() - start)
            floor = floor or rps
            print(f"{name:<26}{rps:>8.0f}{rps / floor:>9.2f}{statistics.median(times):>9.1f}"
                  f"{times[int(0.99 * (len(times) - 1))]:>9.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_page(client, url: str) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the p50 of this process's CPU time: on a shared machine
    the CPU time barely moves with other work, so it shows a change the wall clock hides (on
    PostgreSQL the server's share of the work is not in it)."""
    client.get(url)  # warm
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], statistics.median(cpu)


def main() -> None:
    """Build the organisation, then time the pages in a new process, as a server would serve
    them: the builder's heap of 10,000 loaded elements is not part of any live server."""
    timing = "--time" in sys.argv
    engine = configure(fresh=not timing)
    from bench.benchenv import django_start

    django_start()
    from django.conf import settings
    from django.test import Client

    from civicplan.delivery.models import ProgressUpdate
    from civicplan.plans.models import Element

    if not timing:
        import json
        import subprocess

        from django.db import connections

        started = time.perf_counter()
        slugs = build()
        results_file = ROOT / "var" / "bench" / "web-times.json"
        results = {}
        for size in SIZES:
            if size > PLANS:
                started = time.perf_counter()
                slugs += plans_add(len([s for s in slugs if s != "bench-big"]), size)
            print(f"{engine}: {len(slugs)} plans, {Element.objects.filter(plan__slug__in=slugs).count()} elements, "
                  f"{ProgressUpdate.objects.filter(plan__slug__in=slugs).count()} progress updates "
                  f"(built in {time.perf_counter() - started:.1f} s)", flush=True)
            connections.close_all()
            results_file.unlink(missing_ok=True)
            done = subprocess.run([sys.executable, __file__, "--time", str(size), str(results_file), *sys.argv[1:]])
            if done.returncode:
                sys.exit(done.returncode)
            results[size] = json.loads(results_file.read_text())
        if len(SIZES) > 1:
            compare(results)
        return

    # As the server does at start-up (config/wsgi.py): what is loaded so far is moved out of the
    # garbage collector's way.
    import gc

    gc.collect()
    gc.freeze()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    slug = "bench-plan-07"
    seed = "lc-shared-ambitions-2022-23"
    seed_pages = {
        "seed plan page": f"/plans/{seed}/",
        "seed dashboard": f"/plans/{seed}/dashboard/",
        "seed timeline": f"/plans/{seed}/timeline/",
        "seed element page": f"/plans/{seed}/elements/{first_element(seed)}/",
        "seed public plan": f"/public/plans/{seed}/",
    }
    pages = {
        "sign-in (floor)": "/sign-in/",
        **seed_pages,
        "dashboard": f"/plans/{slug}/dashboard/?as_at=2023-06-30",
        "plan page": f"/plans/{slug}/?as_at=2023-06-30",
        "plan page (filtered)": f"/plans/{slug}/?kind=milestone&rag=red&as_at=2023-06-30",
        "element page": f"/plans/{slug}/elements/ms-17/",
        "timeline": f"/plans/{slug}/timeline/?as_at=2023-06-30",
        "search": "/search/?q=deliver+milestone+partners",
        "seed API elements": f"/api/v1/plans/{seed}/elements/",
        "API elements": f"/api/v1/plans/{slug}/elements/?as_at=2023-06-30",
        "search (common word)": "/search/?q=milestone",
        "home": "/",
    }
    if BIG:
        pages.update({
            "5,000: plan page": "/plans/bench-big/?as_at=2023-06-30",
            "5,000: dashboard": "/plans/bench-big/dashboard/?as_at=2023-06-30",
            "5,000: public plan": "/public/plans/bench-big/",
            "5,000: timeline": "/plans/bench-big/timeline/?as_at=2023-06-30",
            "5,000: API elements": "/api/v1/plans/bench-big/elements/?as_at=2023-06-30",
            "5,000: API page 40": "/api/v1/plans/bench-big/elements/?as_at=2023-06-30&page=40",
            "5,000: API red": "/api/v1/plans/bench-big/elements/?as_at=2023-06-30&rag=red",
        })
    plans = int(sys.argv[sys.argv.index("--time") + 1])
    times = {}
    print(f"{'page':<22}{'p50 ms':>10}{'p95 ms':>10}{'cpu p50':>10}   (in process; {plans} plans; target p95 < 150 ms, "
          f"5,000 elements < 100 ms, timeline < 200 ms; {RUNS} runs, {engine})")
    for name, url in pages.items():
        if client.get(url).status_code == 404:
            print(f"{name:<22}{'n/a':>10}{'n/a':>10}   (page not available)")
            continue
        p50, p95, cpu = time_page(client, url)
        times[name] = (p50, p95, cpu)
        print(f"{name:<22}{p50:>10.1f}{p95:>10.1f}{cpu:>10.1f}", flush=True)
    import json

    Path(sys.argv[sys.argv.index("--time") + 2]).write_text(json.dumps(times))
    if "--gunicorn" in sys.argv:
        from django.db import connections

        connections.close_all()
        gunicorn_run(seed_pages)


def compare(results: dict[int, dict[str, tuple[float, float, float]]]) -> None:
    """Each page's times at the first and last sizes and the change: a plan's pages should stay
    within 10% as other plans are added (the home and search pages list every plan, so grow)."""
    small, large = min(results), max(results)
    print(f"\n{'page':<22}{f'p50 {small}':>9}{f'p50 {large}':>9}{'change':>8}{f'p95 {small}':>9}{f'p95 {large}':>9}"
          f"{'change':>8}{f'cpu {small}':>9}{f'cpu {large}':>9}{'change':>8}"
          f"   (ms in process; {small} -> {large} plans; target: plan pages within 10%)")
    for name, (p50, p95, cpu) in results[small].items():
        if name not in results[large]:
            continue
        q50, q95, qcpu = results[large][name]
        print(f"{name:<22}{p50:>9.1f}{q50:>9.1f}{(q50 / p50 - 1) * 100:>+7.0f}%{p95:>9.1f}{q95:>9.1f}"
              f"{(q95 / p95 - 1) * 100:>+7.0f}%{cpu:>9.1f}{qcpu:>9.1f}{(qcpu / cpu - 1) * 100:>+7.0f}%")


def first_element(slug: str) -> str:
    """A tracked element of the plan (an element page a reader would open)."""
    from civicplan.plans.models import Element

    element = Element.objects.filter(plan__slug=slug).exclude(kind__in=["objective", "priority"]).order_by("position").first()
    return (element or Element.objects.filter(plan__slug=slug).order_by("position").first()).key

if __name__ == "__main__":
    main()
