"""The timeline on plans of 50, 500 and 2,000 milestones.

Loads the seed plans and three synthetic plans (dated steps, seasons, open-ended and TBC dates,
key events, an approved update on every second milestone), then times reading the timeline
(`timeline_build`), drawing it (`timeline_svg`), drawing what the page draws when nothing is kept
(the chart and one print drawing per group, from one layout) and the whole page through Django's
test client, and prints p50/p95 with the size of the SVG and the query count. `BENCH_SIZES=50,500,5000`
chooses the plans. Target: p95 under 150 ms for
the page of a 500-milestone plan.

    .venv/bin/python bench/bench_timeline.py                 # SQLite (var/bench/timeline/)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/civicplan_bench_timeline .venv/bin/python bench/bench_timeline.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "50,500,2000").split(","))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
AS_AT = dt.date(2023, 6, 30)


def configure() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    var = ROOT / "var" / "bench" / "timeline"
    os.environ["CIVICPLAN_VAR_DIR"] = str(var)
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    var.mkdir(parents=True, exist_ok=True)
    db = var / "civicplan.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = ""
    return "SQLite"


def build() -> dict[int, str]:
    from django.core.management import call_command
    from django.db import connection

    from civicplan.delivery.models import ProgressUpdate
    from civicplan.plans.models import Element
    from tests.timeline.plans import timeline_plan

    call_command("migrate", verbosity=0)
    call_command("plan_load", seeds=True, verbosity=0)
    slugs = {}
    rags = ["not_started", "green", "amber", "red", "complete"]
    # bulk_create skips save(), which fills in the update's plan where the model keeps one.
    keeps_plan = any(f.name == "plan" for f in ProgressUpdate._meta.fields)
    for size in SIZES:
        plan = timeline_plan(slug=f"bench-timeline-{size}", milestones=size)
        extra = {"plan_id": plan.id} if keeps_plan else {}
        updates = [
            ProgressUpdate(
                element=element,
                rag=rags[i % 5],
                percent_complete=20 * (i % 5),
                as_at=dt.date(2023, 1, 31),
                status="approved",
                **extra,
            )
            for i, element in enumerate(
                Element.objects.filter(plan=plan, kind="milestone").order_by("position")
            )
            if i % 2 == 0
        ]
        ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
        slugs[size] = plan.slug
    # A live PostgreSQL has analysed these tables (autovacuum does so within a minute of a bulk
    # load); timing them before that measures plans chosen without statistics, not the pages.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return slugs


def main() -> None:
    engine = configure()
    from bench.benchenv import django_start, timed

    django_start()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from civicplan.plans.models import Plan
    from civicplan.timeline.build import timeline_build, timeline_layout
    from civicplan.timeline.draw import timeline_svg

    def page_drawings(timeline) -> list[str]:
        """What the page draws when nothing is kept: the chart, and each group alone for print."""
        layout = timeline_layout(timeline)
        return [timeline_svg(timeline, heading=False, layout=layout)] + [
            timeline_svg(dataclasses.replace(timeline, groups=[group]), heading=False, id_prefix=f"print-tl{i + 1}",
                         layout=layout)
            for i, group in enumerate(timeline.groups)
        ]

    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    slugs = build()
    print(
        f"{engine}: built plans of {', '.join(map(str, SIZES))} milestones in {time.perf_counter() - started:.1f} s"
    )
    slugs = {
        "2022 seed (41)": "lc-shared-ambitions-2022-23",
        **{f"{n} milestones": s for n, s in slugs.items()},
    }
    client = Client()
    print(
        f"{'plan':<18}{'build p50/p95':>16}{'svg p50/p95':>16}{'drawn p50/p95':>16}{'page p50/p95':>16}{'svg KB':>8}{'queries':>9}"
        f"   (ms; target page p95 < 150 ms at 500, {RUNS} runs)"
    )
    floor = timed(lambda: client.get("/sign-in/"), runs=RUNS)
    print(f"{'sign-in (floor)':<18}{'':>48}{floor[0]:>8.1f}/{floor[1]:<7.1f}")
    for name, slug in slugs.items():
        plan = Plan.objects.select_related("organisation").get(slug=slug)
        timeline = timeline_build(plan=plan, as_at=AS_AT)
        svg = timeline_svg(timeline)
        url = f"/plans/{slug}/timeline/?as_at={AS_AT.isoformat()}"
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        b = timed(lambda: timeline_build(plan=plan, as_at=AS_AT), runs=RUNS)
        s = timed(lambda: timeline_svg(timeline), runs=RUNS)
        d = timed(lambda: page_drawings(timeline), runs=RUNS)
        p = timed(lambda: client.get(url), runs=RUNS)
        print(
            f"{name:<18}{b[0]:>8.1f}/{b[1]:<7.1f}{s[0]:>8.1f}/{s[1]:<7.1f}{d[0]:>8.1f}/{d[1]:<7.1f}{p[0]:>8.1f}/{p[1]:<7.1f}"
            f"{len(svg) / 1024:>8.0f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
