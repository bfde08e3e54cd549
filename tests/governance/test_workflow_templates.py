"""Any organisation's plan can go through its own approval workflow, chosen from templates in the web."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from civicplan.core.errors import UserFacingError
from civicplan.governance.models import WorkflowStep
from civicplan.governance.workflow_templates import EXECUTIVE_THEN_LEADERS
from civicplan.organisations.models import Body, Organisation
from civicplan.plans.models import Plan
from civicplan.plans.services import plan_file_load
from tests.conftest import text_of

RIVERSIDE = "Riverside Borough Council"
DOCUMENT = b"""Riverside Borough Council

Corporate Plan 2025-26

Priority 1: A cleaner river
1.1 Open the riverside walk from the bridge to the park by March 2026
1.2 Plant 500 trees along the embankment by Autumn 2025

Priority 2: Homes people can afford
2.1 Start building 120 council homes at Mill Lane by December 2025
2.2 Publish the new housing allocations policy by June 2025
"""


def small_plan(slug: str, organisation: str) -> dict:
    return {
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": slug, "title": "Harbourside Delivery Plan", "kind": "milestones_plan", "status": "draft",
                 "organisation": organisation},
        "framework": {"levels": [
            {"kind": "objective", "name": "Objective", "plural": "Objectives", "parents": []},
            {"kind": "milestone", "name": "Milestone", "plural": "Milestones", "parents": ["objective"]},
        ]},
        "elements": [
            {"id": "o1", "kind": "objective", "label": "1", "title": "A safer harbour"},
            {"id": "m1", "kind": "milestone", "parent": "o1", "title": "New harbour lights", "date_text": "June 2025"},
        ],
    }


def words(pages, url: str) -> str:
    return text_of(pages.get(url).content.decode())


def test_an_imported_plan_for_a_new_council_goes_through_cabinet_to_adoption(seeded, client, pages, manager):
    client.force_login(manager)
    response = client.post("/import/", {"file": SimpleUploadedFile("riverside.txt", DOCUMENT), "organisation": RIVERSIDE})
    assert response.status_code == 302, text_of(response.content.decode())
    draft_url = response["Location"]
    response = client.post(f"{draft_url.rstrip('/')}/save/")
    assert response.status_code == 302
    plan = Plan.objects.get(organisation__name=RIVERSIDE)
    assert plan.status == Plan.Status.DRAFT

    url = f"/plans/{plan.slug}/decisions/"
    page = words(pages, url)
    assert "Next steps allowed Take the draft to Cabinet; Adopt at Cabinet" in page
    assert "Change the workflow" in page
    cabinet = Body.objects.get(organisation__name=RIVERSIDE, name="Cabinet")
    assert cabinet.kind == Body.Kind.EXECUTIVE and cabinet.approves_plans

    # The Cabinet's meeting is added on the Meetings page, then its decision recorded on the plan.
    day = dt.date.today() - dt.timedelta(days=1)
    response = client.post("/meetings/", {"body": cabinet.pk, "date": day.isoformat(), "item_no": "6", "plan": plan.pk})
    assert response.status_code == 302
    page = words(pages, url)
    meeting = cabinet.meetings.get()
    assert "Adopt at Cabinet (Adopted)" in page and str(meeting) in page
    response = client.post(url, {"to_status": "adopted", "meeting": meeting.pk, "item_no": "6",
                                 "decision": "approved", "note": "Cabinet adopted the plan"})
    assert response.status_code == 302
    page = words(pages, url)
    assert "Status now Adopted" in page and "Draft → Adopted" in page and "Cabinet, item 6" in page
    assert "Frozen on" in page and "Next steps allowed Start delivery" in page
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ADOPTED


def test_a_plan_file_for_a_new_organisation_uses_the_template_it_chose(seeded):
    plan = plan_file_load(data=small_plan("harbourside-2025", "Harbourside District Council"))
    assert [s.name for s in WorkflowStep.objects.filter(organisation=plan.organisation, from_status="draft")] == [
        "Take the draft to Cabinet", "Adopt at Cabinet"]
    other = Organisation.objects.create(name="Vale Council", slug="vale", workflow_template="committee-then-full-council")
    plan = plan_file_load(data=small_plan("vale-2025", other.name))
    steps = WorkflowStep.objects.filter(organisation=other).select_related("body")
    assert [(s.name, s.body.name) for s in steps if s.from_status == "draft"] == [
        ("Committee recommends the draft to Full Council", "Policy and Resources Committee")]
    assert {b.name for b in Body.objects.filter(organisation=other)} == {"Policy and Resources Committee", "Full Council"}


def test_switching_template_changes_the_steps_shown_and_is_recorded(seeded, client, pages, manager):
    plan = plan_file_load(data=small_plan("harbourside-2025", "Harbourside District Council"))
    organisation = plan.organisation
    client.force_login(manager)
    url = f"/organisations/{organisation.slug}/workflow/"
    page = words(pages, url)
    assert "Now: Cabinet approval" in page and "Take the draft to Cabinet Draft At Executive Cabinet (executive)" in page

    response = client.post(url, {"template": "committee-then-full-council"})
    assert response.status_code == 302
    page = words(pages, url)
    assert "Workflow changed to Committee then Full Council" in page
    assert "Adopt at Full Council At Executive Adopted Full Council (committee), at a meeting" in page
    assert "Mina Manager" in page and "Take the draft to Cabinet (Cabinet)" in page  # who, and the steps before
    decisions = words(pages, f"/plans/{plan.slug}/decisions/")
    assert "Next steps allowed Committee recommends the draft to Full Council" in decisions
    assert "Take the draft to Cabinet" not in decisions

    # Nothing is changed by a choice that is not on the list.
    response = client.post(url, {"template": "made-up"})
    assert "Choose one of the workflows listed" in text_of(response.content.decode())
    organisation.refresh_from_db()
    assert organisation.workflow_template == "committee-then-full-council"


def test_a_switch_that_would_strand_a_plan_is_refused_with_the_reason(seeded, client, pages, manager):
    plan = plan_file_load(data=small_plan("harbourside-2025", "Harbourside District Council"))
    Plan.objects.filter(pk=plan.pk).update(status="with_portfolio_holders")
    client.force_login(manager)
    before = list(WorkflowStep.objects.filter(organisation=plan.organisation).values_list("name", flat=True))
    response = client.post(f"/organisations/{plan.organisation.slug}/workflow/", {"template": "cabinet-approval"})
    page = text_of(response.content.decode())
    assert response.status_code == 200
    assert "Cabinet approval has no stage for 1 plan of this organisation: Harbourside Delivery Plan (with portfolio holders)" in page
    assert list(WorkflowStep.objects.filter(organisation=plan.organisation).values_list("name", flat=True)) == before


def test_a_viewer_or_officer_cannot_see_or_change_the_workflow(seeded, client, viewer, officer):
    organisation = Organisation.objects.get(slug="london-councils")
    for user in (viewer, officer):
        client.force_login(user)
        assert client.get(f"/organisations/{organisation.slug}/workflow/").status_code == 403
        assert client.post(f"/organisations/{organisation.slug}/workflow/", {"template": "cabinet-approval"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.workflow_template == EXECUTIVE_THEN_LEADERS.key
    client.logout()
    response = client.get(f"/organisations/{organisation.slug}/workflow/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_seed_organisations_workflow_is_the_executive_then_leaders_cycle(governance):
    slug = "london-councils"
    steps = WorkflowStep.objects.filter(organisation__slug=slug).select_related("body").order_by("order")
    assert [(s.from_status, s.to_status, s.name, s.body.name if s.body else None, s.needs_meeting) for s in steps] == [
        ("draft", "with_portfolio_holders", "Share the draft with portfolio holders", None, False),
        ("with_portfolio_holders", "executive", "Take the draft to the Executive", "Executive", True),
        ("executive", "with_portfolio_holders", "Return to portfolio holders for more work", None, False),
        ("executive", "leaders_committee", "Take the plan to Leaders' Committee", "Leaders' Committee", True),
        ("leaders_committee", "executive", "Return to the Executive for final changes", "Executive", True),
        ("leaders_committee", "adopted", "Adopt at Leaders' Committee", "Leaders' Committee", True),
        ("executive", "adopted", "Adopt with the Executive's final changes", "Executive", True),
        ("adopted", "in_delivery", "Start delivery", None, False),
        ("in_delivery", "closed", "Close the plan", None, False),
    ]
    # The seed bodies are the organisation's own (no duplicates were made).
    assert Body.objects.filter(organisation__slug=slug, name="Executive").count() == 1
    assert not Body.objects.filter(organisation__slug=slug, name="Cabinet").exists()


def test_an_organisation_file_naming_an_unknown_workflow_is_refused_by_name(seeded):
    Organisation.objects.create(name="Fenland Council", slug="fenland", workflow_template="cabinet-aproval")
    with pytest.raises(UserFacingError, match="no workflow template called 'cabinet-aproval'; use one of cabinet-approval"):
        plan_file_load(data=small_plan("fenland-2025", "Fenland Council"))
    assert not Plan.objects.filter(slug="fenland-2025").exists()
