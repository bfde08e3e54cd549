"""Governance cannot be bypassed in the admin (issue 15, defect 3): decisions, baselines, change
requests and progress approvals are append-only records; the workflow is changed by an
administrator only, and each change is kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import Baseline, ChangeRequest, Decision, WorkflowStep
from civicplan.governance.services import workflow_ensure
from civicplan.organisations.models import Organisation
from civicplan.plans.models import Plan
from tests.factories import make_user
from tests.plans.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "manager": make_user(Role.PLAN_MANAGER, "records-manager"),
        "admin": User.objects.create_superuser("records-admin", password="pw-records-admin"),
    }


def test_a_plan_manager_cannot_loosen_a_workflow_step_in_the_admin(client, people):
    organisation = Organisation.objects.create(name="Hartwell Borough Council", slug="hartwell")
    workflow_ensure(organisation=organisation)
    step = WorkflowStep.objects.filter(organisation=organisation, needs_meeting=True).first()
    assert step is not None
    url = f"/admin/governance/workflowstep/{step.pk}/change/"
    client.force_login(people["manager"])
    assert client.get(url).status_code == 200  # may read it
    response = client.post(url, {"organisation": organisation.pk, "from_status": step.from_status,
                                 "to_status": step.to_status, "name": step.name, "order": step.order})
    assert response.status_code == 403
    assert client.post(f"/admin/governance/workflowstep/{step.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/governance/workflowstep/add/").status_code == 403
    step.refresh_from_db()
    assert step.needs_meeting is True

    client.force_login(people["admin"])
    response = client.post(url, {"organisation": organisation.pk, "from_status": step.from_status,
                                 "to_status": step.to_status, "name": step.name + " (urgent)",
                                 "body": step.body_id or "", "needs_meeting": "on", "order": step.order})
    assert response.status_code == 302
    latest = step.history.first()
    assert latest.name.endswith("(urgent)") and latest.history_user == people["admin"]
    history = client.get(f"/admin/governance/workflowstep/{step.pk}/history/").content.decode()
    assert "records-admin" in history


@pytest.mark.parametrize("model", [Decision, Baseline, ChangeRequest, ProgressUpdate])
def test_records_cannot_be_added_changed_or_deleted_in_the_admin_even_by_an_administrator(
    client, governance, people, model,
):
    from civicplan.governance.services import change_request_submit
    from civicplan.plans.models import Element

    if model is ChangeRequest:
        element = Element.objects.get(plan__slug="lc-shared-ambitions-2022-23", key="ms-2.2-1")
        change_request_submit(plan=element.plan, user=people["manager"], kind="redate", element=element,
                              date_text="June 2023", reason="Slipped")
    record = model.objects.first()
    assert record is not None
    before = model.objects.count()
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    for who in ("manager", "admin"):
        client.force_login(people[who])
        assert client.get(f"{base}{record.pk}/change/").status_code == 200  # shown
        assert client.post(f"{base}{record.pk}/change/", {"status": "approved"}).status_code == 403
        assert client.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.get(f"{base}add/").status_code == 403
        client.post(base, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert model.objects.count() == before
    if model is ChangeRequest:
        record.refresh_from_db()
        assert record.status == ChangeRequest.Status.PENDING


def test_a_plan_added_in_the_admin_starts_as_a_draft(client, people):
    organisation = Organisation.objects.create(name="Hartwell Borough Council", slug="hartwell")
    client.force_login(people["manager"])
    data = change_form_data(client, "/admin/plans/plan/add/")
    data.update({"organisation": organisation.pk, "title": "Hartwell Plan", "slug": "hartwell-plan",
                 "kind": "milestones_plan", "status": "adopted"})
    response = client.post("/admin/plans/plan/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Plan.objects.get(slug="hartwell-plan").status == "draft"
