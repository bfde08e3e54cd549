"""Search and lineage on a large organisation.

Builds 20 plans of 500 priorities (10,000 elements, plus the seed plans) with words drawn
from a 3,000-word vocabulary at Zipf-like frequencies, then
times `search_elements` for typical queries (one common word matches about 9 in 10 elements),
the /search/ page, re-indexing one plan, `plan_comparison` between two 500-element plans and
the /compare/ page, and prints p50/p95 and the median CPU time of this process beside the
sign-in page (the framework's floor). Target: p95 under 50 ms for search, under 1 s for a
comparison of two whole plans.

BENCH_PLANS=20,200 times the cases at 20 plans, adds plans up to 200 in the same database,
times them again and prints the change: a search for a common word should not slow as plans
are added (ADR 34).

    .venv/bin/python bench/bench_search.py                 # SQLite (var/bench/search/)
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/civicplan_bench_search .venv/bin/python bench/bench_search.py

The PostgreSQL database named there is dropped and created again.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = [int(n) for n in os.environ.get("BENCH_PLANS", "20").split(",")]
ELEMENTS_PER_PLAN = 500
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
WORDS = (
    "housing delivery London boroughs funding fair share skills employment transport freedom pass "
    "taxicard climate change net zero health care social adult children young people education "
    "homelessness welfare reform devolution infrastructure investment resilience safety violence "
    "integration inclusion migration business growth digital innovation technology data "
    "benchmarking performance procurement workforce leadership equality diversity"
).split()


def configure() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    var = ROOT / "var" / "bench" / "search"
    os.environ["CIVICPLAN_VAR_DIR"] = str(var)
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
        return "PostgreSQL"
    for suffix in ("", "-wal", "-shm"):
        Path(str(var / "civicplan.sqlite3") + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = ""
    return "SQLite"


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The plan words above plus 3,000 made-up ones, drawn with Zipf-like frequencies as in
    real prose (a few words everywhere, most words rare)."""
    made_up = ["".join(rng.choice("bcdfghklmnprstvw") + rng.choice("aeiou") for _ in range(3)) for _ in range(3000)]
    words = WORDS + made_up
    return words, [1 / (rank + 1) for rank in range(len(words))]


def plan_data(slug: str, year: int, rng: random.Random, vocab: tuple[list[str], list[float]]) -> dict:
    words, weights = vocab
    elements = []
    for p in range(ELEMENTS_PER_PLAN):
        title = " ".join(rng.choices(words, weights, k=rng.randint(5, 12))).capitalize()
        text = " ".join(rng.choices(words, weights, k=rng.randint(0, 40)))
        elements.append({"id": f"pr-{p}", "kind": "priority", "label": str(p + 1), "title": title, "text": text})
    return {
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": slug, "title": f"Bench plan {year}/{(year + 1) % 100:02d}", "kind": "business_plan",
                 "status": "adopted", "organisation": "London Councils",
                 "plan_period": {"start": f"{year}-04-01", "end": f"{year + 1}-03-31", "text": f"{year}/{(year + 1) % 100:02d}"}},
        "framework": {"levels": [{"kind": "priority", "name": "Priority", "plural": "Priorities", "parents": []}]},
        "elements": elements,
    }


def build() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("plan_load", seeds=True, verbosity=0)


def plans_add(first: int, end: int) -> list[str]:
    """Plans bench-plan-FIRST .. END-1, a year apart, each with its own words, then the
    statistics a live database would have."""
    from django.db import connection

    from civicplan.plans.services import plan_file_load

    rng = random.Random(2024)
    vocab = vocabulary(rng)
    slugs = []
    for n in range(first, end):
        rng = random.Random(n)
        slug = f"bench-plan-{n:03d}"
        plan_file_load(data=plan_data(slug, 2000 + n, rng, vocab))
        slugs.append(slug)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return slugs


def timed(fn) -> tuple[float, float, float, float]:
    """Wall-clock p50 and p95, the median CPU time of this process (steadier on a shared
    machine; on PostgreSQL the server's share is not in it) and the best wall-clock time."""
    fn()  # warm
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], statistics.median(cpu), times[0]


def main() -> None:
    engine = configure()
    from bench.benchenv import django_start

    django_start()
    from django.conf import settings

    from civicplan.plans.models import Element, Plan

    settings.ALLOWED_HOSTS = ["testserver"]
    build()
    slugs: list[str] = []
    results = {}
    for size in SIZES:
        started = time.perf_counter()
        slugs += plans_add(len(slugs), size)
        print(f"\n{engine}: {Element.objects.count()} elements in {Plan.objects.count()} plans, "
              f"built in {time.perf_counter() - started:.1f} s")
        results[size] = time_cases(slugs)
    if len(SIZES) > 1:
        compare(results)


def time_cases(slugs: list[str]) -> dict[str, tuple[float, float, float]]:
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from civicplan.lineage.selectors import plan_comparison
    from civicplan.plans.models import Plan
    from civicplan.search.selectors import search_elements
    from civicplan.search.services import search_index_plan

    client, anonymous = Client(), AnonymousUser()
    old, new = Plan.objects.get(slug=slugs[-2]), Plan.objects.get(slug=slugs[-1])
    cases = {
        "sign-in page (floor)": lambda: client.get("/sign-in/"),
        "search: one word": lambda: search_elements(query="housing", user=anonymous, limit=20),
        "search: three words": lambda: search_elements(query="fair funding London", user=anonymous, limit=20),
        "search: phrase -word": lambda: search_elements(query='"net zero" -transport', user=anonymous, limit=20),
        "search: no match": lambda: search_elements(query="zanzibar", user=anonymous, limit=20),
        "search: word, kind": lambda: search_elements(query="London", user=anonymous, kind="priority", limit=20),
        "search: word, plan": lambda: search_elements(query="housing", user=anonymous, plan=old, limit=20),
        "search page, no words": lambda: client.get("/search/"),  # the form lists every plan
        "search page, one word": lambda: client.get("/search/?q=housing"),
        "search page": lambda: client.get("/search/?q=housing+delivery"),
        "search page, page 5": lambda: client.get("/search/?q=London&page=5"),
        "search page, one plan": lambda: client.get(f"/search/?q=housing&plan={old.slug}"),
        "index one plan (500)": lambda: search_index_plan(plan=new),
        "comparison 500x500": lambda: plan_comparison(new_plan=new, old_plan=old, kind="priority"),
        "compare page 500x500": lambda: client.get(f"/compare/{old.slug}/{new.slug}/"),
        "compare page seeds": lambda: client.get("/compare/lc-business-plan-2019-20/lc-business-plan-2020-21/"),
    }
    found = search_elements(query="housing", user=anonymous)
    print(f"'housing' matches {found.total}{'+' if getattr(found, 'total_is_bound', False) else ''} elements")
    print(f"{'case':<24}{'p50 ms':>10}{'p95 ms':>10}{'cpu p50':>10}{'best ms':>10}   ({RUNS} runs)")
    times = {}
    for name, fn in cases.items():
        times[name] = timed(fn)
        p50, p95, cpu, best = times[name]
        print(f"{name:<24}{p50:>10.1f}{p95:>10.1f}{cpu:>10.1f}{best:>10.1f}", flush=True)
    return times


def compare(results: dict[int, dict[str, tuple[float, float, float, float]]]) -> None:
    """Each case at the first and last sizes and the change (target for search: within 10%)."""
    small, large = min(results), max(results)
    print(f"\n{'case':<24}{f'p95 {small}':>9}{f'p95 {large}':>9}{'change':>8}{f'cpu {small}':>9}{f'cpu {large}':>9}"
          f"{'change':>8}{f'best {small}':>9}{f'best {large}':>9}{'change':>8}   (ms; {small} -> {large} plans)")
    for name, (_, p95, cpu, best) in results[small].items():
        _, q95, qcpu, qbest = results[large][name]
        print(f"{name:<24}{p95:>9.1f}{q95:>9.1f}{(q95 / p95 - 1) * 100:>+7.0f}%{cpu:>9.1f}{qcpu:>9.1f}"
              f"{(qcpu / cpu - 1) * 100:>+7.0f}%{best:>9.1f}{qbest:>9.1f}{(qbest / best - 1) * 100:>+7.0f}%")


if __name__ == "__main__":
    main()
