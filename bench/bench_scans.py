"""Which queries of a plan's pages read a whole table: EXPLAIN of every query each page makes.

Run after `bench_web.py` has built its database (SQLite, or BENCH_DATABASE_URL): prints, for
each page, the number of queries and every step of a query plan that scans a table rather
than seeking through an index ("SCAN table" on SQLite, "Seq Scan" on PostgreSQL). A page whose
time should not grow with the number of plans must have none on the tables that do.

    .venv/bin/python bench/bench_scans.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_web import configure, first_element  # noqa: E402

# Tables that grow with the organisation's plans; scans of small tables (plans, levels) are fine.
GROWING = ("plans_element", "plans_elementlink", "delivery_progressupdate", "governance_", "search_",
           "plans_historical", "audit_", "indicators_")


def scans(connection, sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            steps = [row[-1] for row in cursor.fetchall()]
            return [s for s in steps if s.startswith("SCAN ") and any(t in s for t in GROWING)]
        cursor.execute("EXPLAIN " + sql, params)
        steps = [row[0].strip() for row in cursor.fetchall()]
        # Tables the planner expects to hold under a thousand rows (empty here) are fine to scan.
        return [s for s in steps if "Seq Scan" in s and any(t in s for t in GROWING)
                and int(re.search(r"rows=(\d+)", s).group(1)) >= 1000]


def main() -> None:
    engine = configure(fresh=False)
    from bench.benchenv import django_start

    django_start()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    slug = "bench-plan-07"
    pages = {
        "home": "/",
        "dashboard": f"/plans/{slug}/dashboard/?as_at=2023-06-30",
        "plan page": f"/plans/{slug}/?as_at=2023-06-30",
        "plan page (filtered)": f"/plans/{slug}/?kind=milestone&rag=red&as_at=2023-06-30",
        "element page": f"/plans/{slug}/elements/{first_element(slug)}/",
        "timeline": f"/plans/{slug}/timeline/?as_at=2023-06-30",
        "public plan": f"/public/plans/{slug}/",
        "search": "/search/?q=milestone",
    }
    print(f"{engine}: queries that scan a growing table, by page")
    for name, url in pages.items():
        captured = []

        def capture(execute, sql, params, many, context):
            start = time.perf_counter()
            result = execute(sql, params, many, context)
            captured.append((sql, params, (time.perf_counter() - start) * 1000))
            return result

        with connection.execute_wrapper(capture):
            status = client.get(url).status_code
        found = []
        for sql, params, _ in captured:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                found += [(step, sql) for step in scans(connection, sql, params)]
        print(f"\n{name}: {status}, {len(captured)} queries, {len(found)} scans")
        for step, sql in found:
            print(f"  {step}\n      {sql[:400]}")
        if "-v" in sys.argv:
            for sql, _, ms in sorted(captured, key=lambda c: -c[2])[:4]:
                print(f"  {ms:6.1f} ms  {sql[:300]}")


if __name__ == "__main__":
    main()
