"""A plan's pages read the same rows in the same number of queries however many other plans
the organisation has, through indexes rather than reads of every plan's rows; the home and
search pages list every plan but never read every element to do so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.plans.models import Element
from tests.factories import make_user, synthetic_plan

pytestmark = pytest.mark.django_db

# Tables that grow with every plan added: no page may read one of them whole.
GROWING = ("plans_element", "plans_elementlink", "delivery_progressupdate")
PAGES = ["/plans/watched/", "/plans/watched/?kind=milestone&rag=red&sub_priority=sp-1", "/plans/watched/dashboard/",
         "/plans/watched/timeline/", "/plans/watched/elements/ms-3/", "/plans/watched/elements/sp-1/",
         "/public/plans/watched/", "/public/plans/watched/elements/ms-3/"]


def _forget() -> None:
    """What a page remembers between requests goes, so each request reads the database."""
    from django.core.cache import cache

    from civicplan.standing.memo import forget_all

    cache.clear()
    forget_all()


def _plan_with_history(slug: str):
    plan = synthetic_plan(slug=slug, milestones=12, groups=2)
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(element=element, plan=plan, rag="green", percent_complete=40, commentary="On track",
                       as_at=dt.date(2023, 1, 31), status="approved")
        for element in Element.objects.filter(plan=plan, kind="milestone")
    ])
    return plan


def _reads(client, url: str) -> tuple[list[int], list[str]]:
    """Rows each query of the page returns, in order, and the steps that scan a growing table."""
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    _forget()
    with connection.execute_wrapper(capture):
        assert client.get(url).status_code == 200
    rows, scans = [], []
    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue  # the session's own writes (its idle timeout), not the page's reads
            cursor.execute(sql, params)
            rows.append(len(cursor.fetchall()))
            scans += [f"{step}: {sql[:200]}" for step in _scans(cursor, sql, params)]
    return rows, scans


def _scans(cursor, sql: str, params) -> list[str]:
    """Steps of the query's plan that read a growing table whole. On PostgreSQL, whose planner
    rightly scans the tiny tables of a test database, sequential scans are priced out first,
    so a scan that remains is one no index can avoid."""
    if connection.vendor == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        steps = [row[-1] for row in cursor.fetchall()]
        return [s for s in steps if s.startswith("SCAN ") and any(f"SCAN {t}" in s for t in GROWING)]
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("EXPLAIN " + sql, params)
    steps = [row[0].strip() for row in cursor.fetchall()]
    cursor.execute("SET LOCAL enable_seqscan = on")
    return [s for s in steps if "Seq Scan" in s and any(f" on {t} " in s + " " for t in GROWING)]


@pytest.mark.parametrize("url", PAGES)
def test_a_plans_pages_read_the_same_rows_however_many_other_plans_there_are(client, url):
    client.force_login(make_user(Role.OFFICER, "scale-officer"))
    _plan_with_history("watched")
    _plan_with_history("other-1")
    one_other, scans = _reads(client, url)
    assert not scans, scans
    _plan_with_history("other-2")
    _plan_with_history("other-3")
    three_others, scans = _reads(client, url)
    assert not scans, scans
    assert three_others == one_other  # as many queries, each returning as many rows


@pytest.mark.parametrize("url", ["/", "/public/", "/search/?q=milestone", "/search/?q=milestone&kind=milestone"])
def test_the_pages_that_list_every_plan_never_read_every_element(client, url):
    client.force_login(make_user(Role.OFFICER, "list-officer"))
    _plan_with_history("watched")
    _plan_with_history("other-1")
    _, scans = _reads(client, url)
    assert not scans, scans
