"""Every kind of change is recorded with who, when, old and new, and managers read it per plan,
per organisation and per person (issue 15, defect 9: 18 kinds of change)."""

from __future__ import annotations

import contextlib
import datetime as dt
import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicplan.api.tokens import api_token_replace, api_token_revoke
from civicplan.audit.kinds import KINDS
from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.delivery.services import progress_update_approve, progress_update_submit
from civicplan.governance import services as governance
from civicplan.governance.models import ChangeRequest, Decision, Meeting, ReportingDate
from civicplan.organisations.models import Body, Person
from civicplan.plans.models import Element, ElementLink
from civicplan.plans.services import plan_file_load
from civicplan.reports.services import report_text_save
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def acting_as(user):
    """What the history middleware does for a request: changes made now are this user's."""
    request = RequestFactory().get("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


@pytest.fixture
def trail(client):
    manager = make_user(Role.PLAN_MANAGER, "audit-manager")
    manager.first_name, manager.last_name = "Ada", "Auditor"
    manager.save()
    officer = make_user(Role.OFFICER, "audit-officer")
    with acting_as(manager):
        plan = plan_file_load(user=manager, data={
            "format": "civicplan-plan", "version": 1,
            "meta": {"slug": "brackley-plan", "title": "Brackley Borough Plan", "kind": "milestones_plan",
                     "status": "in_delivery", "organisation": "Brackley Borough Council"},
            "framework": {"levels": [
                {"kind": "objective", "name": "Goal", "plural": "Goals", "parents": []},
                {"kind": "milestone", "name": "Milestone", "plural": "Milestones", "parents": ["objective"]},
            ]},
            "elements": [
                {"id": "g1", "kind": "objective", "label": "1", "title": "Healthy high streets"},
                {"id": "m1", "kind": "milestone", "parent": "g1", "title": "Shopfront grants open", "date_text": "June 2026"},
                {"id": "m2", "kind": "milestone", "parent": "g1", "title": "Market review", "date_text": "2026/27"},
            ],
        })
        organisation = plan.organisation
        m1, m2 = Element.objects.get(plan=plan, key="m1"), Element.objects.get(plan=plan, key="m2")
        # 1 plan front matter, 2 elements
        plan.contact_officer = "Rita Brown"
        plan.save()
        m1.title = "Shopfront grants open to all traders"
        m1.save()
        # 3 links, then a lineage unlink
        link = ElementLink.objects.create(source=m2, link_type="contributes_to", target=m1, target_ref="m1")
        link.delete()
        # 7 baseline and 6 decision
        governance.baseline_freeze(plan=plan, adopted_on=dt.date(2026, 4, 1), user=manager)
        Decision.objects.create(plan=plan, outcome="approved", from_status="adopted", to_status="in_delivery",
                                decided_on=dt.date(2026, 4, 2), recorded_by=manager)
        # 4 progress (submitted as officer would, approved: a status overwrite recorded)
        organisation.manager_may_approve_own_work = False  # 13 organisation settings
        organisation.save()
        update = progress_update_submit(element=m1, user=manager, rag="amber", percent_complete=30)
        colleague = make_user(Role.PLAN_MANAGER, "audit-colleague")
        progress_update_approve(update=update, user=colleague)
        # 5 change request, rejected
        change = governance.change_request_submit(plan=plan, user=manager, kind=ChangeRequest.Kind.REDATE,
                                                  element=m2, date_text="March 2027", reason="Waiting for funding")
        governance.change_request_reject(change=change, user=manager, comment="Keep the date")
        # 8 consultation note, 9 reporting date, 10 report text
        governance.consultation_note_add(element=Element.objects.get(plan=plan, key="g1"), text="Traders consulted",
                                         user=manager)
        reporting = governance.reporting_date_add(plan=plan, date=dt.date(2026, 9, 30), user=manager)
        reporting.date = dt.date(2026, 10, 15)
        reporting.save()
        report_text_save(plan=plan, kind="plan", user=manager, summary="A plan for the high streets.")
        # 14 bodies, 11 meetings, 12 workflow
        panel = Body.objects.create(organisation=organisation, name="Scrutiny Panel")
        panel.name = "Overview and Scrutiny Panel"
        panel.save()
        meeting = governance.meeting_get_or_create(body=panel, date=dt.date(2026, 5, 20), user=manager)
        meeting.title = "Budget cabinet"
        meeting.save()
        governance.workflow_apply(organisation=organisation, template_key="committee-then-full-council", user=manager)
        # 15 people, 16 accounts and roles, 17 tokens and passwords
        person = Person.objects.create(organisation=organisation, name="Sam Singh", email="sam@old.example")
        person.email = "sam@brackley.example"
        person.save()
        officer.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[Role.PLAN_MANAGER]))
        api_token_replace(user=manager)
        api_token_revoke(user=manager)
    # 18 a failed sign-in
    client.post(reverse("web:sign-in"), {"username": "audit-manager", "password": "wrong password"})
    return {"plan": plan, "manager": manager, "officer": officer, "organisation": organisation,
            "reporting": ReportingDate.objects.get(pk=reporting.pk), "meeting": Meeting.objects.get(pk=meeting.pk)}


# Something each kind's change shows, with its before and after where it has one.
EXPECTED = {
    "plan": "Contact officer – → Rita Brown",
    "element": "Title Shopfront grants open → Shopfront grants open to all traders",
    "link": "Links between elements, lineage included",
    "progress": "Status Awaiting approval → Approved",
    "change_request": "Status Awaiting decision → Rejected",
    "decision": "Decisions on a plan's status",
    "baseline": "baseline adopted on 1 April 2026",
    "consultation": "Traders consulted",
    "reporting_date": "2026-09-30 → 2026-10-15",
    "report_text": "A plan for the high streets.",
    "meeting": "Budget cabinet",
    "workflow": "Workflow steps",
    "organisation": "→ No",
    "structure": "Scrutiny Panel → Overview and Scrutiny Panel",
    "person": "sam@old.example → sam@brackley.example",
    "account": "CivicPlan roles Officer → Officer, Plan manager",
    "token": "API token revoked",
    "signin": "Failed sign-in as audit-manager",
}


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(text_of(response.content.decode()).split())


def test_every_kind_of_change_is_recorded_with_who_and_old_and_new_values(client, trail):
    assert set(EXPECTED) == {kind.key for kind in KINDS} and len(KINDS) == 18
    client.force_login(trail["manager"])
    seen = {}
    for kind in KINDS:
        page = _text(client, reverse("audit:person", args=["audit-manager"]) + f"?kind={kind.key}")
        seen[kind.key] = EXPECTED[kind.key] in page
    audited = sum(seen.values())
    assert audited == 18, f"changes audited: {audited} of 18; missing {[k for k, ok in seen.items() if not ok]}"


def test_the_plan_page_shows_the_plans_own_changes_and_who_made_them(client, trail):
    client.force_login(trail["manager"])
    page = _text(client, reverse("audit:plan", args=["brackley-plan"]))
    for key in ("plan", "element", "progress", "change_request", "baseline", "consultation", "reporting_date"):
        assert EXPECTED[key] in page, key
    assert "Ada Auditor" in page
    assert "Sam Singh" not in page  # people belong to the organisation, not to the plan
    organisation_page = _text(client, reverse("audit:organisation", args=[trail["organisation"].slug]))
    assert EXPECTED["person"] in organisation_page and EXPECTED["structure"] in organisation_page


def test_a_kind_filter_and_dates_narrow_the_trail_and_bad_ones_are_explained(client, trail):
    client.force_login(trail["manager"])
    url = reverse("audit:plan", args=["brackley-plan"])
    only = _text(client, url + "?kind=reporting_date")
    assert EXPECTED["reporting_date"] in only and EXPECTED["element"] not in only
    future = _text(client, url + "?since=01/01/2099")
    assert "0 changes" in future
    bad = client.get(url + "?since=31/02/2026&kind=nonsense")
    assert bad.status_code == 400
    text = text_of(bad.content.decode())
    assert "Enter a real date, like 31/03/2026 (31/02/2026 is not one)" in text
    assert "Choose a kind of change from the list" in text


def test_officers_cannot_read_the_audit_trail(client, trail):
    officer = make_user(Role.OFFICER, "plain-officer")
    client.force_login(officer)
    assert client.get(reverse("audit:plan", args=["brackley-plan"])).status_code == 403
    assert client.get(reverse("audit:person", args=["audit-manager"])).status_code == 403


def test_the_trail_pages_through_many_changes(client, trail):
    manager = trail["manager"]
    element = Element.objects.get(plan=trail["plan"], key="m2")
    with acting_as(manager):
        for n in range(60):
            element.note = f"note {n}"
            element.save()
    client.force_login(manager)
    url = reverse("audit:plan", args=["brackley-plan"]) + "?kind=element"
    first = _text(client, url)
    assert "page 1 of 2" in first and "note 59" in first and "Older changes" in first
    second = _text(client, url + "&page=2")
    assert "Newer changes" in second
    assert "note 58 → note 59" in first and "note 0 → note 1" in second and "note 0 → note 1" not in first
