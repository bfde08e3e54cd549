"""Two plan managers edit the same report text at once: the second save is refused, shows the
first person's words, and nothing is lost (issue 15, defect 8)."""

from __future__ import annotations

import re

from django.test import Client

from civicplan.core.permissions import Role
from civicplan.reports.models import ReportText
from tests.conftest import text_of
from tests.factories import make_user

SHARED = "lc-shared-ambitions-2022-23"
URL = f"/plans/{SHARED}/reports/plan/text/"
FORM = {"summary": "", "recommendations": "approve the plan", "financial_implications": "", "legal_implications": "",
        "equalities_implications": "", "item_no": "5", "report_date": "2022-06-14", "body": ""}


def _open(client: Client) -> dict:
    page = client.get(URL).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page)
    assert seen, "the form carries the version it was opened from"
    return {**FORM, "seen": seen.group(1)}


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_the_first(governance):
    mina, omar = Client(), Client()
    mina.force_login(make_user(Role.PLAN_MANAGER, "mina", person_name="Mina Manager"))
    omar.force_login(make_user(Role.PLAN_MANAGER, "omar", person_name="Omar Okafor"))
    mina_form, omar_form = _open(mina), _open(omar)

    assert mina.post(URL, {**mina_form, "summary": "Mina's summary of the year."}).status_code == 302
    response = omar.post(URL, {**omar_form, "summary": "Omar's summary of the year."})
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "changed this text after you opened it. Nothing was saved" in page
    assert "Mina's summary of the year." in page, "the other person's words are shown to merge"
    assert "Omar's summary of the year." in page, "the form keeps what Omar typed"
    text = ReportText.objects.get(plan__slug=SHARED, kind="plan")
    assert text.summary == "Mina's summary of the year." and text.history.count() == 1

    # Omar merges and saves again: a deliberate save over the version he has now seen.
    merged = re.search(r'name="seen" value="(\d+)"', response.content.decode()).group(1)
    both = "Mina's summary of the year. Omar's summary of the year."
    assert omar.post(URL, {**omar_form, "seen": merged, "summary": both}).status_code == 302
    text.refresh_from_db()
    assert text.summary == both and text.history.count() == 2
    # Mina, still on her old form, cannot now overwrite Omar's merge.
    again = mina.post(URL, {**mina_form, "summary": "Mina again."})
    assert again.status_code == 200 and both in text_of(again.content.decode())
    text.refresh_from_db()
    assert text.summary == both
