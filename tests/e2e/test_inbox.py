"""An update returned and corrected without retyping, decided from the inbox, at phone width too."""

from __future__ import annotations

from tests.e2e.conftest import PASSWORD
from tests.e2e.pages import check_page, sign_in, sign_out, visit

PLAN = "lc-shared-ambitions-2022-23"
ELEMENT = f"/plans/{PLAN}/elements/ms-2.5-1/"
FIRST = "Workshops held with six boroughs.\nTwo more booked for the spring."


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px wide at {page.viewport_size['width']}px"


def test_returned_update_is_corrected_and_approved_from_the_inbox(page, server):
    sign_in(page, server, "officer", PASSWORD)
    visit(page, server + ELEMENT + "update/")
    page.get_by_label("Amber").check()
    page.get_by_label("Percent complete").fill("30")
    page.get_by_label("Commentary", exact=True).fill(FIRST)
    page.get_by_label("Evidence file (optional)").set_input_files(
        {"name": "workshop-notes.txt", "mimeType": "text/plain", "buffer": b"Attendance: 6 boroughs\n"})
    page.get_by_role("button", name="Submit update").click()
    check_page(page)
    sign_out(page)

    sign_in(page, server, "manager", PASSWORD)
    inbox_link = page.get_by_role("link", name="Inbox")
    assert "waiting for you" in inbox_link.inner_text()
    inbox_link.click()
    check_page(page)
    card = page.locator(".govuk-summary-card", has_text="Two more booked for the spring.")
    assert card.get_by_role("link", name="workshop-notes.txt").is_visible()
    card.get_by_label("Comment (needed to return an update)").fill("Name the two boroughs still to come.")
    card.get_by_role("button", name="Return").click()
    check_page(page)
    assert page.get_by_role("heading", name="Your inbox").is_visible()
    assert page.get_by_text("Returned the update").is_visible()
    sign_out(page)

    sign_in(page, server, "officer", PASSWORD)
    visit(page, server + "/inbox/")
    page.get_by_role("link", name="Correct and send again").first.click()
    check_page(page)
    assert page.get_by_text("Name the two boroughs still to come.").is_visible()
    assert page.get_by_label("Commentary", exact=True).input_value() == FIRST
    assert page.get_by_label("Percent complete").input_value() == "30"
    assert page.get_by_label("Keep the file you sent: workshop-notes.txt").is_checked()
    page.get_by_label("Commentary", exact=True).fill(FIRST + "\nBromley and Sutton, in March.")
    page.get_by_role("button", name="Submit update").click()
    check_page(page)
    assert page.get_by_text("Update submitted").is_visible()
    sign_out(page)

    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/inbox/")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    _no_sideways_scroll(page)
    card = page.locator(".govuk-summary-card", has_text="Bromley and Sutton, in March.")
    card.get_by_role("button", name="Approve").click()
    check_page(page)
    assert page.get_by_text("Approved the update").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, server + ELEMENT)
    assert page.get_by_text("Reported by Officer; approved by Manager").first.is_visible()
    assert page.get_by_role("link", name="workshop-notes.txt").first.is_visible()
