"""A council that is not London Councils imports its plan, takes it through Cabinet, and changes its workflow."""

from __future__ import annotations

import datetime as dt
import re

from tests.e2e.conftest import PASSWORD
from tests.e2e.pages import check_page, sign_in, visit

DOCUMENT = b"""Riverside Borough Council

Corporate Plan 2025-26

Priority 1: A cleaner river
1.1 Open the riverside walk from the bridge to the park by March 2026
1.2 Plant 500 trees along the embankment by Autumn 2025
"""


def test_a_new_council_adopts_its_plan_at_cabinet_and_switches_workflow(page, server):
    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/import/")
    page.get_by_label("Upload a document").set_input_files(
        {"name": "riverside.txt", "mimeType": "text/plain", "buffer": DOCUMENT})
    page.get_by_label("Organisation (optional)").fill("Riverside Borough Council")
    page.get_by_role("button", name="Import document").click()
    check_page(page)
    page.get_by_role("button", name="Save as draft plan").click()
    check_page(page)
    page.locator(".govuk-inset-text a").click()
    check_page(page)
    plan_url = page.url.split("?")[0].rstrip("/")

    visit(page, plan_url + "/decisions/")
    assert page.get_by_text("Take the draft to Cabinet; Adopt at Cabinet").is_visible()

    yesterday = dt.date.today() - dt.timedelta(days=1)
    visit(page, server + "/meetings/")
    page.get_by_label("Body").select_option(label="Cabinet (Riverside Borough Council)")
    date = page.get_by_role("group", name="Date", exact=True)
    date.get_by_label("Day").fill(str(yesterday.day))
    date.get_by_label("Month").fill(str(yesterday.month))
    date.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_role("button", name="Add", exact=True).click()
    check_page(page)

    visit(page, plan_url + "/decisions/")
    page.get_by_label("Adopt at Cabinet (Adopted)").check()
    page.get_by_label("Meeting").select_option(label=f"Cabinet, {yesterday:%-d %B %Y}")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record decision").click()
    check_page(page)
    assert page.get_by_text("Decision recorded").is_visible()
    assert page.locator(".govuk-summary-list").get_by_text("Adopted", exact=True).is_visible()

    page.get_by_role("link", name="Change the workflow").click()
    check_page(page)
    assert page.get_by_role("heading", name="Plan workflow").is_visible()
    assert page.get_by_text("Now: Cabinet approval").is_visible()
    page.get_by_label(re.compile(r"^Committee then Full Council")).check()
    page.get_by_role("button", name="Use this workflow").click()
    check_page(page)
    assert page.get_by_text("Workflow changed to Committee then Full Council").is_visible()
    steps = page.locator("table").first.inner_text()
    assert "Adopt at Full Council" in steps and "Take the draft to Cabinet" not in steps
