"""Who can see and do what: a matrix of role x page x action, enforced on every view."""

from __future__ import annotations

import pytest

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element, Plan
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PUBLISHED = "lc-shared-ambitions-2022-23"
DRAFT = "draft-plan"  # still with officers: not published


@pytest.fixture(autouse=True)
def draft_plan(db):
    from tests.factories import synthetic_plan

    return synthetic_plan(slug=DRAFT, milestones=3, status="draft")

PAGES = [
    ("/", {Role.PUBLIC: 200, Role.VIEWER: 200, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    (f"/plans/{PUBLISHED}/", {r: 200 for r in Role}),
    (f"/plans/{PUBLISHED}/dashboard/", {r: 200 for r in Role}),
    (f"/plans/{PUBLISHED}/elements/ms-2.1-2/", {r: 200 for r in Role}),
    ("/pledges/", {r: 200 for r in Role}),
    ("/services/", {r: 200 for r in Role}),
    (f"/plans/{DRAFT}/", {Role.PUBLIC: 404, Role.VIEWER: 404, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    (f"/plans/{DRAFT}/dashboard/", {Role.PUBLIC: 404, Role.VIEWER: 404, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    (f"/plans/{DRAFT}/export.json", {Role.PUBLIC: 404, Role.VIEWER: 404, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    ("/my-elements/", {Role.PUBLIC: 302, Role.VIEWER: 403, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    ("/updates/", {Role.PUBLIC: 302, Role.VIEWER: 403, Role.OFFICER: 403, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    (f"/plans/{PUBLISHED}/elements/ms-2.1-2/update/", {Role.PUBLIC: 302, Role.VIEWER: 403, Role.OFFICER: 403, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    (f"/plans/{PUBLISHED}/elements/ms-2.5-1/update/", {Role.PUBLIC: 302, Role.VIEWER: 403, Role.OFFICER: 200, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
    ("/admin/", {Role.PUBLIC: 302, Role.VIEWER: 302, Role.OFFICER: 302, Role.PLAN_MANAGER: 200, Role.ADMIN: 200}),
]


def client_for(client, role: Role):
    if role != Role.PUBLIC:
        user = make_user(role, person_name="Owner of 2.5" if role == Role.OFFICER else None)
        if role == Role.OFFICER:
            Element.objects.filter(plan__slug=PUBLISHED, key="obj-2.5").update(owner_person=user.person)
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name.lower())
def test_page_access_by_role(client, pages, role):
    client_for(client, role)
    for url, expected in PAGES:
        response = client.get(url)
        assert response.status_code == expected[role], f"{role.name} {url}: {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html") and not url.startswith("/admin"):
            pages.check_html(url, response.content.decode())


@pytest.mark.parametrize("role,allowed", [
    (Role.PUBLIC, False), (Role.VIEWER, False), (Role.OFFICER, True), (Role.PLAN_MANAGER, True), (Role.ADMIN, True),
], ids=lambda v: v.name.lower() if isinstance(v, Role) else str(v))
def test_submitting_an_update_on_an_owned_milestone(client, role, allowed):
    client_for(client, role)
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.5-1")
    before = ProgressUpdate.objects.filter(element=element).count()
    response = client.post(f"/plans/{PUBLISHED}/elements/ms-2.5-1/update/", {"rag": "amber", "percent_complete": "40", "commentary": "Partner sign-off late"})
    after = ProgressUpdate.objects.filter(element=element).count()
    assert (after == before + 1) is allowed, response.status_code


@pytest.mark.parametrize("role,allowed", [
    (Role.PUBLIC, False), (Role.VIEWER, False), (Role.OFFICER, False), (Role.PLAN_MANAGER, True), (Role.ADMIN, True),
], ids=lambda v: v.name.lower() if isinstance(v, Role) else str(v))
def test_approving_an_update(client, role, allowed):
    officer = make_user(Role.OFFICER, "submitter", person_name="Submitter")
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.5-1")
    update = ProgressUpdate.objects.create(element=element, rag=Rag.GREEN, percent_complete=10, as_at="2023-01-01", submitted_by=officer)
    if role != Role.PUBLIC:
        client.force_login(make_user(role))
    client.post(f"/updates/{update.pk}/review/", {"decision": "approve"})
    update.refresh_from_db()
    assert (update.status == ProgressUpdate.Status.APPROVED) is allowed


def test_drafts_are_hidden_from_the_public_list(client):
    html = client.get("/").content.decode()
    assert "Synthetic plan draft-plan" not in html
    assert "Shared Ambitions" in html and "Business Plan 2020/21" in html
    assert Plan.objects.get(slug=DRAFT).status == "draft"


def test_internal_commentary_is_not_shown_to_the_public(client):
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.1-2")
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=30, as_at="2023-02-01",
                                  status="approved", commentary="Confidential partner dispute", commentary_internal=True)
    public = client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
    assert "Confidential partner dispute" not in public and "Internal commentary" in public
    client.force_login(make_user(Role.OFFICER))
    assert "Confidential partner dispute" in client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
