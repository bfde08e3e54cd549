"""A plan manager of a council that is not London Councils edits its draft plan in the browser:
adds a milestone, corrects its date words, moves it up and gives two milestones an owner at once."""

from __future__ import annotations

import re

from tests.e2e.conftest import PASSWORD
from tests.e2e.pages import check_page, sign_in, visit

DOCUMENT = b"""Riverside Borough Council

Council Plan 2026-27

Priority 1: Warm homes
1.1 Insulate 300 council homes by March 2027
1.2 Open the energy advice service by Autumn 2026
"""


def go(page, locator) -> None:
    """Click a link or button and wait for the page it leads to, then check that page."""
    with page.expect_navigation():
        locator.click()
    check_page(page)


def no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{page.url}: {wide}px wider than a 390px screen"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_adds_redates_moves_and_assigns_in_the_plan_editor(page, server):
    # The same made-up council as test_workflow.py: a second new council would bring a second
    # "Cabinet", and the meetings form names bodies without their organisation.
    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/import/")
    page.get_by_label("Upload a document").set_input_files(
        {"name": "riverside-council-plan.txt", "mimeType": "text/plain", "buffer": DOCUMENT})
    page.get_by_label("Organisation (optional)").fill("Riverside Borough Council")
    go(page, page.get_by_role("button", name="Import document"))
    go(page, page.get_by_role("button", name="Save as draft plan"))
    plan_url = page.url.split("?")[0].rstrip("/")

    # The council's people come from its set-up; here one officer is added in the admin.
    page.goto(server + "/admin/organisations/person/add/")
    page.get_by_label("Name:").fill("Dana Whitfield")
    page.get_by_label("Organisation:").select_option(label="Riverside Borough Council")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()

    visit(page, plan_url + "/")
    go(page, page.get_by_role("link", name="Edit plan"))
    no_sideways_scroll(page)

    go(page, page.get_by_role("link", name=re.compile(r"^Add under .*Warm homes")))
    page.get_by_label("Title").fill("Survey the worst-insulated streets")
    page.get_by_label("Target date (optional)").fill("June 2026")
    go(page, page.get_by_role("button", name="Add", exact=True))
    assert page.get_by_text("Added “Survey the worst-insulated streets”").is_visible()

    go(page, page.get_by_role("link", name="Edit Survey the worst-insulated streets"))
    no_sideways_scroll(page)
    page.get_by_label("Target date (optional)").fill("the summer after next")
    go(page, page.get_by_role("button", name="Save", exact=True))
    summary = page.locator(".govuk-error-summary")
    assert "“the summer after next” cannot be read as a target date" in summary.inner_text()
    page.get_by_label("Target date (optional)").fill("by end of July 2026")
    go(page, page.get_by_role("button", name="Save", exact=True))

    go(page, page.get_by_role("button", name="Move up Survey the worst-insulated streets"))
    labels = page.locator("#plan-elements .govuk-checkboxes__label").all_inner_texts()
    survey = next(i for i, text in enumerate(labels) if "Survey" in text)
    assert "Open the energy advice service" in labels[survey + 1], labels

    page.get_by_label("Survey the worst-insulated streets").check()
    page.get_by_label(re.compile("Open the energy advice service")).check()
    page.get_by_label("Set their owner").check()
    page.get_by_label("New owner").select_option(label="Dana Whitfield")
    go(page, page.get_by_role("button", name="Apply to selected elements"))
    assert page.get_by_text("Changed 2 elements.").is_visible()
    assert page.locator("#plan-elements").get_by_text("owner Dana Whitfield").count() == 2
    no_sideways_scroll(page)

    go(page, page.get_by_role("link", name="Edit Survey the worst-insulated streets"))
    history = page.locator("#element-history").inner_text()
    assert "target from “June 2026” to “by end of July 2026”" in history
    assert "owning person from nothing to “Dana Whitfield”" in history
