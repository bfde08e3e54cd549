"""Page parts kept per plan version (ADR 0018) are the same for every reader: what differs by
reader is drawn per request, so one reader never sees another's links or choices, and a part
taken from the kept statuses says what working it out afresh says."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.plans.models import Element, Plan
from civicplan.standing.memo import forget_all
from civicplan.standing.status import element_status, plan_status
from tests.conftest import text_of
from tests.governance.fixtures import manager  # noqa: F401

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
