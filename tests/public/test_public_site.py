"""The public transparency site: published plans and approved status, and nothing private."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from civicplan.core.permissions import Role
from civicplan.delivery.services import progress_update_submit
from civicplan.organisations.models import Person
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user, synthetic_plan

pytestmark = pytest.mark.django_db

PLAN = "lc-shared-ambitions-2022-23"
DRAFT = "draft-plan"


@pytest.fixture
def private_things(db):
    """A draft, a pending update, internal commentary and an owner with contact details."""
    synthetic_plan(slug=DRAFT, milestones=3, status="draft")
    manager = make_user(Role.PLAN_MANAGER, "manager-mary")
    officer = make_user(Role.OFFICER, "officer-olive", person_name="Olive Officer")
    person = Person.objects.get(user=officer)
    person.email, person.telephone = "olive.officer@example.org", "020 7934 0000"
    person.save()
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner_person=person)
    milestone = Element.objects.get(plan__slug=PLAN, key="ms-2.5-3")
    progress_update_submit(element=milestone, user=manager, rag="amber", percent_complete=45,
                           commentary="Budget row with finance", commentary_internal=True, as_at=dt.date(2024, 1, 10))
    progress_update_submit(element=Element.objects.get(plan__slug=PLAN, key="ms-2.5-1"), user=officer, rag="red",
                           percent_complete=3, commentary="Awaiting sign-off", as_at=dt.date(2024, 1, 20))
    progress_update_submit(element=Element.objects.get(plan__slug=PLAN, key="ms-2.5-2-a"), user=manager, rag="green",
                           percent_complete=60, commentary="Workshops booked for spring", as_at=dt.date(2024, 1, 12))
    return {"manager": manager, "officer": officer}


PRIVATE = ("Budget row with finance", "Awaiting sign-off", "olive.officer@example.org", "020 7934 0000",
           "Olive Officer", "manager-mary", "officer-olive", "Synthetic plan")


def test_the_list_shows_published_plans_only(pages, private_things):
    page = text_of(pages.get("/public/").content.decode())
    assert "London Councils' Shared Ambitions Milestones" in page
    assert "Synthetic plan" not in page
    assert pages.get(f"/public/plans/{DRAFT}/", status=404)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_plan_shows_approved_status_and_public_commentary_and_nothing_private(client, pages, private_things, signed_in):
    if signed_in:  # the public view is the same whoever looks
        client.force_login(private_things["manager"])
    html = pages.get(f"/public/plans/{PLAN}/?as_at=2024-02-01").content.decode()
    page = text_of(html)
    for secret in PRIVATE:
        assert secret not in page, secret
    assert "Workshops booked for spring" in page  # public commentary of an approved update
    assert "Amber" in page  # the approved status of the update whose commentary is internal
    # Printed on the paper, so public.
    assert "Contact officer (as printed on the paper)" in page
    assert "Delivery at a glance" in page


def test_an_element_page_lists_approved_updates_without_names(pages, private_things):
    page = text_of(pages.get(f"/public/plans/{PLAN}/elements/ms-2.5-3/?as_at=2024-02-01").content.decode())
    assert "No published commentary." in page and "Budget row" not in page
    assert "manager-mary" not in page
    pending = text_of(pages.get(f"/public/plans/{PLAN}/elements/ms-2.5-1/").content.decode())
    assert "Awaiting sign-off" not in pending and "Olive Officer" not in pending
    assert pages.get(f"/public/plans/{PLAN}/elements/nope/", status=404)


def test_the_public_csv_withholds_private_things(client, private_things):
    client.force_login(private_things["manager"])
    response = client.get(f"/public/plans/{PLAN}/export.csv?as_at=2024-02-01")
    text = response.content.decode("utf-8")
    for secret in PRIVATE:
        assert secret not in text, secret
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["ms-2.5-3"]["status"] == "Amber" and rows["ms-2.5-3"]["commentary"] == ""
    assert rows["ms-2.5-2-a"]["commentary"] == "Workshops booked for spring"
    assert client.get(f"/public/plans/{DRAFT}/export.csv").status_code == 404
