"""Two plan managers edit one element in the admin at once: the second save is refused and names
the first person's change, so neither edit is silently lost (issue 15, defect 8)."""

from __future__ import annotations

import pytest
from django.test import Client

from civicplan.core.permissions import Role
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user
from tests.plans.test_admin import PLAN, change_form_data

pytestmark = pytest.mark.django_db


def test_the_second_of_two_concurrent_admin_saves_is_refused_and_shows_the_first():
    mina, omar = Client(), Client()
    mina.force_login(make_user(Role.PLAN_MANAGER, "mina"))
    omar.force_login(make_user(Role.PLAN_MANAGER, "omar"))
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-3")
    url = f"/admin/plans/element/{element.pk}/change/"
    mina_form, omar_form = change_form_data(mina, url), change_form_data(omar, url)
    assert mina_form["seen"], "the form carries the version it was opened from"

    assert mina.post(url, {**mina_form, "title": "Mina's new title"}).status_code == 302
    response = omar.post(url, {**omar_form, "note": "Omar's note"})
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "mina changed this element" in page and "Nothing was saved" in page
    assert "title: “Mina's new title”" in page, "the other person's change is shown"
    element.refresh_from_db()
    assert element.title == "Mina's new title" and element.note != "Omar's note"

    # Omar merges (keeps Mina's title, adds his note) and saves again on the version he now saw.
    merged = response.context["adminform"].form.data["seen"]
    assert omar.post(url, {**omar_form, "seen": merged, "title": "Mina's new title", "note": "Omar's note"}).status_code == 302
    element.refresh_from_db()
    assert (element.title, element.note) == ("Mina's new title", "Omar's note")
    # Mina's stale form cannot undo Omar's note.
    assert mina.post(url, {**mina_form, "title": "Mina again"}).status_code == 200
    element.refresh_from_db()
    assert element.note == "Omar's note"
