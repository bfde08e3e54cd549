"""Benchmark: 30 small writes through the web pages while a 5,000-row progress upload runs.

SQLite lets one writer at a time; a write that waits past the busy timeout (5 s) fails. The
upload used to hold the write lock for the whole of its checking and saving; now it checks
every row first and writes in one short transaction (docs/adr/0022). A probe connection tries
to take the write lock every 5 ms with no wait and records the longest stretch it could not:
how long the upload held the lock. Prints the upload's time, that longest hold, the 30 writes'
answers (a lock error is a 500, or a 503 "busy" page) and their latency p50/p95.
Runs on a fresh SQLite file under var/bench (WAL mode, as installs run). Asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = ""
VAR = ROOT / "var" / "bench-contention"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ["CIVICPLAN_VAR_DIR"] = str(VAR)

ROWS = 5000
WRITES = 30


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from civicplan.core.permissions import Role
    from civicplan.exports.services import progress_upload_apply
    from tests.factories import make_user, synthetic_plan

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    plan = synthetic_plan(slug="contention", milestones=ROWS + WRITES)
    manager = make_user(Role.PLAN_MANAGER, "bench-manager")
    keys = list(plan.elements.filter(kind="milestone").order_by("id").values_list("key", flat=True))
    upload_keys, write_keys = keys[:ROWS], keys[ROWS:ROWS + WRITES]
    as_at = dt.date(2024, 1, 31).isoformat()
    content = ("element,rag,percent,commentary,as_at\n" + "".join(
        f"{key},Green,{i % 100},Row {i} of the bench upload,{as_at}\n" for i, key in enumerate(upload_keys)
    )).encode()
    connection.close()
    database = settings.DATABASES["default"]["NAME"]

    stop = threading.Event()
    longest = [0.0]

    def probe():
        conn = sqlite3.connect(database, isolation_level=None, timeout=0)
        blocked_since = None
        while not stop.is_set():
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                if blocked_since is not None:
                    longest[0] = max(longest[0], time.perf_counter() - blocked_since)
                blocked_since = None
            except sqlite3.OperationalError:
                blocked_since = blocked_since or time.perf_counter()
            time.sleep(0.005)
        conn.close()

    upload_time, write_time = [0.0], [0.0]
    from civicplan.exports import services as upload_services

    if hasattr(upload_services, "_write"):  # the upload's own write transaction, timed
        unwrapped = upload_services._write

        def timed_write(**kwargs):
            started = time.perf_counter()
            unwrapped(**kwargs)
            write_time[0] = time.perf_counter() - started

        upload_services._write = timed_write

    def upload():
        started = time.perf_counter()
        from civicplan.plans.models import Plan

        progress_upload_apply(plan=Plan.objects.get(slug="contention"), user=manager, filename="bench.csv",
                              content=content)
        upload_time[0] = time.perf_counter() - started
        connection.close()

    answers, latencies = [], []

    clients = {}
    for key in write_keys:  # signed in before the upload starts: signing in writes a session
        clients[key] = Client()
        clients[key].force_login(manager)
    connection.close()

    def write(key: str):
        client = clients[key]
        started = time.perf_counter()
        try:
            response = client.post(f"/plans/contention/elements/{key}/update/",
                                   {"rag": "amber", "percent_complete": "30", "as_at": as_at})
            answers.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - the test client raises a view's 500
            answers.append(type(exc).__name__)
        latencies.append(time.perf_counter() - started)
        connection.close()

    probing = threading.Thread(target=probe)
    probing.start()
    uploading = threading.Thread(target=upload)
    uploading.start()
    writers = []
    for key in write_keys:  # one new write every 0.2 s while the upload runs
        time.sleep(0.2)
        writers.append(threading.Thread(target=write, args=(key,)))
        writers[-1].start()
    for thread in [uploading, *writers]:
        thread.join()
    stop.set()
    probing.join()

    from civicplan.delivery.models import ProgressUpdate

    saved = ProgressUpdate.objects.filter(element__plan__slug="contention", element__key__in=write_keys).count()
    errors = [a for a in answers if a not in (200, 302)]
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"upload of {ROWS:,} rows: {upload_time[0]:.2f} s; longest write-lock hold seen: {longest[0]:.2f} s"
          + (f"; its write transaction: {write_time[0]:.2f} s" if write_time[0] else ""))
    print(f"{WRITES} small writes during it: {saved} saved, {len(errors)} lock errors "
          f"({', '.join(map(str, errors)) or 'none'}); "
          f"latency p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
