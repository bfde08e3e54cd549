"""Places in a plan stay one element each (issue 15, defect 4): approving several additions under
one parent at once, or moving elements in the admin, never puts two elements on one place."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from civicplan.core.permissions import Role
from civicplan.governance.models import ChangeRequest
from civicplan.governance.services import baseline_freeze, change_request_approve, change_request_submit
from civicplan.plans.models import Element, Plan
from civicplan.plans.services import plan_document_order_renumber, plan_file_load
from tests.factories import make_user

ALL_APPS = [app.name for app in apps.get_app_configs()]


def _plan() -> Plan:
    plan = plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": "kingsmere-plan", "title": "Kingsmere Council Plan", "kind": "milestones_plan",
                 "status": "in_delivery", "organisation": "Kingsmere Town Council"},
        "framework": {"levels": [
            {"kind": "objective", "name": "Priority", "plural": "Priorities", "parents": []},
            {"kind": "milestone", "name": "Action", "plural": "Actions", "parents": ["objective"]},
        ]},
        "elements": [
            {"id": "p1", "kind": "objective", "label": "1", "title": "Homes people can afford"},
            {"id": "a1", "kind": "milestone", "parent": "p1", "title": "Housing needs survey", "date_text": "May 2026"},
            {"id": "a2", "kind": "milestone", "parent": "p1", "title": "Site allocations", "date_text": "Q3 2026"},
            {"id": "p2", "kind": "objective", "label": "2", "title": "A greener town"},
            {"id": "a3", "kind": "milestone", "parent": "p2", "title": "Tree strategy", "date_text": "2026/27"},
        ],
    })
    baseline_freeze(plan=plan, adopted_on=dt.date(2026, 4, 1))
    return plan


def _assert_one_element_per_place(plan: Plan) -> list[Element]:
    elements = list(Element.objects.filter(plan=plan).order_by("position"))
    assert [e.position for e in elements] == list(range(len(elements)))
    return elements


@pytest.mark.django_db(transaction=True, available_apps=ALL_APPS)
def test_six_additions_under_one_parent_approved_at_once_each_get_their_own_place():
    plan = _plan()
    officer = make_user(Role.PLAN_MANAGER, "kingsmere-officer")
    manager = make_user(Role.PLAN_MANAGER, "kingsmere-manager")
    parent = Element.objects.get(plan=plan, key="p1")
    changes = [
        change_request_submit(plan=plan, user=officer, kind=ChangeRequest.Kind.ADD, parent=parent,
                              title=f"New action {n}", date_text="March 2027", reason="Cabinet asked for it")
        for n in range(6)
    ]
    start = threading.Barrier(len(changes))
    errors = []

    def approve(change):
        try:
            start.wait()
            change_request_approve(change=ChangeRequest.objects.get(pk=change.pk), user=manager)
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(change,)) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert ChangeRequest.objects.filter(plan=plan, status=ChangeRequest.Status.APPROVED).count() == 6
    elements = _assert_one_element_per_place(plan)
    titles = [e.title for e in elements]
    # All six sit under the first priority, after its actions and before the second priority.
    added = titles[titles.index("Site allocations") + 1:titles.index("A greener town")]
    assert sorted(added) == [f"New action {n}" for n in range(6)]
    assert {e.parent.key for e in elements if e.title.startswith("New action")} == {"p1"}


@pytest.mark.django_db
def test_the_database_refuses_two_elements_on_one_place():
    plan = _plan()
    first = Element.objects.get(plan=plan, key="a1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Element.objects.filter(plan=plan, key="a2").update(position=first.position)


@pytest.mark.django_db
def test_moving_an_element_renumbers_the_plan_without_sharing_a_place():
    plan = _plan()
    Element.objects.filter(plan=plan, key="a3").update(parent=Element.objects.get(plan=plan, key="p1"), order=0)
    Element.objects.filter(plan=plan, key__in=["a1", "a2"]).update(order=5)
    moved = plan_document_order_renumber(plan=plan)
    assert moved > 0
    keys = [e.key for e in _assert_one_element_per_place(plan)]
    assert keys == ["p1", "a3", "a1", "a2", "p2"]
