"""Status honesty (issue 14 part 7): a status set by hand on an element whose parts roll up to
another shows both, on every page, in the report and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.delivery.services import progress_update_submit
from civicplan.plans.models import Element
from civicplan.plans.services import plan_file_load
from civicplan.reports.content import report_build
from civicplan.standing.status import plan_status
from tests.conftest import text_of

NOTE = "Set by hand; its parts roll up to Red"


@pytest.fixture
def hand_set(db):
    plan = plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": "eastfield-delivery-plan", "title": "Eastfield Delivery Plan 2026-27",
                 "kind": "milestones_plan", "status": "in_delivery", "organisation": "Eastfield County Council",
                 "plan_period": {"start": "2026-04-01", "end": "2027-03-31", "text": "2026-27"}},
        "framework": {"levels": [
            {"kind": "objective", "name": "Ambition", "plural": "Ambitions", "parents": []},
            {"kind": "output", "name": "Programme", "plural": "Programmes", "parents": ["objective"]},
            {"kind": "milestone", "name": "Step", "plural": "Steps", "parents": ["output", "milestone"]},
        ]},
        "elements": [
            {"id": "a1", "kind": "objective", "label": "1", "title": "Safer roads for every village"},
            {"id": "p1", "kind": "output", "parent": "a1", "label": "a", "title": "Twenty-mile-an-hour zones",
             "date_text": "2026/27"},
            {"id": "s0", "kind": "milestone", "parent": "p1", "title": "Every village zone in force",
             "date_text": "March 2027"},
            {"id": "s1", "kind": "milestone", "parent": "s0", "title": "Twenty zones signed", "date_text": "March 2027"},
            {"id": "s2", "kind": "milestone", "parent": "s0", "title": "Crossing outside the school", "date_text": "June 2026"},
        ],
    })
    manager = User.objects.create_user("pm", password="pw-pm", first_name="Pat")
    manager.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[Role.PLAN_MANAGER]))
    day = dt.date(2026, 5, 1)
    progress_update_submit(element=Element.objects.get(plan=plan, key="s1"), user=manager, rag="red",
                           percent_complete=10, as_at=day)
    progress_update_submit(element=Element.objects.get(plan=plan, key="s2"), user=manager, rag="green",
                           percent_complete=60, as_at=day)
    progress_update_submit(element=Element.objects.get(plan=plan, key="s0"), user=manager, rag="green",
                           percent_complete=50, commentary="Going well overall.", as_at=day)
    return plan, manager, day


def test_the_status_says_both_where_an_update_overrides_the_roll_up(hand_set):
    plan, _, day = hand_set
    statuses = {s.element.key: s for s in plan_status(plan=plan, as_at=day).values()}
    assert statuses["s0"].rag == "green" and statuses["s0"].parts_rag == "red"
    assert statuses["s0"].set_by_hand_note == "set by hand; its parts roll up to Red"
    assert statuses["s1"].set_by_hand_note == ""  # a step has no parts


def test_every_page_report_and_api_show_the_roll_up_beside_the_hand_set_status(client, hand_set):
    plan, manager, day = hand_set
    query = f"?as_at={day.isoformat()}"
    client.force_login(manager)
    for url in (
        reverse("web:plan-detail", args=[plan.slug]) + query,
        reverse("web:element-detail", args=[plan.slug, "s0"]) + query,
        reverse("timeline:timeline", args=[plan.slug]) + query,
        reverse("public:element", args=[plan.slug, "s0"]) + query,
        reverse("public:plan", args=[plan.slug]) + query,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOTE in text_of(response.content.decode()), url
    # A step's own page shows no such note.
    assert "Set by hand" not in text_of(client.get(reverse("web:element-detail", args=[plan.slug, "s1"]) + query).content.decode())

    report = report_build(plan=plan, kind="progress", as_at=day).text()
    assert "set by hand; its parts roll up to Red" in report

    api = client.get(f"/api/v1/plans/{plan.slug}/elements/?as_at={day.isoformat()}").json()
    rows = {row["key"]: row for row in api["results"]}
    assert rows["s0"]["status"]["rag"] == "green" and rows["s0"]["status"]["parts_rag"] == "red"
    assert rows["s1"]["status"]["parts_rag"] is None
