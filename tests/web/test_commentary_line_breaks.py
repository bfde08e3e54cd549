"""Commentary keeps the line breaks the officer typed, and stays escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PLAN = "lc-shared-ambitions-2022-23"


def test_line_breaks_are_kept_on_the_review_queue_and_element_page(client):
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-2")
    ProgressUpdate.objects.create(element=element, rag=Rag.AMBER, percent_complete=60, as_at=dt.date(2023, 3, 31),
                                  status="pending", commentary="First line\nSecond <b>line</b>")
    client.force_login(make_user(Role.PLAN_MANAGER))
    queue = client.get("/updates/").content.decode()
    assert "First line<br>Second &lt;b&gt;line&lt;/b&gt;" in queue
    ProgressUpdate.objects.filter(commentary__startswith="First line").update(status="approved")
    page = client.get(f"/plans/{PLAN}/elements/{element.key}/").content.decode()
    assert "First line<br>Second &lt;b&gt;line&lt;/b&gt;" in page
