"""Two plan managers editing one plan at the same moment: the plan row lock makes their writes
take turns, so every insert lands and positions stay unique and in document order."""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection

from civicplan.core.permissions import Role
from civicplan.plans.models import Element
from civicplan.plans.services import element_insert, element_move
from tests.factories import make_user

from .editor_fixtures import council_plan, positions


# Real transactions, so the writes really race; all apps listed so PostgreSQL's flush cascades.
@pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])
def test_four_editors_at_once_all_land_with_unique_positions():
    plan = council_plan(slug="eastbrook-race")
    manager = make_user(Role.PLAN_MANAGER, "racing-manager")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX editor_race_position ON plans_element (plan_id, position) WHERE plan_id = {plan.id}")
    try:
        start = threading.Barrier(4)
        errors = []

        def edit(number: int):
            try:
                start.wait()
                if number % 2:
                    element_insert(plan=plan, user=manager, kind="milestone", title=f"Added {number}",
                                   parent=Element.objects.get(plan=plan, key="o1"))
                else:
                    added = element_insert(plan=plan, user=manager, kind="milestone", title=f"Added {number}",
                                           after=Element.objects.get(plan=plan, key="m1"))
                    element_move(element=added, user=manager, direction="up")  # m1 is always before it
            except Exception as exc:  # noqa: BLE001 - the test reports every failure
                errors.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        rows = positions(plan)
        assert len(rows) == 10
        assert [p for _, p, _ in rows] == list(range(10))
        assert {title for title in plan.elements.filter(title__startswith="Added").values_list("title", flat=True)} == {
            "Added 0", "Added 1", "Added 2", "Added 3"}
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX editor_race_position")
