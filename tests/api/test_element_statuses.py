"""The API's element list gives each element the status the plan page gives it, page by page,
whether or not the server already has the whole plan's statuses, and costs the same number of
queries for a plan of any size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance import services
from civicplan.governance.models import ChangeRequest
from civicplan.organisations.models import Person
from civicplan.plans.models import Element, Plan
from civicplan.standing.status import forget_all, plan_status, remembered_plan_status
from tests.factories import make_user, synthetic_plan

from .conftest import PLAN

pytestmark = pytest.mark.django_db

ELEMENTS = f"/api/v1/plans/{PLAN}/elements/"


def _as_the_plan_page_has_it(plan: Plan, as_at: dt.date) -> dict[str, dict]:
    """Each element's status as the plan page reads it (plan_status, the one rule)."""
    return {
        s.element.key: {
            "rag": s.rag,
            "percent": round(float(s.percent), 1),
            "rolled_up": s.rolled_up,
            "parts_rag": s.parts_rag if s.set_by_hand_note else None,
            "overdue": s.overdue,
            "dropped": s.dropped,
            "added_later": s.added_later,
            "updated_on": s.update.as_at.isoformat() if s.update else None,
        }
        for s in plan_status(plan=plan, as_at=as_at).values()
    }


def _every_page(api, as_at: dt.date, *, cold: bool) -> dict[str, dict]:
    """The whole list, seven elements a page (so pages start part-way down a group); `cold`:
    the server has forgotten the plan's statuses before each page."""
    found: dict[str, dict] = {}
    page = 1
    while True:
        if cold:
            forget_all()
        answer = api.get(ELEMENTS, as_at=as_at.isoformat(), page_size=7, page=page).json()
        for element in answer["results"]:
            found[element["key"]] = {k: element["status"][k] for k in (
                "rag", "percent", "rolled_up", "parts_rag", "overdue", "dropped", "added_later", "updated_on")}
        if answer["next"] is None:
            return found
        page += 1


@pytest.fixture
def changed_plan(officer):
    """The 2022-23 plan with a milestone dropped in February 2023 and an objective's status set
    by hand against what its parts say, on top of the sample history."""
    services.governance_seed_load()  # the plan adopted, as `make run` leaves it
    plan = Plan.objects.get(slug=PLAN)
    manager = make_user(Role.PLAN_MANAGER, "statuses-manager")
    change = services.change_request_submit(
        plan=plan, user=officer, kind="drop", element=Element.objects.get(plan=plan, key="ms-2.5-2"), reason="Merged"
    )
    services.change_request_approve(change=change, user=manager)
    ChangeRequest.objects.filter(pk=change.pk).update(
        decided_at=timezone.make_aware(dt.datetime(2023, 2, 1, 10, 0))
    )
    ProgressUpdate.objects.create(
        element=Element.objects.get(plan=plan, key="obj-2.1"), rag="complete", percent_complete=100,
        as_at=dt.date(2023, 1, 31), status=ProgressUpdate.Status.APPROVED,
    )
    return plan


@pytest.mark.parametrize("as_at", [dt.date(2022, 9, 30), dt.date(2023, 3, 31)])
def test_every_page_of_the_element_list_says_what_the_plan_page_says(anonymous, changed_plan, as_at):
    expected = _as_the_plan_page_has_it(changed_plan, as_at)
    assert any(s["dropped"] for s in expected.values()) == (as_at >= dt.date(2023, 2, 1))
    assert any(s["rolled_up"] for s in expected.values()) and any(s["overdue"] for s in expected.values())
    if as_at >= dt.date(2023, 1, 31):
        assert expected["obj-2.1"]["parts_rag"] is not None, "a status set by hand beside its roll-up"

    forget_all()
    cold = _every_page(anonymous, as_at, cold=True)
    # The last page (milestones) worked out its own elements' statuses, not the whole plan's.
    assert remembered_plan_status(plan=changed_plan, as_at=as_at) is None
    assert cold == expected

    plan_status(plan=changed_plan, as_at=as_at)  # the plan page has been read: the server has it
    assert _every_page(anonymous, as_at, cold=False) == expected


def test_a_status_filter_finds_what_the_statuses_of_the_pages_say(anonymous, changed_plan):
    forget_all()
    red = anonymous.get(ELEMENTS, as_at="2023-03-31", rag="red", page_size=1000).json()["results"]
    expected = [k for k, s in _as_the_plan_page_has_it(changed_plan, dt.date(2023, 3, 31)).items()
                if s["rag"] == "red" and not s["dropped"] and not s["added_later"]]
    assert [e["key"] for e in red] == expected and expected


def _queries(api, url: str, **params) -> int:
    forget_all()  # as after a write: nothing worked out yet
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url, **params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [
    {"page_size": "10"},
    {"page_size": "10", "page": "2"},
    {"kind": "milestone", "page_size": "10"},
    {"rag": "none", "page_size": "10"},
    {"owner": "Owner 1", "page_size": "10"},
    {"group": "obj-1", "page_size": "2", "page": "2"},
])
def test_the_element_list_costs_the_same_queries_for_a_plan_of_any_size(anonymous, params):
    for slug, size in (("small-plan", 20), ("large-plan", 400)):
        plan = synthetic_plan(slug=slug, milestones=size)
        organisation = plan.organisation
        people = [Person.objects.get_or_create(organisation=organisation, name=f"Owner {i}")[0] for i in range(3)]
        for index, element in enumerate(Element.objects.filter(plan=plan).order_by("position")):
            if index % 4 == 0:
                Element.objects.filter(pk=element.pk).update(owner_person=people[index % 3])
    small = _queries(anonymous, "/api/v1/plans/small-plan/elements/", **params)
    large = _queries(anonymous, "/api/v1/plans/large-plan/elements/", **params)
    assert small == large, (small, large)
