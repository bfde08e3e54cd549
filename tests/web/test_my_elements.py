"""An officer's own list: what they own, what sits beneath it, and their updates in flight."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.delivery.services import progress_update_return, progress_update_submit
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PLAN = "lc-shared-ambitions-2022-23"


@pytest.fixture
def officer(client):
    user = make_user(Role.OFFICER, "owner-officer", person_name="Owner of objective 2.5")
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner_person=user.person)
    client.force_login(user)
    return user


def test_an_officer_sees_what_they_own_and_can_update_it(client, pages, officer):
    html = pages.get("/my-elements/").content.decode()
    words = text_of(html)
    assert "London Councils' Shared Ambitions Milestones" in words
    # The objective they own and the milestones beneath it, each with an update link.
    for key in ("obj-2.5", "ms-2.5-1", "ms-2.5-2", "ms-2.5-3"):
        assert f'href="/plans/{PLAN}/elements/{key}/update/"' in html, key
    # Sub-priorities carry no status of their own: they are not on the to-do list.
    assert '/elements/sp-2.5-1/update/' not in html
    # Nothing from objectives they do not own.
    assert "/elements/ms-2.1-1/" not in html
    assert "overdue" in words
    assert 'href="/my-elements/"' in html  # in the menu


def test_a_returned_update_is_shown_with_its_comment_until_a_new_one_is_sent(client, pages, officer):
    manager = make_user(Role.PLAN_MANAGER, "reviewing-manager")
    milestone = Element.objects.get(plan__slug=PLAN, key="ms-2.5-1")
    day = dt.date(2023, 2, 1)
    update = progress_update_submit(element=milestone, user=officer, rag=Rag.AMBER, percent_complete=60, as_at=day)
    assert "Awaiting approval" in text_of(pages.get("/my-elements/").content.decode())
    progress_update_return(update=update, user=manager, comment="Say what slipped and why")
    words = text_of(pages.get("/my-elements/").content.decode())
    assert "Returned to you" in words and "“Say what slipped and why”" in words
    progress_update_submit(element=milestone, user=officer, rag=Rag.AMBER, percent_complete=60,
                           commentary="Settlement report moved to January", as_at=day)
    words = text_of(pages.get("/my-elements/").content.decode())
    assert "Returned to you" not in words
    assert ProgressUpdate.objects.filter(element=milestone, status=ProgressUpdate.Status.PENDING).count() == 1


def test_an_account_not_linked_to_a_person_is_told_why_the_list_is_empty(client, pages):
    client.force_login(make_user(Role.OFFICER, "unlinked-officer"))
    words = text_of(pages.get("/my-elements/").content.decode())
    assert "Your account is not linked to a person in the organisation" in words


def test_sample_progress_is_labelled_on_the_officers_list_and_the_reminders_page(client, pages, officer):
    label = "Sample data: the progress shown for this plan is illustrative"
    assert ProgressUpdate.objects.filter(plan__slug=PLAN, is_sample=True).exists()  # as `make run` loads it
    assert label in text_of(pages.get("/my-elements/").content.decode())
    reminders = text_of(pages.get("/reminders/").content.decode())
    assert "Overdue" in reminders and label in reminders
    ProgressUpdate.objects.filter(is_sample=True).delete()
    assert label not in text_of(pages.get("/my-elements/").content.decode())
    assert label not in text_of(pages.get("/reminders/").content.decode())
