"""The organisation's separation-of-duties setting: may a plan manager approve their own work?"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.delivery.services import progress_update_approve, progress_update_submit
from civicplan.governance import services
from civicplan.governance.models import ChangeRequest
from civicplan.plans.models import Element, Plan
from tests.conftest import text_of
from tests.factories import make_user

SHARED = "lc-shared-ambitions-2022-23"


def _strict(plan: Plan) -> None:
    organisation = plan.organisation
    organisation.manager_may_approve_own_work = False
    organisation.save()


@pytest.mark.django_db
def test_by_default_a_managers_own_update_is_approved_at_once():
    manager = make_user(Role.PLAN_MANAGER, person_name="A Manager")
    element = Element.objects.get(plan__slug=SHARED, key="ms-2.2-1")
    assert element.plan.organisation.manager_may_approve_own_work is True
    update = progress_update_submit(element=element, user=manager, rag=Rag.GREEN, percent_complete=10)
    assert update.status == ProgressUpdate.Status.APPROVED and update.reviewed_by == manager


@pytest.mark.django_db
def test_when_off_a_managers_own_update_waits_for_another_manager(client):
    manager = make_user(Role.PLAN_MANAGER, person_name="A Manager")
    colleague = make_user(Role.PLAN_MANAGER, "colleague", person_name="A Colleague")
    element = Element.objects.get(plan__slug=SHARED, key="ms-2.2-1")
    _strict(element.plan)
    update = progress_update_submit(element=element, user=manager, rag=Rag.AMBER, percent_complete=30, commentary="Own work")
    assert update.status == ProgressUpdate.Status.PENDING
    with pytest.raises(PermissionDenied, match="requires someone else to approve your own work"):
        progress_update_approve(update=update, user=manager)

    client.force_login(manager)
    page = text_of(client.get("/updates/").content.decode())
    assert "requires someone else to approve your own work" in page
    response = client.post(f"/updates/{update.pk}/review/", {"decision": "approve", "comment": ""}, follow=True)
    assert response.status_code == 200
    assert "requires someone else to approve your own work" in text_of(response.content.decode())
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.PENDING

    progress_update_approve(update=update, user=colleague)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED and update.reviewed_by == colleague


def test_when_off_a_manager_cannot_approve_their_own_change_request(governance, manager):
    plan = Plan.objects.get(slug=SHARED)
    _strict(plan)
    milestone = Element.objects.get(plan__slug=SHARED, kind="milestone", title__startswith="Freedom Pass appointment")
    change = services.change_request_submit(plan=plan, user=manager, kind="redate", element=milestone,
                                            date_text="March 2023", reason="Board moved")
    with pytest.raises(PermissionDenied, match="requires someone else"):
        services.change_request_approve(change=change, user=manager)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    other = make_user(Role.PLAN_MANAGER, "other-manager", person_name="Other Manager")
    services.change_request_approve(change=change, user=other)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
