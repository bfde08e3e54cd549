"""Importing the same document twice warns and offers to replace or keep both; it never
silently makes a second plan (issue 12, item 10)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.importer.models import ImportDraft
from civicplan.plans.models import Plan
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FIRST = b"""Harrowfield Town Council

Town Plan 2026-28

Priority 1: A greener town
1.1 Plant 2,000 street trees by March 2027
1.2 Open the repair cafe by Autumn 2026

Priority 2: A stronger high street
2.1 Agree the market charter by June 2026
"""
SECOND = FIRST.replace(b"1.2 Open the repair cafe by Autumn 2026", b"1.2 Open the repair cafe by Winter 2026/27")


def _upload(client, data: bytes, name: str = "town-plan.txt") -> ImportDraft:
    response = client.post("/import/", {"file": SimpleUploadedFile(name, data), "organisation": "Harrowfield Town Council"})
    assert response.status_code == 302, text_of(response.content.decode())
    return ImportDraft.objects.get(pk=int(re.search(r"/import/(\d+)/", response["Location"]).group(1)))


@pytest.fixture
def first_plan(client):
    manager = make_user(Role.PLAN_MANAGER, "harrowfield-manager")
    client.force_login(manager)
    draft = _upload(client, FIRST)
    assert "imported before" not in text_of(client.get(f"/import/{draft.pk}/").content.decode())
    assert client.post(f"/import/{draft.pk}/save/").status_code == 302
    draft.refresh_from_db()
    return draft.saved_plan, manager


def test_the_same_file_again_is_named_and_saving_waits_for_a_choice(client, first_plan):
    plan, _ = first_plan
    draft = _upload(client, FIRST, name="copy of town-plan.txt")
    review = text_of(client.get(f"/import/{draft.pk}/").content.decode())
    assert f"This document was imported before: {plan.title} (draft)" in review
    before = Plan.objects.count()
    refused = client.post(f"/import/{draft.pk}/save/")
    assert refused.status_code == 400
    assert f"This document was imported before, as “{plan.title}”: choose to replace that plan or keep both" in \
        text_of(refused.content.decode())
    assert Plan.objects.count() == before

    assert client.post(f"/import/{draft.pk}/save/", {"earlier": "keep"}).status_code == 302
    assert Plan.objects.count() == before + 1
    assert Plan.objects.filter(title=plan.title, organisation=plan.organisation).count() == 2


def test_replacing_keeps_the_plan_and_the_progress_of_what_is_still_there(client, first_plan):
    plan, manager = first_plan
    trees = plan.elements.get(title__startswith="Plant 2,000 street trees")
    progress_update_submit(element=trees, user=manager, rag="green", percent_complete=25)
    draft = _upload(client, SECOND, name="town-plan-v2.txt")
    review = text_of(client.get(f"/import/{draft.pk}/").content.decode())
    assert f"A plan with this title already exists for Harrowfield Town Council: {plan.title}" in review
    before = Plan.objects.count()
    response = client.post(f"/import/{draft.pk}/save/", {"earlier": "replace"}, follow=True)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "was replaced by this import" in text_of(response.content.decode())
    assert Plan.objects.count() == before
    cafe = plan.elements.get(title__startswith="Open the repair cafe")
    assert cafe.date_text == "by Winter 2026/27"
    assert ProgressUpdate.objects.filter(element=trees).count() == 1  # the same element, its progress kept
