"""The plan editor's pages, fetched as a plan manager, an officer and the public would."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.core.permissions import Role
from civicplan.governance.models import ChangeRequest
from civicplan.governance.services import baseline_freeze
from civicplan.organisations.models import Person
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user
from tests.plans.editor_fixtures import council_plan, positions

pytestmark = pytest.mark.django_db

EDIT = "/plans/eastbrook-plan/edit/"


@pytest.fixture
def plan():
    return council_plan()


@pytest.fixture
def manager_pages(pages, client):
    client.force_login(make_user(Role.PLAN_MANAGER, "pages-manager"))
    return pages


def el(plan, key):
    return Element.objects.get(plan=plan, key=key)


def test_officers_and_the_public_cannot_edit(plan, client):
    assert client.get(EDIT).status_code == 302  # sign in first
    client.force_login(make_user(Role.OFFICER, "pages-officer"))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"move": "p2:up"}).status_code == 403
    assert client.post(f"/plans/{plan.slug}/elements/m1/remove/").status_code == 403
    assert "Edit plan" not in text_of(client.get(plan.get_absolute_url()).content.decode())
    assert positions(plan)[0][0] == "p1"
    assert plan.elements.count() == 6


def test_a_manager_finds_the_editor_from_the_plan_page_and_moves_an_element_up(plan, manager_pages, client):
    assert f'href="{EDIT}"' in client.get(plan.get_absolute_url()).content.decode()
    page = text_of(manager_pages.get(EDIT).content.decode())
    assert "1 Homes people can afford" in page and "Milestone · due March 2026 · no owner" in page
    response = client.post(EDIT, {"move": "p2:up"}, follow=True)
    assert "Moved “A cleaner, greener district” up." in text_of(response.content.decode())
    assert [k for k, _, _ in positions(plan)][:2] == ["p2", "m3"]


def test_adding_a_milestone_and_editing_its_date_words(plan, manager_pages, client):
    manager_pages.get(f"/plans/{plan.slug}/edit/add/?parent=o1")
    response = client.post(f"/plans/{plan.slug}/edit/add/", {
        "parent": "o1", "el-kind": "milestone", "el-title": "Open the tenants' panel", "el-date_text": "Spring 2026"})
    assert response.status_code == 302
    added = plan.elements.get(title="Open the tenants' panel")
    assert added.parent.key == "o1" and added.date_start == dt.date(2026, 3, 1)

    url = f"/plans/{plan.slug}/elements/{added.key}/edit/"
    form = {"form": "element", "el-title": added.title, "el-label": "", "el-kind": "milestone",
            "el-parent": str(added.parent_id), "el-text": "", "el-date_text": "sometime soonish"}
    response = client.post(url, form)
    assert response.status_code == 400
    manager_pages.check_html(url, response.content.decode())
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html and 'href="#id_el-date_text"' in html
    assert ("“sometime soonish” cannot be read as a target date. Write it as people do, for example March 2023, "
            "Autumn 2022, Q2 2023, by Jan 2023 or TBC.") in text_of(html)
    assert 'value="sometime soonish"' in html, "what was typed is kept"
    added.refresh_from_db()
    assert added.date_text == "Spring 2026"

    assert client.post(url, {**form, "el-date_text": "by end of June 2026"}).status_code == 302
    history = text_of(manager_pages.get(f"/plans/{plan.slug}/elements/{added.key}/").content.decode())
    assert "target from “Spring 2026” to “by end of June 2026”" in history and "by pages-manager" in history


def test_owner_deputy_and_team_are_saved_and_shown(plan, manager_pages, client):
    from civicplan.organisations.models import Directorate

    priya, tom = Person.objects.get(name="Priya Shah"), Person.objects.get(name="Tom Okafor")
    team = Directorate.objects.get(name="Place")
    url = f"/plans/{plan.slug}/elements/m1/edit/"
    response = client.post(url, {"form": "owners", "own-owner_person": priya.id, "own-deputy_person": priya.id})
    assert response.status_code == 400
    assert "The deputy must be someone other than the owner." in text_of(response.content.decode())
    response = client.post(url, {"form": "owners", "own-owner_person": priya.id, "own-deputy_person": tom.id,
                                 "own-team": team.id})
    assert response.status_code == 302
    page = text_of(manager_pages.get(f"/plans/{plan.slug}/elements/m1/").content.decode())
    assert "Owner Priya Shah" in page and "Deputy Tom Okafor" in page and "Team Place" in page
    assert "deputy from nothing to “Tom Okafor”" in page


def test_bulk_owner_and_its_errors(plan, manager_pages, client):
    person = Person.objects.get(name="Tom Okafor")
    response = client.post(EDIT, {"bulk-action": "owner", "bulk-owner": str(person.id)})
    assert response.status_code == 400
    html = response.content.decode()
    manager_pages.check_html(EDIT, html)
    assert "There is a problem" in html and "Select at least one element" in html
    ids = [str(el(plan, key).id) for key in ("m1", "m3")]
    response = client.post(EDIT, {"bulk-elements": ids, "bulk-action": "owner", "bulk-owner": str(person.id)}, follow=True)
    assert "Changed 2 elements." in text_of(response.content.decode())
    assert set(plan.elements.filter(owner_person=person).values_list("key", flat=True)) == {"m1", "m3"}
    response = client.post(EDIT, {"bulk-elements": [str(el(plan, "p1").id)], "bulk-action": "parent",
                                  "bulk-parent": str(el(plan, "o1").id)})
    assert response.status_code == 400
    assert "cannot sit under itself or anything under it" in text_of(response.content.decode())


def test_remove_asks_first_and_says_what_goes_with_it(plan, manager_pages, client):
    url = f"/plans/{plan.slug}/elements/o1/remove/"
    page = text_of(manager_pages.get(url).content.decode())
    assert "This also removes the 2 elements under it." in page
    response = client.post(url, follow=True)
    assert "Removed “More social rent homes” and 2 under it." in text_of(response.content.decode())
    assert [k for k, _, _ in positions(plan)] == ["p1", "p2", "m3"]


def test_after_adoption_the_editor_requests_changes(manager_pages, client):
    plan = council_plan(slug="eastbrook-adopted", status="adopted")
    baseline_freeze(plan=plan, adopted_on=dt.date(2025, 4, 1))
    page = text_of(manager_pages.get(f"/plans/{plan.slug}/edit/").content.decode())
    assert "sent as change requests" in page and "Move up" not in page
    m1 = el(plan, "m1")
    url = f"/plans/{plan.slug}/elements/m1/edit/"
    form = {"form": "element", "el-title": m1.title, "el-text": "", "el-date_text": "June 2026", "el-reason": ""}
    response = client.post(url, form)
    assert response.status_code == 400 and "Give the reason for the change" in response.content.decode()
    response = client.post(url, {**form, "el-reason": "The consultation ran longer"}, follow=True)
    assert "Changes requested." in text_of(response.content.decode())
    change = ChangeRequest.objects.get(plan=plan)
    assert (change.kind, change.proposed_date_text, change.status) == ("redate", "June 2026", "pending")
    assert el(plan, "m1").date_text == "March 2026", "nothing changes until the request is approved"


def test_after_adoption_add_and_remove_become_an_addition_and_a_drop(manager_pages, client):
    plan = council_plan(slug="eastbrook-adopted", status="adopted")
    baseline_freeze(plan=plan, adopted_on=dt.date(2025, 4, 1))
    page = text_of(manager_pages.get(f"/plans/{plan.slug}/edit/add/?parent=o1").content.decode())
    assert "Request an addition" in page
    response = client.post(f"/plans/{plan.slug}/edit/add/", {
        "parent": "o1", "el-title": "Pilot heat pumps in ten homes", "el-date_text": "Q4 2026",
        "el-reason": "Funding won from the heat fund"})
    assert response.status_code == 302
    remove = f"/plans/{plan.slug}/elements/m2/remove/"
    assert "Drop “Start on the Mill Lane site”?" in text_of(manager_pages.get(remove).content.decode())
    response = client.post(remove, {"reason": ""})
    assert response.status_code == 400 and "Give the reason for dropping it" in response.content.decode()
    assert client.post(remove, {"reason": "The site was sold"}).status_code == 302
    kinds = set(ChangeRequest.objects.filter(plan=plan).values_list("kind", "status"))
    assert kinds == {("add", "pending"), ("drop", "pending")}
    assert plan.elements.count() == 6, "nothing changes in the plan until a manager approves"


def test_an_element_with_progress_offers_no_remove_button(plan, manager_pages, client):
    from civicplan.delivery.models import ProgressUpdate

    ProgressUpdate.objects.create(element=el(plan, "m1"), rag="green", percent_complete=20, commentary="Drafted",
                                  as_at=dt.date(2025, 6, 1))
    url = f"/plans/{plan.slug}/elements/m1/remove/"
    page = manager_pages.get(url).content.decode()
    assert "Progress has been reported on it, so it cannot be removed" in text_of(page)
    assert "govuk-button--warning" not in page
    response = client.post(f"/plans/{plan.slug}/elements/o1/remove/")
    assert response.status_code == 400
    assert "progress has been reported on 1 of the elements it holds" in text_of(response.content.decode())
    assert plan.elements.count() == 6
