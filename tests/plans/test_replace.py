"""Replacing a plan from a file keeps its history (issue 15, defect 1): `load --replace` once
deleted the plan and its 6,011 progress updates; now it updates the plan in place."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.governance.models import Baseline, ChangeRequest
from civicplan.governance.services import baseline_freeze, change_request_submit
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.services import plan_file_load
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PLAN = {
    "format": "civicplan-plan", "version": 1,
    "meta": {"slug": "ashcombe-plan-2026", "title": "Ashcombe City Plan 2026-28", "kind": "milestones_plan",
             "status": "in_delivery", "organisation": "Ashcombe City Council",
             "plan_period": {"start": "2026-04-01", "end": "2028-03-31", "text": "2026-28"}},
    "framework": {"levels": [
        {"kind": "objective", "name": "Mission", "plural": "Missions", "parents": []},
        {"kind": "milestone", "name": "Deliverable", "plural": "Deliverables", "parents": ["objective"]},
    ]},
    "elements": [
        {"id": "o1", "kind": "objective", "label": "1", "title": "A fairer city"},
        {"id": "m1", "kind": "milestone", "parent": "o1", "label": "a", "title": "Living wage accreditation",
         "date_text": "September 2026"},
        {"id": "m2", "kind": "milestone", "parent": "o1", "label": "b", "title": "Food bank network review",
         "date_text": "Q4 2026/27"},
        {"id": "m3", "kind": "milestone", "parent": "o1", "label": "c", "title": "Poverty truth commission",
         "date_text": "TBC"},
        {"id": "o2", "kind": "objective", "label": "2", "title": "A cleaner city"},
        {"id": "m5", "kind": "milestone", "parent": "o2", "label": "a", "title": "Clean air zone consultation",
         "date_text": "Spring 2027"},
    ],
}


@pytest.fixture
def ashcombe(tmp_path):
    plan = plan_file_load(data=copy.deepcopy(PLAN))
    manager = make_user(Role.PLAN_MANAGER, "ashcombe-manager")
    baseline_freeze(plan=plan, adopted_on=dt.date(2026, 4, 1))
    m1 = Element.objects.get(plan=plan, key="m1")
    for n, day in enumerate((dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1))):
        progress_update_submit(element=m1, user=manager, rag="green", percent_complete=10 * (n + 1), as_at=day)
    m2 = Element.objects.get(plan=plan, key="m2")
    change_request_submit(plan=plan, user=manager, kind="redate", element=m2, date_text="Q1 2027/28",
                          reason="Partners asked for more time")
    # A later plan carries m1 on (a link from another plan, made in the app).
    later = plan_file_load(data={**copy.deepcopy(PLAN), "meta": {**PLAN["meta"], "slug": "ashcombe-plan-2028",
                                                                  "status": "draft"},
                                 "elements": [{"id": "n1", "kind": "objective", "title": "A fairer city"}]})
    ElementLink.objects.create(source=Element.objects.get(plan=later, key="n1"), link_type="continues",
                               target=m1, target_ref=f"{plan.slug}#m1")

    def write(data) -> str:
        path = tmp_path / f"plan-{len(list(tmp_path.iterdir()))}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    return plan, write


def _edited() -> dict:
    data = copy.deepcopy(PLAN)
    elements = data["elements"]
    elements[1]["title"] = "Living wage accreditation for the council and its contractors"
    elements[1]["date_text"] = "December 2026"
    elements[2]["id"] = "fairer-b"  # re-keyed: found by its place (1 > b)
    del elements[3]  # m3: nothing recorded on it
    elements.insert(3, {"id": "m4", "kind": "milestone", "parent": "o1", "label": "d",
                        "title": "Citizens' panel on the cost of living", "date_text": "Autumn 2026"})
    return data


def test_replace_keeps_progress_change_requests_baseline_and_links_of_the_elements_still_there(ashcombe):
    plan, write = ashcombe
    m1, m2 = Element.objects.get(plan=plan, key="m1"), Element.objects.get(plan=plan, key="m2")
    out = io.StringIO()
    call_command("plan_load", write(_edited()), replace=True, stdout=out)
    text = out.getvalue()
    assert "ashcombe-plan-2026: replacing in place: 5 elements kept (1 found by their place in the plan, not their id), 1 added, 1 removed" in text
    assert "history kept: 3 progress updates, 1 change request" in text
    assert text.index("replacing in place") < text.index("replaced from")  # said before it is done

    plan_after = Plan.objects.get(slug="ashcombe-plan-2026")
    assert plan_after.pk == plan.pk and plan_after.status == "in_delivery"
    assert Baseline.objects.filter(plan=plan).count() == 1
    m1.refresh_from_db()
    assert m1.title == "Living wage accreditation for the council and its contractors"
    assert (m1.date_text, m1.date_start, m1.date_end) == ("December 2026", dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert ProgressUpdate.objects.filter(element=m1).count() == 3
    assert m1.history.first().history_change_reason == "Replaced from the plan file"
    assert m1.history.all()[1].title == "Living wage accreditation"  # the old words are in its history
    m2.refresh_from_db()
    assert m2.key == "fairer-b" and ChangeRequest.objects.filter(element=m2).count() == 1
    assert ElementLink.objects.get(source__plan__slug="ashcombe-plan-2028").target_id == m1.pk
    keys = list(Element.objects.filter(plan=plan).order_by("position").values_list("key", flat=True))
    assert keys == ["o1", "m1", "fairer-b", "m4", "o2", "m5"]
    assert Element.objects.get(plan=plan, key="m4").parent.key == "o1"


def test_replace_refuses_to_drop_history_unless_told_and_changes_nothing(ashcombe):
    plan, write = ashcombe
    data = copy.deepcopy(PLAN)
    del data["elements"][1]  # m1, with three progress updates and a later plan's link
    path = write(data)
    with pytest.raises(CommandError) as refused:
        call_command("plan_load", path, replace=True, stdout=io.StringIO())
    message = str(refused.value)
    assert "would remove 1 element that carries history (“Living wage accreditation”)" in message
    assert "3 progress updates, 1 link from another plan would be lost" in message
    assert "--discard-history" in message
    assert Element.objects.filter(plan=plan).count() == 6
    assert ProgressUpdate.objects.filter(plan=plan).count() == 3

    out = io.StringIO()
    call_command("plan_load", path, replace=True, discard_history=True, stdout=out)
    assert "history removed with the removed elements: 3 progress updates, 1 link from another plan" in out.getvalue()
    assert not Element.objects.filter(plan=plan, key="m1").exists()
    assert ProgressUpdate.objects.filter(plan=plan).count() == 0
    assert ChangeRequest.objects.filter(plan=plan).count() == 1  # on m2, still there


def test_a_dry_run_says_what_would_happen_and_changes_nothing(ashcombe):
    plan, write = ashcombe
    before = list(Element.objects.filter(plan=plan).order_by("position").values_list("key", "title", "position"))
    out = io.StringIO()
    call_command("plan_load", write(_edited()), replace=True, dry_run=True, stdout=out)
    assert "5 elements kept" in out.getvalue() and "nothing changed (--dry-run)" in out.getvalue()
    assert list(Element.objects.filter(plan=plan).order_by("position").values_list("key", "title", "position")) == before


def test_dry_run_and_discard_history_need_replace(ashcombe):
    _, write = ashcombe
    with pytest.raises(CommandError, match="go with --replace"):
        call_command("plan_load", write(_edited()), dry_run=True, stdout=io.StringIO())


def test_replacing_with_the_same_file_keeps_every_element_and_writes_no_history(ashcombe):
    plan, write = ashcombe
    ids = set(Element.objects.filter(plan=plan).values_list("id", flat=True))
    history = Element.history.filter(plan_id=plan.pk).count()
    call_command("plan_load", write(copy.deepcopy(PLAN)), replace=True, stdout=io.StringIO())
    assert set(Element.objects.filter(plan=plan).values_list("id", flat=True)) == ids
    assert Element.history.filter(plan_id=plan.pk).count() == history
