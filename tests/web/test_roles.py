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
        if response.status_code in (200, 403) and response["Content-Type"].startswith("text/html") and not url.startswith("/admin"):
            pages.check_html(url, response.content.decode())
        if response.status_code == 403:
            html = response.content.decode()
            assert "You cannot use this page" in html and "role" in html and "govuk-service-navigation" in html


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


def test_a_draft_plan_is_never_named_on_published_pages_or_downloads(client):
    """Links, lineage and downloads of a published plan leave out a draft that is still with officers."""
    import json

    published = Plan.objects.get(slug=PUBLISHED)
    draft = Plan.objects.get(slug=DRAFT)
    Plan.objects.filter(pk=published.pk).update(predecessor=draft)
    source = Element.objects.get(plan=published, key="ms-2.1-2")
    draft_element = Element.objects.get(plan=draft, key="ms-1")
    from civicplan.plans.models import ElementLink

    ElementLink.objects.create(source=source, target=draft_element, link_type="continues", target_ref=f"{DRAFT}#ms-1", order=9)
    ElementLink.objects.create(source=draft_element, target=source, link_type="relates_to", target_ref=f"{PUBLISHED}#ms-2.1-2")

    element_page = client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
    plan_page = client.get(f"/plans/{PUBLISHED}/").content.decode()
    exported = json.loads(client.get(f"/plans/{PUBLISHED}/export.json").content)
    for html in (element_page, plan_page):
        assert "Synthetic plan draft-plan" not in html and DRAFT not in html
    assert exported["meta"]["predecessor"] is None
    assert all(DRAFT not in link["target"] for e in exported["elements"] for link in e["links"])

    client.force_login(make_user(Role.OFFICER))
    element_page = client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
    assert "Synthetic plan draft-plan" in element_page and "Milestone 1" in element_page
    assert "Follows" in client.get(f"/plans/{PUBLISHED}/").content.decode()
    exported = json.loads(client.get(f"/plans/{PUBLISHED}/export.json").content)
    assert exported["meta"]["predecessor"] == DRAFT


def test_change_requests_under_discussion_and_staff_names_stay_internal(client):
    from civicplan.governance.models import ChangeRequest

    plan = Plan.objects.get(slug=PUBLISHED)
    element = Element.objects.get(plan=plan, key="ms-2.1-2")
    ChangeRequest.objects.create(plan=plan, element=element, kind="redate", proposed_date_text="March 2024",
                                 reason="Awaiting a ministerial decision", status="pending")
    ChangeRequest.objects.create(plan=plan, element=element, kind="redate", proposed_date_text="June 2024",
                                 reason="Refused idea about the budget", status="rejected")
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=30, as_at="2023-02-01", status="approved",
                                  commentary="Private", commentary_internal=True, evidence_url="https://intranet.example/secret")
    staff = make_user(Role.PLAN_MANAGER, "jsmith-manager")
    element.title = element.title + " (edited)"
    element._history_user = staff
    element.save()

    public = client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
    assert "ministerial decision" not in public and "Refused idea" not in public
    assert "jsmith-manager" not in public and "intranet.example" not in public
    assert "No changes have been requested since adoption." in public

    client.force_login(make_user(Role.OFFICER))
    internal = client.get(f"/plans/{PUBLISHED}/elements/ms-2.1-2/").content.decode()
    assert "ministerial decision" in internal and "Refused idea" in internal
    assert "jsmith-manager" in internal and "intranet.example" in internal


def test_service_facts_from_a_draft_plan_are_not_shown(client):
    from civicplan.organisations.models import DirectService

    service = DirectService.objects.order_by("order").first()
    service.facts = list(service.facts) + [{"fact": "Draft-only figure of 99 users", "source": DRAFT}]
    service.save()
    assert "Draft-only figure" not in client.get("/services/").content.decode()
    client.force_login(make_user(Role.OFFICER))
    html = client.get("/services/").content.decode()
    assert "Draft-only figure" in html and "Synthetic plan draft-plan" in html


def test_submitting_on_an_element_that_takes_no_progress_says_why_instead_of_failing(client):
    client.force_login(make_user(Role.PLAN_MANAGER))
    implication = Element.objects.filter(plan__slug=PUBLISHED, kind="implication").first()
    before = ProgressUpdate.objects.count()
    response = client.post(f"/plans/{PUBLISHED}/elements/{implication.key}/update/",
                           {"rag": "green", "percent_complete": "10", "commentary": "x"})
    assert response.status_code == 200
    assert "not something to deliver, so it takes no progress updates" in response.content.decode()
    assert ProgressUpdate.objects.count() == before
    form_page = client.get(f"/plans/{PUBLISHED}/elements/{implication.key}/update/").content.decode()
    assert "so it takes no progress updates" in form_page and "Submit update" not in form_page, (
        "the reason comes before anyone fills in a form that cannot be sent"
    )


def test_review_comments_and_pending_counts_stay_internal(client):
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.1-2")
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=30, as_at="2023-02-01", status="returned",
                                  commentary="Draft", review_comment="Chased the owner twice")
    ProgressUpdate.objects.create(element=element, rag=Rag.GREEN, percent_complete=40, as_at="2023-02-02")
    url = f"/plans/{PUBLISHED}/elements/ms-2.1-2/"
    html = client.get(url).content.decode()
    assert "Chased the owner" not in html and "awaiting approval" not in html
    client.force_login(make_user(Role.OFFICER))
    html = client.get(url).content.decode()
    assert "Chased the owner" in html and "1 update awaiting approval" in html


def test_an_over_long_review_comment_is_named_and_the_update_stays_pending(client):
    client.force_login(make_user(Role.PLAN_MANAGER))
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.1-2")
    update = ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=30, as_at="2023-02-01",
                                           status="pending")
    response = client.post(f"/updates/{update.pk}/review/", {"decision": "return", "comment": "x" * 6000}, follow=True)
    assert "The comment must be 2000 characters or fewer (it has 6000)." in response.content.decode()
    update.refresh_from_db()
    assert update.status == "pending"


def test_a_plan_page_filter_the_plan_has_no_choice_for_is_named(client, pages):
    response = pages.get(f"/plans/{PUBLISHED}/?kind=milestone&rag=purple&due=yesterday")
    html = response.content.decode()
    assert "This plan has no status “purple”: choose one from the list." in html
    assert "This plan has no due period “yesterday”" in html
    assert "<title>Error:" in html
    milestones = Element.objects.filter(plan__slug=PUBLISHED, kind="milestone").count()
    assert f'id="results">{milestones} result' in html, "the good filter still applies"


def test_an_expired_form_and_a_button_address_opened_as_a_page_say_what_happened(pages):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sign-in/", {"username": "someone", "password": "x"})
    assert response.status_code == 403
    pages.check_html("/sign-in/", response.content.decode())
    assert "Your form could not be sent" in response.content.decode() and "Nothing was saved" in response.content.decode()
    response = pages.client.get("/sign-out/")
    assert response.status_code == 405 and "This page is used through a button" in response.content.decode()
    pages.check_html("/sign-out/", response.content.decode())


def test_the_progress_form_shows_why_the_last_update_was_returned(client):
    client.force_login(make_user(Role.PLAN_MANAGER))
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.1-2")
    url = f"/plans/{PUBLISHED}/elements/{element.key}/update/"
    assert "was returned" not in client.get(url).content.decode()
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=30, as_at="2023-02-01",
                                  status="returned", review_comment="Add the evidence link, please")
    page = client.get(url).content.decode()
    assert "was returned" in page and "Add the evidence link, please" in page


def test_the_review_queue_shows_the_status_an_update_replaces_and_what_to_check(client, pages):
    import datetime as dt

    client.force_login(make_user(Role.PLAN_MANAGER))
    element = Element.objects.get(plan__slug=PUBLISHED, key="ms-2.1-2")  # complete in the sample history
    last = ProgressUpdate.objects.filter(element=element, status="approved").order_by("-as_at", "-id").first()
    assert last.rag == Rag.COMPLETE
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=60, as_at=dt.date(2023, 3, 31),
                                  status="pending", commentary="Late return")
    page = " ".join(pages.get("/updates/").content.decode().split())
    assert f"Complete, {last.percent_complete}% complete, as at {last.as_at:%-d %B %Y}" in page
    assert f"Already reported complete as at {last.as_at:%-d %B %Y}." in page
    assert "Dated 31 March 2023" in page and "days before it was sent" in page
