"""Server time of benchmarking: the indicator page and the comparison API, beside the sign-in page.

Loads the shipped ONS data (timed: the `setup` step), then adds 52 indicators x 35 areas
(33 London authorities, London, England) x 20 annual periods with 95% intervals, then times the
pages through Django's test client in a new process, as a server would serve them (no network,
no browser), and prints p50/p95. The sign-in page, timed in the same run, is the floor: what
any page costs. Targets: p95 < 50 ms for the benchmarking page and comparison API; load < 10 s.

    .venv/bin/python bench/bench_indicators.py                 # SQLite (var/bench/)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/civicplan_bench_ind .venv/bin/python bench/bench_indicators.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_web import configure, time_page  # noqa: E402

INDICATORS, YEARS = 52, 20


def build() -> float:
    from django.core.management import call_command
    from django.db import connection

    from civicplan.indicators.models import Area, Indicator, Value
    from civicplan.indicators.services import shipped_data_load

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    shipped_data_load()
    load_seconds = time.perf_counter() - started
    areas = list(Area.objects.all())
    rng = random.Random(13)
    values = []
    for n in range(INDICATORS):
        polarity = ("higher", "lower", "neutral")[n % 3]
        indicator = Indicator.objects.create(
            name=f"Bench indicator {n:02d}", slug=f"bench-{n:02d}", unit="%", measure="percentage",
            polarity=polarity, published=True, attribution="Bench data",
        )
        for area in areas:
            base = rng.uniform(20, 80)
            for year in range(2005, 2005 + YEARS):
                v = base + rng.gauss(0, 3) + (year - 2005) * 0.2
                half = rng.uniform(0.5, 4)
                values.append(Value(indicator=indicator, area=area, period=f"{year}-04-01/P1Y",
                                    period_start=dt.date(year, 4, 1), period_end=dt.date(year + 1, 3, 31),
                                    value=v, lci=v - half, uci=v + half))
    Value.objects.bulk_create(values, batch_size=2000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum leaves a settled table: statistics and the visibility map, which lets
            # the scorecard read its covering indexes without visiting the table.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
    return load_seconds


def main() -> None:
    timing = "--time" in sys.argv
    engine = configure(fresh=not timing)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from civicplan.indicators.models import Value

    if not timing:
        started = time.perf_counter()
        load_seconds = build()
        print(f"{engine}: shipped ONS data loaded in {load_seconds:.2f} s (target < 10 s); "
              f"{Value.objects.count()} values in all after {time.perf_counter() - started:.1f} s", flush=True)
        from django.db import connections

        connections.close_all()
        import subprocess

        sys.exit(subprocess.run([sys.executable, __file__, "--time"]).returncode)

    import gc

    gc.collect()
    gc.freeze()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    pages = {
        "sign-in page (floor)": "/sign-in/",
        "benchmarking page": "/indicators/bench-07/?period=2020-04-01/P1Y",
        "benchmarking, inner": "/indicators/bench-07/?group=inner",
        "benchmarking, neighbours": "/indicators/bench-07/?group=neighbours&area=E09000007&k=5"
                                    "&context=bench-01&context=bench-02&context=bench-03",
        "comparison API": "/api/v1/indicators/bench-07/comparison/?period=latest",
        "comparison API, neighbours": "/api/v1/indicators/bench-07/comparison/?group=neighbours&area=E09000007"
                                      "&context=bench-01,bench-02,bench-03",
        "trend + SPC page": "/indicators/bench-07/trend/?area=E09000007",
        "SPC API": "/api/v1/indicators/bench-07/spc/?area=E09000007",
        "scorecard page": "/indicators/areas/E09000007/",
    }
    from bench.bench_web import RUNS

    print(f"{'page':<28}{'p50 ms':>10}{'p95 ms':>10}   (target p95 < 50 ms, {RUNS} runs, {engine})")
    for name, url in pages.items():
        p50, p95 = time_page(client, url)
        print(f"{name:<28}{p50:>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
