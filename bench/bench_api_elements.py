"""The API's element list (/api/v1/plans/<slug>/elements/) on bench_web.py's organisation.

Run `bench/bench_web.py` first: this reads the database it builds (20 plans of 500 elements,
one of 5,000, 50,000 progress updates). Prints p50/p95 in process, beside the sign-in page (the
framework's floor) and beside working out the whole plan's statuses (what every page of the list
once cost): each page warm (the plan's statuses kept by this process) and cold (nothing kept,
as after a write to the plan).

    .venv/bin/python bench/bench_api_elements.py
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_web import RUNS, configure  # noqa: E402

AS_AT = dt.date(2023, 6, 30)


def main() -> None:
    engine = configure(fresh=False)
    from bench.benchenv import django_start, timed

    django_start()
    from django.conf import settings
    from django.test import Client

    from civicplan.plans.models import Plan
    from civicplan.standing.status import forget_all, plan_status

    if not Plan.objects.filter(slug="bench-big").exists():
        sys.exit("Run bench/bench_web.py first (with BENCH_BIG set): this bench reads its database.")
    gc.collect()
    gc.freeze()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()

    def get(url: str):
        def action():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return action

    print(f"{'':<30}{'warm p50/p95':>16}{'cold p50/p95':>16}   (ms in process; {RUNS} runs, {engine}; "
          "cold: nothing kept, as after a write)")
    floor = timed(get("/sign-in/"), runs=RUNS)
    print(f"{'sign-in (floor)':<30}{floor[0]:>8.1f}/{floor[1]:<7.1f}")
    for name, slug in (("seed plan", "lc-shared-ambitions-2022-23"), ("500 elements", "bench-plan-07"),
                       ("5,000 elements", "bench-big")):
        plan = Plan.objects.get(slug=slug)
        whole = timed(lambda: plan_status(plan=plan, as_at=AS_AT), runs=RUNS, before=forget_all)
        print(f"{name + ': whole plan status':<30}{'':>16}{whole[0]:>8.1f}/{whole[1]:<7.1f}")
        base = f"/api/v1/plans/{slug}/elements/?as_at={AS_AT.isoformat()}"
        for label, query in (("page 1", ""), ("page 40", "&page=40&page_size=10"), ("milestones p.3", "&kind=milestone&page=3"),
                             ("rag=red", "&rag=red")):
            warm = timed(get(base + query), runs=RUNS)
            cold = timed(get(base + query), runs=RUNS, before=forget_all)
            print(f"{name + ': ' + label:<30}{warm[0]:>8.1f}/{warm[1]:<7.1f}{cold[0]:>8.1f}/{cold[1]:<7.1f}", flush=True)


if __name__ == "__main__":
    main()
