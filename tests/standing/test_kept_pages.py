"""Page parts kept per plan version (ADR 0018) are the same for every reader: what differs by
reader is drawn per request, so one reader never sees another's links or choices, and a part
taken from the kept statuses says what working it out afresh says."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.core.permissions import Role
from civicplan.organisations.models import Person
from civicplan.delivery.services import progress_update_approve, progress_update_submit
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.standing.memo import forget_all
from civicplan.standing.status import element_status, plan_status
from tests.conftest import text_of
from tests.factories import synthetic_plan
from tests.governance.fixtures import make_user, manager  # noqa: F401

SHARED = "lc-shared-ambitions-2022-23"


@pytest.mark.parametrize("first", ["manager", "visitor"])
def test_a_kept_plan_page_and_dashboard_show_each_reader_only_their_own_links(seeded, manager, client, first):  # noqa: F811
    from django.test import Client

    signed_in, visitor = client, Client()
    signed_in.force_login(manager)
    readers = [signed_in, visitor] if first == "manager" else [visitor, signed_in]
    for url in (f"/plans/{SHARED}/", f"/plans/{SHARED}/dashboard/"):
        seen = {}
        for reader in readers:
            response = reader.get(url)
            assert response.status_code == 200, url
            seen[reader] = text_of(response.content.decode())
        assert "Sign out" in seen[signed_in] and "Sign out" not in seen[visitor], url
        if url.endswith(f"{SHARED}/"):
            assert "Edit plan" in seen[signed_in] and "Edit plan" not in seen[visitor]
        # The parts drawn once are the same words for both.
        assert ("Dashboard" in seen[signed_in]) == ("Dashboard" in seen[visitor])


def test_a_filtered_plan_page_after_a_kept_one_shows_the_filter_chosen(seeded, client):
    assert client.get(f"/plans/{SHARED}/").status_code == 200  # the unfiltered form is now kept
    html = client.get(f"/plans/{SHARED}/?rag=none").content.decode()
    assert '<option value="none" selected>' in html
    assert "Clear filters" in html
    again = client.get(f"/plans/{SHARED}/").content.decode()
    assert '<option value="none" selected>' not in again and "Clear filters" not in again


@pytest.mark.parametrize("as_at", [dt.date(2022, 9, 30), dt.date(2023, 3, 31)])
def test_an_element_status_taken_from_the_kept_plan_equals_its_own_subtree_worked_out(seeded, as_at):
    for plan in Plan.objects.all():
        forget_all()
        fresh = {e.id: plan_status(plan=plan, as_at=as_at, root=e)[e.id] for e in Element.objects.filter(plan=plan)}
        plan_status(plan=plan, as_at=as_at)  # a page kept the whole plan
        for element in Element.objects.filter(plan=plan):
            kept = element_status(plan=plan, as_at=as_at, element=element)
            expected = fresh[element.id]
            assert (kept.rag, round(kept.percent, 6), kept.rolled_up, kept.overdue, kept.in_plan) == (
                expected.rag, round(expected.percent, 6), expected.rolled_up, expected.overdue, expected.in_plan
            ), (plan.slug, element.key)
            assert [c.element.id for c in kept.children] == [c.element.id for c in expected.children]
            assert sorted(c.element.id for c in kept.contributors) == sorted(c.element.id for c in expected.contributors)


# The element page keeps its own plan's part per version; links (from any plan), measures and
# people's names are read per request. A council's own plans, not the seed papers.

@pytest.fixture
def element_page(db, manager):  # noqa: F811
    """A milestone of a made-up council plan with an approved update and one awaiting approval,
    both reported by an officer."""
    plan = synthetic_plan(slug="riverside-delivery", milestones=6, groups=2)
    milestone = Element.objects.get(plan=plan, key="ms-1")
    officer = make_user("reporter", Role.OFFICER, first_name="Rita", last_name="Reporter")
    milestone.owner_person = Person.objects.create(organisation=plan.organisation, name="Rita Reporter", user=officer)
    milestone.save()
    done = progress_update_submit(element=milestone, user=officer, rag="green", percent_complete=30,
                                  commentary="Contract signed with the builder", as_at=dt.date(2023, 1, 10))
    progress_update_approve(update=done, user=manager)
    progress_update_submit(element=milestone, user=officer, rag="amber", percent_complete=40,
                           commentary="Waiting for planning consent", as_at=dt.date(2023, 2, 10))
    return plan, milestone, officer


@pytest.mark.parametrize("first", ["manager", "visitor"])
def test_a_kept_element_page_shows_each_reader_only_what_they_may_see(element_page, manager, client, first):  # noqa: F811
    from django.test import Client

    plan, milestone, _ = element_page
    signed_in, visitor = client, Client()
    signed_in.force_login(manager)
    url = f"/plans/{plan.slug}/elements/{milestone.key}/"
    readers = [signed_in, visitor] if first == "manager" else [visitor, signed_in]
    seen = {}
    for reader in readers:
        response = reader.get(url)
        assert response.status_code == 200
        seen[reader] = text_of(response.content.decode())
    assert "Contract signed with the builder" in seen[signed_in] and "Contract signed with the builder" in seen[visitor]
    assert "Waiting for planning consent" in seen[signed_in]
    assert "Waiting for planning consent" not in seen[visitor]  # awaiting approval: staff only
    assert "Reported by Rita Reporter" in seen[signed_in] and "approved by Mina Manager" in seen[signed_in]
    assert "Reported by" not in seen[visitor]  # who reported and approved: staff only


def test_a_kept_element_page_names_people_as_their_accounts_are_named_now(element_page, manager, client):  # noqa: F811
    plan, milestone, officer = element_page
    client.force_login(manager)
    url = f"/plans/{plan.slug}/elements/{milestone.key}/"
    assert "Reported by Rita Reporter" in text_of(client.get(url).content.decode())
    officer.last_name = "Okafor"  # renamed: no write to the plan
    officer.save()
    after = text_of(client.get(url).content.decode())
    assert "Reported by Rita Okafor" in after and "Reported by Rita Reporter" not in after


def test_a_kept_element_page_shows_links_from_other_plans_as_those_plans_stand_now(element_page, client):
    """A link made in another plan, and that plan leaving publication, change this page at once,
    though this plan's version does not change."""
    plan, milestone, _ = element_page
    other = synthetic_plan(slug="riverside-housing", milestones=3, groups=1)
    source = Element.objects.get(plan=other, key="ms-2")
    source.title = "Build 200 council homes"
    source.save()
    url = f"/plans/{plan.slug}/elements/{milestone.key}/"
    assert "Linked from" not in text_of(client.get(url).content.decode())
    version = Plan.objects.get(pk=plan.pk).version
    ElementLink.objects.create(source=source, target=milestone, link_type=ElementLink.Type.RELATES_TO)
    assert Plan.objects.get(pk=plan.pk).version == version  # so nothing kept for this plan was dropped
    seen = text_of(client.get(url).content.decode())
    assert "Linked from Build 200 council homes (relates to, Synthetic plan riverside-housing)" in seen
    Plan.objects.filter(pk=other.pk).update(status="draft")  # no longer published: visitors cannot see it
    assert "Build 200 council homes" not in text_of(client.get(url).content.decode())
